import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { emptySqliteSearchIndex } from './empty-sqlite-search-index.ts';

/**
 * Ranking without the engines' term statistics (src/search/ranking.ts): `search_documents`
 * keeps the terms of each article's headline (`headline_terms`) and of its kicker and dek
 * (`lead_terms`), which the ranking reads for the newest matches.
 *
 * The index is emptied, on both dialects, because entries written before hold no terms:
 * `serve` sees published articles without entries and rebuilds it before it listens (as
 * `npx ghad reindex` does).
 */
export function searchRanking(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['headline_terms', 'lead_terms']) {
        await sql`alter table search_documents add column ${sql.ref(column)} text not null default ''`.execute(db);
      }
      if (dialect === 'postgres') {
        await sql`truncate search_documents`.execute(db);
        return;
      }
      await emptySqliteSearchIndex(db);
    },
  };
}
