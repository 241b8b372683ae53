import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * `cache_nodes`: how far each HTTP cache in front of Ghad (a Varnish named in GHAD_PURGE_URLS)
 * has received the purges recorded in cache_invalidations, so that a node down for a while
 * gets the purges it missed (src/jobs/cache-node-purger.ts).
 *
 * - `acknowledged_id`: every purge up to this id was answered 200 by the node;
 *   `acknowledged_beyond`: JSON array of later ids also answered (sent past a gap in the ids).
 * - `full_purge`: 1 when the node must drop everything first (a new node; purges it missed
 *   were pruned).
 * - `lease_owner`/`lease_until`: the one process sending to the node now, on any host.
 * - `failures`, `retry_at`, `last_error`: the backoff after failed sends.
 */
export function cacheNodesSchema(dialect: Dialect) {
  const { timestamp } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cache_nodes')
        .addColumn('node', 'text', (c) => c.primaryKey())
        .addColumn('acknowledged_id', 'integer', (c) => c.notNull())
        .addColumn('acknowledged_beyond', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('full_purge', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', timestamp)
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('retry_at', timestamp)
        .addColumn('last_error', 'text')
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
