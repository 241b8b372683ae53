/**
 * The newsroom's writes on SQLite and PostgreSQL: drafts, saves from a revision (no lost
 * updates), the workflow with its side effects (listings, search, outbox purges), revisions
 * and restore, and bad input that leaves everything as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArticleDraft } from '../../src/content/article-draft.ts';
import { DraftError } from '../../src/content/article-draft.ts';
import { NewsroomError } from '../../src/content/newsroom-error.ts';
import { WorkflowError } from '../../src/content/workflow.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { ArticleHiddenError, PermissionDeniedError } from '../../src/newsroom/policy.ts';
import { ArticleNotFoundError, RevisionConflictError } from '../../src/store/newsroom-articles.ts';
import { OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';

const [FIRST, SECOND, THIRD] = corpusDrafts(3) as [ArticleDraft, ArticleDraft, ArticleDraft];

async function outboxOf(store: Store, articleId: number) {
  return store.db
    .selectFrom('outbox')
    .select(['topic', 'payload', 'processed_at', 'available_at'])
    .where('article_id', '=', articleId)
    .orderBy('id')
    .execute();
}

async function articleCount(store: Store): Promise<number> {
  return store.articles.countAll();
}

for (const dialect of DIALECTS) {
  describe(`newsroom articles (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('creates a draft owned by its writer, invisible to readers', async () => {
      const created = await store.newsroomArticles.create(PEOPLE.contributor, FIRST);
      assert.equal(created.status, 'draft');
      assert.equal(created.revision, 1);
      assert.equal(created.change, undefined);
      assert.deepEqual(await store.newsroomArticles.ownership(created.id), { ownerId: 11, status: 'draft' });
      assert.equal(await store.articles.findById(created.id, { publishedOnly: true }), undefined);
      const draft = await store.articles.findById(created.id, { publishedOnly: false });
      assert.equal(draft?.headline, FIRST.headline);
      assert.deepEqual(draft?.body, FIRST.body);
      const revisions = await store.newsroomArticles.revisions(PEOPLE.contributor, created.id);
      assert.deepEqual(
        revisions.map((r) => [r.revision, r.kind, r.userId, r.headline]),
        [[1, 'saved', 11, FIRST.headline]],
      );
      assert.deepEqual(await outboxOf(store, created.id), [], 'a draft purges no public page');
    });

    it('saves from the current revision as the next one, with who saved it', async () => {
      const { id } = await store.newsroomArticles.create(PEOPLE.author, FIRST);
      const saved = await store.newsroomArticles.save(PEOPLE.author, id, 1, { ...FIRST, kicker: 'عاجل' });
      assert.equal(saved.revision, 2);
      const article = await store.articles.findById(id, { publishedOnly: false });
      assert.equal(article?.kicker, 'عاجل');
      assert.equal(article?.revision, 2);
      const revisions = await store.newsroomArticles.revisions(PEOPLE.author, id);
      assert.deepEqual(
        revisions.map((r) => [r.revision, r.kind, r.basedOn, r.userId]),
        [
          [2, 'saved', 1, 12],
          [1, 'saved', null, 12],
        ],
      );
    });

    it('two saves from the same stale revision: the second gets a conflict with both versions, and both texts are kept', async () => {
      const { id } = await store.newsroomArticles.create(PEOPLE.editor, FIRST);
      const mine = { ...FIRST, headline: `${FIRST.headline} — تحديث المحرر الأول` };
      const theirs = { ...FIRST, headline: `${FIRST.headline} — تحديث المحرر الثاني` };
      const first = await store.newsroomArticles.save(PEOPLE.editor, id, 1, mine);
      assert.equal(first.revision, 2);
      const conflict = await store.newsroomArticles.save(PEOPLE.editor, id, 1, theirs).then(
        () => assert.fail('the stale save went through'),
        (error: unknown) => error,
      );
      assert.ok(conflict instanceof RevisionConflictError);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.code, 'revision_conflict');
      assert.equal(conflict.baseRevision, 1);
      assert.equal(conflict.currentRevision, 2);
      assert.equal(conflict.current.headline, mine.headline);
      assert.equal(conflict.attempted.headline, theirs.headline);
      assert.equal(conflict.keptAsRevision, 3);
      assert.match(conflict.messageAr, /النسخة/);

      const article = await store.articles.findById(id, { publishedOnly: false });
      assert.equal(article?.headline, mine.headline, 'the first save stands');
      assert.equal(article?.revision, 2, 'the kept text does not move the article');
      const revisions = await store.newsroomArticles.revisions(PEOPLE.editor, id);
      assert.deepEqual(
        revisions.map((r) => [r.revision, r.kind, r.headline]),
        [
          [3, 'conflict', theirs.headline],
          [2, 'saved', mine.headline],
          [1, 'saved', FIRST.headline],
        ],
      );
      // The editor merges and saves from the revision the conflict named.
      const merged = await store.newsroomArticles.save(PEOPLE.editor, id, conflict.currentRevision, theirs);
      assert.equal(merged.revision, 4);
      assert.equal((await store.articles.findById(id, { publishedOnly: false }))?.headline, theirs.headline);
    });

    it('concurrent saves from one revision: exactly one wins, the other conflicts', async () => {
      const { id } = await store.newsroomArticles.create(PEOPLE.editor, SECOND);
      const attempts = await Promise.allSettled(
        [1, 2, 3].map((n) => store.newsroomArticles.save(PEOPLE.editor, id, 1, { ...SECOND, dek: `نسخة ${n}` })),
      );
      assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
      const rejected = attempts.filter((a) => a.status === 'rejected');
      assert.equal(rejected.length, 2);
      for (const r of rejected) assert.ok(r.reason instanceof RevisionConflictError, String(r.reason));
      const kinds = (await store.newsroomArticles.revisions(PEOPLE.editor, id)).map((r) => r.kind).sort();
      assert.deepEqual(kinds, ['conflict', 'conflict', 'saved', 'saved']);
    });

    it('the policy guards every write: a contributor cannot publish, an author cannot touch another’s article', async () => {
      const { id } = await store.newsroomArticles.create(PEOPLE.contributor, SECOND);
      await assert.rejects(
        store.newsroomArticles.transition(PEOPLE.contributor, id, { action: 'publish' }),
        (error: unknown) => error instanceof PermissionDeniedError && error.status === 403,
      );
      // Another author may not even view it: to them it does not exist (404, not 403).
      await assert.rejects(
        store.newsroomArticles.save(PEOPLE.otherAuthor, id, 1, { ...SECOND, headline: 'عنوان مسروق' }),
        (error: unknown) => error instanceof ArticleHiddenError && error.status === 404,
      );
      await assert.rejects(store.newsroomArticles.revisions(PEOPLE.otherAuthor, id), ArticleHiddenError);
      await store.newsroomArticles.transition(PEOPLE.contributor, id, { action: 'submit' });
      await assert.rejects(
        store.newsroomArticles.save(PEOPLE.contributor, id, 1, { ...SECOND, headline: 'بعد الإرسال' }),
        PermissionDeniedError,
        'a submitted article is the editors’ until it comes back',
      );
      const article = await store.articles.findById(id, { publishedOnly: false });
      assert.equal(article?.headline, SECOND.headline);
      assert.equal(article?.status, 'in_review');
      assert.equal(article?.revision, 1);
    });

    it('review, return with a note, schedule, publish: listings, search and purges follow', async () => {
      const { contributor, editor } = PEOPLE;
      const { id } = await store.newsroomArticles.create(contributor, THIRD);
      await store.newsroomArticles.transition(contributor, id, { action: 'submit' });
      await assert.rejects(
        store.newsroomArticles.transition(editor, id, { action: 'return', note: '  ' }),
        (error: unknown) => error instanceof WorkflowError && error.code === 'note_required',
      );
      await store.newsroomArticles.transition(editor, id, { action: 'return', note: 'أضف تصريح الوزير' });
      await store.newsroomArticles.transition(contributor, id, { action: 'submit' });
      await assert.rejects(
        store.newsroomArticles.transition(editor, id, { action: 'schedule', at: new Date(Date.now() - 60_000) }),
        (error: unknown) => error instanceof WorkflowError && error.code === 'schedule_time_in_past',
      );
      assert.equal((await store.newsroomArticles.ownership(id))?.status, 'in_review', 'a refused step changes nothing');

      const before = Date.now();
      const published = await store.newsroomArticles.transition(editor, id, { action: 'publish' });
      assert.equal(published.status, 'published');
      assert.ok(published.publishedAt && published.publishedAt.getTime() >= before - 1000);
      const section = (await store.taxonomy.sectionBySlug(THIRD.sectionSlug))!;
      assert.deepEqual(published.change?.sectionIds, [section.id]);

      const article = await store.articles.findById(id, { publishedOnly: true });
      assert.equal(article?.headline, THIRD.headline);
      assert.equal(article?.publishedAt?.getTime(), published.publishedAt?.getTime());
      const listed = await store.articles.listPublished({ sectionId: section.id, limit: 10 });
      assert.ok(
        listed.items.some((a) => a.id === id),
        'listed in its section',
      );
      if (article?.bylines[0]) {
        const byAuthor = await store.articles.listPublished({ authorId: article.bylines[0].author.id, limit: 10 });
        assert.ok(
          byAuthor.items.some((a) => a.id === id),
          'listed on its author’s page',
        );
      }
      const found = await store.search.search({ text: THIRD.headline, limit: 10, offset: 0 });
      assert.ok(
        found.hits.some((h) => h.articleId === id),
        'searchable once published',
      );

      const history = await store.newsroomArticles.history(editor, id);
      assert.deepEqual(
        history.map((h) => [h.action, h.from, h.to, h.note, h.userId]),
        [
          ['submit', 'draft', 'in_review', null, 11],
          ['return', 'in_review', 'draft', 'أضف تصريح الوزير', 20],
          ['submit', 'draft', 'in_review', null, 11],
          ['publish', 'in_review', 'published', null, 20],
        ],
      );

      // The purge and the webhooks' event are in the outbox, written with the publication.
      const outbox = await outboxOf(store, id);
      assert.deepEqual(
        outbox.map((m) => [m.topic, m.processed_at]),
        [
          [OUTBOX_TOPICS.articleChanged, null],
          [OUTBOX_TOPICS.articlePublished, null],
        ],
      );
      const loop = new JobLoop({ store, timeZone: 'Africa/Casablanca' });
      assert.ok((await loop.runDue()) >= 1);
      const purges = (await store.db.selectFrom('cache_invalidations').select('tags').execute()).map(
        (r) => JSON.parse(r.tags) as string[],
      );
      const purge = purges.find((tags) => tags.includes(`article:${id}`));
      assert.ok(purge, 'the article’s pages are purged');
      assert.ok(purge.includes('home') && purge.includes(`section:${section.id}`));
      assert.ok(purge.some((tag) => tag.startsWith('day:')));
      assert.notEqual((await outboxOf(store, id))[0]?.processed_at, null);

      // Corrections are public and dated; unpublishing takes the article off every list.
      await assert.rejects(
        store.newsroomArticles.transition(editor, id, { action: 'publish' }),
        (error: unknown) =>
          error instanceof WorkflowError && error.code === 'invalid_transition' && error.status === 409,
      );
      await store.newsroomArticles.transition(editor, id, { action: 'correct', note: 'صُحّح اسم الولاية' });
      const corrections = await store.newsroomArticles.corrections(id);
      assert.deepEqual(
        corrections.map((c) => c.note),
        ['صُحّح اسم الولاية'],
      );
      assert.ok(corrections[0]!.createdAt instanceof Date);
      const unpublished = await store.newsroomArticles.transition(editor, id, { action: 'unpublish' });
      assert.equal(unpublished.publishedAt?.getTime(), published.publishedAt?.getTime(), 'keeps its first date');
      assert.equal(await store.articles.findById(id, { publishedOnly: true }), undefined);
      const after = await store.articles.listPublished({ sectionId: section.id, limit: 10 });
      assert.ok(!after.items.some((a) => a.id === id));
      const gone = await store.search.search({ text: THIRD.headline, limit: 10, offset: 0 });
      assert.ok(!gone.hits.some((h) => h.articleId === id), 'no longer searchable');
      assert.equal((await outboxOf(store, id)).filter((m) => m.topic === OUTBOX_TOPICS.articleChanged).length, 3);
    });

    it('saving a published article updates it for readers and records a purge', async () => {
      const { editor } = PEOPLE;
      const { id } = await store.newsroomArticles.create(editor, FIRST);
      await store.newsroomArticles.transition(editor, id, { action: 'publish' });
      const saved = await store.newsroomArticles.save(editor, id, 1, { ...FIRST, headline: 'عنوان مصحح للقراء' });
      assert.ok(saved.change);
      assert.equal((await store.articles.findById(id, { publishedOnly: true }))?.headline, 'عنوان مصحح للقراء');
      const changes = (await outboxOf(store, id)).filter((m) => m.topic === OUTBOX_TOPICS.articleChanged);
      assert.equal(changes.length, 2);
    });

    it('secondary sections: listed while published, purged when added, dropped or unpublished, kept by restore', async () => {
      const { editor } = PEOPLE;
      const sectionId = async (slug: string) => (await store.taxonomy.sectionBySlug(slug))!.id;
      const listedIn = async (slug: string) =>
        (await store.articles.listPublishedPage({ sectionId: await sectionId(slug), limit: 100 })).map((a) => a.id);
      const { id } = await store.newsroomArticles.create(editor, {
        ...FIRST,
        secondarySectionSlugs: ['اقتصاد', FIRST.sectionSlug, 'اقتصاد', 'رياضة'],
      });
      const draft = await store.articles.findById(id, { publishedOnly: false });
      assert.deepEqual(
        draft?.secondarySections.map((s) => s.slug),
        ['اقتصاد', 'رياضة'],
      );
      assert.ok(!(await listedIn('اقتصاد')).includes(id), 'a draft is listed nowhere');

      const published = await store.newsroomArticles.transition(editor, id, { action: 'publish' });
      assert.ok((await listedIn('اقتصاد')).includes(id));
      assert.ok((await listedIn('رياضة')).includes(id));
      assert.ok((await listedIn(FIRST.sectionSlug)).includes(id));
      assert.deepEqual(
        [...(published.change?.sectionIds ?? [])].sort(),
        [await sectionId(FIRST.sectionSlug), await sectionId('اقتصاد'), await sectionId('رياضة')].sort(),
      );

      // Dropping رياضة for مجتمع purges all four pages and moves the listing.
      const saved = await store.newsroomArticles.save(editor, id, 1, {
        ...FIRST,
        secondarySectionSlugs: ['اقتصاد', 'مجتمع'],
      });
      assert.deepEqual(
        [...(saved.change?.sectionIds ?? [])].sort(),
        [
          await sectionId(FIRST.sectionSlug),
          await sectionId('اقتصاد'),
          await sectionId('رياضة'),
          await sectionId('مجتمع'),
        ].sort(),
      );
      assert.ok(!(await listedIn('رياضة')).includes(id));
      assert.ok((await listedIn('مجتمع')).includes(id));

      const unpublished = await store.newsroomArticles.transition(editor, id, { action: 'unpublish' });
      assert.ok((unpublished.change?.sectionIds ?? []).includes(await sectionId('مجتمع')));
      assert.ok(!(await listedIn('مجتمع')).includes(id));
      assert.ok(!(await listedIn('اقتصاد')).includes(id));

      // Restoring revision 1 brings its sections back, as they were.
      await store.newsroomArticles.restore(editor, id, 1, 2);
      const restored = await store.articles.findById(id, { publishedOnly: false });
      assert.deepEqual(
        restored?.secondarySections.map((s) => s.slug),
        ['اقتصاد', 'رياضة'],
      );

      await assert.rejects(
        store.newsroomArticles.save(editor, id, 3, { ...FIRST, secondarySectionSlugs: ['طقس'] }),
        (error: unknown) =>
          error instanceof DraftError && error.code === 'unknown_section' && error.field === 'secondarySectionSlugs',
      );
      await assert.rejects(
        store.newsroomArticles.save(editor, id, 3, {
          ...FIRST,
          secondarySectionSlugs: ['وطنية', 'دولية', 'سياسة', 'اقتصاد', 'مجتمع', 'ثقافة'],
        }),
        (error: unknown) => error instanceof DraftError && error.code === 'too_many_secondary_section_slugs',
      );
      assert.equal((await store.articles.findById(id, { publishedOnly: false }))?.revision, 3);
    });

    it('restores an earlier revision as the newest one, from the current revision only', async () => {
      const { author } = PEOPLE;
      const { id } = await store.newsroomArticles.create(author, FIRST);
      await store.newsroomArticles.save(author, id, 1, { ...FIRST, headline: 'عنوان ثان' });
      await assert.rejects(store.newsroomArticles.restore(author, id, 1, 1), RevisionConflictError);
      const restored = await store.newsroomArticles.restore(author, id, 1, 2);
      assert.equal(restored.revision, 3);
      assert.equal((await store.articles.findById(id, { publishedOnly: false }))?.headline, FIRST.headline);
      const entry = await store.newsroomArticles.revision(author, id, 3);
      assert.equal(entry.kind, 'restored');
      assert.equal(entry.snapshot.headline, FIRST.headline);
      await assert.rejects(
        store.newsroomArticles.revision(author, id, 99),
        (e: unknown) => (e as { status?: number }).status === 404,
      );
    });

    it('a restore on a published article is refused: readers keep the text they have, nothing is written', async () => {
      const { editor } = PEOPLE;
      const { id } = await store.newsroomArticles.create(editor, FIRST);
      await store.newsroomArticles.save(editor, id, 1, { ...FIRST, headline: 'العنوان المنشور' });
      await store.newsroomArticles.transition(editor, id, { action: 'publish' });
      const outboxBefore = (await outboxOf(store, id)).length;
      await assert.rejects(
        store.newsroomArticles.restore(editor, id, 1, 2),
        (error: unknown) =>
          error instanceof WorkflowError &&
          error.code === 'restore_published' &&
          error.status === 409 &&
          /تحديث المقال المنشور/.test(error.messageAr),
      );
      const live = await store.articles.findById(id, { publishedOnly: true });
      assert.equal(live?.headline, 'العنوان المنشور', 'what readers see is unchanged');
      assert.equal(live?.revision, 2);
      assert.equal((await store.newsroomArticles.revisions(editor, id)).length, 2, 'no revision written');
      assert.equal((await outboxOf(store, id)).length, outboxBefore, 'no purge, no webhook');
      // Its editor saves the old text as an update of the published article, as any edit.
      const revisionOne = await store.newsroomArticles.revision(editor, id, 1);
      const updated = await store.newsroomArticles.save(editor, id, 2, { ...FIRST, headline: revisionOne.headline });
      assert.ok(updated.change, 'the update purges the public pages');
      assert.equal((await store.articles.findById(id, { publishedOnly: true }))?.headline, FIRST.headline);
    });

    it('an empty body is not published, scheduled, or saved over a published or scheduled article', async () => {
      const { editor } = PEOPLE;
      const blank = { ...FIRST, body: [{ type: 'paragraph' as const, text: '  ' }] };
      const { id } = await store.newsroomArticles.create(editor, blank);
      const emptyBody = (error: unknown) =>
        error instanceof NewsroomError &&
        error.code === 'empty_body' &&
        error.status === 400 &&
        /نص/.test(error.messageAr);
      await assert.rejects(store.newsroomArticles.transition(editor, id, { action: 'publish' }), emptyBody);
      await assert.rejects(
        store.newsroomArticles.transition(editor, id, { action: 'schedule', at: new Date(Date.now() + 3_600_000) }),
        emptyBody,
      );
      assert.equal((await store.newsroomArticles.ownership(id))?.status, 'draft', 'still a draft');
      assert.equal(await store.articles.findById(id, { publishedOnly: true }), undefined);
      assert.deepEqual(await outboxOf(store, id), []);

      // With its text it goes out; emptied afterwards, the save is refused and readers keep the text.
      await store.newsroomArticles.save(editor, id, 1, FIRST);
      await store.newsroomArticles.transition(editor, id, { action: 'publish' });
      await assert.rejects(
        store.newsroomArticles.save(editor, id, 2, { ...FIRST, body: [] }),
        (error: unknown) => emptyBody(error) && error instanceof DraftError && error.field === 'body',
      );
      assert.deepEqual((await store.articles.findById(id, { publishedOnly: true }))?.body, FIRST.body);

      // A scheduled article would go out empty at its time: its text is not emptied either.
      const scheduled = await store.newsroomArticles.create(editor, FIRST);
      await store.newsroomArticles.transition(editor, scheduled.id, {
        action: 'schedule',
        at: new Date(Date.now() + 3_600_000),
      });
      await assert.rejects(store.newsroomArticles.save(editor, scheduled.id, 1, blank), emptyBody);
      // A draft may be empty: it is not going anywhere.
      const draft = await store.newsroomArticles.create(editor, FIRST);
      assert.equal((await store.newsroomArticles.save(editor, draft.id, 1, { ...FIRST, body: [] })).revision, 2);
    });

    it('bad input gets a clear error and saves nothing', async () => {
      const count = await articleCount(store);
      await assert.rejects(
        store.newsroomArticles.create(PEOPLE.author, { ...FIRST, headline: 'خ'.repeat(2000) }),
        (error: unknown) => error instanceof DraftError && error.code === 'headline_too_long' && error.status === 400,
      );
      await assert.rejects(
        store.newsroomArticles.create(PEOPLE.author, { ...FIRST, sectionSlug: 'لا-يوجد' }),
        (error: unknown) => error instanceof DraftError && error.code === 'unknown_section',
      );
      await assert.rejects(
        store.newsroomArticles.create(PEOPLE.author, { ...FIRST, body: 'نص' as never }),
        (error: unknown) => error instanceof DraftError && error.code === 'invalid_body',
      );
      await assert.rejects(
        store.newsroomArticles.create(PEOPLE.author, {
          ...FIRST,
          body: [{ type: 'paragraph', text: 'ن'.repeat(1_000_001) }],
        }),
        (error: unknown) => error instanceof DraftError && error.code === 'body_too_long',
      );
      assert.equal(await articleCount(store), count);
      const { id } = await store.newsroomArticles.create(PEOPLE.author, FIRST);
      await assert.rejects(
        store.newsroomArticles.save(PEOPLE.author, id, 1, { ...FIRST, headline: '' }),
        (error: unknown) => error instanceof DraftError && error.code === 'headline_required',
      );
      assert.equal((await store.articles.findById(id, { publishedOnly: false }))?.headline, FIRST.headline);
      await assert.rejects(
        store.newsroomArticles.transition(PEOPLE.editor, 987654, { action: 'publish' }),
        (error: unknown) => error instanceof ArticleNotFoundError && error.status === 404,
      );
    });
  });
}
