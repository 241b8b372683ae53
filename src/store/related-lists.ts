import { type Kysely, sql } from 'kysely';
import type { ReferencedDate } from '../stories/referenced-dates.ts';
import { preparedQuery } from './prepared-query.ts';
import type { Database, Dialect } from './schema.ts';

/** One place of a kept «اقرأ أيضا» list. */
export interface StoredRelated {
  id: number;
  score: number;
  reason: string;
}

/** A date «السياق» shows, with where it leads: the story's article of that day, or the day's archive. */
export interface KeptDate extends ReferencedDate {
  /** An article of the kept list published that day. */
  articleId?: number;
  /** The archive has articles of that day (day dates only). */
  archived?: boolean;
}

/** What an article's page shows of its story, kept. */
export interface KeptStory {
  /** «اقرأ أيضا», best first. */
  related: StoredRelated[];
  /** «السياق»'s dates, in the text's order. */
  dates: KeptDate[];
}

/** An article whose list is to be worked out again, as the queue holds it. */
export interface PendingRelated {
  articleId: number;
  version: number;
  /** Also offer the article to the lists of the articles it is related to. */
  offer: boolean;
}

/**
 * Kept «اقرأ أيضا» lists and «السياق» dates, and the queue of articles whose list is to be made again
 * (store/migrations/019-related-lists.ts). Every write of an article queues it in the write's
 * transaction (`queueWithin`); the job loop makes the lists (RelatedArticleRepository.refreshDue).
 * This class only reads and writes the rows.
 */
export class RelatedListRepository {
  readonly #read;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.#read = preparedQuery(
      db,
      (articleId: number) =>
        db.selectFrom('related_lists').select(['entries', 'dates']).where('article_id', '=', articleId),
      1,
    );
  }

  /** The article's kept list and dates; undefined when none was made yet. */
  async read(articleId: number): Promise<KeptStory | undefined> {
    const [row] = await this.#read(articleId);
    return row
      ? { related: JSON.parse(row.entries) as StoredRelated[], dates: JSON.parse(row.dates) as KeptDate[] }
      : undefined;
  }

  /**
   * Queues the published articles of a write (to be offered to other lists too) and forgets the
   * lists of the others: an article taken off the site has no «اقرأ أيضا» of its own, and the
   * lists naming it drop it when they are read (only published articles are shown).
   */
  async queueWithin(
    executor: Kysely<Database>,
    articles: readonly { id: number; published: boolean }[],
  ): Promise<void> {
    const published = articles.filter((a) => a.published).map((a) => a.id);
    const others = articles.filter((a) => !a.published).map((a) => a.id);
    if (published.length > 0) {
      await executor
        .insertInto('related_pending')
        .values([...new Set(published)].map((id) => ({ article_id: id, version: 1, offer: 1 })))
        .onConflict((oc) =>
          oc.column('article_id').doUpdateSet((eb) => ({
            version: eb(eb.ref('related_pending.version'), '+', 1),
            offer: 1,
          })),
        )
        .execute();
    }
    if (others.length > 0) {
      await executor.deleteFrom('related_lists').where('article_id', 'in', others).execute();
      await executor.deleteFrom('related_pending').where('article_id', 'in', others).execute();
    }
  }

  /**
   * Queues those of `ids` that are published, to be made again and offered to other lists
   * (an entity decision changed what they name), leaving the others alone.
   */
  async queuePublishedWithin(executor: Kysely<Database>, ids: readonly number[]): Promise<void> {
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += QUEUED_PER_STATEMENT) {
      const chunk = unique.slice(i, i + QUEUED_PER_STATEMENT);
      await executor
        .insertInto('related_pending')
        .columns(['article_id', 'version', 'offer'])
        .expression(
          executor
            .selectFrom('articles')
            .select(['id', sql.lit(1).as('version'), sql.lit(1).as('offer')])
            .where('id', 'in', chunk)
            .where('status', '=', 'published'),
        )
        .onConflict((oc) =>
          oc.column('article_id').doUpdateSet((eb) => ({
            version: eb(eb.ref('related_pending.version'), '+', 1),
            offer: 1,
          })),
        )
        .execute();
    }
  }

  /** Up to `limit` queued articles, newest first (the ones readers are likeliest to open). */
  async due(limit: number): Promise<PendingRelated[]> {
    const rows = await this.db
      .selectFrom('related_pending')
      .select(['article_id', 'version', 'offer'])
      .orderBy('article_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ articleId: row.article_id, version: row.version, offer: row.offer === 1 }));
  }

  /** The kept lists of `ids`; `lock`: held against another server's change until the transaction ends (PostgreSQL). */
  async readManyWithin(
    executor: Kysely<Database>,
    ids: readonly number[],
    { lock = false }: { lock?: boolean } = {},
  ): Promise<Map<number, StoredRelated[]>> {
    if (ids.length === 0) return new Map();
    let query = executor
      .selectFrom('related_lists')
      .select(['article_id', 'entries'])
      .where('article_id', 'in', [...ids]);
    if (lock && this.dialect === 'postgres') query = query.forUpdate();
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.article_id, JSON.parse(row.entries) as StoredRelated[]]));
  }

  /** Writes (or replaces) what articles' pages show of their story. */
  async writeWithin(
    executor: Kysely<Database>,
    stories: readonly ({ articleId: number } & KeptStory)[],
  ): Promise<void> {
    if (stories.length === 0) return;
    await executor
      .insertInto('related_lists')
      .values(
        stories.map(({ articleId, related, dates }) => ({
          article_id: articleId,
          entries: JSON.stringify(related),
          dates: JSON.stringify(dates),
        })),
      )
      .onConflict((oc) =>
        oc
          .column('article_id')
          .doUpdateSet((eb) => ({ entries: eb.ref('excluded.entries'), dates: eb.ref('excluded.dates') })),
      )
      .execute();
  }

  /** Replaces kept lists (an offer taken in), their dates kept. */
  async writeListsWithin(
    executor: Kysely<Database>,
    lists: readonly { articleId: number; entries: readonly StoredRelated[] }[],
  ): Promise<void> {
    for (const { articleId, entries } of lists) {
      await executor
        .updateTable('related_lists')
        .set({ entries: JSON.stringify(entries) })
        .where('article_id', '=', articleId)
        .execute();
    }
  }

  /**
   * Takes the made lists off the queue: each only if no write queued it again since it was read
   * (its version is unchanged); one that was stays, to be made from the newer text.
   */
  async doneWithin(executor: Kysely<Database>, pending: readonly PendingRelated[]): Promise<void> {
    for (const { articleId, version } of pending) {
      await executor
        .deleteFrom('related_pending')
        .where('article_id', '=', articleId)
        .where('version', '=', version)
        .execute();
    }
  }
}

/** Article ids bound in one statement (SQLite's limit on variables is far above). */
const QUEUED_PER_STATEMENT = 5000;
