import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../store/schema.ts';
import { PostgresSearchIndex } from './postgres-search-index.ts';
import type { RebuildableIndex } from './rebuild.ts';
import type { SearchIndex } from './search-index.ts';
import { SqliteSearchIndex } from './sqlite-search-index.ts';

/**
 * The store's search index: what readers and the CLI use, plus the write that the store
 * makes inside its own transactions (`indexWithin`), so that no article is ever saved
 * without its index entry, or the other way round.
 */
export type StoreSearchIndex = SearchIndex & Pick<RebuildableIndex, 'indexWithin'>;

/** The search backend of a dialect, over the store's database. */
export function createSearchIndex(db: Kysely<Database>, dialect: Dialect): StoreSearchIndex {
  return dialect === 'sqlite' ? new SqliteSearchIndex(db) : new PostgresSearchIndex(db);
}
