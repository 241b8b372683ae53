import { randomBytes } from 'node:crypto';
import { AccountError } from './account-error.ts';
import type { Accounts, User } from './accounts.ts';
import type { Role } from './roles.ts';

/** The owner made on the first start, when there is nobody yet. */
export const FIRST_OWNER_EMAIL = 'owner@ghad.local';

/**
 * The demo newspaper's accounts, one per role below the owner. Their passwords are published
 * in the README, so they are made only together with the demo content (`ghad serve --demo`,
 * as `npm start` runs it), marked as demo, and sign in only while the demo runs.
 */
export const DEMO_ACCOUNTS: readonly { email: string; displayName: string; role: Role; password: string }[] = [
  { email: 'admin@demo.alghad24.ma', displayName: 'رشيد بنعلي', role: 'administrator', password: 'ghad-demo-admin' },
  { email: 'editor@demo.alghad24.ma', displayName: 'سلمى بناني', role: 'editor', password: 'ghad-demo-editor' },
  { email: 'author@demo.alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author', password: 'ghad-demo-author' },
  {
    email: 'contributor@demo.alghad24.ma',
    displayName: 'هاجر الفاسي',
    role: 'contributor',
    password: 'ghad-demo-contributor',
  },
];

/**
 * Creates the owner when the newsroom has no account at all, with a random password that is
 * never shown to anyone: the owner chooses theirs through a one-time reset link (24 hours,
 * `PasswordResets`), which `serve` prints on a terminal and `ghad user reset-link` prints on
 * demand. The account is marked to change its password until then. Null when there are users.
 */
export async function createFirstOwner(accounts: Accounts): Promise<User | null> {
  if ((await accounts.count()) > 0) return null;
  return createUnlessTaken(() =>
    accounts.create({
      email: FIRST_OWNER_EMAIL,
      displayName: 'المالك',
      role: 'owner',
      password: randomBytes(32).toString('base64url'),
      mustChangePassword: true,
    }),
  );
}

/** Creates the demo accounts that do not exist yet; returns those it created. */
export async function createDemoAccounts(accounts: Accounts): Promise<typeof DEMO_ACCOUNTS> {
  const created = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await accounts.findByEmail(account.email)) continue;
    if (await createUnlessTaken(() => accounts.create({ ...account, demo: true }))) created.push(account);
  }
  return created;
}

/**
 * Null when another process made the account between the look and the write: two app hosts
 * (or `serve` processes on one data directory) starting together on a new database both find
 * nobody, and the second one's insert meets the first one's row. That process made it; this
 * one goes on.
 */
async function createUnlessTaken(create: () => Promise<User>): Promise<User | null> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof AccountError && error.code === 'email_taken') return null;
    throw error;
  }
}
