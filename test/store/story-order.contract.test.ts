/**
 * A story's hand order and its address, on SQLite and PostgreSQL: editors put articles first in
 * an order of their own (↑, ↓, to the top, back to the automatic order); readers' reads list
 * those first in that order, then the rest newest first; two editors moving at once both keep
 * their move; a story's slug changes, checked and unique, and every earlier address leads to it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import type { Actor } from '../../src/newsroom/policy.ts';
import { PermissionDeniedError } from '../../src/newsroom/policy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { movedOrder, STORY_HAND_ORDER_MAX } from '../../src/store/stories.ts';
import { StoryError } from '../../src/stories/story.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';

const RECORDS = jawharaRecords(8);

const storyError = (code: string, status: number) => (e: unknown) =>
  e instanceof StoryError && e.code === code && e.status === status && e.messageAr.length > 0;

describe('movedOrder', () => {
  it('moves within the hand order, joins it at its end, and leaves it', () => {
    assert.deepEqual(movedOrder([1, 2, 3], 3, 'top'), [3, 1, 2]);
    assert.deepEqual(movedOrder([1, 2, 3], 2, 'up'), [2, 1, 3]);
    assert.deepEqual(movedOrder([1, 2, 3], 1, 'up'), [1, 2, 3]);
    assert.deepEqual(movedOrder([1, 2, 3], 2, 'down'), [1, 3, 2]);
    // The last one moved down goes back to the automatic order; one there moved up joins at the end.
    assert.deepEqual(movedOrder([1, 2, 3], 3, 'down'), [1, 2]);
    assert.deepEqual(movedOrder([1, 2], 9, 'up'), [1, 2, 9]);
    assert.deepEqual(movedOrder([1, 2], 9, 'top'), [9, 1, 2]);
    assert.deepEqual(movedOrder([1, 2, 3], 2, 'auto'), [1, 3]);
    assert.deepEqual(movedOrder([1, 2], 9, 'down'), [1, 2]);
  });
});

for (const dialect of DIALECTS) {
  describe(`a story's hand order and address (${dialect})`, () => {
    let store: Store;
    let other: Store;
    let cleanup: () => Promise<void>;
    let editor: Actor;
    let colleague: Actor;
    let author: Actor;
    /** Published articles, newest first. */
    let newestFirst: number[];
    let storyId: number;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      const { accounts } = newsroomAccounts(store.db);
      const password = 'كلمة سر الترتيب';
      const make = async (email: string, displayName: string, role: 'editor' | 'author') =>
        ({ id: (await accounts.create({ email, displayName, role, password })).id, role }) as Actor;
      editor = await make('salma@alghad24.ma', 'سلمى بنعلي', 'editor');
      colleague = await make('hamza@alghad24.ma', 'حمزة العلوي', 'editor');
      author = await make('youssef@alghad24.ma', 'يوسف الإدريسي', 'author');
      await store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle));
      newestFirst = (await store.articles.listPublishedPage({ limit: 8 })).map((s) => s.id);
      assert.equal(newestFirst.length, 8);
      const story = await store.stories.create(editor, { title: 'الجوهرة الزرقاء', description: '' });
      storyId = story.id;
      for (const id of newestFirst) await store.stories.addArticle(editor, storyId, id);
      // PostgreSQL: a second pool, as another server would have. SQLite's one connection per
      // process serves both (two in one thread would wait on each other until busy_timeout).
      other = dialect === 'postgres' ? await openStore(database.options) : store;
    });
    after(async () => {
      if (other !== store) await other?.close();
      await store?.close();
      await cleanup?.();
    });

    it('lists the articles newest first while none is ordered by hand', async () => {
      assert.deepEqual(await store.stories.publishedIds(storyId, { limit: 20, offset: 0 }), newestFirst);
      assert.deepEqual(await store.stories.handOrderedPublishedIds(storyId), []);
    });

    it('puts the hand-ordered articles first, in their order, then the rest newest first', async () => {
      const [a, b, c] = [newestFirst[5]!, newestFirst[2]!, newestFirst[7]!];
      assert.deepEqual(await store.stories.moveArticle(editor, storyId, a, 'top'), { moved: true });
      assert.deepEqual(await store.stories.moveArticle(editor, storyId, b, 'up'), { moved: true });
      await store.stories.moveArticle(editor, storyId, c, 'top');
      // c, a, b by hand; then the others newest first.
      const rest = newestFirst.filter((id) => ![a, b, c].includes(id));
      assert.deepEqual(await store.stories.publishedIds(storyId, { limit: 20, offset: 0 }), [c, a, b, ...rest]);
      assert.deepEqual(await store.stories.publishedIds(storyId, { limit: 2, offset: 2 }), [b, rest[0]]);
      assert.deepEqual(await store.stories.handOrderedPublishedIds(storyId), [c, a, b]);
      // The newsroom sees the same order, with each one's place.
      const members = await store.stories.members(storyId);
      assert.deepEqual(
        members.slice(0, 4).map((m) => [m.id, m.position]),
        [
          [c, 0],
          [a, 1],
          [b, 2],
          [rest[0], null],
        ],
      );
      // ↓ on the first swaps it with the second; ↑ on the first changes nothing.
      await store.stories.moveArticle(editor, storyId, c, 'down');
      assert.deepEqual(await store.stories.handOrderedPublishedIds(storyId), [a, c, b]);
      assert.deepEqual(await store.stories.moveArticle(editor, storyId, a, 'up'), { moved: false });
      // Back to the automatic order: it takes its place by date again.
      await store.stories.moveArticle(editor, storyId, c, 'auto');
      assert.deepEqual(await store.stories.handOrderedPublishedIds(storyId), [a, b]);
      assert.deepEqual(await store.stories.publishedIds(storyId, { limit: 20, offset: 0 }), [
        a,
        b,
        ...newestFirst.filter((id) => id !== a && id !== b),
      ]);
      // The feed keeps the newest first whatever the hand order.
      assert.deepEqual(await store.stories.newestPublishedIds(storyId, 3), newestFirst.slice(0, 3));
    });

    it('closes the hand order up when an article leaves the story', async () => {
      const [a, b] = await store.stories.handOrderedPublishedIds(storyId);
      await store.stories.removeArticle(editor, storyId, a!);
      const members = await store.stories.members(storyId);
      assert.deepEqual(
        members.filter((m) => m.position !== null).map((m) => [m.id, m.position]),
        [[b, 0]],
      );
      await store.stories.addArticle(editor, storyId, a!);
      assert.equal((await store.stories.members(storyId)).find((m) => m.id === a)?.position, null);
    });

    it('keeps both moves of two editors moving at once', async () => {
      for (const id of await store.stories.handOrderedPublishedIds(storyId)) {
        await store.stories.moveArticle(editor, storyId, id, 'auto');
      }
      const [x, y, z] = [newestFirst[6]!, newestFirst[3]!, newestFirst[1]!];
      // Each reads the order and writes it again; without the lock one would overwrite the other.
      await Promise.all([
        store.stories.moveArticle(editor, storyId, x, 'top'),
        other.stories.moveArticle(colleague, storyId, y, 'top'),
        store.stories.moveArticle(editor, storyId, z, 'up'),
      ]);
      const hand = await store.stories.handOrderedPublishedIds(storyId);
      assert.deepEqual([...hand].sort(), [x, y, z].sort());
      const positions = (await store.stories.members(storyId)).flatMap((m) =>
        m.position === null ? [] : [m.position],
      );
      assert.deepEqual(
        positions.sort((p, q) => p - q),
        [0, 1, 2],
      );
    });

    it('refuses an article not in the story, an author, a move past the limit', async () => {
      const outsider = (
        await store.articles.upsertManyByExternalId([
          { ...jawharaArticle(RECORDS[0]!), externalId: 'jawhara-outside', slug: 'خارج-الملف' },
        ])
      )[0];
      assert.ok(outsider);
      await assert.rejects(
        store.stories.moveArticle(editor, storyId, outsider.id, 'top'),
        storyError('not_in_story', 409),
      );
      await assert.rejects(store.stories.moveArticle(author, storyId, newestFirst[0]!, 'top'), PermissionDeniedError);
      await assert.rejects(
        store.stories.moveArticle(editor, 999_999, newestFirst[0]!, 'top'),
        storyError('story_not_found', 404),
      );
      assert.ok(STORY_HAND_ORDER_MAX >= 3);
    });

    it("changes a story's slug; every earlier address leads to it, a taken or empty one is refused", async () => {
      const first = await store.stories.changeSlug(editor, storyId, '  الجوهرة الزرقاء: متابعة ');
      assert.equal(first.slug, 'الجوهرة-الزرقاء-متابعة');
      assert.deepEqual(await store.stories.bySlugOrOld('الجوهرة-الزرقاء'), { story: first, moved: true });
      await store.stories.changeSlug(editor, storyId, 'شفشاون');
      const now = (await store.stories.byId(storyId))!;
      assert.equal(now.slug, 'شفشاون');
      // A chain of two changes: both earlier addresses lead to the address now.
      assert.equal((await store.stories.bySlugOrOld('الجوهرة-الزرقاء'))?.story.slug, 'شفشاون');
      assert.equal((await store.stories.bySlugOrOld('الجوهرة-الزرقاء-متابعة'))?.story.slug, 'شفشاون');
      assert.deepEqual(await store.stories.bySlugOrOld('شفشاون'), { story: now, moved: false });
      assert.deepEqual(await store.redirects.addressesOfStory(storyId), [
        '/story/الجوهرة-الزرقاء',
        '/story/الجوهرة-الزرقاء-متابعة',
      ]);
      assert.deepEqual(await store.redirects.targetOf('/story/%D8%B4%D9%81%D8%B4%D8%A7%D9%88%D9%86'), undefined);
      assert.deepEqual(await store.redirects.targetOf('/story/الجوهرة-الزرقاء/'), { storyId });
      // An article's old addresses still lead to articles only.
      assert.equal(await store.redirects.articleFor('/story/الجوهرة-الزرقاء'), undefined);

      const another = await store.stories.create(editor, { title: 'الرباط', description: '' });
      await assert.rejects(store.stories.changeSlug(editor, storyId, 'الرباط'), storyError('story_slug_taken', 409));
      await assert.rejects(store.stories.changeSlug(editor, storyId, ' ؟! '), storyError('story_slug_empty', 400));
      await assert.rejects(store.stories.changeSlug(author, storyId, 'مدينة'), PermissionDeniedError);
      // A slug that was the first story's earlier address is free to take: it is the other story's now.
      const taken = await store.stories.changeSlug(editor, another.id, 'الجوهرة الزرقاء');
      assert.equal(taken.slug, 'الجوهرة-الزرقاء');
      assert.deepEqual(await store.stories.bySlugOrOld('الجوهرة-الزرقاء'), { story: taken, moved: false });
      assert.deepEqual(await store.redirects.addressesOfStory(storyId), ['/story/الجوهرة-الزرقاء-متابعة']);
      // Deleting a story takes its earlier addresses with it.
      await store.stories.remove(editor, storyId);
      assert.equal(await store.stories.bySlugOrOld('الجوهرة-الزرقاء-متابعة'), undefined);
    });
  });
}
