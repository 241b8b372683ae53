/**
 * Home page pins and breaking news on SQLite and PostgreSQL: editors only, published articles
 * only, purges written to the outbox (the home page for pins; every page for the banner, now
 * and when it expires).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { PermissionDeniedError } from '../../src/newsroom/policy.ts';
import { CurationError } from '../../src/store/curation.ts';
import { ArticleNotFoundError } from '../../src/store/newsroom-articles.ts';
import { OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';

const DRAFTS = corpusDrafts(4);

async function pendingPurges(store: Store) {
  const rows = await store.db
    .selectFrom('outbox')
    .select(['payload', 'available_at'])
    .where('topic', '=', OUTBOX_TOPICS.pagesPurge)
    .where('processed_at', 'is', null)
    .orderBy('available_at')
    .execute();
  return rows.map((r) => ({ tags: JSON.parse(r.payload).tags as string[], at: new Date(r.available_at) }));
}

for (const dialect of DIALECTS) {
  describe(`curation (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let published: number[];
    let draft: number;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      published = [];
      for (const d of DRAFTS.slice(0, 3)) {
        const { id } = await store.newsroomArticles.create(PEOPLE.editor, d);
        await store.newsroomArticles.transition(PEOPLE.editor, id, { action: 'publish' });
        published.push(id);
      }
      draft = (await store.newsroomArticles.create(PEOPLE.editor, DRAFTS[3]!)).id;
      await new JobLoop({ store, timeZone: 'Africa/Casablanca' }).runDue();
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('editors pin and order the top stories; the home page is purged', async () => {
      const [a, b, c] = published as [number, number, number];
      await store.curation.setHomePins(PEOPLE.editor, [c, a]);
      assert.deepEqual(await store.curation.homePins(), [c, a]);
      assert.deepEqual(
        (await store.articles.pinnedOnHome()).map((s) => s.id),
        [c, a],
      );
      assert.deepEqual(await pendingPurges(store), [{ tags: ['home'], at: (await pendingPurges(store))[0]!.at }]);
      await store.curation.setHomePins(PEOPLE.editor, [a, b, c]);
      assert.deepEqual(await store.curation.homePins(), [a, b, c]);
    });

    it('refuses pins that are not allowed, and changes nothing', async () => {
      const [a, b] = published as [number, number];
      const before = await store.curation.homePins();
      await assert.rejects(store.curation.setHomePins(PEOPLE.author, [a]), PermissionDeniedError);
      await assert.rejects(
        store.curation.setHomePins(PEOPLE.editor, [a, draft]),
        (e: unknown) => e instanceof CurationError && e.code === 'article_not_published' && e.status === 400,
      );
      await assert.rejects(
        store.curation.setHomePins(PEOPLE.editor, [a, a]),
        (e: unknown) => e instanceof CurationError && e.code === 'duplicate_pin',
      );
      await assert.rejects(
        store.curation.setHomePins(
          PEOPLE.editor,
          Array.from({ length: 11 }, (_, i) => i + 1),
        ),
        (e: unknown) => e instanceof CurationError && e.code === 'too_many_pins',
      );
      await assert.rejects(store.curation.setHomePins(PEOPLE.editor, [b, 987654]), ArticleNotFoundError);
      assert.deepEqual(await store.curation.homePins(), before);
    });

    it('breaking news: a banner until its time, its pages purged now and when it expires', async () => {
      const [a] = published as [number];
      await new JobLoop({ store, timeZone: 'Africa/Casablanca' }).runDue();
      const now = new Date();
      const until = new Date(now.getTime() + 2 * 60 * 60 * 1000);
      await assert.rejects(store.curation.markBreaking(PEOPLE.author, a, until, now), PermissionDeniedError);
      await assert.rejects(
        store.curation.markBreaking(PEOPLE.editor, a, new Date(now.getTime() - 1000), now),
        (e: unknown) => e instanceof CurationError && e.code === 'breaking_until_invalid',
      );
      await assert.rejects(
        store.curation.markBreaking(PEOPLE.editor, a, new Date(now.getTime() + 73 * 60 * 60 * 1000), now),
        (e: unknown) => e instanceof CurationError && e.code === 'breaking_until_too_far',
      );
      await assert.rejects(
        store.curation.markBreaking(PEOPLE.editor, draft, until, now),
        (e: unknown) => e instanceof CurationError && e.code === 'article_not_published',
      );
      assert.deepEqual(await store.curation.breakingNews(now), []);

      await store.curation.markBreaking(PEOPLE.editor, a, until, now);
      const breaking = await store.curation.breakingNews(now);
      assert.deepEqual(
        breaking.map((s) => [s.id, s.breakingUntil.getTime()]),
        [[a, until.getTime()]],
      );
      assert.deepEqual(await store.curation.breakingNews(new Date(until.getTime() + 1)), [], 'expired');
      const purges = await pendingPurges(store);
      assert.deepEqual(
        purges.map((p) => p.tags),
        [['breaking'], ['breaking']],
      );
      assert.equal(purges[1]!.at.getTime(), until.getTime(), 'the second purge waits for the expiry');

      const loop = new JobLoop({ store, timeZone: 'Africa/Casablanca' });
      await loop.runDue(() => new Date(now.getTime() + 1000));
      assert.equal((await pendingPurges(store)).length, 1);
      await loop.runDue(() => new Date(until.getTime() + 1000));
      assert.equal((await pendingPurges(store)).length, 0);
      const everything = await store.db
        .selectFrom('cache_invalidations')
        .select('tags')
        .where('tags', '=', '["breaking"]')
        .execute();
      assert.equal(everything.length, 2);

      // A breaking article that leaves the site takes the banner with it.
      await store.curation.markBreaking(PEOPLE.editor, a, until, now);
      await loop.runDue(() => new Date(now.getTime() + 1000));
      await store.newsroomArticles.transition(PEOPLE.editor, a, { action: 'unpublish' });
      assert.deepEqual(await store.curation.breakingNews(now), []);
      // (Unpublishing also purges the pages of the article's entities: left out here.)
      assert.deepEqual(
        (await pendingPurges(store)).map((p) => p.tags).filter((tags) => tags.includes('breaking')),
        [['breaking'], ['breaking']],
        'purged now, and again at the old expiry',
      );
    });

    it('editors order the home page’s section blocks: every section once; a section not named follows', async () => {
      const sections = await store.taxonomy.sections();
      const navigation = sections.map((s) => s.id);
      assert.deepEqual(await store.curation.homeSectionOrder(), navigation, 'navigation order until told');
      const reversed = [...navigation].reverse();
      await assert.rejects(store.curation.setHomeSectionOrder(PEOPLE.author, reversed), PermissionDeniedError);
      for (const bad of [reversed.slice(1), [...reversed, reversed[0]!], [...reversed.slice(1), 987654]]) {
        await assert.rejects(
          store.curation.setHomeSectionOrder(PEOPLE.editor, bad),
          (e: unknown) => e instanceof CurationError && e.code === 'section_order_invalid' && /قسم/.test(e.messageAr),
        );
      }
      assert.deepEqual(await store.curation.homeSectionOrder(), navigation, 'refusals change nothing');
      await store.curation.setHomeSectionOrder(PEOPLE.editor, reversed);
      assert.deepEqual(await store.curation.homeSectionOrder(), reversed);
      // A section the order does not name yet (one added later) comes after the named ones.
      await store.db.deleteFrom('home_sections').where('section_id', '=', reversed[0]!).execute();
      assert.deepEqual(await store.curation.homeSectionOrder(), [...reversed.slice(1), reversed[0]]);
      const purges = await pendingPurges(store);
      assert.ok(
        purges.some((p) => p.tags.includes('home')),
        'the home page is purged',
      );
    });

    it('an editor ends breaking news early', async () => {
      const [, b] = published as [number, number];
      const now = new Date();
      await store.curation.markBreaking(PEOPLE.editor, b, new Date(now.getTime() + 60_000), now);
      assert.equal((await store.curation.breakingNews(now)).length, 1);
      await store.curation.clearBreaking(PEOPLE.editor, b);
      assert.deepEqual(await store.curation.breakingNews(now), []);
      await assert.rejects(store.curation.clearBreaking(PEOPLE.editor, 987654), ArticleNotFoundError);
    });
  });
}
