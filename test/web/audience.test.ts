/**
 * Audience end to end through inject(), on SQLite and PostgreSQL: the article page's beacon
 * counts a view once (the page itself, cached or not, counts nothing), bots and prefetches and
 * unknown or unpublished ids are not counted, one client flooding is capped, most read shows
 * on the home and article pages, reader searches are logged (normalized, zero results apart),
 * and the newsroom's statistics page shows it all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dayOf } from '../../src/audience/search-counter.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { VIEWS_PER_CLIENT_PER_MINUTE } from '../../src/web/api/views-route.ts';
import { cacheTags } from '../../src/web/cache-tags.ts';
import { articlePath } from '../../src/web/site/urls.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { NewsroomClient } from './newsroom-client.ts';

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36';
const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor' as const,
  password: 'إحصاءات الغد كل يوم',
};

for (const dialect of DIALECTS) {
  describe(`audience: views, most read, search log and statistics (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let ids: number[];
    let headlines: Map<number, string>;

    const beacon = (
      articleId: unknown,
      headers: Record<string, string> = { 'user-agent': BROWSER },
      address = '10.0.0.1',
    ) => app.inject({ method: 'POST', url: '/api/v1/views', payload: { articleId }, headers, remoteAddress: address });

    const viewsOf = async (articleId: number) => {
      const rows = await store.db
        .selectFrom('article_views')
        .select('views')
        .where('article_id', '=', articleId)
        .execute();
      return rows.reduce((sum, r) => sum + Number(r.views), 0);
    };

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      await newsroomAccounts(store.db).accounts.create(EDITOR);
      ids = await importSampleNewspaper(store, { dated: 8, undated: 0, recent: 3 });
      headlines = new Map((await store.articles.summariesWithText(ids)).map((a) => [a.id, a.headline] as const));
      app = await buildAppFor(fresh.options.dataDir);
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    async function buildAppFor(dataDir: string) {
      const { buildApp } = await import('../../src/web/app.ts');
      return buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0, audienceFlushMs: 0 });
    }

    it('counts a view by the beacon once, with the page served from the cache, and nothing for the page itself', async () => {
      const id = ids[0] as number;
      const summary = (await store.articles.summariesWithText([id]))[0];
      assert.ok(summary);
      const path = articlePath(summary);
      const first = await app.inject({ url: path, headers: { 'user-agent': BROWSER } });
      const second = await app.inject({ url: path, headers: { 'user-agent': BROWSER } });
      assert.equal(first.statusCode, 200);
      assert.equal(second.headers['x-ghad-cache'], 'hit', 'the second request is served from the page cache');
      assert.match(second.body, new RegExp(`<script data-article="${id}">`), 'the cached page carries the beacon');
      assert.match(second.body, /credentials:'omit'/, 'the beacon sends no cookie');
      await app.audience.flush();
      assert.equal(await viewsOf(id), 0, 'serving a page counts nothing');

      const answer = await beacon(id);
      assert.equal(answer.statusCode, 204);
      assert.equal(answer.headers['set-cookie'], undefined, 'no cookie is set');
      assert.equal(await viewsOf(id), 0, 'nothing is written on the request path');
      await app.audience.flush();
      assert.equal(await viewsOf(id), 1);
      await app.audience.flush();
      assert.equal(await viewsOf(id), 1, 'a second flush adds nothing');
      const hours = await store.db.selectFrom('article_views').selectAll().where('article_id', '=', id).execute();
      assert.deepEqual(
        Object.keys(hours[0] ?? {}).sort(),
        ['article_id', 'hour', 'views'],
        'nothing about the reader is kept',
      );
    });

    it('does not count bots, prefetches, unknown ids or unpublished articles', async () => {
      const id = ids[1] as number;
      const refused: Record<string, string>[] = [
        { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
        { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' },
        {
          'user-agent':
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0 Safari/537.36',
        },
        { 'user-agent': 'curl/8.5.0' },
        { 'user-agent': BROWSER, 'sec-purpose': 'prefetch' },
        { 'user-agent': BROWSER, 'sec-purpose': 'prefetch;prerender' },
        { 'user-agent': '' },
      ];
      for (const headers of refused) assert.equal((await beacon(id, headers, '10.0.0.2')).statusCode, 204);
      assert.equal((await beacon(999_999)).statusCode, 204, 'an unknown id is answered, not counted');
      await store.db
        .updateTable('articles')
        .set({ status: 'draft' })
        .where('id', '=', ids[7] as number)
        .execute();
      assert.equal((await beacon(ids[7])).statusCode, 204);
      await app.audience.flush();
      assert.equal(await viewsOf(id), 0);
      assert.equal(await viewsOf(ids[7] as number), 0);
      const unknown = await store.db
        .selectFrom('article_views')
        .select('article_id')
        .where('article_id', '=', 999_999)
        .execute();
      assert.deepEqual(unknown, []);
      for (const bad of ['12', -1, 0, 1.5, null]) {
        const answer = await beacon(bad);
        assert.equal(answer.statusCode, 400, `articleId ${JSON.stringify(bad)} is refused`);
        assert.match(answer.json().error.code, /^(wrong_type|bad_parameter|out_of_range)$/);
        assert.ok(answer.json().error.messageAr);
      }
    });

    it('shows most read on the home page and the article page, counted from the hourly views', async () => {
      // ids[2] read three times, ids[0] once (above): ids[2] leads both lists.
      for (const address of ['10.0.1.1', '10.0.1.2', '10.0.1.3']) await beacon(ids[2], undefined, address);
      await app.audience.flush();
      app.audience.mostRead.forget();
      const lists = await app.audience.mostRead.current();
      assert.deepEqual(
        lists.day.map((a) => a.id),
        [ids[2], ids[0]],
      );
      assert.deepEqual(
        lists.week.map((a) => a.id),
        [ids[2], ids[0]],
      );

      const home = await app.inject({ url: '/' });
      const block = /<aside class="most-read"[\s\S]*?<\/aside>/.exec(home.body)?.[0] ?? '';
      assert.match(block, /الأكثر قراءة/);
      assert.match(block, /آخر 24 ساعة/);
      assert.match(block, /آخر 7 أيام/);
      const first = block.indexOf(`href="/article/${ids[2]}/`);
      const second = block.indexOf(`href="/article/${ids[0]}/`);
      assert.ok(first > 0 && second > first, 'the most read comes first');
      assert.ok(!block.includes(`href="/article/${ids[1]}/`), 'an unread article is not listed');

      const summary = (await store.articles.summariesWithText([ids[3] as number]))[0];
      assert.ok(summary);
      const article = await app.inject({ url: articlePath(summary) });
      assert.match(article.body, /<aside class="most-read"[\s\S]*?الأكثر قراءة/);

      // Unpublished (and its pages purged, as the newsroom's writes do): it leaves the block at once.
      await store.db
        .updateTable('articles')
        .set({ status: 'draft' })
        .where('id', '=', ids[0] as number)
        .execute();
      await app.purgePages([cacheTags.article(ids[0] as number)]);
      const after = await app.inject({ url: '/' });
      const again = /<aside class="most-read"[\s\S]*?<\/aside>/.exec(after.body)?.[0] ?? '';
      assert.ok(again.includes(`href="/article/${ids[2]}/`));
      assert.ok(!again.includes(`href="/article/${ids[0]}/`), 'an unpublished article is not listed');
      await store.db
        .updateTable('articles')
        .set({ status: 'published' })
        .where('id', '=', ids[0] as number)
        .execute();
      await app.purgePages([cacheTags.article(ids[0] as number)]);
    });

    it('logs reader searches, normalized, with those that found nothing, and no more than the first page', async () => {
      const word = (headlines.get(ids[0] as number) as string).split(/\s+/).find((w) => w.length >= 4) as string;
      assert.ok(word);
      assert.equal((await app.inject({ url: `/search?q=${encodeURIComponent(word)}` })).statusCode, 200);
      await app.inject({ url: `/search?q=${encodeURIComponent(`  ${word}  `)}` });
      await app.inject({ url: `/search?q=${encodeURIComponent(word)}&page=2` });
      const api = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent(word)}` });
      assert.equal(api.statusCode, 200);
      await app.inject({ url: `/search?q=${encodeURIComponent('زرافةقطبية')}` });
      await app.audience.flush();
      const today = dayOf(new Date(), 'Africa/Casablanca');
      const top = await store.audience.topSearches(today, 10);
      const logged = top.find((t) => t.query !== 'زرافةقطبية');
      assert.ok(logged, JSON.stringify(top));
      assert.equal(logged.searches, 3, 'two reader searches and one API search; page 2 is not a new search');
      assert.equal(logged.zeroResults, 0);
      const zero = await store.audience.topSearches(today, 10, true);
      assert.deepEqual(
        zero.map((z) => z.query),
        ['زرافةقطبية'],
      );
      const columns = Object.keys(
        (await store.db.selectFrom('search_log').selectAll().executeTakeFirst()) ?? {},
      ).sort();
      assert.deepEqual(columns, ['day', 'query', 'searches', 'zero_results'], 'nothing about the reader is kept');
    });

    it('shows editors the statistics page: chart, sections, top articles and searches', async () => {
      const client = new NewsroomClient(app);
      assert.equal((await client.signIn(EDITOR.email, EDITOR.password)).statusCode, 303);
      const page = await client.get('/newsroom/stats?period=7d');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<svg class="chart"[^>]*role="img"/);
      assert.match(page.body, /<rect class="chart__bar"/);
      assert.match(page.body, /aria-current="page">آخر 7 أيام/);
      assert.match(page.body, /class="section-bars"/);
      const list = /<ol class="top-articles">[\s\S]*?<\/ol>/.exec(page.body)?.[0] ?? '';
      const first = list.indexOf(`href="/newsroom/articles/${ids[2]}"`);
      const second = list.indexOf(`href="/newsroom/articles/${ids[0]}"`);
      assert.ok(first > 0 && second > first, 'the most read comes first');
      assert.match(list, /<svg class="sparkline"/);
      assert.match(page.body, /زرافةقطبية/);
      const fallback = await client.get('/newsroom/stats?period=nonsense');
      assert.equal(fallback.statusCode, 200);
      assert.match(fallback.body, /aria-current="page">آخر 24 ساعة/);
    });

    it('caps one client flooding the beacon, and counts one view per address and article', async () => {
      const id = ids[4] as number;
      const answers = [];
      for (let i = 0; i < VIEWS_PER_CLIENT_PER_MINUTE + 5; i++)
        answers.push((await beacon(id, undefined, '10.9.9.9')).statusCode);
      assert.equal(answers.filter((s) => s === 204).length, VIEWS_PER_CLIENT_PER_MINUTE);
      assert.equal(answers.filter((s) => s === 429).length, 5);
      await app.audience.flush();
      assert.equal(await viewsOf(id), 1, '30 beacons from one address are one view');
      // The same address reading another article, and other addresses, still count.
      assert.equal((await beacon(ids[5], undefined, '10.9.9.8')).statusCode, 204);
      assert.equal((await beacon(id, undefined, '10.9.9.7')).statusCode, 204);
      assert.equal((await beacon(id, undefined, '10.9.9.7')).statusCode, 204);
      await app.audience.flush();
      assert.equal(await viewsOf(id), 2);
      assert.equal(await viewsOf(ids[5] as number), 1);
      app.audience.mostRead.forget();
      const top = (await app.audience.mostRead.current()).day.map((a) => a.id);
      assert.equal(top[0], ids[2], 'the flooded article does not top «الأكثر قراءة»');
    });
  });
}
