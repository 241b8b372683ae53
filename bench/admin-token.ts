import { ApiTokens } from '../src/newsroom/api-tokens.ts';
import { newsroomAccounts } from '../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../src/store/store.ts';

/**
 * An editor account (`email`, created when missing) and an admin token acting as them, without
 * a practical rate limit: writes through the admin API follow the newsroom's policy and workflow.
 * Returns the headers of an admin API request.
 */
export async function editorApiHeaders(
  options: { dataDir: string; databaseUrl?: string },
  email: string,
  tokenName: string,
): Promise<Record<string, string>> {
  const store = await openStore(options);
  try {
    const { accounts } = newsroomAccounts(store.db);
    const editor =
      (await accounts.findByEmail(email)) ??
      (await accounts.create({ email, role: 'editor', password: 'bench password, not for use' }));
    const { secret } = await new ApiTokens(store.db).create({
      kind: 'admin',
      name: `${tokenName} ${new Date().toISOString()}`,
      userId: editor.id,
      rateLimit: 1_000_000,
    });
    return { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  } finally {
    await store.close();
  }
}
