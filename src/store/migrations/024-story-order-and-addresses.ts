import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Stories («ملفات») an editor orders by hand, and whose address can change.
 *
 * - `story_articles.position`: the place an editor gave an article in its story (0 first);
 *   null for the articles left in the automatic order (newest first), which follow the
 *   hand-ordered ones.
 * - `redirects.story_id`: an old address of a story (`/story/<its old slug>`) is kept in the
 *   same table as imported articles' old addresses, pointing at the story, so that it answers
 *   301 to wherever the story lives now. A row points at an article or at a story, never both;
 *   `article_id` may now be null. On SQLite the table is made again to drop the NOT NULL.
 */
export function storyOrderAndAddressesSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('story_articles').addColumn('position', 'integer').execute();

      if (dialect === 'postgres') {
        await sql`alter table redirects alter column article_id drop not null`.execute(db);
        await db.schema
          .alterTable('redirects')
          .addColumn('story_id', 'integer', (c) => c.references('stories.id').onDelete('cascade'))
          .execute();
        await sql`alter table redirects add constraint redirects_one_target check ((article_id is null) <> (story_id is null))`.execute(
          db,
        );
      } else {
        await db.schema
          .createTable('redirects_024')
          .addColumn('path', 'text', (c) => c.primaryKey())
          // In PostgreSQL's order (a column added comes last): backups list the columns as they are.
          .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('cascade'))
          .addColumn('created_at', timestamp, (c) => c.notNull())
          .addColumn('story_id', 'integer', (c) => c.references('stories.id').onDelete('cascade'))
          .addCheckConstraint('redirects_one_target', sql`(article_id is null) <> (story_id is null)`)
          .execute();
        await sql`insert into redirects_024 (path, article_id, created_at) select path, article_id, created_at from redirects`.execute(
          db,
        );
        await db.schema.dropTable('redirects').execute();
        await sql`alter table redirects_024 rename to redirects`.execute(db);
        await db.schema.createIndex('redirects_by_article').on('redirects').column('article_id').execute();
      }
      // Deleting a story finds its old addresses without a scan.
      await db.schema.createIndex('redirects_by_story').on('redirects').column('story_id').execute();
    },
  };
}
