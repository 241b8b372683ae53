import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * The media library (src/media/): what an upload adds to the `media` rows of 001.
 *
 * - `original_name`: the file's name as uploaded (searchable; never used for a path).
 * - `variant_widths`: the widths stored as WebP and JPEG, comma-separated ("320,640,960");
 *   null for rows written before uploads existed, which are shown as one plain image.
 * - `search_text`: alt, caption, credit and name, normalized (src/arabic/normalize.ts), what the
 *   library's search looks in.
 * - `uploaded_by`: the user who uploaded it first (no foreign key, like 005's user ids).
 * - `updated_at`: the last edit of alt, caption or credit.
 */
export function mediaLibrarySchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('media').addColumn('original_name', 'text').execute();
      await db.schema.alterTable('media').addColumn('variant_widths', 'text').execute();
      await db.schema
        .alterTable('media')
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.alterTable('media').addColumn('uploaded_by', 'integer').execute();
      await db.schema.alterTable('media').addColumn('updated_at', timestamp).execute();
      await db.schema.createIndex('media_newest').on('media').columns(['created_at desc', 'id desc']).execute();
    },
  };
}
