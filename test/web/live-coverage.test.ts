/**
 * Live coverage end to end through inject(), on SQLite and PostgreSQL: an editor starts it on
 * the live desk, posts entries (text, quote, a key event, a pinned one), and the cached article
 * page shows them newest first with the pinned one on top and «أبرز الأحداث»; the change list
 * (/live/<id>.json) is one cached answer per article (hit, 304 by ETag) purged by every change;
 * entries come 20 a page; LiveBlogPosting JSON-LD; the admin API posts and edits (409 with both
 * texts kept); bad input (a not-live article, script in an entry, an empty entry, two editors
 * on one entry) gets a clear answer and loses nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import type { Store } from '../../src/store/store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords, paragraphsOf } from '../helpers/dispatch-rewrite.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر التغطية المباشرة';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بنعلي', role: 'editor' },
  desk: { email: 'desk@alghad24.ma', displayName: 'كريم العلوي', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
} as const;
const RECORDS = jawharaRecords(20);
/** Real sentences from the corpus, Arabic only (no quotation marks or Latin runs, which the page escapes or isolates). */
const LINES = RECORDS.flatMap(paragraphsOf).filter(
  (p) => p.length > 30 && p.length < 600 && /^[\u0600-\u06ff\s.,0-9()-]+$/u.test(p),
);
/** Ten distinct sentences at least: each test's text is told apart from the others'. */
assert.ok(LINES.length >= 10, `${LINES.length} corpus sentences`);
const SCRIPT = '<script>alert("مباشر")</script><img src=x onerror=alert(1)>';

const entryIds = (html: string, list: 'live__entries' | 'live__pinned') => {
  const start = html.indexOf(`class="${list}"`);
  assert.ok(start >= 0, `${list} on the page`);
  const end = html.indexOf('</ol>', start);
  return [...html.slice(start, end).matchAll(/<li class="live-entry[^"]*" id="entry-(\d+)"/g)].map((m) => Number(m[1]));
};
const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1] as string));

