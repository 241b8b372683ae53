import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One cache node's purges as the purger counts them since start (GHAD_PURGE_URLS). */
export interface PurgeNodeStats {
  node: string;
  /** Purges the node answered with 200. */
  sent: number;
  /** Attempts that failed (an error status, a timeout, no answer); each is retried. */
  failed: number;
  /** Purges waiting for this node. */
  pending: number;
}

/** A connection pool's state (PostgreSQL's pg.Pool): what the pool metrics read on each scrape. */
export interface ConnectionPoolStats {
  /** Connections open, idle or lent. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** The outbox as its metrics read it on each scrape (src/store/outbox.ts). */
export interface OutboxGauges {
  pendingCount(): Promise<number>;
  oldestDueAt(now: Date): Promise<Date | undefined>;
}

/** An outbox message handled by the job loop: its topic, and since when it was due. */
export interface HandledMessage {
  topic: string;
  availableAt: Date;
}

/** Seconds: a cached page answers in about a millisecond, an uncached one in tens. */
const REQUEST_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: a search takes a few milliseconds (p50 3.5 ms on the demo), a hard one a few hundred. */
const SEARCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Seconds late: scheduled publication is promised within 1 s; retries back off to minutes. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600];

/** HTTP methods as labels; anything else is `other`, so a client cannot add label values. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Ghad's Prometheus metrics in one process, on their own registry (several apps in one test
 * process never collide). The web app records requests and searches; the process that runs the
 * job loop records its lag and watches the outbox; gauges that read something (the outbox, the
 * page cache, the connection pool, the purger) are read on each scrape, and are registered only
 * where something is watched, so that summing processes (GHAD_WORKERS) counts each thing once.
 */
export class GhadMetrics {
  readonly registry = new Registry();
  readonly #requests: Histogram<'route' | 'method' | 'status_code'>;
  readonly #pageCache: Counter<'route' | 'result'>;
  readonly #searches: Histogram<'surface'>;
  readonly #jobLag: Histogram<'topic'>;
  readonly #watched = new Set<string>();

