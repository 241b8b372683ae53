import type { FastifyInstance } from 'fastify';
import type { ContentListItem, ContentListings, ListPosition } from '../../store/content-listings.ts';
import type { Store } from '../../store/store.ts';
import type { StoryListing } from '../../stories/story.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache } from '../page-cache.ts';
import type { SiteContext } from '../site/site-context.ts';
import { feedPath, storyPath } from '../site/urls.ts';
import { API_ERRORS } from './api-error.ts';
import { type ApiRead, sendCachedJson } from './api-response.ts';
import { errorResponses, keysetPage, pageQuery, storyArticlesQuery, storySlugParams } from './api-schemas.ts';
import { SECURITY } from './api-security.ts';
import { decodeCursor, decodeIdCursor, encodeCursor, encodeIdCursor, summary } from './content-routes.ts';

interface StoryRoutesOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  listings: ContentListings;
}

const STORY_NOT_FOUND = {
  code: 'story_not_found',
  en: 'There is no story with this slug.',
  ar: 'لا يوجد ملف بهذا الرابط.',
};

/**
 * Stories («ملفات») in the content API: every story, and one story with its published articles
 * in pages: those its editors ordered by hand first, in their order (a cursor `['h', index]`
 * through them), then the others newest first in keyset pages, as /articles pages them. Public, cached and purged like the
 * story's page: a story's answer carries `story:<id>` (its changes, its articles' publications)
 * and its articles' tags; the list carries `stories` (a story opened, renamed or deleted) and
 * `home` (each publication changes the counts).
 */
export function registerStoryRoutes(app: FastifyInstance, { store, site, pageCache, listings }: StoryRoutesOptions) {
  const sectionById = (id: number) => site.sections.find((s) => s.id === id);
  const storyBody = (story: StoryListing) => ({
    id: story.id,
    slug: story.slug,
    title: story.title,
    description: story.description,
    articleCount: story.publishedCount,
    url: `${site.url}${storyPath(story)}`,
    feedUrl: `${site.url}${feedPath(storyPath(story), 'rss')}`,
    updatedAt: story.updatedAt.toISOString(),
  });

  app.get(
    '/stories',
    {
      schema: {
        summary: 'Every story («ملف»), the newest first, in keyset pages',
        operationId: 'listStories',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        querystring: pageQuery,
        response: {
          200: keysetPage('Story#'),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const query = request.query as { cursor?: string; limit: number };
        let beforeId = 0;
        if (query.cursor !== undefined) {
          const decoded = decodeIdCursor(query.cursor);
          if (decoded === undefined || decoded === 0) return { status: 400, error: API_ERRORS.invalidCursor };
          beforeId = decoded;
        }
        const rows = await store.stories.newestBefore(beforeId, query.limit + 1);
        const shown = rows.slice(0, query.limit);
        const last = shown.at(-1);
        return {
          body: {
            data: shown.map(storyBody),
            nextCursor: rows.length > query.limit && last ? encodeIdCursor(last.id) : null,
          },
          tags: [cacheTags.stories, cacheTags.home, ...shown.map((story) => cacheTags.story(story.id))],
        };
      }),
  );

  app.get(
    '/stories/:slug',
    {
      schema: {
        summary: 'One story and its published articles: those its editors ordered first, then the newest',
        description:
          '`data` is a page of its published articles: those the editors put in an order of their own first, in that order, then the others newest first, paged by key as /articles pages them; pass `nextCursor` as `cursor` for the next.',
        operationId: 'getStory',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: storySlugParams,
        querystring: storyArticlesQuery,
        response: {
          200: keysetPage('ArticleSummary#', { story: { $ref: 'Story#' } }),
          301: {
            description: 'An earlier address of the story (its slug changed): Location gives the one it has now.',
            type: 'object',
            required: ['story'],
            properties: { story: { $ref: 'Story#' } },
          },
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { slug } = request.params as { slug: string };
        const query = request.query as { cursor?: string; limit: number };
        // Where the page starts: in the hand order (an index), or in the newest-first rest.
        let handFrom: number | undefined = 0;
        let after: ListPosition | undefined;
        if (query.cursor !== undefined) {
          handFrom = decodeHandCursor(query.cursor);
          if (handFrom === undefined) {
            after = decodeCursor(query.cursor);
            if (after?.order !== 'published') return { status: 400, error: API_ERRORS.invalidCursor };
          }
        }
        const found = await store.stories.bySlugOrOld(slug);
        if (!found) return { status: 404, error: STORY_NOT_FOUND };
        const story = found.story;
        if (found.moved) {
          // An earlier address of the story: where it lives now, the same query carried over.
          const search = (request.raw.url ?? '').split('?')[1];
          const count = await store.stories.countPublished(story.id);
          return {
            status: 301,
            location: `${app.prefix}/stories/${encodeURIComponent(story.slug)}${search ? `?${search}` : ''}`,
            body: { story: storyBody({ ...story, articleCount: count, publishedCount: count }) },
          };
        }
        const [handIds, publishedCount] = await Promise.all([
          handFrom === undefined ? [] : store.stories.handOrderedPublishedIds(story.id),
          store.stories.countPublished(story.id),
        ]);
        const items: ContentListItem[] = [];
        let nextCursor: string | null = null;
        if (handFrom !== undefined && handFrom < handIds.length) {
          const shown = handIds.slice(handFrom, handFrom + query.limit);
          const hand = await listings.articles({ storyId: story.id, storyOrder: 'hand', limit: handIds.length });
          const byId = new Map(hand.items.map((item) => [item.id, item]));
          items.push(...shown.flatMap((id) => byId.get(id) ?? []));
          if (handFrom + shown.length < handIds.length) nextCursor = encodeHandCursor(handFrom + shown.length);
        }
        if (nextCursor === null && items.length < query.limit) {
          const rest = await listings.articles({
            storyId: story.id,
            storyOrder: 'automatic',
            after,
            limit: query.limit - items.length,
          });
          items.push(...rest.items);
          nextCursor = rest.next ? encodeCursor(rest.next) : null;
        } else if (nextCursor === null) {
          // The page ended with the hand order: the next starts the rest, if there is any.
          if (publishedCount > handIds.length) nextCursor = encodeHandCursor(handIds.length);
        }
        return {
          body: {
            story: storyBody({ ...story, articleCount: publishedCount, publishedCount }),
            data: items.map((item) => summary(item, site.url, sectionById(item.sectionId))),
            nextCursor,
          },
          tags: [cacheTags.story(story.id), ...items.map((item) => cacheTags.article(item.id))],
        };
      }),
  );
}

/** A place in a story's hand order, as a cursor: `['h', index, 0]`. */
function encodeHandCursor(index: number): string {
  return Buffer.from(JSON.stringify(['h', index, 0])).toString('base64url');
}

function decodeHandCursor(cursor: string): number | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== 'h') return undefined;
    const index = value[1];
    return Number.isSafeInteger(index) && (index as number) >= 0 && (index as number) <= 1000
      ? (index as number)
      : undefined;
  } catch {
    return undefined;
  }
}
