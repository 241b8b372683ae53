/**
 * The repository contract: the same tests against SQLite and PostgreSQL, on real Arabic
 * content (the seed article of الغد 24 and the first records of the Jawhara FM and Goud.ma
 * corpora). Each dialect gets one fresh database; every group starts from empty content
 * tables, so totals and orders are exact.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { slugify } from '../../src/arabic/slug.ts';
import type { ArticleInput } from '../../src/content/article.ts';
import { blocksToText } from '../../src/content/blocks.ts';
import { SECTIONS } from '../../src/content/sections.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { DEMO_SEED_FILE } from '../../src/import/demo.ts';
import { readSeedPage } from '../../src/import/seed-page.ts';
import { openDatabase, StoreUnavailableError } from '../../src/store/database.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { DIALECTS, freshDatabase, POSTGRES_ADMIN_URL, temporaryDataDir } from '../helpers/databases.ts';

type ImportableArticle = ArticleInput & { externalId: string };

/** The first `count` records of a demo corpus, mapped to articles. */
function corpusArticles(file: string, count: number, timeZone: string): ImportableArticle[] {
  return firstCorpusLines(file, count).map((line) => {
    const mapped = mapCorpusRecord(JSON.parse(line), { timeZone });
    assert.ok(mapped.ok, `${file}: ${mapped.ok ? '' : mapped.reason}`);
    return mapped.article;
  });
}

const SEED = readSeedPage(DEMO_SEED_FILE);
// JA-culture-1-20170120, -10-20161210, -100-20170429, -101-20150517 (17/05/2015),
// -102-20160502 (02/05/2016), -103-20170428, -104-20170428, -105-20170516, -106-20170513,
// -107-20170521: all culture.
const JAWHARA = corpusArticles('jawhara.jsonl.gz', 10, 'Africa/Tunis');
// goud-0001, goud-0002: no date, no section.
const GOUD = corpusArticles('goud.jsonl.gz', 2, 'Africa/Casablanca');

function jawhara(externalId: string): ImportableArticle {
  const found = JAWHARA.find((a) => a.externalId === externalId);
  assert.ok(found, `${externalId} is not among the first Jawhara records`);
  return found;
}

/** Empties every content table, keeping the schema and the sections. */
async function clearContent(store: Store): Promise<void> {
  await store.db.deleteFrom('home_pins').execute();
  await store.db.deleteFrom('article_sections').execute();
  await store.db.deleteFrom('article_tags').execute();
  await store.db.deleteFrom('article_bylines').execute();
  await store.db.deleteFrom('article_revisions').execute();
  await store.db.deleteFrom('articles').execute();
  await store.db.deleteFrom('tags').execute();
  await store.db.deleteFrom('authors').execute();
  await store.db.deleteFrom('cache_invalidations').execute();
}

async function revisionsOf(store: Store, articleId: number) {
  return store.db
    .selectFrom('article_revisions')
    .select(['revision', 'note', 'snapshot'])
    .where('article_id', '=', articleId)
    .orderBy('revision')
    .execute();
}

/** Table names in a database that has not been opened by the store yet. */
async function tablesBeforeOpening(options: { dataDir: string; databaseUrl?: string }): Promise<string[]> {
  if (options.databaseUrl) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public'",
      );
      return rows.map((r) => r.table_name);
    } finally {
      await client.end();
    }
  }
  const file = path.join(options.dataDir, 'ghad.sqlite');
  if (!fs.existsSync(file)) return [];
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    return (sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    sqlite.close();
  }
}

