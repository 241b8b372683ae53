import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { Accounts } from './accounts.ts';
import { ApiTokens } from './api-tokens.ts';
import { PasswordResets } from './password-resets.ts';
import { DEFAULT_SESSION_TIMES, Sessions, type SessionTimes } from './sessions.ts';

/** Accounts, sessions and reset links over one database: what the newsroom plugin and the CLI use. */
export interface NewsroomAccounts {
  accounts: Accounts;
  sessions: Sessions;
  resets: PasswordResets;
  /** The JSON API's content keys and admin tokens. */
  apiTokens: ApiTokens;
}

export function newsroomAccounts(
  db: Kysely<Database>,
  {
    sessionTimes = DEFAULT_SESSION_TIMES,
    now = () => new Date(),
  }: { sessionTimes?: SessionTimes; now?: () => Date } = {},
): NewsroomAccounts {
  return {
    accounts: new Accounts(db, now),
    sessions: new Sessions(db, sessionTimes, now),
    resets: new PasswordResets(db, now),
    apiTokens: new ApiTokens(db, now),
  };
}
