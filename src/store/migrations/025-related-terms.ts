import { type Kysely, sql } from 'kysely';
import { RARE_AT_MOST } from '../../stories/rare-terms.ts';
import { RelatedTermRepository } from '../related-terms.ts';
import type { Database, Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * The rare words «اقرأ أيضا» relates articles through (store/related-terms.ts,
 * stories/rare-terms.ts): `related_term_counts` (a term's key → the published articles using
 * it), `related_term_sets` (each published article's counted terms, space-separated, and how it
 * writes them, a JSON array in the same order) and
 * `related_term_postings` (term → article and publication time, while the term is rare),
 * indexed by term and time for the nearest articles before and after one. The published
 * archive is counted here, 500 articles at a time, the postings of the terms it finds common
 * dropped, and every published article queued (without `offer`) to have its list made again.
 */
export function relatedTermsSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('related_term_counts')
        .addColumn('term', 'integer', (c) => c.primaryKey())
        .addColumn('article_count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('related_term_sets')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('terms', 'text', (c) => c.notNull())
        .addColumn('spellings', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('related_term_postings')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('term', 'integer', (c) => c.notNull())
        .addColumn('published_at', timestamp)
        .addPrimaryKeyConstraint('related_term_postings_pk', ['article_id', 'term'])
        .execute();
      const order =
        dialect === 'sqlite'
          ? sql`published_at desc, article_id desc`
          : sql`published_at desc nulls last, article_id desc`;
      await sql`create index related_term_postings_listing on related_term_postings (term, ${order})`.execute(db);

      const typed = db as unknown as Kysely<Database>;
      const terms = new RelatedTermRepository(typed, dialect);
      for (let after = 0; ; ) {
        const rows = await typed
          .selectFrom('articles')
          .select(['id', 'headline', 'kicker', 'dek', 'body_text', 'section_id', 'published_at'])
          .where('status', '=', 'published')
          .where('id', '>', after)
          .orderBy('id')
          .limit(ARTICLES_PER_BATCH)
          .execute();
        if (rows.length === 0) break;
        await terms.indexWithin(
          typed,
          rows.map((row) => ({
            id: row.id,
            headline: row.headline,
            kicker: row.kicker,
            dek: row.dek,
            bodyText: row.body_text,
            sectionId: row.section_id,
            publishedAt: row.published_at ? new Date(row.published_at) : null,
            published: true,
          })),
        );
        after = rows.at(-1)!.id;
      }
      await typed
        .deleteFrom('related_term_postings')
        .where('term', 'in', (eb) =>
          eb.selectFrom('related_term_counts').select('term').where('article_count', '>', RARE_AT_MOST),
        )
        .execute();
      await typed
        .insertInto('related_pending')
        .columns(['article_id', 'version', 'offer'])
        .expression(
          typed
            .selectFrom('articles')
            .select(['id', sql.lit(1).as('version'), sql.lit(0).as('offer')])
            .where('status', '=', 'published'),
        )
        .onConflict((oc) => oc.column('article_id').doNothing())
        .execute();
    },
  };
}

const ARTICLES_PER_BATCH = 500;
