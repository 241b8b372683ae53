import type { Section } from '../../content/article.ts';
import { isBlockList } from '../../content/blocks.ts';
import { actionsFrom, isWorkflowAction, STATUS_NAMES, TRANSITIONS } from '../../content/workflow.ts';
import type { User } from '../../newsroom/accounts.ts';
import { type Actor, authorize, can, WORKFLOW_PERMISSIONS } from '../../newsroom/policy.ts';
import type { NormalizedArticle } from '../../store/articles.ts';
import { ArticleNotFoundError } from '../../store/newsroom-articles.ts';
import { toOptionalDate } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { articlePath } from '../site/urls.ts';
import type { EditorAction, EditorArticle, EditorDraft, EditorEntity } from './editor/editor-model.ts';
import { ENTITY_TYPE_NAMES } from './entity-labels.ts';

/**
 * The article as the editor app shows it to one user: its newest text (the snapshot of its
 * current revision, exactly as saved), its state, and the workflow buttons that the policy
 * lets this user press in that state.
 */

export function actorOf(user: User): Actor {
  return { id: user.id, role: user.role };
}

export async function loadEditorArticle(store: Store, user: User, id: number): Promise<EditorArticle> {
  const actor = actorOf(user);
  const ownership = await store.newsroomArticles.ownership(id);
  if (!ownership) throw new ArticleNotFoundError(id);
  authorize(actor, 'article.view', ownership);
  const row = await store.db
    .selectFrom('articles')
    .select(['revision', 'status', 'published_at', 'slug', 'featured_media_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const current = await store.newsroomArticles.revision(actor, id, row.revision);
  const draft = draftOf(current.snapshot);
  // Articles saved before the editor knew of featured images keep theirs.
  if (!('featuredMediaId' in current.snapshot)) draft.featuredMediaId = row.featured_media_id;
  const actions: EditorAction[] = actionsFrom(ownership.status)
    .filter((action) => can(actor, WORKFLOW_PERMISSIONS[action], ownership))
    .map((action) => ({ action, name: TRANSITIONS[action].nameAr, needs: TRANSITIONS[action].needs }));
  const corrections = await store.newsroomArticles.corrections(id);
  const entities = await articleEntities(store, id);
  const nearCopies = await store.nearCopies.ofArticle(id);
  const steps = await store.newsroomArticles.history(actor, id);
  const userIds = [
    ...new Set([...steps.map((s) => s.userId), ownership.ownerId].filter((u): u is number => u !== null)),
  ];
  const names = new Map(
    userIds.length === 0
      ? []
      : (await store.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()).map(
          (u) => [u.id, u.display_name],
        ),
  );
  return {
    id,
    revision: row.revision,
    status: ownership.status,
    statusName: STATUS_NAMES[ownership.status],
    owner: ownership.ownerId === null ? null : { id: ownership.ownerId, name: names.get(ownership.ownerId) ?? null },
    publishedAt: toOptionalDate(row.published_at)?.toISOString() ?? null,
    draft,
    canEdit: can(actor, 'article.edit', ownership),
    actions,
    readerUrl: ownership.status === 'published' ? articlePath({ id, slug: row.slug }) : null,
    corrections: corrections.map((c) => ({ note: c.note, createdAt: c.createdAt.toISOString() })),
    history: steps.map((step) => ({
      action: step.action,
      name: isWorkflowAction(step.action) ? TRANSITIONS[step.action].nameAr : 'نشر في موعده',
      note: step.note,
      // The job loop acts as nobody: a scheduled article published at its time.
      userName: step.userId === null ? null : (names.get(step.userId) ?? null),
      createdAt: step.createdAt.toISOString(),
    })),
    entities,
    nearCopies: nearCopies.map((copy) => ({
      id: copy.id,
      headline: copy.headline,
      url: articlePath(copy),
      similarity: copy.similarity,
    })),
  };
}

/**
 * What the article's saved text names, as the editor's panel lists it (prominent first, then
 * the most named). The caller has checked that the user may view the article.
 */
export async function articleEntities(store: Store, articleId: number): Promise<EditorEntity[]> {
  return (await store.entities.forArticle(articleId)).flatMap((entity): EditorEntity[] =>
    entity.status === 'rejected'
      ? []
      : [
          {
            id: entity.id,
            type: entity.type,
            typeName: ENTITY_TYPE_NAMES[entity.type],
            name: entity.name,
            names: entity.names,
            status: entity.status,
            mentions: entity.mentions,
            prominent: entity.prominent,
          },
        ],
  );
}

/** A revision's snapshot as the editor's form holds it. */
export function draftOf(snapshot: NormalizedArticle): EditorDraft {
  return {
    headline: snapshot.headline,
    kicker: snapshot.kicker ?? '',
    dek: snapshot.dek ?? '',
    body: isBlockList(snapshot.body) ? snapshot.body : [],
    sectionSlug: snapshot.sectionSlug,
    secondarySectionSlugs: snapshot.secondarySectionSlugs ?? [],
    slug: snapshot.slug,
    dateline: snapshot.dateline ?? '',
    bylines: snapshot.bylines.map((b) => ({ name: b.name, kind: b.kind, role: b.role ?? null })),
    tags: snapshot.tags,
    featuredMediaId: snapshot.featuredMediaId ?? null,
    featuredAlt: snapshot.featuredAlt ?? '',
    featuredCaption: snapshot.featuredCaption ?? '',
    featuredCredit: snapshot.featuredCredit ?? '',
    seoTitle: snapshot.seoTitle ?? '',
    seoDescription: snapshot.seoDescription ?? '',
  };
}

/** A new article's empty form, in the first section, signed by the writer. */
export function blankDraft(sections: readonly Section[], user: User): EditorDraft {
  return {
    headline: '',
    kicker: '',
    dek: '',
    body: [],
    sectionSlug: sections[0]?.slug ?? '',
    secondarySectionSlugs: [],
    slug: '',
    dateline: '',
    bylines: [{ name: user.displayName, kind: 'person', role: null }],
    tags: [],
    featuredMediaId: null,
    featuredAlt: '',
    featuredCaption: '',
    featuredCredit: '',
    seoTitle: '',
    seoDescription: '',
  };
}
