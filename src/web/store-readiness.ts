import { sql } from 'kysely';
import { indexIsMissing } from '../search/rebuild.ts';
import { pendingMigrations } from '../store/migration-status.ts';
import type { Store } from '../store/store.ts';
import { oneLine, type Readiness, type ReadinessResult } from './readiness.ts';

/**
 * What the store must be for this server to take readers: the database answers a trivial
 * query and has run every migration of this version, and the search index holds the published
 * articles (a database from before it, or one a migration emptied, is rebuilt by `serve` or
 * `npx ghad reindex`).
 */
export function addStoreChecks(readiness: Readiness, store: Store): void {
  readiness.add('database', () => databaseReady(store));
  readiness.add('search index', () => searchIndexReady(store));
}

async function databaseReady(store: Store): Promise<ReadinessResult> {
  try {
    await sql`select 1`.execute(store.db);
  } catch (error) {
    return { ok: false, reason: `not reachable (${oneLine(error)})` };
  }
  const pending = await pendingMigrations(store.db, store.dialect);
  if (pending.length > 0) {
    return {
      ok: false,
      reason: `migrations not applied: ${pending.join(', ')} (a server of this version applies them when it starts)`,
    };
  }
  return { ok: true };
}

async function searchIndexReady(store: Store): Promise<ReadinessResult> {
  try {
    if (await indexIsMissing(store.db)) {
      return { ok: false, reason: 'empty while published articles exist (rebuild it: npx ghad reindex)' };
    }
  } catch (error) {
    return { ok: false, reason: `could not be read (${oneLine(error)})` };
  }
  return { ok: true };
}
