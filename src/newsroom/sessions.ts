import type { Kysely } from 'kysely';
import { type Database, toDate } from '../store/schema.ts';
import { toUser, type User } from './accounts.ts';
import { hashSecretToken, isWellFormedToken, newSecretToken } from './secret-token.ts';

/**
 * Signed-in sessions, kept in the database so that every server process knows them and
 * "sign out everywhere" is one delete. The cookie holds a random token; the table holds its hash.
 * A session lasts `idleMs` past its last use (sliding), and never more than `maxAgeMs`.
 */
export interface SessionTimes {
  idleMs: number;
  maxAgeMs: number;
}

export const DEFAULT_SESSION_TIMES: SessionTimes = {
  idleMs: 7 * 24 * 60 * 60 * 1000,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
};

/** Last-seen and expiry move at most this often, so that reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
const MAX_USER_AGENT_LENGTH = 300;

export interface Session {
  id: number;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
}

export type SessionLookup =
  | { status: 'active'; session: Session; user: User }
  /** The token was ours once (or looks like it) but no longer signs anyone in. */
  | { status: 'expired' }
  | { status: 'none' };

export class Sessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly times: SessionTimes = DEFAULT_SESSION_TIMES,
    private readonly now: () => Date = () => new Date(),
    /** Whether demo accounts (public passwords) may stay signed in: only while the demo runs. */
    private readonly demoAccounts = false,
  ) {}

  /** Starts a session; the token goes into the cookie and is not kept anywhere else. */
  async create(userId: number, userAgent?: string | undefined): Promise<{ token: string; session: Session }> {
    const token = newSecretToken();
    const now = this.now();
    const expiresAt = new Date(Math.min(now.getTime() + this.times.idleMs, now.getTime() + this.times.maxAgeMs));
    const row = await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashSecretToken(token),
        user_id: userId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        user_agent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      token,
      session: {
        id: Number(row.id),
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      },
    };
  }

  /** The session and user behind a cookie's token, its expiry moved forward; expired ones are deleted. */
  async lookUp(token: string): Promise<SessionLookup> {
    if (!isWellFormedToken(token)) return { status: 'expired' };
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.id as session_id',
        'sessions.created_at as session_created_at',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'sessions.user_agent',
      ])
      .where('sessions.token_hash', '=', hashSecretToken(token))
      .executeTakeFirst();
    if (!row) return { status: 'expired' };
    const now = this.now();
    const sessionId = Number(row.session_id);
    const demoOff = Number(row.demo) === 1 && !this.demoAccounts;
    if (toDate(row.expires_at) <= now || row.disabled_at !== null || demoOff) {
      await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
      return { status: 'expired' };
    }
    const createdAt = toDate(row.session_created_at);
    let lastSeenAt = toDate(row.last_seen_at);
    let expiresAt = toDate(row.expires_at);
    if (now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      lastSeenAt = now;
      expiresAt = new Date(Math.min(now.getTime() + this.times.idleMs, createdAt.getTime() + this.times.maxAgeMs));
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt.toISOString(), expires_at: expiresAt.toISOString() })
        .where('id', '=', sessionId)
        .execute();
    }
    return {
      status: 'active',
      user: toUser(row),
      session: {
        id: sessionId,
        userId: Number(row.id),
        createdAt,
        lastSeenAt,
        expiresAt,
        userAgent: row.user_agent,
      },
    };
  }

  /** Everywhere the user is signed in, most recently used first. */
  async listForUser(userId: number): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', this.now().toISOString())
      .orderBy('last_seen_at', 'desc')
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      userId: Number(row.user_id),
      createdAt: toDate(row.created_at),
      lastSeenAt: toDate(row.last_seen_at),
      expiresAt: toDate(row.expires_at),
      userAgent: row.user_agent,
    }));
  }

  async signOut(sessionId: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  /** Ends every session of a user, or every one but `exceptSessionId`; returns how many ended. */
  async signOutEverywhere(userId: number, exceptSessionId?: number): Promise<number> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes sessions that have expired (they are also deleted when their cookie comes back). */
  async deleteExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', this.now().toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
