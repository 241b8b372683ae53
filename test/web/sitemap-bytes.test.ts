import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { toDate, toOptionalDate } from '../../src/store/schema.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { PageCache } from '../../src/web/page-cache.ts';
import type { SiteContext } from '../../src/web/site/site-context.ts';
import { sitemapsPlugin } from '../../src/web/sitemaps/plugin.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { testSiteContext } from '../helpers/site-context.ts';

/**
 * Every sitemap file, byte for byte, as the string-building implementation wrote it before
 * the files were streamed. The expected documents are written here from the rows alone, with
 * their own escaping, so that a change of one byte anywhere in the streamed path fails: the
 * slugs hold Arabic, quotes, `&` and `<`; the site's name and a headline hold markup and
 * characters XML forbids.
 */

const SITE = 'https://alghad24.test';
const SITE_NAME = 'الغد & <24> "اليوم"';
const HOSTILE_HEADLINE = 'عاجل <script>alert(1)</script> & ]]> "اقتباس" \u0001\u001f نهاية';
/** Slugs as a newsroom or an import may store them: every one is percent-encoded in its URL except `'`, `(` and `)`. */
const ODD_SLUGS = ["خبر-'عاجل'-(الرباط)", 'حرب-&-سلام-<تحليل>-"رأي"', 'المغرب/فاس?q=1#أ', 'café-ﻻ-٢٠٢٤'];

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** XML 1.0 text: the characters it forbids dropped, then `&`, `<` and `>` escaped. */
function text(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function url(loc: string, lastmod: Date | null): string {
  return `<url><loc>${text(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>\n`;
}

function urlSet(entries: string[], { news = false } = {}): string {
  const namespaces = news ? `xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}"` : `xmlns="${SITEMAP_NS}"`;
  return `${XML_DECLARATION}<urlset ${namespaces}>\n${entries.join('')}</urlset>\n`;
}

interface ArticleRow {
  id: number;
  slug: string;
  headline: string;
  publishedAt: Date | null;
  updatedAt: Date;
}

interface Rows {
  articles: ArticleRow[];
  tags: { id: number; slug: string }[];
  authors: { id: number; slug: string }[];
  entities: { id: number; slug: string }[];
  /** The site's sections in order, each with its newest publication time. */
  sections: { slug: string; newest: Date | null }[];
}

async function readRows(store: Store): Promise<Rows> {
  const articles = (
    await store.db
      .selectFrom('articles')
      .select(['id', 'slug', 'headline', 'published_at', 'updated_at'])
      .where('status', '=', 'published')
      .execute()
  ).map((row) => ({
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    publishedAt: toOptionalDate(row.published_at),
    updatedAt: toDate(row.updated_at),
  }));
  const listed = async (table: 'article_tags' | 'article_bylines', key: 'tag_id' | 'author_id') =>
    new Set(
      (
        await store.db
          .selectFrom(table)
          .select(`${key} as id` as 'tag_id as id')
          .where('listed', '=', 1)
          .execute()
      ).map((row) => row.id),
    );
  const listedTags = await listed('article_tags', 'tag_id');
  const listedAuthors = await listed('article_bylines', 'author_id');
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  const tags = (await store.db.selectFrom('tags').select(['id', 'slug']).execute())
    .filter((tag) => listedTags.has(tag.id))
    .sort(byId);
  const authors = (await store.db.selectFrom('authors').select(['id', 'slug']).execute())
    .filter((author) => listedAuthors.has(author.id))
    .sort(byId);
  const entities = (
    await store.db.selectFrom('entities').select(['id', 'slug', 'article_count', 'status', 'merged_into']).execute()
  )
    .filter((entity) => entity.article_count > 0 && entity.status !== 'rejected' && entity.merged_into === null)
    .map(({ id, slug }) => ({ id, slug }))
    .sort(byId);
  const sectionRows = await store.db
    .selectFrom('article_sections')
    .select(['section_id', 'published_at'])
    .where('listed', '=', 1)
    .execute();
  const sections = (await store.taxonomy.sections()).map((section) => {
    const times = sectionRows
      .filter((row) => row.section_id === section.id && row.published_at !== null)
      .map((row) => toDate(row.published_at!).getTime());
    return { slug: section.slug, newest: times.length ? new Date(Math.max(...times)) : null };
  });
  return { articles, tags, authors, entities, sections };
}

/** The index and every file it lists, path → bytes, as written before streaming. */
function expectedFiles(rows: Rows, urlsPerFile: number): Map<string, string> {
  const files = new Map<string, string>();
  const segment = encodeURIComponent;
  const parts = <T>(list: T[]): T[][] => {
    const chunks: T[][] = [];
    for (let start = 0; start < list.length; start += urlsPerFile) chunks.push(list.slice(start, start + urlsPerFile));
    return chunks;
  };
  const partName = (base: string, part: number) => `/sitemaps/${base}${part > 1 ? `-${part}` : ''}.xml`;
  const articleUrl = (article: ArticleRow) =>
    url(`${SITE}/article/${article.id}/${segment(article.slug)}`, article.updatedAt);

  const dated = rows.articles.filter((a) => a.publishedAt !== null);
  const newest = dated.length ? new Date(Math.max(...dated.map((a) => a.publishedAt!.getTime()))) : null;
  files.set(
    '/sitemaps/sections.xml',
    urlSet([
      url(`${SITE}/`, newest),
      ...rows.sections.map((section) => url(`${SITE}/section/${segment(section.slug)}`, section.newest)),
    ]),
  );

  const from = Date.now() - 48 * 3600_000;
  const recent = dated
    .filter((a) => a.publishedAt!.getTime() >= from)
    .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || b.id - a.id)
    .slice(0, 1000);
  files.set(
    '/sitemaps/news.xml',
    urlSet(
      recent.map(
        (a) =>
          `<url><loc>${text(`${SITE}/article/${a.id}/${segment(a.slug)}`)}</loc><news:news><news:publication>` +
          `<news:name>${text(SITE_NAME)}</news:name><news:language>ar</news:language></news:publication>` +
          `<news:publication_date>${a.publishedAt!.toISOString()}</news:publication_date>` +
          `<news:title>${text(a.headline)}</news:title></news:news></url>\n`,
      ),
      { news: true },
    ),
  );

  const months = new Map<string, ArticleRow[]>();
  for (const article of dated) {
    const month = article.publishedAt!.toISOString().slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), article]);
  }
  for (const month of [...months.keys()].sort().reverse()) {
    const articles = months
      .get(month)!
      .sort((a, b) => a.publishedAt!.getTime() - b.publishedAt!.getTime() || a.id - b.id);
    for (const [i, part] of parts(articles).entries()) {
      files.set(partName(`articles-${month}`, i + 1), urlSet(part.map(articleUrl)));
    }
  }
  const undated = rows.articles.filter((a) => a.publishedAt === null).sort((a, b) => a.id - b.id);
  for (const [i, part] of parts(undated).entries()) {
    files.set(partName('articles-undated', i + 1), urlSet(part.map(articleUrl)));
  }
  const listedPaths = {
    tags: (e: { slug: string }) => `/tag/${segment(e.slug)}`,
    authors: (e: { slug: string }) => `/author/${segment(e.slug)}`,
    entities: (e: { id: number; slug: string }) => `/entity/${e.id}/${segment(e.slug)}`,
  };
  for (const kind of ['tags', 'authors', 'entities'] as const) {
    for (const [i, part] of parts(rows[kind]).entries()) {
      files.set(partName(kind, i + 1), urlSet(part.map((e) => url(`${SITE}${listedPaths[kind](e)}`, null))));
    }
  }

  const index = [...files.keys()].map((path) => `<sitemap><loc>${text(`${SITE}${path}`)}</loc></sitemap>`);
  files.set(
    '/sitemap.xml',
    `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${index.join('\n')}\n</sitemapindex>\n`,
  );
  return files;
}

