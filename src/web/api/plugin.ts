import swagger from '@fastify/swagger';
import type { FastifyError, FastifyInstance } from 'fastify';
import { DraftError } from '../../content/article-draft.ts';
import { NewsroomError } from '../../content/newsroom-error.ts';
import { LiveConflictError } from '../../live/live-entry.ts';
import { ApiTokens } from '../../newsroom/api-tokens.ts';
import { searchArticles } from '../../search/reader-search.ts';
import { ContentListings } from '../../store/content-listings.ts';
import { RevisionConflictError } from '../../store/newsroom-articles.ts';
import type { Store } from '../../store/store.ts';
import type { PageCache } from '../page-cache.ts';
import { readSearchParams } from '../search-params.ts';
import { searchRequest } from '../search-request.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath } from '../site/urls.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { type ApiLimits, DEFAULT_API_LIMITS, perAddressUnlessKey, registerApiClients } from './api-clients.ts';
import { renderApiDocs } from './api-docs-page.tsx';
import { API_ERRORS, type ApiError, sendApiError } from './api-error.ts';
import { errorResponses, SHARED_SCHEMAS } from './api-schemas.ts';
import { SECURITY, SECURITY_SCHEMES } from './api-security.ts';
import { useApiValidation, validationError } from './api-validation.ts';
import { commentSchema, registerCommentRoutes } from './comment-routes.ts';
import { registerContentRoutes } from './content-routes.ts';
import { registerEntityRoutes } from './entity-routes.ts';
import { liveEntryJson, liveEntrySchema, registerLiveRoutes } from './live-routes.ts';
import { registerStoryRoutes } from './story-routes.ts';
import { registerViewsRoute } from './views-route.ts';

const MAX_LIMIT = 50;
const MAX_OFFSET = 1000;
/** PostgreSQL refuses NUL in text: such a query is refused here, not by the database. */
const NO_NUL = '^[^\\u0000]*$';

export interface ApiPluginOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  limits?: Partial<ApiLimits>;
  /** Whether demo accounts' tokens work (the demo newspaper runs). */
  demoAccounts?: boolean;
}

/**
 * The JSON API, version 1: the content API (read; public, with content keys for partners),
 * the admin API (write; admin tokens through the newsroom's policy), search, and the OpenAPI
 * document generated from the routes' schemas with a reference page.
 */
