import type { FastifyInstance } from 'fastify';
import type { GhadMetrics } from '../metrics/ghad-metrics.ts';

/** The route label of requests no route matched (404s, malformed URLs): one value, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Records every answered request in `metrics`: its route's pattern (`/article/:id`, never the
 * URL, so hostile URLs add no series), method, status, time, and the page cache's answer
 * (the `x-ghad-cache` header PageCache sets). Added before the plugins, so every route has it.
 */
export function recordRequests(app: FastifyInstance, metrics: GhadMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.recordRequest({
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      method: request.method,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      cache: reply.getHeader('x-ghad-cache') as string | undefined,
    });
  });
}
