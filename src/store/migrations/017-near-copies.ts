import { type Kysely, sql } from 'kysely';
import { bandKeys } from '../../stories/near-copy.ts';
import type { Dialect } from '../schema.ts';

/**
 * `near_copy_bands`: each article's near-copy fingerprint (src/stories/near-copy.ts), one row per
 * band: `key` is the band's 31-bit key. Two articles with a row of the same band and key are
 * candidate near-copies; the texts decide. Articles too short to be matched have no rows.
 * Written with the article (store/article-indexing.ts); the articles already there are
 * fingerprinted here, a thousand at a time.
 */
export function nearCopiesSchema(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('near_copy_bands')
        .addColumn('key', 'integer', (c) => c.notNull())
        .addColumn('band', 'integer', (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('near_copy_bands_pk', ['key', 'band', 'article_id'])
        .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
        .execute();
      await db.schema.createIndex('near_copy_bands_article').on('near_copy_bands').column('article_id').execute();

      const typed = db as Kysely<{ articles: { id: number; body_text: string } }>;
      let after = 0;
      for (;;) {
        const articles = await typed
          .selectFrom('articles')
          .select(['id', 'body_text'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(1000)
          .execute();
        if (articles.length === 0) break;
        after = articles.at(-1)!.id;
        const rows = articles.flatMap(({ id, body_text }) =>
          bandKeys(body_text).map((key, band) => ({ key, band, article_id: id })),
        );
        for (let i = 0; i < rows.length; i += 1000) {
          await (db as Kysely<{ near_copy_bands: { key: number; band: number; article_id: number } }>)
            .insertInto('near_copy_bands')
            .values(rows.slice(i, i + 1000))
            .execute();
        }
      }
    },
  };
}
