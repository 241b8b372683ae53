import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NewsroomError } from '../../content/newsroom-error.ts';
import type { DecisionResult } from '../../entities/entity-decision.ts';
import { ENTITY_ERRORS } from '../../entities/entity-error.ts';
import { can } from '../../newsroom/policy.ts';
import { toOptionalDate } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { EntityDecisionAnswer } from './editor/editor-model.ts';
import { isEntityStatus, isEntityType, newsroomEntityPath } from './entity-labels.ts';
import { formField, idParam } from './form-fields.ts';
import { wantsJson } from './json-answers.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { NewsroomHttpError, requirePermission, requireSignedIn, type SignedInRequest } from './signed-in-user.ts';
import { type EntitiesListModel, EntitiesListPage } from './views/entities-page.tsx';
import { type EntityFormValues, EntityPage, type EntityPageModel } from './views/entity-page.tsx';

/** Entities a page of the list shows. */
export const ENTITIES_PER_PAGE = 30;
/** Unconfirmed entities the list page shows, and suspected duplicates. */
const PROPOSED_SHOWN = 20;
const DUPLICATES_SHOWN = 10;
/** Spellings found by the list's search box, and by the merge form's. */
const SEARCH_LIMIT = 50;
/** The entity page's newest articles, a page. */
const ARTICLES_PER_PAGE = 20;
/** Article rows read to count how many articles write each spelling. */
const SPELLING_ROWS = 20_000;
const MAX_PAGE = 100_000;

const DONE: Record<string, string> = {
  confirmed: 'أُكّد الكيان: صار معروفا للاستخراج في كل مقال يُحفظ.',
  rejected: 'رُفض الكيان: لا يظهر للقراء بعد الآن، ولن يقترحه الاستخراج.',
  renamed: 'تغير الاسم المعتمد للكيان، وبقي الاسم السابق بين صيغه.',
  merged: 'دُمج الكيانان: صارت صيغ الأول ومقالاته للثاني، وصفحة الأول تحيل إليه.',
  split: 'فُصل كيان جديد بالصيغ والمقالات المختارة.',
  undone: 'أُلغي القرار: عاد كل شيء كما كان قبله.',
};

/**
 * The newsroom's entities at /newsroom/entities: the people, organisations and places the
 * articles name (store/entities.ts). Everyone signed in may look; the decisions — confirm,
 * reject, rename, merge, split, undo — are plain forms with the form token, for the roles the
 * policy lets `entities.decide` (editors and above), each answered with a redirect back and
 * what was done, or the page again with the store's Arabic reason and its status (JSON for
 * JSON callers: the editor's «ما وجدناه في النص» panel). After a decision the pages it changed
 * are purged: the entities' own (cacheTags.entity) and the articles that show them.
 *
 *     GET  /newsroom/entities?type=&status=&q=&page=     three lists: most articles, unconfirmed, suspected duplicates
 *     GET  /newsroom/entities/:id?page=&into_q=         an entity, its spellings, articles, forms and decisions
 *     POST /newsroom/entities/:id/confirm | reject
 *     POST /newsroom/entities/:id/rename                name
 *     POST /newsroom/entities/:id/merge                 into (an entity id); back=list to return to the list
 *     POST /newsroom/entities/:id/split                 names (repeated), articleIds (repeated), name
 *     POST /newsroom/entities/decisions/:id/undo        entity (the page to return to)
 */
