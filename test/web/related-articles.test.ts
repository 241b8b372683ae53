/**
 * «اقرأ أيضا» and near-copies through HTTP, on SQLite and PostgreSQL: 200 Jawhara FM articles
 * and a desk's rewrite of one of them (new headline, a paragraph dropped, one moved).
 * GET /api/v1/articles/:id/related lists the rewrite among the duplicates of the original and
 * never among its related articles; a related article shares a name with it and says which;
 * the article page shows the same list under «اقرأ أيضا»; unknown and draft articles are 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { calendarDay } from '../../src/arabic/dates.ts';
import { DEFAULT_TIME_ZONE } from '../../src/config.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { termKeys } from '../../src/stories/rare-terms.ts';
import { reasonParts } from '../../src/stories/related-scoring.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { deskRewrite, jawharaArticle as importable, jawharaRecords } from '../helpers/dispatch-rewrite.ts';

const RECORDS = jawharaRecords(200);
const ORIGINAL = RECORDS.find((r) => r.id === 'JA-culture-55-20160628')!;

interface RelatedBody {
  related: {
    id: number;
    externalId: string | null;
    title: string;
    url: string;
    publishedAt: string | null;
    reason: string;
  }[];
  duplicates: { id: number; externalId: string | null; title: string; similarity: number }[];
  context: { date: string; matched: string; quote: string; articleId: number | null; url: string | null }[];
}

for (const dialect of DIALECTS) {
  describe(`related articles and near-copies over HTTP (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    const ids = new Map<string, number>();

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      assert.ok(ORIGINAL, 'JA-culture-55-20160628 among the first 200 Jawhara records');
      const rewrite = deskRewrite(ORIGINAL, 'desk-rewrite', 'برقية معاد تحريرها بعنوان جديد');
      const results = await store.articles.upsertManyByExternalId([...RECORDS.map(importable), rewrite]);
      for (const [i, result] of results.entries()) {
        ids.set(i < RECORDS.length ? String(RECORDS[i]!.id) : 'desk-rewrite', result.id);
      }
      app = await buildApp({
        config: { ...testConfig({ dataDir: fresh.options.dataDir }), pageCache: false },
        store,
        invalidationPollMs: 0,
        apiLimits: { anonymousPerMinute: 10_000 },
      });
    });

    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    const related = async (id: number) => {
      const response = await app.inject(`/api/v1/articles/${id}/related`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as RelatedBody;
    };

    it('lists the rewrite as a duplicate of the original, and the original of the rewrite, never as related', async () => {
      const original = await related(ids.get(String(ORIGINAL.id))!);
      assert.deepEqual(
        original.duplicates.map((d) => d.externalId),
        ['desk-rewrite'],
      );
      assert.equal(original.duplicates[0]!.title, 'برقية معاد تحريرها بعنوان جديد');
      assert.ok(original.duplicates[0]!.similarity >= 0.7, String(original.duplicates[0]!.similarity));
      assert.ok(!original.related.some((r) => r.externalId === 'desk-rewrite'));
      const rewrite = await related(ids.get('desk-rewrite')!);
      assert.deepEqual(
        rewrite.duplicates.map((d) => d.externalId),
        [String(ORIGINAL.id)],
      );
      assert.ok(!rewrite.related.some((r) => r.externalId === String(ORIGINAL.id)));
    });

    it('gives related articles that share a name or rare words with the article, says which, and shows them on its page', async () => {
      // Among 200 articles, some have related ones: each listed shares the names its reason
      // gives, and uses the words it gives as the article writes them.
      const textOf = async (id: number) => {
        const row = await store.db
          .selectFrom('articles')
          .select(['headline', 'kicker', 'dek', 'body_text'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return { headline: row.headline, kicker: row.kicker, dek: row.dek, bodyText: row.body_text };
      };
      let checked = 0;
      let words = 0;
      for (const [externalId, id] of ids) {
        const body = await related(id);
        if (body.related.length === 0) continue;
        const names = new Set((await store.entities.forArticle(id)).map((e) => e.name));
        const text = await textOf(id);
        const written = [text.headline, text.kicker, text.dek, text.bodyText].join('\n');
        for (const item of body.related) {
          assert.notEqual(item.id, id);
          const given = reasonParts(item.reason);
          assert.ok(given.names.length + given.terms.length > 0, item.reason);
          assert.ok(
            given.names.every((name) => names.has(name)),
            `${externalId}: ${item.reason}`,
          );
          const theirs = new Set((await store.entities.forArticle(item.id)).map((e) => e.name));
          assert.ok(
            given.names.every((name) => theirs.has(name)),
            `${item.externalId}: ${item.reason}`,
          );
          const theirTerms = new Set(termKeys(await textOf(item.id)));
          for (const term of given.terms) {
            words++;
            assert.ok(written.includes(term), `${externalId} writes «${term}»`);
            const keys = termKeys({ headline: term, kicker: null, dek: null, bodyText: '' });
            assert.ok(
              keys.some((key) => theirTerms.has(key)),
              `${item.externalId} uses «${term}»`,
            );
          }
          assert.match(item.url, /^https:\/\/alghad24\.test\/article\/\d+\//);
        }
        assert.equal(new Set(body.related.map((r) => r.id)).size, body.related.length, 'each once');
        if (checked++ === 0) {
          // /article/<id> answers 301 to the address with the slug.
          const location = (await app.inject(`/article/${id}`)).headers.location as string;
          const html = (await app.inject(location)).body;
          assert.match(html, /<h2 class="section-title" id="read-also-title"><span>اقرأ أيضا<\/span>/);
          for (const item of body.related) assert.ok(html.includes(new URL(item.url).pathname), item.url);
        }
        if (checked >= 40) break;
      }
      assert.ok(checked >= 5, `articles with related ones among 200: ${checked}`);
      assert.ok(words > 0, 'some reason gives shared words');
    });

    it('shows «السياق» on a page whose text refers to a date, worked out or kept, the same', async () => {
      // The first article whose body says «أمس»: the day before its publication, quoted.
      const withYesterday = RECORDS.find((r) => /(^|[\s،.])(?:ب?الأمس|أمس)(?=[\s،.])/.test(String(r.text)))!;
      assert.ok(withYesterday, 'a Jawhara article that says «أمس»');
      const id = ids.get(String(withYesterday.id))!;
      const page = async () => {
        const location = (await app.inject(`/article/${id}`)).headers.location as string;
        return (await app.inject(location)).body;
      };
      const workedOut = await page();
      assert.match(workedOut, /<aside class="story-context" aria-labelledby="story-context-title">/);
      assert.match(workedOut, /<strong>(?:ال)?أمس<\/strong>/);
      assert.match(
        workedOut,
        /<li class="story-context__now"><time class="story-context__when" datetime="\d{4}-\d{2}-\d{2}">/,
      );
      // The API gives the same dates, resolved: «أمس» is the day before the publication, there.
      const contextOf = async () => (await related(id)).context;
      const apiWorkedOut = await contextOf();
      const article = (await store.articles.findById(id, { publishedOnly: true }))!;
      const published = calendarDay(article.publishedAt!, DEFAULT_TIME_ZONE);
      const yesterday = new Date(Date.UTC(published.year, published.month - 1, published.day - 1));
      const entry = apiWorkedOut.find((c) => /^(?:ال)?أمس$/.test(c.matched));
      assert.ok(entry, JSON.stringify(apiWorkedOut));
      assert.equal(entry.date, yesterday.toISOString().slice(0, 10));
      assert.ok(entry.quote.includes(entry.matched));
      assert.ok(
        entry.url === null || /^https:\/\/alghad24\.test\/(article|archive)\//.test(entry.url),
        String(entry.url),
      );
      assert.deepEqual(
        apiWorkedOut.map((c) => c.date),
        apiWorkedOut.map((c) => c.date).sort(),
        'oldest first',
      );
      while ((await store.related.refreshDue()) > 0) {}
      assert.deepEqual(await contextOf(), apiWorkedOut);
      const kept = await page();
      const context = (html: string) =>
        html.slice(
          html.indexOf('<aside class="story-context"'),
          html.indexOf('</aside>', html.indexOf('<aside class="story-context"')),
        );
      assert.equal(context(kept), context(workedOut));
    });

    it('shows a dispatch and its rewrite once on the home page and once in their section', async () => {
      // The newest two articles of the site: a dispatch, then a desk's rewrite of it an hour later.
      const record = RECORDS.find((r) => r !== ORIGINAL && String(r.text).split('\n').filter(Boolean).length >= 4)!;
      const now = Date.now();
      const [dispatch, copy] = await store.articles.upsertManyByExternalId([
        { ...importable(record), externalId: 'newest-dispatch', publishedAt: new Date(now - 3_600_000) },
        { ...deskRewrite(record, 'newest-rewrite', 'البرقية نفسها بعنوان آخر'), publishedAt: new Date(now) },
      ]);
      // (The record is among the 200 too, an older copy of the same dispatch.)
      assert.ok((await related(dispatch!.id)).duplicates.some((d) => d.externalId === 'newest-rewrite'));
      const linksTo = (html: string, id: number) => html.includes(`href="/article/${id}/`);
      const home = (await app.inject('/')).body;
      assert.ok(linksTo(home, copy!.id), 'the newest, the rewrite, leads');
      assert.ok(!linksTo(home, dispatch!.id), 'its dispatch is not shown beside it');
      const article = (await store.articles.findById(copy!.id, { publishedOnly: true }))!;
      const section = (await app.inject(`/section/${encodeURIComponent(article.section.slug)}`)).body;
      assert.ok(linksTo(section, copy!.id) && !linksTo(section, dispatch!.id));
    });

    it('answers 404 for an unknown article and for a draft, 400 for a bad id', async () => {
      assert.equal((await app.inject('/api/v1/articles/999999/related')).statusCode, 404);
      const draft = await store.articles.upsertByExternalId({
        ...importable(ORIGINAL),
        externalId: 'draft',
        status: 'draft',
      });
      assert.equal((await app.inject(`/api/v1/articles/${draft.id}/related`)).statusCode, 404);
      assert.equal((await app.inject('/api/v1/articles/abc/related')).statusCode, 400);
    });
  });
}
