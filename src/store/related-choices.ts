import type { Kysely } from 'kysely';
import type { ArticleStatus } from '../content/article.ts';
import { NewsroomError } from '../content/newsroom-error.ts';
import { type Actor, authorize } from '../newsroom/policy.ts';
import { cacheTags } from '../web/cache-tags.ts';
import { ArticleNotFoundError } from './newsroom-articles.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import { preparedQuery } from './prepared-query.ts';
import type { Database, Dialect } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** An editor's choices in an article's «اقرأ أيضا»: pinned articles in order, and removed ones. */
export interface RelatedChoices {
  pinned: number[];
  removed: number[];
}

/**
 * One change an editor makes: `pin` an article (at the end of the pinned, or at `to`), `unpin`
 * it, `remove` one from the automatic list, `restore` it, or `move` a pinned one to place `to`
 * (0 first). One change at a time, so that two editors at work on one list lose neither's.
 */
export type RelatedChoiceChange =
  | { action: 'pin'; relatedId: number; to?: number }
  | { action: 'unpin' | 'remove' | 'restore'; relatedId: number }
  | { action: 'move'; relatedId: number; to: number };

export const RELATED_CHOICE_ACTIONS = ['pin', 'unpin', 'remove', 'restore', 'move'] as const;

/** Readers see 5 related articles: pinning more would hide pins. */
export const PINNED_AT_MOST = 5;
/** Removed articles kept per list (an automatic list holds 8; the rest guard against their return). */
const REMOVED_AT_MOST = 50;

export class RelatedChoiceError extends NewsroomError {}

/**
 * Editors' pins and removals in «اقرأ أيضا» (store/migrations/020-related-choices.ts). A change
 * is checked against the permission policy (`article.edit` on the article whose list it is)
 * and purges the article's page when it is published, in the change's transaction.
 * RelatedArticleRepository applies the choices to the automatic list.
 */
export class RelatedChoiceRepository {
  readonly #of;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.#of = preparedQuery(
      db,
      (articleId: number) =>
        db
          .selectFrom('related_choices')
          .select(['related_id', 'choice'])
          .where('article_id', '=', articleId)
          .orderBy('position')
          .orderBy('related_id'),
      1,
    );
  }

  /** The article's choices; both lists empty where nobody chose. */
  async of(articleId: number): Promise<RelatedChoices> {
    return choicesFrom(await this.#of(articleId));
  }

  /** Applies one change by `actor` to the list of article `articleId`; answers the choices as they now stand. */
  async change(
    actor: Actor,
    articleId: number,
    change: RelatedChoiceChange,
    now = new Date(),
  ): Promise<RelatedChoices> {
    return writeTransaction(this.db, this.dialect, async (trx) => {
      let owner = trx.selectFrom('articles').select(['owner_user_id', 'status']).where('id', '=', articleId);
      // Two editors' changes to one list are made one after the other.
      if (this.dialect === 'postgres') owner = owner.forUpdate();
      const article = await owner.executeTakeFirst();
      if (!article) throw new ArticleNotFoundError(articleId);
      authorize(actor, 'article.edit', { ownerId: article.owner_user_id, status: article.status as ArticleStatus });

      const related = await trx
        .selectFrom('articles')
        .select(['id', 'status'])
        .where('id', '=', change.relatedId)
        .executeTakeFirst();
      if (!related || related.id === articleId) throw unknownArticle(change.relatedId === articleId);
      const rows = await trx
        .selectFrom('related_choices')
        .select(['related_id', 'choice', 'user_id', 'chosen_at'])
        .where('article_id', '=', articleId)
        .orderBy('position')
        .orderBy('related_id')
        .execute();
      const next = changed(choicesFrom(rows), change, related.status === 'published');

      await trx.deleteFrom('related_choices').where('article_id', '=', articleId).execute();
      const before = new Map(rows.map((row) => [row.related_id, row]));
      const kept = [
        ...next.pinned.map((id, position) => ({ id, choice: 'pinned', position })),
        ...next.removed.map((id, position) => ({ id, choice: 'removed', position })),
      ];
      if (kept.length > 0) {
        await trx
          .insertInto('related_choices')
          .values(
            kept.map(({ id, choice, position }) => {
              // The choice just made is this editor's, now; the others keep who made them, and when.
              const earlier = id === change.relatedId ? undefined : before.get(id);
              return {
                article_id: articleId,
                related_id: id,
                choice,
                position,
                user_id: earlier ? earlier.user_id : actor.id,
                chosen_at: earlier ? earlier.chosen_at : now.toISOString(),
              };
            }),
          )
          .execute();
      }
      if (article.status === 'published') {
        await enqueue(trx, {
          topic: OUTBOX_TOPICS.pagesPurge,
          articleId,
          payload: { tags: [cacheTags.article(articleId)] },
        });
      }
      return next;
    });
  }
}

