import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { migrationState } from './migration-status.ts';
import { migrationProvider } from './migrations/index.ts';
import { PartialIndexLiterals } from './partial-index-literals.ts';
import { postgresPool } from './postgres-pool.ts';
import type { Database, Dialect } from './schema.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';

/** The store could not be opened; the message says what to fix, in one line. */
export class StoreUnavailableError extends Error {}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for messages: a file path or the PostgreSQL URL without its password. */
  location: string;
  /** PostgreSQL's pool as it is now (the metrics read it); SQLite has one connection and none. */
  connectionPool?: (() => { total: number; idle: number; waiting: number }) | undefined;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
}

/** Opens the database and runs the migrations it lacks (`migrations`: all of them, but for tests). */
export async function openDatabase(
  options: DatabaseOptions,
  migrations?: (dialect: Dialect) => MigrationProvider,
): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? await openPostgres(options.databaseUrl) : openSqlite(options.dataDir);
  await migrate(handle, (migrations ?? migrationProvider)(handle.dialect));
  return handle;
}

function openSqlite(dataDir: string): DatabaseHandle {
  const file = path.join(dataDir, 'ghad.sqlite');
  let sqlite: BetterSqlite3.Database;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MiB of page cache (the default is 2 MiB): uncached article reads were four times
    // slower going to the operating system for every page of a row.
    sqlite.pragma('cache_size = -65536');
    sqlite.prepare('select 1').get();
  } catch (error) {
    throw new StoreUnavailableError(
      `Cannot open the SQLite database at ${file} (${(error as Error).message}): check that GHAD_DATA_DIR points to a writable folder.`,
    );
  }
  return {
    db: new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins: [new PartialIndexLiterals()],
    }),
    dialect: 'sqlite',
    location: file,
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const safeUrl = url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  const pool = await postgresPool(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreUnavailableError(
      `Cannot connect to PostgreSQL at ${safeUrl} (${(error as Error).message}): start the server or fix DATABASE_URL.`,
    );
  }
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    location: safeUrl,
    connectionPool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/**
 * Migration numbers are handed out to branches before they merge, so a database may have run
 * 008-011 before 007 arrives: a missing lower number is run then, not refused as out of order.
 */
async function migrate(handle: DatabaseHandle, provider: MigrationProvider): Promise<void> {
  // A restart usually finds the database as this version left it: one read then, not the
  // Migrator's lock and its catalogue introspection (a dozen queries on PostgreSQL, 30-40 ms
  // of every start). Anything else (never migrated, behind, ahead) goes to the Migrator.
  const state = await migrationState(handle.db, provider).catch(() => undefined);
  if (state?.notRun.length === 0 && state.unknown.length === 0) return;
  const migrator = new Migrator({ db: handle.db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await handle.db.destroy();
    throw new StoreUnavailableError(
      `Migration ${failed} failed on ${handle.location}: ${(error as Error).message ?? String(error)}`,
    );
  }
}
