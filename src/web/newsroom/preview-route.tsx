import type { FastifyInstance } from 'fastify';
import { excerpt } from '../../content/blocks.ts';
import { STATUS_NAMES } from '../../content/workflow.ts';
import type { User } from '../../newsroom/accounts.ts';
import { authorize } from '../../newsroom/policy.ts';
import { ArticleNotFoundError } from '../../store/newsroom-articles.ts';
import type { Store } from '../../store/store.ts';
import { scriptNonce } from '../security-headers.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath } from '../site/urls.ts';
import { ArticlePage } from '../site/views/article-page.tsx';
import { hasEmbedCards } from '../site/views/embed-card.tsx';
import { renderDocument } from '../site/views/layout.tsx';
import { actorOf } from './article-editor-model.ts';
import { idParam } from './form-fields.ts';
import { NewsroomHttpError, requireSignedIn } from './signed-in-user.ts';

/**
 * /newsroom/articles/:id/preview: the article's saved text as readers will see it, whatever its
 * state, for whoever may view it; never indexed, never cached, with a banner saying so.
 */
export function registerPreviewRoute(app: FastifyInstance, { store, site }: { store: Store; site: SiteContext }): void {
  app.get('/articles/:id/preview', { preHandler: requireSignedIn }, async (request, reply) => {
    const id = idParam(request.params);
    const ownership = id === undefined ? undefined : await store.newsroomArticles.ownership(id);
    if (id === undefined || !ownership) {
      throw new NewsroomHttpError(404, 'article_not_found', 'There is no such article.', 'هذا المقال غير موجود.');
    }
    authorize(actorOf(request.user as User), 'article.view', ownership);
    const article = await store.articles.findById(id, { publishedOnly: false });
    if (!article) throw new ArticleNotFoundError(id);
    // Library images in the body are shown as readers get them (<picture>, every width).
    const bodyMediaIds = article.body.flatMap((b) => (b.type === 'image' && b.mediaId ? [b.mediaId] : []));
    const bodyMedia = bodyMediaIds.length > 0 ? await store.media.findByIds(bodyMediaIds) : undefined;
    const html = renderDocument(
      site,
      {
        title: `معاينة: ${article.seoTitle ?? article.headline}`,
        description: article.seoDescription ?? article.dek ?? excerpt(article.bodyText, 160),
        canonicalPath: articlePath(article),
        ogType: 'article',
        noindex: true,
        ...(hasEmbedCards(article.body) ? { scripts: [site.assets.embedScript], scriptNonce: scriptNonce(reply) } : {}),
      },
      <>
        <p class="preview-banner" role="note">
          معاينة — المقال «{STATUS_NAMES[article.status]}»، آخر نسخة محفوظة (رقم {article.revision}). لا يراه القراء إلا
          بعد نشره.
        </p>
        <ArticlePage site={site} article={article} related={[]} {...(bodyMedia ? { bodyMedia } : {})} />
      </>,
    );
    return reply.header('content-type', 'text/html; charset=utf-8').send(html);
  });
}