  /** `processMetrics`: Node's own (CPU, memory, event loop, GC), once per process (serve). */
  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.#requests = new Histogram({
      name: 'ghad_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status, and how long they took (its _count is the number of requests).',
      labelNames: ['route', 'method', 'status_code'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.#pageCache = new Counter({
      name: 'ghad_page_cache_requests_total',
      help: 'Page requests answered from the page cache (hit) or rendered (miss), by route pattern.',
      labelNames: ['route', 'result'],
      registers,
    });
    this.#searches = new Histogram({
      name: 'ghad_search_duration_seconds',
      help: 'Reader searches (the site and the API), from the query to the results with snippets.',
      labelNames: ['surface'],
      buckets: SEARCH_BUCKETS,
      registers,
    });
    this.#jobLag = new Histogram({
      name: 'ghad_job_loop_lag_seconds',
      help: 'How late the job loop handled outbox messages: from when each was due to when it was done, by topic.',
      labelNames: ['topic'],
      buckets: LAG_BUCKETS,
      registers,
    });
  }

  /** One answered request; `route` is the route's pattern (`/article/:id`), never the URL. */
  recordRequest(request: {
    route: string;
    method: string;
    status: number;
    seconds: number;
    cache?: string | undefined;
  }): void {
    const method = METHODS.has(request.method) ? request.method : 'other';
    this.#requests.observe({ route: request.route, method, status_code: String(request.status) }, request.seconds);
    if (request.cache === 'hit' || request.cache === 'miss')
      this.#pageCache.inc({ route: request.route, result: request.cache });
  }

  /** Runs one reader search and records how long it took. */
  async timeSearch<T>(surface: 'site' | 'api', search: () => Promise<T>): Promise<T> {
    const end = this.#searches.startTimer({ surface });
    try {
      return await search();
    } finally {
      end();
    }
  }

  /** What the job loop did in a round: each message's lag behind its due time. */
  recordJobsDone(messages: readonly HandledMessage[], at: Date): void {
    for (const message of messages) {
      this.#jobLag.observe(
        { topic: message.topic },
        Math.max(0, (at.getTime() - message.availableAt.getTime()) / 1000),
      );
    }
  }

  /** This process serves the site: summed over processes, how many answer requests. */
  countServerProcess(): void {
    if (!this.#watch('server processes')) return;
    new Gauge({
      name: 'ghad_server_processes',
      help: 'Server processes answering requests (GHAD_WORKERS of them; 1 without workers).',
      registers: [this.registry],
    }).set(1);
  }

  /** The outbox's depth and oldest due message, read on each scrape: where the job loop runs. */
  watchOutbox(outbox: OutboxGauges, clock: () => Date = () => new Date()): void {
    if (!this.#watch('outbox')) return;
    new Gauge({
      name: 'ghad_outbox_pending',
      help: 'Outbox messages not yet done, due or scheduled later (publications, purges, webhook events).',
      registers: [this.registry],
      async collect() {
        this.set(await outbox.pendingCount().catch(() => Number.NaN));
      },
    });
    new Gauge({
      name: 'ghad_outbox_oldest_due_seconds',
      help: 'How long the oldest due outbox message has waited (0 when none is due): the job loop is stuck when it grows.',
      registers: [this.registry],
      async collect() {
        const now = clock();
        const oldest = await outbox.oldestDueAt(now).catch(() => null);
        this.set(oldest === null ? Number.NaN : oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0);
      },
    });
  }

  /** The page cache's size, read on each scrape. */
  watchPageCache(stats: () => { entries: number; bytes: number }): void {
    if (!this.#watch('page cache')) return;
    new Gauge({
      name: 'ghad_page_cache_entries',
      help: 'Pages kept in the page cache.',
      registers: [this.registry],
      collect() {
        this.set(stats().entries);
      },
    });
    new Gauge({
      name: 'ghad_page_cache_bytes',
      help: 'Bytes of the pages kept in the page cache (plain, gzip and brotli).',
      registers: [this.registry],
      collect() {
        this.set(stats().bytes);
      },
    });
  }

  /**
   * The database's connection pool, read on each scrape. PostgreSQL only: SQLite has one
   * connection in each process, always open, and nothing waits for it in a pool.
   */
  watchConnectionPool(stats: (() => ConnectionPoolStats) | undefined): void {
    if (!stats || !this.#watch('connection pool')) return;
    new Gauge({
      name: 'ghad_database_pool_connections',
      help: 'Connections of the PostgreSQL pool, by state (in_use, idle).',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const { total, idle } = stats();
        this.set({ state: 'in_use' }, total - idle);
        this.set({ state: 'idle' }, idle);
      },
    });
    new Gauge({
      name: 'ghad_database_pool_waiting',
      help: 'Queries waiting for a connection of the PostgreSQL pool.',
      registers: [this.registry],
      collect() {
        this.set(stats().waiting);
      },
    });
  }

  /**
   * The cache nodes' purges (Varnish, GHAD_PURGE_URLS), read from the purger on each scrape:
   * `metrics.watchPurges(() => purger.stats())` where the purger runs.
   */
  watchPurges(stats: () => readonly PurgeNodeStats[]): void {
    if (!this.#watch('purges')) return;
    const registers = [this.registry];
    new Counter({
      name: 'ghad_purges_sent_total',
      help: 'Tag purges a cache node answered with 200, by node.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const node of stats()) this.inc({ node: node.node }, node.sent);
      },
    });
    new Counter({
      name: 'ghad_purges_failed_total',
      help: 'Tag purge attempts that failed (error status, timeout, no answer), by node; each is retried.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const node of stats()) this.inc({ node: node.node }, node.failed);
      },
    });
    new Gauge({
      name: 'ghad_purges_pending',
      help: 'Tag purges waiting to be sent to a cache node, by node.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const node of stats()) this.set({ node: node.node }, node.pending);
      },
    });
  }

  /** The metrics in Prometheus' text format. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** False when `what` is already watched: each gauge family is registered once. */
  #watch(what: string): boolean {
    if (this.#watched.has(what)) return false;
    this.#watched.add(what);
    return true;
  }
}
