/**
 * deploy/varnish/ghad.vcl in a real varnishd (Debian's, with vmod_xkey), skipped with a message
 * where /usr/sbin/varnishd is absent: Ghad's pages are cached and a publish purges them by tag
 * through the purger; a tag purge removes a page; pages stay served (stale) while the app is
 * down; the newsroom, writes and signed-in readers pass; tracking cookies do not split the cache.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CacheNodePurger } from '../../src/jobs/cache-node-purger.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { catchUpWithPurgesBeforeAnswering } from '../../src/web/purge-catch-up.ts';
import { testConfig } from '../helpers/config.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { until } from '../helpers/until.ts';
import { startVarnish, type VarnishProcess, varnishMissing } from '../helpers/varnish.ts';

const SKIP = varnishMissing();
if (SKIP) console.log(`# ${SKIP}`);

/** Waits for `condition`, checking every 20 ms, failing after a generous `timeoutMs`. */

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function purge(origin: string, tags: string): Promise<{ status: number; purged: string | null }> {
  const response = await fetch(`${origin}/`, { method: 'PURGE', headers: { 'xkey-purge': tags } });
  await response.body?.cancel();
  return { status: response.status, purged: response.headers.get('x-purged') };
}

describe('Ghad behind Varnish', { skip: SKIP }, () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let varnish: VarnishProcess;
  let purger: CacheNodePurger;
  let jobs: JobLoop;

  before(async () => {
    const database = await freshDatabase('sqlite');
    cleanup = database.cleanup;
    store = await openStore(database.options);
    await importSampleNewspaper(store, { dated: 20, undated: 0, recent: 3 });
    app = await buildApp({ config: testConfig({ dataDir: database.options.dataDir }), store });
    catchUpWithPurgesBeforeAnswering(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    varnish = await startVarnish({ backends: [{ host: '127.0.0.1', port }], probeInterval: '500ms' });
    purger = new CacheNodePurger({ store, nodes: [varnish.purgeUrl], pollMs: 100 });
    jobs = new JobLoop({
      store,
      timeZone: 'Africa/Casablanca',
      onPurge: () => {
        void app.applyRecordedPurges();
        purger.wake();
      },
    });
    purger.start();
    jobs.start();
    // The job loop makes the imported archive's «اقرأ أيضا» lists and purges their pages: a page
    // cached before the last of those purges would be dropped between the tests' two requests.
    await until('the lists made, their purges recorded and acknowledged by Varnish', async () => {
      const queued = await store.db
        .selectFrom('related_pending')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      if (Number(queued.count) > 0 || (await store.outbox.hasDue(new Date()))) return false;
      const progress = await store.cacheNodes.progress(varnish.purgeUrl);
      return (
        purger.stats()[0]!.sent >= 1 &&
        progress !== undefined &&
        !progress.fullPurge &&
        progress.acknowledgedId >= (await store.cacheInvalidations.latestId())
      );
    });
  });
  after(async () => {
    await jobs?.stop();
    await purger?.stop();
    await varnish?.stop();
    await app?.close();
    await store?.close();
    await cleanup?.();
  });

  it('caches a page, and a purge of one of its tags removes it', async () => {
    const [row] = await store.db
      .selectFrom('articles')
      .select(['id', 'headline'])
      .where('status', '=', 'published')
      .limit(1)
      .execute();
    const listed = await get(`${varnish.origin}/api/v1/articles?limit=1`);
    assert.equal(listed.status, 200);
    const articlePath = new URL((JSON.parse(listed.body) as { data: { url: string }[] }).data[0]!.url).pathname;
    const first = await get(`${varnish.origin}${articlePath}`);
    assert.equal(first.status, 200);
    const again = await get(`${varnish.origin}${articlePath}`);
    assert.equal(again.headers.get('x-cache'), 'HIT', 'served by Varnish the second time');
    assert.equal(again.headers.get('xkey'), null, 'the tags stay inside Varnish');
    assert.ok(row);
    const tags = first.headers.get('surrogate-key') ?? '';
    const articleTag = tags.split(' ').find((t) => t.startsWith('article:'));
    assert.ok(articleTag, `the page is tagged with its article (${tags})`);
    const purged = await purge(varnish.origin, `${articleTag} some-other-tag`);
    assert.equal(purged.status, 200);
    assert.ok(Number(purged.purged) >= 1, `purged ${purged.purged}`);
    assert.equal((await get(`${varnish.origin}${articlePath}`)).headers.get('x-cache'), 'MISS');
  });

  it('shows a publish on the home page it had cached, through the purger', async () => {
    const home = await get(`${varnish.origin}/`);
    assert.equal(home.status, 200);
    assert.equal((await get(`${varnish.origin}/`)).headers.get('x-cache'), 'HIT');
    const headline = 'وزارة التجهيز تطلق مشروع الطريق السيار الجديد بين مراكش وأكادير';
    assert.ok(!home.body.includes(headline));
    const [draft] = corpusDrafts(1);
    const article = await store.newsroomArticles.create(PEOPLE.editor, { ...draft!, headline });
    const sentBefore = purger.stats()[0]!.sent;
    await store.newsroomArticles.transition(PEOPLE.editor, article.id, { action: 'publish' });
    jobs.wake();
    // The home page's s-maxage is 60 s: within this deadline only the purge can show it.
    await until('Varnish serves the home page with the new headline', async () =>
      (await get(`${varnish.origin}/`)).body.includes(headline),
    );
    assert.ok(purger.stats()[0]!.sent > sentBefore);
    assert.equal(purger.stats()[0]!.failed, 0);
  });
});