const CONTENT_TABLES = [
  'article_bylines',
  'article_sections',
  'article_revisions',
  'article_tags',
  'articles',
  'authors',
  'cache_invalidations',
  'home_pins',
  'media',
  'sections',
  'tags',
];

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let store: Store;
    let options: { dataDir: string; databaseUrl?: string };
    let cleanup: () => Promise<void>;
    let tablesBefore: string[];

    before(async () => {
      ({ options, cleanup } = await freshDatabase(dialect));
      tablesBefore = await tablesBeforeOpening(options);
      store = await openStore(options);
    });

    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    describe('migrations and sections', () => {
      it('opens the expected dialect', () => {
        assert.equal(store.dialect, dialect);
      });

      it('migrates an empty database to the full schema', async () => {
        assert.deepEqual(tablesBefore, []);
        const tables = (await store.db.introspection.getTables()).map((t) => t.name);
        for (const table of CONTENT_TABLES) assert.ok(tables.includes(table), `table ${table} is missing`);
        const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
        const every = Object.keys(await migrationProvider(dialect).getMigrations()).sort();
        assert.ok(every.length >= 3 && every[0] === '001-initial', every.join());
        assert.deepEqual(
          rows.map((r) => r.name),
          every,
        );
      });

      it('runs a lower-numbered migration merged after higher ones (007 after 008-011)', async () => {
        const older = await freshDatabase(dialect);
        try {
          // A database as main left it before the media library merged: every migration but 007.
          const withoutMediaLibrary = (d: typeof dialect) => ({
            getMigrations: async () => {
              const { '007-media-library': _skipped, ...rest } = await migrationProvider(d).getMigrations();
              return rest;
            },
          });
          const handle = await openDatabase(older.options, withoutMediaLibrary);
          const columnsOf = async (db: typeof handle.db) =>
            (await db.introspection.getTables()).find((t) => t.name === 'media')?.columns.map((c) => c.name) ?? [];
          assert.ok(!(await columnsOf(handle.db)).includes('variant_widths'));
          await handle.db.destroy();

          const reopened = await openStore(older.options);
          try {
            assert.ok((await columnsOf(reopened.db)).includes('variant_widths'), '007 ran on opening');
            const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(reopened.db);
            assert.deepEqual(
              rows.map((r) => r.name).sort(),
              Object.keys(await migrationProvider(dialect).getMigrations()).sort(),
            );
          } finally {
            await reopened.close();
          }
        } finally {
          await older.cleanup();
        }
      });

      it('an older version refuses a database a newer one has migrated, as before the quick check', async () => {
        // Opening an up-to-date database skips the Migrator (one read of kysely_migration); a
        // database that has run a migration this version lacks still goes to it, and is refused.
        const newest = Object.keys(await migrationProvider(dialect).getMigrations())
          .sort()
          .at(-1)!;
        const olderVersion = (d: typeof dialect) => ({
          getMigrations: async () => {
            const { [newest]: _unknown, ...rest } = await migrationProvider(d).getMigrations();
            return rest;
          },
        });
        await assert.rejects(openDatabase(options, olderVersion), (error: Error) => {
          assert.ok(error instanceof StoreUnavailableError, String(error));
          assert.match(error.message, new RegExp(`${newest}.*missing|missing.*${newest}`));
          return true;
        });
      });

      it('creates the nine sections in order, وطنية first and متفرقات last', async () => {
        const sections = await store.taxonomy.sections();
        assert.equal(sections.length, 9);
        assert.deepEqual(
          sections.map((s) => s.slug),
          SECTIONS.map((s) => s.slug),
        );
        assert.equal(sections[0]?.name, 'وطنية');
        assert.equal(sections.at(-1)?.name, 'متفرقات');
        const positions = sections.map((s) => s.position);
        assert.deepEqual(
          positions,
          [...positions].sort((a, b) => a - b),
        );
        const sport = await store.taxonomy.sectionBySlug('رياضة');
        assert.equal(sport?.name, 'رياضة');
        assert.deepEqual(await store.taxonomy.sectionById(sport.id), sport);
      });

      it('opening the same database a second time changes nothing', async () => {
        await clearContent(store);
        const written = await store.articles.upsertByExternalId(SEED);
        const migrationsBefore = await sql<{ name: string; timestamp: unknown }>`
          select name, timestamp from kysely_migration`.execute(store.db);

        const again = await openStore(options);
        try {
          const migrationsAfter = await sql<{ name: string; timestamp: unknown }>`
            select name, timestamp from kysely_migration`.execute(again.db);
          assert.deepEqual(migrationsAfter.rows, migrationsBefore.rows);
          const sectionRows = await again.db.selectFrom('sections').select(['slug', 'position']).execute();
          assert.equal(sectionRows.length, 9, 'sections are not created twice');
          assert.deepEqual(
            (await again.taxonomy.sections()).map((s) => s.id),
            (await store.taxonomy.sections()).map((s) => s.id),
          );
          const article = await again.articles.findById(written.id, { publishedOnly: true });
          assert.equal(article?.headline, SEED.headline);
          assert.equal(article?.revision, 1);
        } finally {
          await again.close();
        }
        // The first store still works after the second one is closed.
        assert.equal(await store.articles.countAll(), 1);
      });
    });

    describe('upsertByExternalId', () => {
      const externalId = 'JA-culture-103-20170428';
      let id: number;
      let firstUpdatedAt: Date;

      before(async () => {
        await clearContent(store);
      });

      it('imports a new record as revision 1 with one revision row', async () => {
        const input = jawhara(externalId);
        const result = await store.articles.upsertByExternalId(input);
        assert.equal(result.outcome, 'imported');
        id = result.id;
        assert.equal(await store.articles.findIdByExternalId(externalId), id);

        const article = await store.articles.findById(id, { publishedOnly: true });
        assert.ok(article);
        assert.equal(article.revision, 1);
        assert.equal(article.externalId, externalId);
        assert.equal(article.headline, '"حكاية ورد" في أريانة من 5 إلى 12 ماي القادم');
        firstUpdatedAt = article.updatedAt;

        const revisions = await revisionsOf(store, id);
        assert.deepEqual(
          revisions.map((r) => [r.revision, r.note]),
          [[1, 'import: created']],
        );
        assert.equal(JSON.parse(revisions[0]!.snapshot).headline, input.headline);

        const culture = await store.taxonomy.sectionBySlug('ثقافة');
        assert.ok(result.change);
        assert.equal(result.change.articleId, id);
        assert.deepEqual(result.change.sectionIds, [culture!.id]);
        assert.equal(result.change.authorIds.length, 1);
        assert.deepEqual(
          result.change.publishedAt.map((d) => d.toISOString()),
          ['2017-04-28T14:21:00.000Z'],
        );
      });

      it('leaves an identical record alone: unchanged, no new revision, same updated_at', async () => {
        const result = await store.articles.upsertByExternalId(structuredClone(jawhara(externalId)));
        assert.deepEqual(result, { id, outcome: 'unchanged' });
        const article = await store.articles.findById(id, { publishedOnly: true });
        assert.equal(article?.revision, 1);
        assert.equal(article?.updatedAt.getTime(), firstUpdatedAt.getTime());
        assert.equal((await revisionsOf(store, id)).length, 1);
        assert.equal(await store.articles.countAll(), 1);
      });

      it('treats whitespace around the text as the same record', async () => {
        const input = jawhara(externalId);
        const result = await store.articles.upsertByExternalId({ ...input, headline: `  ${input.headline}\n` });
        assert.equal(result.outcome, 'unchanged');
      });

      it('updates a changed headline as revision 2 with two revision rows', async () => {
        const input = jawhara(externalId);
        const headline = '"حكاية ورد" في أريانة من 5 إلى 12 ماي: البرنامج الكامل';
        const result = await store.articles.upsertByExternalId({ ...input, headline });
        assert.equal(result.outcome, 'updated');
        assert.equal(result.id, id);

        const article = await store.articles.findById(id, { publishedOnly: true });
        assert.equal(article?.headline, headline);
        assert.equal(article?.slug, slugify(headline));
        assert.equal(article?.revision, 2);
        assert.ok(article.updatedAt.getTime() >= firstUpdatedAt.getTime());

        const revisions = await revisionsOf(store, id);
        assert.deepEqual(
          revisions.map((r) => [r.revision, r.note]),
          [
            [1, 'import: created'],
            [2, 'import: updated'],
          ],
        );
        assert.equal(JSON.parse(revisions[1]!.snapshot).headline, headline);
        const culture = await store.taxonomy.sectionBySlug('ثقافة');
        assert.deepEqual(result.change?.sectionIds, [culture!.id]);
        assert.equal(await store.articles.countAll(), 1);
      });

      it('lists the old and the new section, author and day when they change', async () => {
        const input = jawhara(externalId);
        const before = await store.articles.findById(id, { publishedOnly: false });
        assert.ok(before);
        const publishedAt = new Date('2017-04-29T09:00:00+01:00');
        const result = await store.articles.upsertByExternalId({
          ...input,
          headline: before.headline,
          sectionSlug: 'مجتمع',
          publishedAt,
          bylines: [{ name: 'و.م.ع', kind: 'organization' }],
        });
        assert.equal(result.outcome, 'updated');
        const culture = await store.taxonomy.sectionBySlug('ثقافة');
        const society = await store.taxonomy.sectionBySlug('مجتمع');
        assert.deepEqual(result.change?.sectionIds, [culture!.id, society!.id]);
        const agency = await store.taxonomy.authorBySlug('و-م-ع');
        assert.ok(agency);
        assert.deepEqual(result.change?.authorIds, [before.bylines[0]!.author.id, agency.id]);
        assert.deepEqual(
          result.change?.publishedAt.map((d) => d.toISOString()),
          ['2017-04-28T14:21:00.000Z', '2017-04-29T08:00:00.000Z'],
        );

        const article = await store.articles.findById(id, { publishedOnly: true });
        assert.equal(article?.section.slug, 'مجتمع');
        assert.equal(article?.revision, 3);
        assert.deepEqual(
          article?.bylines.map((b) => b.author.name),
          ['و.م.ع'],
        );
        assert.equal((await revisionsOf(store, id)).length, 3);
      });

      it('refuses a section that does not exist and writes nothing', async () => {
        await assert.rejects(
          store.articles.upsertByExternalId({ ...jawhara('JA-culture-104-20170428'), sectionSlug: 'طقس' }),
          /Unknown section "طقس"/,
        );
        assert.equal(await store.articles.findIdByExternalId('JA-culture-104-20170428'), undefined);
      });
    });

    describe('findById', () => {
      const bylines = [
        { name: 'سعيد الشرقاوي', kind: 'person' as const },
        { name: 'و.م.ع', kind: 'organization' as const, role: 'مع' },
      ];
      let seedId: number;
      let draftId: number;

      before(async () => {
        await clearContent(store);
        seedId = (await store.articles.upsertByExternalId({ ...SEED, bylines })).id;
        draftId = (await store.articles.upsertByExternalId({ ...jawhara('JA-culture-1-20170120'), status: 'draft' }))
          .id;
      });

      it('returns the body blocks and their plain text', async () => {
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.ok(article);
        assert.ok(SEED.body.length > 3);
        assert.deepEqual(article.body, SEED.body);
        assert.equal(article.bodyText, blocksToText(SEED.body));
        assert.match(article.bodyText, /^تنفيذ لتعليمات الملك محمد السادس/);
        assert.match(article.bodyText, /بيني گانتز وزير الدفاع الإسرائيلي/);
      });

      it('returns the article fields as written', async () => {
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.ok(article);
        assert.equal(article.externalId, 'alghad24-seed-al-ghad-24');
        assert.equal(
          article.headline,
          'المغرب وإسرائيل يوقعان على اتفاق كبير في مجال التعاون العسكري والأمني والاستخباراتي',
        );
        assert.equal(article.slug, 'المغرب-وإسرائيل-يوقعان-على-اتفاق-كبير-في-مجال-التعاون-العسكري-والأمني');
        assert.equal(article.kicker, 'تعاون عسكري');
        assert.equal(article.dek, null);
        assert.equal(article.dateline, 'الرباط');
        assert.equal(article.language, 'ar');
        assert.equal(article.status, 'published');
        assert.equal(article.sourceUrl, null);
        assert.equal(article.featuredImage, null);
        assert.equal(article.section.slug, 'سياسة');
        assert.equal(article.section.name, 'سياسة');
      });

      it('returns publishedAt as a Date equal to what was written', async () => {
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.ok(article?.publishedAt instanceof Date);
        assert.equal(article.publishedAt.getTime(), SEED.publishedAt!.getTime());
        assert.equal(article.publishedAt.toISOString(), '2021-11-24T11:00:00.000Z');
        assert.ok(article.updatedAt instanceof Date);
        assert.ok(!Number.isNaN(article.updatedAt.getTime()));
      });

      it('returns the bylines in order: a person, then an organisation', async () => {
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.deepEqual(
          article?.bylines.map((b) => [b.author.name, b.author.kind, b.role]),
          [
            ['سعيد الشرقاوي', 'person', null],
            ['و.م.ع', 'organization', 'مع'],
          ],
        );
        assert.deepEqual(
          article?.bylines.map((b) => b.author.slug),
          ['سعيد-الشرقاوي', 'و-م-ع'],
        );
      });

      it('returns the tags in order', async () => {
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.deepEqual(
          article?.tags.map((t) => t.name),
          ['المغرب', 'إسرائيل', 'بيني گانتز', 'التعاون العسكري'],
        );
        assert.deepEqual(
          article?.tags.map((t) => t.slug),
          ['المغرب', 'إسرائيل', 'بيني-گانتز', 'التعاون-العسكري'],
        );
      });

      it('keeps the byline and tag order when they are reordered', async () => {
        const id = (
          await store.articles.upsertByExternalId({
            ...SEED,
            bylines: [...bylines].reverse(),
            tags: ['التعاون العسكري', 'المغرب'],
          })
        ).id;
        assert.equal(id, seedId);
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.deepEqual(
          article?.bylines.map((b) => b.author.name),
          ['و.م.ع', 'سعيد الشرقاوي'],
        );
        assert.deepEqual(
          article?.tags.map((t) => t.name),
          ['التعاون العسكري', 'المغرب'],
        );
        // Back to the original for the tests that follow.
        await store.articles.upsertByExternalId({ ...SEED, bylines });
      });

      it('hides a draft when publishedOnly, and shows it otherwise', async () => {
        assert.equal(await store.articles.findById(draftId, { publishedOnly: true }), undefined);
        const draft = await store.articles.findById(draftId, { publishedOnly: false });
        assert.equal(draft?.status, 'draft');
        assert.equal(draft?.headline, 'مخرج "غدوة حيّ" : الفيلم يجمع التشويق و المغامرة و الفرجة و الموسيقى');
      });

      it('returns undefined for an id that does not exist', async () => {
        assert.equal(await store.articles.findById(987654, { publishedOnly: false }), undefined);
        assert.equal(await store.articles.findIdByExternalId('JA-nothing'), undefined);
      });
    });

    describe('listPublished and home pins', () => {
      const ids = new Map<string, number>();
      const idOf = (externalId: string) => {
        const id = ids.get(externalId);
        assert.ok(id, externalId);
        return id;
      };
      const FESTIVALS = 'مهرجانات';
      // Newest first; the two undated Goud articles last, the later id first.
      const NEWEST_FIRST = [
        'alghad24-seed-al-ghad-24', // 2021-11-24
        'JA-culture-100-20170429', // 2017-04-29 06:41Z
        'JA-culture-103-20170428', // 2017-04-28 14:21Z
        'JA-culture-104-20170428', // 2017-04-28 10:32Z
        'JA-culture-1-20170120',
        'JA-culture-10-20161210',
        'JA-culture-102-20160502',
        'JA-culture-101-20150517',
        'goud-0002',
        'goud-0001',
      ];
      const externalIdsOf = (items: { id: number }[]) =>
        items.map((item) => [...ids].find(([, id]) => id === item.id)?.[0]);

      before(async () => {
        await clearContent(store);
        const festival = /مهرجان/;
        const inputs: ImportableArticle[] = [
          SEED,
          // An undated article written before dated ones must still come last.
          GOUD[0]!,
          ...JAWHARA.slice(0, 8).map((article) => ({
            ...article,
            tags: festival.test(article.headline) ? [FESTIVALS] : [],
            // The newest of them is a draft: it must never be listed.
            status: article.externalId === 'JA-culture-105-20170516' ? ('draft' as const) : ('published' as const),
          })),
          GOUD[1]!,
        ];
        for (const input of inputs) {
          ids.set(input.externalId, (await store.articles.upsertByExternalId(input)).id);
        }
      });

      it('lists newest first, undated last, drafts excluded, with the total', async () => {
        const { items, total } = await store.articles.listPublished({ limit: 50 });
        assert.deepEqual(externalIdsOf(items), NEWEST_FIRST);
        assert.equal(total, 10);
        assert.ok(!items.some((item) => item.id === idOf('JA-culture-105-20170516')));
        assert.ok(items[0]?.publishedAt instanceof Date);
        assert.equal(items[0]?.publishedAt?.toISOString(), '2021-11-24T11:00:00.000Z');
        assert.equal(items.at(-1)?.publishedAt, null);
        const seed = items[0]!;
        assert.equal(seed.headline, SEED.headline);
        assert.equal(seed.kicker, 'تعاون عسكري');
        assert.equal(seed.slug, slugify(SEED.headline));
        assert.equal(seed.sectionId, (await store.taxonomy.sectionBySlug('سياسة'))?.id);
        const culture = items.find((item) => item.id === idOf('JA-culture-100-20170429'));
        assert.equal(culture?.dek, jawhara('JA-culture-100-20170429').dek);
        assert.equal(await store.articles.countPublished({}), 10);
        assert.equal(await store.articles.countAll(), 11);
      });

      it('pages with limit and offset; the total ignores them', async () => {
        const page = await store.articles.listPublished({ limit: 3, offset: 2 });
        assert.deepEqual(externalIdsOf(page.items), NEWEST_FIRST.slice(2, 5));
        assert.equal(page.total, 10);
        const last = await store.articles.listPublished({ limit: 3, offset: 9 });
        assert.deepEqual(externalIdsOf(last.items), ['goud-0001']);
        const beyond = await store.articles.listPublished({ limit: 3, offset: 30 });
        assert.deepEqual(beyond.items, []);
        assert.equal(beyond.total, 10);
        assert.deepEqual(externalIdsOf(await store.articles.listPublishedPage({ limit: 2 })), NEWEST_FIRST.slice(0, 2));
      });

      it('filters by section', async () => {
        const culture = await store.taxonomy.sectionBySlug('ثقافة');
        const misc = await store.taxonomy.sectionBySlug('متفرقات');
        const sport = await store.taxonomy.sectionBySlug('رياضة');
        const inCulture = await store.articles.listPublished({ sectionId: culture!.id, limit: 50 });
        assert.deepEqual(externalIdsOf(inCulture.items), NEWEST_FIRST.slice(1, 8));
        assert.equal(inCulture.total, 7);
        const inMisc = await store.articles.listPublished({ sectionId: misc!.id, limit: 50 });
        assert.deepEqual(externalIdsOf(inMisc.items), ['goud-0002', 'goud-0001']);
        const inSport = await store.articles.listPublished({ sectionId: sport!.id, limit: 50 });
        assert.deepEqual(inSport, { items: [], total: 0 });
      });

      it('filters by tag, without the draft that carries it', async () => {
        const tag = await store.taxonomy.tagBySlug(slugify(FESTIVALS));
        assert.equal(tag?.name, FESTIVALS);
        const tagged = await store.articles.listPublished({ tagId: tag.id, limit: 50 });
        assert.deepEqual(externalIdsOf(tagged.items), [
          'JA-culture-100-20170429',
          'JA-culture-104-20170428',
          'JA-culture-102-20160502',
          'JA-culture-101-20150517',
        ]);
        assert.equal(tagged.total, 4);
        const israel = await store.taxonomy.tagBySlug('إسرائيل');
        const seedOnly = await store.articles.listPublished({ tagId: israel!.id, limit: 50 });
        assert.deepEqual(externalIdsOf(seedOnly.items), ['alghad24-seed-al-ghad-24']);
      });

      it('filters by author', async () => {
        const jawharaFm = await store.taxonomy.authorBySlug('جوهرة-أف-أم');
        assert.equal(jawharaFm?.name, 'جوهرة أف أم');
        assert.equal(jawharaFm?.kind, 'organization');
        const byJawhara = await store.articles.listPublished({ authorId: jawharaFm.id, limit: 50 });
        assert.deepEqual(externalIdsOf(byJawhara.items), NEWEST_FIRST.slice(1, 8));
        assert.equal(byJawhara.total, 7);
        const goud = await store.taxonomy.authorBySlug('كود');
        const byGoud = await store.articles.listPublished({ authorId: goud!.id, limit: 1 });
        assert.deepEqual(externalIdsOf(byGoud.items), ['goud-0002']);
        assert.equal(byGoud.total, 2);
      });

      it('filters by a from (inclusive) to (exclusive) range', async () => {
        const from = jawhara('JA-culture-104-20170428').publishedAt!;
        const to = jawhara('JA-culture-100-20170429').publishedAt!;
        assert.equal(from.toISOString(), '2017-04-28T10:32:00.000Z');
        assert.equal(to.toISOString(), '2017-04-29T06:41:00.000Z');
        const range = await store.articles.listPublished({ from, to, limit: 50 });
        assert.deepEqual(externalIdsOf(range.items), ['JA-culture-103-20170428', 'JA-culture-104-20170428']);
        assert.equal(range.total, 2);

        const april2017 = await store.articles.listPublished({
          from: new Date('2017-04-01T00:00:00Z'),
          to: new Date('2017-05-01T00:00:00Z'),
          limit: 50,
        });
        assert.deepEqual(externalIdsOf(april2017.items), NEWEST_FIRST.slice(1, 4));
        const onlyFrom = await store.articles.listPublished({ from: new Date('2017-01-01T00:00:00Z'), limit: 50 });
        assert.deepEqual(externalIdsOf(onlyFrom.items), NEWEST_FIRST.slice(0, 5));
        const onlyTo = await store.articles.listPublished({ to: new Date('2016-05-02T12:00:00Z'), limit: 50 });
        assert.deepEqual(externalIdsOf(onlyTo.items), ['JA-culture-101-20150517']);
      });

      it('excludes ids, and combines filters', async () => {
        const excluded = await store.articles.listPublished({
          excludeIds: [idOf('alghad24-seed-al-ghad-24'), idOf('JA-culture-100-20170429')],
          limit: 3,
        });
        assert.deepEqual(externalIdsOf(excluded.items), NEWEST_FIRST.slice(2, 5));
        assert.equal(excluded.total, 8);
        const none = await store.articles.listPublished({ excludeIds: [], limit: 1 });
        assert.equal(none.total, 10);

        const culture = await store.taxonomy.sectionBySlug('ثقافة');
        const tag = await store.taxonomy.tagBySlug(FESTIVALS);
        const combined = await store.articles.listPublished({
          sectionId: culture!.id,
          tagId: tag!.id,
          from: new Date('2016-01-01T00:00:00Z'),
          excludeIds: [idOf('JA-culture-104-20170428')],
          limit: 50,
        });
        assert.deepEqual(externalIdsOf(combined.items), ['JA-culture-100-20170429', 'JA-culture-102-20160502']);
        assert.equal(combined.total, 2);
      });

      it('lists ids alone as the page would list its articles, and reads summaries by id in the order asked', async () => {
        const culture = await store.taxonomy.sectionBySlug('ثقافة');
        const queries = [
          { limit: 4 },
          { limit: 3, offset: 2 },
          { sectionId: culture!.id, limit: 5, excludeIds: [idOf('JA-culture-103-20170428')] },
          { sectionId: culture!.id, limit: 2, offset: 6 },
        ];
        for (const query of queries) {
          const page = await store.articles.listPublishedPage(query);
          assert.ok(page.length > 0, JSON.stringify(query));
          assert.deepEqual(
            await store.articles.listPublishedIds(query),
            page.map((a) => a.id),
            JSON.stringify(query),
          );
        }
        assert.deepEqual(
          externalIdsOf(
            await store.articles
              .listPublishedIds({ sectionId: culture!.id, limit: 3 })
              .then((ids) => ids.map((id) => ({ id }))),
          ),
          NEWEST_FIRST.slice(1, 4),
        );
        const asked = ['goud-0001', 'JA-culture-105-20170516', 'alghad24-seed-al-ghad-24', 'JA-culture-10-20161210'];
        const summaries = await store.articles.publishedSummaries(asked.map(idOf).concat(999_999));
        // The draft and the missing id are left out; the rest keep the order asked.
        assert.deepEqual(externalIdsOf(summaries), ['goud-0001', 'alghad24-seed-al-ghad-24', 'JA-culture-10-20161210']);
        assert.equal(summaries[1]?.headline, SEED.headline);
        assert.deepEqual(await store.articles.publishedSummaries([]), []);
        await assert.rejects(() => store.articles.listPublishedPage({ limit: 2.5 }), RangeError);
      });

      it('pins stories on the home page in position order, published ones only', async () => {
        assert.deepEqual(await store.articles.pinnedOnHome(), []);
        await store.articles.pinOnHome(idOf('alghad24-seed-al-ghad-24'), 1);
        await store.articles.pinOnHome(idOf('JA-culture-1-20170120'), 0);
        await store.articles.pinOnHome(idOf('JA-culture-105-20170516'), 2); // a draft
        await store.articles.pinOnHome(idOf('goud-0001'), 3);
        const pinned = await store.articles.pinnedOnHome();
        assert.deepEqual(externalIdsOf(pinned), ['JA-culture-1-20170120', 'alghad24-seed-al-ghad-24', 'goud-0001']);
        assert.ok(pinned[0]?.publishedAt instanceof Date);
        assert.equal(pinned[1]?.headline, SEED.headline);
      });

      it('pinning a pinned story again moves it', async () => {
        await store.articles.pinOnHome(idOf('alghad24-seed-al-ghad-24'), -1);
        await store.articles.pinOnHome(idOf('goud-0001'), -2);
        assert.deepEqual(externalIdsOf(await store.articles.pinnedOnHome()), [
          'goud-0001',
          'alghad24-seed-al-ghad-24',
          'JA-culture-1-20170120',
        ]);
        const rows = await store.db.selectFrom('home_pins').select('article_id').execute();
        assert.equal(rows.length, 4, 'one row per pinned article');
      });
    });

    describe('secondary sections', () => {
      const sectionId = async (slug: string) => (await store.taxonomy.sectionBySlug(slug))!.id;
      const listedIn = async (slug: string) =>
        (await store.articles.listPublished({ sectionId: await sectionId(slug), limit: 50 })).items.map((a) => a.id);
      let seedId: number;
      let cultureIds: number[];

      before(async () => {
        await clearContent(store);
        // The seed (سياسة, 2021) also listed in وطنية and دولية; its own section and a repeat are dropped.
        const seed = await store.articles.upsertByExternalId({
          ...SEED,
          secondarySectionSlugs: ['وطنية', 'سياسة', ' دولية ', 'وطنية'],
        });
        seedId = seed.id;
        cultureIds = [];
        for (const article of JAWHARA.slice(0, 3)) {
          cultureIds.push((await store.articles.upsertByExternalId(article)).id);
        }
        // A draft listed in وطنية must not show there.
        await store.articles.upsertByExternalId({
          ...jawhara('JA-culture-105-20170516'),
          status: 'draft',
          secondarySectionSlugs: ['وطنية'],
        });
      });

      it('reads them in order, after the own section', async () => {
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.equal(article?.section.slug, 'سياسة');
        assert.deepEqual(
          article?.secondarySections.map((s) => s.slug),
          ['وطنية', 'دولية'],
        );
        const other = await store.articles.findById(cultureIds[0]!, { publishedOnly: true });
        assert.deepEqual(other?.secondarySections, []);
      });

      it('lists the article on its own and its secondary section pages, drafts excluded', async () => {
        assert.deepEqual(await listedIn('سياسة'), [seedId]);
        assert.deepEqual(await listedIn('وطنية'), [seedId]);
        assert.deepEqual(await listedIn('دولية'), [seedId]);
        assert.deepEqual(await listedIn('اقتصاد'), []);
        assert.equal(await store.articles.countPublished({ sectionId: await sectionId('وطنية') }), 1);
        // Newest first within a section, the secondary article among its own ones.
        await store.articles.upsertByExternalId({ ...SEED, secondarySectionSlugs: ['ثقافة'] });
        const culture = await store.articles.listPublished({ sectionId: await sectionId('ثقافة'), limit: 50 });
        assert.equal(culture.items[0]?.id, seedId, 'the 2021 seed comes before the 2017 culture articles');
        assert.deepEqual(
          culture.items
            .slice(1)
            .map((a) => a.id)
            .sort(),
          [...cultureIds].sort(),
        );
        const times = culture.items.map((a) => a.publishedAt!.getTime());
        assert.deepEqual(
          times,
          [...times].sort((a, b) => b - a),
        );
        assert.equal(culture.total, 4);
      });

      it('purges the sections an update leaves and joins, and keeps old hashes without any', async () => {
        const result = await store.articles.upsertByExternalId({ ...SEED, secondarySectionSlugs: ['اقتصاد'] });
        assert.equal(result.outcome, 'updated');
        assert.deepEqual(
          [...(result.change?.sectionIds ?? [])].sort(),
          [await sectionId('سياسة'), await sectionId('ثقافة'), await sectionId('اقتصاد')].sort(),
        );
        assert.ok(!(await listedIn('ثقافة')).includes(seedId), 'no longer listed in ثقافة');
        assert.equal((await listedIn('ثقافة')).length, 3);
        assert.deepEqual(await listedIn('اقتصاد'), [seedId]);
        const revisions = await revisionsOf(store, seedId);
        assert.deepEqual(JSON.parse(revisions.at(-1)!.snapshot).secondarySectionSlugs, ['اقتصاد']);
        // An article without secondary sections snapshots no such key: imports' hashes stay as they were.
        const plain = await revisionsOf(store, cultureIds[0]!);
        assert.ok(!('secondarySectionSlugs' in JSON.parse(plain[0]!.snapshot)));
        assert.equal(
          (await store.articles.upsertByExternalId({ ...JAWHARA[0]!, secondarySectionSlugs: [] })).outcome,
          'unchanged',
        );
      });

      it('refuses a secondary section that does not exist and writes nothing', async () => {
        await assert.rejects(
          store.articles.upsertByExternalId({ ...SEED, headline: 'عنوان آخر', secondarySectionSlugs: ['طقس'] }),
          /Unknown section "طقس"/,
        );
        const article = await store.articles.findById(seedId, { publishedOnly: true });
        assert.equal(article?.headline, SEED.headline);
        assert.deepEqual(
          article?.secondarySections.map((s) => s.slug),
          ['اقتصاد'],
        );
      });
    });

    describe('tag and author slugs', () => {
      before(async () => {
        await clearContent(store);
      });

      it('suffixes -2 when two different names slugify the same', async () => {
        await store.articles.upsertByExternalId(SEED);
        await store.articles.upsertByExternalId({
          ...jawhara('JA-culture-106-20170513'),
          tags: ['التعاونُ العسكريّ', 'المـغرب'],
          bylines: [{ name: 'الغد-24', kind: 'organization' }],
        });

        const first = await store.taxonomy.tagBySlug('التعاون-العسكري');
        const second = await store.taxonomy.tagBySlug('التعاون-العسكري-2');
        assert.equal(first?.name, 'التعاون العسكري');
        assert.equal(second?.name, 'التعاونُ العسكريّ');
        assert.notEqual(first.id, second.id);
        assert.equal((await store.taxonomy.tagBySlug('المغرب-2'))?.name, 'المـغرب');

        const outlet = await store.taxonomy.authorBySlug('الغد-24');
        const lookalike = await store.taxonomy.authorBySlug('الغد-24-2');
        assert.equal(outlet?.name, 'الغد 24');
        assert.equal(lookalike?.name, 'الغد-24');
        assert.deepEqual(await store.taxonomy.authorById(outlet.id), outlet);
        assert.deepEqual(await store.taxonomy.tagById(second.id), second);
      });

      it('reuses a tag or an author found by name instead of creating another', async () => {
        await store.articles.upsertByExternalId({
          ...jawhara('JA-culture-107-20170521'),
          tags: ['التعاون العسكري', 'التعاون العسكري'],
        });
        const tags = await store.db.selectFrom('tags').select(['name', 'slug']).orderBy('slug').execute();
        assert.equal(tags.filter((t) => t.name === 'التعاون العسكري').length, 1);
        assert.equal(tags.length, 6);
        const authors = await store.db.selectFrom('authors').select('slug').orderBy('slug').execute();
        assert.equal(new Set(authors.map((a) => a.slug)).size, authors.length);
        const id = await store.articles.findIdByExternalId('JA-culture-107-20170521');
        const article = await store.articles.findById(id!, { publishedOnly: true });
        assert.deepEqual(
          article?.tags.map((t) => t.slug),
          ['التعاون-العسكري'],
        );
      });

      it('finds nothing for a slug that does not exist', async () => {
        assert.equal(await store.taxonomy.tagBySlug('التعاون-العسكري-3'), undefined);
        assert.equal(await store.taxonomy.authorBySlug('و-م-ع'), undefined);
      });
    });

    describe('cacheInvalidations', () => {
      before(async () => {
        await clearContent(store);
      });

      it('starts empty', async () => {
        assert.equal(await store.cacheInvalidations.latestId(), 0);
        assert.deepEqual(await store.cacheInvalidations.since(0), []);
      });

      it('records purges once per tag and returns them oldest first', async () => {
        await store.cacheInvalidations.record(['article:12', 'section:وطنية', 'article:12']);
        await store.cacheInvalidations.record([]);
        await store.cacheInvalidations.record(['*']);
        const all = await store.cacheInvalidations.since(0);
        assert.deepEqual(
          all.map((p) => p.tags),
          [['article:12', 'section:وطنية'], ['*']],
        );
        assert.ok(all[0]!.id < all[1]!.id);
        const latest = await store.cacheInvalidations.latestId();
        assert.equal(latest, all[1]!.id);
        assert.deepEqual(await store.cacheInvalidations.since(latest), []);
        assert.deepEqual(await store.cacheInvalidations.since(all[0]!.id), [all[1]]);
      });

      it('prunes purges older than the given age and keeps the recent ones', async () => {
        const old = await store.db
          .insertInto('cache_invalidations')
          .values({
            tags: JSON.stringify(['tag:المغرب']),
            created_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const latest = await store.cacheInvalidations.latestId();
        assert.equal(latest, old.id);
        assert.equal((await store.cacheInvalidations.since(0)).length, 3);

        await store.cacheInvalidations.prune(86_400_000);
        const left = await store.cacheInvalidations.since(0);
        assert.deepEqual(
          left.map((p) => p.tags),
          [['article:12', 'section:وطنية'], ['*']],
        );
        assert.equal(await store.cacheInvalidations.latestId(), left[1]!.id);
      });
    });
  });
}

