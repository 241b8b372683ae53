import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Every section an article is listed in: its own section (position 0, the one in its address
 * and breadcrumb, still `articles.section_id`) and the secondary sections an editor adds
 * (position 1…). Like article_tags, each row carries a copy of the article's listing state, so
 * a section page — own and secondary articles together — is one range of
 * article_sections_listing, newest first.
 *
 * Existing articles get their own section as their only row.
 */
export function articleSectionsSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('article_sections')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', timestamp)
        .addPrimaryKeyConstraint('article_sections_pk', ['article_id', 'section_id'])
        .execute();
      await sql`
        insert into article_sections (article_id, section_id, position, listed, published_at)
        select id, section_id, 0, case when status = 'published' then 1 else 0 end, published_at
        from articles`.execute(db);
      const listingOrder =
        dialect === 'sqlite'
          ? sql`published_at desc, article_id desc`
          : sql`published_at desc nulls last, article_id desc`;
      await sql`create index article_sections_listing on article_sections (section_id, ${listingOrder}) where listed = 1`.execute(
        db,
      );
    },
  };
}
