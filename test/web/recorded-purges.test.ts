/**
 * Purges recorded in cache_invalidations reach a server's page cache once each: at its next
 * look (here never: the poll is an hour), or at once when the job loop's process or the
 * supervisor asks it to look (applyRecordedPurges); purgePages goes through the same record,
 * so the timer's next look does not purge the same pages a second time.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { cacheTags } from '../../src/web/cache-tags.ts';
import { publishCorpus } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir, temporaryPostgresDatabase } from '../helpers/databases.ts';

let dataDir: string;
let store: Store;
let app: FastifyInstance;
let purges: string[][];

before(async () => {
  dataDir = temporaryDataDir();
  store = await openStore({ dataDir });
  await publishCorpus(store, 5);
  app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 60 * 60 * 1000 });
  await app.ready();
  purges = [];
  const purge = app.pageCache.purge.bind(app.pageCache);
  app.pageCache.purge = (tags) => {
    purges.push([...tags]);
    return purge(tags);
  };
});

after(async () => {
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cacheState = async (url: string) => String((await app.inject(url)).headers['x-ghad-cache']);

describe('recorded purges', () => {
  it('applies a purge another process recorded when asked to look, and only then', async () => {
    assert.equal(await cacheState('/'), 'miss');
    assert.equal(await cacheState('/'), 'hit');
    await store.cacheInvalidations.record([cacheTags.home]);
    assert.equal(await cacheState('/'), 'hit', 'not applied before the next look');
    await app.applyRecordedPurges();
    assert.deepEqual(purges, [[cacheTags.home]]);
    assert.equal(await cacheState('/'), 'miss');
  });

  it('applies each record once, however often it is asked, and purgePages once too', async () => {
    purges.length = 0;
    await store.cacheInvalidations.record([cacheTags.section(1)]);
    await Promise.all([app.applyRecordedPurges(), app.applyRecordedPurges(), app.applyRecordedPurges()]);
    await app.purgePages([cacheTags.tag(1)]);
    await app.applyRecordedPurges();
    assert.deepEqual(purges, [[cacheTags.section(1)], [cacheTags.tag(1)]]);
  });

  it('applies a record written during a look once, at the next look', async () => {
    purges.length = 0;
    const looking = app.applyRecordedPurges();
    await store.cacheInvalidations.record([cacheTags.author(1)]);
    await looking;
    await app.applyRecordedPurges();
    assert.deepEqual(purges, [[cacheTags.author(1)]]);
  });
});

describe('recorded purges on PostgreSQL', () => {
  it('applies a purge whose transaction commits after a later one was read (ids are drawn before commit)', async () => {
    const database = await temporaryPostgresDatabase();
    const pgStore = await openStore({ dataDir, databaseUrl: database.url });
    const pgApp = await buildApp({
      config: testConfig({ dataDir, databaseUrl: database.url }),
      store: pgStore,
      invalidationPollMs: 60 * 60 * 1000,
    });
    try {
      await pgApp.ready();
      const applied: string[][] = [];
      const purge = pgApp.pageCache.purge.bind(pgApp.pageCache);
      pgApp.pageCache.purge = (tags) => {
        applied.push([...tags]);
        return purge(tags);
      };
      let commit!: () => void;
      const held = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let recorded!: () => void;
      const written = new Promise<void>((resolve) => {
        recorded = resolve;
      });
      // The first purge takes its id, then waits to commit while a second commits.
      const slow = pgStore.db.transaction().execute(async (trx) => {
        await pgStore.cacheInvalidations.recordWithin(trx, [cacheTags.section(2)]);
        recorded();
        await held;
      });
      await written;
      await pgStore.cacheInvalidations.record([cacheTags.home]);
      await pgApp.applyRecordedPurges();
      assert.deepEqual(applied, [[cacheTags.home]]);
      commit();
      await slow;
      await pgApp.applyRecordedPurges();
      assert.deepEqual(applied, [[cacheTags.home], [cacheTags.section(2)]], 'the late purge is applied, once');
      await pgApp.applyRecordedPurges();
      assert.equal(applied.length, 2);
    } finally {
      await pgApp.close();
      await pgStore.close();
      await database.drop();
    }
  });
});
