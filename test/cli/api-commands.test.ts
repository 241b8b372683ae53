/**
 * `npx ghad token create|list|revoke` and `npx ghad webhook add|list|remove` (SQLite; the tokens' store is tested on both databases
 * through the API tests): a key is printed once and works, the list never shows a secret, a
 * revoked key is refused at once, and bad arguments get a clear message.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../../src/store/store.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { type CliResult, ghadOn } from '../helpers/ghad-cli.ts';

function ghad(dataDir: string, args: string[], command = 'token'): Promise<CliResult> {
  return ghadOn(dataDir, [command, ...args]);
}

describe('ghad token', () => {
  let dataDir: string;

  before(async () => {
    dataDir = temporaryDataDir();
    const store = await openStore({ dataDir });
    await newsroomAccounts(store.db).accounts.create({
      email: 'editor@alghad24.ma',
      displayName: 'سلمى بناني',
      role: 'editor',
      password: 'كلمة سر غرفة الأخبار',
    });
    await store.close();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const made = await ghad(dataDir, [
      'create',
      '--user',
      'Editor@Alghad24.ma',
      '--name',
      'تطبيق الهاتف',
      '--kind',
      'admin',
      '--role',
      'author',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const secret = /^(ghad_a_[A-Za-z0-9_-]{43})$/m.exec(made.stdout)?.[1];
    assert.ok(secret, made.stdout);
    assert.match(made.stdout, /role author/);

    const store = await openStore({ dataDir });
    try {
      const check = await newsroomAccounts(store.db).apiTokens.check(secret);
      assert.equal(check.status, 'valid');
      assert.deepEqual(check.status === 'valid' && check.actor.role, 'author');

      const listed = await ghad(dataDir, ['list']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /تطبيق الهاتف/);
      assert.match(listed.stdout, /editor@alghad24\.ma/);
      assert.ok(!listed.stdout.includes(secret), 'the list never shows the secret');
      assert.ok(listed.stdout.includes(secret.slice(0, 11)), 'only its first characters');
      assert.match(listed.stdout, /never used|\d{4}-\d{2}-\d{2}T/);

      const id = /^(\d+)\s+admin/m.exec(listed.stdout)?.[1];
      const revoked = await ghad(dataDir, ['revoke', id as string]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal((await newsroomAccounts(store.db).apiTokens.check(secret)).status, 'revoked');
      assert.match((await ghad(dataDir, ['list'])).stdout, /revoked/);
    } finally {
      await store.close();
    }
  });

  it('says what is wrong with bad arguments', async () => {
    const cases: [string[], number, RegExp][] = [
      [['create', '--name', 'x'], 2, /needs --user and --name/],
      [['create', '--user', 'nobody@alghad24.ma', '--name', 'x'], 1, /no newsroom account/],
      [['create', '--user', 'editor@alghad24.ma', '--name', 'x', '--kind', 'root'], 2, /content or admin/],
      [['create', '--user', 'editor@alghad24.ma', '--name', 'x', '--role', 'owner'], 1, /cannot carry the role owner/],
      [['revoke', 'abc'], 2, /needs the key's id/],
      [['revoke', '999'], 1, /no token 999/],
      [['explode'], 2, /Unknown token command/],
    ];
    for (const [args, code, message] of cases) {
      const result = await ghad(dataDir, args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
  });

  it('adds, lists and removes webhooks with ghad webhook', async () => {
    const added = await ghad(
      dataDir,
      ['add', '--url', 'https://partner.example/ghad', '--topics', 'article.published,article.corrected'],
      'webhook',
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^whsec_[A-Za-z0-9_-]{43}$/m);
    const listed = await ghad(dataDir, ['list'], 'webhook');
    assert.match(
      listed.stdout,
      /^1 {2}active {2}https:\/\/partner\.example\/ghad {2}\[article\.published, article\.corrected\]/m,
    );
    assert.ok(!listed.stdout.includes('whsec_'), 'the list never shows the secret');
    const bad = await ghad(dataDir, ['add', '--url', 'ftp://x', '--topics', 'article.published'], 'webhook');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /http:\/\/ or https:\/\//);
    const inside = await ghad(dataDir, ['add', '--url', 'http://169.254.169.254/latest/meta-data/'], 'webhook');
    assert.equal(inside.code, 1);
    assert.match(inside.stderr, /169\.254\.169\.254: it is a cloud metadata service.*GHAD_WEBHOOK_ALLOW_HOSTS/);
    const removed = await ghad(dataDir, ['remove', '1'], 'webhook');
    assert.equal(removed.code, 0, removed.stderr);
    assert.match((await ghad(dataDir, ['list'], 'webhook')).stdout, /No webhooks yet/);
  });

  it('subscribes to entity merges and splits: named, or with every topic by default', async () => {
    const named = await ghad(
      dataDir,
      ['add', '--url', 'https://partner.example/names', '--topics', 'entity.merged,entity.split'],
      'webhook',
    );
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stdout, /to entity\.merged, entity\.split\./);
    const everything = await ghad(dataDir, ['add', '--url', 'https://partner.example/all'], 'webhook');
    assert.equal(everything.code, 0, everything.stderr);
    const listed = (await ghad(dataDir, ['list'], 'webhook')).stdout;
    assert.match(listed, /partner\.example\/names {2}\[entity\.merged, entity\.split\]/);
    assert.match(
      listed,
      /partner\.example\/all {2}\[article\.published, article\.updated, article\.unpublished, article\.corrected, entity\.merged, entity\.split\]/,
    );
    assert.match((await ghad(dataDir, ['--help'], 'webhook')).stdout, /entity\.merged \/ entity\.split/);
  });
});
