import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Audience figures, with nothing about the reader in them (no address, no browser, no cookie).
 *
 * - `article_views`: views of an article in one UTC hour (its start), added to by the view
 *   counter's flush (one upsert per article and hour every few seconds); most read and the
 *   newsroom's statistics add them up.
 * - `search_log`: a normalized reader search per calendar day (Africa/Casablanca), how often it
 *   was run and how often it found nothing.
 */
export function audienceSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('article_views')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('hour', timestamp, (c) => c.notNull())
        .addColumn('views', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_views_pk', ['article_id', 'hour'])
        .execute();
      await db.schema
        .createIndex('article_views_by_hour')
        .on('article_views')
        .columns(['hour', 'article_id'])
        .execute();
      await db.schema
        .createTable('search_log')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('searches', 'integer', (c) => c.notNull())
        .addColumn('zero_results', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_log_pk', ['day', 'query'])
        .execute();
    },
  };
}
