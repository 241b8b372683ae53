import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * «اقرأ أيضا» and «السياق» kept with each article (store/related-lists.ts) instead of worked
 * out at every uncached render: `related_lists` holds an article's list (`entries`, JSON, best
 * first) and the dates its text refers to (`dates`, JSON, stories/referenced-dates.ts), and
 * `related_pending` the articles whose list is to be worked out again, which the job loop does
 * after the write that queued them (`version` counts writes queued meanwhile, so that a list
 * worked out from older text never takes a newer write's place in the queue). The published
 * articles already there are queued here, without `offer` (they are not new to the others'
 * lists); until its list is made, an article's page works it out as before.
 */
export function relatedListsSchema() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('related_lists')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('entries', 'text', (c) => c.notNull())
        .addColumn('dates', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('related_pending')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('offer', 'integer', (c) => c.notNull())
        .execute();
      const typed = db as unknown as Kysely<Database>;
      await typed
        .insertInto('related_pending')
        .columns(['article_id', 'version', 'offer'])
        .expression(
          typed
            .selectFrom('articles')
            .select(['id', sql.lit(1).as('version'), sql.lit(0).as('offer')])
            .where('status', '=', 'published'),
        )
        .execute();
    },
  };
}
