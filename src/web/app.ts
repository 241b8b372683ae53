import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import { Audience } from '../audience/audience.ts';
import { commentAddressKey } from '../comments/address-hash.ts';
import type { Config } from '../config.ts';
import { type MediaStorage, openMediaStorage } from '../media/media-storage.ts';
import { linkMediaAt } from '../media/media-urls.ts';
import { GhadMetrics } from '../metrics/ghad-metrics.ts';
import type { Store } from '../store/store.ts';
import type { ApiLimits } from './api/api-clients.ts';
import { apiPlugin } from './api/plugin.ts';
import { registerAssets } from './assets.ts';
import { feedsPlugin } from './feeds/plugin.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { compilersOnFirstUse } from './lazy-schema-compilers.ts';
import { registerMediaFiles } from './media-files-route.ts';
import { type NewsroomOptions, newsroomPlugin } from './newsroom/plugin.tsx';
import { DEFAULT_CACHE_CONTROL, PageCache } from './page-cache.ts';
import { Readiness } from './readiness.ts';
import { recordRequests } from './request-metrics.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { oldAddressLocation } from './site/old-addresses.ts';
import { sendError, sitePlugin } from './site/plugin.tsx';
import type { SiteContext } from './site/site-context.ts';
import { sitemapsPlugin } from './sitemaps/plugin.ts';
import { addStoreChecks } from './store-readiness.ts';

export interface AppOptions {
  config: Config;
  store: Store;
  /** Log requests and errors (off in tests). */
  logger?: boolean;
  /** How often purges recorded by other processes are applied, in ms; 0 turns polling off. */
  invalidationPollMs?: number;
  /** Session lifetimes and sign-in limits of the newsroom (tests shorten them). */
  newsroom?: Partial<NewsroomOptions>;
  /** Requests per minute of the JSON API (tests lower them). */
  apiLimits?: Partial<ApiLimits>;
  /** How often counted views and searches are written to the database, in ms; 0: only on close (tests flush). */
  audienceFlushMs?: number;
  /** The time of the reader pages: when cached pages and the breaking-news banner end (tests move it). */
  clock?: () => Date;
  /** Where image files are kept; the one the configuration names (GHAD_MEDIA_STORAGE) unless a test gives its own. */
  mediaStorage?: MediaStorage;
  /** The process's Prometheus metrics (serve shares them with the job loop); one of its own otherwise. */
  metrics?: GhadMetrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache;
    /** Purges pages here and records the purge for every other server and process. */
    purgePages(tags: readonly string[]): Promise<void>;
    /**
     * Applies now the purges recorded in the database since this process last looked (it looks
     * every `invalidationPollMs` anyway): what the job loop's process, or the supervisor over IPC,
     * calls after recording some. Each recorded purge is applied once.
     */
    applyRecordedPurges(): Promise<void>;
    /** Views, searches and most read, counted in memory and flushed to the database. */
    audience: Audience;
    /** Where image files are kept (GHAD_MEDIA_STORAGE): uploads write there, /media/ reads from there. */
    mediaStorage: MediaStorage;
    /** Requests, page-cache answers, searches…: what /metrics shows (src/metrics/ghad-metrics.ts). */
    metrics: GhadMetrics;
    /** What /readyz asks; `app.readiness.add('media storage', () => storage.check())` adds a check. */
    readiness: Readiness;
  }
}

