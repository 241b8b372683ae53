import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';

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
      // Emptied at once: FTS5's delete-all, then the documents without their per-row trigger.
      await sql`drop trigger search_documents_removed`.execute(db);
      await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
      await sql`insert into search_headlines (search_headlines) values ('delete-all')`.execute(db);
      await sql`delete from search_documents`.execute(db);
      await sql`
        create trigger search_documents_removed after delete on search_documents begin
          delete from search_fts where rowid = old.search_key;
          delete from search_headlines where rowid = old.search_key;
        end`.execute(db);
    },
  };
}