for (const dialect of DIALECTS) {
  describe(`live coverage: desk, page, change list, API (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let editor: NewsroomClient;
    let desk: NewsroomClient;
    let articleId: number;
    let notLiveId: number;
    let path: string;
    let token: string;

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: (store) => store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle)),
      }));
      const [article, other] = await store.articles.listPublishedPage({ limit: 2 });
      articleId = article!.id;
      notLiveId = other!.id;
      path = String((await app.inject(`/article/${articleId}`)).headers.location);
      editor = await NewsroomClient.signedIn(
        app,
        PEOPLE.editor.email,
        PASSWORD,
        `/newsroom/articles/${articleId}/live`,
      );
      desk = await NewsroomClient.signedIn(app, PEOPLE.desk.email, PASSWORD, `/newsroom/articles/${articleId}/live`);
      const user = await store.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', PEOPLE.editor.email)
        .executeTakeFirstOrThrow();
      token = (await newsroomAccounts(store.db).apiTokens.create({ kind: 'admin', name: 'أداة البث', userId: user.id }))
        .secret;
    });
    after(async () => {
      await close?.();
    });

    const post = (client: NewsroomClient, url: string, form: Record<string, string>) =>
      client.post(url, { kind: 'text', title: '', text: '', cite: '', imageUrl: '', alt: '', embedUrl: '', ...form });
    const api = (method: 'POST' | 'PUT', url: string, payload: unknown) =>
      app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const lastEntryId = async () =>
      (await store.db.selectFrom('live_entries').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

    it('refuses an entry before the coverage starts, keeping what was typed', async () => {
      const desked = await editor.get(`/newsroom/articles/${articleId}/live`);
      assert.equal(desked.statusCode, 200);
      assert.match(desked.body, /بدء التغطية المباشرة/);
      const refused = await post(editor, `/newsroom/articles/${articleId}/live/entries`, { text: LINES[0] as string });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /ليس تغطية مباشرة: ابدأ التغطية أولا/);
      const page = await app.inject(path);
      assert.ok(!page.body.includes('class="live"'), 'not a live page');
    });

    it('starts the coverage and posts entries; the cached page shows them newest first with «مباشر»', async () => {
      const before = await app.inject(path);
      assert.equal((await app.inject(path)).headers['x-ghad-cache'], 'hit');
      assert.ok(before.statusCode === 200);
      const started = await editor.post(`/newsroom/articles/${articleId}/live/start`);
      assert.equal(started.statusCode, 303, started.body);
      assert.equal(started.headers.location, `/newsroom/articles/${articleId}/live?done=started`);

      await editor.get(`/newsroom/articles/${articleId}/live`);
      for (const [i, form] of (
        [
          { text: LINES[1] as string, keyEvent: '1', title: 'وصول فرق الإنقاذ' },
          { kind: 'quote', text: LINES[2] as string, cite: 'وزير الداخلية' },
          { text: SCRIPT },
        ] as Record<string, string>[]
      ).entries()) {
        const answer = await post(editor, `/newsroom/articles/${articleId}/live/entries`, form);
        assert.equal(answer.statusCode, 303, `entry ${i}: ${answer.body}`);
      }
      const last = await lastEntryId();
      const page = await app.inject(path);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['x-ghad-cache'], 'miss', 'purged by the entries');
      assert.match(page.body, /<span class="live-badge">مباشر<\/span>/);
      // Above the headline too, leading down to the entries.
      assert.match(page.body, /<a class="live-jump" href="#live">[\s\S]*?<\/a>\s*(<span class="kicker">|<h1)/);
      assert.deepEqual(entryIds(page.body, 'live__entries'), [last, last - 1, last - 2]);
      assert.match(page.body, /<blockquote[^>]*>[\s\S]*وزير الداخلية/);
      assert.ok(page.body.includes('&lt;<bdi dir="ltr">script</bdi>>'), 'script shown as text');
      assert.ok(!page.body.includes('<script>alert'), 'never as markup');
      assert.match(page.body, /<script type="module" src="\/assets\/live-updates\.[0-9a-f]{10}\.js"><\/script>/);
      assert.match(page.body, new RegExp(`data-changes="/live/${articleId}\\.json" data-sequence="4"`));
      assert.match(page.body, /<h3 id="key-events-title">أبرز الأحداث<\/h3>/);
      assert.ok(page.body.includes(`href="#entry-${last - 2}"`), 'the key event links into the page');
    });

    it('serves the change list cached for every reader, by ETag, and purges it with each change', async () => {
      const url = `/live/${articleId}.json`;
      const first = await app.inject(url);
      assert.equal(first.statusCode, 200);
      assert.match(String(first.headers['content-type']), /^application\/json/);
      assert.match(String(first.headers['surrogate-key']), new RegExp(`live:${articleId}`));
      const answer = first.json() as {
        sequence: number;
        ended: boolean;
        changes: { sequence: number; action: string; entryId: number | null; html?: string }[];
      };
      assert.equal(answer.sequence, 4);
      assert.equal(answer.ended, false);
      assert.deepEqual(
        answer.changes.map((c) => c.action),
        ['started', 'added', 'added', 'added'],
      );
      assert.match(
        (first.json() as { keyEvents: string }).keyEvents,
        /<nav class="live__key-events"[^>]*>.*href="#entry-\d+"/s,
        'the key events as page 1 lists them',
      );
      const scripted = answer.changes.at(-1)?.html ?? '';
      assert.ok(scripted.includes('&lt;<bdi dir="ltr">script</bdi>>'), 'the entry HTML escapes the script');
      assert.ok(!scripted.includes('<script'), scripted);

      const again = await app.inject(url);
      assert.equal(again.headers['x-ghad-cache'], 'hit');
      const etag = String(again.headers.etag);
      assert.equal((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode, 304);

      await editor.get(`/newsroom/articles/${articleId}/live`);
      const pinned = await post(editor, `/newsroom/articles/${articleId}/live/entries`, {
        text: LINES[3] as string,
        pinned: '1',
      });
      assert.equal(pinned.statusCode, 303, pinned.body);
      const changed = await app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(changed.statusCode, 200, 'purged: a new answer');
      const after = changed.json() as { sequence: number; pinned: { id: number; html: string } | null };
      assert.equal(after.sequence, 5);
      assert.equal(after.pinned?.id, await lastEntryId());

      assert.equal((await app.inject(`/live/${notLiveId}.json`)).statusCode, 404, 'an article that is not live');
      assert.equal((await app.inject('/live/abc.json')).statusCode, 404);
    });

    it('shows the pinned entry on top and out of the list', async () => {
      const pinnedId = await lastEntryId();
      const page = await app.inject(path);
      assert.deepEqual(entryIds(page.body, 'live__pinned'), [pinnedId]);
      assert.ok(!entryIds(page.body, 'live__entries').includes(pinnedId));
    });

    it('answers two editors saving one entry with a 409 that keeps both texts', async () => {
      const id = (await lastEntryId()) - 1;
      const opened = await store.live.entry(id);
      assert.ok(opened);
      await editor.get(`/newsroom/articles/${articleId}/live`);
      await desk.get(`/newsroom/articles/${articleId}/live`);
      const won = await post(editor, `/newsroom/live-entries/${id}`, { version: '1', text: LINES[4] as string });
      assert.equal(won.statusCode, 303, won.body);
      const lost = await post(desk, `/newsroom/live-entries/${id}`, { version: '1', text: LINES[5] as string });
      assert.equal(lost.statusCode, 409);
      assert.match(lost.body, /عدّل محرر آخر هذا التحديث/);
      assert.ok(lost.body.includes(LINES[5] as string), 'the losing text is on the page');
      assert.ok(lost.body.includes(LINES[4] as string), 'and the winning one');
      const revisions = await store.live.revisions({ id: null, role: 'owner' }, id);
      assert.ok(revisions.some((r) => r.reason === 'conflict' && JSON.stringify(r.body).includes(LINES[5] as string)));
      const page = await app.inject(path);
      assert.ok(page.body.includes(LINES[4] as string), 'the winner is what readers see');
    });

    it('lets the admin API post entries, refuses a not-live article and bad bodies, and 409s a stale edit', async () => {
      const created = await api('POST', `/admin/articles/${articleId}/live-entries`, {
        title: 'بيان رسمي',
        body: [{ type: 'paragraph', text: LINES[6] as string }],
        keyEvent: true,
      });
      assert.equal(created.statusCode, 201, created.body);
      const entry = created.json() as { id: number; version: number; kind: string; url: string; keyEvent: boolean };
      assert.equal(entry.kind, 'text');
      assert.equal(entry.keyEvent, true);
      assert.ok(entry.url.endsWith(`${path}#entry-${entry.id}`), entry.url);
      assert.ok((await app.inject(path)).body.includes(LINES[6] as string));

      const notLive = await api('POST', `/admin/articles/${notLiveId}/live-entries`, {
        body: [{ type: 'paragraph', text: 'نص' }],
      });
      assert.equal(notLive.statusCode, 409);
      assert.equal((notLive.json() as { error: { code: string } }).error.code, 'article_not_live');
      const empty = await api('POST', `/admin/articles/${articleId}/live-entries`, { body: [] });
      assert.equal(empty.statusCode, 400);
      const unknown = await api('POST', `/admin/articles/${articleId}/live-entries`, {
        body: [{ type: 'paragraph', text: 'نص' }],
        html: '<b>',
      });
      assert.equal(unknown.statusCode, 400);

      const edited = await api('PUT', `/admin/live-entries/${entry.id}`, {
        baseVersion: 1,
        body: [{ type: 'paragraph', text: LINES[7] as string }],
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const stale = await api('PUT', `/admin/live-entries/${entry.id}`, {
        baseVersion: 1,
        body: [{ type: 'paragraph', text: LINES[8] as string }],
      });
      assert.equal(stale.statusCode, 409);
      const { error } = stale.json() as {
        error: {
          code: string;
          messageAr: string;
          currentVersion: number;
          keptAsRevision: number;
          current: { body: unknown };
        };
      };
      assert.equal(error.code, 'live_entry_conflict');
      assert.equal(error.currentVersion, 2);
      assert.ok(error.keptAsRevision > 0);
      assert.deepEqual(error.current.body, [{ type: 'paragraph', text: LINES[7] }]);
    });

    it('lists the entries in the coverage’s own feeds, announced by its page', async () => {
      const page = await app.inject(path);
      assert.ok(
        page.body.includes(`href="http://localhost:3000${path}/feed.xml"`) || page.body.includes(`${path}/feed.xml"`),
      );
      for (const file of ['feed.xml', 'feed.atom', 'feed.json']) {
        const feed = await app.inject(`${path}/${file}`);
        assert.equal(feed.statusCode, 200, file);
        assert.ok(feed.body.includes((LINES[7] as string).slice(0, 40)), `${file}: the edited API entry`);
        assert.ok(feed.body.includes('#entry-'), `${file}: entries link into the page`);
        assert.ok(!feed.body.includes('<script>alert'), `${file}: script never as markup`);
      }
      assert.equal((await app.inject(`${path}/feed.atom`)).headers['x-ghad-cache'], 'hit');
      const notLive = String((await app.inject(`/article/${notLiveId}`)).headers.location);
      assert.equal((await app.inject(`${notLive}/feed.xml`)).statusCode, 404, 'an article that is not live has none');
    });

    it('pages 20 entries at a time with «تحديثات أقدم», and sends a page past the last to the article', async () => {
      const editorUser = await store.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', PEOPLE.editor.email)
        .executeTakeFirstOrThrow();
      const actor = { id: editorUser.id, role: 'editor' } as const;
      for (let i = 0; i < 40; i++) {
        await store.live.add(actor, articleId, {
          body: [{ type: 'paragraph', text: LINES[i % LINES.length] as string }],
        });
      }
      app.pageCache.purge([`live:${articleId}`]);
      const total = (await store.live.page(articleId, 1)).total;
      const first = await app.inject(path);
      assert.equal(entryIds(first.body, 'live__entries').length, 20);
      assert.ok(first.body.includes(`href="${path}?page=2#live"`), 'تحديثات أقدم');
      const lastPage = Math.ceil(total / 20);
      const last = await app.inject(`${path}?page=${lastPage}`);
      assert.equal(last.statusCode, 200);
      assert.equal(entryIds(last.body, 'live__entries').length, total - (lastPage - 1) * 20);
      assert.ok(!last.body.includes('live-updates.'), 'older pages do not poll');
      const canonical = /<link rel="canonical" href="([^"]+)"/.exec(last.body)?.[1] ?? '';
      assert.ok(canonical.endsWith(`${path}?page=${lastPage}`), `its own canonical: ${canonical}`);
      assert.ok(last.body.includes(`<link rel="prev"`), 'linked to the newer page');
      const past = await app.inject(`${path}?page=${lastPage + 1}`);
      assert.equal(past.statusCode, 301);
      assert.equal(past.headers.location, path);
    });

    it('describes the page as a LiveBlogPosting, with its end once the coverage ends', async () => {
      const live = jsonLdOf((await app.inject(path)).body).find((d) => d['@type'] === 'LiveBlogPosting');
      assert.ok(live, 'a LiveBlogPosting');
      assert.match(live.coverageStartTime, /^\d{4}-\d{2}-\d{2}T/);
      assert.equal(live.coverageEndTime, undefined);
      assert.equal(live.liveBlogUpdate.length, 21, 'the pinned entry and the page’s 20');
      assert.equal(live.liveBlogUpdate[0]['@type'], 'BlogPosting');
      assert.ok(live.headline.length > 0);

      await editor.get(`/newsroom/articles/${articleId}/live`);
      const ended = await editor.post(`/newsroom/articles/${articleId}/live/end`);
      assert.equal(ended.statusCode, 303, ended.body);
      const page = await app.inject(path);
      assert.match(page.body, /live-badge--ended">انتهت/);
      assert.ok(!page.body.includes('class="live-jump"'), 'an ended coverage is not announced above the headline');
      assert.ok(!page.body.includes('live-updates.'), 'an ended coverage does not poll');
      const done = jsonLdOf(page.body).find((d) => d['@type'] === 'LiveBlogPosting');
      assert.match(done.coverageEndTime, /^\d{4}-\d{2}-\d{2}T/);
      const answer = (await app.inject(`/live/${articleId}.json`)).json() as { ended: boolean };
      assert.equal(answer.ended, true);
      await editor.get(`/newsroom/articles/${articleId}/live`);
      const late = await post(editor, `/newsroom/articles/${articleId}/live/entries`, { text: LINES[9] as string });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /انتهت هذه التغطية المباشرة/);
      assert.ok(late.body.includes(LINES[9] as string), 'what was typed is kept in the form');
    });

    it('keeps the desk from an author who does not own the article', async () => {
      const author = await NewsroomClient.signedIn(app, PEOPLE.author.email, PASSWORD);
      assert.equal((await author.get(`/newsroom/articles/${articleId}/live`)).statusCode, 404);
    });
  });
}
