/**
 * The job loop on SQLite and PostgreSQL: scheduled articles are published exactly once, at
 * their time and not before, across a restart of the loop (and, on PostgreSQL, with two loops
 * at once); a rescheduled or withdrawn article follows its latest schedule; a failing message
 * is retried later without holding up the others.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ArticleDraft } from '../../src/content/article-draft.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { enqueue, OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DRAFTS = corpusDrafts(20);
const TIME_ZONE = 'Africa/Casablanca';

/** Waits for `condition`, checking every 50 ms, failing after a generous `timeoutMs`. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

function draft(n: number): ArticleDraft {
  const base = DRAFTS[n % DRAFTS.length]!;
  return { ...base, headline: `${base.headline} (${n + 1})` };
}

async function createDrafts(store: Store, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 0; n < count; n++) ids.push((await store.newsroomArticles.create(PEOPLE.editor, draft(n))).id);
  return ids;
}

async function publishedCount(store: Store, ids: number[]): Promise<number> {
  const row = await store.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('id', 'in', ids)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Publications recorded per article: exactly one each is the bar. */
async function publications(store: Store, ids: number[]) {
  const rows = await store.db
    .selectFrom('article_transitions')
    .select(['article_id', 'created_at'])
    .where('action', '=', 'publish')
    .where('article_id', 'in', ids)
    .execute();
  return rows.map((r) => ({ articleId: r.article_id, at: new Date(r.created_at) }));
}