export function registerEntityRoutes(
  app: FastifyInstance,
  { store, context }: { store: Store; context: NewsroomContext },
): void {
  const look = { preHandler: requireSignedIn };
  const decide = { preHandler: requireDecider };

  // ——— Pages ———

  async function sendListPage(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: { error?: string; done?: string } = {},
    status = 200,
  ): Promise<FastifyReply> {
    const query = request.query as Record<string, unknown>;
    const type = isEntityType(query.type) ? query.type : undefined;
    const wanted = isEntityStatus(query.status) ? query.status : undefined;
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const page = pageParam(query.page);
    let listed: EntitiesListModel['listed'];
    if (q) {
      const found = (await store.entities.findBySpelling(q, SEARCH_LIMIT)).filter(
        (e) => (type === undefined || e.type === type) && (wanted === undefined || e.status === wanted),
      );
      listed = { entities: found, total: found.length, page: 1, pages: 1 };
    } else {
      const top = await store.entities.top({
        ...(type ? { type } : {}),
        ...(wanted ? { status: wanted } : {}),
        limit: ENTITIES_PER_PAGE,
        offset: (page - 1) * ENTITIES_PER_PAGE,
      });
      listed = {
        entities: top.entities,
        total: top.total,
        page,
        pages: Math.max(1, Math.ceil(top.total / ENTITIES_PER_PAGE)),
      };
    }
    const proposed = await store.entities.top({
      ...(type ? { type } : {}),
      status: 'proposed',
      limit: PROPOSED_SHOWN,
    });
    const duplicates = await store.entities.suspectedDuplicates(DUPLICATES_SHOWN);
    const model: EntitiesListModel = {
      type,
      status: wanted,
      q,
      listed,
      proposed: proposed.entities,
      proposedTotal: proposed.total,
      duplicates,
      canDecide: can({ id: request.user.id, role: request.user.role }, 'entities.decide'),
      error: extra.error,
      done: extra.done,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: 'الكيانات', user: request.user, current: 'entities' },
      (csrfToken) => <EntitiesListPage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  async function sendEntityPage(
    request: SignedInRequest,
    reply: FastifyReply,
    id: number,
    extra: { error?: string; done?: string; values?: EntityFormValues } = {},
    status = 200,
  ): Promise<FastifyReply> {
    const entity = await store.entities.get(id);
    if (!entity) throw ENTITY_ERRORS.notFound(id);
    const query = request.query as Record<string, unknown>;
    const page = pageParam(query.page);
    const intoQuery = typeof query.into_q === 'string' ? query.into_q.trim().slice(0, 200) : '';
    const [names, spellingCounts, listed, log] = await Promise.all([
      store.entities.names(id),
      countSpellings(store, id),
      store.entities.articles(id, { limit: ARTICLES_PER_PAGE, offset: (page - 1) * ARTICLES_PER_PAGE }),
      store.entities.log(id),
    ]);
    const articles = await articleLines(store, id, listed.articleIds);
    // The other entities the log names (merged into, split off), and the one this was merged into.
    const otherIds = new Set<number>();
    for (const decision of log) {
      if (decision.entityId !== id) otherIds.add(decision.entityId);
      if (decision.otherEntityId !== null && decision.otherEntityId !== id) otherIds.add(decision.otherEntityId);
    }
    if (entity.mergedInto !== undefined) otherIds.add(entity.mergedInto);
    const others = new Map<number, { id: number; name: string }>();
    for (const other of await Promise.all([...otherIds].map((other) => store.entities.get(other)))) {
      if (other) others.set(other.id, { id: other.id, name: other.name });
    }
    const mergeCandidates = intoQuery
      ? (await store.entities.findBySpelling(intoQuery, SEARCH_LIMIT)).filter((e) => e.id !== id)
      : [];
    const model: EntityPageModel = {
      entity,
      mergedInto: entity.mergedInto === undefined ? undefined : others.get(entity.mergedInto),
      spellings: names.map((n) => ({ name: n.name, articles: spellingCounts.counts.get(n.name) ?? 0 })),
      spellingsCounted: spellingCounts.complete,
      articles,
      articlesTotal: listed.total,
      page,
      pages: Math.max(1, Math.ceil(listed.total / ARTICLES_PER_PAGE)),
      log,
      others,
      intoQuery,
      mergeCandidates,
      canDecide: can({ id: request.user.id, role: request.user.role }, 'entities.decide'),
      timeZone: context.timeZone,
      values: extra.values ?? {},
      error: extra.error,
      done: extra.done,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: entity.name, user: request.user, current: 'entities' },
      (csrfToken) => <EntityPage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  app.get('/entities', look, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendListPage(request as SignedInRequest, reply, done ? { done } : {});
  });

  app.get('/entities/:id', look, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendEntityPage(request as SignedInRequest, reply, entityId(request), done ? { done } : {});
  });

  // ——— Decisions ———

  interface Outcome {
    result: DecisionResult;
    /** The entities whose pages change. */
    entityIds: number[];
    done: keyof typeof DONE;
    /** Where the form's page goes next. */
    location: string;
  }

  /**
   * Runs a decision and purges what it changed. A refusal (EntityError, or a check of ours)
   * shows the page the form came from again, with the reason, the status and what was typed;
   * an entity that is not there at all is the newsroom's 404 page. JSON callers get JSON.
   */
  async function decision(
    request: FastifyRequest,
    reply: FastifyReply,
    refused: (message: string, status: number) => Promise<FastifyReply>,
    run: (userId: number) => Promise<Outcome>,
  ): Promise<FastifyReply> {
    const { user } = request as SignedInRequest;
    let outcome: Outcome;
    try {
      outcome = await run(user.id);
    } catch (error) {
      if (error instanceof NewsroomError && !wantsJson(request)) {
        try {
          return await refused(error.messageAr, error.status);
        } catch {
          throw error; // the page itself is gone (an unknown entity): the newsroom's Arabic 404
        }
      }
      throw error;
    }
    await afterDecision(outcome.entityIds, outcome.result.changedArticleIds);
    if (wantsJson(request)) {
      const answer: EntityDecisionAnswer = {
        decisionId: outcome.result.decisionId,
        changedArticleIds: outcome.result.changedArticleIds,
        entityIds: outcome.entityIds,
      };
      return reply.header('cache-control', 'no-store').send(answer);
    }
    return reply.redirect(`${outcome.location}?done=${outcome.done}`, 303);
  }

  /**
   * After a decision: extraction reads the decisions afresh at this process's next write
   * (forgetRules; other processes within the rules' lifetime), and every server's pages that
   * show the entities or the changed articles, and the entity sitemaps, are purged through the recorded purges
   * (cache_invalidations) that all processes follow.
   */
  async function afterDecision(entityIds: readonly number[], articleIds: readonly number[]): Promise<void> {
    store.indexing.forgetRules();
    await app.purgePages([
      cacheTags.entities,
      ...entityIds.map(cacheTags.entity),
      ...articleIds.map(cacheTags.article),
    ]);
  }

  /** The page a form of the entity page (or, with back=list, of the list) came from, again. */
  function formPage(request: FastifyRequest, reply: FastifyReply, id: number, values: EntityFormValues = {}) {
    return (message: string, status: number) =>
      formField(request.body, 'back', 10) === 'list'
        ? sendListPage(request as SignedInRequest, reply, { error: message }, status)
        : sendEntityPage(request as SignedInRequest, reply, id, { error: message, values }, status);
  }

  for (const action of ['confirm', 'reject'] as const) {
    app.post(`/entities/:id/${action}`, decide, async (request, reply) => {
      const id = entityId(request);
      return decision(request, reply, formPage(request, reply, id), async (userId) => ({
        result: await store.entities[action](id, userId),
        entityIds: [id],
        done: action === 'confirm' ? 'confirmed' : 'rejected',
        location: formField(request.body, 'back', 10) === 'list' ? '/newsroom/entities' : newsroomEntityPath(id),
      }));
    });
  }

  app.post('/entities/:id/rename', decide, async (request, reply) => {
    const id = entityId(request);
    // Longer than any name may be, so that the store's check says so rather than a cut name passing.
    const name = formField(request.body, 'name', 1000);
    return decision(request, reply, formPage(request, reply, id, { renameName: name }), async (userId) => ({
      result: await store.entities.rename(id, name, userId),
      entityIds: [id],
      done: 'renamed',
      location: newsroomEntityPath(id),
    }));
  });

  app.post('/entities/:id/merge', decide, async (request, reply) => {
    const id = entityId(request);
    const intoText = formField(request.body, 'into', 40);
    const back = formField(request.body, 'back', 10) === 'list';
    return decision(request, reply, formPage(request, reply, id, { into: intoText }), async (userId) => {
      const into = entityNumber(intoText);
      if (into === undefined) throw mergeTargetMissing();
      return {
        result: await store.entities.merge(id, into, userId),
        entityIds: [id, into],
        done: 'merged',
        location: back ? '/newsroom/entities' : newsroomEntityPath(into),
      };
    });
  });

  app.post('/entities/:id/split', decide, async (request, reply) => {
    const id = entityId(request);
    const name = formField(request.body, 'name', 1000);
    const names = listField(request.body, 'names', 1000).filter((n) => n.trim() !== '');
    const articleIds = listField(request.body, 'articleIds', 20).flatMap((text) => entityNumber(text) ?? []);
    const values: EntityFormValues = { splitName: name, splitNames: names, splitArticleIds: articleIds };
    return decision(request, reply, formPage(request, reply, id, values), async (userId) => {
      const result = await store.entities.split(id, { names, articleIds }, name, userId);
      const made = (await store.entities.log(id, 10)).find((d) => d.id === result.decisionId);
      const newId = made?.action === 'split' ? made.payload.newEntityId : undefined;
      return {
        result,
        entityIds: newId === undefined ? [id] : [id, newId],
        done: 'split',
        location: newsroomEntityPath(id),
      };
    });
  });

  app.post('/entities/decisions/:id/undo', decide, async (request, reply) => {
    const decisionId = idParam(request.params);
    if (decisionId === undefined) throw ENTITY_ERRORS.decisionNotFound(0);
    const decided = await store.db
      .selectFrom('entity_decisions')
      .select(['entity_id', 'other_entity_id'])
      .where('id', '=', decisionId)
      .executeTakeFirst();
    if (!decided) throw ENTITY_ERRORS.decisionNotFound(decisionId);
    // Back to the page the form was on: one of the two entities the decision is about.
    const shown = entityNumber(formField(request.body, 'entity', 20));
    const page = shown === decided.other_entity_id ? shown : decided.entity_id;
    return decision(request, reply, formPage(request, reply, page), async (userId) => ({
      result: await store.entities.undo(decisionId, userId),
      entityIds: decided.other_entity_id === null ? [decided.entity_id] : [decided.entity_id, decided.other_entity_id],
      done: 'undone',
      location: newsroomEntityPath(page),
    }));
  });
}

