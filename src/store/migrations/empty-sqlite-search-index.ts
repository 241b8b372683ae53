import { type Kysely, sql } from 'kysely';

/**
 * Empties SQLite's search index at once (FTS5's delete-all, then the documents without their
 * per-row trigger), for migrations that change what an entry holds: `serve` then sees
 * published articles without entries and rebuilds the index before it listens.
 */
export async function emptySqliteSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger search_documents_removed`.execute(db);
  await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
  await sql`insert into search_headlines (search_headlines) values ('delete-all')`.execute(db);
  await sql`delete from search_documents`.execute(db);
  await sql`
    create trigger search_documents_removed after delete on search_documents begin
      delete from search_fts where rowid = old.search_key;
      delete from search_headlines where rowid = old.search_key;
    end`.execute(db);
}
