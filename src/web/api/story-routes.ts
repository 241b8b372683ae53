import type { FastifyInstance } from 'fastify';
import type { ContentListings, ListPosition } from '../../store/content-listings.ts';
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
 * in keyset pages, newest first, as /articles pages them. Public, cached and purged like the
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
        summary: 'One story and its published articles, newest first',
        description:
          '`data` is a keyset page of its published articles, as /articles pages them; pass `nextCursor` as `cursor` for the next.',
        operationId: 'getStory',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: storySlugParams,
        querystring: storyArticlesQuery,
        response: {
          200: keysetPage('ArticleSummary#', { story: { $ref: 'Story#' } }),
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { slug } = request.params as { slug: string };
        const query = request.query as { cursor?: string; limit: number };
        let after: ListPosition | undefined;
        if (query.cursor !== undefined) {
          after = decodeCursor(query.cursor);
          if (after?.order !== 'published') return { status: 400, error: API_ERRORS.invalidCursor };
        }
        const story = await store.stories.bySlug(slug);
        if (!story) return { status: 404, error: STORY_NOT_FOUND };
        const [page, publishedCount] = await Promise.all([
          listings.articles({ storyId: story.id, after, limit: query.limit }),
          store.stories.countPublished(story.id),
        ]);
        return {
          body: {
            story: storyBody({ ...story, articleCount: publishedCount, publishedCount }),
            data: page.items.map((item) => summary(item, site.url, sectionById(item.sectionId))),
            nextCursor: page.next ? encodeCursor(page.next) : null,
          },
          tags: [cacheTags.story(story.id), ...page.items.map((item) => cacheTags.article(item.id))],
        };
      }),
  );
}