/** The entity a path names: a positive integer, else the store's «not found» (404). */
function entityId(request: FastifyRequest): number {
  const id = idParam(request.params);
  if (id === undefined) {
    throw new NewsroomError(
      'entity_not_found',
      'There is no such entity.',
      'هذا الاسم غير موجود في لائحة الأسماء.',
      404,
    );
  }
  return id;
}

/** An entity or article id typed or sent: digits (Arabic-Indic ones too), else undefined. */
function entityNumber(text: string): number | undefined {
  const digits = text
    .trim()
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/^#/, '');
  if (!/^[1-9]\d{0,9}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= 2_147_483_647 ? n : undefined;
}

function mergeTargetMissing(): NewsroomError {
  return new NewsroomError(
    'entity_merge_target_missing',
    'Name the entity to merge into: its number, or pick it from a search.',
    'حدد الكيان الذي يُدمج فيه هذا الكيان: اكتب رقمه، أو ابحث عنه واختره من النتائج.',
    400,
  );
}

/** A repeated form field (or a JSON array) as strings, each cut at `max` characters; at most 1,000 of them. */
function listField(body: unknown, name: string, max: number): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const value = (body as Record<string, unknown>)[name];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items
    .slice(0, 1000)
    .flatMap((item) => (typeof item === 'string' || typeof item === 'number' ? [String(item).slice(0, max)] : []));
}

