import type { FastifyInstance } from 'fastify';
import { zoneTable } from '../../arabic/zone-rules.ts';
import { DRAFT_LIMITS, SEO_ADVICE } from '../../content/article-draft.ts';
import type { User } from '../../newsroom/accounts.ts';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { authorize, can } from '../../newsroom/policy.ts';
import type { Store } from '../../store/store.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articleApiRoutes } from './article-api-routes.ts';
import { actorOf, blankDraft, loadEditorArticle } from './article-editor-model.ts';
import type { EditorBoot } from './editor/editor-model.ts';
import { registerEditorScript } from './editor-script.ts';
import { idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { registerPreviewRoute } from './preview-route.tsx';
import { NewsroomHttpError, requireSignedIn } from './signed-in-user.ts';
import { EditorPage } from './views/editor-page.tsx';

/**
 * The article editor: its pages (/newsroom/articles/new and /newsroom/articles/:id, a shell
 * that the browser app fills), the preview (preview-route.tsx) and its JSON endpoints
 * (article-api-routes.ts).
 */
export async function registerArticleRoutes(
  app: FastifyInstance,
  deps: { store: Store; parts: NewsroomAccounts; context: NewsroomContext; site: SiteContext },
): Promise<void> {
  const { store, context } = deps;
  const editorScript = registerEditorScript(app);
  const guard = { preHandler: requireSignedIn };

  async function sendEditor(user: User, reply: Parameters<typeof sendNewsroomPage>[0], articleId?: number) {
    const sections = await store.taxonomy.sections();
    const article = articleId === undefined ? null : await loadEditorArticle(store, user, articleId);
    const script = await editorScript();
    return sendNewsroomPage(
      reply,
      context,
      {
        title: article ? article.draft.headline : 'مقال جديد',
        user,
        current: article ? undefined : 'new-article',
        scripts: [script],
        wide: true,
      },
      (csrfToken) => {
        const boot: EditorBoot = {
          article,
          blank: blankDraft(sections, user),
          sections: sections.map((s) => ({ slug: s.slug, name: s.name })),
          csrfToken,
          zone: zoneTable(context.timeZone),
          user: { id: user.id, name: user.displayName },
          canDecideEntities: can(actorOf(user), 'entities.decide'),
          limits: { ...DRAFT_LIMITS },
          seoAdvice: { ...SEO_ADVICE },
        };
        return <EditorPage boot={boot} />;
      },
    );
  }

  app.get('/articles/new', guard, async (request, reply) => {
    const user = request.user as User;
    authorize(actorOf(user), 'article.create');
    return sendEditor(user, reply);
  });

  app.get('/articles/:id', guard, async (request, reply) => {
    const id = idParam(request.params);
    if (id === undefined) {
      throw new NewsroomHttpError(404, 'article_not_found', 'There is no such article.', 'هذا المقال غير موجود.');
    }
    return sendEditor(request.user as User, reply, id);
  });

  registerPreviewRoute(app, deps);
  await app.register(articleApiRoutes, deps);
}
