import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { toUser, type User } from './accounts.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';
import { hashSecretToken, isWellFormedToken, newSecretToken } from './secret-token.ts';

/**
 * One-time links to set a password, issued by an administrator (there is no mail server:
 * the administrator hands the link over). A new link replaces the user's earlier ones; using
 * one sets the password and ends every session of that user.
 */
export const DEFAULT_RESET_HOURS = 24;

export type ResetLinkState =
  | { status: 'valid'; user: User; expiresAt: Date }
  | { status: 'unknown' | 'expired' | 'used' };

export class PasswordResets {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new link's token, valid for `hours`; the user's earlier unused links stop working. */
  async issue(
    userId: number,
    issuedBy: number | null,
    hours = DEFAULT_RESET_HOURS,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecretToken();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + hours * 60 * 60 * 1000);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('password_resets')
        .set({ used_at: now.toISOString() })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('password_resets')
        .values({
          token_hash: hashSecretToken(token),
          user_id: userId,
          issued_by: issuedBy,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
          used_at: null,
        })
        .execute();
    });
    return { token, expiresAt };
  }

  /** What a link's token is worth now, without using it. */
  async check(token: string): Promise<ResetLinkState> {
    if (!isWellFormedToken(token)) return { status: 'unknown' };
    const row = await this.db
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .selectAll('users')
      .select(['password_resets.expires_at', 'password_resets.used_at'])
      .where('password_resets.token_hash', '=', hashSecretToken(token))
      .executeTakeFirst();
    if (!row || row.disabled_at !== null) return { status: 'unknown' };
    if (row.used_at !== null) return { status: 'used' };
    const expiresAt = new Date(row.expires_at);
    if (expiresAt <= this.now()) return { status: 'expired' };
    return { status: 'valid', user: toUser(row), expiresAt };
  }

  /**
   * Sets the password through a link, once: the link is marked used in the same transaction,
   * so two submissions of one link cannot both succeed. Throws an AccountError for a password
   * that breaks the rules (the link stays valid then).
   */
  async use(token: string, newPassword: string): Promise<ResetLinkState> {
    const state = await this.check(token);
    if (state.status !== 'valid') return state;
    checkNewPassword(newPassword);
    const passwordHash = await hashPassword(newPassword);
    const now = this.now().toISOString();
    const claimed = await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', hashSecretToken(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return false;
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: 0 })
        .where('id', '=', state.user.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', state.user.id).execute();
      return true;
    });
    return claimed ? state : { status: 'used' };
  }
}
