/**
 * ghad export json → ghad import json into an empty database → export again: the same
 * bytes, across dialects (SQLite → PostgreSQL and back). The newspaper exported holds the real
 * WordPress fixture (sections with parents, a featured image, old addresses, a scheduled post),
 * corpus articles, an article written in the newsroom (no external id) with an image uploaded to
 * the media library (its variant widths travel; its files stay in the data directory), a public
 * correction, home pins, and readers' comments (a reply, one waiting, one marked spam).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { exportJson } from '../../src/export/json-export.ts';
import { importJson } from '../../src/import/json-import.ts';
import { ImportFileError } from '../../src/import/jsonl.ts';
import { MediaFiles } from '../../src/media/media-files.ts';
import { MediaUploads } from '../../src/media/uploads.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { photo } from '../helpers/images.ts';
import { importWordPressAndStories } from '../helpers/sample-newspaper.ts';

async function exported(store: Store): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk as Buffer);
      done();
    },
  });
  await exportJson(store, out);
  return Buffer.concat(chunks).toString('utf8');
}

const stores: { store: Store; cleanup: () => Promise<void>; dataDir: string }[] = [];
async function fresh(dialect: 'sqlite' | 'postgres') {
  const database = await freshDatabase(dialect);
  const entry = {
    store: await openStore(database.options),
    cleanup: database.cleanup,
    dataDir: database.options.dataDir,
  };
  stores.push(entry);
  return entry;
}

after(async () => {
  for (const { store, cleanup } of stores) {
    await store.close();
    await cleanup();
  }
});

/** A newspaper with everything an export carries. */
async function fillNewspaper(store: Store, dataDir: string): Promise<void> {
  const results = await importWordPressAndStories(store, dataDir, (stories) => {
    // One listed in two more sections.
    stories[3] = { ...stories[3]!, secondarySectionSlugs: ['وطنية', 'مجتمع'] };
  });
  // Written in the newsroom: no external id.
  const newsroom = results[0]?.id as number;
  await store.db.updateTable('articles').set({ external_id: null }).where('id', '=', newsroom).execute();
  await store.db
    .insertInto('article_corrections')
    .values({ article_id: newsroom, note: 'صُحّح تاريخ العرض.', user_id: null, created_at: '2017-01-21T10:00:00.000Z' })
    .execute();
  const { media: uploaded } = await new MediaUploads(store.media, new MediaFiles(dataDir)).upload({
    bytes: await photo(1000, 700, 'jpeg', 4),
    originalName: 'mahrajan.jpg',
    uploadedBy: null,
    text: { alt: 'جمهور مهرجان قرطاج', credit: 'وكالة تونس أفريقيا للأنباء' },
  });
  await store.db.updateTable('articles').set({ featured_media_id: uploaded.id }).where('id', '=', newsroom).execute();
  await store.articles.pinOnHome(results[2]?.id as number, 0);
  await store.articles.pinOnHome(results[1]?.id as number, 1);
  // Readers' comments: approved with an approved reply, one waiting, one marked spam, on two articles.
  const editor = { id: null, role: 'editor' as const };
  const at = new Date('2017-01-22T09:30:00.000Z');
  const comment = (articleId: number, name: string, body: string, hash: string, parentId?: number) =>
    store.comments.submit(
      { articleId, parentId, name, email: 'qari@example.ma', body, addressHash: hash.repeat(40) },
      at,
    );
  const [commentedOn, spammedOn] = await store.articles.listPublishedPage({ limit: 2 });
  const commented = commentedOn!.id;
  const first = await comment(commented, 'مواطن من قابس', 'شكرا على التغطية، ننتظر برنامج الدورة كاملا.', 'a');
  await store.comments.decide(editor, [first.id], 'approve', at);
  const reply = await comment(commented, 'قارئة من صفاقس', 'أتفق معك، والبرنامج نُشر أمس.', 'b', first.id);
  await store.comments.decide(editor, [reply.id], 'approve', at);
  await comment(commented, 'زائر', 'متى تبدأ العروض في المسرح البلدي؟', 'c');
  const spam = await comment(spammedOn!.id, 'ربح سريع', 'اربح المال من البيت الآن', 'd');
  await store.comments.decide(editor, [spam.id], 'spam', at);
}

