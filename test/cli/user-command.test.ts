import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { type CliResult, runGhad } from '../helpers/ghad-cli.ts';

/** `npx ghad user …` with `stdin` written to its standard input (a pipe, not a terminal). */
function ghadUser(env: Record<string, string>, args: string[], stdin = ''): Promise<CliResult> {
  return runGhad(['user', ...args], { env, stdin });
}

for (const dialect of DIALECTS) {
  describe(`ghad user (${dialect})`, () => {
    let env: Record<string, string>;
    let options: { dataDir: string; databaseUrl?: string };
    let cleanup: () => Promise<void>;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      options = fresh.options;
      cleanup = fresh.cleanup;
      env = { GHAD_DATA_DIR: options.dataDir, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) };
    });
    after(async () => cleanup?.());

    it('says there is nobody yet', async () => {
      const result = await ghadUser(env, ['list']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /No newsroom accounts yet/);
    });

    it('adds a user with the password read from standard input, who can then sign in', async () => {
      const result = await ghadUser(
        env,
        ['add', '--email', 'Amina.Tazi@Alghad24.ma', '--role', 'editor', '--name', 'أمينة التازي', '--password-stdin'],
        'password from a script\nsecond line is ignored\n',
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Added amina\.tazi@alghad24\.ma \(editor, "أمينة التازي"\)/);
      const store = await openStore(options);
      try {
        const signIn = await newsroomAccounts(store.db).accounts.signIn(
          'amina.tazi@alghad24.ma',
          'password from a script',
        );
        assert.equal(signIn.ok, true);
      } finally {
        await store.close();
      }
    });

    it('links a user to the byline they write under, an existing author or a new one', async () => {
      const result = await ghadUser(
        env,
        ['add', '--email', 'youssef@alghad24.ma', '--role', 'author', '--byline', 'يوسف الإدريسي', '--password-stdin'],
        'long enough password\n',
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Added youssef@alghad24\.ma \(author, "يوسف الإدريسي", byline "يوسف الإدريسي"\)/);
      const store = await openStore(options);
      try {
        const user = await newsroomAccounts(store.db).accounts.findByEmail('youssef@alghad24.ma');
        assert.ok(user?.authorId);
        assert.equal((await store.taxonomy.authorById(user.authorId))?.name, 'يوسف الإدريسي');
      } finally {
        await store.close();
      }
    });

    it('refuses a second account with the same email, an unknown role and a short password', async () => {
      const cases: [string[], string, RegExp][] = [
        [['--email', 'amina.tazi@alghad24.ma', '--role', 'author'], 'long enough password\n', /already exists/],
        [
          ['--email', 'omar@alghad24.ma', '--role', 'chief-editor'],
          'long enough password\n',
          /Unknown role "chief-editor": use one of owner, administrator, editor, author, contributor/,
        ],
        [['--email', 'omar@alghad24.ma', '--role', 'author'], 'short\n', /at least 10 characters/],
        [['--email', 'omar at alghad24', '--role', 'author'], 'long enough password\n', /is not an email address/],
      ];
      for (const [args, stdin, message] of cases) {
        const result = await ghadUser(env, ['add', ...args, '--password-stdin'], stdin);
        assert.equal(result.code, 1, args.join(' '));
        assert.match(result.stderr, message);
      }
    });

    it('asks for --password-stdin when there is no terminal, and for --email and --role', async () => {
      const noTerminal = await ghadUser(env, ['add', '--email', 'omar@alghad24.ma', '--role', 'author'], 'pw\n');
      assert.equal(noTerminal.code, 2);
      assert.match(noTerminal.stderr, /--password-stdin/);
      const missing = await ghadUser(
        env,
        ['add', '--email', 'omar@alghad24.ma', '--password-stdin'],
        'long enough password\n',
      );
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /needs --email and --role/);
    });

    it('lists the accounts with their role and state', async () => {
      const result = await ghadUser(env, ['list']);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trim().split('\n');
      assert.equal(lines.length, 3);
      assert.match(lines[0] as string, /^id\s+email\s+role\s+status\s+name$/);
      assert.match(lines[1] as string, /^1\s+amina\.tazi@alghad24\.ma\s+editor\s+active\s+أمينة التازي$/);
      assert.match(lines[2] as string, /^2\s+youssef@alghad24\.ma\s+author\s+active\s+يوسف الإدريسي$/);
    });

    it('prints a one-time link to choose a password (how the first owner gets in from a log-only start)', async () => {
      const result = await ghadUser(env, ['reset-link', '--email', 'Amina.Tazi@alghad24.ma']);
      assert.equal(result.code, 0, result.stderr);
      const link =
        /One-time link for amina\.tazi@alghad24\.ma \(editor\), valid until (\S+):\n\S+\/newsroom\/reset\/(\S+)/.exec(
          result.stdout,
        );
      assert.ok(link, result.stdout);
      const hours = (new Date(link[1] as string).getTime() - Date.now()) / 3_600_000;
      assert.ok(hours > 23.9 && hours <= 24, String(hours));
      const store = await openStore(options);
      try {
        const { resets } = newsroomAccounts(store.db);
        assert.equal((await resets.check(link[2] as string)).status, 'valid');
        assert.equal((await resets.use(link[2] as string, 'a password chosen from the link')).status, 'valid');
        assert.equal(
          (
            await newsroomAccounts(store.db).accounts.signIn(
              'amina.tazi@alghad24.ma',
              'a password chosen from the link',
            )
          ).ok,
          true,
        );
      } finally {
        await store.close();
      }
      const unknown = await ghadUser(env, ['reset-link', '--email', 'nobody@alghad24.ma']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /There is no account nobody@alghad24\.ma/);
      assert.equal((await ghadUser(env, ['reset-link'])).code, 2);
    });
  });
}
