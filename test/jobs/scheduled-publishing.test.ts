/**
 * Scheduling seen by a reader, on SQLite and PostgreSQL: an article scheduled a moment ahead
 * appears on its own page, its section page and the home page, which were cached before, once
 * the job loop has published it and the server has applied the purge it recorded (the loop
 * runs apart from the server, as in the primary process of a cluster).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { articlePath, sectionPath } from '../../src/web/site/urls.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';

const [DRAFT] = corpusDrafts(1);
const HEADLINE = 'وزارة الثقافة تعلن برنامج مهرجان قرطاج في ندوة صحفية';

for (const dialect of DIALECTS) {
  describe(`scheduled publishing seen by readers (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      app = await buildApp({
        config: testConfig({ dataDir: database.options.dataDir }),
        store,
        invalidationPollMs: 50,
      });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    it('a scheduled article reaches its page, its section and the home page after its time, not before', async () => {
      const section = (await store.taxonomy.sectionBySlug(DRAFT!.sectionSlug))!;
      const { id } = await store.newsroomArticles.create(PEOPLE.editor, { ...DRAFT!, headline: HEADLINE });
      const draft = (await store.articles.findById(id, { publishedOnly: false }))!;

      // Readers see nothing yet, and the lists are cached.
      assert.equal((await app.inject(articlePath(draft))).statusCode, 404);
      for (const path of ['/', sectionPath(section)]) {
        const first = await app.inject(path);
        assert.equal(first.statusCode, 200);
        assert.ok(!first.body.includes(HEADLINE));
        assert.equal((await app.inject(path)).headers['x-ghad-cache'], 'hit', `${path} is cached`);
      }

      const at = new Date(Date.now() + 1500);
      await store.newsroomArticles.transition(PEOPLE.editor, id, { action: 'schedule', at });
      const loop = new JobLoop({ store, timeZone: 'Africa/Casablanca', pollMs: 50 });
      loop.start();
      try {
        // A deadline for a stuck loop, not a measure of speed (bench:schedule measures that).
        const deadline = Date.now() + 60_000;
        let visibleAt = 0;
        for (;;) {
          const [article, home, list] = await Promise.all([
            app.inject(articlePath(draft)),
            app.inject('/'),
            app.inject(sectionPath(section)),
          ]);
          if (article.statusCode === 200 && home.body.includes(HEADLINE) && list.body.includes(HEADLINE)) {
            visibleAt = Date.now();
            assert.ok(article.body.includes(HEADLINE));
            break;
          }
          if (Date.now() > deadline) assert.fail('the scheduled article never reached the reader pages');
          await sleep(50);
        }
        assert.ok(visibleAt >= at.getTime(), 'not before its time');
      } finally {
        await loop.stop();
      }
    });
  });
}
