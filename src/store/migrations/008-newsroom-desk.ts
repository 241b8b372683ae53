import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * The newsroom's desk and the curated home page.
 *
 * - `home_sections`: the order of the section blocks on the reader home page (editors set it
 *   on the curation page); sections without a row follow in their navigation order.
 * - Indexes for the dashboard's lists at 100,000 articles and more: each list is one status
 *   (or one user's articles) read in its own order, so each is one index range:
 *   `articles_by_owner` (my drafts; all a contributor or author sees of their own),
 *   `articles_in_review` (oldest first), `articles_scheduled` (soonest first),
 *   `articles_unpublished` (the headline search's window over what readers' search lacks).
 *   Recently published uses the reader lists' `articles_published`.
 * - `articles_breaking`: the few articles with a breaking-news time, read for the banner of
 *   every reader page (without it, a scan of every article).
 */
export function newsroomDeskSchema(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('home_sections')
        .addColumn('section_id', 'integer', (c) => c.primaryKey().references('sections.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();

      // Partial indexes, one per list: an index on (status, …) would also match the published
      // articles, and SQLite then preferred it to the reader's published index and sorted them all.
      await sql`create index articles_by_owner on articles (owner_user_id, status, updated_at)`.execute(db);
      await sql`create index articles_in_review on articles (updated_at, id) where status = 'in_review'`.execute(db);
      const soonestFirst = dialect === 'sqlite' ? sql`published_at, id` : sql`published_at nulls last, id`;
      await sql`create index articles_scheduled on articles (${soonestFirst}) where status = 'scheduled'`.execute(db);
      await sql`create index articles_unpublished on articles (updated_at, id) where status <> 'published'`.execute(db);
      await sql`create index articles_breaking on articles (breaking_until) where breaking_until is not null`.execute(
        db,
      );
    },
  };
}
