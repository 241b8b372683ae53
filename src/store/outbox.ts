import type { Kysely } from 'kysely';
import { type Database, type Dialect, toDate } from './schema.ts';

/**
 * The outbox: work that a change makes necessary, written in the same transaction as the
 * change, so that it can be neither lost (the change committed, the process died) nor done for
 * a change that rolled back. The job loop (src/jobs/job-loop.ts) does it, exactly once: a
 * message is claimed, handled and marked done in one transaction.
 */
export const OUTBOX_TOPICS = {
  /** Pages showing an article are stale: payload is a serialized ArticleChange. */
  articleChanged: 'article.changed',
  /** A scheduled article is due: payload `{ articleId, at }`, available at `at`. */
  publishDue: 'article.publish_due',
  /** Pages to purge by tag, for changes that are not an article's (home pins, breaking news): `{ tags }`. */
  pagesPurge: 'pages.purge',
  /** An article's public life, for webhooks: payload an ArticleEvent (src/webhooks/topics.ts). */
  articlePublished: 'article.published',
  articleUpdated: 'article.updated',
  articleUnpublished: 'article.unpublished',
  articleCorrected: 'article.corrected',
  /** An editor's merge or split of entities (or its undo), for webhooks: payload an EntityEvent (src/webhooks/topics.ts). */
  entityMerged: 'entity.merged',
  entitySplit: 'entity.split',
} as const;

/**
 * The page-cache tag of every reader page that shows the breaking-news banner (or the place
 * where it would be): marking, clearing or editing breaking news purges these pages and
 * leaves feeds and sitemaps, which have no banner, cached.
 */
export const BREAKING_BANNER_TAG = 'breaking';

export type OutboxTopic = (typeof OUTBOX_TOPICS)[keyof typeof OUTBOX_TOPICS];

export interface OutboxMessage {
  id: number;
  topic: string;
  articleId: number | null;
  payload: unknown;
  /** Including this one. */
  attempts: number;
  /** When it became due (its first time, or its retry's): the job loop's lag is measured from here. */
  availableAt: Date;
}

/** After this many failed attempts a message is set aside (done, with its last error kept). */
export const MAX_ATTEMPTS = 10;

/** Adds a message inside the caller's transaction; `availableAt` defaults to now. */
export async function enqueue(
  trx: Kysely<Database>,
  message: { topic: OutboxTopic; articleId: number | null; payload: unknown; availableAt?: Date },
): Promise<void> {
  const now = new Date().toISOString();
  await trx
    .insertInto('outbox')
    .values({
      topic: message.topic,
      article_id: message.articleId,
      payload: JSON.stringify(message.payload),
      available_at: message.availableAt?.toISOString() ?? now,
      created_at: now,
    })
    .execute();
}

export class OutboxRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Whether anything is due: a plain read, so that an idle loop never takes the write lock. */
  async hasDue(now: Date): Promise<boolean> {
    const row = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('processed_at', 'is', null)
      .where('available_at', '<=', now.toISOString())
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Claims up to `limit` due messages, oldest first, inside `trx`. The claim is a write (the
   * attempt is counted), so that on SQLite the transaction holds the write lock before it
   * reads, and on PostgreSQL the rows are locked with SKIP LOCKED: servers running the loop at
   * once each get different messages, and a message stays claimed until its transaction ends.
   */
  async claimDue(trx: Kysely<Database>, now: Date, limit: number): Promise<OutboxMessage[]> {
    const rows = await trx
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('outbox')
          .select('id')
          .where('processed_at', 'is', null)
          .where('available_at', '<=', now.toISOString())
          .orderBy('available_at')
          .orderBy('id')
          .limit(limit);
        return this.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      })
      .returning(['id', 'topic', 'article_id', 'payload', 'attempts', 'available_at'])
      .execute();
    return rows
      .sort((a, b) => toDate(a.available_at).getTime() - toDate(b.available_at).getTime() || a.id - b.id)
      .map((row) => ({
        id: row.id,
        topic: row.topic,
        articleId: row.article_id,
        payload: JSON.parse(row.payload),
        attempts: row.attempts,
        availableAt: toDate(row.available_at),
      }));
  }

  async markDone(trx: Kysely<Database>, ids: readonly number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await trx
      .updateTable('outbox')
      .set({ processed_at: now.toISOString() })
      .where('id', 'in', [...ids])
      .execute();
  }

  /**
   * Records a failed attempt (its own write: the attempt's transaction rolled back) and tries
   * again later, backing off; after MAX_ATTEMPTS the message is set aside with its error.
   */
  async markFailed(message: OutboxMessage, error: unknown, now: Date): Promise<void> {
    const attempts = message.attempts;
    const retryAt = new Date(now.getTime() + Math.min(2 ** attempts * 1000, 60 * 60 * 1000));
    await this.db
      .updateTable('outbox')
      .set({
        attempts,
        last_error: String((error as Error)?.stack ?? error).slice(0, 2000),
        available_at: retryAt.toISOString(),
        processed_at: attempts >= MAX_ATTEMPTS ? now.toISOString() : null,
      })
      .where('id', '=', message.id)
      .execute();
  }

  /** Messages not yet done, due or not. */
  async pendingCount(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('processed_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** When the oldest message due at `now` became due; undefined when none is. */
  async oldestDueAt(now: Date): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select('available_at')
      .where('processed_at', 'is', null)
      .where('available_at', '<=', now.toISOString())
      .orderBy('available_at')
      .limit(1)
      .executeTakeFirst();
    return row ? toDate(row.available_at) : undefined;
  }

  /** Forgets messages done more than `maxAgeMs` ago. */
  async prune(maxAgeMs: number): Promise<void> {
    const cutoff = new Date(Date.now() - maxAgeMs).toISOString();
    await this.db.deleteFrom('outbox').where('processed_at', '<', cutoff).execute();
  }
}