/** A stand-in app host: counts what reaches it; pages under /stale/ are fresh for 1 s only. */
class TinyBackend {
  readonly requests: { method: string; url: string; cookie: string | undefined }[] = [];
  readonly #server: http.Server;
  port = 0;

  constructor() {
    this.#server = http.createServer((request, response) => {
      request.resume();
      const url = request.url ?? '/';
      if (url === '/healthz' || url === '/readyz') {
        response.end('ok\n');
        return;
      }
      this.requests.push({ method: request.method ?? '', url, cookie: request.headers.cookie });
      const served = this.requests.filter((r) => r.url === url).length;
      response.setHeader(
        'cache-control',
        url.startsWith('/stale/')
          ? 'public, max-age=1, s-maxage=1, stale-while-revalidate=300'
          : 'public, max-age=30, s-maxage=60, stale-while-revalidate=300',
      );
      response.setHeader('surrogate-key', `home page:${url.replaceAll('/', '_')}`);
      response.setHeader('x-ghad-cache', 'miss');
      response.setHeader('vary', 'Accept-Encoding');
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<p>${url} نسخة ${served}</p>\n`);
    });
  }

  hits(url: string): number {
    return this.requests.filter((r) => r.url === url).length;
  }

  async up(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async down(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

describe('deploy/varnish/ghad.vcl', { skip: SKIP }, () => {
  let backend: TinyBackend;
  let varnish: VarnishProcess;

  before(async () => {
    backend = await new TinyBackend().up();
    varnish = await startVarnish({ backends: [{ host: '127.0.0.1', port: backend.port }], probeInterval: '200ms' });
  });
  after(async () => {
    await varnish?.stop();
    await backend?.down().catch(() => {});
  });

  it('passes the newsroom, the admin API, writes and signed-in readers to the app', async () => {
    for (const path of ['/newsroom/articles', '/api/v1/admin/articles']) {
      await get(`${varnish.origin}${path}`);
      await get(`${varnish.origin}${path}`);
      assert.equal(backend.hits(path), 2, path);
    }
    await get(`${varnish.origin}/signed-in`, { cookie: 'ghad_session=abc' });
    await get(`${varnish.origin}/signed-in`, { cookie: '_ga=GA1.2.3; ghad_session=abc' });
    assert.equal(backend.hits('/signed-in'), 2);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${varnish.origin}/api/v1/views`, { method: 'POST', body: '{}' });
      await response.body?.cancel();
    }
    assert.equal(backend.hits('/api/v1/views'), 2);
  });

  it('drops the cookies a reader page does not read, so they do not split the cache', async () => {
    const first = await get(`${varnish.origin}/section/economie`, { cookie: '_ga=GA1.2.3; _fbp=fb.1.2' });
    const second = await get(`${varnish.origin}/section/economie`, { cookie: '_gid=GA1.9; theme=dark' });
    assert.equal(first.status, 200);
    assert.equal(second.headers.get('x-cache'), 'HIT');
    assert.equal(backend.hits('/section/economie'), 1);
    assert.equal(backend.requests.find((r) => r.url === '/section/economie')?.cookie, undefined);
  });

  it('refuses purges without tags, and purges everything for *', async () => {
    assert.equal((await purge(varnish.origin, '')).status, 400);
    await get(`${varnish.origin}/everything/1`);
    await get(`${varnish.origin}/everything/2`);
    assert.equal((await get(`${varnish.origin}/everything/1`)).headers.get('x-cache'), 'HIT');
    assert.deepEqual(await purge(varnish.origin, '*'), { status: 200, purged: 'all' });
    assert.equal((await get(`${varnish.origin}/everything/1`)).headers.get('x-cache'), 'MISS');
    assert.equal((await get(`${varnish.origin}/everything/2`)).headers.get('x-cache'), 'MISS');
  });

  it('serves stale pages while the app is down, even after a purge, and fresh ones once it is back', async () => {
    const page = '/stale/home';
    assert.match((await get(`${varnish.origin}${page}`)).body, /نسخة 1/);
    await backend.down();
    await until('Varnish finds the app down', async () => /\bsick\b/.test(await varnish.backendList()));
    // Past its s-maxage (1 s), the page is still served, as it was.
    let stale = await get(`${varnish.origin}${page}`);
    await until('the page is past its time', async () => {
      stale = await get(`${varnish.origin}${page}`);
      assert.equal(stale.status, 200);
      assert.match(stale.body, /نسخة 1/);
      return Number(stale.headers.get('age')) >= 2;
    });
    // A purge while no app host is up keeps the page to serve.
    assert.equal((await purge(varnish.origin, `page:${page.replaceAll('/', '_')}`)).status, 200);
    const afterPurge = await get(`${varnish.origin}${page}`);
    assert.equal(afterPurge.status, 200);
    assert.match(afterPurge.body, /نسخة 1/);
    // A page never cached: the Arabic error page.
    const missing = await get(`${varnish.origin}/stale/never-seen`);
    assert.equal(missing.status, 503);
    assert.match(missing.body, /الموقع غير متاح مؤقتا/);

    await backend.up();
    await until('Varnish finds the app back', async () => /\bhealthy\b/.test(await varnish.backendList()));
    await until('the page is fresh again', async () => /نسخة 2/.test((await get(`${varnish.origin}${page}`)).body));
  });
});
