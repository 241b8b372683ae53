/**
 * Home page curation and breaking news through inject(), on SQLite and PostgreSQL: an editor
 * pins, orders and removes top stories and orders the section blocks, and the reader home page
 * follows; breaking news puts a banner on every reader page (through the page cache) until it
 * is cleared or its time ends, while feeds stay cached; authors and contributors are refused by
 * direct POSTs; bad input gets an Arabic reason and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import type { User } from '../../src/newsroom/accounts.ts';
import type { Actor } from '../../src/newsroom/policy.ts';
import type { Role } from '../../src/newsroom/roles.ts';
import type { Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر الصفحة الرئيسية';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
  contributor: { email: 'contributor@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' },
} as const;
const ARABIC = /[\u0600-\u06ff]{3}/;
const BANNER = /<aside class="breaking" aria-label="خبر عاجل">([\s\S]*?)<\/aside>/;

/** The article ids of the home page's top story and highlights, in order. */
function topOfHome(html: string): number[] {
  const front = /<section class="front"[\s\S]*?<\/section>/.exec(html)?.[0] ?? html;
  return [...front.matchAll(/href="\/article\/(\d+)\//g)]
    .map((m) => Number(m[1]))
    .filter((id, i, all) => all.indexOf(id) === i);
}

/** The section ids of the home page's blocks, in order. */
function sectionBlocks(html: string): number[] {
  return [...html.matchAll(/id="section-(\d+)"/g)].map((m) => Number(m[1]));
}

for (const dialect of DIALECTS) {
  describe(`home page curation and breaking news (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let published: number[];
    let draft: number;
    const actors = {} as Record<keyof typeof PEOPLE, Actor>;
    const clients = new Map<string, NewsroomClient>();

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: async (store, users) => {
          for (const [key, user] of Object.entries(users) as [keyof typeof PEOPLE, User][]) {
            actors[key] = { id: user.id, role: PEOPLE[key].role as Role };
          }
          published = await importSampleNewspaper(store, { dated: 24, undated: 0, recent: 2 });
          draft = (await store.newsroomArticles.create(actors.contributor, corpusDrafts(30)[29]!)).id;
        },
      }));
    });
    after(async () => {
      await close?.();
    });

    async function as(role: keyof typeof PEOPLE): Promise<NewsroomClient> {
      let client = clients.get(role);
      if (!client) {
        client = await NewsroomClient.signedIn(app, PEOPLE[role].email, PASSWORD);
        clients.set(role, client);
      }
      await client.get('/newsroom/curation');
      return client;
    }

    it('an editor pins, reorders and removes top stories, and the home page follows at once', async () => {
      const editor = await as('editor');
      const page = await editor.get('/newsroom/curation');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /الصفحة الرئيسية والأخبار العاجلة/);
      const [a, b, c] = [published[10]!, published[15]!, published[20]!];
      assert.equal((await app.inject('/')).headers['x-ghad-cache'], 'miss');
      assert.equal((await app.inject('/')).headers['x-ghad-cache'], 'hit');
      for (const id of [a, b, c]) {
        const added = await editor.post('/newsroom/curation/pins/add', { articleId: String(id) });
        assert.equal(added.statusCode, 303, added.body);
        assert.equal(added.headers.location, '/newsroom/curation?done=pinned');
        await editor.get('/newsroom/curation');
      }
      assert.deepEqual(await store.curation.homePins(), [a, b, c]);
      const home = await app.inject('/');
      assert.equal(home.headers['x-ghad-cache'], 'miss', 'the home page was purged');
      assert.deepEqual(topOfHome(home.body).slice(0, 3), [a, b, c]);

      await editor.post('/newsroom/curation/pins/move', { articleId: String(c), direction: 'up' });
      await editor.get('/newsroom/curation');
      await editor.post('/newsroom/curation/pins/move', { articleId: String(c), direction: 'up' });
      await editor.get('/newsroom/curation');
      await editor.post('/newsroom/curation/pins/remove', { articleId: String(b) });
      assert.deepEqual(await store.curation.homePins(), [c, a]);
      assert.deepEqual(topOfHome((await app.inject('/')).body).slice(0, 2), [c, a]);

      const shown = await editor.get('/newsroom/curation?done=unpinned');
      assert.match(shown.body, /أزيل المقال من المقالات المثبتة/);
      const pinsList = /data-list="pins"[\s\S]*?<\/ol>/.exec(shown.body)?.[0] ?? '';
      assert.deepEqual(
        [...pinsList.matchAll(/<li data-article="(\d+)"/g)].map((m) => Number(m[1])),
        [c, a],
      );
    });

    it('an editor finds a published story to pin by searching its headline', async () => {
      const editor = await as('editor');
      const article = await store.articles.findById(published[3]!, { publishedOnly: true });
      const words = article!.headline.split(/\s+/).slice(0, 4).join(' ');
      const page = await editor.get(`/newsroom/curation?q=${encodeURIComponent(words)}`);
      const candidates = /data-list="candidates"[\s\S]*?<\/ol>/.exec(page.body)?.[0] ?? '';
      assert.ok(candidates.includes(`data-article="${published[3]}"`));
    });

    it('an editor orders the section blocks of the home page', async () => {
      const editor = await as('editor');
      const navigation = (html: string) =>
        [...(/<nav class="sections-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map(
          (m) => m[1],
        );
      const home = (await app.inject('/')).body;
      const navBefore = navigation(home);
      const before = sectionBlocks(home);
      assert.equal(before.length, 9);
      const last = before[before.length - 1]!;
      for (let i = 0; i < before.length - 1; i++) {
        const moved = await editor.post('/newsroom/curation/sections/move', {
          sectionId: String(last),
          direction: 'up',
        });
        assert.equal(moved.statusCode, 303, moved.body);
        await editor.get('/newsroom/curation');
      }
      const after = sectionBlocks((await app.inject('/')).body);
      assert.deepEqual(after, [last, ...before.slice(0, -1)], 'the last section now comes first');
      // A choice: the sections bar keeps its fixed order, and the curation page says so.
      assert.equal(navBefore.length, 10);
      assert.deepEqual(navigation((await app.inject('/')).body), navBefore);
      assert.match((await editor.get('/newsroom/curation')).body, /قائمة الأقسام أعلى كل صفحة فتبقى\s+بترتيبها الثابت/);
      assert.deepEqual(await store.curation.homeSectionOrder(), after);
      const refused = await editor.post('/newsroom/curation/sections/move', {
        sectionId: String(last),
        direction: 'up',
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /تعذر نقل هذا القسم/);
    });

    it('breaking news puts a banner on every reader page until an editor clears it; feeds stay cached', async () => {
      const editor = await as('editor');
      const story = await store.articles.findById(published[5]!, { publishedOnly: true });
      const pages = [
        '/',
        `/article/${story!.id}/${story!.slug}`,
        `/section/${encodeURIComponent(story!.section.slug)}`,
      ];
      for (const path of pages) {
        const first = await app.inject(path);
        assert.equal(first.statusCode, 200, path);
        assert.ok(!BANNER.test(first.body), path);
        assert.equal((await app.inject(path)).headers['x-ghad-cache'], 'hit', path);
      }
      await app.inject('/feed.xml');
      assert.equal((await app.inject('/feed.xml')).headers['x-ghad-cache'], 'hit');

      const marked = await editor.post('/newsroom/curation/breaking', { articleId: String(story!.id), hours: '3' });
      assert.equal(marked.statusCode, 303, marked.body);
      const until = (await store.curation.breakingNews())[0]!.breakingUntil;
      assert.ok(Math.abs(until.getTime() - (Date.now() + 3 * 3600_000)) < 60_000, 'three hours from now');
      for (const path of [...pages, '/search?q=تونس']) {
        const response = await app.inject(path);
        assert.equal(response.statusCode, 200, path);
        const banner = (BANNER.exec(response.body)?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
        assert.ok(banner.includes(story!.headline), `banner on ${path}`);
        assert.ok(banner.includes(`href="/article/${story!.id}/`), path);
        if (path !== '/search?q=تونس') {
          assert.match(String(response.headers['surrogate-key']), /(^| )breaking( |$)/, path);
        }
      }
      assert.equal((await app.inject('/feed.xml')).headers['x-ghad-cache'], 'hit', 'feeds have no banner');
      const curation = await editor.get('/newsroom/curation');
      assert.match(/data-list="breaking"[\s\S]*?<\/ol>/.exec(curation.body)?.[0] ?? '', /عاجل حتى/);

      const cleared = await editor.post('/newsroom/curation/breaking/clear', { articleId: String(story!.id) });
      assert.equal(cleared.statusCode, 303, cleared.body);
      for (const path of pages) {
        const response = await app.inject(path);
        assert.ok(!BANNER.test(response.body), `no banner on ${path} once cleared`);
      }
    });

    it('a banner leaves the cached pages when its time ends, with no purge at all', async () => {
      // A server whose clock the test moves: the banner's end comes when the test says, not
      // when a slow machine happens to get there.
      let now = new Date();
      const reader = await buildApp({
        config: testConfig({ dataDir: '/nonexistent-unused' }),
        store,
        invalidationPollMs: 0,
        clock: () => now,
      });
      const story = published[6]!;
      try {
        // Within the cache's ten minutes, so that only the banner's end ends the cached page.
        const until = new Date(now.getTime() + 5 * 60_000);
        await store.curation.markBreaking(actors.editor, story, until, now);
        const shown = await reader.inject('/');
        assert.ok(BANNER.test(shown.body));
        now = new Date(until.getTime() - 1);
        const cached = await reader.inject('/');
        assert.equal(cached.headers['x-ghad-cache'], 'hit');
        assert.ok(BANNER.test(cached.body));
        now = until;
        const later = await reader.inject('/');
        assert.equal(later.headers['x-ghad-cache'], 'miss', 'the cached page ended with the banner');
        assert.ok(!BANNER.test(later.body));
      } finally {
        await store.curation.clearBreaking(actors.editor, story);
        await reader.close();
      }
    });

    it('the job loop purges the banner for a server that learns of it from the database', async () => {
      const other = await buildApp({
        config: testConfig({ dataDir: '/nonexistent-unused' }),
        store,
        invalidationPollMs: 20,
      });
      try {
        await other.ready();
        await other.inject('/');
        assert.equal((await other.inject('/')).headers['x-ghad-cache'], 'hit');
        const story = published[7]!;
        await store.curation.markBreaking(actors.editor, story, new Date(Date.now() + 3600_000));
        await new JobLoop({ store, timeZone: 'Africa/Casablanca' }).runDue();
        // It reads the recorded purge at its next poll (every 20 ms): waited for, with a deadline
        // generous enough for any machine.
        const homeOfOther = async (shows: boolean) => {
          const deadline = Date.now() + 30_000;
          let body = (await other.inject('/')).body;
          while (BANNER.test(body) !== shows && Date.now() < deadline) {
            await sleep(20);
            body = (await other.inject('/')).body;
          }
          return body;
        };
        assert.ok(BANNER.test(await homeOfOther(true)), 'the other server shows the banner after its purge');
        await store.curation.clearBreaking(actors.editor, story);
        await new JobLoop({ store, timeZone: 'Africa/Casablanca' }).runDue();
        assert.ok(!BANNER.test(await homeOfOther(false)), 'and drops it after the next');
      } finally {
        await other.close();
      }
    });

    it('refuses authors and contributors on every curation route, also by direct POST, and changes nothing', async () => {
      const pinsBefore = await store.curation.homePins();
      const orderBefore = await store.curation.homeSectionOrder();
      const posts: [string, Record<string, string>][] = [
        ['/newsroom/curation/pins/add', { articleId: String(published[1]) }],
        ['/newsroom/curation/pins/move', { articleId: String(pinsBefore[0]), direction: 'down' }],
        ['/newsroom/curation/pins/remove', { articleId: String(pinsBefore[0]) }],
        ['/newsroom/curation/sections/move', { sectionId: String(orderBefore[1]), direction: 'up' }],
        ['/newsroom/curation/breaking', { articleId: String(published[1]), hours: '2' }],
        ['/newsroom/curation/breaking/clear', { articleId: String(published[1]) }],
      ];
      for (const role of ['author', 'contributor'] as const) {
        const client = new NewsroomClient(app);
        await client.signIn(PEOPLE[role].email, PASSWORD);
        const page = await client.get('/newsroom/curation');
        assert.equal(page.statusCode, 403, role);
        assert.match(page.body, /لا يحق لك بصفتك/);
        await client.get('/newsroom');
        for (const [url, form] of posts) {
          const response = await client.post(url, form);
          assert.equal(response.statusCode, 403, `${role} ${url}`);
          assert.match(response.body, ARABIC);
        }
      }
      assert.deepEqual(await store.curation.homePins(), pinsBefore);
      assert.deepEqual(await store.curation.homeSectionOrder(), orderBefore);
      assert.deepEqual(await store.curation.breakingNews(), []);
    });

    it('refuses bad input with an Arabic reason and changes nothing', async () => {
      const editor = await as('editor');
      const pinsBefore = await store.curation.homePins();
      const cases: [string, Record<string, string>, number, RegExp][] = [
        ['/newsroom/curation/breaking', { articleId: String(published[2]), hours: '0' }, 400, /من 1 إلى 72/],
        ['/newsroom/curation/breaking', { articleId: String(published[2]), hours: '73' }, 400, /من 1 إلى 72/],
        ['/newsroom/curation/breaking', { articleId: String(published[2]), hours: 'ساعتان' }, 400, /من 1 إلى 72/],
        ['/newsroom/curation/breaking', { articleId: String(draft), hours: '2' }, 400, /غير منشور/],
        ['/newsroom/curation/breaking', { articleId: '987654', hours: '2' }, 404, /غير موجود/],
        ['/newsroom/curation/pins/add', { articleId: String(draft) }, 400, /غير منشور/],
        ['/newsroom/curation/pins/add', { articleId: 'abc' }, 400, /اختر مقالا/],
        ['/newsroom/curation/pins/add', { articleId: String(pinsBefore[0]) }, 400, /مثبت من قبل/],
        ['/newsroom/curation/pins/move', { articleId: String(pinsBefore[0]), direction: 'up' }, 400, /تعذر نقل/],
        ['/newsroom/curation/pins/remove', { articleId: String(published[0]) }, 400, /ليس مثبتا/],
      ];
      for (const [url, form, status, message] of cases) {
        const response = await editor.post(url, form);
        assert.equal(response.statusCode, status, `${url} ${JSON.stringify(form)}: ${response.body.slice(0, 200)}`);
        assert.match(response.body, message, url);
        assert.match(response.body, /role="alert"/);
        await editor.get('/newsroom/curation');
      }
      // Ten pins at most.
      const pins = [...pinsBefore];
      for (const id of published) {
        if (pins.length >= 10) break;
        if (!pins.includes(id)) pins.push(id);
      }
      await store.curation.setHomePins(actors.editor, pins);
      const eleventh = published.find((id) => !pins.includes(id))!;
      const tooMany = await editor.post('/newsroom/curation/pins/add', { articleId: String(eleventh) });
      assert.equal(tooMany.statusCode, 400);
      assert.match(tooMany.body, /لا يمكن تثبيت أكثر من 10/);
      assert.deepEqual(await store.curation.homePins(), pins);
      assert.deepEqual(await store.curation.breakingNews(), []);
      // Without the form token nothing is done either.
      const noToken = await editor.post('/newsroom/curation/breaking', {
        _csrf: null,
        articleId: String(published[2]),
        hours: '2',
      });
      assert.equal(noToken.statusCode, 403);
      assert.deepEqual(await store.curation.breakingNews(), []);
    });
  });
}
