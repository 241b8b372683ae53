import type { Kysely } from 'kysely';
import type { ArticleSummary } from '../content/article.ts';
import { NewsroomError } from '../content/newsroom-error.ts';
import { type Actor, authorize } from '../newsroom/policy.ts';
import { ArticleNotFoundError } from './newsroom-articles.ts';
import { BREAKING_BANNER_TAG, enqueue, OUTBOX_TOPICS } from './outbox.ts';
import type { Database } from './schema.ts';
import { toOptionalDate } from './schema.ts';

/** The most top stories the home page pins. */
export const MAX_HOME_PINS = 10;
/** The longest a story stays breaking news, in hours. */
export const MAX_BREAKING_HOURS = 72;

/** A curation request that cannot be done as asked; the message says why in Arabic. */
export class CurationError extends NewsroomError {}

/**
 * What editors curate: the home page's pinned top stories, in order, and breaking news (a
 * published article flagged until a time, shown in a banner on every reader page). Each change
 * writes its purge to the outbox in the same transaction: the home page for pins, every page for
 * the banner, now and again when it expires.
 */
export class CurationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces the home page's pinned stories with `articleIds`, in that order; all must be published. */
  async setHomePins(actor: Actor, articleIds: readonly number[]): Promise<void> {
    authorize(actor, 'home.curate');
    if (articleIds.length > MAX_HOME_PINS) {
      throw new CurationError(
        'too_many_pins',
        `At most ${MAX_HOME_PINS} stories can be pinned.`,
        `لا يمكن تثبيت أكثر من ${MAX_HOME_PINS} مقالات في الصفحة الرئيسية.`,
        400,
      );
    }
    if (new Set(articleIds).size !== articleIds.length) {
      throw new CurationError('duplicate_pin', 'A story is pinned twice.', 'مقال مثبت مرتين.', 400);
    }
    await this.db.transaction().execute(async (trx) => {
      await this.requirePublished(trx, articleIds);
      await trx.deleteFrom('home_pins').execute();
      if (articleIds.length > 0) {
        await trx
          .insertInto('home_pins')
          .values(articleIds.map((article_id, position) => ({ article_id, position })))
          .execute();
      }
      await enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId: null, payload: { tags: ['home'] } });
    });
  }

  /** The pinned article ids, in order. */
  async homePins(): Promise<number[]> {
    const rows = await this.db
      .selectFrom('home_pins')
      .select('article_id')
      .orderBy('position')
      .orderBy('article_id')
      .execute();
    return rows.map((r) => r.article_id);
  }

  /**
   * Sets the order of the section blocks on the home page: `sectionIds` is every section
   * once, in the new order.
   */
  async setHomeSectionOrder(actor: Actor, sectionIds: readonly number[]): Promise<void> {
    authorize(actor, 'home.curate');
    const known = (await this.db.selectFrom('sections').select('id').execute()).map((r) => r.id);
    const asked = new Set(sectionIds);
    if (asked.size !== sectionIds.length || asked.size !== known.length || !known.every((id) => asked.has(id))) {
      throw new CurationError(
        'section_order_invalid',
        'The order must name every section once.',
        'يجب أن يذكر الترتيب كل قسم مرة واحدة.',
        400,
      );
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('home_sections').execute();
      await trx
        .insertInto('home_sections')
        .values(sectionIds.map((section_id, position) => ({ section_id, position })))
        .execute();
      await enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId: null, payload: { tags: ['home'] } });
    });
  }

  /**
   * Section ids in the order of the home page's blocks: the curated order, then any section
   * it does not name (a newer section) in navigation order.
   */
  async homeSectionOrder(): Promise<number[]> {
    const rows = await this.db
      .selectFrom('sections')
      .leftJoin('home_sections', 'home_sections.section_id', 'sections.id')
      .select(['sections.id', 'sections.position', 'home_sections.position as home_position'])
      .execute();
    return rows
      .sort(
        (a, b) =>
          (a.home_position ?? Number.MAX_SAFE_INTEGER) - (b.home_position ?? Number.MAX_SAFE_INTEGER) ||
          a.position - b.position ||
          a.id - b.id,
      )
      .map((r) => r.id);
  }

  /** Flags a published article as breaking news until `until` (in the future, at most 72 hours ahead). */
  async markBreaking(actor: Actor, articleId: number, until: Date, now = new Date()): Promise<void> {
    authorize(actor, 'breaking.manage');
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until.getTime() <= now.getTime()) {
      throw new CurationError(
        'breaking_until_invalid',
        'Breaking news needs an end time in the future.',
        'حدد وقتا قادما ينتهي فيه الخبر العاجل.',
        400,
      );
    }
    if (until.getTime() - now.getTime() > MAX_BREAKING_HOURS * 60 * 60 * 1000) {
      throw new CurationError(
        'breaking_until_too_far',
        `Breaking news lasts at most ${MAX_BREAKING_HOURS} hours.`,
        `لا يبقى الخبر عاجلا أكثر من ${MAX_BREAKING_HOURS} ساعة.`,
        400,
      );
    }
    await this.db.transaction().execute(async (trx) => {
      await this.requirePublished(trx, [articleId]);
      await trx
        .updateTable('articles')
        .set({ breaking_until: until.toISOString() })
        .where('id', '=', articleId)
        .execute();
      // The banner appears on every page now, and leaves them all when it expires.
      await enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId, payload: { tags: [BREAKING_BANNER_TAG] } });
      await enqueue(trx, {
        topic: OUTBOX_TOPICS.pagesPurge,
        articleId,
        payload: { tags: [BREAKING_BANNER_TAG] },
        availableAt: until,
      });
    });
  }

  /** Ends an article's breaking news now. */
  async clearBreaking(actor: Actor, articleId: number): Promise<void> {
    authorize(actor, 'breaking.manage');
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('articles')
        .set({ breaking_until: null })
        .where('id', '=', articleId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new ArticleNotFoundError(articleId);
      await enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId, payload: { tags: [BREAKING_BANNER_TAG] } });
    });
  }

  /** Published articles that are breaking news at `now`, newest first (the banner shows them). */
  async breakingNews(now = new Date()): Promise<(ArticleSummary & { breakingUntil: Date })[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select(['id', 'slug', 'headline', 'kicker', 'dek', 'section_id', 'published_at', 'breaking_until'])
      .where('status', '=', 'published')
      .where('breaking_until', '>', now.toISOString())
      .execute();
    // Sorted here: with an ORDER BY, SQLite read the published articles newest first instead
    // of the few with a breaking time (articles_breaking), and every reader page waits for it.
    rows.sort(
      (a, b) =>
        (toOptionalDate(b.published_at)?.getTime() ?? 0) - (toOptionalDate(a.published_at)?.getTime() ?? 0) ||
        b.id - a.id,
    );
    return rows.slice(0, 5).map((row) => ({
      id: row.id,
      slug: row.slug,
      headline: row.headline,
      kicker: row.kicker,
      dek: row.dek,
      sectionId: row.section_id,
      publishedAt: toOptionalDate(row.published_at),
      breakingUntil: toOptionalDate(row.breaking_until)!,
    }));
  }

  private async requirePublished(trx: Kysely<Database>, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await trx
      .selectFrom('articles')
      .select(['id', 'status'])
      .where('id', 'in', [...ids])
      .execute();
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new ArticleNotFoundError(id);
      if (row.status !== 'published') {
        throw new CurationError(
          'article_not_published',
          `Article ${id} is not published.`,
          'لا يمكن إبراز مقال غير منشور.',
          400,
        );
      }
    }
  }
}
