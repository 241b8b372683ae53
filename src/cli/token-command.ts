import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { ApiTokenError, type TokenKind } from '../newsroom/api-tokens.ts';
import { newsroomAccounts } from '../newsroom/newsroom-accounts.ts';
import { isRole, ROLES } from '../newsroom/roles.ts';
import { openStore } from '../store/store.ts';

export const TOKEN_USAGE = `npx ghad token create --user <email> --name <name> [--kind content|admin] [--role <role>] [--rate-limit <n>]
    Makes a key for the JSON API and prints it once. content (the default): reads, with a
    higher rate limit, for a partner; admin: writes as the user (or with --role, one of
    ${ROLES.join(', ')}, no higher than the user's). --rate-limit: requests per minute.
npx ghad token list
    Lists the keys (never their secrets), with their last use.
npx ghad token revoke <id>
    Revokes a key at once.`;

export async function tokenCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      role: { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, argument] = positionals;
  if (values.help || !action) {
    console.log(TOKEN_USAGE);
    return action ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(action)) {
    console.error(`Unknown token command "${action}". Commands: create, list, revoke.\n\n${TOKEN_USAGE}`);
    return 2;
  }
  if (action === 'create') {
    if (!values.user || !values.name) {
      console.error(`ghad token create needs --user and --name.\n\n${TOKEN_USAGE}`);
      return 2;
    }
    const kind = (values.kind ?? 'content') as TokenKind;
    if (kind !== 'content' && kind !== 'admin') {
      console.error('ghad: --kind is content or admin.');
      return 2;
    }
    if (values.role !== undefined && !isRole(values.role)) {
      console.error(`ghad: Unknown role "${values.role}": use one of ${ROLES.join(', ')}.`);
      return 2;
    }
    const rateLimit = values['rate-limit'] === undefined ? null : Number(values['rate-limit']);
    if (rateLimit !== null && !Number.isInteger(rateLimit)) {
      console.error('ghad: --rate-limit is a whole number of requests per minute.');
      return 2;
    }
  }
  if (action === 'revoke' && (!argument || !/^[1-9]\d{0,9}$/.test(argument))) {
    console.error(`ghad token revoke needs the key's id (see ghad token list).\n\n${TOKEN_USAGE}`);
    return 2;
  }

  const store = await openStore(config);
  try {
    const { accounts, apiTokens } = newsroomAccounts(store.db);
    if (action === 'list') {
      const tokens = await apiTokens.list();
      if (tokens.length === 0) {
        console.log('No API keys yet: make one with `npx ghad token create --user <email> --name <name>`.');
        return 0;
      }
      const rows = tokens.map((t) => [
        String(t.id),
        t.kind,
        `${t.prefix}…`,
        t.userEmail,
        t.role ?? '(user’s role)',
        t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active',
        t.lastUsedAt ? t.lastUsedAt.toISOString() : 'never used',
        t.name,
      ]);
      const header = ['id', 'kind', 'key', 'user', 'role', 'status', 'last used', 'name'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
      for (const row of [header, ...rows]) {
        console.log(row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] as number) : cell)).join('  '));
      }
      return 0;
    }
    if (action === 'revoke') {
      const token = await apiTokens.revoke(Number(argument));
      console.log(`Revoked key ${token.id} (${token.kind}, "${token.name}"): it is refused from now on.`);
      return 0;
    }
    const user = await accounts.findByEmail(values.user as string);
    if (!user) {
      console.error(`ghad: There is no newsroom account ${String(values.user).trim().toLowerCase()}.`);
      return 1;
    }
    const { token, secret } = await apiTokens.create({
      kind: (values.kind ?? 'content') as TokenKind,
      name: values.name as string,
      userId: user.id,
      role: (values.role as never) ?? null,
      rateLimit: values['rate-limit'] === undefined ? null : Number(values['rate-limit']),
    });
    console.log(
      `Made ${token.kind} key ${token.id} "${token.name}" for ${user.email}${token.role ? ` (role ${token.role})` : ''}.\n` +
        `It is shown only now; keep it secret:\n\n${secret}\n\n` +
        `Send it as: Authorization: Bearer ${secret.slice(0, 11)}…`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ApiTokenError) {
      console.error(`ghad: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}
