import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  entryFromForm,
  LIVE_LIMITS,
  LiveConflictError,
  type LiveDeskForm,
  LiveError,
  liveErrors,
} from '../../live/live-entry.ts';
import { type Actor, authorize } from '../../newsroom/policy.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import { articlePath } from '../site/urls.ts';
import { formField, idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { requireSignedIn, type SignedInRequest } from './signed-in-user.ts';
import { type LiveDeskModel, LiveDeskPage } from './views/live-desk-page.tsx';

const MAX_PAGE = 10_000;

const DONE: Record<string, string> = {
  started: 'بدأت التغطية المباشرة: ينشر كل تحديث على صفحة المقال فورا.',
  added: 'نُشر التحديث.',
  edited: 'حُفظ التعديل.',
  deleted: 'حُذف التحديث من الصفحة (نصه محفوظ في النسخ).',
  pinned: 'ثُبّت التحديث في أعلى الصفحة.',
  unpinned: 'أُلغي التثبيت.',
  ended: 'انتهت التغطية المباشرة.',
};

/**
 * The live desk («التغطية المباشرة»), for whoever the policy lets run the article's coverage
 * (`article.live`: editors and above, an author on their own). Plain forms with the form token;
 * each write answers with a redirect back to the desk, or the desk again with the Arabic reason
 * and the text as it was typed. This server's cached live pages are purged at once; others
 * and HTTP caches through the outbox.
 *
 *     GET  /newsroom/articles/:id/live?page=
 *     POST /newsroom/articles/:id/live/start | /end | /entries
 *     POST /newsroom/live-entries/:id           version + the entry's fields (409: both kept)
 *     POST /newsroom/live-entries/:id/delete    version
 *     POST /newsroom/live-entries/:id/pin       pinned=1|0
 */
export function registerLiveDeskRoutes(
  app: FastifyInstance,
  { store, context }: { store: Store; context: NewsroomContext },
) {
  const signedIn = { preHandler: requireSignedIn };
  const actorOf = (request: SignedInRequest): Actor => ({ id: request.user.id, role: request.user.role });
  const purge = (articleId: number) => app.pageCache?.purge([cacheTags.live(articleId)]);

  async function sendDesk(
    request: SignedInRequest,
    reply: FastifyReply,
    articleId: number,
    extra: Partial<Pick<LiveDeskModel, 'error' | 'done' | 'draft' | 'conflict'>> & { page?: number },
    status = 200,
  ) {
    const ownership = await store.newsroomArticles.ownership(articleId);
    if (!ownership) throw liveErrors.articleNotFound();
    authorize(actorOf(request), 'article.live', ownership);
    const article = await store.articles.findById(articleId, { publishedOnly: false });
    if (!article) throw liveErrors.articleNotFound();
    const coverage = await store.live.coverage(articleId);
    const requested = Math.min(extra.page ?? 1, MAX_PAGE);
    let listed = await store.live.page(articleId, requested);
    if (requested > listed.pages) listed = await store.live.page(articleId, listed.pages);
    const page = Math.min(requested, listed.pages);
    const revisions = new Map(
      await Promise.all(
        [...(listed.pinned ? [listed.pinned] : []), ...listed.entries].map(
          async (e) => [e.id, await store.live.revisions(actorOf(request), e.id)] as const,
        ),
      ),
    );
    const model: LiveDeskModel = {
      article: {
        id: article.id,
        headline: article.headline,
        status: ownership.status,
        url: ownership.status === 'published' ? `${context.siteUrl}${articlePath(article)}` : null,
      },
      coverage,
      pinned: listed.pinned,
      entries: listed.entries,
      total: listed.total,
      page,
      pages: listed.pages,
      revisions,
      timeZone: context.timeZone,
      ...extra,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: `التغطية المباشرة: ${article.headline}`, user: request.user },
      (csrfToken) => <LiveDeskPage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  const deskPath = (articleId: number, done: string) => `/newsroom/articles/${articleId}/live?done=${done}`;

  app.get('/articles/:id/live', signedIn, async (request, reply) => {
    const id = idParam(request.params);
    if (id === undefined) throw liveErrors.articleNotFound();
    const query = request.query as Record<string, unknown>;
    const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/.test(query.page) ? Number(query.page) : 1;
    return sendDesk(request as SignedInRequest, reply, id, { page, done: DONE[String(query.done)] });
  });

  app.post('/articles/:id/live/start', signedIn, async (request, reply) => {
    const id = idParam(request.params);
    if (id === undefined) throw liveErrors.articleNotFound();
    await store.live.start(actorOf(request as SignedInRequest), id);
    app.pageCache?.purge([cacheTags.live(id), cacheTags.article(id)]);
    return reply.redirect(deskPath(id, 'started'), 303);
  });

  app.post('/articles/:id/live/end', signedIn, async (request, reply) => {
    const id = idParam(request.params);
    if (id === undefined) throw liveErrors.articleNotFound();
    await store.live.end(actorOf(request as SignedInRequest), id);
    app.pageCache?.purge([cacheTags.live(id), cacheTags.article(id)]);
    return reply.redirect(deskPath(id, 'ended'), 303);
  });

  app.post('/articles/:id/live/entries', signedIn, async (request, reply) => {
    const id = idParam(request.params);
    if (id === undefined) throw liveErrors.articleNotFound();
    const form = deskForm(request.body);
    try {
      await store.live.add(actorOf(request as SignedInRequest), id, entryFromForm(form));
    } catch (error) {
      if (error instanceof LiveError && error.status !== 404) {
        return sendDesk(request as SignedInRequest, reply, id, { error: error.messageAr, draft: form }, error.status);
      }
      throw error;
    }
    purge(id);
    return reply.redirect(deskPath(id, 'added'), 303);
  });

  app.post('/live-entries/:id', signedIn, async (request, reply) => {
    const entryId = idParam(request.params);
    const entry = entryId === undefined ? undefined : await store.live.entry(entryId);
    if (!entry) throw liveErrors.entryNotFound();
    const form = deskForm(request.body);
    const version = Number(formField(request.body, 'version', 10)) || 0;
    try {
      await store.live.edit(actorOf(request as SignedInRequest), entry.id, version, entryFromForm(form));
    } catch (error) {
      if (error instanceof LiveConflictError) {
        return sendDesk(
          request as SignedInRequest,
          reply,
          entry.articleId,
          {
            error: error.messageAr,
            conflict: { entryId: entry.id, sent: form, keptAsRevision: error.keptAsRevision },
          },
          409,
        );
      }
      if (error instanceof LiveError && error.status === 400) {
        return sendDesk(request as SignedInRequest, reply, entry.articleId, { error: error.messageAr }, 400);
      }
      throw error;
    }
    purge(entry.articleId);
    return reply.redirect(deskPath(entry.articleId, 'edited'), 303);
  });

  app.post('/live-entries/:id/delete', signedIn, async (request, reply) => {
    const entryId = idParam(request.params);
    const entry = entryId === undefined ? undefined : await store.live.entry(entryId);
    if (!entry) throw liveErrors.entryNotFound();
    const version = Number(formField(request.body, 'version', 10)) || undefined;
    try {
      await store.live.remove(actorOf(request as SignedInRequest), entry.id, version);
    } catch (error) {
      if (error instanceof LiveError && error.status === 409) {
        return sendDesk(request as SignedInRequest, reply, entry.articleId, { error: error.messageAr }, 409);
      }
      throw error;
    }
    purge(entry.articleId);
    return reply.redirect(deskPath(entry.articleId, 'deleted'), 303);
  });

  app.post('/live-entries/:id/pin', signedIn, async (request, reply) => {
    const entryId = idParam(request.params);
    const entry = entryId === undefined ? undefined : await store.live.entry(entryId);
    if (!entry) throw liveErrors.entryNotFound();
    const pinned = formField(request.body, 'pinned', 1) === '1';
    await store.live.pin(actorOf(request as SignedInRequest), entry.id, pinned);
    purge(entry.articleId);
    return reply.redirect(deskPath(entry.articleId, pinned ? 'pinned' : 'unpinned'), 303);
  });
}

function deskForm(body: unknown): LiveDeskForm {
  return {
    kind: formField(body, 'kind', 20),
    title: formField(body, 'title', 400),
    text: formField(body, 'text', LIVE_LIMITS.text * 2),
    cite: formField(body, 'cite', 600),
    imageUrl: formField(body, 'imageUrl', 2000),
    alt: formField(body, 'alt', 1000),
    embedUrl: formField(body, 'embedUrl', 2000),
    keyEvent: formField(body, 'keyEvent', 1) === '1',
    pinned: formField(body, 'pinned', 1) === '1',
  };
}
