import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DraftError } from '../../content/article-draft.ts';
import { NewsroomError } from '../../content/newsroom-error.ts';
import { isWorkflowAction, WorkflowError } from '../../content/workflow.ts';
import type { User } from '../../newsroom/accounts.ts';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { ArticleHiddenError, authorize, type PolicyAction } from '../../newsroom/policy.ts';
import { RevisionConflictError } from '../../store/newsroom-articles.ts';
import type { Store } from '../../store/store.ts';
import { actorOf, articleEntities, draftOf, loadEditorArticle } from './article-editor-model.ts';
import type { EditorApiError, RevisionListEntry, RevisionText } from './editor/editor-model.ts';
import { idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { relatedChoiceRoutes } from './related-choice-routes.ts';
import { parseScheduleTime } from './schedule-time.ts';
import { NewsroomHttpError } from './signed-in-user.ts';

/** The largest request the editor sends: the body's own limit (1,000,000 characters of JSON) in UTF-8, and some. */
export const EDITOR_BODY_LIMIT = 3 * 1024 * 1024;

/**
 * The JSON endpoints of the article editor, under /newsroom/articles: create, save from a
 * revision, workflow transitions, revisions and restore, what the text names (its entities),
 * the tag and byline suggestions, and «اقرأ أيضا»'s pins and removals (related-choice-routes.ts).
 * Every write goes through the store, which asks the permission policy; every answer is
 * JSON, refusals included (`{ error: { code, message, messageAr } }`), and the newsroom's
 * form token comes in the X-CSRF-Token header.
 */
export async function articleApiRoutes(
  app: FastifyInstance,
  { store, parts, context }: { store: Store; parts: NewsroomAccounts; context: NewsroomContext },
): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => sendEditorError(error, request, reply));
  const options = { preHandler: requireSignedInForJson, bodyLimit: EDITOR_BODY_LIMIT };

  app.post('/articles', options, async (request, reply) => {
    const user = request.user as User;
    const write = await store.newsroomArticles.create(actorOf(user), request.body as never);
    return reply.code(201).send({ article: await loadEditorArticle(store, user, write.id) });
  });

  app.get('/articles/:id/state', options, async (request) => {
    return { article: await loadEditorArticle(store, request.user as User, articleId(request)) };
  });

  app.put('/articles/:id', options, async (request, reply) => {
    const user = request.user as User;
    const id = await articleMayBe(request, store, 'article.edit');
    const body = objectBody(request.body);
    const baseRevision = revisionNumber(body.baseRevision);
    try {
      await store.newsroomArticles.save(actorOf(user), id, baseRevision, body.draft as never);
    } catch (error) {
      if (error instanceof RevisionConflictError) return sendConflict(reply, error, store, user);
      throw error;
    }
    return { article: await loadEditorArticle(store, user, id) };
  });

  app.post('/articles/:id/transitions', options, async (request) => {
    const user = request.user as User;
    // The step's own permission is the store's to check; one may at least see the article.
    const id = await articleMayBe(request, store, 'article.view');
    const body = objectBody(request.body);
    if (!isWorkflowAction(body.action)) {
      throw new WorkflowError('unknown_action', 'There is no such workflow action.', 'إجراء غير معروف.', 400);
    }
    const at = body.action === 'schedule' ? parseScheduleTime(body.scheduledAt, context.timeZone) : null;
    const note = typeof body.note === 'string' ? body.note : null;
    await store.newsroomArticles.transition(actorOf(user), id, { action: body.action, note, at });
    return { article: await loadEditorArticle(store, user, id) };
  });

  // «ما وجدناه في النص» again, after an entity decision taken in the editor's panel.
  app.get('/articles/:id/entities', options, async (request) => {
    const id = await articleMayBe(request, store, 'article.view');
    return { entities: await articleEntities(store, id) };
  });

  app.get('/articles/:id/revisions', options, async (request) => {
    const id = articleId(request);
    const revisions = await store.newsroomArticles.revisions(actorOf(request.user as User), id);
    const names = await userNames(parts);
    return {
      revisions: revisions.map(
        (r): RevisionListEntry => ({
          revision: r.revision,
          kind: r.kind,
          basedOn: r.basedOn,
          note: r.note,
          createdAt: r.createdAt.toISOString(),
          headline: r.headline,
          userName: r.userId === null ? null : (names.get(r.userId) ?? null),
        }),
      ),
    };
  });

  app.get('/articles/:id/revisions/:revision', options, async (request) => {
    const id = articleId(request);
    const number = revisionNumber(idParam(request.params, 'revision'));
    const r = await store.newsroomArticles.revision(actorOf(request.user as User), id, number);
    const names = await userNames(parts);
    const revision: RevisionText = {
      revision: r.revision,
      kind: r.kind,
      basedOn: r.basedOn,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
      headline: r.headline,
      userName: r.userId === null ? null : (names.get(r.userId) ?? null),
      draft: draftOf(r.snapshot),
    };
    return { revision };
  });

  app.post('/articles/:id/revisions/:revision/restore', options, async (request, reply) => {
    const user = request.user as User;
    const id = await articleMayBe(request, store, 'article.edit');
    const number = revisionNumber(idParam(request.params, 'revision'));
    const baseRevision = revisionNumber(objectBody(request.body).baseRevision);
    try {
      await store.newsroomArticles.restore(actorOf(user), id, number, baseRevision);
    } catch (error) {
      if (error instanceof RevisionConflictError) return sendConflict(reply, error, store, user);
      throw error;
    }
    return { article: await loadEditorArticle(store, user, id) };
  });

  relatedChoiceRoutes(app, { store, options, articleMayBe: (request, action) => articleMayBe(request, store, action) });

  app.get('/suggestions/:kind', options, async (request) => {
    const { kind } = request.params as { kind: string };
    if (kind !== 'tags' && kind !== 'authors') throw notFound();
    const q = (request.query as Record<string, unknown>).q;
    return { names: await store.taxonomy.namesStartingWith(kind, typeof q === 'string' ? q.slice(0, 80) : '') };
  });
}

