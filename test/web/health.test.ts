/**
 * /healthz says the process answers; /readyz says whether it should take readers: the database
 * answers and has every migration, the search index holds the published articles, and every
 * check another part added passes. Otherwise 503 with each reason in plain words. Neither is
 * ever cached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { Readiness } from '../../src/web/readiness.ts';
import { publishCorpus } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

for (const dialect of DIALECTS) {
  describe(`health and readiness (${dialect})`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let store: Store;
    let app: FastifyInstance;

    before(async () => {
      database = await freshDatabase(dialect);
      store = await openStore(database.options);
      await publishCorpus(store, 3);
      app = await buildApp({
        config: testConfig({ dataDir: database.options.dataDir }),
        store,
        invalidationPollMs: 0,
        audienceFlushMs: 0,
      });
      await app.ready();
    });

    after(async () => {
      await app.close();
      await store.close().catch(() => {});
      await database.cleanup();
    });

    it('answers /healthz with 200 {"status":"ok"}, never cached', async () => {
      const response = await app.inject('/healthz');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok' });
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['x-ghad-cache'], undefined, 'not through the page cache');
    });

    it('answers /readyz with 200 when the database, its migrations and the search index are ready', async () => {
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { status: 'ready' });
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.deepEqual(app.readiness.names.slice(0, 2), ['database', 'search index']);
    });

    it('answers 503 when the search index is empty while articles are published, saying how to rebuild it', async () => {
      await sql`delete from search_documents`.execute(store.db);
      try {
        const response = await app.inject('/readyz');
        assert.equal(response.statusCode, 503);
        assert.deepEqual(response.json(), {
          status: 'unready',
          reasons: ['search index: empty while published articles exist (rebuild it: npx ghad reindex)'],
        });
        assert.equal(response.headers['cache-control'], 'no-store');
      } finally {
        await store.search.rebuild();
      }
      assert.equal((await app.inject('/readyz')).statusCode, 200);
    });

    it('answers 503 naming the migrations the database has not run', async () => {
      const [last] = (
        await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(store.db)
      ).rows;
      await sql`delete from kysely_migration where name = ${last?.name}`.execute(store.db);
      try {
        const response = await app.inject('/readyz');
        assert.equal(response.statusCode, 503);
        assert.deepEqual(response.json().reasons, [
          `database: migrations not applied: ${last?.name} (a server of this version applies them when it starts)`,
        ]);
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${last?.name}, ${new Date().toISOString()})`.execute(
          store.db,
        );
      }
      assert.equal((await app.inject('/readyz')).statusCode, 200);
    });

    it('answers 503 when the database cannot be reached, and /healthz still 200', async () => {
      await store.close();
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 503);
      const { status, reasons } = response.json() as { status: string; reasons: string[] };
      assert.equal(status, 'unready');
      assert.match(reasons[0] ?? '', /^database: not reachable \(.+\)$/);
      assert.match(reasons[1] ?? '', /^search index: could not be read \(.+\)$/);
      assert.equal(reasons.length, 2);
      assert.equal((await app.inject('/healthz')).statusCode, 200);
    });
  });
}

describe('readiness checks other parts add', () => {
  it('takes a check in one line, and reports each failing one by name, in the order added', async () => {
    const readiness = new Readiness();
    readiness.add('database', () => ({ ok: true }));
    readiness.add('media storage', async () => ({ ok: false, reason: 'bucket "ghad-media" does not exist' }));
    readiness.add('cache nodes', async () => {
      throw new Error('connect ECONNREFUSED\n127.0.0.1:6081');
    });
    assert.deepEqual(await readiness.check(), {
      ready: false,
      reasons: [
        'media storage: bucket "ghad-media" does not exist',
        'cache nodes: failed (connect ECONNREFUSED 127.0.0.1:6081)',
      ],
    });
    assert.throws(() => readiness.add('database', () => ({ ok: true })), /already added/);
  });

  it('fails a check that does not answer in time, without waiting for it', async () => {
    const readiness = new Readiness({ timeoutMs: 20 });
    readiness.add('media storage', () => new Promise(() => {}));
    readiness.add('database', () => ({ ok: true }));
    assert.deepEqual(await readiness.check(), {
      ready: false,
      reasons: ['media storage: did not answer within 0.02 s'],
    });
  });

  it('puts an added check behind /readyz', async () => {
    const database = await freshDatabase('sqlite');
    const store = await openStore(database.options);
    const app = await buildApp({
      config: testConfig({ dataDir: database.options.dataDir }),
      store,
      invalidationPollMs: 0,
      audienceFlushMs: 0,
    });
    try {
      let answering = false;
      app.readiness.add('cache nodes', async () =>
        answering ? { ok: true } : { ok: false, reason: 'no cache node answers (http://127.0.0.1:6081)' },
      );
      const unready = await app.inject('/readyz');
      assert.equal(unready.statusCode, 503);
      assert.deepEqual(unready.json().reasons, ['cache nodes: no cache node answers (http://127.0.0.1:6081)']);
      answering = true;
      assert.equal((await app.inject('/readyz')).statusCode, 200);
    } finally {
      await app.close();
      await store.close();
      await database.cleanup();
    }
  });
});
