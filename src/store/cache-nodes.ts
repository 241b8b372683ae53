import type { Kysely } from 'kysely';
import { type Database, toDate } from './schema.ts';

/** How far one cache node has received the purges recorded in cache_invalidations. */
export interface CacheNodeProgress {
  /** Every purge up to this id was answered by the node. */
  acknowledgedId: number;
  /** Later purges also answered (sent past an id not yet seen), in order. */
  acknowledgedBeyond: number[];
  /** The node must drop everything before anything else. */
  fullPurge: boolean;
}

/** What claiming a node gave: its progress and failures, or why another time. */
export type CacheNodeClaim =
  | { claimed: true; progress: CacheNodeProgress; failures: number }
  | { claimed: false; reason: 'leased' | 'backing-off' | 'unknown'; until: Date | undefined };

/**
 * The cache nodes' cursors over cache_invalidations (migration 016), shared by every app host:
 * a node is claimed with a lease before purges are sent to it, so that one process at a time
 * sends them; its progress is written as the node answers.
 */
export class CacheNodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds a node, if it is not there yet, at `latestId`: it starts by dropping everything (what it
   * holds may predate any purge it could be sent).
   */
  async add(node: string, latestId: number, now: Date): Promise<void> {
    await this.db
      .insertInto('cache_nodes')
      .values({ node, acknowledged_id: latestId, full_purge: 1, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('node').doNothing())
      .execute();
  }

  /** The node's progress, read without claiming it (a plain read: nothing to send costs no write). */
  async progress(node: string): Promise<(CacheNodeProgress & { retryAt: Date | undefined }) | undefined> {
    const row = await this.db
      .selectFrom('cache_nodes')
      .select(['acknowledged_id', 'acknowledged_beyond', 'full_purge', 'retry_at'])
      .where('node', '=', node)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      acknowledgedId: row.acknowledged_id,
      acknowledgedBeyond: JSON.parse(row.acknowledged_beyond) as number[],
      fullPurge: row.full_purge === 1,
      retryAt: row.retry_at === null ? undefined : toDate(row.retry_at),
    };
  }

  /**
   * Claims the node for `owner` until `now + leaseMs`, unless another owner's lease runs or its
   * next attempt is not due. One statement: of two hosts claiming at once, one gets it.
   */
  async claim(node: string, owner: string, now: Date, leaseMs: number): Promise<CacheNodeClaim> {
    const at = now.toISOString();
    const row = await this.db
      .updateTable('cache_nodes')
      .set({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('node', '=', node)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at), eb('lease_owner', '=', owner)]))
      .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', at)]))
      .returning(['acknowledged_id', 'acknowledged_beyond', 'full_purge', 'failures'])
      .executeTakeFirst();
    if (row) {
      return {
        claimed: true,
        failures: row.failures,
        progress: {
          acknowledgedId: row.acknowledged_id,
          acknowledgedBeyond: JSON.parse(row.acknowledged_beyond) as number[],
          fullPurge: row.full_purge === 1,
        },
      };
    }
    const held = await this.db
      .selectFrom('cache_nodes')
      .select(['lease_owner', 'lease_until', 'retry_at'])
      .where('node', '=', node)
      .executeTakeFirst();
    if (!held) return { claimed: false, reason: 'unknown', until: undefined };
    const retryAt = held.retry_at === null ? undefined : toDate(held.retry_at);
    if (retryAt && retryAt > now) return { claimed: false, reason: 'backing-off', until: retryAt };
    return {
      claimed: false,
      reason: 'leased',
      until: held.lease_until === null ? undefined : toDate(held.lease_until),
    };
  }

  /**
   * Writes the node's progress and keeps the lease `leaseMs` longer; false when the lease was
   * lost. `fullPurgeDone`: the node has just dropped everything.
   */
  async advance(
    node: string,
    owner: string,
    progress: CacheNodeProgress & { fullPurgeDone?: boolean },
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('cache_nodes')
      .set({
        ...progressColumns(progress),
        failures: 0,
        retry_at: null,
        last_error: null,
        lease_until: new Date(now.getTime() + leaseMs).toISOString(),
        updated_at: now.toISOString(),
      })
      .where('node', '=', node)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Ends the lease, with the node's progress; after a failure, the time of the next attempt. */
  async release(
    node: string,
    owner: string,
    progress: CacheNodeProgress,
    now: Date,
    failure?: { failures: number; retryAt: Date; error: string },
  ): Promise<void> {
    await this.db
      .updateTable('cache_nodes')
      .set({
        ...progressColumns(progress),
        failures: failure?.failures ?? 0,
        retry_at: failure?.retryAt.toISOString() ?? null,
        last_error: failure?.error.slice(0, 1000) ?? null,
        lease_owner: null,
        lease_until: null,
        updated_at: now.toISOString(),
      })
      .where('node', '=', node)
      .where('lease_owner', '=', owner)
      .execute();
  }
}

/**
 * The progress columns. `full_purge` is only ever cleared here, by the sender that dropped
 * everything: pruning may set it meanwhile, and must not be overwritten by a sender's older copy.
 */
function progressColumns(progress: CacheNodeProgress & { fullPurgeDone?: boolean }) {
  return {
    acknowledged_id: progress.acknowledgedId,
    acknowledged_beyond: JSON.stringify(progress.acknowledgedBeyond),
    ...(progress.fullPurgeDone ? { full_purge: 0 } : {}),
  };
}
