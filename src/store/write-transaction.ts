import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from './schema.ts';

/**
 * A transaction that holds the write lock before its first read, for work that reads and then
 * writes what it read. SQLite: BEGIN IMMEDIATE on the one connection (waiting out another
 * process's write under busy_timeout), since a deferred transaction that read first cannot
 * write after another process's commit (SQLITE_BUSY_SNAPSHOT, at once, whatever the timeout);
 * PostgreSQL: an ordinary transaction, whose reads lock the rows they ask to.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
