import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.ts';
import { freshDatabase } from '../helpers/databases.ts';

// Two hosts on one PostgreSQL: two editors file articles signed by a new byline at the same
// moment. Each transaction inserts the author the other cannot see yet; the second must get
// the first one's author, not fail its whole write on the unique slug.

let store: Store;
let cleanup: () => Promise<void>;
before(async () => {
  const database = await freshDatabase('postgres');
  cleanup = database.cleanup;
  store = await openStore(database.options);
});
after(async () => {
  await store.close();
  await cleanup();
});

/** Resolves once some other connection waits on a lock (the second insert, on the first's slug). */
async function someoneWaitsOnALock(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`.execute(store.db);
    if (rows[0]!.waiting > 0) return;
    if (Date.now() > deadline) throw new Error('The second transaction never waited on the first.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of ['author', 'tag'] as const) {
  test(`two transactions adding the same new ${kind} at once both get the one ${kind}`, async () => {
    const name = kind === 'author' ? 'هيئة التحرير المشتركة' : 'الأسواق الجماعية';
    const add = (db: Parameters<Store['taxonomy']['findOrCreateTag']>[0]) =>
      kind === 'author'
        ? store.taxonomy.findOrCreateAuthor(db, name, 'organization')
        : store.taxonomy.findOrCreateTag(db, name);
    let second: Promise<number> | undefined;
    const first = await store.db.transaction().execute(async (trx) => {
      const id = await add(trx);
      // Begun while the first is open: it cannot see the first's row, and its insert waits on it.
      second = store.db.transaction().execute((other) => add(other));
      await someoneWaitsOnALock();
      return id;
    });
    assert.equal(await second, first);
    const table = kind === 'author' ? 'authors' : 'tags';
    const rows = await store.db.selectFrom(table).select('id').where('name', '=', name).execute();
    assert.deepEqual(
      rows.map((r) => r.id),
      [first],
    );
  });
}

test('a byline added by another write between this one’s look and its insert is taken, not added twice', async () => {
  const name = 'خلية التحقق المشتركة';
  let looked!: () => void;
  const secondLooked = new Promise<void>((resolve) => {
    looked = resolve;
  });
  let firstCommitted!: Promise<number>;
  // The second write's first read (the name, not there yet) waits for the first write's commit.
  let reads = 0;
  const waitingAfterItsLook = store.db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      if (reads++ === 0) {
        looked();
        await firstCommitted;
      }
      return args.result;
    },
  });
  const second = waitingAfterItsLook
    .transaction()
    .execute((trx) => store.taxonomy.findOrCreateAuthor(trx, name, 'organization'));
  firstCommitted = store.db.transaction().execute(async (trx) => {
    await secondLooked;
    return store.taxonomy.findOrCreateAuthor(trx, name, 'organization');
  });
  const first = await firstCommitted;
  assert.equal(await second, first);
  const rows = await store.db.selectFrom('authors').select('id').where('name', '=', name).execute();
  assert.equal(rows.length, 1);
});
