import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/** The first schema: articles with their sections, tags, bylines, media and revisions. */
export function initialSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sections')
        .addColumn('id', 'integer', id)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('tags')
        .addColumn('id', 'integer', id)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .execute();

      await db.schema
        .createTable('authors')
        .addColumn('id', 'integer', id)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person'))
        .addColumn('bio', 'text')
        .execute();

      await db.schema
        .createTable('media')
        .addColumn('id', 'integer', id)
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('caption', 'text')
        .addColumn('credit', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', 'integer', id)
        .addColumn('external_id', 'text', (c) => c.unique())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('kicker', 'text')
        .addColumn('dek', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('ar'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
        .addColumn('published_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('dateline', 'text')
        .addColumn('featured_media_id', 'integer', (c) => c.references('media.id'))
        .addColumn('source_url', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .execute();

      // Reader lists: newest first within a section, the whole site, or a day.
      const newestFirst =
        dialect === 'sqlite' ? sql`published_at desc, id desc` : sql`published_at desc nulls last, id desc`;
      await sql`create index articles_published_by_section on articles (section_id, ${newestFirst}) where status = 'published'`.execute(
        db,
      );
      await sql`create index articles_published on articles (${newestFirst}) where status = 'published'`.execute(db);
      const listingOrder =
        dialect === 'sqlite'
          ? sql`published_at desc, article_id desc`
          : sql`published_at desc nulls last, article_id desc`;

      await db.schema
        .createTable('article_bylines')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
        .addColumn('role', 'text')
        // Copies of the article's listing state, so that an author page is one index range.
        .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', timestamp)
        .addPrimaryKeyConstraint('article_bylines_pk', ['article_id', 'position'])
        .execute();
      await sql`create index article_bylines_listing on article_bylines (author_id, ${listingOrder}) where listed = 1`.execute(
        db,
      );

      await db.schema
        .createTable('article_tags')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', timestamp)
        .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
        .execute();
      await sql`create index article_tags_listing on article_tags (tag_id, ${listingOrder}) where listed = 1`.execute(
        db,
      );

      await db.schema
        .createTable('article_revisions')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('article_revisions_unique', ['article_id', 'revision'])
        .execute();

      await db.schema
        .createTable('home_pins')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cache_invalidations')
        .addColumn('id', 'integer', id)
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
