import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql, type TableMetadata } from 'kysely';
import type { Database, Dialect } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  type BackupManifest,
  MANIFEST_FILE,
  sha256,
} from './backup-manifest.ts';
import { BACKUP_TABLES, type BackupTable, isLeftOut } from './backup-tables.ts';

export interface BackupSummary {
  dir: string;
  articles: number;
  rows: number;
  tables: number;
  mediaFiles: number;
  /** All the backup's files together. */
  bytes: number;
  seconds: number;
}

/** Rows per read: pages along the primary key, so memory stays flat whatever the table's size. */
const PAGE = 1000;

/**
 * Writes a backup of the newspaper into `dir`, a folder that must not exist yet (or be empty):
 * one JSON Lines file per table (tables/<name>.jsonl, every column of every row in key order),
 * the image files (media/, as under the data directory) and manifest.json. The tables are read
 * in one transaction, so they agree with each other while the newsroom keeps working. The
 * folder holds password hashes: it is created readable by its owner only (0700, files 0600).
 */
export async function writeBackup(
  store: Store,
  dataDir: string,
  dir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<BackupSummary> {
  const started = performance.now();
  const target = path.resolve(dir);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
    throw new BackupError(`${target} already exists and is not an empty folder: give a new folder for the backup.`);
  }
  const tablesColumns = await backedUpColumns(store.db);
  const migration = await lastMigration(store.db);
  // Written beside the target and renamed when complete: a failed backup leaves no half folder.
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.join(partial, 'tables'), { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(partial, 0o700);
    const files: BackupManifest['files'] = [];
    const tables: BackupManifest['tables'] = [];
    const read = store.db.transaction();
    await (store.dialect === 'postgres' ? read.setIsolationLevel('repeatable read') : read).execute(async (trx) => {
      const total = await countRows(trx, tablesColumns);
      let done = 0;
      onProgress?.(0, total);
      for (const table of BACKUP_TABLES) {
        const columns = tablesColumns.get(table.name) as string[];
        const file = `tables/${table.name}.jsonl`;
        const lines = readRows(trx, store.dialect, table, columns, (n) => {
          done += n;
          onProgress?.(done, total);
        });
        const { rows, bytes, hash } = await writeTableFile(path.join(partial, file), lines);
        tables.push({ name: table.name, file, rows, columns });
        files.push({ path: file, bytes, sha256: hash });
      }
    });
    const media = copyMediaFiles(path.join(dataDir, 'media'), path.join(partial, 'media'));
    files.push(...media);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      migration,
      dialect: store.dialect,
      createdAt: new Date().toISOString(),
      tables,
      media: { files: media.length, bytes: media.reduce((sum, f) => sum + f.bytes, 0) },
      files,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    fs.writeFileSync(path.join(partial, MANIFEST_FILE), manifestText, { mode: 0o600 });
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(partial, target);
    return {
      dir: target,
      articles: tables.find((t) => t.name === 'articles')?.rows ?? 0,
      rows: tables.reduce((sum, t) => sum + t.rows, 0),
      tables: tables.length,
      mediaFiles: media.length,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0) + Buffer.byteLength(manifestText),
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The columns of every table a backup carries, as the database has them (in their order). A
 * table this code neither backs up nor knows to leave out stops the backup: it would be lost.
 */
export async function backedUpColumns(db: Kysely<Database>): Promise<Map<string, string[]>> {
  const tables = await ghadTables(db);
  const unknown = tables.filter((t) => !isLeftOut(t.name) && !BACKUP_TABLES.some((b) => b.name === t.name));
  if (unknown.length > 0) {
    throw new BackupError(
      `The database has tables a backup does not know (${unknown.map((t) => t.name).join(', ')}): upgrade Ghad.`,
    );
  }
  const columns = new Map<string, string[]>();
  for (const table of BACKUP_TABLES) {
    const found = tables.find((t) => t.name === table.name);
    if (!found) throw new BackupError(`The database has no ${table.name} table: is it a Ghad database?`);
    columns.set(
      table.name,
      found.columns.map((c) => c.name),
    );
  }
  return columns;
}

/**
 * The tables of Ghad's schema. On PostgreSQL that is the current schema (usually public):
 * the database may hold other schemas, which are none of Ghad's business.
 */
export async function ghadTables(db: Kysely<Database>): Promise<TableMetadata[]> {
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView);
  if (!tables.some((t) => t.schema !== undefined)) return tables;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return tables.filter((t) => t.schema === rows[0]?.schema);
}

/** The newest migration the database has run. */
export async function lastMigration(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(
    db,
  );
  const name = rows[0]?.name;
  if (!name) throw new BackupError('The database has no migrations recorded: is it a Ghad database?');
  return name;
}

async function countRows(db: Kysely<Database>, tables: Map<string, string[]>): Promise<number> {
  let total = 0;
  for (const table of BACKUP_TABLES) {
    if (!tables.has(table.name)) continue;
    const where = table.onlyWhereNull ? sql`where ${sql.ref(table.onlyWhereNull)} is null` : sql``;
    const { rows } = await sql<{
      count: number | string;
    }>`select count(*) as count from ${sql.table(table.name)} ${where}`.execute(db);
    total += Number(rows[0]?.count ?? 0);
  }
  return total;
}

/** The rows of one table in key order, a page at a time, as the lines of its file. */
async function* readRows(
  db: Kysely<Database>,
  dialect: Dialect,
  table: BackupTable,
  columns: readonly string[],
  onRows: (count: number) => void,
): AsyncGenerator<string> {
  const keyPart = (column: string, value?: unknown) => {
    const expression = value === undefined ? sql.ref(column) : sql`${value}`;
    return dialect === 'postgres' && table.textKey?.includes(column) ? sql`${expression} collate "C"` : expression;
  };
  const order = sql.join(table.key.map((column) => keyPart(column)));
  const selected = sql.join(columns.map((column) => sql.ref(column)));
  const only = table.onlyWhereNull ? sql`${sql.ref(table.onlyWhereNull)} is null` : sql`1 = 1`;
  let last: Record<string, unknown> | undefined;
  for (;;) {
    const after = last
      ? sql`and (${order}) > (${sql.join(table.key.map((column) => keyPart(column, last?.[column])))})`
      : sql``;
    const { rows } = await sql<Record<string, unknown>>`
      select ${selected} from ${sql.table(table.name)} where ${only} ${after} order by ${order} limit ${PAGE}`.execute(
      db,
    );
    for (const row of rows) yield `${JSON.stringify(backupRow(table, columns, row))}\n`;
    onRows(rows.length);
    if (rows.length < PAGE) return;
    last = rows.at(-1);
  }
}

/** One row as a backup writes it: the columns in the table's order, times as ISO 8601 in UTC. */
function backupRow(table: BackupTable, columns: readonly string[], row: Record<string, unknown>): object {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column];
    out[column] = value !== null && table.timestamps.includes(column) ? isoTime(value) : value;
  }
  return out;
}

