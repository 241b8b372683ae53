import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Readers' comments (store/comments.ts, src/comments/). A comment goes with its article, a
 * reply with the comment it answers; the email is never shown. `comment_addresses` holds the
 * keyed hash of each comment's address (never the address) and is emptied of rows older than
 * 30 days, as are reports' hashes and bans. `comment_moderation_log` keeps who did what: it
 * outlives the comment (comment_id set null) and the user. `comment_settings` holds an
 * article's mode when it is not the default (pre-moderated).
 */
export function commentsSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('comments')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        // pending, approved, rejected, spam
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('held_reason', 'text')
        .addColumn('held_detail', 'text')
        .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('decided_at', timestamp)
        .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .execute();
      // An article's approved comments in order (its page, the API), and the queue by state.
      await db.schema.createIndex('comments_article').on('comments').columns(['article_id', 'status', 'id']).execute();
      await db.schema.createIndex('comments_status').on('comments').columns(['status', 'id']).execute();
      await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();

      await db.schema
        .createTable('comment_addresses')
        .addColumn('comment_id', 'integer', (c) => c.primaryKey().references('comments.id').onDelete('cascade'))
        .addColumn('address_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('comment_addresses_hash')
        .on('comment_addresses')
        .columns(['address_hash', 'created_at'])
        .execute();
      await db.schema.createIndex('comment_addresses_time').on('comment_addresses').column('created_at').execute();

      await db.schema
        .createTable('comment_reports')
        .addColumn('id', 'integer', id)
        .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
        .addColumn('address_hash', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('comment_reports_comment')
        .on('comment_reports')
        .columns(['comment_id', 'address_hash'])
        .execute();

      await db.schema
        .createTable('comment_bans')
        .addColumn('address_hash', 'text', (c) => c.primaryKey())
        .addColumn('banned_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('comment_moderation_log')
        .addColumn('id', 'integer', id)
        .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
        .addColumn('article_id', 'integer')
        // approve, reject, spam, ban, mode
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('comment_settings')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        // closed, pre (pre-moderated), post (post-moderated)
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
