/**
 * JSONL import on SQLite: a small file of real Jawhara FM and Goud.ma records, with the
 * broken and incomplete lines the real corpora have, imported twice.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { ImportFileError, type ImportProgress, type ImportSummary, importJsonl } from '../../src/import/jsonl.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { deskRewriteText, jawharaRecords } from '../helpers/dispatch-rewrite.ts';

type CorpusRecord = Record<string, unknown> & { id: string };

/** The first `count` records of a demo corpus, as parsed JSON. */
function corpusRecords(file: string, count: number): CorpusRecord[] {
  return firstCorpusLines(file, count).map((line) => JSON.parse(line) as CorpusRecord);
}

const JAWHARA = corpusRecords('jawhara.jsonl.gz', 12);
const GOUD = corpusRecords('goud.jsonl.gz', 1);
const TIME_ZONE = 'Africa/Tunis';

function record(index: number): CorpusRecord {
  const found = JAWHARA[index];
  assert.ok(found, `Jawhara record ${index}`);
  return found;
}

const json = (value: unknown) => JSON.stringify(value);

// JA-culture-1-20170120, JA-culture-10-20161210: good records.
const GOOD_1 = record(0);
const GOOD_2 = record(1);
// JA-culture-100-20170429 without its title.
const { title: _dropped, ...NO_TITLE } = record(2);
// JA-culture-101-20150517 with a day February does not have.
const BAD_DATE = { ...record(3), time: '31/02/2017' };
// JA-culture-102-20160502 with a category no section maps to.
const UNKNOWN_CATEGORY = { ...record(4), category: 'weather' };
// goud-0001: headline and text only.
const GOUD_RECORD = GOUD[0]!;

/** Line by line; line 3 is broken JSON, line 5 is blank. */
const PLAIN_LINES = [
  json(GOOD_1), // 1
  json(GOOD_2), // 2
  json(record(5)).slice(0, 120), // 3: cut in the middle of the record
  json(NO_TITLE), // 4
  '', // 5
  json(BAD_DATE), // 6
  json(UNKNOWN_CATEGORY), // 7
  json(GOUD_RECORD), // 8
];