/** SQLite keeps the text that was written and PostgreSQL gives a Date: both become toISOString()'s form. */
function isoTime(value: unknown): unknown {
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

async function writeTableFile(
  file: string,
  lines: AsyncIterable<string>,
): Promise<{ rows: number; bytes: number; hash: string }> {
  const fd = fs.openSync(file, 'w', 0o600);
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let buffered: string[] = [];
  const flush = () => {
    const chunk = Buffer.from(buffered.join(''));
    fs.writeSync(fd, chunk);
    hash.update(chunk);
    bytes += chunk.length;
    buffered = [];
  };
  try {
    for await (const line of lines) {
      buffered.push(line);
      rows += 1;
      if (buffered.length >= PAGE) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { rows, bytes, hash: hash.digest('hex') };
}

/**
 * Copies the image files (every file under the media folder but uploads in progress) in path
 * order; returns their manifest entries, paths relative to the backup.
 */
function copyMediaFiles(from: string, to: string): BackupManifest['files'] {
  if (!fs.existsSync(from)) return [];
  const relativePaths = (fs.readdirSync(from, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(from, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !relative.split(path.sep).includes('.incoming'))
    .sort();
  return relativePaths.map((relative) => {
    const data = fs.readFileSync(path.join(from, relative));
    const file = path.join(to, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, data, { mode: 0o600 });
    return { path: ['media', ...relative.split(path.sep)].join('/'), bytes: data.length, sha256: sha256(data) };
  });
}
