import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { emptySqliteSearchIndex } from './empty-sqlite-search-index.ts';

/**
 * Two changes that make reading the newest matches cheaper:
 *
 * - `search_documents` keeps the leading terms as 32-bit hashes in base 36 (headline_hashes,
 *   lead_hashes: src/search/term-hashes.ts), short ASCII text read far faster than the Arabic
 *   terms, on both dialects;
 * - SQLite's search keys put the newest articles first in ascending order, the direction FTS5
 *   reads fastest (sqlite-search-index.ts, searchKey).
 *
 * Entries written before hold neither, so the index is emptied, as 003-search-ranking did:
 * `serve` sees published articles without entries and rebuilds it before it listens (as
 * `npx ghad reindex` does).
 */
export function searchReadSpeed(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') await sql`truncate search_documents`.execute(db);
      else await emptySqliteSearchIndex(db);
      for (const [before, after] of [
        ['headline_terms', 'headline_hashes'],
        ['lead_terms', 'lead_hashes'],
      ] as const) {
        await sql`alter table search_documents drop column ${sql.ref(before)}`.execute(db);
        await sql`alter table search_documents add column ${sql.ref(after)} text not null default ''`.execute(db);
      }
    },
  };
}
