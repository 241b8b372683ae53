/**
 * `npx ghad backup <folder>` and `npx ghad restore <folder> [--replace]` (SQLite; the backup
 * itself is tested on both databases in test/backup/): each says what it did in one line with
 * its figures, and a restore that would lose or damage data exits 1 with a one-line reason.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../../src/store/store.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { ghadOn } from '../helpers/ghad-cli.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';

describe('ghad backup and ghad restore', () => {
  const folders: string[] = [];
  let source: string;
  let backup: string;

  before(async () => {
    source = temporaryDataDir();
    folders.push(source);
    const store = await openStore({ dataDir: source });
    const editor = await newsroomAccounts(store.db).accounts.create({
      email: 'editor@alghad24.ma',
      role: 'editor',
      password: 'كلمة سر غرفة الأخبار',
    });
    for (const draft of corpusDrafts(2)) await store.newsroomArticles.create({ id: editor.id, role: 'editor' }, draft);
    await store.close();
    backup = path.join(temporaryDataDir(), 'نسخة');
    folders.push(path.dirname(backup));
  });
  after(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('backs up, then restores into an empty data directory, with figures', async () => {
    const made = await ghadOn(source, ['backup', backup]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(
      made.stdout,
      /^Backed up 2 articles \(\d+ rows in 46 tables\) and 0 image files from sqlite, [\d.]+ MB, to .+ in [\d.]+ s\.$/m,
    );
    assert.match(made.stdout, /password hashes/);

    const target = temporaryDataDir();
    folders.push(target);
    const restored = await ghadOn(target, ['restore', backup]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(
      restored.stdout,
      /^Restored 2 articles \(\d+ rows in 46 tables\) and 0 image files, backed up from sqlite, into sqlite/m,
    );
    assert.match(restored.stdout, /everyone signs in again/);

    const again = await ghadOn(target, ['restore', backup]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^ghad: The database at .+ is not empty \(2 articles, 1 users\).*--replace/);
    assert.equal(again.stderr.trim().split('\n').length, 1);
    const replaced = await ghadOn(target, ['restore', backup, '--replace']);
    assert.equal(replaced.code, 0, replaced.stderr);
  });

  it('refuses a folder that is not a backup without creating a database', async () => {
    const target = temporaryDataDir();
    folders.push(target);
    const refused = await ghadOn(target, ['restore', source]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^ghad: .+ is not a Ghad backup \(no manifest\.json\)/);
    assert.deepEqual(fs.readdirSync(target), []);
  });

  it('shows its usage without a folder', async () => {
    const usage = await ghadOn(source, ['backup']);
    assert.equal(usage.code, 2);
    assert.match(usage.stdout, /npx ghad backup <folder>/);
  });
});
