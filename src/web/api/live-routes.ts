import type { FastifyInstance, FastifyRequest } from 'fastify';
import { entryAnchor, type LiveEntry, type LiveEntryInput } from '../../live/live-entry.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache } from '../page-cache.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath } from '../site/urls.ts';
import { type ApiClient, requireAdminToken } from './api-clients.ts';
import { errorResponses, idParams } from './api-schemas.ts';
import { SECURITY } from './api-security.ts';

/** A live coverage's entry as the API gives it. */
export const liveEntrySchema = {
  $id: 'LiveEntry',
  type: 'object',
  description: 'One entry of a live coverage («تغطية مباشرة»).',
  required: ['id', 'articleId', 'kind', 'title', 'body', 'keyEvent', 'pinned', 'version', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    articleId: { type: 'integer' },
    kind: { type: 'string', enum: ['text', 'image', 'embed', 'quote'], description: 'Read from the body.' },
    title: { type: ['string', 'null'], examples: ['وصول فرق الإنقاذ'] },
    body: { type: 'array', items: { $ref: 'Block#' } },
    keyEvent: { type: 'boolean', description: 'Listed among «أبرز الأحداث».' },
    pinned: { type: 'boolean', description: 'Shown on top of the page (one at a time).' },
    version: { type: 'integer', description: 'Send it back as `baseVersion` to edit.' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    url: { type: ['string', 'null'], description: 'The entry on the article’s page, once published.' },
  },
} as const;

const entryFields = {
  title: { type: 'string', maxLength: 200, description: 'A short headline for the entry (optional).' },
  body: {
    type: 'array',
    minItems: 1,
    maxItems: 10,
    items: { $ref: 'Block#' },
    description: 'Blocks as in an article body: paragraph, quote, list, image or embed (5,000 characters of text).',
  },
  keyEvent: { type: 'boolean', default: false, description: 'List it among «أبرز الأحداث».' },
} as const;

/**
 * The admin API's live coverage: post an entry to a live article, and edit one from the version
 * read (409 with the entry as it stands and the text sent kept as a revision). Each call acts as
 * the token's user through the store's policy (`article.live`). This server's cached live pages
 * are purged at once; other processes and HTTP caches through the outbox.
 */
export function registerLiveRoutes(
  app: FastifyInstance,
  { store, site, pageCache }: { store: Store; site: SiteContext; pageCache: PageCache },
): void {
  const security = SECURITY.adminToken;
  const actorOf = (request: FastifyRequest) => (request.apiClient as ApiClient).actor;

  async function answer(entry: LiveEntry) {
    const article = await store.articles.findById(entry.articleId, { publishedOnly: true });
    return liveEntryJson(entry, article ? `${site.url}${articlePath(article)}#${entryAnchor(entry.id)}` : null);
  }

  app.post(
    '/admin/articles/:id/live-entries',
    {
      preValidation: requireAdminToken,
      schema: {
        summary: 'Post an entry to a live coverage (409 when the article is not live or the coverage ended)',
        operationId: 'createLiveEntry',
        tags: ['admin'],
        security,
        params: idParams,
        body: {
          type: 'object',
          required: ['body'],
          properties: {
            ...entryFields,
            pinned: { type: 'boolean', default: false, description: 'Pin it on top (unpins the one before).' },
          },
          additionalProperties: false,
        },
        response: { 201: { $ref: 'LiveEntry#' }, ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const entry = await store.live.add(actorOf(request), id, request.body as LiveEntryInput);
      pageCache.purge([cacheTags.live(id)]);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await answer(entry));
    },
  );

  app.put(
    '/admin/live-entries/:id',
    {
      preValidation: requireAdminToken,
      schema: {
        summary: 'Edit a live entry from baseVersion (409 with the entry as it stands; your text kept as a revision)',
        operationId: 'saveLiveEntry',
        tags: ['admin'],
        security,
        params: idParams,
        body: {
          type: 'object',
          required: ['baseVersion', 'body'],
          properties: { baseVersion: { type: 'integer', minimum: 1 }, ...entryFields },
          additionalProperties: false,
        },
        response: { 200: { $ref: 'LiveEntry#' }, ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const { baseVersion, ...input } = request.body as LiveEntryInput & { baseVersion: number };
      const entry = await store.live.edit(actorOf(request), id, baseVersion, input);
      pageCache.purge([cacheTags.live(entry.articleId)]);
      return reply.header('cache-control', 'no-store').send(await answer(entry));
    },
  );
}

export function liveEntryJson(entry: LiveEntry, url: string | null) {
  return {
    id: entry.id,
    articleId: entry.articleId,
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    keyEvent: entry.keyEvent,
    pinned: entry.pinned,
    version: entry.version,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    url,
  };
}
