import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache } from '../page-cache.ts';
import { API_ERRORS } from './api-error.ts';
import { type ApiRead, sendCachedJson } from './api-response.ts';
import { errorResponses, idParams, keysetPage, storyArticlesQuery } from './api-schemas.ts';
import { SECURITY } from './api-security.ts';
import { decodeIdCursor, encodeIdCursor } from './content-routes.ts';

/** A reader's comment as the API gives it (approved ones only; never the email or the address). */
export const commentSchema = {
  $id: 'Comment',
  type: 'object',
  description: 'A reader’s comment, approved by the newsroom.',
  required: ['id', 'parentId', 'name', 'body', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    parentId: { type: ['integer', 'null'], description: 'The comment it answers (replies are nested once).' },
    name: { type: 'string', description: 'The name the reader gave.', examples: ['مواطن من فاس'] },
    body: { type: 'string', description: 'Plain text; line breaks kept.' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

/**
 * An article's approved comments in the content API, oldest first, in keyset pages. Cached
 * and tagged with the article, whose purge follows every approval (store/comments.ts).
 */
export function registerCommentRoutes(
  app: FastifyInstance,
  { store, pageCache }: { store: Store; pageCache: PageCache },
) {
  app.get(
    '/articles/:id/comments',
    {
      schema: {
        summary: 'A published article’s approved comments, oldest first, in keyset pages',
        description:
          '`total` counts every approved comment of the article; pass `nextCursor` as `cursor` for the next page. Replies carry the `parentId` of the comment they answer.',
        operationId: 'listArticleComments',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: idParams,
        querystring: storyArticlesQuery,
        response: {
          200: keysetPage('Comment#', { total: { type: 'integer', minimum: 0 } }),
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { id } = request.params as { id: number };
        const query = request.query as { cursor?: string; limit: number };
        let afterId = 0;
        if (query.cursor !== undefined) {
          const decoded = decodeIdCursor(query.cursor);
          if (decoded === undefined || decoded === 0) return { status: 400, error: API_ERRORS.invalidCursor };
          afterId = decoded;
        }
        const article = await store.articles.findById(id, { publishedOnly: true });
        if (!article) return { status: 404, error: API_ERRORS.articleNotFound };
        const [rows, total] = await Promise.all([
          store.comments.approvedAfter(id, afterId, query.limit + 1),
          store.comments.countApproved(id),
        ]);
        const shown = rows.slice(0, query.limit);
        const last = shown.at(-1);
        return {
          body: {
            data: shown.map((c) => ({
              id: c.id,
              parentId: c.parentId,
              name: c.name,
              body: c.body,
              createdAt: c.createdAt.toISOString(),
            })),
            total,
            nextCursor: rows.length > query.limit && last ? encodeIdCursor(last.id) : null,
          },
          tags: [cacheTags.article(id)],
        };
      }),
  );
}
