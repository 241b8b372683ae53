import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { type Kysely, sql } from 'kysely';
import { type DatabaseHandle, type DatabaseOptions, openDatabase, StoreUnavailableError } from '../store/database.ts';
import { migrationProvider } from '../store/migrations/index.ts';
import type { Database, Dialect } from '../store/schema.ts';
import { openStore } from '../store/store.ts';
import {
  BackupError,
  type BackupManifest,
  fileSha256,
  knownMigrations,
  readManifest,
  verifyFiles,
} from './backup-manifest.ts';
import { BACKUP_TABLES, LEFT_OUT_TABLES } from './backup-tables.ts';
import { ghadTables } from './write-backup.ts';

export interface RestoreSummary {
  articles: number;
  rows: number;
  tables: number;
  mediaFiles: number;
  /** Published articles indexed for search afterwards, and the seconds that took (of `seconds`). */
  indexed: number;
  indexSeconds: number;
  /** The dialect the backup was taken on, and the one restored into. */
  from: BackupManifest['dialect'];
  to: BackupManifest['dialect'];
  /** The migrations run on the restored rows: those of this Ghad that the backup's lacked. */
  migrated: string[];
  seconds: number;
}

/** Any table by name: the backup's tables are known from the manifest, not from the types. */
type AnyTables = Record<string, Record<string, unknown>>;

/** Parameters per insert, well under SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const PARAMETERS_PER_INSERT = 20_000;

/**
 * Restores the backup in `dir` into the database `database` names, which must hold no articles
 * and no users unless `replace` is given. Everything is checked before anything is written (the
 * manifest, the schema it was taken at, every file's checksum); the tables are then emptied and
 * filled in one transaction, PostgreSQL's id sequences moved past the restored ids, the image
 * files copied into the data directory (with `replace`, those of the newspaper replaced are
 * removed once the tables are in) and the search index rebuilt. A backup of an older Ghad goes
 * into a database brought to its migration, and the later migrations then run on its rows, as
 * they would have on the newsroom's own database. Sessions are not in a backup: everyone signs
 * in again.
 */