/** The whole web application: reader site and assets, with the page cache in front. */
export async function buildApp({
  config,
  store,
  logger = false,
  invalidationPollMs = 500,
  newsroom = {},
  apiLimits = {},
  audienceFlushMs = 5000,
  clock,
  mediaStorage,
  metrics = new GhadMetrics(),
}: AppOptions): Promise<FastifyInstance> {
  let site: SiteContext;
  let setSecurityHeaders: ReturnType<typeof registerSecurityHeaders> | undefined;
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    schemaController: { compilersFactory: compilersOnFirstUse() },
    // Malformed URLs (broken percent-encoding) and the like: the reader gets the Arabic 400 page,
    // with the security headers set here, since no hook runs for it.
    frameworkErrors: (_error, request, reply) => {
      setSecurityHeaders?.(request, reply.type('text/html; charset=utf-8'));
      return sendError(reply as unknown as FastifyReply, site, 400);
    },
  });

  app.decorate('metrics', metrics);
  recordRequests(app, metrics);
  setSecurityHeaders = registerSecurityHeaders(app, { siteUrl: config.siteUrl, mediaUrl: config.mediaUrl });
  const readiness = new Readiness();
  addStoreChecks(readiness, store);
  app.decorate('readiness', readiness);
  registerHealthRoutes(app, readiness);

  const pageCache = new PageCache({
    enabled: config.pageCache,
    maxBytes: config.pageCacheBytes,
    maxAgeMs: 10 * 60 * 1000,
    cacheControl: DEFAULT_CACHE_CONTROL,
    clock,
  });
  app.decorate('pageCache', pageCache);
  metrics.watchPageCache(() => pageCache.stats);
  metrics.watchConnectionPool(store.connectionPool);
  const following = invalidationPollMs > 0 ? followInvalidations(app, store, pageCache, invalidationPollMs) : undefined;
  app.decorate('applyRecordedPurges', following ?? (async () => {}));
  app.decorate('purgePages', async (tags: readonly string[]) => {
    await store.cacheInvalidations.record(tags);
    // Through the record when this process follows them: a purge applied twice empties twice.
    if (following) await following();
    else pageCache.purge(tags);
  });

  const audience = new Audience(store, config.timeZone, () => pageCache.generation);
  app.decorate('audience', audience);
  followAudience(app, audience, audienceFlushMs);

  site = {
    name: config.siteName,
    slogan: config.siteSlogan,
    url: config.siteUrl,
    timeZone: config.timeZone,
    sections: await store.taxonomy.sections(),
    assets: registerAssets(app),
  };
  // Before the plugins: a route takes the error handler of when it is registered, so one set
  // after them reached none of the site's, feeds' or sitemaps' routes (Fastify's own answered a
  // failed page with JSON carrying the error's message). The API and the newsroom set their own.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? 400 : 500;
    if (status === 500) request.log.error({ err: error, url: request.url }, 'page failed');
    return sendError(reply, site, status);
  });

  // Limits only the routes that ask for it (search), per client address.
  await app.register(rateLimit, { global: false });
  await app.register(sitePlugin, { store, site, pageCache, clock, commentKey: commentAddressKey(config) });
  await app.register(apiPlugin, {
    prefix: '/api/v1',
    store,
    site,
    pageCache,
    limits: apiLimits,
    demoAccounts: config.demo,
  });
  await app.register(feedsPlugin, { store, site, pageCache, content: config.feedContent });
  await app.register(sitemapsPlugin, { store, site, pageCache });
  const storage = mediaStorage ?? (await openMediaStorage(config));
  app.decorate('mediaStorage', storage);
  readiness.add('media storage', () => storage.check());
  linkMediaAt(config.mediaUrl);
  registerMediaFiles(app, storage);
  await app.register(newsroomPlugin, {
    prefix: '/newsroom',
    store,
    site,
    media: {
      dataDir: config.dataDir,
      storage,
      limits: { maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels },
    },
    demoAccounts: config.demo,
    ...newsroom,
  });

  // An address the site does not have may be an imported article's old one (a WordPress permalink).
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const location = await oldAddressLocation(store, request.raw.url ?? request.url);
      if (location)
        return reply.code(301).header('location', location).header('cache-control', 'public, max-age=3600').send();
    }
    return sendError(reply, site, 404);
  });

  return app;
}

/** Flushes counted views and searches every `everyMs`, and what is left when the server closes. */
function followAudience(app: FastifyInstance, audience: Audience, everyMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  const flush = () =>
    audience.flush().catch((error: unknown) => app.log.warn({ err: error }, 'could not write audience counts'));
  app.addHook('onReady', async () => {
    if (everyMs <= 0) return;
    timer = setInterval(flush, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await flush();
  });
}

/**
 * Applies purges recorded in the database (by an import, the job loop, another server) every
 * `everyMs`, and at once when the returned function is called. Calls made while a look is
 * running get another look after it, so no record is missed and none applied twice.
 */
/** How long a skipped purge id may still commit (a transaction's length at most). */
const SKIPPED_PURGE_WAIT_MS = 60_000;
/** Skipped ids looked for at most (a gap wider than this is rows pruned, not transactions in flight). */
const MAX_SKIPPED_PURGES = 256;

function followInvalidations(
  app: FastifyInstance,
  store: Store,
  pageCache: PageCache,
  everyMs: number,
): () => Promise<void> {
  let lastId = 0;
  /**
   * Ids skipped over, with when: on PostgreSQL ids are drawn before commit, so a purge can
   * commit after a later one was read. Looked for again until they are too old to still come.
   */
  const skipped = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const look = async () => {
    do {
      again = false;
      const now = Date.now();
      for (const { id, tags } of await store.cacheInvalidations.withIds([...skipped.keys()])) {
        pageCache.purge(tags);
        skipped.delete(id);
      }
      for (const [id, since] of skipped) if (now - since > SKIPPED_PURGE_WAIT_MS) skipped.delete(id);
      for (const { id, tags } of await store.cacheInvalidations.since(lastId)) {
        for (let gap = lastId + 1; gap < id && skipped.size < MAX_SKIPPED_PURGES; gap++) skipped.set(gap, now);
        pageCache.purge(tags);
        lastId = id;
      }
    } while (again);
  };
  const poll = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = look()
      .catch((error: unknown) => app.log.warn({ err: error }, 'could not read cache invalidations'))
      .finally(() => {
        running = undefined;
        // Asked again after the last look had read: look once more.
        if (again) void poll();
      });
    return running;
  };
  app.addHook('onReady', async () => {
    lastId = await store.cacheInvalidations.latestId();
    await store.cacheInvalidations.prune(24 * 60 * 60 * 1000);
    timer = setInterval(poll, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
  return poll;
}
