import type { FastifyInstance } from 'fastify';
import { searchArticles } from '../../search/reader-search.ts';
import type { Store } from '../../store/store.ts';
import { readSearchParams } from '../search-params.ts';
import { searchRequest } from '../search-request.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath } from '../site/urls.ts';
import { API_ERRORS, sendApiError } from './api-error.ts';

const MAX_LIMIT = 50;
const MAX_OFFSET = 1000;

/** The JSON API, version 1 (read side): search and headline suggestions so far. */
export async function apiPlugin(
  app: FastifyInstance,
  { store, site }: { store: Store; site: SiteContext },
): Promise<void> {
  app.setNotFoundHandler((_request, reply) => sendApiError(reply, 404, API_ERRORS.notFound));
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode === 429) return sendApiError(reply, 429, API_ERRORS.rateLimited);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendApiError(reply, error.statusCode, API_ERRORS.badRequest);
    }
    request.log.error({ err: error, url: request.url }, 'api request failed');
    return sendApiError(reply, 500, API_ERRORS.internal);
  });

  /**
   * GET /api/v1/search?q=&limit=&offset=&section=&from=&to=
   * → { "results": [{ "id", "externalId", "title", "url", "publishedAt", "snippet", "highlights" }], "total" }
   *   (+ "totalIsLowerBound": true past 1,000 matches, "didYouMean" when nothing is found)
   */
  app.get('/search', { config: { rateLimit: { max: 30, timeWindow: '10 seconds' } } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const checked = readSearchParams(query, site.sections);
    if (!checked.ok) return sendApiError(reply, 400, checked.error);
    const limit = integerParam(query.limit, 10, 1, MAX_LIMIT);
    const offset = integerParam(query.offset, 0, 0, MAX_OFFSET);
    if (limit === undefined || offset === undefined) {
      return sendApiError(reply, 400, {
        code: 'bad_parameter',
        en: `limit must be a whole number from 1 to ${MAX_LIMIT}, and offset from 0 to ${MAX_OFFSET}.`,
        ar: `يجب أن يكون limit عددا صحيحا من 1 إلى ${MAX_LIMIT}، وoffset من 0 إلى ${MAX_OFFSET}.`,
      });
    }
    if (checked.params.q === '') {
      return sendApiError(reply, 400, {
        code: 'empty_query',
        en: 'Say what to search for: q is empty.',
        ar: 'اكتب ما تبحث عنه: المعامل q فارغ.',
      });
    }
    const found = await searchArticles(store, searchRequest(checked.params, site.timeZone, { limit, offset }));
    return reply.header('cache-control', 'no-store').send({
      results: found.results.map(({ article, snippet }) => ({
        id: article.id,
        externalId: article.externalId,
        title: article.headline,
        url: `${site.url}${articlePath(article)}`,
        publishedAt: article.publishedAt?.toISOString() ?? null,
        snippet: snippet.text,
        highlights: snippet.highlights,
      })),
      total: found.total,
      ...(found.totalIsLowerBound ? { totalIsLowerBound: true } : {}),
      ...(found.didYouMean ? { didYouMean: found.didYouMean } : {}),
    });
  });

  /** GET /api/v1/search/suggest?q= → { "suggestions": [{ "id", "title", "url" }] }: headlines as the reader types. */
  app.get(
    '/search/suggest',
    { config: { rateLimit: { max: 60, timeWindow: '10 seconds' } } },
    async (request, reply) => {
      const checked = readSearchParams({ q: (request.query as Record<string, unknown>).q }, site.sections);
      if (!checked.ok) return sendApiError(reply, 400, checked.error);
      const suggestions = checked.params.q ? await store.search.suggest(checked.params.q, 8) : [];
      const articles = await store.articles.summariesWithText(suggestions.map((s) => s.articleId));
      return reply.header('cache-control', 'public, max-age=60').send({
        suggestions: articles.map((article) => ({
          id: article.id,
          title: article.headline,
          url: `${site.url}${articlePath(article)}`,
        })),
      });
    },
  );
}

/** A whole number from a query string within bounds; `fallback` when absent, undefined when invalid. */
function integerParam(value: unknown, fallback: number, min: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}
