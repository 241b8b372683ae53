import { OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import type { Store } from '../../src/store/store.ts';

/** The page purges written to the outbox and not yet done, oldest first: each one's tags. */
export async function pendingPurges(store: Store): Promise<string[][]> {
  const rows = await store.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', OUTBOX_TOPICS.pagesPurge)
    .where('processed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => (JSON.parse(r.payload) as { tags: string[] }).tags);
}

/** pendingPurges, then every message marked done (as the job loop would), so the next call sees only what came after. */
export async function takePendingPurges(store: Store, doneAt = new Date()): Promise<string[][]> {
  const purges = await pendingPurges(store);
  await store.db.updateTable('outbox').set({ processed_at: doneAt.toISOString() }).execute();
  return purges;
}
