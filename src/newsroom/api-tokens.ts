import type { Kysely, Selectable } from 'kysely';
import { type ApiTokensTable, type Database, toDate, toOptionalDate } from '../store/schema.ts';
import type { User } from './accounts.ts';
import { toUser } from './accounts.ts';
import type { Actor } from './policy.ts';
import { isRole, ROLE_NAMES, ROLES, type Role } from './roles.ts';
import { hashSecretToken, newSecretToken } from './secret-token.ts';

/**
 * The JSON API's credentials. A *content key* identifies a partner reading the content API and
 * raises its rate limit; an *admin token* writes through the admin API and acts as its user
 * (with the user's role of the moment) or with an explicit role no higher than the user's, and
 * every write still goes through the newsroom's permission policy. Tokens are shown once: the
 * table keeps their SHA-256 and their first characters. Revoking is immediate.
 *
 * A token made in someone else's name lives and dies with its maker too: it works only while
 * both its user and the person who made it (`created_by`; null for the command line, run by
 * whoever holds the server) are active, and acts with the lowest of its explicit role, its
 * user's role of the moment and its maker's role of the moment. A disabled administrator's
 * tokens therefore stop at once, whoever they name, and nobody mints powers above their own.
 */
export const TOKEN_KINDS = ['content', 'admin'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface ApiToken {
  id: number;
  kind: TokenKind;
  name: string;
  /** The first characters of the secret (`ghad_a_Xy3…`), to recognise it. */
  prefix: string;
  userId: number;
  /** An explicit role, or null when it acts with its user's role. */
  role: Role | null;
  /** Requests per minute; null: the default of its kind. */
  rateLimit: number | null;
  createdBy: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A token with its user, as lists show it. */
export interface ApiTokenEntry extends ApiToken {
  userEmail: string;
  userName: string;
}

export interface NewApiToken {
  kind: TokenKind;
  name: string;
  userId: number;
  role?: Role | null;
  rateLimit?: number | null;
  createdBy?: number | null;
}

/** Who is calling the API, once their token is checked. */
export type TokenCheck =
  | { status: 'valid'; token: ApiToken; user: User; actor: Actor }
  | { status: 'unknown' | 'revoked' | 'disabled_user' | 'disabled_creator' };

/** Request names and limits refused with a stable code and an Arabic reason. */
export class ApiTokenError extends Error {
  constructor(
    readonly code:
      | 'invalid_name'
      | 'invalid_kind'
      | 'invalid_role'
      | 'role_too_high'
      | 'invalid_rate_limit'
      | 'unknown_user'
      | 'disabled_user'
      | 'unknown_token',
    message: string,
    readonly messageAr: string,
  ) {
    super(message);
  }
}

export const MAX_TOKEN_NAME_LENGTH = 100;
/** Requests per minute a key may be given at most. */
export const MAX_RATE_LIMIT = 1_000_000;
/** last_used_at moves at most this often, so that a busy token does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

const TOKEN_PATTERN = /^ghad_([ca])_([A-Za-z0-9_-]{43})$/;

export class ApiTokens {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
    /** Whether demo accounts' tokens (and those they made) work: only while the demo runs. */
    private readonly demoAccounts = false,
  ) {}

  /** Creates a token; the secret is returned here and never again. */
  async create(input: NewApiToken): Promise<{ token: ApiToken; secret: string }> {
    const name = input.name.trim();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
    if (name === '' || [...name].length > MAX_TOKEN_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
      throw new ApiTokenError(
        'invalid_name',
        `A token needs a name of 1 to ${MAX_TOKEN_NAME_LENGTH} characters.`,
        `اكتب اسما للمفتاح من حرف واحد إلى ${MAX_TOKEN_NAME_LENGTH} حرف.`,
      );
    }
    if (!(TOKEN_KINDS as readonly string[]).includes(input.kind)) {
      throw new ApiTokenError('invalid_kind', 'The kind is content or admin.', 'نوع المفتاح: قراءة أو إدارة.');
    }
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', input.userId).executeTakeFirst();
    if (!row) throw new ApiTokenError('unknown_user', `There is no user ${input.userId}.`, 'هذا الحساب غير موجود.');
    const user = toUser(row);
    if (user.disabledAt) {
      throw new ApiTokenError('disabled_user', `${user.email} is disabled.`, 'هذا الحساب معطل: لا تُصدر له مفاتيح.');
    }
    const role = input.role ?? null;
    if (role !== null) {
      if (!isRole(role)) {
        throw new ApiTokenError('invalid_role', `Unknown role "${String(role)}".`, 'دور غير معروف.');
      }
      if (ROLES.indexOf(role) < ROLES.indexOf(user.role)) {
        throw new ApiTokenError(
          'role_too_high',
          `A token of ${user.email} (${user.role}) cannot carry the role ${role}.`,
          `لا يحمل مفتاح «${user.displayName}» دورا أعلى من دوره (${ROLE_NAMES[user.role]}).`,
        );
      }
    }
    if (input.createdBy !== undefined && input.createdBy !== null) {
      const makerRow = await this.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', input.createdBy)
        .executeTakeFirst();
      const maker = makerRow && toUser(makerRow);
      if (!maker || maker.disabledAt) {
        throw new ApiTokenError(
          'disabled_user',
          `The maker of a token must be an active user (${input.createdBy} is not).`,
          'لا يصدر المفاتيحَ إلا حساب نشط.',
        );
      }
      // Nobody mints powers above their own: the token's role of the moment is capped by the maker's too.
      const acting = role ?? user.role;
      if (ROLES.indexOf(acting) < ROLES.indexOf(maker.role)) {
        throw new ApiTokenError(
          'role_too_high',
          `${maker.email} (${maker.role}) cannot make a token that acts as ${acting}.`,
          `لا تصدر مفتاحا بدور أعلى من دورك (${ROLE_NAMES[maker.role]}).`,
        );
      }
    }
    const rateLimit = input.rateLimit ?? null;
    if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > MAX_RATE_LIMIT)) {
      throw new ApiTokenError(
        'invalid_rate_limit',
        `The rate limit is a whole number of requests per minute, 1 to ${MAX_RATE_LIMIT}.`,
        `حد الطلبات عدد صحيح في الدقيقة، من 1 إلى ${MAX_RATE_LIMIT}.`,
      );
    }
    const secret = `ghad_${input.kind === 'admin' ? 'a' : 'c'}_${newSecretToken()}`;
    const inserted = await this.db
      .insertInto('api_tokens')
      .values({
        kind: input.kind,
        name,
        token_hash: hashSecretToken(secret),
        prefix: secret.slice(0, 11),
        user_id: user.id,
        role,
        rate_limit: rateLimit,
        created_by: input.createdBy ?? null,
        created_at: this.now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { token: toToken(inserted), secret };
  }

  /** Every token, newest first, with its user. */
  async list(): Promise<ApiTokenEntry[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('api_tokens')
      .select(['users.email as user_email', 'users.display_name as user_name'])
      .orderBy('api_tokens.id', 'desc')
      .execute();
    return rows.map((row) => ({ ...toToken(row), userEmail: row.user_email, userName: row.user_name }));
  }

  async findById(id: number): Promise<ApiToken | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toToken(row);
  }

  /** Revokes a token at once; revoking it again changes nothing. */
  async revoke(id: number): Promise<ApiToken> {
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    const token = await this.findById(id);
    if (!token) throw new ApiTokenError('unknown_token', `There is no token ${id}.`, 'هذا المفتاح غير موجود.');
    return token;
  }

  /** Checks a presented secret; a valid one is stamped with its last use (at most once a minute). */
  async check(secret: string): Promise<TokenCheck> {
    if (!TOKEN_PATTERN.test(secret)) return { status: 'unknown' };
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .leftJoin('users as makers', 'makers.id', 'api_tokens.created_by')
      .selectAll('users')
      .select([
        'makers.id as maker_id',
        'makers.role as maker_role',
        'makers.disabled_at as maker_disabled_at',
        'makers.demo as maker_demo',
        'api_tokens.id as token_id',
        'api_tokens.kind',
        'api_tokens.name',
        'api_tokens.token_hash',
        'api_tokens.prefix',
        'api_tokens.user_id',
        'api_tokens.role as token_role',
        'api_tokens.rate_limit',
        'api_tokens.created_by',
        'api_tokens.created_at as token_created_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
      ])
      .where('api_tokens.token_hash', '=', hashSecretToken(secret))
      .executeTakeFirst();
    if (!row) return { status: 'unknown' };
    const token = toToken({
      id: row.token_id,
      kind: row.kind,
      name: row.name,
      token_hash: row.token_hash,
      prefix: row.prefix,
      user_id: row.user_id,
      role: row.token_role,
      rate_limit: row.rate_limit,
      created_by: row.created_by,
      created_at: row.token_created_at,
      last_used_at: row.last_used_at,
      revoked_at: row.revoked_at,
    });
    if (token.revokedAt) return { status: 'revoked' };
    const user = toUser(row);
    if (user.disabledAt || (user.demo && !this.demoAccounts)) return { status: 'disabled_user' };
    // The maker, when it was someone in the newsroom: gone, disabled or a demo account without
    // the demo, and the token dies with them.
    if (token.createdBy !== null) {
      if (row.maker_id === null || row.maker_disabled_at !== null) return { status: 'disabled_creator' };
      if (Number(row.maker_demo) === 1 && !this.demoAccounts) return { status: 'disabled_creator' };
    }
    const now = this.now();
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', token.id)
        .execute();
      token.lastUsedAt = now;
    }
    // The lowest of the explicit role, the user's role of the moment and the maker's of the moment.
    const candidates: Role[] = [user.role];
    if (token.role !== null) candidates.push(token.role);
    if (token.createdBy !== null && isRole(row.maker_role)) candidates.push(row.maker_role);
    const role = candidates.reduce((lowest, next) => (ROLES.indexOf(next) > ROLES.indexOf(lowest) ? next : lowest));
    return { status: 'valid', token, user, actor: { id: user.id, role } };
  }
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: Number(row.id),
    kind: row.kind === 'admin' ? 'admin' : 'content',
    name: row.name,
    prefix: row.prefix,
    userId: Number(row.user_id),
    role: isRole(row.role) ? row.role : null,
    rateLimit: row.rate_limit === null ? null : Number(row.rate_limit),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: toDate(row.created_at),
    lastUsedAt: toOptionalDate(row.last_used_at),
    revokedAt: toOptionalDate(row.revoked_at),
  };
}
