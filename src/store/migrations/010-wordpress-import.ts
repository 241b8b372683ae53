import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * What moving a newspaper over from WordPress needs.
 *
 * - `sections.parent_id`: a section may sit under another (WordPress's category hierarchy:
 *   أخبار › وطنية); null for a top-level section.
 * - `redirects`: old addresses of articles (a WordPress permalink, its `?p=123` short link),
 *   kept as the decoded path (and query) without a trailing slash; the reader site answers
 *   them with a 301 to the article's page while the article is published.
 * - an index on `articles.slug`: imports keep slugs unique (a WordPress slug another article
 *   has gets -2), one lookup per post; without it each was a scan of every article.
 */
export function wordpressImportSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('sections')
        .addColumn('parent_id', 'integer', (c) => c.references('sections.id'))
        .execute();

      await db.schema
        .createTable('redirects')
        .addColumn('path', 'text', (c) => c.primaryKey())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('redirects_by_article').on('redirects').column('article_id').execute();
      await db.schema.createIndex('articles_by_slug').on('articles').column('slug').execute();
    },
  };
}