function choicesFrom(rows: readonly { related_id: number; choice: string }[]): RelatedChoices {
  const choices: RelatedChoices = { pinned: [], removed: [] };
  for (const row of rows) (row.choice === 'pinned' ? choices.pinned : choices.removed).push(row.related_id);
  return choices;
}

/** The choices after `change`; throws a RelatedChoiceError for a change that cannot be made. */
export function changed(choices: RelatedChoices, change: RelatedChoiceChange, published: boolean): RelatedChoices {
  const id = change.relatedId;
  const pinned = choices.pinned.filter((p) => p !== id);
  const removed = choices.removed.filter((r) => r !== id);
  switch (change.action) {
    case 'pin': {
      if (!published) {
        throw new RelatedChoiceError(
          'related_not_published',
          'Only a published article can be pinned.',
          'لا يُثبَّت إلا مقال منشور: هذا المقال لم يُنشر بعد أو سُحب من الموقع.',
          400,
        );
      }
      if (pinned.length >= PINNED_AT_MOST) {
        throw new RelatedChoiceError(
          'too_many_pinned',
          `At most ${PINNED_AT_MOST} articles can be pinned.`,
          'ثُبّتت خمسة مقالات، وهي كل ما يعرضه «اقرأ أيضا»: ألغِ تثبيت أحدها أولا.',
          400,
        );
      }
      pinned.splice(placeAt(change.to, pinned.length), 0, id);
      return { pinned, removed };
    }
    case 'move':
      if (!choices.pinned.includes(id)) throw notPinned();
      pinned.splice(placeAt(change.to, pinned.length), 0, id);
      return { pinned, removed: choices.removed };
    case 'unpin':
      if (!choices.pinned.includes(id)) throw notPinned();
      return { pinned, removed };
    case 'remove':
      if (removed.length >= REMOVED_AT_MOST) {
        throw new RelatedChoiceError(
          'too_many_removed',
          `At most ${REMOVED_AT_MOST} articles can be removed from one list.`,
          `أُزيل ${REMOVED_AT_MOST} مقالا من هذه القائمة: أعد أحدها قبل إزالة غيره.`,
          400,
        );
      }
      return { pinned, removed: [...removed, id] };
    case 'restore':
      return { pinned: choices.pinned, removed };
  }
}

function placeAt(to: number | undefined, length: number): number {
  if (to === undefined) return length;
  if (!Number.isSafeInteger(to) || to < 0) {
    throw new RelatedChoiceError('invalid_position', 'The position must be 0 or more.', 'موضع غير صالح.', 400);
  }
  return Math.min(to, length);
}

function notPinned(): RelatedChoiceError {
  return new RelatedChoiceError(
    'not_pinned',
    'That article is not pinned in this list.',
    'هذا المقال غير مثبّت في القائمة: ربما ألغى زميل تثبيته للتو. أعد تحميل القائمة.',
    409,
  );
}

function unknownArticle(itself: boolean): RelatedChoiceError {
  return itself
    ? new RelatedChoiceError(
        'related_is_itself',
        'An article cannot be related to itself.',
        'لا يُقترح المقال في قائمة «اقرأ أيضا» التي تحته.',
        400,
      )
    : new RelatedChoiceError('related_not_found', 'There is no such article.', 'المقال المختار غير موجود.', 404);
}