export async function restoreBackup(
  database: DatabaseOptions,
  dir: string,
  options: {
    replace?: boolean;
    /** Rows restored so far, then articles indexed for search so far. */
    onProgress?: (done: number, total: number) => void;
    onIndexProgress?: (done: number, total: number) => void;
  } = {},
): Promise<RestoreSummary> {
  const started = performance.now();
  const manifest = await readManifest(dir);
  await verifyFiles(dir, manifest);
  const later = (await knownMigrations()).filter((name) => name > manifest.migration);
  const handle = await openDatabaseAt(database, manifest.migration, later.length > 0);
  const mediaFiles = manifest.files.filter((f) => f.path.startsWith('media/'));
  const total = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  try {
    await checkTables(handle.db, dir, manifest);
    await checkEmpty(handle, options.replace ?? false);
    await copyMediaFiles(dir, mediaFiles, database.dataDir);
    await restoreTables(handle, dir, manifest, options.onProgress);
  } finally {
    await handle.db.destroy();
  }
  if (options.replace) removeOtherMediaFiles(database.dataDir, new Set(mediaFiles.map((f) => f.path)));

  // Runs the migrations the backup lacked, and opens the newspaper as it is served.
  const store = await openStore(database);
  try {
    // Servers running on this database drop every cached page.
    await store.cacheInvalidations.record(['*']);
    const indexing = performance.now();
    const indexed = await store.search.rebuild(options.onIndexProgress);
    return {
      articles: manifest.tables.find((t) => t.name === 'articles')?.rows ?? 0,
      rows: total,
      tables: manifest.tables.length,
      mediaFiles: mediaFiles.length,
      indexed,
      indexSeconds: (performance.now() - indexing) / 1000,
      from: manifest.dialect,
      to: store.dialect,
      migrated: later,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await store.close();
  }
}

/**
 * Opens the database at the backup's migration: all of this Ghad's when the backup is of this
 * Ghad, else those up to the backup's (a database that already ran later ones cannot take it).
 */
async function openDatabaseAt(database: DatabaseOptions, migration: string, older: boolean): Promise<DatabaseHandle> {
  if (!older) return openDatabase(database);
  const upToBackup = (dialect: Dialect) => ({
    async getMigrations() {
      const all = await migrationProvider(dialect).getMigrations();
      return Object.fromEntries(Object.entries(all).filter(([name]) => name <= migration));
    },
  });
  try {
    return await openDatabase(database, upToBackup);
  } catch (error) {
    if (error instanceof StoreUnavailableError && /corrupted migrations/.test(error.message)) {
      throw new BackupError(
        `The backup was made by an older Ghad (migration ${migration}) and the database has run later migrations: restore it into a new, empty database. Nothing was restored.`,
      );
    }
    throw error;
  }
}

/** Empties the tables and fills them from the backup's files, in one transaction. */
async function restoreTables(
  handle: DatabaseHandle,
  dir: string,
  manifest: BackupManifest,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const total = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  let done = 0;
  onProgress?.(0, total);
  const present = new Set((await ghadTables(handle.db)).map((t) => t.name));
  await handle.db.transaction().execute(async (trx) => {
    const db = trx as unknown as Kysely<AnyTables>;
    for (const table of Object.keys(LEFT_OUT_TABLES)) {
      if (table !== 'cache_invalidations' && present.has(table)) await db.deleteFrom(table).execute();
    }
    const tables = BACKUP_TABLES.filter((table) => manifest.tables.some((t) => t.name === table.name));
    for (const table of [...tables].reverse()) await db.deleteFrom(table.name).execute();
    for (const table of tables) {
      const entry = manifest.tables.find((t) => t.name === table.name) as BackupManifest['tables'][number];
      const deferred: [unknown, unknown][] = [];
      const batchSize = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / entry.columns.length));
      let batch: Record<string, unknown>[] = [];
      const insert = async () => {
        if (batch.length > 0) await db.insertInto(table.name).values(batch).execute();
        done += batch.length;
        onProgress?.(done, total);
        batch = [];
      };
      const lines = readline.createInterface({ input: fs.createReadStream(path.join(dir, entry.file)) });
      for await (const line of lines) {
        if (line === '') continue;
        const row = JSON.parse(line) as Record<string, unknown>;
        // A section may sit under one in a later batch (a later insert): its parent is set once all are in.
        if (table.selfReference && row[table.selfReference] !== null) {
          deferred.push([row.id, row[table.selfReference]]);
          row[table.selfReference] = null;
        }
        batch.push(row);
        if (batch.length >= batchSize) await insert();
      }
      await insert();
      for (const [id, reference] of deferred) {
        await db
          .updateTable(table.name)
          .set({ [table.selfReference as string]: reference })
          .where('id', '=', id)
          .execute();
      }
      // New rows must not take a restored id: identity columns do not see explicit ids.
      if (handle.dialect === 'postgres' && table.key.length === 1 && table.key[0] === 'id') {
        await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table.name)}`.execute(
          trx,
        );
      }
    }
  });
}

/**
 * Every table of the backup's schema is in it (a table a later migration created may be
 * missing: the migration makes it), with columns the database has.
 */
async function checkTables(db: Kysely<Database>, dir: string, manifest: BackupManifest): Promise<void> {
  const tables = await ghadTables(db);
  for (const table of BACKUP_TABLES) {
    const entry = manifest.tables.find((t) => t.name === table.name);
    const columns = tables.find((t) => t.name === table.name)?.columns.map((c) => c.name);
    if (!entry) {
      if (columns === undefined) continue;
      throw new BackupError(`${dir} is damaged: it has no ${table.name} table. Nothing was restored.`);
    }
    const missing = entry.columns.filter((c) => !columns?.includes(c));
    if (missing.length > 0) {
      throw new BackupError(
        `${dir} has columns the database lacks (${table.name}: ${missing.join(', ')}): restore it with the Ghad that made it.`,
      );
    }
    if (!manifest.files.some((f) => f.path === entry.file)) {
      throw new BackupError(`${dir} is damaged: ${entry.file} has no checksum in the manifest. Nothing was restored.`);
    }
  }
  const unknown = manifest.tables.filter((t) => !BACKUP_TABLES.some((b) => b.name === t.name));
  if (unknown.length > 0) {
    throw new BackupError(`${dir} has tables this Ghad does not know (${unknown.map((t) => t.name).join(', ')}).`);
  }
}

async function checkEmpty(handle: DatabaseHandle, replace: boolean): Promise<void> {
  if (replace) return;
  const count = async (table: 'articles' | 'users') => {
    const row = await handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  const [articles, users] = [await count('articles'), await count('users')];
  if (articles > 0 || users > 0) {
    throw new BackupError(
      `The database at ${handle.location} is not empty (${articles.toLocaleString('en-US')} articles, ${users.toLocaleString('en-US')} users): restore into an empty one, or add --replace to replace its newspaper with the backup.`,
    );
  }
}

/**
 * Copies the backup's image files into the data directory's media folder. A file already there
 * with the same content is left alone (paths are content hashes); each is written under a
 * temporary name and renamed, so a reader never sees half of one.
 */
async function copyMediaFiles(dir: string, files: BackupManifest['files'], dataDir: string): Promise<void> {
  for (const entry of files) {
    const relative = entry.path.slice('media/'.length);
    const target = path.join(dataDir, 'media', ...relative.split('/'));
    if (fs.existsSync(target) && (await fileSha256(target)) === entry.sha256) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.restoring-${process.pid}`;
    fs.copyFileSync(path.join(dir, entry.path), partial);
    fs.renameSync(partial, target);
  }
}

/** Removes the image files of the newspaper a restore replaced: those the backup does not have. */
function removeOtherMediaFiles(dataDir: string, kept: ReadonlySet<string>): void {
  const root = path.join(dataDir, 'media');
  if (!fs.existsSync(root)) return;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile()) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep);
    if (relative[0] === '.incoming' || kept.has(['media', ...relative].join('/'))) continue;
    fs.rmSync(path.join(entry.parentPath, entry.name));
  }
}
