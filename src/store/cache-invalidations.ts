import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Page-cache purges written to the database, so that a purge made by one process (an
 * import on the command line, another app server) reaches every server's cache.
 */
export class CacheInvalidationRepository {
  constructor(private readonly db: Kysely<Database>) {}

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

  /** Purges recorded after `afterId`, oldest first. */
  async since(afterId: number): Promise<{ id: number; tags: string[] }[]> {
    const rows = await this.db
      .selectFrom('cache_invalidations')
      .select(['id', 'tags'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(1000)
      .execute();
    return rows.map((row) => ({ id: row.id, tags: JSON.parse(row.tags) as string[] }));
  }

  /** Forgets purges older than `maxAgeMs`; every server has long applied them. */
  async prune(maxAgeMs: number): Promise<void> {
    const cutoff = new Date(Date.now() - maxAgeMs).toISOString();
    await this.db.deleteFrom('cache_invalidations').where('created_at', '<', cutoff).execute();
  }
}
