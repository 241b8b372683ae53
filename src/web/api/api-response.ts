import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_CACHE_CONTROL, type PageCache, REDIRECT_CACHE_CONTROL } from '../page-cache.ts';
import type { ApiError } from './api-error.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * What a read route answers: a 200 with its body and the cache tags of what it shows, an error,
 * or a 301 to where the thing asked for now is (an entity merged into another), never cached.
 */
export type ApiRead =
  | { body: unknown; tags: readonly string[] }
  | { status: number; error: ApiError }
  | { status: 301; location: string; body: unknown };

/**
 * Sends a content API answer with an ETag (If-None-Match → 304) and Cache-Control. With the
 * page cache on, the JSON is kept compressed in memory under `apiCacheKey` and purged by
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
    return pageCache.serve(request, reply, apiCacheKey(request), async () => {
      const answer = await read();
      if ('location' in answer) {
        // A redirect is never kept: the page cache keeps 200s only.
        const { status, location, body } = answer;
        return { status, location, html: JSON.stringify(body), tags: [], contentType: JSON_TYPE };
      }
      return 'error' in answer
        ? { status: answer.status, html: JSON.stringify(errorBody(answer.error)), tags: [], contentType: JSON_TYPE }
        : { status: 200, html: JSON.stringify(answer.body), tags: answer.tags, contentType: JSON_TYPE };
    });
  }
  const answer = await read();
  if ('location' in answer) return sendMoved(reply, answer);
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

/**
 * The page cache's key of an API answer: what the route reads, as checked (numbers as numbers,
 * defaults filled in) — its path parameters put back in its URL pattern, and the query
 * parameters its querystring schema declares, in one order. Like the reader site's `?page=N`: a
 * parameter the route ignores (`?x=1`, a cache-buster) or another spelling of the same value
 * (`limit=020`, `/articles/0042`) finds the same entry, so made-up URLs cannot fill the cache.
 */
export function apiCacheKey(request: FastifyRequest): string {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const pattern = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
  const path = `api:${pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])))}`;
  const declared = (request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  if (!declared) return path;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const read = new URLSearchParams();
  for (const name of Object.keys(declared).sort()) {
    const value = query[name];
    if (value !== undefined) read.append(name, String(value));
  }
  const search = read.toString();
  return search ? `${path}?${search}` : path;
}

/** A 301 with its JSON body, with the page cache off: as the page cache sends redirects (page-cache.ts). */
function sendMoved(reply: FastifyReply, { location, body }: { location: string; body: unknown }): FastifyReply {
  return reply
    .code(301)
    .header('location', location)
    .header('cache-control', REDIRECT_CACHE_CONTROL)
    .type(JSON_TYPE)
    .send(JSON.stringify(body));
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
