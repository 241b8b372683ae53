import type { FastifyInstance } from 'fastify';
import type { ArticleEntity, Entity } from '../../entities/entity.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache } from '../page-cache.ts';
import type { SiteContext } from '../site/site-context.ts';
import { entityPath } from '../site/urls.ts';
import { API_ERRORS } from './api-error.ts';
import { type ApiRead, sendCachedJson } from './api-response.ts';
import { entitySearchQuery, errorResponses, idParams } from './api-schemas.ts';
import { SECURITY } from './api-security.ts';

interface EntityRoutesOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
}

/**
 * The people, organisations and places the published articles name (src/entities/), in the
 * content API: an article's, one entity with every spelling, and entities by any spelling.
 * Public, cached and purged like the other reads: an answer is tagged `entity:<id>` for each
 * entity it shows, which the store purges when the entity's articles or names change and the
 * newsroom purges after an editor's decision.
 *
 * Readers' rules apply: an entity is shown while it is not rejected and some published article
 * names it (as its page on the site); one merged into another answers 301 to that one, as its
 * page on the site redirects to the other's.
 */
export function registerEntityRoutes(app: FastifyInstance, { store, site, pageCache }: EntityRoutesOptions): void {
  const entityUrl = (entity: { id: number; slug: string }) => `${site.url}${entityPath(entity)}`;
  const entityBody = (entity: Entity) => ({
    id: entity.id,
    type: entity.type,
    name: entity.name,
    names: entity.names,
    articleCount: entity.articleCount,
    url: entityUrl(entity),
  });

  app.get(
    '/articles/:id/entities',
    {
      schema: {
        summary: 'The people, organisations and places a published article names',
        description:
          'Most prominent first (named in the headline, kicker or dek), then the most named. `names` are the forms this article writes each in; /entities/{id} has every spelling.',
        operationId: 'listArticleEntities',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['entities'],
            properties: { entities: { type: 'array', items: { $ref: 'ArticleEntity#' } } },
          },
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { id } = request.params as { id: number };
        if (!(await store.articles.isPublished(id))) return { status: 404, error: API_ERRORS.articleNotFound };
        const named = await store.entities.forArticle(id);
        return {
          body: { entities: named.map((entity: ArticleEntity) => articleEntityBody(entity, entityUrl(entity))) },
          // The article's change (a save, unpublishing) and each entity's (a rename, a merge) purge it.
          tags: [cacheTags.article(id), ...named.map((entity) => cacheTags.entity(entity.id)), cacheTags.home],
        };
      }),
  );

  app.get(
    '/entities/:id',
    {
      schema: {
        summary: 'One entity with every spelling of its name',
        description:
          'An entity an editor merged into another answers 301 with a Location header (and the same body as the other’s address) to /entities/{the other id}: clients that follow redirects get the entity it now is, and may replace the old id with the new one. A rejected entity, or one no published article names, is 404 like an unknown one.',
        operationId: 'getEntity',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: idParams,
        response: {
          200: { $ref: 'Entity#' },
          301: {
            description: 'Merged into another entity: Location is that entity’s address in this API.',
            headers: {
              location: { type: 'string', description: '/api/v1/entities/{id} of the entity it was merged into.' },
            },
            $ref: 'Entity#',
          },
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { id } = request.params as { id: number };
        const found = await store.entities.get(id);
        // get() names the entity at the end of the merges.
        const entity = found?.mergedInto === undefined ? found : await store.entities.get(found.mergedInto);
        if (!found || !entity || !shownToReaders(entity)) return { status: 404, error: API_ERRORS.entityNotFound };
        if (entity.id !== id) {
          return { status: 301, location: `${app.prefix}/entities/${entity.id}`, body: entityBody(entity) };
        }
        return { body: entityBody(entity), tags: [cacheTags.entity(id)] };
      }),
  );

  app.get(
    '/entities',
    {
      schema: {
        summary: 'Entities by any spelling of their name',
        description:
          'Every entity one of whose spellings is `q` as written, or another spelling of the same name (گانتز, جانتس and غانتس meet), the most written about first.',
        operationId: 'findEntities',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        querystring: entitySearchQuery,
        response: {
          200: {
            type: 'object',
            required: ['entities'],
            properties: { entities: { type: 'array', items: { $ref: 'Entity#' } } },
          },
          ...errorResponses(400, 401, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { q, limit } = request.query as { q: string; limit: number };
        // The most written about first: those no published article names (left out) come last.
        const entities = (await store.entities.findBySpelling(q, limit)).filter(shownToReaders);
        return {
          body: { entities: entities.map(entityBody) },
          // `home`: each publication may give the spelling an entity, or another one.
          tags: [...entities.map((entity) => cacheTags.entity(entity.id)), cacheTags.home],
        };
      }),
  );
}

/** Whether readers see the entity: not rejected, not merged away, and named in a published article. */
function shownToReaders(entity: Entity & { mergedInto?: number }): boolean {
  return entity.mergedInto === undefined && entity.status !== 'rejected' && entity.articleCount > 0;
}

function articleEntityBody(entity: ArticleEntity, url: string) {
  return {
    id: entity.id,
    type: entity.type,
    name: entity.name,
    names: entity.names,
    prominent: entity.prominent,
    mentions: entity.mentions,
    url,
  };
}
