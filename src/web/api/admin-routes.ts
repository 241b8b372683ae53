import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ArticleDraft } from '../../content/article-draft.ts';
import type { WorkflowAction } from '../../content/workflow.ts';
import { authorize } from '../../newsroom/policy.ts';
import { ArticleNotFoundError, type NewsroomWrite } from '../../store/newsroom-articles.ts';
import type { Store } from '../../store/store.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath } from '../site/urls.ts';
import { type ApiClient, requireAdminToken } from './api-clients.ts';
import { articleSaveSchema, errorResponses, idParams, transitionSchema } from './api-schemas.ts';
import { SECURITY } from './api-security.ts';

/** Article bodies reach 1,000,000 characters of JSON; Arabic text is two bytes a character. */
const ADMIN_BODY_LIMIT = 4 * 1024 * 1024;

const writeResponse = { $ref: 'NewsroomArticle#' } as const;

/**
 * A client that lost the answer to a create (a host killed, a connection cut) sends it again
 * with the same key and gets the article the first one made, not a second one (npm run drill
 * found such doubles). Keys are the token user's own; the article keeps it as its externalId.
 */
const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,100}$',
      description:
        'Any key of yours (1 to 100 visible ASCII characters) for this article: a create sent again with the same key answers the article the first one made instead of making another.',
    },
  },
} as const;

/**
 * The admin API (write): create and save articles and move them through the workflow, with an
 * admin token. Each call acts as the token's user and goes through the newsroom's store, so
 * the same permission policy, workflow and revision checks apply as in the newsroom itself.
 * Media upload is not here yet (see docs/architecture.md).
 */
export function registerAdminRoutes(app: FastifyInstance, { store, site }: { store: Store; site: SiteContext }): void {
  const security = SECURITY.adminToken;
  const actorOf = (request: FastifyRequest) => (request.apiClient as ApiClient).actor;

  async function answer(write: NewsroomWrite) {
    const article = await store.articles.findById(write.id, { publishedOnly: false });
    return {
      id: write.id,
      status: write.status,
      revision: write.revision,
      publishedAt: write.publishedAt?.toISOString() ?? null,
      url: write.status === 'published' && article ? `${site.url}${articlePath(article)}` : null,
    };
  }

  app.post(
    '/admin/articles',
    {
      bodyLimit: ADMIN_BODY_LIMIT,
      preValidation: requireAdminToken,
      schema: {
        summary: 'Create a draft (revision 1), owned by the token’s user',
        operationId: 'createArticle',
        tags: ['admin'],
        security,
        body: { $ref: 'ArticleDraft#' },
        headers: idempotencyHeaders,
        response: { 201: writeResponse, ...errorResponses(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const key = request.headers['idempotency-key'];
      const write = await store.newsroomArticles.create(actor, request.body as ArticleDraft, {
        externalId: typeof key === 'string' ? `admin-api:${actor.id}:${key}` : undefined,
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await answer(write));
    },
  );

  app.get(
    '/admin/articles/:id',
    {
      preValidation: requireAdminToken,
      schema: {
        summary: 'An article in any state, with its revision (to save from) and its draft',
        operationId: 'getNewsroomArticle',
        tags: ['admin'],
        security,
        params: idParams,
        response: { 200: writeResponse, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const ownership = await store.newsroomArticles.ownership(id);
      if (!ownership) throw new ArticleNotFoundError(id);
      authorize(actorOf(request), 'article.view', ownership);
      const article = await store.articles.findById(id, { publishedOnly: false });
      if (!article) throw new ArticleNotFoundError(id);
      return reply.header('cache-control', 'no-store').send({
        id,
        status: article.status,
        revision: article.revision,
        publishedAt: article.publishedAt?.toISOString() ?? null,
        url: article.status === 'published' ? `${site.url}${articlePath(article)}` : null,
        article: {
          headline: article.headline,
          kicker: article.kicker,
          dek: article.dek,
          body: article.body,
          sectionSlug: article.section.slug,
          secondarySectionSlugs: article.secondarySections.map((s) => s.slug),
          slug: article.slug,
          dateline: article.dateline,
          language: article.language,
          bylines: article.bylines.map(({ author, role }) => ({ name: author.name, kind: author.kind, role })),
          tags: article.tags.map((tag) => tag.name),
        },
      });
    },
  );

  app.put(
    '/admin/articles/:id',
    {
      bodyLimit: ADMIN_BODY_LIMIT,
      preValidation: requireAdminToken,
      schema: {
        summary: 'Save an article’s text from baseRevision (409 with both revisions if it changed since)',
        operationId: 'saveArticle',
        tags: ['admin'],
        security,
        params: idParams,
        body: articleSaveSchema,
        response: { 200: writeResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const { baseRevision, ...draft } = request.body as ArticleDraft & { baseRevision: number };
      const write = await store.newsroomArticles.save(actorOf(request), id, baseRevision, draft);
      return reply.header('cache-control', 'no-store').send(await answer(write));
    },
  );

  app.post(
    '/admin/articles/:id/transitions',
    {
      preValidation: requireAdminToken,
      schema: {
        summary:
          'Move an article through the workflow: submit, return, schedule, publish, unpublish, correct, withdraw',
        operationId: 'transitionArticle',
        tags: ['admin'],
        security,
        params: idParams,
        body: transitionSchema,
        response: { 200: writeResponse, ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      const body = request.body as { action: WorkflowAction; note?: string; at?: string };
      const write = await store.newsroomArticles.transition(actorOf(request), id, {
        action: body.action,
        note: body.note ?? null,
        at: body.at === undefined ? null : new Date(body.at),
      });
      return reply.header('cache-control', 'no-store').send(await answer(write));
    },
  );
}
