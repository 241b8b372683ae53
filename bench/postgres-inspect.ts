/**
 * The PostgreSQL side of bench/search.ts's profile (the mirror of sqlite-inspect.ts): the
 * statements a search runs, captured from Kysely's log, replayed one by one and explained
 * with EXPLAIN (ANALYZE, BUFFERS) in a transaction set up as PostgresSearchIndex sets up its
 * own; and the database's size by table.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PostgresSearchIndex } from '../src/search/postgres-search-index.ts';
import type { SearchQuery } from '../src/search/search-index.ts';
import type { Database } from '../src/store/schema.ts';
import type { CapturedStatement, QueryProfile, StatementProfile } from './sqlite-inspect.ts';
import { median } from './summary.ts';

/** Statements that only frame a read (the transaction and its settings): not replayed. */
const FRAMING = /^\s*(begin|commit|rollback|set\s|start\s+transaction)/i;

/**
 * Profiles searches on a pool of their own: PostgresSearchIndex runs each query while Kysely's
 * log captures its statements, which are then replayed (median of `runs`) and explained.
 */
export async function profilePostgresSearches(url: string, queries: SearchQuery[], runs = 5): Promise<QueryProfile[]> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const captured: CapturedStatement[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const index = new PostgresSearchIndex(db);
  const profiles: QueryProfile[] = [];
  try {
    for (const query of queries) {
      captured.length = 0;
      const results = await index.search(query);
      const framing = captured.filter((st) => FRAMING.test(st.sql) && !/^\s*(begin|commit|rollback)/i.test(st.sql));
      const reads = captured.filter((st) => !FRAMING.test(st.sql));
      const statements: StatementProfile[] = [];
      for (const statement of reads) statements.push(await replayStatement(pool, framing, statement, runs));
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
 * A captured read replayed on its own in a transaction with the search's settings
 * (`framing`): the rows it returns, the median milliseconds of `runs` replays, and its plan
 * from EXPLAIN (ANALYZE, BUFFERS).
 */
async function replayStatement(
  pool: pg.Pool,
  framing: readonly CapturedStatement[],
  { sql, parameters }: CapturedStatement,
  runs: number,
): Promise<StatementProfile> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const setting of framing) await client.query(setting.sql, [...setting.parameters]);
    const args = [...parameters];
    let rows = 0;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      rows = (await client.query(sql, args)).rowCount ?? 0;
      times.push(performance.now() - started);
    }
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, args);
    await client.query('rollback');
    return {
      sql: sql.replace(/\s+/g, ' ').trim(),
      parameters: args,
      rows,
      ms: median(times),
      plan: plan.rows.map((row) => row['QUERY PLAN']),
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The database's size and its largest tables with their indexes and TOAST. */
export interface PostgresSize {
  databaseBytes: number;
  tables: { table: string; bytes: number; indexBytes: number }[];
}

export async function postgresSize(url: string): Promise<PostgresSize> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const database = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
    const tables = await client.query<{ table: string; bytes: string; index_bytes: string }>(`
      select c.relname as table, pg_total_relation_size(c.oid) as bytes, pg_indexes_size(c.oid) as index_bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = 'public'
      order by pg_total_relation_size(c.oid) desc limit 8`);
    return {
      databaseBytes: Number(database.rows[0]!.bytes),
      tables: tables.rows.map((row) => ({
        table: row.table,
        bytes: Number(row.bytes),
        indexBytes: Number(row.index_bytes),
      })),
    };
  } finally {
    await client.end();
  }
}
