import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_CACHE_CONTROL, type PageCache } from '../page-cache.ts';
import type { ApiError } from './api-error.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** What a read route answers: a 200 with its body and the cache tags of what it shows, or an error. */
export type ApiRead = { body: unknown; tags: readonly string[] } | { status: number; error: ApiError };

/**
 * Sends a content API answer with an ETag (If-None-Match → 304) and Cache-Control. With the
 * page cache on, the JSON is kept compressed in memory under the request's URL and purged by
 * the same tags as the pages that show the same articles; with it off, the ETag is computed
 * from each answer.
 */
export async function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  pageCache: PageCache,
  read: () => Promise<ApiRead>,
): Promise<FastifyReply> {
  reply.header('vary', 'Accept-Encoding');
  // Published content may be read from any site's pages (keys belong on servers, not in pages).
  reply.header('access-control-allow-origin', '*');
  if (pageCache.enabled) {
    return pageCache.serve(request, reply, `api:${request.url}`, async () => {
      const answer = await read();
      return 'error' in answer
        ? { status: answer.status, html: JSON.stringify(errorBody(answer.error)), tags: [], contentType: JSON_TYPE }
        : { status: 200, html: JSON.stringify(answer.body), tags: answer.tags, contentType: JSON_TYPE };
    });
  }
  const answer = await read();
  if ('error' in answer) {
    return reply
      .code(answer.status)
      .header('cache-control', 'no-store')
      .type(JSON_TYPE)
      .send(JSON.stringify(errorBody(answer.error)));
  }
  const json = JSON.stringify(answer.body);
  const etag = `W/"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`;
  reply.header('etag', etag).header('cache-control', DEFAULT_CACHE_CONTROL).header('x-ghad-cache', 'off');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(JSON_TYPE).send(json);
}

function errorBody(error: ApiError) {
  return {
    error: {
      code: error.code,
      message: error.en,
      messageAr: error.ar,
      ...(error.field ? { field: error.field } : {}),
      ...error.details,
    },
  };
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}