describe('a store that cannot be opened', () => {
  let dataDir: string;
  before(() => {
    dataDir = temporaryDataDir();
  });
  after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects an unreachable PostgreSQL with StoreUnavailableError naming DATABASE_URL', async () => {
    await assert.rejects(
      openStore({ dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing' }),
      (error: unknown) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.match(error.message, /DATABASE_URL/);
        assert.match(error.message, /127\.0\.0\.1:1/);
        return true;
      },
    );
  });

  it('rejects a PostgreSQL database that does not exist with StoreUnavailableError naming DATABASE_URL', async () => {
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = '/ghad_no_such_database';
    await assert.rejects(openStore({ dataDir, databaseUrl: url.toString() }), (error: unknown) => {
      assert.ok(error instanceof StoreUnavailableError);
      assert.match(error.message, /DATABASE_URL/);
      assert.match(error.message, /ghad_no_such_database/);
      return true;
    });
  });

  it('hides the password of the PostgreSQL URL in the message', async () => {
    await assert.rejects(
      openStore({ dataDir, databaseUrl: 'postgres://ghad:سر-كبير@127.0.0.1:1/nothing' }),
      (error: unknown) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.doesNotMatch(error.message, /سر-كبير/);
        assert.match(error.message, /ghad:\*\*\*@/);
        return true;
      },
    );
  });

  it('rejects a data directory that is a file with StoreUnavailableError naming GHAD_DATA_DIR', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    fs.writeFileSync(file, 'الغد 24\n');
    await assert.rejects(openStore({ dataDir: file }), (error: unknown) => {
      assert.ok(error instanceof StoreUnavailableError);
      assert.match(error.message, /GHAD_DATA_DIR/);
      assert.ok(error.message.includes(file));
      return true;
    });
    assert.equal(fs.readFileSync(file, 'utf8'), 'الغد 24\n', 'the file is left as it was');
  });
});