export async function apiPlugin(
  app: FastifyInstance,
  { store, site, pageCache, limits, demoAccounts = false }: ApiPluginOptions,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `${site.name} API`,
        version: '1.0.0',
        description:
          'The JSON API of an Arabic news site built with Ghad: published articles, sections, tags, authors, the people, organisations and places the articles name, stories («ملفات»), and search (public, or with a content key for a higher rate limit), and the newsroom’s writes with an admin token. Errors are always { "error": { "code", "message", "messageAr", "field"? } }.',
      },
      servers: [{ url: site.url }],
      tags: [
        { name: 'content', description: 'Published content: public, cached, with ETags.' },
        { name: 'search', description: 'Full-text search in Arabic.' },
        { name: 'audience', description: 'Counting views of articles (no cookie, no personal data).' },
        { name: 'admin', description: 'The newsroom’s writes, with an admin token (Authorization: Bearer ghad_a_…).' },
        { name: 'meta', description: 'This document and its reference page.' },
      ],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `schema${i}`) },
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.addSchema(commentSchema);
  app.addSchema(liveEntrySchema);
  useApiValidation(app);
  // Bodies are JSON only: plain text is refused (415) rather than read as a string.
  app.removeContentTypeParser('text/plain');
  registerApiClients(app, new ApiTokens(store.db, undefined, demoAccounts), { ...DEFAULT_API_LIMITS, ...limits });

  app.setNotFoundHandler((_request, reply) => sendApiError(reply, 404, API_ERRORS.notFound));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refused = apiErrorOf(error);
    if (refused) return sendApiError(reply, refused.status, refused.error);
    request.log.error({ err: error, url: request.url }, 'api request failed');
    return sendApiError(reply, 500, API_ERRORS.internal);
  });

  const listings = new ContentListings(store.db, store.dialect);
  registerContentRoutes(app, { store, site, pageCache, listings });
  registerEntityRoutes(app, { store, site, pageCache });
  registerStoryRoutes(app, { store, site, pageCache, listings });
  registerCommentRoutes(app, { store, pageCache });
  registerAdminRoutes(app, { store, site });
  registerLiveRoutes(app, { store, site, pageCache });
  registerViewsRoute(app);

  /**
   * GET /api/v1/search?q=&limit=&offset=&section=&from=&to=
   * → { "results": [{ "id", "externalId", "title", "url", "publishedAt", "snippet", "highlights" }], "total" }
   *   (+ "totalIsLowerBound": true past 1,000 matches, "didYouMean" when nothing is found)
   */
  app.get(
    '/search',
    {
      config: { rateLimit: perAddressUnlessKey(30, '10 seconds') },
      schema: {
        summary: 'Search published articles (Arabic-aware: stems, spelling variants, diacritics)',
        operationId: 'searchArticles',
        tags: ['search'],
        security: SECURITY.readerOrKey,
        querystring: {
          type: 'object',
          required: ['q'],
          properties: {
            q: { type: 'string', pattern: NO_NUL, description: 'What to search for (at most 300 characters).' },
            section: { type: 'string', pattern: NO_NUL, description: 'A section slug.' },
            from: { type: 'string', pattern: NO_NUL, description: 'First day, YYYY-MM-DD.' },
            to: { type: 'string', pattern: NO_NUL, description: 'Last day, YYYY-MM-DD.' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 10 },
            offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['results', 'total'],
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    externalId: { type: ['string', 'null'] },
                    title: { type: 'string' },
                    url: { type: 'string' },
                    publishedAt: { type: ['string', 'null'] },
                    snippet: { type: 'string' },
                    highlights: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: { start: { type: 'integer' }, end: { type: 'integer' } },
                      },
                    },
                    match: {
                      type: 'string',
                      enum: ['all', 'some'],
                      description:
                        'all: the article holds every word of q. some: a partial match, listed after every full one when fewer than 3 articles hold them all.',
                    },
                    missing: {
                      type: 'array',
                      items: { type: 'string' },
                      description: 'The words of q a partial match does not hold, as typed.',
                    },
                  },
                },
              },
              total: { type: 'integer', description: 'Full matches (counted up to 1,000); partial ones not included.' },
              partialTotal: {
                type: 'integer',
                description:
                  'Partial matches listed after the full ones, when there are any: offset and limit page through total + partialTotal results.',
              },
              totalIsLowerBound: { type: 'boolean' },
              didYouMean: { type: 'string' },
            },
          },
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as Record<string, unknown> & { limit: number; offset: number };
      const checked = readSearchParams(query, site.sections);
      if (!checked.ok) return sendApiError(reply, 400, checked.error);
      if (checked.params.q === '') {
        return sendApiError(reply, 400, {
          code: 'empty_query',
          en: 'Say what to search for: q is empty.',
          ar: 'اكتب ما تبحث عنه: المعامل q فارغ.',
        });
      }
      const found = await app.metrics.timeSearch('api', () =>
        searchArticles(
          store,
          searchRequest(checked.params, site.timeZone, { limit: query.limit, offset: query.offset }),
        ),
      );
      // The first page of a search is the search; later pages are the same one read further.
      if (query.offset === 0) app.audience.searches.record(checked.params.q, found.total);
      return reply.header('cache-control', 'no-store').send({
        results: found.results.map(({ article, snippet, match, missing }) => ({
          id: article.id,
          externalId: article.externalId,
          title: article.headline,
          url: `${site.url}${articlePath(article)}`,
          publishedAt: article.publishedAt?.toISOString() ?? null,
          snippet: snippet.text,
          highlights: snippet.highlights,
          match,
          ...(missing ? { missing } : {}),
        })),
        total: found.total,
        ...(found.partialTotal > 0 ? { partialTotal: found.partialTotal } : {}),
        ...(found.totalIsLowerBound ? { totalIsLowerBound: true } : {}),
        ...(found.didYouMean ? { didYouMean: found.didYouMean } : {}),
      });
    },
  );

  /** GET /api/v1/search/suggest?q= → { "suggestions": [{ "id", "title", "url" }] }: headlines as the reader types. */
  app.get(
    '/search/suggest',
    {
      config: { rateLimit: perAddressUnlessKey(60, '10 seconds') },
      schema: {
        summary: 'Headlines as the reader types',
        operationId: 'suggestHeadlines',
        tags: ['search'],
        security: SECURITY.readerOrKey,
        querystring: {
          type: 'object',
          properties: { q: { type: 'string', pattern: NO_NUL } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['suggestions'],
            properties: {
              suggestions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: { type: 'integer' }, title: { type: 'string' }, url: { type: 'string' } },
                },
              },
            },
          },
          ...errorResponses(400, 401, 429),
        },
      },
    },
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

  app.get(
    '/openapi.json',
    {
      schema: {
        summary: 'This API described in OpenAPI 3.1',
        operationId: 'getOpenApiDocument',
        tags: ['meta'],
        security: SECURITY.open,
        response: { 200: { description: 'This document.' }, ...errorResponses(401, 429) },
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(app.swagger()),
  );

  let docs: string | undefined;
  const docsSchema = {
    summary: 'The API reference, as a page',
    operationId: 'getApiReference',
    tags: ['meta'],
    security: SECURITY.open,
    response: {
      200: { description: 'The reference page.', content: { 'text/html': { schema: { type: 'string' } } } },
      ...errorResponses(401, 429),
    },
  };
  app.get('/docs', { schema: docsSchema }, async (_request, reply) => {
    docs ??= renderApiDocs(app.swagger() as unknown as Parameters<typeof renderApiDocs>[0], site);
    return reply.header('cache-control', 'public, max-age=300').type('text/html; charset=utf-8').send(docs);
  });
}

/** What a thrown error means for a client, or undefined for our own failure (a 500). */
function apiErrorOf(error: FastifyError): { status: number; error: ApiError } | undefined {
  if (error.validation) return { status: 400, error: validationError(error.validation, error.validationContext) };
  if (error instanceof RevisionConflictError) {
    return {
      status: 409,
      error: {
        code: error.code,
        en: error.message,
        ar: error.messageAr,
        details: {
          currentRevision: error.currentRevision,
          baseRevision: error.baseRevision,
          keptAsRevision: error.keptAsRevision,
        },
      },
    };
  }
  if (error instanceof LiveConflictError) {
    return {
      status: 409,
      error: {
        code: error.code,
        en: error.message,
        ar: error.messageAr,
        details: {
          baseVersion: error.baseVersion,
          currentVersion: error.current.version,
          keptAsRevision: error.keptAsRevision,
          current: liveEntryJson(error.current, null),
        },
      },
    };
  }
  if (error instanceof NewsroomError) {
    return {
      status: error.status,
      error: {
        code: error.code,
        en: error.message,
        ar: error.messageAr,
        field: error instanceof DraftError ? error.field : undefined,
      },
    };
  }
  if (error.statusCode === 429) return { status: 429, error: API_ERRORS.rateLimited };
  if (error.statusCode === 413) return { status: 413, error: API_ERRORS.bodyTooLarge };
  if (error.statusCode === 415) return { status: 415, error: API_ERRORS.unsupportedMediaType };
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    error instanceof SyntaxError
  ) {
    return { status: 400, error: API_ERRORS.invalidJson };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, error: API_ERRORS.badRequest };
  }
  return undefined;
}
