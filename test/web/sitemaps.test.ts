import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { ChangeSet } from '../../src/content/change.ts';
import { toDate } from '../../src/store/schema.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { tagsForChanges } from '../../src/web/cache-tags.ts';
import { PageCache } from '../../src/web/page-cache.ts';
import { sitemapsPlugin } from '../../src/web/sitemaps/plugin.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { testSiteContext } from '../helpers/site-context.ts';
import { child, childrenNamed, parseXml, type XmlElement } from '../helpers/xml-tree.ts';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SITE = 'https://alghad24.test';
const HOSTILE_HEADLINE = 'عاجل <script>alert(1)</script> & ]]> \u0001\u001f نهاية';

/** A urlset, strictly parsed and checked against the protocol; returns its <url> elements. */
function checkUrlSet(body: string, { news = false } = {}): XmlElement[] {
  const urlset = parseXml(body);
  assert.equal(urlset.name, 'urlset');
  assert.equal(urlset.attributes.xmlns, SITEMAP_NS);
  if (news) assert.equal(urlset.attributes['xmlns:news'], NEWS_NS);
  const urls = childrenNamed(urlset, 'url');
  assert.ok(urls.length <= 50_000);
  for (const url of urls) {
    assert.ok(child(url, 'loc').text.startsWith(`${SITE}/`), child(url, 'loc').text);
    assert.ok(child(url, 'loc').text.length <= 2048);
    assert.doesNotMatch(child(url, 'loc').text, /[^\x21-\x7e]/, 'URLs are percent-encoded ASCII');
    for (const lastmod of childrenNamed(url, 'lastmod')) assert.match(lastmod.text, RFC_3339);
  }
  return urls;
}

/** The sitemap index, strictly parsed; returns the paths of the files it lists. */
function checkIndex(body: string): string[] {
  const index = parseXml(body);
  assert.equal(index.name, 'sitemapindex');
  assert.equal(index.attributes.xmlns, SITEMAP_NS);
  return childrenNamed(index, 'sitemap').map((s) => {
    const loc = child(s, 'loc').text;
    assert.ok(loc.startsWith(`${SITE}/sitemaps/`), loc);
    return loc.slice(SITE.length);
  });
}

