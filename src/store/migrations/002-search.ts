import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * The search index (src/search/), one shape per dialect, filled by indexing: on import and
 * on every save, or all at once by `npx ghad reindex`.
 *
 * Both: `search_documents`, one row per published article with what filters, facets and
 * recency read (section, publication time, UTC year). Searches read matches newest first.
 *
 * SQLite: contentless FTS5 tables holding the analyzer's tokens space-separated (the
 * tokenizer separates on whitespace only, so every token stays whole), keyed by a search key
 * that orders articles by publication time (see sqlite-search-index.ts), so that "the newest
 * matches" and date ranges are rowid ranges FTS5 walks directly. `search_fts` has two columns
 * per field (headline, lead = kicker and dek, body): the exact forms, positional for phrases,
 * and the marked stems (~stem, as in PostgreSQL); then the name keys of all fields (^key) and
 * the section as a term (#id). `search_headlines` (the headline's two columns) has prefix
 * indexes for suggestions. Removing a `search_documents` row (or its article) removes both
 * FTS rows by trigger.
 *
 * PostgreSQL: `document`, a tsvector of the same tokens written by Ghad (no parser involved),
 * with a GIN index; `headline`, the headline's tokens, with its own GIN index for suggestions;
 * B-tree indexes for newest first, overall and per section.
 */
export function searchSchema(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') await sqliteUp(db);
      else await postgresUp(db);
    },
  };
}

/** Tokens are separated by whitespace only: letters, marks, digits, punctuation and symbols stay in. */
const SQLITE_TOKENIZER = `unicode61 remove_diacritics 0 categories 'L* M* N* P* S* C*'`;

async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_documents (
      search_key integer primary key,
      article_id integer not null unique references articles (id) on delete cascade,
      section_id integer not null,
      published_at integer, -- milliseconds since 1970, UTC
      published_year integer
    )`.execute(db);
  const options = sql.raw(`content = '', contentless_delete = 1, tokenize = "${SQLITE_TOKENIZER}"`);
  await sql`
    create virtual table search_fts using fts5 (
      headline, headline_stems, lead, lead_stems, body, body_stems, names, section,
      ${options}
    )`.execute(db);
  await sql`create virtual table search_headlines using fts5 (headline, headline_stems, ${options}, prefix = '2 3 4 5')`.execute(
    db,
  );
  await sql`
    create trigger search_documents_removed after delete on search_documents begin
      delete from search_fts where rowid = old.search_key;
      delete from search_headlines where rowid = old.search_key;
    end`.execute(db);
}

async function postgresUp(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_documents (
      article_id integer primary key references articles (id) on delete cascade,
      section_id integer not null,
      published_at timestamptz,
      published_year integer,
      document tsvector not null,
      headline tsvector not null
    )`.execute(db);
  await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
  await sql`create index search_documents_headline on search_documents using gin (headline)`.execute(db);
  await sql`create index search_documents_newest on search_documents (published_at desc nulls last, article_id desc)`.execute(
    db,
  );
  await sql`
    create index search_documents_newest_by_section
    on search_documents (section_id, published_at desc nulls last, article_id desc)`.execute(db);
}
