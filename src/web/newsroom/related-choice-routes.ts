import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { ArticleStatus } from '../../content/article.ts';
import type { User } from '../../newsroom/accounts.ts';
import { can } from '../../newsroom/policy.ts';
import {
  PINNED_AT_MOST,
  RELATED_CHOICE_ACTIONS,
  type RelatedChoiceChange,
  RelatedChoiceError,
} from '../../store/related-choices.ts';
import { toOptionalDate } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { articlePath } from '../site/urls.ts';
import { actorOf } from './article-editor-model.ts';
import type { EditorRelated } from './editor/editor-model.ts';

/** Readers see this many related articles (the article page's «اقرأ أيضا»). */
const SHOWN = 5;
/** Articles offered when an editor looks one up by its headline. */
const CANDIDATES = 8;

/**
 * The editor's «اقرأ أيضا» panel (editor/related-panel.tsx): the list as it stands, one change
 * at a time (pin, unpin, move, remove, restore), and a headline search for an article to pin.
 * Registered inside the editor's JSON endpoints (article-api-routes.ts), whose error handler
 * turns a refusal into `{ error: { code, message, messageAr } }`.
 */
export function relatedChoiceRoutes(
  app: FastifyInstance,
  {
    store,
    options,
    articleMayBe,
  }: {
    store: Store;
    options: RouteShorthandOptions;
    /** The article's id once the user may see it (404) and do `action` to it (403). */
    articleMayBe: (request: FastifyRequest, action: 'article.view' | 'article.edit') => Promise<number>;
  },
): void {
  const answer = async (id: number, user: User): Promise<{ related: EditorRelated }> => {
    const article = await store.db
      .selectFrom('articles')
      .select(['section_id', 'published_at', 'status', 'owner_user_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const publishedAt = article.status === 'published' ? toOptionalDate(article.published_at) : null;
    const { pinned, removed, automatic } = await store.related.forEditor({
      id,
      sectionId: article.section_id,
      publishedAt,
    });
    const chosen = (entry: { id: number; headline: string; slug: string; published: boolean }) => ({
      id: entry.id,
      headline: entry.headline,
      url: entry.published ? articlePath(entry) : null,
    });
    return {
      related: {
        pinned: pinned.map(chosen),
        removed: removed.map(chosen),
        automatic: automatic.map(({ article: a, reason }) => ({
          id: a.id,
          headline: a.headline,
          url: articlePath(a),
          reason,
        })),
        shown: SHOWN,
        pinnedAtMost: PINNED_AT_MOST,
        canChange: can(actorOf(user), 'article.edit', {
          ownerId: article.owner_user_id,
          status: article.status as ArticleStatus,
        }),
      },
    };
  };

  app.get('/articles/:id/related', options, async (request) => {
    const user = request.user as User;
    return answer(await articleMayBe(request, 'article.view'), user);
  });

  app.post('/articles/:id/related', options, async (request) => {
    const user = request.user as User;
    const id = await articleMayBe(request, 'article.edit');
    await store.relatedChoices.change(actorOf(user), id, relatedChange(request.body));
    return answer(id, user);
  });

  // Published articles whose headline holds the words asked, to pin.
  app.get('/articles/:id/related/candidates', options, async (request) => {
    const user = request.user as User;
    const id = await articleMayBe(request, 'article.view');
    const q = (request.query as Record<string, unknown>).q;
    const text = typeof q === 'string' ? q.trim().slice(0, 120) : '';
    if (text === '') return { candidates: [] };
    const found = await store.newsroomDesk.findByHeadline(
      actorOf(user),
      text,
      {},
      { limit: CANDIDATES + 1, offset: 0 },
    );
    const ids = found.published.items.map((item) => item.id).filter((other) => other !== id);
    const summaries = await store.articles.publishedSummaries(ids.slice(0, CANDIDATES));
    return {
      candidates: summaries.map((a) => ({
        id: a.id,
        headline: a.headline,
        url: articlePath(a),
        publishedAt: a.publishedAt?.toISOString() ?? null,
      })),
    };
  });
}

/** The change a request asks for, or a 400 that says what is wrong with it. */
function relatedChange(body: unknown): RelatedChoiceChange {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const action = fields.action;
  if (typeof action !== 'string' || !(RELATED_CHOICE_ACTIONS as readonly string[]).includes(action)) {
    throw new RelatedChoiceError(
      'unknown_action',
      `action must be one of ${RELATED_CHOICE_ACTIONS.join(', ')}.`,
      'إجراء غير معروف في «اقرأ أيضا».',
      400,
    );
  }
  const relatedId = fields.relatedId;
  if (typeof relatedId !== 'number' || !Number.isSafeInteger(relatedId) || relatedId < 1) {
    throw new RelatedChoiceError(
      'invalid_related_id',
      'relatedId must be an article id.',
      'لم يُحدَّد المقال المقصود.',
      400,
    );
  }
  const to = fields.to;
  if (to !== undefined && (typeof to !== 'number' || !Number.isSafeInteger(to) || to < 0)) {
    throw new RelatedChoiceError('invalid_position', 'to must be 0 or more.', 'موضع غير صالح.', 400);
  }
  if (action === 'move') {
    if (to === undefined) {
      throw new RelatedChoiceError('invalid_position', 'A move needs `to`.', 'لم يُحدَّد الموضع الجديد.', 400);
    }
    return { action, relatedId, to };
  }
  if (action === 'pin') return to === undefined ? { action, relatedId } : { action, relatedId, to };
  return { action: action as 'unpin' | 'remove' | 'restore', relatedId };
}
