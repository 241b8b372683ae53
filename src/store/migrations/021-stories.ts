import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Stories («ملفات», store/stories.ts): a named group of articles with its own page and feed.
 * `story_articles` holds who added each article, and when; a membership goes with its story or
 * its article, and a story outlives the user who made it.
 */
export function storiesSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stories')
        .addColumn('id', 'integer', id)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('story_articles')
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('added_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('added_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('story_articles_pkey', ['story_id', 'article_id'])
        .execute();
      // An article's stories (its page's «ملف» link, the purge of a publication) without a scan.
      await db.schema.createIndex('story_articles_article').on('story_articles').column('article_id').execute();
    },
  };
}
