import type { Kysely, Selectable } from 'kysely';
import { type Database, toDate, toOptionalDate, type UsersTable } from '../store/schema.ts';
import { AccountError } from './account-error.ts';
import { checkNewPassword, hashPassword, passwordMatches, spendVerificationTime } from './passwords.ts';
import { isRole, ROLE_NAMES, ROLES, type Role } from './roles.ts';

/** A newsroom account as the rest of Ghad sees it (never its password hash). */
export interface User {
  id: number;
  /** Lowercase. */
  email: string;
  displayName: string;
  role: Role;
  /** The byline (authors row) this user writes under, if linked. */
  authorId: number | null;
  /** Signed in with a one-time password: the newsroom asks for a new one. */
  mustChangePassword: boolean;
  /** A demo account, its password published in the README. */
  demo: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewUser {
  email: string;
  displayName?: string | undefined;
  role: string;
  password: string;
  authorId?: number | null;
  mustChangePassword?: boolean;
  demo?: boolean;
}

/**
 * Why a sign-in failed. The newsroom says the same for `unknown_email` and `wrong_password`;
 * `demo_off` is a demo account (its password is public) while the demo newspaper is off.
 */
export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'unknown_email' | 'wrong_password' | 'disabled' | 'demo_off' };

const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 100;

/**
 * Creating, finding and checking newsroom accounts. Demo accounts sign in only when
 * `demoAccounts` is true (the server runs the demo newspaper): their passwords are public.
 */
export class Accounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
    private readonly demoAccounts = false,
  ) {}

  async create(input: NewUser): Promise<User> {
    const email = normalizeEmail(input.email);
    const displayName = checkDisplayName(input.displayName?.trim() || email.split('@')[0] || email);
    if (!isRole(input.role)) {
      throw new AccountError(
        'invalid_role',
        `Unknown role "${input.role}": use one of ${ROLES.join(', ')}.`,
        `دور غير معروف. الأدوار: ${ROLES.map((role) => ROLE_NAMES[role]).join('، ')}.`,
      );
    }
    checkNewPassword(input.password);
    if (await this.findByEmail(email)) throw emailTaken(email);
    const passwordHash = await hashPassword(input.password);
    try {
      const row = await this.db
        .insertInto('users')
        .values({
          email,
          display_name: displayName,
          role: input.role,
          password_hash: passwordHash,
          must_change_password: input.mustChangePassword ? 1 : 0,
          author_id: input.authorId ?? null,
          demo: input.demo ? 1 : 0,
          created_at: this.now().toISOString(),
          disabled_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    } catch (error) {
      // Two requests adding the same address at once: the unique index decides.
      if (await this.findByEmail(email)) throw emailTaken(email);
      throw error;
    }
  }

  async findById(id: number): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** Everyone, in the order they joined. */
  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('id').execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const { count } = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /**
   * Checks an email and password. An unknown email costs as much time as a wrong password,
   * and a disabled account is only reported to someone who knows its password.
   */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    if (!row) {
      await spendVerificationTime(password);
      return { ok: false, reason: 'unknown_email' };
    }
    if (!(await passwordMatches(row.password_hash, password))) return { ok: false, reason: 'wrong_password' };
    if (row.disabled_at !== null) return { ok: false, reason: 'disabled' };
    if (Number(row.demo) === 1 && !this.demoAccounts) return { ok: false, reason: 'demo_off' };
    return { ok: true, user: toUser(row) };
  }

  /** Checks the current password of a signed-in user (changing it asks for it). */
  async passwordMatches(userId: number, password: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    return row ? passwordMatches(row.password_hash, password) : false;
  }

  /** Sets a new password; `mustChange` marks it one-time (the newsroom asks for another). */
  async setPassword(userId: number, password: string, { mustChange = false } = {}): Promise<void> {
    checkNewPassword(password);
    const passwordHash = await hashPassword(password);
    const result = await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw unknownUser(userId);
  }

  /** Disables an account and ends its sessions. The owner cannot be disabled. */
  async disable(userId: number): Promise<User> {
    const user = await this.findById(userId);
    if (!user) throw unknownUser(userId);
    if (user.role === 'owner') {
      throw new AccountError('protected_user', 'The owner cannot be disabled.', 'لا يمكن تعطيل حساب المالك.');
    }
    if (user.disabledAt) return user;
    const disabledAt = this.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabled_at: disabledAt.toISOString() }).where('id', '=', userId).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    });
    return { ...user, disabledAt };
  }

  async enable(userId: number): Promise<User> {
    const user = await this.findById(userId);
    if (!user) throw unknownUser(userId);
    await this.db.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
    return { ...user, disabledAt: null };
  }
}

/** Lowercased and checked; throws an AccountError for anything that is not an address. */
export function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email)) {
    throw new AccountError(
      'invalid_email',
      `"${input.slice(0, 80)}" is not an email address.`,
      'عنوان البريد الإلكتروني غير صالح.',
    );
  }
  return email;
}

function checkDisplayName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (name.length === 0 || [...name].length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new AccountError(
      'invalid_name',
      `The name must have 1 to ${MAX_NAME_LENGTH} characters, on one line.`,
      `يجب أن يتكون الاسم من حرف واحد إلى ${MAX_NAME_LENGTH} حرف، في سطر واحد.`,
    );
  }
  return name;
}

function emailTaken(email: string): AccountError {
  return new AccountError(
    'email_taken',
    `An account with ${email} already exists.`,
    'يوجد حساب آخر بهذا البريد الإلكتروني.',
  );
}

function unknownUser(id: number): AccountError {
  return new AccountError('unknown_user', `There is no user ${id}.`, 'هذا الحساب غير موجود.');
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: Number(row.id),
    email: row.email,
    displayName: row.display_name,
    role: isRole(row.role) ? row.role : 'contributor',
    authorId: row.author_id === null ? null : Number(row.author_id),
    mustChangePassword: Number(row.must_change_password) === 1,
    demo: Number(row.demo) === 1,
    createdAt: toDate(row.created_at),
    disabledAt: toOptionalDate(row.disabled_at),
  };
}