/** The body a response decodes to, whatever its Content-Encoding. */
function decoded(response: { rawPayload: Buffer; headers: Record<string, unknown> }): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString('utf8');
  assert.equal(encoding, undefined);
  return response.rawPayload.toString('utf8');
}

for (const dialect of DIALECTS) {
  describe(`sitemap files, byte for byte (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let site: SiteContext;
    let rows: Rows;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      const ids = await importSampleNewspaper(store);
      await store.articles.upsertByExternalId({
        externalId: 'hostile-news',
        headline: HOSTILE_HEADLINE,
        body: [{ type: 'paragraph', text: 'نص الخبر.' }],
        status: 'published',
        sectionSlug: 'وطنية',
        publishedAt: new Date(Date.now() - 60_000),
        bylines: [{ name: 'مراسل', kind: 'person' }],
        tags: ['أخبار عاجلة', 'اقتصاد'],
      });
      // Odd slugs, as a newsroom or an import may have stored them: dated articles and an undated one.
      const oddIds = [ids[0]!, ids[7]!, ids[14]!, ids.at(-1)!];
      for (const [i, slug] of ODD_SLUGS.entries()) {
        await store.db.updateTable('articles').set({ slug }).where('id', '=', oddIds[i]!).execute();
      }
      await store.db.updateTable('tags').set({ slug: ODD_SLUGS[1]! }).where('name', '=', 'اقتصاد').execute();
      await store.db.updateTable('authors').set({ slug: ODD_SLUGS[0]! }).where('name', '=', 'مراسل').execute();
      const entity = await store.db
        .selectFrom('entities')
        .select('id')
        .where('article_count', '>', 0)
        .executeTakeFirst();
      if (entity)
        await store.db.updateTable('entities').set({ slug: ODD_SLUGS[3]! }).where('id', '=', entity.id).execute();
      site = await testSiteContext(store, { name: SITE_NAME, url: SITE });
      rows = await readRows(store);
      assert.ok(rows.entities.length > 0, 'the fixture names entities');
      assert.ok(
        rows.articles.some((a) => a.publishedAt === null),
        'the fixture has undated articles',
      );
    });

    after(async () => {
      await store.close();
      await cleanup();
    });

    /** A sitemaps app on its own page cache; `urlsPerFile` and `batchSize` as given. */
    async function sitemapsApp(options: { cache: boolean; urlsPerFile?: number; batchSize?: number }) {
      const app = Fastify();
      const pageCache = new PageCache({
        enabled: options.cache,
        maxBytes: 64 << 20,
        maxAgeMs: 60_000,
        cacheControl: 'public',
      });
      await app.register(sitemapsPlugin, {
        store,
        site,
        pageCache,
        ...(options.urlsPerFile ? { urlsPerFile: options.urlsPerFile } : {}),
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      });
      return app;
    }

    /** Every file of the index, in every encoding, against the expected bytes. */
    async function checkEveryFile(app: FastifyInstance, urlsPerFile: number, cached: boolean) {
      const expected = expectedFiles(rows, urlsPerFile);
      const index = await app.inject('/sitemap.xml');
      assert.equal(index.statusCode, 200);
      assert.equal(index.body, expected.get('/sitemap.xml'));
      const listed = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.slice(SITE.length));
      assert.deepEqual(
        listed,
        [...expected.keys()].filter((path) => path !== '/sitemap.xml'),
      );
      assert.ok(listed.length > 10, `${listed.length} files`);
      for (const [path, bytes] of expected) {
        // A miss (streamed to the client while the cache fills), then two hits: or three misses with the cache off.
        for (const acceptEncoding of ['br', 'gzip', 'identity']) {
          const response = await app.inject({ url: path, headers: { 'accept-encoding': acceptEncoding } });
          assert.equal(response.statusCode, 200, path);
          assert.equal(response.headers['content-type'], 'application/xml; charset=utf-8', path);
          assert.equal(
            response.headers['x-ghad-cache'],
            !cached ? 'off' : acceptEncoding === 'br' && path !== '/sitemap.xml' ? 'miss' : 'hit',
            `${path} ${acceptEncoding}`,
          );
          const body = decoded(response);
          assert.ok(body === bytes, `${path} (${acceptEncoding}) differs:\n${firstDifference(body, bytes)}`);
        }
      }
    }

    it('writes every file of the default layout exactly as before, cached and not', async () => {
      for (const cache of [false, true]) {
        const app = await sitemapsApp({ cache });
        try {
          await checkEveryFile(app, 10_000, cache);
        } finally {
          await app.close();
        }
      }
    });

    it('writes the same bytes when files split into parts and batches end inside a part', async () => {
      for (const cache of [false, true]) {
        const app = await sitemapsApp({ cache, urlsPerFile: 5, batchSize: 2 });
        try {
          await checkEveryFile(app, 5, cache);
        } finally {
          await app.close();
        }
      }
    });
  });
}

/** Where two documents first differ, with a little of each around it. */
function firstDifference(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `at ${i}:\n  got      ${JSON.stringify(actual.slice(Math.max(0, i - 60), i + 60))}\n  expected ${JSON.stringify(expected.slice(Math.max(0, i - 60), i + 60))}`;
}
