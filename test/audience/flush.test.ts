import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Audience } from '../../src/audience/audience.ts';
import { loggedQuery, SearchCounter } from '../../src/audience/search-counter.ts';
import { hourOf, ViewCounter } from '../../src/audience/view-counter.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';

describe('counting views in memory', () => {
  it('keys views by article and UTC hour, asks whether an id is published once a minute', async () => {
    let now = new Date('2026-11-29T08:59:59.000Z');
    const asked: number[] = [];
    const counter = new ViewCounter(
      async (id) => {
        asked.push(id);
        return id === 7;
      },
      () => now,
    );
    assert.equal(await counter.count(7), true);
    assert.equal(await counter.count(7), true);
    assert.equal(await counter.count(8), false);
    assert.equal(await counter.count(8), false);
    now = new Date('2026-11-29T09:00:30.000Z');
    assert.equal(await counter.count(7), true);
    assert.deepEqual(asked, [7, 8], 'each id is looked up once within the minute');
    assert.equal(counter.pending, 3);
    assert.deepEqual(counter.take(), [
      { articleId: 7, hour: '2026-11-29T08:00:00.000Z', views: 2 },
      { articleId: 7, hour: '2026-11-29T09:00:00.000Z', views: 1 },
    ]);
    assert.equal(counter.pending, 0, 'taking empties the counter');
    now = new Date('2026-11-29T09:02:00.000Z');
    await counter.count(7);
    assert.deepEqual(asked, [7, 8, 7], 'looked up again after a minute');
    assert.equal(hourOf(new Date('2026-11-29T23:59:59.999Z')), '2026-11-29T23:00:00.000Z');
  });

  it('logs searches per Casablanca day, readable and without harakat, zero results apart', () => {
    // 23:30 UTC on 31 December 2021 was already 1 January 2022 in Casablanca (+01 then, under
    // every rule set since 2018; since 20 September 2026 Morocco is on +00).
    const counter = new SearchCounter('Africa/Casablanca', () => new Date('2021-12-31T23:30:00.000Z'));
    counter.record('  الْمَغْرِب  ', 12);
    counter.record('المغرب', 3);
    counter.record('زرافة   قطبية', 0);
    counter.record('   ', 0);
    assert.deepEqual(counter.take(), [
      { day: '2022-01-01', query: 'المغرب', searches: 2, zeroResults: 0 },
      { day: '2022-01-01', query: 'زرافة قطبية', searches: 1, zeroResults: 1 },
    ]);
    assert.equal(loggedQuery('أ'.repeat(300)).length, 100);
  });
});

describe('flushing to the database', () => {
  let store: Store;
  let ids: number[];
  before(async () => {
    store = await openStore({ dataDir: temporaryDataDir() });
    ids = await importSampleNewspaper(store, { dated: 3, undated: 0, recent: 2 });
  });
  after(async () => {
    await store?.close();
  });

  it('adds each flush to the hour (one upsert per article and hour), and keeps counts a failed flush could not write', async () => {
    const audience = new Audience(store, 'Africa/Casablanca');
    const id = ids[0] as number;
    for (let i = 0; i < 3; i++) await audience.views.count(id);
    audience.searches.record('الانتخابات', 4);
    await audience.flush();
    await audience.views.count(id);
    await audience.flush();
    const rows = await store.db.selectFrom('article_views').selectAll().where('article_id', '=', id).execute();
    // One row per hour (two only if the test ran across the hour).
    assert.ok(rows.length === 1 || rows.length === 2);
    assert.equal(
      rows.reduce((sum, r) => sum + r.views, 0),
      4,
    );

    // The database refuses a write: nothing is lost, the next flush writes it.
    await audience.views.count(id);
    audience.searches.record('الانتخابات', 0);
    const addViews = store.audience.addViews.bind(store.audience);
    store.audience.addViews = async () => {
      throw new Error('database is locked');
    };
    await assert.rejects(audience.flush(), /locked/);
    assert.equal(audience.views.pending, 1, 'the view is kept for the next flush');
    store.audience.addViews = addViews;
    await audience.flush();
    const after = await store.db.selectFrom('article_views').select('views').where('article_id', '=', id).execute();
    assert.equal(
      after.reduce((sum, r) => sum + r.views, 0),
      5,
    );
    const searches = await store.db.selectFrom('search_log').selectAll().execute();
    assert.equal(searches.length, 1);
    assert.equal(searches[0]?.searches, 2);
    assert.equal(searches[0]?.zero_results, 1);
  });
});
