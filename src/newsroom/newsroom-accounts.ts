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
    demoAccounts = false,
  }: {
    sessionTimes?: SessionTimes;
    now?: () => Date;
    /** Demo accounts (public passwords) sign in, stay signed in and use tokens only when true. */
    demoAccounts?: boolean;
  } = {},
): NewsroomAccounts {
  return {
    accounts: new Accounts(db, now, demoAccounts),
    sessions: new Sessions(db, sessionTimes, now, demoAccounts),
    resets: new PasswordResets(db, now),
    apiTokens: new ApiTokens(db, now, demoAccounts),
  };
}
