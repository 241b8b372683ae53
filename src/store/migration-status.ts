import { type Kysely, sql } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { Database, Dialect } from './schema.ts';

/**
 * The migrations this version of Ghad has that the database has not run, in order: none once
 * it is up to date. A server opening the database runs them; another host of an older or
 * newer version may be serving meanwhile, which is what `/readyz` asks this for.
 * One read of Kysely's own table (not the introspection Migrator.getMigrations does).
 */
export async function pendingMigrations(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const known = Object.keys(await migrationProvider(dialect).getMigrations()).sort();
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const done = new Set(rows.map((row) => row.name));
  return known.filter((name) => !done.has(name));
}
