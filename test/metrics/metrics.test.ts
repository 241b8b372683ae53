/**
 * What Prometheus reads from a server: requests by route pattern (never the URL) and status
 * with their latency, the page cache's hits and misses, searches, the job loop's lag and the
 * outbox, the PostgreSQL pool, purges per cache node, and Node's own metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { GhadMetrics } from '../../src/metrics/ghad-metrics.ts';
import { enqueue, OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { UNMATCHED_ROUTE } from '../../src/web/request-metrics.ts';
import { publishCorpus } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { families, sample } from './exposition.ts';

describe('metrics of the web app', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let store: Store;
  let app: FastifyInstance;
  let metrics: GhadMetrics;
  let ids: number[];

  before(async () => {
    database = await freshDatabase('sqlite');
    store = await openStore(database.options);
    ids = await publishCorpus(store, 3);
    metrics = new GhadMetrics();
    app = await buildApp({
      config: testConfig({ dataDir: database.options.dataDir }),
      store,
      metrics,
      invalidationPollMs: 0,
      audienceFlushMs: 0,
    });
    await app.ready();
  });

  after(async () => {
    await app.close();
    await store.close();
    await database.cleanup();
  });

  const scrape = async () => (await metrics.exposition()).body;

  it('counts requests by route pattern, method and status, with latency buckets, and page-cache hits and misses', async () => {
    assert.equal((await app.inject('/')).headers['x-ghad-cache'], 'miss');
    assert.equal((await app.inject('/')).headers['x-ghad-cache'], 'hit');
    for (const id of ids) assert.equal((await app.inject(`/article/${id}`)).statusCode, 301);
    assert.equal((await app.inject('/no/such/page-7f3a9c')).statusCode, 404);
    assert.equal((await app.inject('/healthz')).statusCode, 200);

    const text = await scrape();
    const home = { route: '/', method: 'GET', status_code: '200' };
    assert.equal(sample(text, 'ghad_http_request_duration_seconds_count', home), 2);
    assert.equal(sample(text, 'ghad_http_request_duration_seconds_bucket', { ...home, le: '+Inf' }), 2);
    assert.ok((sample(text, 'ghad_http_request_duration_seconds_sum', home) ?? -1) > 0);
    const articles = { route: '/article/:id', method: 'GET', status_code: '301' };
    assert.equal(sample(text, 'ghad_http_request_duration_seconds_count', articles), ids.length);
    const unmatched = { route: UNMATCHED_ROUTE, method: 'GET', status_code: '404' };
    assert.equal(sample(text, 'ghad_http_request_duration_seconds_count', unmatched), 1);
    assert.equal(
      sample(text, 'ghad_http_request_duration_seconds_count', {
        route: '/healthz',
        method: 'GET',
        status_code: '200',
      }),
      1,
    );
    assert.ok(!text.includes('page-7f3a9c'), 'no URL becomes a label');
    assert.ok(!text.includes(`/article/${ids[0]}"`), 'an article is its pattern, not its id');

    assert.equal(sample(text, 'ghad_page_cache_requests_total', { route: '/', result: 'miss' }), 1);
    assert.equal(sample(text, 'ghad_page_cache_requests_total', { route: '/', result: 'hit' }), 1);
    assert.ok((sample(text, 'ghad_page_cache_entries') ?? 0) >= 1);
    assert.ok((sample(text, 'ghad_page_cache_bytes') ?? 0) > 0);
    assert.ok(!families(text).has('ghad_database_pool_connections'), 'SQLite has no pool');
  });

  it('times reader searches', async () => {
    const page = await app.inject(`/search?q=${encodeURIComponent('تونس')}`);
    assert.equal(page.statusCode, 200);
    const text = await scrape();
    assert.equal(sample(text, 'ghad_search_duration_seconds_count', { surface: 'site' }), 1);
    assert.equal(sample(text, 'ghad_search_duration_seconds_bucket', { surface: 'site', le: '+Inf' }), 1);
    assert.equal(
      sample(text, 'ghad_http_request_duration_seconds_count', { route: '/search', method: 'GET', status_code: '200' }),
      1,
    );
  });

  it('measures how late the job loop handles due messages, and the outbox it has left', async () => {
    const due = new Date('2001-05-04T09:00:00Z');
    await store.db.transaction().execute((trx) =>
      enqueue(trx, {
        topic: OUTBOX_TOPICS.pagesPurge,
        articleId: null,
        payload: { tags: ['home'] },
        availableAt: due,
      }),
    );
    const jobs = new JobLoop({
      store,
      timeZone: 'Africa/Casablanca',
      onDone: (messages, at) => metrics.recordJobsDone(messages, at),
    });
    assert.equal(await jobs.runDue(() => new Date(due.getTime() + 1500)), 1);
    // What the corpus's publication left for webhooks, due now, long after these.
    const before = await store.outbox.pendingCount();
    const later = new Date('2001-05-04T10:00:00Z');
    await store.db.transaction().execute(async (trx) => {
      await enqueue(trx, {
        topic: OUTBOX_TOPICS.pagesPurge,
        articleId: null,
        payload: { tags: ['home'] },
        availableAt: later,
      });
      await enqueue(trx, {
        topic: OUTBOX_TOPICS.publishDue,
        articleId: ids[0] ?? null,
        payload: { articleId: ids[0], at: '2001-05-05T09:00:00Z' },
        availableAt: new Date('2001-05-05T09:00:00Z'),
      });
    });
    metrics.watchOutbox(store.outbox, () => new Date(later.getTime() + 30_000));

    const text = await scrape();
    assert.equal(sample(text, 'ghad_job_loop_lag_seconds_count', { topic: 'pages.purge' }), 1);
    assert.equal(sample(text, 'ghad_job_loop_lag_seconds_sum', { topic: 'pages.purge' }), 1.5);
    assert.equal(sample(text, 'ghad_job_loop_lag_seconds_bucket', { topic: 'pages.purge', le: '1' }), 0);
    assert.equal(sample(text, 'ghad_job_loop_lag_seconds_bucket', { topic: 'pages.purge', le: '2' }), 1);
    assert.equal(sample(text, 'ghad_outbox_pending'), before + 2, 'the due purge and the next day’s publication');
    assert.equal(sample(text, 'ghad_outbox_oldest_due_seconds'), 30);
  });

  it('reads each cache node’s purges from the purger on every scrape', async () => {
    const node = 'http://127.0.0.1:6081';
    let stats = [{ node, sent: 3, failed: 1, pending: 2 }];
    metrics.watchPurges(() => stats);
    let text = await scrape();
    assert.equal(sample(text, 'ghad_purges_sent_total', { node }), 3);
    assert.equal(sample(text, 'ghad_purges_failed_total', { node }), 1);
    assert.equal(sample(text, 'ghad_purges_pending', { node }), 2);
    stats = [
      { node, sent: 5, failed: 1, pending: 0 },
      { node: 'http://127.0.0.2:6081', sent: 0, failed: 4, pending: 5 },
    ];
    text = await scrape();
    assert.equal(sample(text, 'ghad_purges_sent_total', { node }), 5);
    assert.equal(sample(text, 'ghad_purges_pending', { node }), 0);
    assert.equal(sample(text, 'ghad_purges_failed_total', { node: 'http://127.0.0.2:6081' }), 4);
  });
});

describe('metrics of the process and the PostgreSQL pool', () => {
  it('includes Node’s own metrics when asked (serve asks, once per process)', async () => {
    const text = (await new GhadMetrics({ processMetrics: true }).exposition()).body;
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      assert.ok(families(text).has(name), name);
    assert.ok(
      !families(await new GhadMetrics().exposition().then((m) => m.body)).has('process_cpu_user_seconds_total'),
    );
  });

  it('reads the PostgreSQL pool’s connections and waiting queries', async () => {
    const database = await freshDatabase('postgres');
    const store = await openStore(database.options);
    try {
      const metrics = new GhadMetrics();
      metrics.watchConnectionPool(store.connectionPool);
      await store.articles.countAll();
      const text = (await metrics.exposition()).body;
      const idle = sample(text, 'ghad_database_pool_connections', { state: 'idle' }) ?? -1;
      const inUse = sample(text, 'ghad_database_pool_connections', { state: 'in_use' }) ?? -1;
      assert.ok(idle >= 1, `idle ${idle}`);
      assert.equal(inUse, 0);
      assert.equal(sample(text, 'ghad_database_pool_waiting'), 0);
    } finally {
      await store.close();
      await database.cleanup();
    }
  });
});