const articleIdOf = (loc: string) => Number(/\/article\/(\d+)\//.exec(loc)?.[1]);

for (const dialect of DIALECTS) {
  describe(`sitemaps and robots.txt (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let hostileId: number;
    /** Published articles: id → UTC month of publication, or null when undated. */
    let months: Map<number, string | null>;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      await importSampleNewspaper(store);
      hostileId = (
        await store.articles.upsertByExternalId({
          externalId: 'hostile-news',
          headline: HOSTILE_HEADLINE,
          body: [{ type: 'paragraph', text: 'نص الخبر.' }],
          status: 'published',
          sectionSlug: 'وطنية',
          publishedAt: new Date(Date.now() - 60_000),
          bylines: [{ name: 'مراسل', kind: 'person' }],
          tags: ['أخبار عاجلة'],
        })
      ).id;
      await store.articles.upsertByExternalId({
        externalId: 'draft-1',
        headline: 'مسودة لا تظهر في الخرائط',
        body: [{ type: 'paragraph', text: 'مسودة.' }],
        status: 'draft',
        sectionSlug: 'وطنية',
        publishedAt: new Date(Date.now() - 120_000),
        bylines: [],
      });
      const rows = await store.db
        .selectFrom('articles')
        .select(['id', 'published_at'])
        .where('status', '=', 'published')
        .execute();
      months = new Map(
        rows.map((r) => [r.id, r.published_at ? toDate(r.published_at).toISOString().slice(0, 7) : null]),
      );
      app = await buildApp({ config: testConfig({ dataDir: database.options.dataDir }), store, invalidationPollMs: 0 });
      await app.ready();
    });

    after(async () => {
      await app.close();
      await store.close();
      await cleanup();
    });

    it('points robots.txt at the sitemap index', async () => {
      const response = await app.inject('/robots.txt');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(response.body, /^User-agent: \*$/m);
      assert.match(response.body, /^Sitemap: https:\/\/alghad24\.test\/sitemap\.xml$/m);
      assert.match(response.body, /^Disallow: \/search$/m);
    });

    it('lists every published article exactly once across the monthly and undated sitemaps of the index', async () => {
      const index = await app.inject('/sitemap.xml');
      assert.equal(index.statusCode, 200);
      assert.equal(index.headers['content-type'], 'application/xml; charset=utf-8');
      const files = checkIndex(index.body);
      assert.ok(files.includes('/sitemaps/sections.xml'));
      assert.ok(files.includes('/sitemaps/news.xml'));
      assert.ok(files.includes('/sitemaps/tags.xml'));
      assert.ok(files.includes('/sitemaps/authors.xml'));
      assert.ok(files.includes('/sitemaps/articles-undated.xml'));
      const expectedMonths = new Set([...months.values()].filter((m): m is string => m !== null));
      const monthFiles = files.filter((f) => /articles-\d{4}-\d{2}\.xml$/.test(f));
      assert.deepEqual(new Set(monthFiles.map((f) => f.slice(-11, -4))), expectedMonths);
      assert.deepEqual(
        monthFiles.map((f) => f.slice(-11, -4)),
        [...expectedMonths].sort().reverse(),
        'newest month first',
      );

      const seen: number[] = [];
      for (const file of files.filter((f) => f.includes('/articles-'))) {
        const response = await app.inject(file);
        assert.equal(response.statusCode, 200, file);
        const month = /articles-(\d{4}-\d{2})\.xml$/.exec(file)?.[1] ?? null;
        for (const url of checkUrlSet(response.body)) {
          const id = articleIdOf(child(url, 'loc').text);
          assert.equal(months.get(id), month, `article ${id} is in the sitemap of its month`);
          assert.match(child(url, 'lastmod').text, RFC_3339);
          seen.push(id);
        }
      }
      assert.equal(seen.length, months.size, 'no article twice, no draft');
      assert.deepEqual(new Set(seen), new Set(months.keys()));
    });

    it('lists the home page, the sections, and the tags and authors that have published articles', async () => {
      const sections = checkUrlSet((await app.inject('/sitemaps/sections.xml')).body).map((u) => child(u, 'loc').text);
      assert.equal(sections[0], `${SITE}/`);
      assert.equal(sections.length, 10);
      assert.ok(sections.includes(`${SITE}/section/${encodeURIComponent('ثقافة')}`));
      for (const loc of sections) {
        assert.equal((await app.inject(loc.slice(SITE.length))).statusCode, 200, loc);
      }
      const tags = checkUrlSet((await app.inject('/sitemaps/tags.xml')).body).map((u) => child(u, 'loc').text);
      assert.deepEqual(tags, [`${SITE}/tag/${encodeURIComponent('أخبار-عاجلة')}`]);
      const authors = checkUrlSet((await app.inject('/sitemaps/authors.xml')).body).map((u) => child(u, 'loc').text);
      assert.ok(authors.includes(`${SITE}/author/${encodeURIComponent('مراسل')}`));
      assert.ok(authors.includes(`${SITE}/author/${encodeURIComponent('جوهرة-أف-أم')}`));
      for (const loc of [...tags, ...authors]) {
        assert.equal((await app.inject(loc.slice(SITE.length))).statusCode, 200, loc);
      }
    });

    it('gives Google News the articles of the last 48 hours with the publication name and language ar', async () => {
      const response = await app.inject('/sitemaps/news.xml');
      assert.equal(response.statusCode, 200);
      const urls = checkUrlSet(response.body, { news: true });
      const ids = urls.map((u) => articleIdOf(child(u, 'loc').text));
      const recent = [...months.keys()].filter((id) =>
        months.get(id)?.startsWith(new Date().toISOString().slice(0, 4)),
      );
      assert.equal(ids.length, 4, 'the three recent stories and the breaking one; no draft, nothing older');
      assert.ok(ids.every((id) => recent.includes(id)));
      for (const url of urls) {
        const news = child(url, 'news:news');
        const publication = child(news, 'news:publication');
        assert.equal(child(publication, 'news:name').text, 'الغد 24');
        assert.equal(child(publication, 'news:language').text, 'ar');
        const date = child(news, 'news:publication_date').text;
        assert.match(date, RFC_3339);
        assert.ok(Date.now() - Date.parse(date) < 48 * 3600_000);
        assert.ok(child(news, 'news:title').text.length > 0);
      }
      const hostile = urls.find((u) => articleIdOf(child(u, 'loc').text) === hostileId);
      assert.equal(
        child(child(hostile!, 'news:news'), 'news:title').text,
        'عاجل <script>alert(1)</script> & ]]>  نهاية',
      );
    });

    it('answers 404 in plain text for malformed, empty or missing sitemap files', async () => {
      const [month] = [...months.values()].filter((m) => m !== null);
      for (const path of [
        '/sitemaps/articles-2017-13.xml',
        '/sitemaps/articles-2017-00.xml',
        '/sitemaps/articles-17-05.xml',
        '/sitemaps/articles-2017-5.xml',
        '/sitemaps/articles-2017-05.json',
        `/sitemaps/articles-${month}-2.xml`,
        '/sitemaps/articles-1999-01.xml',
        '/sitemaps/articles-undated-7.xml',
        '/sitemaps/tags-9.xml',
        '/sitemaps/..%2Fpackage.json',
        '/sitemaps/%3Cscript%3E.xml',
      ]) {
        const response = await app.inject(path);
        assert.equal(response.statusCode, 404, path);
        assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8', path);
        assert.match(response.body, /لا توجد خريطة موقع/);
        assert.ok(!response.body.includes('<'), path);
      }
      for (const path of [`/sitemaps/articles-${month}-1.xml`, '/sitemaps/tags-01.xml']) {
        const response = await app.inject(path);
        assert.ok([301, 404].includes(response.statusCode), path);
      }
    });

    it('purges the sitemap of the month an update touched, and not the others', async () => {
      const [monthA, monthB] = [...new Set([...months.values()].filter((m): m is string => m !== null))].filter(
        (m) => !m.startsWith(new Date().toISOString().slice(0, 4)),
      );
      assert.ok(monthA && monthB);
      const pathA = `/sitemaps/articles-${monthA}.xml`;
      const pathB = `/sitemaps/articles-${monthB}.xml`;
      for (const path of [pathA, pathB, '/sitemap.xml']) await app.inject(path);
      for (const path of [pathA, pathB, '/sitemap.xml']) {
        assert.equal((await app.inject(path)).headers['x-ghad-cache'], 'hit', path);
      }
      const before = checkUrlSet((await app.inject(pathA)).body);
      const id = articleIdOf(child(before[0]!, 'loc').text);
      const article = (await store.articles.findById(id, { publishedOnly: true }))!;
      const external = await store.db
        .selectFrom('articles')
        .select('external_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const result = await store.articles.upsertByExternalId({
        externalId: String(external.external_id),
        headline: 'عنوان جديد بعد التصحيح',
        body: article.body,
        status: 'published',
        sectionSlug: article.section.slug,
        publishedAt: article.publishedAt,
        bylines: article.bylines.map(({ author }) => ({ name: author.name, kind: author.kind })),
      });
      const changes = new ChangeSet();
      changes.add(result.change!);
      await app.purgePages(tagsForChanges(changes, 'Africa/Casablanca'));

      const refreshed = await app.inject(pathA);
      assert.equal(refreshed.headers['x-ghad-cache'], 'miss');
      const url = checkUrlSet(refreshed.body).find((u) => articleIdOf(child(u, 'loc').text) === id);
      assert.ok(child(url!, 'loc').text.includes(encodeURIComponent('عنوان-جديد-بعد-التصحيح')), 'the new slug');
      assert.ok(Date.parse(child(url!, 'lastmod').text) > Date.parse(child(before[0]!, 'lastmod').text));
      assert.equal((await app.inject(pathB)).headers['x-ghad-cache'], 'hit', 'other months stay cached');
      assert.equal((await app.inject('/sitemap.xml')).headers['x-ghad-cache'], 'miss');
    });

    it('splits a listing longer than a file into numbered parts, read in keyset batches', async () => {
      const site = await testSiteContext(store, { url: SITE });
      const small = Fastify();
      const pageCache = new PageCache({ enabled: true, maxBytes: 1 << 20, maxAgeMs: 60_000, cacheControl: 'public' });
      await small.register(sitemapsPlugin, { store, site, pageCache, urlsPerFile: 3, batchSize: 2 });
      try {
        const files = checkIndex((await small.inject('/sitemap.xml')).body);
        const byMonth = new Map<string, number>();
        for (const month of months.values()) if (month) byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
        const [bigMonth, count] = [...byMonth].sort((a, b) => b[1] - a[1])[0]!;
        assert.ok(count > 3, `${bigMonth} has ${count} articles`);
        const parts = files.filter((f) => f.startsWith(`/sitemaps/articles-${bigMonth}`));
        assert.equal(parts.length, Math.ceil(count / 3));
        assert.equal(parts[0], `/sitemaps/articles-${bigMonth}.xml`);
        assert.equal(parts[1], `/sitemaps/articles-${bigMonth}-2.xml`);
        const ids: number[] = [];
        for (const part of parts) {
          const urls = checkUrlSet((await small.inject(part)).body);
          assert.ok(urls.length <= 3 && urls.length > 0, part);
          ids.push(...urls.map((u) => articleIdOf(child(u, 'loc').text)));
        }
        assert.equal(ids.length, count);
        assert.equal(new Set(ids).size, count, 'no article in two parts');
        assert.ok(ids.every((id) => months.get(id) === bigMonth));
        const past = await small.inject(`/sitemaps/articles-${bigMonth}-${parts.length + 1}.xml`);
        assert.equal(past.statusCode, 404);

        const authorParts = files.filter((f) => f.startsWith('/sitemaps/authors'));
        const authorCount = Number(
          (
            await store.db
              .selectFrom('article_bylines')
              .select((eb) => eb.fn.count('author_id').distinct().as('n'))
              .where('listed', '=', 1)
              .executeTakeFirstOrThrow()
          ).n,
        );
        assert.equal(authorParts.length, Math.ceil(authorCount / 3));
      } finally {
        await small.close();
      }
    });
  });
}