describe('importJsonl', () => {
  let dir: string;
  let store: Store;
  let plainFile: string;
  let gzFile: string;

  before(async () => {
    dir = temporaryDataDir();
    store = await openStore({ dataDir: path.join(dir, 'data') });
    plainFile = path.join(dir, 'sample.jsonl');
    fs.writeFileSync(plainFile, `${PLAIN_LINES.join('\n')}\n`);
    gzFile = path.join(dir, 'sample.jsonl.gz');
    // JA-culture-104-20170428 … JA-culture-106-20170513, CRLF line ends, no final newline.
    fs.writeFileSync(gzFile, zlib.gzipSync([record(6), record(7), record(8)].map(json).join('\r\n')));
  });

  after(async () => {
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('a plain file with good, broken and incomplete lines', () => {
    let first: ImportSummary;

    before(async () => {
      first = await importJsonl(store, plainFile, { timeZone: TIME_ZONE });
    });

    it('imports the good records and counts them', async () => {
      const summary = first;
      assert.equal(summary.file, plainFile);
      assert.equal(summary.imported, 4);
      assert.equal(summary.updated, 0);
      assert.equal(summary.unchanged, 0);
      assert.equal(summary.changes.articleIds.size, 4);
      assert.ok(summary.seconds >= 0);
      assert.equal(await store.articles.countAll(), 4);
    });

    it('reports the skipped lines by number, with the reason', async () => {
      const summary = first;
      assert.deepEqual(
        summary.skipped.map((s) => s.line),
        [3, 4, 6],
      );
      assert.match(summary.skipped[0]!.reason, /^broken JSON \(/);
      assert.equal(summary.skipped[1]!.reason, 'record JA-culture-100-20170429: no "title" or "headline"');
      assert.equal(summary.skipped[2]!.reason, 'record JA-culture-101-20150517: unreadable date "31/02/2017"');
      for (const id of ['JA-culture-100-20170429', 'JA-culture-101-20150517', 'JA-culture-103-20170428']) {
        assert.equal(await store.articles.findIdByExternalId(id), undefined, `${id} is not imported`);
      }
    });

    it('files an unknown category under متفرقات with a warning', async () => {
      const summary = first;
      assert.deepEqual(summary.warnings, [
        { line: 7, message: 'record JA-culture-102-20160502: unknown category "weather", filed under متفرقات' },
      ]);
      const id = await store.articles.findIdByExternalId('JA-culture-102-20160502');
      const article = await store.articles.findById(id!, { publishedOnly: true });
      assert.equal(article?.section.slug, 'متفرقات');
      assert.equal(article?.publishedAt?.toISOString(), '2016-05-02T12:00:00.000Z');
    });

    it('imports the good Jawhara records with their section, date, dek and outlet', async () => {
      const id = await store.articles.findIdByExternalId('JA-culture-10-20161210');
      const article = await store.articles.findById(id!, { publishedOnly: true });
      assert.ok(article);
      assert.equal(article.headline, GOOD_2.title);
      assert.equal(article.section.slug, 'ثقافة');
      assert.equal(article.publishedAt?.toISOString(), '2016-12-10T09:18:00.000Z');
      assert.equal(article.dek, (GOOD_2.abstract as string).trim());
      assert.equal(article.sourceUrl, GOOD_2.url);
      assert.deepEqual(
        article.bylines.map((b) => [b.author.name, b.author.kind]),
        [['جوهرة أف أم', 'organization']],
      );
      assert.match(article.bodyText, /وُه/);
    });

    it('imports a Goud record without date or category, undated in متفرقات', async () => {
      const id = await store.articles.findIdByExternalId('goud-0001');
      const article = await store.articles.findById(id!, { publishedOnly: true });
      assert.ok(article);
      assert.equal(article.headline, 'كوريا داعمة المغرب على الصحرا ديالو');
      assert.equal(article.publishedAt, null);
      assert.equal(article.section.slug, 'متفرقات');
      assert.equal(article.dek, null);
      assert.deepEqual(
        article.bylines.map((b) => b.author.name),
        ['كود'],
      );
      assert.match(article.bodyText, /^أكدت جمهورية كوريا دعمها/);
    });

    it('changes nothing when run again: every record unchanged', async () => {
      const before = await store.db.selectFrom('article_revisions').select('id').execute();
      const summary = await importJsonl(store, plainFile, { timeZone: TIME_ZONE });
      assert.equal(summary.imported, 0);
      assert.equal(summary.updated, 0);
      assert.equal(summary.unchanged, 4);
      assert.deepEqual(summary.skipped, first.skipped);
      assert.deepEqual(summary.warnings, first.warnings);
      assert.ok(summary.changes.isEmpty);
      assert.equal(await store.articles.countAll(), 4);
      assert.equal((await store.db.selectFrom('article_revisions').select('id').execute()).length, before.length);
    });

    it('updates a record whose headline changed, and only that one', async () => {
      const edited = path.join(dir, 'edited.jsonl');
      const headline = `${GOOD_1.title as string} (تحديث)`;
      fs.writeFileSync(edited, `${[json({ ...GOOD_1, title: headline }), json(GOOD_2)].join('\n')}\n`);
      const summary = await importJsonl(store, edited, { timeZone: TIME_ZONE });
      assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [0, 1, 1]);
      const id = await store.articles.findIdByExternalId('JA-culture-1-20170120');
      assert.deepEqual([...summary.changes.articleIds], [id]);
      const article = await store.articles.findById(id!, { publishedOnly: true });
      assert.equal(article?.headline, headline);
      assert.equal(article?.revision, 2);
    });
  });

  describe('a .gz file', () => {
    it('is decompressed and imported, CRLF line ends and all', async () => {
      const progress: ImportProgress[] = [];
      const summary = await importJsonl(store, gzFile, { timeZone: TIME_ZONE, onProgress: (p) => progress.push(p) });
      assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [3, 0, 0]);
      assert.deepEqual(summary.skipped, []);
      const id = await store.articles.findIdByExternalId('JA-culture-106-20170513');
      const article = await store.articles.findById(id!, { publishedOnly: true });
      assert.equal(article?.headline, record(8).title);
      const size = fs.statSync(gzFile).size;
      assert.deepEqual(progress.at(-1), { bytesRead: size, bytesTotal: size, records: 3 });
    });

    it('is unchanged the second time', async () => {
      const summary = await importJsonl(store, gzFile, { timeZone: TIME_ZONE });
      assert.deepEqual([summary.imported, summary.updated, summary.unchanged], [0, 0, 3]);
      assert.equal(await store.articles.countAll(), 7);
    });

    it('that is not gzip throws ImportFileError', async () => {
      const notGzip = path.join(dir, 'not-gzip.jsonl.gz');
      fs.writeFileSync(notGzip, `${json(GOOD_1)}\n`);
      await assert.rejects(importJsonl(store, notGzip, { timeZone: TIME_ZONE }), (error: unknown) => {
        assert.ok(error instanceof ImportFileError);
        assert.match(error.message, /^Cannot decompress /);
        return true;
      });
    });
  });

  describe('a file that cannot be read', () => {
    it('throws ImportFileError for a missing file', async () => {
      const missing = path.join(dir, 'nothing-here.jsonl');
      await assert.rejects(importJsonl(store, missing, { timeZone: TIME_ZONE }), (error: unknown) => {
        assert.ok(error instanceof ImportFileError);
        assert.ok(error.message.includes(missing));
        assert.match(error.message, /^Cannot read .*(ENOENT|no such file)/);
        return true;
      });
    });

    it('throws ImportFileError for a folder', async () => {
      await assert.rejects(importJsonl(store, dir, { timeZone: TIME_ZONE }), ImportFileError);
    });
  });

  describe('fifty copies of one dispatch in one file', () => {
    it('imports them all and lists each as a near-copy, once a pair', async () => {
      // JA-culture-1-20170120 as 50 desks run it: a paragraph dropped, the last moved up.
      const dispatch = jawharaRecords(1)[0]!;
      const copies = Array.from({ length: 50 }, (_, i) => ({
        ...dispatch,
        id: `desk-${i + 1}`,
        title: `البرقية كما نشرها الديسك ${i + 1}`,
        text: deskRewriteText(dispatch),
      }));
      const file = path.join(dir, 'copies.jsonl');
      fs.writeFileSync(file, `${copies.map(json).join('\n')}\n`);
      const summary = await importJsonl(store, file, { timeZone: TIME_ZONE });
      assert.equal(summary.imported, 50);
      assert.deepEqual(summary.skipped, []);
      const ids = new Map<number, string>();
      for (const copy of copies) ids.set((await store.articles.findIdByExternalId(copy.id))!, copy.id);
      const original = await store.articles.findIdByExternalId(String(dispatch.id));
      // Every desk's copy is paired with the dispatch (imported above) or another copy.
      const paired = new Set(summary.nearCopies.flatMap((pair) => [pair.articleId, pair.copyId]));
      for (const id of ids.keys()) assert.ok(paired.has(id), `${ids.get(id)} is listed`);
      assert.ok(original !== undefined && paired.has(original), 'the dispatch is listed');
      const slots = summary.nearCopies.map((pair) => [pair.articleId, pair.copyId].sort((a, b) => a - b).join(' '));
      assert.equal(new Set(slots).size, slots.length, 'once a pair');
      for (const pair of summary.nearCopies) assert.ok(pair.similarity >= 0.7 && pair.similarity <= 1);
      // The good records imported before share no dispatch.
      assert.ok(summary.nearCopies.every((pair) => ids.has(pair.articleId)));
    });
  });
});
