import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { read } from 'read';
import type { Config } from '../config.ts';
import { AccountError } from '../newsroom/account-error.ts';
import type { User } from '../newsroom/accounts.ts';
import { newsroomAccounts } from '../newsroom/newsroom-accounts.ts';
import { DEFAULT_RESET_HOURS } from '../newsroom/password-resets.ts';
import { ROLES } from '../newsroom/roles.ts';
import { openStore } from '../store/store.ts';

export const USER_USAGE = `npx ghad user add --email <address> --role <role> [--name <name>] [--byline <name>] [--password-stdin]
    Adds a newsroom account. Roles: ${ROLES.join(', ')}. Asks for the password on a terminal
    (not echoed), or reads one line from standard input with --password-stdin.
    --byline  the byline the user writes under (an existing author's name, or a new one)
npx ghad user list
    Lists the newsroom's accounts.
npx ghad user reset-link --email <address>
    Prints a one-time link (valid ${DEFAULT_RESET_HOURS} hours) where that user chooses a new password; their
    earlier links stop working. How the first owner (owner@ghad.local) gets in when \`serve\` ran
    without a terminal, or an administrator who lost their password.`;

export async function userCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      byline: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action] = positionals;
  if (values.help || !action) {
    console.log(USER_USAGE);
    return action ? 0 : 2;
  }
  if (action === 'list') return listUsers(config);
  if (action === 'reset-link') return resetLink(config, values.email);
  if (action !== 'add') {
    console.error(`Unknown user command "${action}". Commands: add, list, reset-link.\n\n${USER_USAGE}`);
    return 2;
  }
  if (!values.email || !values.role) {
    console.error(`ghad user add needs --email and --role.\n\n${USER_USAGE}`);
    return 2;
  }
  if (!values['password-stdin'] && !process.stdin.isTTY) {
    console.error('No terminal to ask for the password on: pass it on standard input with --password-stdin.');
    return 2;
  }
  const password = values['password-stdin'] ? await readLine(process.stdin) : await askPassword();
  if (password === undefined) return 1;

  const byline = values.byline?.trim();
  const store = await openStore(config);
  try {
    const { accounts } = newsroomAccounts(store.db);
    // Checked before the byline is created, so that a refused account leaves no new author behind.
    if (await accounts.findByEmail(values.email)) {
      console.error(`ghad: An account with ${values.email.trim().toLowerCase()} already exists.`);
      return 1;
    }
    const authorId = byline ? await store.taxonomy.findOrCreateAuthor(store.db, byline, 'person') : null;
    const user = await accounts.create({
      email: values.email,
      role: values.role,
      displayName: values.name ?? byline,
      password,
      authorId,
    });
    const writesAs = byline ? `, byline "${byline}"` : '';
    console.log(
      `Added ${user.email} (${user.role}, "${user.displayName}"${writesAs}). Sign in at ${config.siteUrl}/newsroom`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AccountError) {
      console.error(`ghad: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

async function listUsers(config: Config): Promise<number> {
  const store = await openStore(config);
  try {
    const users = await newsroomAccounts(store.db).accounts.list();
    if (users.length === 0) {
      console.log('No newsroom accounts yet: `npx ghad serve` creates the owner, or add one with `npx ghad user add`.');
      return 0;
    }
    const rows = users.map((user) => [String(user.id), user.email, user.role, status(user), user.displayName]);
    const widths = [0, 1, 2, 3].map((i) =>
      Math.max(...rows.map((row) => (row[i] as string).length), HEADER[i]?.length ?? 0),
    );
    for (const row of [HEADER, ...rows]) {
      console.log(row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] as number) : cell)).join('  '));
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** A one-time link to choose a password, for whoever can run commands on the server. */
async function resetLink(config: Config, email: string | undefined): Promise<number> {
  if (!email) {
    console.error(`ghad user reset-link needs --email.\n\n${USER_USAGE}`);
    return 2;
  }
  const store = await openStore(config);
  try {
    const { accounts, resets } = newsroomAccounts(store.db);
    const user = await accounts.findByEmail(email);
    if (!user) {
      console.error(`ghad: There is no account ${email.trim().toLowerCase()}.`);
      return 1;
    }
    if (user.disabledAt) {
      console.error(`ghad: ${user.email} is disabled: enable it in the newsroom first.`);
      return 1;
    }
    const { token, expiresAt } = await resets.issue(user.id, null, DEFAULT_RESET_HOURS);
    console.log(
      `One-time link for ${user.email} (${user.role}), valid until ${expiresAt.toISOString()}:\n` +
        `${config.siteUrl}/newsroom/reset/${token}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

const HEADER = ['id', 'email', 'role', 'status', 'name'];

function status(user: User): string {
  const state = user.disabledAt ? 'disabled' : 'active';
  return user.demo ? `${state}, demo` : state;
}

/** Asks twice on the terminal without echo; undefined (with a message) when the two differ. */
async function askPassword(): Promise<string | undefined> {
  const first = await read({ prompt: 'Password: ', silent: true, replace: '' });
  const second = await read({ prompt: 'Password again: ', silent: true, replace: '' });
  if (first !== second) {
    console.error('ghad: The two passwords differ; nothing was added.');
    return undefined;
  }
  return first;
}

/** The first line of a stream (without its line ending), or '' if it ends first. */
function readLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line);
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
