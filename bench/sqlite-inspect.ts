/**
 * A look inside the search benchmark's SQLite file, on a read-only connection of its own:
 * how big each part of the database is (dbstat), and where one search spends its time
 * (the backend's own statements, captured, explained and timed one by one).
 */
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SearchQuery } from '../src/search/search-index.ts';
import { SqliteSearchIndex } from '../src/search/sqlite-search-index.ts';
import type { Database } from '../src/store/schema.ts';
import { median } from './summary.ts';

export interface DatabaseSize {
  fileBytes: number;
  walBytes: number;
  /** Bytes per part of the schema (a table with its indexes, FTS5 tables with their shadow tables). */
  parts: { part: string; bytes: number }[] | undefined;
  dbstatSeconds: number | undefined;
}

const fileSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

/** The part of the schema a table or index belongs to, for the size table. */
function partOf(name: string, table: string): string {
  if (table.startsWith('search_fts')) return 'search_fts (FTS5, with its shadow tables)';
  if (table.startsWith('search_headlines')) return 'search_headlines (FTS5, suggestions)';
  if (table === 'search_documents' || table === 'search_terms') return table;
  if (table === 'articles' || table === 'article_revisions') return `${table} (with its indexes)`;
  return name.startsWith('sqlite_') && table === name ? 'SQLite internals' : 'everything else';
}

/** The file, its WAL, and (with `dbstat`) the bytes of each part; dbstat reads every page. */
export function databaseSize(file: string, withDbstat: boolean): DatabaseSize {
  const size: DatabaseSize = {
    fileBytes: fileSize(file),
    walBytes: fileSize(`${file}-wal`),
    parts: undefined,
    dbstatSeconds: undefined,
  };
  if (!withDbstat) return size;
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const started = performance.now();
    const tables = new Map(
      (db.prepare('select name, tbl_name from sqlite_schema').all() as { name: string; tbl_name: string }[]).map(
        (row) => [row.name, row.tbl_name],
      ),
    );
    const rows = db.prepare('select name, sum(pgsize) as bytes from dbstat group by name').all() as {
      name: string;
      bytes: number;
    }[];
    const parts = new Map<string, number>();
    for (const { name, bytes } of rows) {
      const part = partOf(name, tables.get(name) ?? name);
      parts.set(part, (parts.get(part) ?? 0) + bytes);
    }
    size.parts = [...parts].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
    size.dbstatSeconds = (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
  return size;
}

/** A statement as Kysely's log gave it. */
export interface CapturedStatement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A Kysely over the SQLite file on a read-only connection of its own (`raw`, for replays),
 * whose log keeps every statement it runs in `captured`: the caller empties it before each
 * read it profiles.
 */
export function capturingDatabase(file: string): {
  raw: BetterSqlite3.Database;
  db: Kysely<Database>;
  captured: CapturedStatement[];
} {
  const raw = new BetterSqlite3(file, { readonly: true });
  raw.pragma('cache_size = -65536');
  const captured: CapturedStatement[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  return { raw, db, captured };
}

/** One SQL statement that a read ran, replayed on its own. */
export interface StatementProfile {
  /** The SQL on one line. */
  sql: string;
  parameters: unknown[];
  rows: number;
  /** Median milliseconds of the replays. */
  ms: number;
  plan: string[];
}

/** Where one search's time goes: the backend's statements, each explained and timed. */
export interface QueryProfile {
  text: string;
  total: number;
  totalIsLowerBound: boolean;
  /** Median milliseconds of the whole search through SqliteSearchIndex (parsing, analysis, SQL, merging). */
  searchMs: number;
  /** Milliseconds of the search outside its statements: query analysis, Kysely, sorting and counting in JS. */
  outsideSqlMs: number;
  statements: StatementProfile[];
}

function timeMedian(run: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * Profiles searches on a connection of its own: the backend (SqliteSearchIndex) runs each
 * query while Kysely's log captures the statements it executes, which are then explained
 * and replayed one by one (median of `runs`).
 */
export async function profileSearches(file: string, queries: SearchQuery[], runs = 5): Promise<QueryProfile[]> {
  const { raw, db, captured } = capturingDatabase(file);
  const index = new SqliteSearchIndex(db);
  const profiles: QueryProfile[] = [];
  try {
    for (const query of queries) {
      captured.length = 0;
      const results = await index.search(query);
      const statements = captured.map((statement) => replayStatement(raw, statement, runs));
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await index.search(query);
        times.push(performance.now() - started);
      }
      const searchMs = median(times);
      profiles.push({
        text: query.text,
        total: results.total,
        totalIsLowerBound: results.totalIsLowerBound === true,
        searchMs,
        outsideSqlMs: searchMs - statements.reduce((sum, st) => sum + st.ms, 0),
        statements,
      });
    }
  } finally {
    await db.destroy();
  }
  return profiles;
}

/**
 * A captured statement explained and replayed on its own: the rows it reads, the median
 * milliseconds of `runs` replays, its query plan (none for a statement that reads nothing).
 */
export function replayStatement(
  raw: BetterSqlite3.Database,
  { sql, parameters }: CapturedStatement,
  runs: number,
): StatementProfile {
  const statement = raw.prepare(sql);
  const args = [...parameters];
  let rows = 0;
  const ms = timeMedian(() => {
    rows = statement.reader ? statement.all(...args).length : 0;
  }, runs);
  return {
    sql: sql.replace(/\s+/g, ' ').trim(),
    parameters: args,
    rows,
    ms,
    plan: statement.reader ? planLines(raw.prepare(`explain query plan ${sql}`).all(...args) as PlanRow[]) : [],
  };
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** EXPLAIN QUERY PLAN as an indented tree. */
function planLines(rows: PlanRow[]): string[] {
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((row) => {
    const level = (depth.get(row.parent) ?? -1) + 1;
    depth.set(row.id, level);
    return `${'  '.repeat(level)}${row.detail}`;
  });
}
