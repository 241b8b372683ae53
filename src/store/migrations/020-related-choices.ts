import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * An editor's choices in an article's «اقرأ أيضا» (store/related-choices.ts): `pinned` articles
 * lead the list in `position` order, `removed` ones never appear in it; the automatic list
 * fills the rest. Who chose, and when, is kept with each choice. A choice goes with either
 * article when it is deleted.
 */
export function relatedChoicesSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('related_choices')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('choice', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('chosen_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('related_choices_pkey', ['article_id', 'related_id'])
        .execute();
      // Deleting an article finds the choices naming it without a scan.
      await db.schema.createIndex('related_choices_related').on('related_choices').column('related_id').execute();
    },
  };
}
