import type { FastifyInstance } from 'fastify';
import { notAReader } from '../../audience/bot-detection.ts';
import { errorResponses } from './api-schemas.ts';
import { SECURITY } from './api-security.ts';

/** Views one client may report per minute; past it the beacon is refused (429) and nothing counted. */
export const VIEWS_PER_CLIENT_PER_MINUTE = 30;

/**
 * POST /api/v1/views { "articleId": 123 } → 204: the article page's beacon, sent by its small
 * script once the page is shown, so that pages served from the page cache (or a CDN) are
 * counted too. Nothing is written on the request path: the view is counted in memory and
 * flushed every few seconds. Bots, prefetches, ids of no published article and a repeat from
 * the same address within half an hour are answered 204 as well, and not counted. No cookie is read or set; nothing about the reader is kept.
 */
export function registerViewsRoute(app: FastifyInstance): void {
  app.post(
    '/views',
    {
      config: { rateLimit: { max: VIEWS_PER_CLIENT_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Count a view of an article (the article page’s beacon; no cookie, no personal data)',
        operationId: 'countArticleView',
        tags: ['audience'],
        security: SECURITY.open,
        body: {
          type: 'object',
          required: ['articleId'],
          properties: { articleId: { type: 'integer', minimum: 1, maximum: 2147483647 } },
          additionalProperties: false,
        },
        response: {
          204: { type: 'null', description: 'Received (counted when it was a reader’s view).' },
          ...errorResponses(400, 401, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const { articleId } = request.body as { articleId: number };
      // One view per address and article per half hour (REPEAT_VIEW_WINDOW_MS): a script
      // repeating the beacon cannot lift an article into «الأكثر قراءة».
      if (notAReader(request) === undefined) await app.audience.views.count(articleId, request.ip);
      return reply.code(204).header('cache-control', 'no-store').send();
    },
  );
}