for (const [from, to] of [
  ['sqlite', 'postgres'],
  ['postgres', 'sqlite'],
] as const) {
  describe(`export json from ${from}, import into an empty ${to} database, export again`, () => {
    let first: string;
    let second: string;
    let target: Store;

    before(async () => {
      const source = await fresh(from);
      await fillNewspaper(source.store, source.dataDir);
      first = await exported(source.store);
      const copy = await fresh(to);
      target = copy.store;
      const file = path.join(copy.dataDir, 'export.jsonl');
      fs.writeFileSync(file, first);
      const summary = await importJson(target, file);
      assert.deepEqual(summary.skipped, []);
      assert.equal(summary.imported, 50);
      second = await exported(target);
    });

    it('gives the same file', () => {
      assert.equal(second, first);
    });

    it('carries everything: parents, images, old addresses, corrections, pins, a newsroom article', () => {
      const records = first
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const of = (type: string) => records.filter((r) => r.type === type);
      assert.equal(of('article').length, 50);
      assert.equal(of('section').filter((s) => s.parent !== null).length, 4);
      assert.equal(of('media').length, 2);
      assert.deepEqual(
        of('media').map((m) => m.variantWidths),
        [undefined, [320, 640, 1000]],
        'only the library upload carries variant widths',
      );
      assert.equal(of('home-pin').length, 2);
      const articles = of('article');
      assert.ok(articles.some((a) => (a.externalId as string).startsWith('ghad:')));
      assert.ok(articles.some((a) => (a.corrections as unknown[]).length === 1));
      assert.ok(articles.some((a) => a.featuredImage !== null));
      assert.ok(articles.some((a) => a.status === 'scheduled'));
      assert.deepEqual(
        articles.filter((a) => a.secondarySections !== undefined).map((a) => a.secondarySections),
        [['وطنية', 'مجتمع']],
        'secondary sections travel, and only where there are some',
      );
      assert.ok(articles.filter((a) => (a.redirects as unknown[]).length > 0).length >= 45);
      // Comments after the articles, before the pins, an article's in the order they came.
      const comments = of('comment');
      const onArticle = (name: string) =>
        comments
          .filter((c) => c.article === comments.find((first) => first.name === name)?.article)
          .map((c) => [c.number, c.replyTo, c.name, c.status]);
      assert.equal(comments.length, 4);
      assert.deepEqual(onArticle('مواطن من قابس'), [
        [1, null, 'مواطن من قابس', 'approved'],
        [2, 1, 'قارئة من صفاقس', 'approved'],
        [3, null, 'زائر', 'pending'],
      ]);
      assert.deepEqual(onArticle('ربح سريع'), [[1, null, 'ربح سريع', 'spam']]);
      assert.ok(
        records.findIndex((r) => r.type === 'comment') > records.findLastIndex((r) => r.type === 'article') &&
          records.findLastIndex((r) => r.type === 'comment') < records.findIndex((r) => r.type === 'home-pin'),
      );
      assert.ok(comments.every((c) => c.createdAt === '2017-01-22T09:30:00.000Z'));
      assert.ok(!first.includes('qari@example.ma'), "no commenter's email in an export");
      assert.ok(comments.every((c) => !('email' in c) && !('addressHash' in c)));
    });

    it('changes nothing when read in again', async () => {
      const file = path.join(stores.at(-1)?.dataDir as string, 'again.jsonl');
      fs.writeFileSync(file, second);
      const again = await importJson(target, file);
      assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 50]);
      assert.equal(await exported(target), first);
    });
  });
}

describe('import json on bad input', () => {
  it('refuses what is not an export, and skips broken or unknown lines with their reason', async () => {
    const { store, dataDir } = await fresh('sqlite');
    const jsonl = path.join(dataDir, 'corpus.jsonl');
    fs.writeFileSync(jsonl, `${firstCorpusLines('jawhara.jsonl.gz', 1)[0]}\n`);
    await assert.rejects(importJson(store, jsonl), (error: Error) => {
      assert.ok(error instanceof ImportFileError);
      assert.match(error.message, /is not a Ghad export/);
      return true;
    });
    const file = path.join(dataDir, 'odd.jsonl');
    fs.writeFileSync(
      file,
      [
        '{"type":"ghad-export","version":1}',
        '{"type":"opinion","text":"x"}',
        '{"type":"article","externalId":"x:1","headline":"خبر","slug":"خبر","section":"وطنية","status":"gone","body":[]}',
        '{"type":"article", "broken',
        '{"type":"comment","article":"x:2","number":1,"replyTo":null,"name":"قارئ","body":"تعليق","status":"deleted","createdAt":"2017-01-22T09:30:00.000Z"}',
        '{"type":"comment","article":"x:9","number":1,"replyTo":null,"name":"قارئ","body":"تعليق","status":"pending","heldReason":null,"heldDetail":null,"reportCount":0,"createdAt":"2017-01-22T09:30:00.000Z","decidedAt":null}',
        '{"type":"article","externalId":"x:2","headline":"خبر","slug":"خبر","section":"طقس","status":"draft","body":[],"publishedAt":null,"bylines":[],"tags":[],"redirects":[],"corrections":[]}',
      ].join('\n'),
    );
    const summary = await importJson(store, file);
    assert.deepEqual(
      summary.skipped.map((s) => [s.line, s.reason.replace(/ \(.*\)$/, '')]),
      [
        [2, 'unknown record type "opinion"'],
        [3, 'x:1: unknown status "gone"'],
        [4, 'broken JSON'],
        [5, 'comment without article, number, name, body, a known status or createdAt'],
        [6, 'comment on an unknown article "x:9"'],
        [7, 'x:2: unknown section "طقس"'],
      ],
    );
    assert.equal(await store.articles.countAll(), 0);
  });
});
