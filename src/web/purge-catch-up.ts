import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

/** The longest a request waits for that read: with the database unreachable, pages are served as they are. */
const MAX_WAIT_MS = 1000;

/** Health checks answer at once, whatever the database does. */
const HEALTH_CHECKS = /^\/(healthz|readyz)(\?|$)/;

/**
 * Behind HTTP caches that Ghad purges (GHAD_PURGE_URLS), a reading request (a cache's miss,
 * mostly) is answered only once this process has applied the purges recorded so far: a cache
 * purged by another host's job loop must not fetch again a page this process has not purged
 * yet. One indexed read of cache_invalidations, shared by the requests that come meanwhile.
 */
export function catchUpWithPurgesBeforeAnswering(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (HEALTH_CHECKS.test(request.url)) return;
    await Promise.race([app.applyRecordedPurges(), delay(MAX_WAIT_MS, undefined, { ref: false })]);
  });
}
