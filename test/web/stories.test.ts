/**
 * Stories («ملفات») end to end through inject(), on SQLite and PostgreSQL: an editor opens a
 * story in the newsroom, finds articles by headline and adds them; readers get the story's page
 * (newest first, paginated, with its feeds announced), its RSS/Atom/JSON feeds, the «ملف» link
 * on each article and the API's /stories; the page cache follows every change, and the
 * publication of a draft that is in the story. An author may look but not change; a form
 * without its token changes nothing; bad input gets an Arabic reason, never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import type { User } from '../../src/newsroom/accounts.ts';
import type { Store } from '../../src/store/store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { deskRewrite, jawharaArticle, jawharaRecords, paragraphsOf } from '../helpers/dispatch-rewrite.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر الملفات';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بنعلي', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
} as const;
const RECORDS = jawharaRecords(60);
const SLUG = 'زلزال-الحوز';
const STORY_PATH = `/story/${encodeURIComponent(SLUG)}`;

interface ApiStory {
  id: number;
  slug: string;
  title: string;
  description: string;
  articleCount: number;
  url: string;
  feedUrl: string;
}

for (const dialect of DIALECTS) {
  describe(`stories in the newsroom, on the site, in feeds and the API (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let users: Record<keyof typeof PEOPLE, User>;
    let close: (() => Promise<void>) | undefined;
    let editor: NewsroomClient;
    let storyId: number;
    /** Two published articles, the older first, and words of their headlines. */
    let older: { id: number; headline: string };
    let newer: { id: number; headline: string };

    before(async () => {
      ({ store, app, users, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: (store) => store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle)),
      }));
      const summaries = await store.articles.listPublishedPage({ limit: 40 });
      // Two with distinct headlines of at least four words, a few days apart.
      const [a, b] = [summaries[30]!, summaries[5]!];
      older = { id: a.id, headline: a.headline };
      newer = { id: b.id, headline: b.headline };
      editor = await NewsroomClient.signedIn(app, PEOPLE.editor.email, PASSWORD, '/newsroom/stories');
    });
    after(async () => {
      await close?.();
    });

    const words = (headline: string) => headline.split(/\s+/).slice(0, 3).join(' ');
    /** The article ids a reader page lists, in order. */
    const listed = (html: string) =>
      [...html.matchAll(/<h2 class="headline"><a href="\/article\/(\d+)\//g)].map((m) => Number(m[1]));

    it('opens a story from the newsroom, refusing an empty title, a taken address and a form without its token', async () => {
      const page = await editor.get('/newsroom/stories');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<a href="\/newsroom\/stories" aria-current="page">الملفات<\/a>/);
      assert.match(page.body, /لا ملفات بعد/);

      const empty = await editor.post('/newsroom/stories', { title: '   ', description: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /اكتب عنوان الملف/);

      const tokenless = await editor.post('/newsroom/stories', { _csrf: null, title: 'زلزال الحوز', description: '' });
      assert.equal(tokenless.statusCode, 403);
      assert.equal(await store.stories.count(), 0);

      await editor.get('/newsroom/stories');
      const created = await editor.post('/newsroom/stories', {
        title: 'زلزال الحوز',
        description: 'كل ما نشرناه عن زلزال الحوز: الضحايا، الإيواء، وإعادة الإعمار.',
        slug: '',
      });
      assert.equal(created.statusCode, 303, created.body);
      const location = String(created.headers.location);
      assert.match(location, /^\/newsroom\/stories\/\d+\?done=created$/);
      storyId = Number(/stories\/(\d+)/.exec(location)![1]);
      const opened = await editor.get(location);
      assert.match(opened.body, /فُتح الملف/);
      assert.ok(opened.body.includes(`<a href="${STORY_PATH}">صفحة الملف في الموقع</a>`));

      await editor.get('/newsroom/stories');
      const taken = await editor.post('/newsroom/stories', { title: 'زِلزال الحَوز', description: '' });
      assert.equal(taken.statusCode, 409);
      assert.ok(taken.body.includes(`يوجد ملف آخر بالرابط «${SLUG}»`));
      // The refused form keeps what was typed.
      assert.ok(taken.body.includes('value="زِلزال الحَوز"'));
      assert.equal(await store.stories.count(), 1);
    });

    it('finds articles by headline and adds them; adding again changes nothing; bad ids get a reason', async () => {
      const search = await editor.get(`/newsroom/stories/${storyId}?q=${encodeURIComponent(words(older.headline))}`);
      assert.equal(search.statusCode, 200);
      assert.ok(search.body.includes(`data-article="${older.id}"`), 'the headline search finds the article');

      for (const article of [older, newer]) {
        await editor.get(`/newsroom/stories/${storyId}?q=${encodeURIComponent(words(article.headline))}`);
        const added = await editor.post(`/newsroom/stories/${storyId}/articles/add`, {
          articleId: String(article.id),
          q: words(article.headline),
        });
        assert.equal(added.statusCode, 303, added.body);
        assert.match(String(added.headers.location), /done=added&q=/);
      }
      const again = await editor.post(`/newsroom/stories/${storyId}/articles/add`, { articleId: String(older.id) });
      assert.match(String(again.headers.location), /done=already/);

      const unknown = await editor.post(`/newsroom/stories/${storyId}/articles/add`, { articleId: '999999' });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /هذا المقال غير موجود/);
      const malformed = await editor.post(`/newsroom/stories/${storyId}/articles/add`, { articleId: 'abc' });
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.body, /اختر مقالا من القائمة/);
      const noStory = await editor.post('/newsroom/stories/999999/articles/add', { articleId: String(older.id) });
      assert.equal(noStory.statusCode, 404);
      assert.match(noStory.body, /هذا الملف غير موجود/);

      const list = await editor.get('/newsroom/stories');
      assert.match(list.body, /مقالان/);
      assert.deepEqual((await store.stories.members(storyId)).map((m) => m.id).sort(), [older.id, newer.id].sort());
    });

    it('lets an author look but not change anything', async () => {
      const author = await NewsroomClient.signedIn(app, PEOPLE.author.email, PASSWORD, `/newsroom/stories/${storyId}`);
      const page = await author.get(`/newsroom/stories/${storyId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('زلزال الحوز'));
      assert.ok(!page.body.includes('/articles/add'), 'no forms for an author');
      for (const [path, form] of [
        ['/newsroom/stories', { title: 'كأس إفريقيا 2025', description: '' }],
        [`/newsroom/stories/${storyId}`, { title: 'عنوان آخر', description: '' }],
        [`/newsroom/stories/${storyId}/articles/remove`, { articleId: String(older.id) }],
        [`/newsroom/stories/${storyId}/delete`, { confirm: 'yes' }],
      ] as const) {
        const refused = await author.post(path, form);
        assert.equal(refused.statusCode, 403, path);
        assert.match(refused.body, /لا يحق لك بصفتك «كاتب»/);
      }
      assert.equal(await store.stories.count(), 1);
      assert.equal((await store.stories.members(storyId)).length, 2);
    });

    it('shows readers the story, newest first, with its feeds, and links each article to it', async () => {
      const page = await app.inject(STORY_PATH);
      assert.equal(page.statusCode, 200, page.body);
      assert.deepEqual(listed(page.body), [newer.id, older.id]);
      assert.match(page.body, /<h1>زلزال الحوز<\/h1>/);
      assert.ok(page.body.includes('الضحايا، الإيواء، وإعادة الإعمار'));
      assert.ok(
        page.body.includes(`<link rel="alternate" type="application/rss+xml" title="زلزال الحوز`) &&
          page.body.includes(`href="${STORY_PATH}/feed.xml"`),
        'the page announces its feed',
      );
      const tags = String(page.headers['surrogate-key']).split(' ');
      for (const tag of [`story:${storyId}`, `article:${older.id}`, `article:${newer.id}`])
        assert.ok(tags.includes(tag), tag);

      const article = await app.inject({ url: `/article/${older.id}` });
      const articlePage = await app.inject(String(article.headers.location));
      assert.ok(articlePage.body.includes(`ملف: <a href="${STORY_PATH}"><bdi>زلزال الحوز</bdi></a>`));
      assert.ok(String(articlePage.headers['surrogate-key']).split(' ').includes(`story:${storyId}`));

      assert.equal((await app.inject(`${STORY_PATH}?page=2`)).statusCode, 404);
      assert.equal((await app.inject(`${STORY_PATH}?page=1`)).statusCode, 301);
      assert.equal((await app.inject('/story/ملف-لا-وجود-له')).statusCode, 404);
    });

    it('serves the story as RSS, Atom and JSON Feed', async () => {
      const rss = await app.inject(`${STORY_PATH}/feed.xml`);
      assert.equal(rss.statusCode, 200);
      assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
      const titles = [...rss.body.matchAll(/<item>\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]);
      assert.equal(titles.length, 2);
      assert.match(rss.body, /<title>زلزال الحوز — /);
      const json = (await app.inject(`${STORY_PATH}/feed.json`)).json() as { title: string; items: { id: string }[] };
      assert.match(json.title, /^زلزال الحوز — /);
      assert.deepEqual(
        json.items.map((i) => Number(/\/article\/(\d+)/.exec(i.id)![1])),
        [newer.id, older.id],
      );
      assert.equal((await app.inject(`${STORY_PATH}/feed.atom`)).statusCode, 200);
      assert.equal((await app.inject('/story/ملف-لا-وجود-له/feed.xml')).statusCode, 404);
    });

    it('answers /api/v1/stories and /api/v1/stories/:slug in keyset pages', async () => {
      const list = await app.inject('/api/v1/stories');
      assert.equal(list.statusCode, 200, list.body);
      const { data } = list.json() as { data: ApiStory[]; nextCursor: string | null };
      assert.equal(data.length, 1);
      assert.deepEqual(
        { slug: data[0]!.slug, title: data[0]!.title, articleCount: data[0]!.articleCount },
        { slug: SLUG, title: 'زلزال الحوز', articleCount: 2 },
      );
      assert.match(data[0]!.feedUrl, /\/feed\.xml$/);

      const first = await app.inject(`/api/v1/stories/${encodeURIComponent(SLUG)}?limit=1`);
      assert.equal(first.statusCode, 200, first.body);
      const page1 = first.json() as { story: ApiStory; data: { id: number }[]; nextCursor: string };
      assert.equal(page1.story.id, storyId);
      assert.deepEqual(
        page1.data.map((a) => a.id),
        [newer.id],
      );
      const second = (
        await app.inject(`/api/v1/stories/${encodeURIComponent(SLUG)}?limit=1&cursor=${page1.nextCursor}`)
      ).json() as { data: { id: number }[]; nextCursor: string | null };
      assert.deepEqual(
        second.data.map((a) => a.id),
        [older.id],
      );
      assert.equal(second.nextCursor, null);

      const missing = await app.inject('/api/v1/stories/ملف-لا-وجود-له');
      assert.equal(missing.statusCode, 404);
      assert.equal((missing.json() as { error: { code: string } }).error.code, 'story_not_found');
      const badCursor = await app.inject(`/api/v1/stories/${encodeURIComponent(SLUG)}?cursor=zzz`);
      assert.equal(badCursor.statusCode, 400);
      assert.equal((await app.inject('/api/v1/stories?limit=0')).statusCode, 400);
    });

    it('lists the stories readers can open in the sitemap, not one without a published article', async () => {
      const actor = { id: users.editor.id, role: 'editor' as const };
      const empty = await store.stories.create(actor, { title: 'ملف بلا مقالات منشورة', description: '' });
      const index = await app.inject('/sitemap.xml');
      assert.equal(index.statusCode, 200);
      assert.ok(index.body.includes('<loc>https://alghad24.test/sitemaps/stories.xml</loc>'), index.body);
      const file = await app.inject('/sitemaps/stories.xml');
      assert.equal(file.statusCode, 200);
      const locs = [...file.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      assert.deepEqual(locs, [`https://alghad24.test${STORY_PATH}`]);
      assert.ok(!file.body.includes(encodeURIComponent(empty.slug)));
      assert.ok(String(file.headers['surrogate-key']).split(' ').includes('stories'));
      assert.equal((await app.inject('/sitemaps/stories-2.xml')).statusCode, 404);
      await store.stories.remove(actor, empty.id);
    });

    it('refreshes the cached story page when a draft in the story is published', async () => {
      const actor = { id: users.editor.id, role: 'editor' as const };
      const record = RECORDS[0]!;
      const draft = await store.newsroomArticles.create(actor, {
        headline: 'الحوز: انطلاق إعادة بناء المدارس المتضررة من الزلزال',
        body: [{ type: 'paragraph', text: String(record.text).split('\n')[0]! }],
        sectionSlug: 'وطنية',
        bylines: [],
      });
      // The job loop as `serve` runs it: its purges reach this process's page cache at once.
      const loop = new JobLoop({ store, timeZone: 'Africa/Casablanca', onPurge: (tags) => app.pageCache.purge(tags) });
      await editor.get(`/newsroom/stories/${storyId}`);
      const added = await editor.post(`/newsroom/stories/${storyId}/articles/add`, { articleId: String(draft.id) });
      assert.equal(added.statusCode, 303);
      // Every purge written so far is done: what follows is the publication's alone.
      await loop.runDue();
      // The draft is in the story, not on its page.
      assert.deepEqual(listed((await app.inject(STORY_PATH)).body), [newer.id, older.id]);
      assert.equal((await app.inject(STORY_PATH)).headers['x-ghad-cache'], 'hit');

      await store.newsroomArticles.transition(actor, draft.id, { action: 'publish' });
      await loop.runDue();
      const refreshed = await app.inject(STORY_PATH);
      assert.equal(refreshed.headers['x-ghad-cache'], 'miss');
      assert.deepEqual(listed(refreshed.body), [draft.id, newer.id, older.id]);
      // And the feed, tagged like the page.
      assert.ok((await app.inject(`${STORY_PATH}/feed.xml`)).body.includes('انطلاق إعادة بناء المدارس'));
    });

    it('pages a long story by 20, and shows a dispatch rewritten once', async () => {
      const actor = { id: users.editor.id, role: 'editor' as const };
      const more = await store.articles.listPublishedPage({ limit: 60 });
      for (const article of more.slice(0, 25)) await store.stories.addArticle(actor, storyId, article.id);
      app.pageCache.purge([`story:${storyId}`]);
      const total = await store.stories.countPublished(storyId);
      assert.ok(total > 20);
      const first = await app.inject(STORY_PATH);
      assert.ok(listed(first.body).length <= 20);
      assert.ok(first.body.includes(`href="${STORY_PATH}?page=2"`));
      const second = await app.inject(`${STORY_PATH}?page=2`);
      assert.equal(second.statusCode, 200);
      assert.equal((await app.inject(`${STORY_PATH}?page=${Math.ceil(total / 20) + 1}`)).statusCode, 404);

      // The same dispatch as another desk ran it: in a story with its original, shown once.
      const record = RECORDS.find((r) => paragraphsOf(r).length >= 4)!;
      await store.articles.upsertManyByExternalId([
        deskRewrite(record, 'desk-rewrite-40', `${String(record.title)} (محدث)`),
      ]);
      const [original, rewrite] = await Promise.all(
        [String(record.id), 'desk-rewrite-40'].map(
          async (externalId) =>
            (
              await store.db
                .selectFrom('articles')
                .select('id')
                .where('external_id', '=', externalId)
                .executeTakeFirstOrThrow()
            ).id,
        ),
      );
      const copies = await store.stories.create(actor, { title: 'نسخ البرقية', description: '' });
      await store.stories.addArticle(actor, copies.id, original!);
      await store.stories.addArticle(actor, copies.id, rewrite!);
      const shown = listed((await app.inject(`/story/${encodeURIComponent(copies.slug)}`)).body);
      assert.equal(shown.filter((id) => id === original || id === rewrite).length, 1, 'a near-copy is left out');
      await store.stories.remove(actor, copies.id);
    });

    it('orders articles by hand from the newsroom: the page and the API list them first, in that order', async () => {
      const before = listed((await app.inject(STORY_PATH)).body);
      assert.ok(before.length >= 4);
      // Two from further down the page: the older one to the top, then the other under it.
      const [x, y] = [before[3]!, before[2]!];
      await editor.get(`/newsroom/stories/${storyId}`);
      const top = await editor.post(`/newsroom/stories/${storyId}/articles/move`, {
        articleId: String(x),
        move: 'top',
      });
      assert.equal(top.statusCode, 303, top.body);
      assert.equal(top.headers.location, `/newsroom/stories/${storyId}?done=moved#members-title`);
      const up = await editor.post(`/newsroom/stories/${storyId}/articles/move`, { articleId: String(y), move: 'up' });
      assert.equal(up.statusCode, 303, up.body);
      const rest = before.filter((id) => id !== x && id !== y);

      // The cached page was purged: a miss, with the new order.
      const page = await app.inject(STORY_PATH);
      assert.equal(page.headers['x-ghad-cache'], 'miss');
      assert.deepEqual(listed(page.body).slice(0, 4), [x, y, ...rest.slice(0, 2)]);
      const newsroom = await editor.get(`/newsroom/stories/${storyId}?done=moved`);
      assert.match(newsroom.body, /تغيّر ترتيب المقالات في الملف/);
      assert.ok(newsroom.body.includes('مرتّب يدويا: 1') && newsroom.body.includes('مرتّب يدويا: 2'));
      const members = [...newsroom.body.matchAll(/<li data-article="(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepEqual(members.slice(0, 2), [x, y]);
      // The API: the hand-ordered ones, page by page, then the others newest first.
      const api = (cursor?: string) =>
        app
          .inject(`/api/v1/stories/${encodeURIComponent(SLUG)}?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .then((r) => r.json() as { data: { id: number }[]; nextCursor: string | null });
      const one = await api();
      const two = await api(one.nextCursor!);
      const three = await api(two.nextCursor!);
      assert.deepEqual(
        [...one.data, ...two.data, ...three.data].map((a) => a.id),
        [x, y, rest[0]],
      );
      const whole = (await app.inject(`/api/v1/stories/${encodeURIComponent(SLUG)}?limit=3`).then((r) => r.json())) as {
        data: { id: number }[];
      };
      assert.deepEqual(
        whole.data.map((a) => a.id),
        [x, y, rest[0]],
      );
      // Bad moves get a reason; an author is refused.
      const unknown = await editor.post(`/newsroom/stories/${storyId}/articles/move`, {
        articleId: String(x),
        move: 'sideways',
      });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /لم يُفهم الترتيب المطلوب/);
      const author = await NewsroomClient.signedIn(app, PEOPLE.author.email, PASSWORD, `/newsroom/stories/${storyId}`);
      const refused = await author.post(`/newsroom/stories/${storyId}/articles/move`, {
        articleId: String(y),
        move: 'top',
      });
      assert.equal(refused.statusCode, 403);
      // Back to the order by date.
      for (const id of [x, y]) {
        await editor.get(`/newsroom/stories/${storyId}`);
        await editor.post(`/newsroom/stories/${storyId}/articles/move`, { articleId: String(id), move: 'auto' });
      }
      assert.deepEqual(listed((await app.inject(STORY_PATH)).body), before);
    });

    it('moves the story to a new address: the old one answers 301 on the site, its feeds and the API', async () => {
      const NEW = 'زلزال-الحوز-2023';
      const newPath = `/story/${encodeURIComponent(NEW)}`;
      await editor.get(`/newsroom/stories/${storyId}`);
      const empty = await editor.post(`/newsroom/stories/${storyId}/slug`, { slug: ' ؟!' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /اكتب رابط الملف/);
      const changed = await editor.post(`/newsroom/stories/${storyId}/slug`, { slug: 'زلزال الحوز 2023' });
      assert.equal(changed.statusCode, 303, changed.body);
      const shown = await editor.get(String(changed.headers.location));
      assert.match(shown.body, /تغيّر رابط الملف/);
      assert.ok(shown.body.includes(`<bdi dir="ltr">/story/${SLUG}</bdi>`), 'the old address is listed');

      const old = await app.inject(STORY_PATH);
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, newPath);
      assert.equal((await app.inject(`${STORY_PATH}?page=2`)).headers.location, `${newPath}?page=2`);
      const feed = await app.inject(`${STORY_PATH}/feed.xml`);
      assert.equal(feed.statusCode, 301);
      assert.equal(feed.headers.location, `${newPath}/feed.xml`);
      const api = await app.inject(`/api/v1/stories/${encodeURIComponent(SLUG)}?limit=2`);
      assert.equal(api.statusCode, 301);
      assert.equal(api.headers.location, `/api/v1/stories/${encodeURIComponent(NEW)}?limit=2`);
      assert.equal((api.json() as { story: ApiStory }).story.slug, NEW);
      assert.equal((await app.inject(newPath)).statusCode, 200);
      // Its articles link to the new address at once (their cached pages were purged).
      const article = await app.inject(String((await app.inject(`/article/${newer.id}`)).headers.location));
      assert.ok(article.body.includes(`ملف: <a href="${newPath}">`));

      // A taken address is refused; going back to the first address frees it.
      const other = await store.stories.create(
        { id: users.editor.id, role: 'editor' },
        { title: 'كأس إفريقيا 2025', description: '' },
      );
      const taken = await editor.post(`/newsroom/stories/${storyId}/slug`, { slug: other.slug });
      assert.equal(taken.statusCode, 409);
      assert.ok(taken.body.includes(`value="${other.slug}"`));
      await store.stories.remove({ id: users.editor.id, role: 'editor' }, other.id);
      await editor.get(`/newsroom/stories/${storyId}`);
      const back = await editor.post(`/newsroom/stories/${storyId}/slug`, { slug: SLUG });
      assert.equal(back.statusCode, 303);
      assert.equal((await app.inject(STORY_PATH)).statusCode, 200);
      assert.equal((await app.inject(newPath)).headers.location, STORY_PATH);
    });

    it('renames the story everywhere at once, takes an article out, and deletes only when confirmed', async () => {
      await app.inject(STORY_PATH);
      const olderPath = String((await app.inject(`/article/${older.id}`)).headers.location);
      await app.inject(olderPath);

      await editor.get(`/newsroom/stories/${storyId}`);
      const tooLong = await editor.post(`/newsroom/stories/${storyId}`, { title: 'ز'.repeat(121), description: '' });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /عنوان الملف طويل/);
      const renamed = await editor.post(`/newsroom/stories/${storyId}`, {
        title: 'زلزال الحوز: سنة بعد الكارثة',
        description: 'إعادة الإعمار في إقليم الحوز.',
      });
      assert.equal(renamed.statusCode, 303);
      const page = await app.inject(STORY_PATH);
      assert.equal(page.headers['x-ghad-cache'], 'miss');
      assert.match(page.body, /<h1>زلزال الحوز: سنة بعد الكارثة<\/h1>/);
      assert.ok((await app.inject(olderPath)).body.includes('<bdi>زلزال الحوز: سنة بعد الكارثة</bdi>'));

      const removed = await editor.post(`/newsroom/stories/${storyId}/articles/remove`, {
        articleId: String(older.id),
      });
      assert.equal(removed.statusCode, 303);
      assert.ok(!(await app.inject(olderPath)).body.includes('ملف: '));
      const twice = await editor.post(`/newsroom/stories/${storyId}/articles/remove`, { articleId: String(older.id) });
      assert.equal(twice.statusCode, 409);
      assert.match(twice.body, /ليس في الملف/);

      const unconfirmed = await editor.post(`/newsroom/stories/${storyId}/delete`, {});
      assert.equal(unconfirmed.statusCode, 400);
      assert.match(unconfirmed.body, /أكّد الحذف/);
      assert.ok(await store.stories.byId(storyId));
      const deleted = await editor.post(`/newsroom/stories/${storyId}/delete`, { confirm: 'yes' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, '/newsroom/stories?done=deleted');
      assert.equal((await app.inject(STORY_PATH)).statusCode, 404);
      assert.equal((await app.inject(`/api/v1/stories/${encodeURIComponent(SLUG)}`)).statusCode, 404);
      assert.deepEqual((await app.inject('/api/v1/stories')).json(), { data: [], nextCursor: null });
      assert.equal((await editor.get(`/newsroom/stories/${storyId}`)).statusCode, 404);
    });
  });
}