function pageParam(value: unknown): number {
  const text = typeof value === 'string' ? value : '1';
  if (!/^[1-9]\d{0,5}$/.test(text)) return 1;
  return Math.min(Number(text), MAX_PAGE);
}

/**
 * How many of the entity's published articles (those its count and its list hold) write each
 * spelling, from its article rows (at most SPELLING_ROWS of them: `complete` says whether
 * that was all).
 */
async function countSpellings(store: Store, id: number): Promise<{ counts: Map<string, number>; complete: boolean }> {
  const rows = await store.db
    .selectFrom('article_entities')
    .select('names')
    .where('entity_id', '=', id)
    .where('listed', '=', 1)
    .limit(SPELLING_ROWS + 1)
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows.slice(0, SPELLING_ROWS)) {
    for (const name of new Set(JSON.parse(row.names) as string[])) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return { counts, complete: rows.length <= SPELLING_ROWS };
}

/** The listed articles' headlines and dates, and the forms each writes the entity in, in the order given. */
async function articleLines(
  store: Store,
  entityId: number,
  ids: readonly number[],
): Promise<EntityPageModel['articles']> {
  if (ids.length === 0) return [];
  const [articles, rows] = await Promise.all([
    store.db
      .selectFrom('articles')
      .select(['id', 'headline', 'published_at'])
      .where('id', 'in', [...ids])
      .execute(),
    store.db
      .selectFrom('article_entities')
      .select(['article_id', 'names'])
      .where('entity_id', '=', entityId)
      .where('article_id', 'in', [...ids])
      .execute(),
  ]);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const forms = new Map(rows.map((r) => [r.article_id, JSON.parse(r.names) as string[]]));
  return ids.flatMap((id) => {
    const article = byId.get(id);
    if (!article) return [];
    const publishedAt = toOptionalDate(article.published_at) ?? null;
    return [{ id, headline: article.headline, publishedAt, forms: forms.get(id) ?? [] }];
  });
}

const mayDecide = requirePermission('entities.decide');

/**
 * The decisions' gate: the policy's entities.decide (an Arabic 403 for authors and
 * contributors); without a session, the sign-in page, or for a JSON caller (the editor's
 * panel) 401 with a code.
 */
async function requireDecider(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user || !wantsJson(request)) return mayDecide(request, reply);
  throw request.sessionEnded
    ? new NewsroomHttpError(
        401,
        'session_expired',
        'Your session has ended: sign in again.',
        'انتهت جلستك في غرفة الأخبار. سجّل الدخول من جديد ثم أعد المحاولة.',
      )
    : new NewsroomHttpError(401, 'not_signed_in', 'Sign in first.', 'سجّل الدخول إلى غرفة الأخبار أولا.');
}
