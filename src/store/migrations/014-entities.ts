import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';
import { emptySqliteSearchIndex } from './empty-sqlite-search-index.ts';

/**
 * Names and entities: the people (PER), organisations (ORG) and places (LOC) the articles name,
 * linked to the articles about them, and the editors' decisions about them.
 *
 * - `entities`: one per person, organisation or place, with its canonical name, the linking
 *   key of that name (src/entities/entity-key.ts) and of its last word (`surname_key`, how an
 *   article that gives only the family name is linked), how far editors have looked at it,
 *   and the published articles about it (`article_count`, kept by the store). A merged entity
 *   keeps its row with `merged_into` set (its page redirects); a split one names the entity it
 *   came from in `split_from`.
 * - `entity_names`: every spelling seen for an entity, as written, with its linking key:
 *   extraction's found entities are linked through `key`.
 * - `article_entities`: an entity as one article names it (its forms there, how often, whether
 *   in the headline or lead, in what order). Like article_tags, each row carries a copy of the
 *   article's listing state, so an entity's page is one range of article_entities_listing,
 *   newest first.
 * - `entity_decisions`: what editors decided (confirm, reject, rename, merge, split, undo), by
 *   whom, with everything an undo needs in `payload` (JSON); `other_entity_id` is the second
 *   entity a merge (into) or a split (the new one) touched, `undone_by` the undo's decision.
 *
 * The search index is emptied too, as 003 did: the analyzer now indexes a compound name's
 * one-word form beside its words (فيس بوك → فيسبوك), which older entries lack. `serve` sees
 * published articles without entries and rebuilds the index, and, finding article_entities
 * empty, the entities (src/entities/rebuild.ts), before it listens.
 */
export function entitiesSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('entities')
        .addColumn('id', 'integer', id)
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('surname_key', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed'))
        .addColumn('merged_into', 'integer', (c) => c.references('entities.id'))
        .addColumn('split_from', 'integer', (c) => c.references('entities.id'))
        .addColumn('article_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addCheckConstraint('entities_type', sql`type in ('PER', 'ORG', 'LOC')`)
        .addCheckConstraint('entities_status', sql`status in ('proposed', 'confirmed', 'rejected')`)
        .execute();
      // Linking a one-word name, and pairs of suspected duplicates, look entities up by these.
      // article_count has no index: every import batch moves it, and the newsroom's list sorts
      // a few tens of thousands of rows at most (an index made the counts' updates 2.5 times slower).
      await db.schema.createIndex('entities_surname_key').on('entities').columns(['surname_key', 'type']).execute();
      await db.schema.createIndex('entities_key').on('entities').columns(['key', 'type']).execute();

      await db.schema
        .createTable('entity_names')
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_names_pk', ['entity_id', 'name'])
        .execute();
      await db.schema.createIndex('entity_names_key').on('entity_names').column('key').execute();

      await db.schema
        .createTable('article_entities')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('mentions', 'integer', (c) => c.notNull())
        .addColumn('prominent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', timestamp)
        .addPrimaryKeyConstraint('article_entities_pk', ['article_id', 'entity_id'])
        .execute();
      // An entity's rows, any listing state, newest article first (decisions, suspected duplicates).
      await db.schema
        .createIndex('article_entities_entity')
        .on('article_entities')
        .columns(['entity_id', 'article_id'])
        .execute();
      const listingOrder =
        dialect === 'sqlite'
          ? sql`published_at desc, article_id desc`
          : sql`published_at desc nulls last, article_id desc`;
      await sql`create index article_entities_listing on article_entities (entity_id, ${listingOrder}) where listed = 1`.execute(
        db,
      );

      await db.schema
        .createTable('entity_decisions')
        .addColumn('id', 'integer', id)
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('other_entity_id', 'integer', (c) => c.references('entities.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('undone_by', 'integer', (c) => c.references('entity_decisions.id'))
        .addCheckConstraint(
          'entity_decisions_action',
          sql`action in ('confirm', 'reject', 'rename', 'merge', 'split', 'undo')`,
        )
        .execute();
      await db.schema
        .createIndex('entity_decisions_entity')
        .on('entity_decisions')
        .columns(['entity_id', 'id'])
        .execute();
      await db.schema
        .createIndex('entity_decisions_other_entity')
        .on('entity_decisions')
        .columns(['other_entity_id', 'id'])
        .execute();
      if (dialect === 'postgres') await sql`truncate search_documents`.execute(db);
      else await emptySqliteSearchIndex(db);
    },
  };
}
