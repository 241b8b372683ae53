import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Live coverage («تغطية مباشرة», store/live-coverage.ts, src/live/). `live_coverages` holds an
 * article's coverage: when it started and ended, and the last number of its change sequence.
 * `live_entries` are its short entries (blocks as JSON, the article body's shape), deleted
 * softly so that a reader's page can be told; `live_entry_revisions` keeps every text an entry
 * had (edits, the losing side of a conflict, the text before a delete). `live_changes` is the
 * change list readers' pages poll: one row per change, numbered in order per article. Everything
 * goes with its article.
 */
export function liveCoverageSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('live_coverages')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('started_at', timestamp, (c) => c.notNull())
        .addColumn('ended_at', timestamp)
        .addColumn('started_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('live_entries')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        // text, image, embed, quote
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        // JSON: Block[]
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('key_event', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('deleted_at', timestamp)
        .execute();
      // The page's entries newest first, a page at a time.
      await db.schema.createIndex('live_entries_article').on('live_entries').columns(['article_id', 'id']).execute();

      await db.schema
        .createTable('live_entry_revisions')
        .addColumn('id', 'integer', id)
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('live_entries.id').onDelete('cascade'))
        // The version this text was (or was written against, for a conflict).
        .addColumn('version', 'integer', (c) => c.notNull())
        // edit (the text before an edit), conflict (a losing text), delete (the text deleted)
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('key_event', 'integer', (c) => c.notNull())
        .addColumn('written_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('live_entry_revisions_entry')
        .on('live_entry_revisions')
        .columns(['entry_id', 'id'])
        .execute();

      await db.schema
        .createTable('live_changes')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('sequence', 'integer', (c) => c.notNull())
        // added, edited, deleted, pinned, unpinned, ended, started
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'integer', (c) => c.references('live_entries.id').onDelete('cascade'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('live_changes_sequence')
        .on('live_changes')
        .columns(['article_id', 'sequence'])
        .unique()
        .execute();
    },
  };
}