/** The JSON endpoints answer 401 (not a redirect) to a request without a session. */
async function requireSignedInForJson(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  const body: EditorApiError = {
    error: {
      code: request.sessionEnded ? 'session_expired' : 'signed_out',
      message: 'Sign in to the newsroom first.',
      messageAr: request.sessionEnded
        ? 'انتهت جلستك: سجّل الدخول من جديد في نافذة أخرى، ثم أعد المحاولة. نصك محفوظ في هذا المتصفح.'
        : 'سجّل الدخول إلى غرفة الأخبار أولا.',
    },
  };
  await reply.code(401).header('cache-control', 'no-store').send(body);
}

function articleId(request: FastifyRequest): number {
  const id = idParam(request.params);
  if (id === undefined) throw notFound();
  return id;
}

/**
 * The article a write names, once the user may `action` it: refused before its body is read —
 * 404 when it does not exist or the user may not view it (one answer for both), 403 when they
 * see it but may not do this —, so that nobody learns anything from the checks of an article
 * that is not theirs.
 * The store checks again inside its transaction.
 */
async function articleMayBe(request: FastifyRequest, store: Store, action: PolicyAction): Promise<number> {
  const id = articleId(request);
  const ownership = await store.newsroomArticles.ownership(id);
  if (!ownership) throw notFound();
  authorize(actorOf(request.user as User), action, ownership);
  return id;
}

/** The same answer as for an article the user may not view (the policy's ArticleHiddenError). */
function notFound(): NewsroomError {
  return new ArticleHiddenError();
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NewsroomError('bad_request', 'The request must be a JSON object.', 'الطلب غير صالح.', 400);
  }
  return body as Record<string, unknown>;
}

function revisionNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new NewsroomError(
      'invalid_revision',
      'baseRevision must be the revision the editor opened.',
      'رقم النسخة غير صالح: أعد تحميل الصفحة.',
      400,
    );
  }
  return value;
}

async function userNames(parts: NewsroomAccounts): Promise<Map<number, string>> {
  return new Map((await parts.accounts.list()).map((u) => [u.id, u.displayName]));
}

/** 409: both versions, the article as it now stands (its revision to save from), and where the stale text was kept. */
async function sendConflict(
  reply: FastifyReply,
  error: RevisionConflictError,
  store: Store,
  user: User,
): Promise<FastifyReply> {
  const body: EditorApiError = {
    error: { code: error.code, message: error.message, messageAr: error.messageAr },
    conflict: {
      currentRevision: error.currentRevision,
      keptAsRevision: error.keptAsRevision,
      current: draftOf(error.current),
      attempted: draftOf(error.attempted),
      base: await store.newsroomArticles
        .revision(actorOf(user), error.articleId, error.baseRevision)
        .then((r) => draftOf(r.snapshot))
        .catch(() => null),
      article: await loadEditorArticle(store, user, error.articleId),
    },
  };
  return reply.code(409).header('cache-control', 'no-store').send(body);
}

const CSRF_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

/** Every refusal as JSON with a stable code; a stale save also carries both versions. */
function sendEditorError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const send = (status: number, body: EditorApiError) =>
    reply.code(status).header('cache-control', 'no-store').send(body);
  if (error instanceof NewsroomError) {
    const field = error instanceof DraftError ? { field: error.field } : {};
    return send(error.status, {
      error: { code: error.code, message: error.message, messageAr: error.messageAr, ...field },
    });
  }
  if (error instanceof NewsroomHttpError) {
    return send(error.statusCode, { error: { code: error.code, message: error.message, messageAr: error.messageAr } });
  }
  const code = (error as FastifyError).code;
  if (code && CSRF_CODES.has(code)) {
    return send(403, {
      error: {
        code: 'csrf_invalid',
        message: 'The request lacks the newsroom form token.',
        messageAr: 'لم يُقبل الطلب: رمز النموذج ناقص أو قديم. أعد تحميل الصفحة (نصك محفوظ في هذا المتصفح).',
      },
    });
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(413, {
      error: {
        code: 'request_too_large',
        message: `The article is larger than ${EDITOR_BODY_LIMIT} bytes.`,
        messageAr: 'المقال أكبر من المسموح به: قسّمه إلى أكثر من مقال، أو احذف ما أُلصق فيه خطأ.',
      },
    });
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return send(status === 415 ? 415 : 400, {
      error: { code: 'bad_request', message: 'The request is malformed.', messageAr: 'تعذر فهم هذا الطلب.' },
    });
  }
  request.log.error({ err: error, url: request.url }, 'newsroom editor request failed');
  return send(500, {
    error: {
      code: 'internal_error',
      message: 'Something went wrong on our side.',
      messageAr: 'حدث خلل من جهتنا. نصك محفوظ في هذا المتصفح: أعد المحاولة بعد قليل.',
    },
  });
}
