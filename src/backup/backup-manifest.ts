import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrationProvider } from '../store/migrations/index.ts';
import type { Dialect } from '../store/schema.ts';

/** A backup that cannot be written or restored; the message says what to do, in one line. */
export class BackupError extends Error {}

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'ghad-backup';
export const BACKUP_VERSION = 1;

/**
 * What `manifest.json` says of a backup: the schema it was taken at, where from, the tables
 * with their row counts and columns, and every file with its size and SHA-256, so that a
 * restore refuses a backup that changed since.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** Ghad's last migration in the database backed up. */
  migration: string;
  dialect: Dialect;
  createdAt: string;
  tables: { name: string; file: string; rows: number; columns: string[] }[];
  media: { files: number; bytes: number };
  files: { path: string; bytes: number; sha256: string }[];
}

/** The migrations this Ghad knows, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider('sqlite').getMigrations()).sort();
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads and checks the manifest of the backup in `dir`: its format, and a schema this Ghad knows (the same or older). */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${MANIFEST_FILE}` : 'unreadable manifest';
    throw new BackupError(`${dir} is not a Ghad backup (${reason}): give the folder "npx ghad backup" wrote.`);
  }
  if (manifest?.format !== BACKUP_FORMAT || !Array.isArray(manifest.tables) || !Array.isArray(manifest.files)) {
    throw new BackupError(`${dir} is not a Ghad backup (${MANIFEST_FILE} is not a backup manifest).`);
  }
  if (manifest.version !== BACKUP_VERSION) {
    throw new BackupError(
      `${dir} is a backup of format version ${manifest.version}; this Ghad restores version ${BACKUP_VERSION}: upgrade Ghad.`,
    );
  }
  const migrations = await knownMigrations();
  const latest = migrations.at(-1);
  if (!migrations.includes(manifest.migration)) {
    throw new BackupError(
      `${dir} was made by a newer Ghad (migration ${manifest.migration}; this one stops at ${latest}): upgrade Ghad, then restore.`,
    );
  }
  return manifest;
}

/** Checks every file of the backup against the manifest (size and SHA-256); throws on the first that differs. */
export async function verifyFiles(dir: string, manifest: BackupManifest): Promise<void> {
  const root = path.resolve(dir);
  for (const entry of manifest.files) {
    const file = path.resolve(root, entry.path);
    if (!file.startsWith(`${root}${path.sep}`)) {
      throw new BackupError(`${dir} is damaged: ${MANIFEST_FILE} names a file outside the backup (${entry.path}).`);
    }
    let bytes: number;
    try {
      bytes = fs.statSync(file).size;
    } catch {
      throw new BackupError(`${dir} is damaged: ${entry.path} is missing. Nothing was restored.`);
    }
    if (bytes !== entry.bytes || (await fileSha256(file)) !== entry.sha256) {
      throw new BackupError(
        `${dir} is damaged: ${entry.path} does not match its checksum in ${MANIFEST_FILE}. Nothing was restored.`,
      );
    }
  }
}
