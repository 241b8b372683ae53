import { type Kysely, type MigrationProvider, sql } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { Database, Dialect } from './schema.ts';

/**
 * The migrations this version of Ghad has that the database has not run, in order: none once
 * it is up to date. A server opening the database runs them; another host of an older or
 * newer version may be serving meanwhile, which is what `/readyz` asks this for.
 * One read of Kysely's own table (not the introspection Migrator.getMigrations does).
 */
export async function pendingMigrations(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  return (await migrationState(db, migrationProvider(dialect))).notRun;
}

/**
 * The migrations of `provider` the database has not run, and those it has run that `provider`
 * does not know (a newer version's). Throws when the database has never been migrated.
 */
export async function migrationState(
  db: Kysely<Database>,
  provider: MigrationProvider,
): Promise<{ notRun: string[]; unknown: string[] }> {
  const known = Object.keys(await provider.getMigrations()).sort();
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const done = new Set(rows.map((row) => row.name));
  const knownSet = new Set(known);
  return { notRun: known.filter((name) => !done.has(name)), unknown: [...done].filter((name) => !knownSet.has(name)) };
}