for (const dialect of DIALECTS) {
  describe(`job loop (${dialect})`, () => {
    let options: { dataDir: string; databaseUrl?: string };
    let cleanup: () => Promise<void>;
    let store: Store;

    before(async () => {
      const database = await freshDatabase(dialect);
      options = database.options;
      cleanup = database.cleanup;
      store = await openStore(options);
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('200 articles scheduled across a restart are each published exactly once, at their time', async (t) => {
      const ids = await createDrafts(store, 200);
      // Due 20 ms apart, over four seconds from an hour ahead; the loops' clock is then moved so
      // that the first is due a second after they start, however long scheduling took. The
      // restart falls in the middle.
      const start = Date.now() + 60 * 60 * 1000;
      const due = new Map<number, Date>();
      for (const [n, id] of ids.entries()) {
        const at = new Date(start + n * 20);
        due.set(id, at);
        await store.newsroomArticles.transition(PEOPLE.editor, id, { action: 'schedule', at });
      }
      assert.equal(await publishedCount(store, ids), 0);

      const offset = start - 1000 - Date.now();
      const clock = () => new Date(Date.now() + offset);
      // The first loop's clock stops in the middle of the schedule, so that however busy the
      // machine is, the restart comes after the first half (101 articles) and before the rest.
      const middle = start + 2000;
      const firstClock = () => new Date(Math.min(clock().getTime(), middle));
      const first = new JobLoop({ store, timeZone: TIME_ZONE, pollMs: 50, clock: firstClock });
      first.start();
      await until('the first half is published', async () => (await publishedCount(store, ids)) >= 101);
      await first.stop();
      const restartedAt = clock().getTime();
      await store.close();
      store = await openStore(options);
      const publishedBeforeRestart = await publishedCount(store, ids);
      assert.equal(publishedBeforeRestart, 101, 'the restart fell in the middle');

      const second = new JobLoop({ store, timeZone: TIME_ZONE, pollMs: 50, clock });
      second.start();
      try {
        await until('all are published', async () => (await publishedCount(store, ids)) === 200);
        await until('the outbox is empty', async () => (await store.outbox.pendingCount()) === 0);
      } finally {
        await second.stop();
      }

      const published = await publications(store, ids);
      assert.equal(published.length, 200, 'one publication per article, none doubled');
      assert.equal(new Set(published.map((p) => p.articleId)).size, 200);
      let latest = 0;
      let latestBeforeRestart = 0;
      for (const { articleId, at } of published) {
        if (at.getTime() < restartedAt)
          latestBeforeRestart = Math.max(latestBeforeRestart, at.getTime() - due.get(articleId)!.getTime());
        const scheduled = due.get(articleId)!;
        assert.ok(at.getTime() >= scheduled.getTime(), `article ${articleId} went out before its time`);
        latest = Math.max(latest, at.getTime() - scheduled.getTime());
        assert.ok(at.getTime() - scheduled.getTime() < 30_000, 'published within a generous bound');
      }
      t.diagnostic(
        `published before the restart: ${publishedBeforeRestart}, at most ${latestBeforeRestart} ms after their time; ` +
          `latest of all (some were due while the loop was stopped): ${latest} ms`,
      );
      const rows = await store.db
        .selectFrom('articles')
        .select(['id', 'published_at'])
        .where('id', 'in', ids)
        .execute();
      for (const row of rows) {
        assert.equal(new Date(row.published_at!).getTime(), due.get(row.id)!.getTime(), 'dated at its scheduled time');
      }
      const failures = await store.db.selectFrom('outbox').select('id').where('last_error', 'is not', null).execute();
      assert.deepEqual(failures, []);
      // Each publication purged its pages.
      const purged = new Set(
        (await store.db.selectFrom('cache_invalidations').select('tags').execute()).flatMap(
          (r) => JSON.parse(r.tags) as string[],
        ),
      );
      for (const id of ids) assert.ok(purged.has(`article:${id}`), `article ${id} was not purged`);
    });

    it('follows the latest schedule: a rescheduled article goes out once, a withdrawn one never', async () => {
      const [moved, withdrawn] = await createDrafts(store, 2);
      const now = Date.now();
      const first = new Date(now + 60 * 60 * 1000);
      const later = new Date(now + 2 * 60 * 60 * 1000);
      const { editor } = PEOPLE;
      await store.newsroomArticles.transition(editor, moved!, { action: 'schedule', at: first });
      await store.newsroomArticles.transition(editor, moved!, { action: 'schedule', at: later });
      await store.newsroomArticles.transition(editor, withdrawn!, { action: 'schedule', at: first });
      await store.newsroomArticles.transition(editor, withdrawn!, { action: 'withdraw' });
      assert.equal((await store.newsroomArticles.ownership(withdrawn!))?.status, 'draft');

      const loop = new JobLoop({ store, timeZone: TIME_ZONE });
      // Nothing is due yet.
      await loop.runDue(() => new Date(now));
      assert.equal(await publishedCount(store, [moved!, withdrawn!]), 0);
      // The first time passes: the old schedule does nothing.
      await loop.runDue(() => new Date(first.getTime() + 1000));
      assert.equal(await publishedCount(store, [moved!, withdrawn!]), 0);
      await loop.runDue(() => new Date(later.getTime() + 1000));
      assert.equal(await publishedCount(store, [moved!, withdrawn!]), 1);
      const article = await store.articles.findById(moved!, { publishedOnly: true });
      assert.equal(article?.publishedAt?.getTime(), later.getTime());
      assert.equal((await publications(store, [moved!, withdrawn!])).length, 1);
      // Running again finds nothing left to do.
      assert.equal(await loop.runDue(() => new Date(later.getTime() + 5000)), 0);
    });

    it('a failing message is retried later and does not hold up the others', async () => {
      const now = new Date();
      await store.db
        .insertInto('outbox')
        .values({
          topic: 'no.such.topic',
          article_id: null,
          payload: '{}',
          available_at: new Date(now.getTime() - 1000).toISOString(),
          created_at: now.toISOString(),
        })
        .execute();
      const [id] = await createDrafts(store, 1);
      await store.newsroomArticles.transition(PEOPLE.editor, id!, { action: 'publish' });
      const errors: unknown[] = [];
      const loop = new JobLoop({ store, timeZone: TIME_ZONE, onError: (error) => errors.push(error) });
      await loop.runDue();
      assert.equal(errors.length, 1);
      const failed = await store.db
        .selectFrom('outbox')
        .select(['attempts', 'last_error', 'processed_at', 'available_at'])
        .where('topic', '=', 'no.such.topic')
        .executeTakeFirstOrThrow();
      assert.equal(failed.attempts, 1);
      assert.match(failed.last_error ?? '', /Unknown outbox topic/);
      assert.equal(failed.processed_at, null);
      assert.ok(new Date(failed.available_at).getTime() > now.getTime(), 'tried again later');
      const change = await store.db
        .selectFrom('outbox')
        .select('processed_at')
        .where('article_id', '=', id!)
        .where('topic', '=', OUTBOX_TOPICS.articleChanged)
        .executeTakeFirstOrThrow();
      assert.notEqual(change.processed_at, null, 'the publication’s purge went through');
      await store.db.deleteFrom('outbox').where('topic', '=', 'no.such.topic').execute();
    });

    it('wake() runs a round at once instead of at the next poll', async () => {
      const purged: string[][] = [];
      // The loop's clock starts in 2000, when nothing is due: its first round (at start) reads it
      // once and ends; after it the loop sleeps ten minutes. Whenever that round ends, it cannot
      // take the message below, however slow the machine.
      let now = new Date('2000-01-01T00:00:00Z');
      let clockReads = 0;
      const clock = () => {
        clockReads++;
        return now;
      };
      const loop = new JobLoop({
        store,
        timeZone: TIME_ZONE,
        pollMs: 600_000,
        clock,
        onPurge: (tags) => purged.push(tags),
      });
      loop.start();
      await until('the first round has looked', async () => clockReads > 0);
      await store.db
        .transaction()
        .execute((trx) =>
          enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId: null, payload: { tags: ['wake-test'] } }),
        );
      now = new Date(Date.now() + 1000);
      await sleep(300);
      assert.equal(purged.length, 0, 'nothing runs before the next poll');
      loop.wake();
      await until('the purge ran', async () => purged.some((tags) => tags.includes('wake-test')));
      await loop.stop();
    });

    it('forgets done messages after a week, keeps newer ones and pending ones', async () => {
      const day = 24 * 60 * 60 * 1000;
      const now = Date.now();
      for (const [topic, processed] of [
        ['old', now - 8 * day],
        ['recent', now - day],
        ['pending', null],
      ] as const) {
        await store.db
          .insertInto('outbox')
          .values({
            topic: `test.${topic}`,
            article_id: null,
            payload: '{}',
            available_at: new Date(now + day).toISOString(),
            created_at: new Date(now - 9 * day).toISOString(),
            processed_at: processed === null ? null : new Date(processed).toISOString(),
          })
          .execute();
      }
      const loop = new JobLoop({ store, timeZone: TIME_ZONE });
      loop.start();
      await loop.stop();
      const left = await store.db.selectFrom('outbox').select('topic').where('topic', 'like', 'test.%').execute();
      assert.deepEqual(left.map((r) => r.topic).sort(), ['test.pending', 'test.recent']);
      await store.db.deleteFrom('outbox').where('topic', 'like', 'test.%').execute();
    });

    it('a loop killed (SIGKILL) in the middle loses and doubles nothing: the next one finishes the work', async () => {
      const ids = await createDrafts(store, 100);
      const start = Date.now() + 60 * 60 * 1000;
      for (const [n, id] of ids.entries()) {
        await store.newsroomArticles.transition(PEOPLE.editor, id, {
          action: 'schedule',
          at: new Date(start + n * 20),
        });
      }
      const offset = start - 1000 - Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/fixtures/job-loop-process.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          GHAD_DATA_DIR: options.dataDir,
          DATABASE_URL: options.databaseUrl ?? '',
          GHAD_TEST_CLOCK_OFFSET_MS: String(offset),
          // It never gets past the first three quarters, so it is killed before the end.
          GHAD_TEST_CLOCK_STOP: String(start + 1500),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await until('the other process has published some', async () => (await publishedCount(store, ids)) >= 20);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      const beforeCrash = await publishedCount(store, ids);
      assert.ok(beforeCrash < 100, 'killed in the middle');

      const loop = new JobLoop({ store, timeZone: TIME_ZONE, pollMs: 20, clock: () => new Date(Date.now() + offset) });
      loop.start();
      try {
        await until('all are published', async () => (await publishedCount(store, ids)) === 100);
        await until('the outbox is empty', async () => (await store.outbox.pendingCount()) === 0);
      } finally {
        await loop.stop();
      }
      const published = await publications(store, ids);
      assert.equal(published.length, 100);
      assert.equal(new Set(published.map((p) => p.articleId)).size, 100);
    });

    if (dialect === 'postgres') {
      it('two loops at once (two servers) publish each article exactly once', async () => {
        const ids = await createDrafts(store, 100);
        const start = Date.now() + 60 * 60 * 1000;
        for (const [n, id] of ids.entries()) {
          await store.newsroomArticles.transition(PEOPLE.editor, id, {
            action: 'schedule',
            at: new Date(start + n * 5),
          });
        }
        const other = await openStore(options);
        const offset = start - 500 - Date.now();
        const clock = () => new Date(Date.now() + offset);
        const loops = [
          new JobLoop({ store, timeZone: TIME_ZONE, pollMs: 20, clock }),
          new JobLoop({ store: other, timeZone: TIME_ZONE, pollMs: 20, clock }),
        ];
        for (const loop of loops) loop.start();
        try {
          await until('all are published', async () => (await publishedCount(store, ids)) === 100);
          await until('the outbox is empty', async () => (await store.outbox.pendingCount()) === 0);
        } finally {
          for (const loop of loops) await loop.stop();
          await other.close();
        }
        const published = await publications(store, ids);
        assert.equal(published.length, 100);
        assert.equal(new Set(published.map((p) => p.articleId)).size, 100);
      });
    }
  });
}
