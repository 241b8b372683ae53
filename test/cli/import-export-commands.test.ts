/**
 * The import and export commands as a newsroom runs them (SQLite): `ghad import wxr` on the
 * real WordPress export with its uploads, then on a broken copy (exit status 1, the line it
 * broke on); `ghad export json --out` and `ghad import json` into another data directory.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { temporaryDataDir } from '../helpers/databases.ts';
import { ghadOn } from '../helpers/ghad-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/wordpress');

describe('ghad import wxr / export json / import json', () => {
  let dir: string;
  let other: string;

  before(() => {
    dir = temporaryDataDir();
    other = temporaryDataDir();
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('imports the WordPress export with its uploads and says what it did', async () => {
    const run = await ghadOn(dir, [
      'import',
      'wxr',
      path.join(FIXTURE, 'export.xml'),
      '--uploads',
      path.join(FIXTURE, 'uploads'),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^export\.xml: 45 imported, 0 updated, 0 unchanged, 1 skipped/m);
    assert.match(run.stdout, /skipped line \d+: post \d+: a page, not a post/);
    assert.match(run.stdout, /sections: 2 created \(أخبار، كرة القدم\), 9 already there; 6 tags; 4 authors/);
    assert.match(run.stdout, /featured images: 2 copied, 0 kept at their URL/);
    assert.match(run.stderr, /export\.xml: 100%/);
    const again = await ghadOn(dir, ['import', 'wxr', path.join(FIXTURE, 'export.xml')]);
    assert.equal(again.code, 0, again.stderr);
    // Without --uploads the images would be URLs: a change, so the posts with one are updated.
    assert.match(again.stdout, /^export\.xml: 0 imported, 2 updated, 43 unchanged, 1 skipped/m);
  });

  it('stops at broken XML with exit status 1 and the line, keeping what came before', async () => {
    const xml = fs.readFileSync(path.join(FIXTURE, 'export.xml'), 'utf8');
    const cut = xml.indexOf('<wp:post_date>', xml.indexOf('<item>', xml.indexOf('<item>') + 10));
    const broken = path.join(dir, 'broken.xml');
    fs.writeFileSync(broken, `${xml.slice(0, cut)}</channel></rss>`);
    const run = await ghadOn(other, ['import', 'wxr', broken]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^broken\.xml: 1 imported/m);
    assert.match(
      run.stderr,
      /ghad: broken\.xml is broken at line \d+, column \d+: .*the posts before it were imported/,
    );
    fs.rmSync(other, { recursive: true, force: true });
    fs.mkdirSync(other);
  });

  it('exports to a file and reads it back into another newspaper', async () => {
    const file = path.join(dir, 'ghad.jsonl');
    const exported = await ghadOn(dir, ['export', 'json', '--out', file]);
    assert.equal(exported.code, 0, exported.stderr);
    // Two images: the copy made with --uploads, and the URL the second run (without it) pointed at.
    assert.match(exported.stdout, /ghad\.jsonl: 11 sections, 6 tags, 4 authors, 2 media, 45 articles/);
    assert.ok(!fs.existsSync(`${file}.part`));
    const imported = await ghadOn(other, ['import', 'json', file]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /ghad\.jsonl: 45 imported, 0 updated, 0 unchanged, 0 skipped/);
    const stdout = await ghadOn(other, ['export', 'json']);
    const written = fs.readFileSync(file, 'utf8');
    assert.equal(stdout.stdout, written);
  });

  it('refuses unknown formats and missing files with a one-line message', async () => {
    const unknown = await ghadOn(dir, ['import', 'xml', 'x.xml']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown import format "xml"\. Formats: jsonl, wxr, rss, json, demo\./);
    const missing = await ghadOn(dir, ['import', 'wxr', path.join(dir, 'none.xml')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^ghad: Cannot read .*none\.xml: no such file\.$/m);
    const uploads = await ghadOn(dir, [
      'import',
      'wxr',
      path.join(FIXTURE, 'export.xml'),
      '--uploads',
      path.join(dir, 'nope'),
    ]);
    assert.equal(uploads.code, 1);
    assert.match(uploads.stderr, /--uploads .*nope: no such folder\./);
  });
});
