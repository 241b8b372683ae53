import { type Kysely, sql } from 'kysely';
import { linkNearCopies } from '../near-copies.ts';
import type { Database, Dialect } from '../schema.ts';

/**
 * `near_copies`: the pairs of articles found near-copies of each other, both ways, with their
 * similarity (store/near-copies.ts). Written when either article is written, so that reading
 * an article's near-copies is one indexed read (the article page's «اقرأ أيضا» reads them
 * for every uncached render). The pairs of the articles already there are found here, 500
 * articles at a time.
 */
export function nearCopyPairsSchema(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('near_copies')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('copy_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('similarity', dialect === 'sqlite' ? 'real' : 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('near_copies_pk', ['article_id', 'copy_id'])
        .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
        .execute();
      await db.schema.createIndex('near_copies_copy').on('near_copies').column('copy_id').execute();

      const typed = db as unknown as Kysely<Database>;
      let after = 0;
      for (;;) {
        const articles = await typed
          .selectFrom('articles')
          .select(['id', 'body_text'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(500)
          .execute();
        if (articles.length === 0) break;
        after = articles.at(-1)!.id;
        const bands = await typed
          .selectFrom('near_copy_bands')
          .select(['article_id', 'band', 'key'])
          .where(
            'article_id',
            'in',
            articles.map((a) => a.id),
          )
          .execute();
        const keys = new Map<number, number[]>();
        for (const row of bands) {
          const list = keys.get(row.article_id) ?? [];
          list[row.band] = row.key;
          keys.set(row.article_id, list);
        }
        await linkNearCopies(
          typed,
          articles.map(({ id, body_text }) => ({ id, bodyText: body_text })),
          keys,
        );
      }
    },
  };
}
