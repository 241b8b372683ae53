import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * The newsroom's workflow and jobs.
 *
 * - `articles.breaking_until`: a published article is breaking news until then (a banner on
 *   every reader page); null when it is not.
 * - `articles.owner_user_id`, `article_revisions.user_id`, `article_transitions.user_id` and
 *   `article_corrections.user_id`: the acting user, nullable (imports and the scheduler act as
 *   nobody) and without a foreign key until the users table exists.
 * - `article_revisions.kind` (`saved`, `conflict`: a stale save kept so that nothing is lost,
 *   `restored`) and `based_on` (the revision the editor started from).
 * - `article_transitions`: every workflow step with its note (return to author, correction).
 * - `article_corrections`: the public, dated correction notes shown under an article.
 * - `outbox`: work written in the same transaction as the change that caused it, done by the
 *   job loop (src/jobs/): purging pages after a change, publishing a scheduled article at its
 *   time. `processed_at` null = still to do; the partial index finds due rows.
 */
export function newsroomSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('articles').addColumn('owner_user_id', 'integer').execute();
      await db.schema.alterTable('articles').addColumn('breaking_until', timestamp).execute();
      await db.schema.alterTable('article_revisions').addColumn('user_id', 'integer').execute();
      await db.schema
        .alterTable('article_revisions')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('saved'))
        .execute();
      await db.schema.alterTable('article_revisions').addColumn('based_on', 'integer').execute();

      await db.schema
        .createTable('article_transitions')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text', (c) => c.notNull())
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('scheduled_for', timestamp)
        .addColumn('user_id', 'integer')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('article_transitions_by_article')
        .on('article_transitions')
        .columns(['article_id', 'id'])
        .execute();

      await db.schema
        .createTable('article_corrections')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('article_corrections_by_article')
        .on('article_corrections')
        .columns(['article_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'integer', id)
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('article_id', 'integer')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('available_at', timestamp, (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('processed_at', timestamp)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
      await sql`create index outbox_due on outbox (available_at, id) where processed_at is null`.execute(db);
    },
  };
}
