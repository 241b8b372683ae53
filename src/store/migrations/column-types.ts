import type { ColumnDefinitionBuilder } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * The two column shapes that differ between the dialects, for every migration: an integer
 * primary key the database numbers, and a point in time (ISO 8601 text on SQLite, which
 * sorts; timestamptz on PostgreSQL).
 */
export function columnTypes(dialect: Dialect) {
  return {
    id: (col: ColumnDefinitionBuilder) =>
      dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity(),
    timestamp: dialect === 'sqlite' ? ('text' as const) : ('timestamptz' as const),
  };
}
