import type { Kysely } from 'kysely';
import { type Database, type Dialect, toDate } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/**
 * Page-cache purges written to the database, so that a purge made by one process (an
 * import on the command line, another app server) reaches every server's cache.
 */
export class CacheInvalidationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async record(tags: readonly string[]): Promise<void> {
    await this.recordWithin(this.db, tags);
  }

  /** Records a purge inside the caller's transaction (the job loop's, with the work that caused it). */
  async recordWithin(trx: Kysely<Database>, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    await trx
      .insertInto('cache_invalidations')
      .values({ tags: JSON.stringify([...new Set(tags)]), created_at: new Date().toISOString() })
      .execute();
  }

  async latestId(): Promise<number> {
    const row = await this.db
      .selectFrom('cache_invalidations')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /** Purges recorded after `afterId`, oldest first, up to `limit`. */
  async since(afterId: number, limit = 1000): Promise<{ id: number; tags: string[]; createdAt: Date }[]> {
    const rows = await this.db
      .selectFrom('cache_invalidations')
      .select(['id', 'tags', 'created_at'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      tags: JSON.parse(row.tags) as string[],
      createdAt: toDate(row.created_at),
    }));
  }

  /** The purges among `ids` recorded by now (ids skipped earlier: on PostgreSQL, committed late). */
  async withIds(ids: readonly number[]): Promise<{ id: number; tags: string[] }[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('cache_invalidations')
      .select(['id', 'tags'])
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, tags: JSON.parse(row.tags) as string[] }));
  }

  /** How many purges were recorded after `afterId`, and the last one's id (0 when none). */
  async countSince(afterId: number): Promise<{ count: number; latestId: number }> {
    const row = await this.db
      .selectFrom('cache_invalidations')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('id').as('max')])
      .where('id', '>', afterId)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), latestId: Number(row?.max ?? 0) };
  }

  /**
   * Forgets purges older than `maxAgeMs`; every server has long applied them. Those a cache
   * node (cache_nodes) has not acknowledged yet are kept for it, up to `keepForNodesMs`: a node
   * that misses purges older than that drops everything instead when it is back.
   */
  async prune(maxAgeMs: number, keepForNodesMs = 7 * 24 * 60 * 60 * 1000, now = new Date()): Promise<void> {
    const cutoff = new Date(now.getTime() - maxAgeMs).toISOString();
    const hardCutoff = new Date(now.getTime() - Math.max(maxAgeMs, keepForNodesMs)).toISOString();
    // Reads, then writes what it read: the write lock first (another process may be writing).
    await writeTransaction(this.db, this.dialect, async (trx) => {
      const oldest = await trx
        .selectFrom('cache_invalidations')
        .select((eb) => eb.fn.max('id').as('max'))
        .where('created_at', '<', hardCutoff)
        .executeTakeFirst();
      const lastForgotten = Number(oldest?.max ?? 0);
      if (lastForgotten > 0) {
        await trx
          .updateTable('cache_nodes')
          .set({ full_purge: 1 })
          .where('acknowledged_id', '<', lastForgotten)
          .execute();
      }
      const nodes = await trx
        .selectFrom('cache_nodes')
        .select((eb) => eb.fn.min('acknowledged_id').as('min'))
        .executeTakeFirst();
      const keepAfter = nodes?.min === null || nodes?.min === undefined ? undefined : Number(nodes.min);
      await trx
        .deleteFrom('cache_invalidations')
        .where((eb) =>
          eb.or([
            eb('created_at', '<', hardCutoff),
            keepAfter === undefined
              ? eb('created_at', '<', cutoff)
              : eb.and([eb('created_at', '<', cutoff), eb('id', '<=', keepAfter)]),
          ]),
        )
        .execute();
    });
  }
}
