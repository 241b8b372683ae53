import type { FastifyInstance, FastifyReply } from 'fastify';
import { HELD_REASONS, type HeldReason } from '../../comments/checks.ts';
import {
  COMMENT_MODES,
  COMMENT_STATUSES,
  CommentError,
  type CommentMode,
  MODERATION_ACTIONS,
  type ModerationAction,
} from '../../comments/comment.ts';
import type { Actor } from '../../newsroom/policy.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import { registerCommentsQueueScript } from './comments-script.ts';
import { formField } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { requirePermission, type SignedInRequest } from './signed-in-user.ts';
import { type CommentsQueueModel, CommentsQueuePage } from './views/comments-page.tsx';

const PER_PAGE = 50;
const LOG_SHOWN = 20;
const MAX_PAGE = 100_000;
/** Bulk decisions at most at once (a page's worth and more). */
const MAX_BULK = 200;

const DONE: Record<string, string> = {
  approve: 'قُبل: يظهر الآن تحت المقال.',
  reject: 'رُفض.',
  ban: 'حُظر العنوان: تعليقاته التالية تُعزل مزعجة 30 يوما.',
  mode: 'حُفظ وضع التعليقات.',
};

/**
 * The moderation queue at /newsroom/comments, for the roles the policy lets moderate comments
 * (`comments.moderate`: editors and above). Decisions are plain forms with the form token; each
 * answers with a redirect back to the queue as it was filtered. The store purges an article's
 * page through the outbox when its shown comments change; this server's cache is purged at once.
 *
 *     GET  /newsroom/comments?status=&reason=&article=&order=&page=
 *     POST /newsroom/comments/decide   one=<action>:<id> | action=approve|reject + ids (checked), back
 *     POST /newsroom/comments/mode     articleId, mode (closed|pre|post), back
 */
export function registerCommentQueueRoutes(
  app: FastifyInstance,
  { store, context }: { store: Store; context: NewsroomContext },
) {
  const moderate = { preHandler: requirePermission('comments.moderate') };
  const script = registerCommentsQueueScript(app);
  const actorOf = (request: SignedInRequest): Actor => ({ id: request.user.id, role: request.user.role });

  async function sendQueue(
    request: SignedInRequest,
    reply: FastifyReply,
    query: Record<string, unknown>,
    extra: { error?: string; done?: string },
    status = 200,
  ) {
    const actor = actorOf(request);
    const filter: CommentsQueueModel['filter'] = {
      status: oneOf(query.status, COMMENT_STATUSES) ?? 'pending',
      reason: oneOf(query.reason, Object.keys(HELD_REASONS) as HeldReason[]),
      articleId: positive(query.article),
      order: query.order === 'newest' ? 'newest' : 'oldest',
    };
    const requested = Math.min(positive(query.page) ?? 1, MAX_PAGE);
    const first = await store.comments.queue(actor, { ...filter, limit: PER_PAGE, offset: (requested - 1) * PER_PAGE });
    const pages = Math.max(1, Math.ceil(first.total / PER_PAGE));
    const page = Math.min(requested, pages);
    const { items, total } =
      page === requested
        ? first
        : await store.comments.queue(actor, { ...filter, limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    const pathFor = (n: number) => queuePath(filter, n);
    const model: CommentsQueueModel = {
      filter,
      items,
      total,
      page,
      pages,
      pendingByReason: await store.comments.pendingByReason(actor),
      articleMode: filter.articleId === undefined ? undefined : await store.comments.mode(filter.articleId),
      log: await store.comments.log(actor, LOG_SHOWN),
      here: pathFor(page),
      pathFor,
      timeZone: context.timeZone,
      error: extra.error,
      done: extra.done,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: 'تعليقات القراء', user: request.user, current: 'comments', scripts: [script] },
      (csrfToken) => <CommentsQueuePage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  app.get('/comments', moderate, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return sendQueue(request as SignedInRequest, reply, query, { done: DONE[String(query.done)] });
  });

  app.post('/comments/decide', moderate, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const back = backTo(formField(request.body, 'back', 500));
    const one = /^(approve|reject|ban):([1-9]\d{0,9})$/.exec(formField(request.body, 'one', 40));
    let action: ModerationAction | undefined;
    let ids: number[];
    if (one) {
      action = one[1] as ModerationAction;
      ids = [Number(one[2])];
    } else {
      action = oneOf(formField(request.body, 'action', 20), MODERATION_ACTIONS);
      ids = checkedIds(request.body);
    }
    const query = Object.fromEntries(new URL(back, 'http://x').searchParams);
    if (!action) return sendQueue(signedIn, reply, query, { error: 'اختر ما تفعله بالتعليقات.' }, 400);
    if (ids.length === 0) return sendQueue(signedIn, reply, query, { error: 'حدد تعليقا واحدا على الأقل.' }, 400);
    if (ids.length > MAX_BULK) {
      return sendQueue(signedIn, reply, query, { error: `حدد ${MAX_BULK} تعليق على الأكثر في المرة الواحدة.` }, 400);
    }
    const { articleIds } = await store.comments.decide(actorOf(signedIn), ids, action);
    app.pageCache?.purge(articleIds.map((id) => cacheTags.article(id)));
    return reply.redirect(withDone(back, action), 303);
  });

  app.post('/comments/mode', moderate, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const back = backTo(formField(request.body, 'back', 500));
    const query = Object.fromEntries(new URL(back, 'http://x').searchParams);
    const articleId = positive(formField(request.body, 'articleId', 20));
    const mode = oneOf(formField(request.body, 'mode', 20), COMMENT_MODES);
    if (articleId === undefined || !mode) {
      return sendQueue(signedIn, reply, query, { error: 'اختر مقالا ووضعا للتعليقات.' }, 400);
    }
    try {
      await store.comments.setMode(actorOf(signedIn), articleId, mode as CommentMode);
    } catch (error) {
      if (error instanceof CommentError)
        return sendQueue(signedIn, reply, query, { error: error.messageAr }, error.status);
      throw error;
    }
    app.pageCache?.purge([cacheTags.article(articleId)]);
    return reply.redirect(withDone(back, 'mode'), 303);
  });
}

function queuePath(filter: CommentsQueueModel['filter'], page: number): string {
  const params = new URLSearchParams();
  if (filter.status !== 'pending') params.set('status', filter.status);
  if (filter.reason) params.set('reason', filter.reason);
  if (filter.articleId !== undefined) params.set('article', String(filter.articleId));
  if (filter.order !== 'oldest') params.set('order', filter.order);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/newsroom/comments?${query}` : '/newsroom/comments';
}

/** Back to the queue as it was filtered; anything else is the plain queue. */
function backTo(value: string): string {
  return /^\/newsroom\/comments(\?[^#\s]*)?$/.test(value) ? value : '/newsroom/comments';
}

function withDone(back: string, done: string): string {
  const url = new URL(back, 'http://x');
  url.searchParams.set('done', done);
  return `${url.pathname}${url.search}`;
}

function checkedIds(body: unknown): number[] {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).ids : undefined;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(values.flatMap((v) => (typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) ? [Number(v)] : [])))];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positive(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : undefined;
}
