/**
 * Live coverage on SQLite and PostgreSQL: an editor starts a coverage, posts entries (the
 * article body's blocks), marks key events, pins one on top, edits (the text before kept) and
 * deletes (kept too); two editors saving the same entry get a 409 with both texts kept; every
 * change is numbered in the article's sequence and purges its live pages through the outbox;
 * an article that is not live takes no entry; an author may not run another's coverage;
 * entries go with their article.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Block } from '../../src/content/blocks.ts';
import { LIVE_LIMITS, LiveConflictError, LiveError } from '../../src/live/live-entry.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { type Actor, ArticleHiddenError } from '../../src/newsroom/policy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords, paragraphsOf } from '../helpers/dispatch-rewrite.ts';
import { takePendingPurges } from '../helpers/outbox.ts';

const RECORDS = jawharaRecords(4);
/** Real sentences from the corpus, one an entry. */
const LINES = RECORDS.flatMap(paragraphsOf).filter((p) => p.length > 20 && p.length < 1000);
const T0 = new Date('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const text = (i: number): Block[] => [{ type: 'paragraph', text: LINES[i % LINES.length] as string }];

const code = (expected: string, status: number) => (e: unknown) =>
  e instanceof LiveError && e.code === expected && e.status === status && e.messageAr.length > 0;

for (const dialect of DIALECTS) {
  describe(`live coverage (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let editor: Actor;
    let otherEditor: Actor;
    let author: Actor;
    let articleId: number;
    let notLiveId: number;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      const { accounts } = newsroomAccounts(store.db);
      const make = async (email: string, displayName: string, role: 'editor' | 'author') =>
        ({ id: (await accounts.create({ email, displayName, role, password: 'كلمة سر التغطية' })).id, role }) as Actor;
      editor = await make('editor@alghad24.ma', 'سلمى بنعلي', 'editor');
      otherEditor = await make('desk@alghad24.ma', 'كريم العلوي', 'editor');
      author = await make('author@alghad24.ma', 'يوسف الإدريسي', 'author');
      await store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle));
      const published = await store.articles.listPublishedPage({ limit: 2 });
      articleId = published[0]!.id;
      notLiveId = published[1]!.id;
      await store.db.updateTable('outbox').set({ processed_at: T0.toISOString() }).execute();
    });
    after(async () => {
      await store.close();
      await cleanup();
    });

    it('refuses an entry for an article that is not live, and a coverage started by an author who does not own it', async () => {
      await assert.rejects(store.live.add(editor, notLiveId, { body: text(0) }, at(0)), code('article_not_live', 409));
      assert.equal(await store.live.coverage(notLiveId), undefined);
      // An imported article is nobody's: to an author it does not exist.
      await assert.rejects(store.live.start(author, articleId, at(0)), ArticleHiddenError);
      assert.deepEqual(await takePendingPurges(store, T0), [], 'nothing changed, nothing purged');
    });

    it('starts, posts entries newest first with a pinned one apart, numbers every change and purges the live pages', async () => {
      const coverage = await store.live.start(editor, articleId, at(0));
      assert.equal(coverage.startedAt.toISOString(), at(0).toISOString());
      assert.equal(coverage.endedAt, null);
      await assert.rejects(store.live.start(editor, articleId, at(1)), code('already_live', 409));
      assert.deepEqual(await takePendingPurges(store, T0), [[`live:${articleId}`, `article:${articleId}`]]);

      const first = await store.live.add(editor, articleId, { body: text(1), keyEvent: true }, at(10));
      const second = await store.live.add(
        editor,
        articleId,
        { title: 'تصريح الوزير', body: [{ type: 'quote', text: LINES[2] as string, cite: 'وزير الداخلية' }] },
        at(20),
      );
      const third = await store.live.add(editor, articleId, { body: text(3), pinned: true }, at(30));
      assert.equal(first.kind, 'text');
      assert.equal(second.kind, 'quote');
      assert.equal(third.pinned, true);
      assert.deepEqual(await takePendingPurges(store, T0), [
        [`live:${articleId}`],
        [`live:${articleId}`],
        [`live:${articleId}`],
      ]);

      const page = await store.live.page(articleId, 1);
      assert.deepEqual(
        page.entries.map((e) => e.id),
        [second.id, first.id],
        'newest first, the pinned one apart',
      );
      assert.equal(page.pinned?.id, third.id);
      assert.equal(page.total, 2);
      assert.deepEqual(
        (await store.live.keyEvents(articleId)).map(({ entry, page }) => [entry.id, page]),
        [[first.id, 1]],
      );

      const changes = await store.live.recentChanges(articleId);
      assert.deepEqual(
        changes.map((c) => [c.sequence, c.action, c.entryId]),
        [
          [1, 'started', null],
          [2, 'added', first.id],
          [3, 'added', second.id],
          [4, 'added', third.id],
        ],
      );
      assert.equal((await store.live.coverage(articleId))?.sequence, 4);

      // Pinning another unpins the first; the change list says so.
      await store.live.pin(editor, first.id, true, at(40));
      const repinned = await store.live.page(articleId, 1);
      assert.equal(repinned.pinned?.id, first.id);
      assert.deepEqual(
        repinned.entries.map((e) => e.id),
        [third.id, second.id],
      );
      assert.deepEqual(
        (await store.live.recentChanges(articleId, 1)).map((c) => [c.action, c.entryId]),
        [['pinned', first.id]],
      );
    });

    it('keeps the text before an edit, and answers two editors saving one entry with a 409 that keeps both', async () => {
      const entry = await store.live.add(editor, articleId, { body: text(5) }, at(50));
      const edited = await store.live.edit(editor, entry.id, 1, { body: text(6), keyEvent: true }, at(60));
      assert.equal(edited.version, 2);
      assert.equal(edited.keyEvent, true);

      // The other editor opened version 1 too and saves over it.
      const conflict = await store.live.edit(otherEditor, entry.id, 1, { body: text(7) }, at(70)).then(
        () => assert.fail('a stale version must be refused'),
        (e: unknown) => e,
      );
      assert.ok(conflict instanceof LiveConflictError);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.current.version, 2);
      assert.deepEqual(conflict.current.body, text(6), 'the winner stands');
      const revisions = await store.live.revisions(editor, entry.id);
      const kept = revisions.find((r) => r.id === conflict.keptAsRevision);
      assert.equal(kept?.reason, 'conflict');
      assert.deepEqual(kept?.body, text(7), 'the loser is kept');
      assert.equal(kept?.writtenBy, otherEditor.id);
      const before = revisions.find((r) => r.reason === 'edit');
      assert.deepEqual(before?.body, text(5), 'the text before the edit is kept');
      assert.deepEqual((await store.live.entry(entry.id))?.body, text(6));
    });

    it('deletes an entry from the page with its text kept, and ends the coverage: no entry after', async () => {
      const entry = await store.live.add(editor, articleId, { body: text(8) }, at(80));
      await assert.rejects(store.live.remove(editor, entry.id, 7, at(85)), code('live_entry_conflict', 409));
      assert.ok(await store.live.entry(entry.id), 'nothing deleted');
      await store.live.remove(editor, entry.id, 1, at(90));
      assert.equal(await store.live.entry(entry.id), undefined);
      assert.ok(!(await store.live.page(articleId, 1)).entries.some((e) => e.id === entry.id));
      const revisions = await store.live.revisions(editor, entry.id);
      assert.deepEqual(
        revisions.map((r) => [r.reason, r.body]),
        [['delete', text(8)]],
      );
      assert.deepEqual(
        (await store.live.recentChanges(articleId, 1)).map((c) => [c.action, c.entryId]),
        [['deleted', entry.id]],
      );

      await store.live.end(editor, articleId, at(100));
      assert.equal((await store.live.coverage(articleId))?.endedAt?.toISOString(), at(100).toISOString());
      await assert.rejects(
        store.live.add(editor, articleId, { body: text(9) }, at(110)),
        code('live_coverage_ended', 409),
      );
      await assert.rejects(store.live.end(editor, articleId, at(111)), code('live_coverage_ended', 409));
    });

    it('refuses bad entries with an Arabic reason and keeps a script as text', async () => {
      const live = (await store.articles.listPublishedPage({ limit: 3 }))[2]!.id;
      await store.live.start(editor, live, at(0));
      await assert.rejects(store.live.add(editor, live, { body: [] }, at(1)), code('invalid_live_entry', 400));
      await assert.rejects(
        store.live.add(editor, live, { body: [{ type: 'heading', level: 2, text: 'عنوان' }] }, at(1)),
        code('invalid_live_entry', 400),
      );
      await assert.rejects(
        store.live.add(editor, live, { body: [{ type: 'paragraph', text: 'ب'.repeat(LIVE_LIMITS.text + 1) }] }, at(1)),
        code('invalid_live_entry', 400),
      );
      await assert.rejects(
        store.live.add(editor, live, { body: [{ type: 'image', src: 'javascript:alert(1)', alt: 'صورة' }] }, at(1)),
        code('invalid_live_entry', 400),
      );
      const script = '<script>alert("غد")</script>';
      const kept = await store.live.add(editor, live, { body: [{ type: 'paragraph', text: script }] }, at(2));
      assert.deepEqual(kept.body, [{ type: 'paragraph', text: script }], 'stored as text, escaped where shown');
    });

    it('paginates 500 entries and keeps the change list bounded', async () => {
      const big = (await store.articles.listPublishedPage({ limit: 4 }))[3]!.id;
      await store.live.start(editor, big, at(0));
      for (let i = 0; i < 500; i++)
        await store.live.add(editor, big, { body: text(i), keyEvent: i === 10 || i === 495 }, at(i + 1));
      const last = await store.live.page(big, 25);
      assert.equal(last.total, 500);
      assert.equal(last.pages, 500 / LIVE_LIMITS.perPage);
      assert.equal(last.entries.length, LIVE_LIMITS.perPage);
      // The 11th entry stands 490th newest: on page 25; the 496th on page 1.
      assert.deepEqual(
        (await store.live.keyEvents(big)).map(({ page }) => page),
        [1, 25],
      );
      const changes = await store.live.recentChanges(big);
      assert.equal(changes.length, LIVE_LIMITS.changes);
      assert.equal(changes.at(-1)?.sequence, 501);
    });

    it('removes the coverage, its entries, revisions and changes with the article', async () => {
      await store.db.deleteFrom('articles').where('id', '=', articleId).execute();
      for (const table of ['live_coverages', 'live_entries', 'live_changes'] as const) {
        const row = await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('article_id', '=', articleId)
          .executeTakeFirst();
        assert.equal(Number(row?.n), 0, table);
      }
      const revisions = await store.db
        .selectFrom('live_entry_revisions')
        .innerJoin('live_entries', 'live_entries.id', 'live_entry_revisions.entry_id')
        .select('live_entry_revisions.id')
        .where('live_entries.article_id', '=', articleId)
        .execute();
      assert.equal(revisions.length, 0);
    });
  });
}
