import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addressHash } from '../../comments/address-hash.ts';
import { COMMENT_LIMITS } from '../../comments/checks.ts';
import { CommentError } from '../../comments/comment.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache } from '../page-cache.ts';
import type { SiteContext } from './site-context.ts';
import { articlePath } from './urls.ts';
import { CommentForm, type CommentFormValues, type CommentNotice } from './views/article-comments.tsx';
import { renderDocument } from './views/layout.tsx';

export interface CommentRoutesOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  /** The key of commenters' address hashes (comments/address-hash.ts). */
  commentKey: string;
  clock?: (() => Date) | undefined;
}

/**
 * Readers' comment forms, posted from the cached article page:
 *
 *     POST /article/:id/comments                    name, body, email (optional), parent (a reply), website (the trap)
 *     POST /article/:id/comments/report             comment (the id): «إبلاغ»
 *
 * The article page is one page for every reader (cached here, in Varnish and a CDN), so it
 * cannot carry a per-reader form token. Nothing here acts for a signed-in user, so a forged
 * post from another site can do no more than the reader could do by hand; what keeps scripts
 * out is the trap field (filled: answered as if held, nothing stored) and the flood limits per
 * address hash. A post is answered with a 303 back to the article (`?comment=held`, shown as a
 * notice), or, when refused, with the form again, what was typed in it, and the reason.
 */
export function registerCommentRoutes(
  app: FastifyInstance,
  { store, site, pageCache, commentKey, clock }: CommentRoutesOptions,
): void {
  const now = () => clock?.() ?? new Date();
  const hashOf = (request: FastifyRequest) => addressHash(commentKey, request.ip);

  app.post<{ Params: { id: string } }>(
    '/article/:id/comments',
    { bodyLimit: COMMENT_LIMITS.requestBytes },
    async (request, reply) => {
      const article = await publishedArticle(store, request.params.id);
      if (!article) return sendCommentPage(reply, site, 404, 'هذا المقال غير موجود أو لم يعد منشورا.');
      const path = articlePath(article);
      const values: CommentFormValues = {
        name: field(request.body, 'name', 1000),
        email: field(request.body, 'email', 1000),
        // Read past the limit, so that the check can say how long it was.
        body: field(request.body, 'body', COMMENT_LIMITS.body * 4),
      };
      if (field(request.body, 'website', 1000) !== '') return back(reply, path, 'held');
      const parentRaw = field(request.body, 'parent', 20);
      const parentId = /^[1-9]\d{0,9}$/.test(parentRaw) ? Number(parentRaw) : undefined;
      try {
        const saved = await store.comments.submit(
          { articleId: article.id, parentId, ...values, addressHash: hashOf(request) },
          now(),
        );
        if (saved.status === 'approved') pageCache.purge([cacheTags.article(article.id)]);
        return back(reply, path, saved.status === 'approved' ? 'published' : 'held');
      } catch (error) {
        if (!(error instanceof CommentError)) throw error;
        const mode = await store.comments.mode(article.id);
        return sendCommentPage(
          reply,
          site,
          error.status,
          error.messageAr,
          mode === 'closed' ? undefined : (
            <CommentForm articleId={article.id} path={path} mode={mode} values={values} error={error.messageAr} />
          ),
          path,
        );
      }
    },
  );

  app.post<{ Params: { id: string } }>('/article/:id/comments/report', { bodyLimit: 1024 }, async (request, reply) => {
    const article = await publishedArticle(store, request.params.id);
    const raw = field(request.body, 'comment', 20);
    const commentId = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : 0;
    if (!article || commentId === 0) return sendCommentPage(reply, site, 404, 'هذا التعليق غير موجود.');
    try {
      const { held } = await store.comments.report(article.id, commentId, hashOf(request), now());
      if (held) pageCache.purge([cacheTags.article(article.id)]);
    } catch (error) {
      if (!(error instanceof CommentError)) throw error;
      return sendCommentPage(reply, site, error.status, error.messageAr, undefined, articlePath(article));
    }
    return back(reply, articlePath(article), 'reported');
  });
}

async function publishedArticle(store: Store, rawId: string) {
  if (!/^[1-9]\d{0,9}$/.test(rawId)) return undefined;
  const id = Number(rawId);
  if (id > 2_147_483_647) return undefined;
  return store.articles.findById(id, { publishedOnly: true });
}

function back(reply: FastifyReply, path: string, notice: CommentNotice): FastifyReply {
  return reply.redirect(`${path}?comment=${notice}#comments`, 303);
}

function field(body: unknown, name: string, max: number): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A refused post: the reason, the form with what was typed, and the way back; never cached. */
function sendCommentPage(
  reply: FastifyReply,
  site: SiteContext,
  status: number,
  message: string,
  form?: preact.ComponentChildren,
  articlePathBack?: string,
): FastifyReply {
  const html = renderDocument(
    site,
    { title: 'لم يُرسل تعليقك', description: message, canonicalPath: '/', ogType: 'website', noindex: true },
    <div class="comment-refused">
      <h1>لم يُرسل تعليقك</h1>
      {form ?? <p role="alert">{message}</p>}
      {articlePathBack && (
        <p>
          <a href={`${articlePathBack}#comments`}>العودة إلى المقال</a>
        </p>
      )}
    </div>,
  );
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}
