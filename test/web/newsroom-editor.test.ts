/**
 * The article editor's pages and JSON endpoints through inject(), on SQLite and PostgreSQL:
 * create, save from a revision and the 409 of a stale save, the workflow with the policy
 * (a contributor's publish by direct POST), schedule times, revisions and restore, the form
 * token, oversized input, and an XSS headline on the newsroom's page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { instantOfLocalTime } from '../../src/arabic/dates.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import type { EditorApiError, EditorArticle, RevisionListEntry } from '../../src/web/newsroom/editor/editor-model.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { NewsroomClient } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر غرفة الأخبار';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
  contributor: { email: 'contributor@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' },
  otherContributor: { email: 'other@alghad24.ma', displayName: 'مهدي الصحراوي', role: 'contributor' },
} as const;
const ARABIC = /[\u0600-\u06ff]{3}/;
const XSS = '<script>alert("غد")</script><img src=x onerror=alert(1)>';

for (const dialect of DIALECTS) {
  describe(`the article editor over HTTP (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    const [draft, secondDraft] = corpusDrafts(2) as [
      ReturnType<typeof corpusDrafts>[number],
      ReturnType<typeof corpusDrafts>[number],
    ];

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      const { accounts } = newsroomAccounts(store.db);
      for (const person of Object.values(PEOPLE)) await accounts.create({ ...person, password: PASSWORD });
      app = await buildApp({
        config: testConfig({ dataDir: fresh.options.dataDir, siteUrl: 'https://alghad24.test' }),
        store,
        invalidationPollMs: 0,
      });
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    /** A signed-in browser that sends JSON with the page's form token in X-CSRF-Token. */
    async function signedIn(role: keyof typeof PEOPLE) {
      const client = new NewsroomClient(app);
      const response = await client.signIn(PEOPLE[role].email, PASSWORD);
      assert.equal(response.statusCode, 303, response.body);
      await client.get('/newsroom');
      const json = async (
        method: 'GET' | 'POST' | 'PUT',
        url: string,
        body?: unknown,
        { csrf = true, raw }: { csrf?: boolean; raw?: string } = {},
      ): Promise<LightMyRequestResponse & { data: { article: EditorArticle } & EditorApiError }> => {
        const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
        const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
        const response = await app.inject({
          method,
          url,
          headers: {
            cookie,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...(csrf ? { 'x-csrf-token': client.lastToken } : {}),
          },
          ...(payload === undefined ? {} : { payload }),
        });
        return Object.assign(response, { data: response.json() });
      };
      return { client, json };
    }

    function assertRefused(
      response: { statusCode: number; data: EditorApiError },
      status: number,
      code: string,
      message?: RegExp,
    ) {
      assert.equal(response.statusCode, status, JSON.stringify(response.data));
      assert.equal(response.data.error.code, code);
      assert.match(response.data.error.messageAr, ARABIC);
      assert.ok(response.data.error.message.length > 0, 'an English message too');
      if (message) assert.match(response.data.error.messageAr, message);
    }

    it('a contributor writes a draft, saves it from its revision, and sends it for review; publishing by direct POST is refused', async () => {
      const { json } = await signedIn('contributor');
      const created = await json('POST', '/newsroom/articles', { ...draft, tags: ['المقاولات', 'تونس'] });
      assert.equal(created.statusCode, 201, created.body);
      const article = created.data.article;
      assert.equal(article.status, 'draft');
      assert.equal(article.revision, 1);
      assert.equal(article.canEdit, true);
      assert.deepEqual(
        article.actions.map((a) => a.action),
        ['submit'],
        'a contributor may only send it for review',
      );
      assert.equal(article.draft.headline, draft.headline);
      assert.deepEqual(article.draft.body, draft.body);

      const saved = await json('PUT', `/newsroom/articles/${article.id}`, {
        baseRevision: 1,
        draft: { ...article.draft, headline: `${draft.headline} (محدث)`, seoTitle: 'عنوان قصير لمحركات البحث' },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.data.article.revision, 2);
      assert.equal(saved.data.article.draft.seoTitle, 'عنوان قصير لمحركات البحث');

      const publish = await json('POST', `/newsroom/articles/${article.id}/transitions`, { action: 'publish' });
      assertRefused(publish, 403, 'forbidden', /نشر هذا المقال/);
      assert.equal((await store.newsroomArticles.ownership(article.id))?.status, 'draft', 'still a draft');

      const submitted = await json('POST', `/newsroom/articles/${article.id}/transitions`, { action: 'submit' });
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal(submitted.data.article.status, 'in_review');
      assert.equal(submitted.data.article.canEdit, false, 'a contributor edits only drafts');
      const late = await json('PUT', `/newsroom/articles/${article.id}`, { baseRevision: 2, draft: article.draft });
      assertRefused(late, 403, 'forbidden');

      // The editor returns it with a note; the contributor sees who returned it and why, and may edit again.
      const editor = await signedIn('editor');
      assertRefused(
        await editor.json('POST', `/newsroom/articles/${article.id}/transitions`, { action: 'return' }),
        400,
        'note_required',
      );
      const returned = await editor.json('POST', `/newsroom/articles/${article.id}/transitions`, {
        action: 'return',
        note: 'أضف تصريح المسؤول الجهوي ومصدر الأرقام.',
      });
      assert.equal(returned.data.article.status, 'draft');
      const state = await json('GET', `/newsroom/articles/${article.id}/state`);
      assert.equal(state.data.article.canEdit, true);
      assert.deepEqual(
        state.data.article.history.map((h) => [h.action, h.userName, h.note]),
        [
          ['submit', 'هاجر الفاسي', null],
          ['return', 'سلمى بناني', 'أضف تصريح المسؤول الجهوي ومصدر الأرقام.'],
        ],
      );

      // Another contributor can neither see nor change it, nor tell it from an id that names
      // no article (issue 17): the same 404, word for word.
      const other = await signedIn('otherContributor');
      const base = `/newsroom/articles/${article.id}`;
      const missing = '/newsroom/articles/99999999';
      const hiddenState = await other.json('GET', `${base}/state`);
      assertRefused(hiddenState, 404, 'article_not_found');
      assert.deepEqual(hiddenState.data, (await other.json('GET', `${missing}/state`)).data);
      const page = await other.client.get(base);
      assert.equal(page.statusCode, 404);
      assert.match(page.body, /هذا المقال غير موجود/);
      assert.equal((await other.client.get(missing)).statusCode, 404);
      // Nor learns anything from how a malformed write to it would be refused: 404 comes first.
      for (const [method, path, body] of [
        ['PUT', '', { baseRevision: 'x', draft: 42 }],
        ['POST', '/transitions', { action: 'no-such-step' }],
        ['POST', '/revisions/1/restore', { baseRevision: -1 }],
        ['GET', '/revisions', undefined],
        ['GET', '/revisions/1', undefined],
      ] as const) {
        const hidden = await other.json(method, `${base}${path}`, body);
        assertRefused(hidden, 404, 'article_not_found');
        assert.deepEqual(hidden.data, (await other.json(method, `${missing}${path}`, body)).data, `${method} ${path}`);
      }
    });

    it('a stale save gets 409 with both versions and the revision it was kept as; nothing is lost', async () => {
      const editor = await signedIn('editor');
      const { data } = await editor.json('POST', '/newsroom/articles', secondDraft);
      const id = data.article.id;
      const first = await editor.json('PUT', `/newsroom/articles/${id}`, {
        baseRevision: 1,
        draft: { ...data.article.draft, headline: 'عنوان المحرر الأول' },
      });
      assert.equal(first.statusCode, 200);
      const stale = await editor.json('PUT', `/newsroom/articles/${id}`, {
        baseRevision: 1,
        draft: { ...data.article.draft, dek: 'موجز المحرر الثاني' },
      });
      assertRefused(stale, 409, 'revision_conflict');
      const conflict = stale.data.conflict!;
      assert.equal(conflict.currentRevision, 2);
      assert.equal(conflict.current.headline, 'عنوان المحرر الأول');
      assert.equal(conflict.attempted.dek, 'موجز المحرر الثاني');
      assert.equal(conflict.base?.headline, secondDraft.headline, 'the common ancestor, for a three-way merge');
      assert.equal(conflict.keptAsRevision, 3);
      assert.equal(conflict.article.revision, 2);

      const list = await editor.json('GET', `/newsroom/articles/${id}/revisions`);
      const revisions = (list.data as unknown as { revisions: RevisionListEntry[] }).revisions;
      assert.deepEqual(
        revisions.map((r) => [r.revision, r.kind, r.userName]),
        [
          [3, 'conflict', 'سلمى بناني'],
          [2, 'saved', 'سلمى بناني'],
          [1, 'saved', 'سلمى بناني'],
        ],
      );
      const kept = await editor.json('GET', `/newsroom/articles/${id}/revisions/3`);
      assert.equal(
        (kept.data as unknown as { revision: { draft: { dek: string } } }).revision.draft.dek,
        'موجز المحرر الثاني',
      );

      // Restoring from a stale revision is refused too; from the current one it is the newest revision.
      assertRefused(
        await editor.json('POST', `/newsroom/articles/${id}/revisions/1/restore`, { baseRevision: 1 }),
        409,
        'revision_conflict',
      );
      const restored = await editor.json('POST', `/newsroom/articles/${id}/revisions/1/restore`, { baseRevision: 2 });
      assert.equal(restored.statusCode, 200, restored.body);
      assert.equal(restored.data.article.revision, 4);
      assert.equal(restored.data.article.draft.headline, secondDraft.headline);
      assertRefused(await editor.json('GET', `/newsroom/articles/${id}/revisions/99`), 404, 'revision_not_found');
    });

    it('refuses requests without the form token, and without a session', async () => {
      const editor = await signedIn('editor');
      const { data } = await editor.json('POST', '/newsroom/articles', draft);
      const id = data.article.id;
      const forged = await editor.json(
        'PUT',
        `/newsroom/articles/${id}`,
        { baseRevision: 1, draft: { ...data.article.draft, headline: 'عنوان مزور' } },
        { csrf: false },
      );
      assertRefused(forged, 403, 'csrf_invalid');
      assertRefused(await editor.json('POST', '/newsroom/articles', draft, { csrf: false }), 403, 'csrf_invalid');
      const article = await store.articles.findById(id, { publishedOnly: false });
      assert.equal(article?.headline, draft.headline, 'unchanged');

      const stranger = await app.inject({ method: 'GET', url: `/newsroom/articles/${id}/state` });
      assert.equal(stranger.statusCode, 401);
      assert.equal(stranger.json().error.code, 'signed_out');
      const page = await app.inject({ method: 'GET', url: `/newsroom/articles/${id}` });
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, `/newsroom/sign-in?next=%2Fnewsroom%2Farticles%2F${id}`);
    });

    it('refuses a headline of 2,000 characters and bodies that are too large, with Arabic messages', async () => {
      const { json } = await signedIn('editor');
      const long = await json('POST', '/newsroom/articles', { ...draft, headline: 'خبر '.repeat(500) });
      assertRefused(long, 400, 'headline_too_long', /العنوان أطول من 300/);
      assert.equal(long.data.error.field, 'headline');

      const huge = 'ك'.repeat(5 * 1024 * 1024);
      const tooLarge = await json('POST', '/newsroom/articles', undefined, {
        raw: JSON.stringify({ ...draft, body: [{ type: 'paragraph', text: huge }] }),
      });
      assertRefused(tooLarge, 413, 'request_too_large', /أكبر من المسموح/);

      // Under the request limit, over the body's own.
      const tooLong = await json('POST', '/newsroom/articles', {
        ...draft,
        body: [{ type: 'paragraph', text: 'a'.repeat(1_100_000) }],
      });
      assertRefused(tooLong, 400, 'body_too_long', /قسّمه/);
      assertRefused(await json('POST', '/newsroom/articles', undefined, { raw: '{"headline": ' }), 400, 'bad_request');
      assertRefused(await json('POST', '/newsroom/articles', { ...draft, featuredMediaId: 987 }), 400, 'unknown_media');
    });

    it('refuses deeply nested JSON in a draft with an Arabic 400 before anything serialises it (issue 17)', async () => {
      const { json } = await signedIn('editor');
      const created = await json('POST', '/newsroom/articles', draft);
      assert.equal(created.statusCode, 201, created.body);
      const { id, revision } = created.data.article;
      const nested = (levels: number) => `${'{"x":'.repeat(levels)}1${'}'.repeat(levels)}`;
      const paragraph = (extra: string) =>
        `{"type":"paragraph","text":"رابط","links":[{"start":0,"end":4,"href":"https://example.ma/","more":${extra}}]}`;
      const withBody = (body: string) => `{"headline":"خبر","sectionSlug":"وطنية","bylines":[],"body":[${body}]}`;
      for (const levels of [20, 100_000]) {
        const put = await json('PUT', `/newsroom/articles/${id}`, undefined, {
          raw: `{"baseRevision":${revision},"draft":${withBody(paragraph(nested(levels)))}}`,
        });
        assertRefused(put, 400, 'draft_too_deep', /بنية غير صالحة/);
        assert.equal(put.data.error.field, 'body');
        assert.doesNotMatch(put.body, /RangeError|stack|at /);
        const post = await json('POST', '/newsroom/articles', undefined, { raw: withBody(paragraph(nested(levels))) });
        assertRefused(post, 400, 'draft_too_deep');
      }
      // Deep arrays in another field, and a block that is itself too deep.
      const deepTags = await json('POST', '/newsroom/articles', undefined, {
        raw: `{"headline":"خبر","sectionSlug":"وطنية","tags":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      });
      assertRefused(deepTags, 400, 'draft_too_deep');
      assert.equal(deepTags.data.error.field, 'tags');
      const state = await json('GET', `/newsroom/articles/${id}/state`);
      assert.equal(state.data.article.revision, revision, 'nothing was saved');
    });

    it('an XSS headline is inert on the editor page', async () => {
      const { client, json } = await signedIn('editor');
      const { data } = await json('POST', '/newsroom/articles', { ...draft, headline: XSS, kicker: '</script><b>' });
      const page = await client.get(`/newsroom/articles/${data.article.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('<script>alert'), 'no script element from the headline');
      assert.ok(!page.body.includes('<img src=x'), 'no image element from the headline');
      assert.ok(!page.body.includes('</script><b>'), 'the boot JSON cannot end its script element');
      assert.match(page.body, /<title>&lt;script>alert/);
      assert.match(page.body, /\\u003cscript\\u003ealert/);
      const boot = /<script type="application\/json" id="editor-boot">([^<]*)<\/script>/.exec(page.body);
      assert.ok(boot, 'the boot data');
      assert.equal(JSON.parse(boot[1] as string).article.draft.headline, XSS, 'the editor gets the text as written');
      const script = /<script type="module" src="(\/newsroom\/assets\/editor\.js\?v=[0-9a-f]{10})"/.exec(page.body);
      assert.ok(script, 'the editor script');
      const js = await app.inject({ url: script[1] as string });
      assert.equal(js.statusCode, 200);
      assert.match(js.headers['content-type'] as string, /javascript/);
      assert.match(js.headers['cache-control'] as string, /immutable/);
      assert.ok(js.body.length > 50_000, 'the bundled app');
    });

    it('an empty body is refused in Arabic when published, scheduled, or saved over the published text; a restore of a published article too', async () => {
      const { json } = await signedIn('editor');
      const { data } = await json('POST', '/newsroom/articles', { ...secondDraft, body: [] });
      const id = data.article.id;
      const transition = (body: Record<string, unknown>) => json('POST', `/newsroom/articles/${id}/transitions`, body);
      assertRefused(await transition({ action: 'publish' }), 400, 'empty_body', /لا يمكن نشر مقال نصه فارغ/);
      assertRefused(
        await transition({ action: 'schedule', scheduledAt: new Date(Date.now() + 86_400_000).toISOString() }),
        400,
        'empty_body',
        /لا يمكن جدولة مقال نصه فارغ/,
      );
      const saved = await json('PUT', `/newsroom/articles/${id}`, { baseRevision: 1, draft: secondDraft });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal((await transition({ action: 'publish' })).statusCode, 200);
      const emptied = await json('PUT', `/newsroom/articles/${id}`, {
        baseRevision: 2,
        draft: { ...secondDraft, body: [] },
      });
      assertRefused(emptied, 400, 'empty_body', /تحديث|يُحدَّث/);
      assert.equal(emptied.data.error.field, 'body', 'the editor marks the body');
      // Restoring the empty revision 1 of the published article: refused, readers keep the text.
      assertRefused(
        await json('POST', `/newsroom/articles/${id}/revisions/1/restore`, { baseRevision: 2 }),
        409,
        'restore_published',
        /تحديث المقال المنشور/,
      );
      assert.deepEqual((await store.articles.findById(id, { publishedOnly: true }))?.body, secondDraft.body);
    });

    it('an editor schedules in Casablanca time, publishes, corrects with a public note, and unpublishes', async () => {
      const { json } = await signedIn('editor');
      const { data } = await json('POST', '/newsroom/articles', {
        ...secondDraft,
        seoDescription: 'وصف لمحركات البحث',
      });
      const id = data.article.id;
      const transition = (body: Record<string, unknown>) => json('POST', `/newsroom/articles/${id}/transitions`, body);

      assertRefused(await transition({ action: 'schedule', scheduledAt: 'غدا مساء' }), 400, 'invalid_schedule_time');
      assertRefused(
        await transition({ action: 'schedule', scheduledAt: '2026-02-30T18:00' }),
        400,
        'invalid_schedule_time',
      );
      assertRefused(await transition({ action: 'schedule' }), 400, 'schedule_time_required');
      assertRefused(
        await transition({ action: 'schedule', scheduledAt: '2020-01-01T18:00' }),
        400,
        'schedule_time_in_past',
        /قد مضى/,
      );
      assertRefused(await transition({ action: 'teleport' }), 400, 'unknown_action');

      const year = new Date().getUTCFullYear() + 1;
      const scheduled = await transition({ action: 'schedule', scheduledAt: `${year}-07-15T18:00` });
      assert.equal(scheduled.statusCode, 200, scheduled.body);
      assert.equal(scheduled.data.article.status, 'scheduled');
      assert.equal(
        scheduled.data.article.publishedAt,
        instantOfLocalTime({ year, month: 7, day: 15, hour: 18 }, 'Africa/Casablanca').toISOString(),
        '18:00 as Casablanca clocks say it',
      );

      const published = await transition({ action: 'publish' });
      assert.equal(published.data.article.status, 'published');
      assert.ok(published.data.article.readerUrl?.startsWith(`/article/${id}/`));
      assertRefused(await transition({ action: 'correct', note: '   ' }), 400, 'note_required');
      const corrected = await transition({ action: 'correct', note: 'صُحّح اسم المدينة: القنيطرة وليس الرباط.' });
      assert.equal(corrected.statusCode, 200);
      assert.deepEqual(
        corrected.data.article.corrections.map((c) => c.note),
        ['صُحّح اسم المدينة: القنيطرة وليس الرباط.'],
      );
      const reader = await app.inject(published.data.article.readerUrl as string);
      assert.equal(reader.statusCode, 200);
      assert.match(reader.body, /صُحّح اسم المدينة: القنيطرة وليس الرباط\./);
      assert.match(reader.body, /<meta name="description" content="وصف لمحركات البحث"/);

      const unpublished = await transition({ action: 'unpublish' });
      assert.equal(unpublished.data.article.status, 'unpublished');
      // The outbox's purge (what the job loop does after every change) takes it off the cached page.
      const jobs = new JobLoop({ store, timeZone: 'Africa/Casablanca', onPurge: (tags) => app.pageCache.purge(tags) });
      assert.ok((await jobs.runDue()) > 0);
      assert.equal((await app.inject(published.data.article.readerUrl as string)).statusCode, 404);
    });

    it('secondary sections: chosen in the editor, the cached section page follows publish and removal', async () => {
      const { json } = await signedIn('editor');
      const sport = `/section/${encodeURIComponent('رياضة')}`;
      const jobs = new JobLoop({ store, timeZone: 'Africa/Casablanca', onPurge: (tags) => app.pageCache.purge(tags) });
      assertRefused(
        await json('POST', '/newsroom/articles', { ...draft, secondarySectionSlugs: 'رياضة' }),
        400,
        'invalid_secondary_section_slugs',
        /الأقسام الإضافية/,
      );
      assertRefused(
        await json('POST', '/newsroom/articles', { ...draft, secondarySectionSlugs: ['طقس'] }),
        400,
        'unknown_section',
        /طقس/,
      );
      const created = await json('POST', '/newsroom/articles', { ...draft, secondarySectionSlugs: ['رياضة'] });
      assert.equal(created.statusCode, 201, created.body);
      const { id, revision } = created.data.article;
      assert.deepEqual(created.data.article.draft.secondarySectionSlugs, ['رياضة']);
      const link = new RegExp(`href="/article/${id}/`);
      assert.doesNotMatch((await app.inject(sport)).body, link, 'a draft is on no section page');

      await json('POST', `/newsroom/articles/${id}/transitions`, { action: 'publish' });
      await jobs.runDue();
      assert.match((await app.inject(sport)).body, link, 'published: on the secondary section page');

      const saved = await json('PUT', `/newsroom/articles/${id}`, {
        baseRevision: revision,
        draft: { ...created.data.article.draft, secondarySectionSlugs: [] },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      await jobs.runDue();
      assert.doesNotMatch((await app.inject(sport)).body, link, 'taken off when the section is removed');
    });

    it("a featured image from the media library, with this article's own caption, credit and alt", async () => {
      const media = await store.db
        .insertInto('media')
        .values({
          hash: 'b'.repeat(64),
          path: 'bb/featured.jpg',
          mime_type: 'image/jpeg',
          width: 1200,
          height: 800,
          bytes: 120_000,
          alt: 'وصف المكتبة',
          caption: 'تعليق المكتبة',
          credit: 'مصدر المكتبة',
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { json } = await signedIn('editor');
      const { data } = await json('POST', '/newsroom/articles', {
        ...draft,
        featuredMediaId: String(media.id),
        featuredCaption: 'الوزير خلال الندوة الصحفية بالرباط',
        featuredAlt: 'الوزير يتحدث أمام الصحفيين',
      });
      assert.equal(data.article.draft.featuredMediaId, media.id);
      assert.equal(data.article.draft.featuredCredit, '', 'the library credit stays the fallback');
      const published = await json('POST', `/newsroom/articles/${data.article.id}/transitions`, { action: 'publish' });
      const reader = await app.inject(published.data.article.readerUrl as string);
      assert.equal(reader.statusCode, 200);
      assert.match(reader.body, /<img[^>]*src="\/media\/bb\/featured\.jpg"[^>]*alt="الوزير يتحدث أمام الصحفيين"/);
      assert.match(reader.body, /الوزير خلال الندوة الصحفية بالرباط/);
      assert.match(reader.body, /مصدر المكتبة/);
      assert.ok(!reader.body.includes('تعليق المكتبة'), "the article's caption replaces the library's");
    });

    it('previews a draft as readers will see it, only for those who may view it', async () => {
      const { client, json } = await signedIn('contributor');
      const { data } = await json('POST', '/newsroom/articles', { ...draft, headline: 'مسودة للمعاينة قبل النشر' });
      const preview = await client.get(`/newsroom/articles/${data.article.id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /<h1 class="headline">مسودة للمعاينة قبل النشر<\/h1>/);
      assert.match(preview.body, /<meta name="robots" content="noindex"/);
      assert.match(preview.body, /معاينة — المقال «مسودة»/);
      assert.equal(preview.headers['cache-control'], 'no-store');
      assert.equal((await app.inject(`/article/${data.article.id}`)).statusCode, 404, 'still not public');

      const other = await signedIn('otherContributor');
      assert.equal((await other.client.get(`/newsroom/articles/${data.article.id}/preview`)).statusCode, 404);
      assert.equal((await app.inject(`/newsroom/articles/${data.article.id}/preview`)).statusCode, 303);
      assert.equal((await client.get('/newsroom/articles/999999/preview')).statusCode, 404);
    });

    it('previews a library image in the body as readers get it: a <picture> with every width', async () => {
      const hash = 'c'.repeat(64);
      const media = await store.db
        .insertInto('media')
        .values({
          hash,
          path: `${hash}/960.jpg`,
          mime_type: 'image/jpeg',
          width: 960,
          height: 640,
          bytes: 90_000,
          alt: 'ساحة جامع الفنا ليلا',
          caption: null,
          credit: null,
          created_at: new Date().toISOString(),
          variant_widths: '320,640,960',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { client, json } = await signedIn('contributor');
      const image = { type: 'image', mediaId: media.id, src: `/media/${hash}/960.jpg`, alt: 'ساحة جامع الفنا ليلا' };
      const { data } = await json('POST', '/newsroom/articles', { ...draft, body: [image, ...draft.body] });
      const preview = await client.get(`/newsroom/articles/${data.article.id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.match(
        preview.body,
        new RegExp(`<picture><source type="image/webp" srcset="/media/${hash}/320\\.webp 320w, `),
      );
    });

    it('suggests existing tags and bylines as the name is typed', async () => {
      const { json } = await signedIn('editor');
      await json('POST', '/newsroom/articles', {
        ...draft,
        tags: ['الانتخابات التشريعية', 'الانتقال الطاقي'],
        bylines: [{ name: 'و.م.ع', kind: 'organization' }],
      });
      const tags = await json('GET', `/newsroom/suggestions/tags?q=${encodeURIComponent('الانت')}`);
      assert.deepEqual((tags.data as unknown as { names: string[] }).names.sort(), [
        'الانتخابات التشريعية',
        'الانتقال الطاقي',
      ]);
      const authors = await json('GET', `/newsroom/suggestions/authors?q=${encodeURIComponent('و.م')}`);
      assert.deepEqual((authors.data as unknown as { names: string[] }).names, ['و.م.ع']);
      const wild = await json('GET', `/newsroom/suggestions/tags?q=${encodeURIComponent('%')}`);
      assert.deepEqual((wild.data as unknown as { names: string[] }).names, [], '% is a character, not a wildcard');
    });
  });
}
