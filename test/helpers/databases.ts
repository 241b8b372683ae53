import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The PostgreSQL server the tests use; each test file creates and drops its own database on it. */
export const POSTGRES_ADMIN_URL = process.env.GHAD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty data directory for a SQLite store. */
export function temporaryDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-test-'));
}

/** Creates an empty PostgreSQL database; `drop()` removes it. */
export async function temporaryPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ghad_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The two stores every contract suite runs against. */
export const DIALECTS = ['sqlite', 'postgres'] as const;

/** Options for `openStore` on a fresh database of the given dialect, and its cleanup. */
export async function freshDatabase(
  dialect: (typeof DIALECTS)[number],
): Promise<{ options: { dataDir: string; databaseUrl?: string }; cleanup(): Promise<void> }> {
  const dataDir = temporaryDataDir();
  if (dialect === 'sqlite') {
    return { options: { dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const database = await temporaryPostgresDatabase();
  return {
    options: { dataDir, databaseUrl: database.url },
    cleanup: async () => {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
