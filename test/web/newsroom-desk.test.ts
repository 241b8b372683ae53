/**
 * The newsroom desk at /newsroom through inject(), on SQLite and PostgreSQL: each role's lists
 * (contributors and authors see only their own, as the policy says), the editor's note on a
 * returned draft, scheduled times in Casablanca time, filters by section and byline, the
 * headline search over drafts and over published articles, pages of one list, bad filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { formatClockTime } from '../../src/arabic/dates.ts';
import { normalize } from '../../src/arabic/normalize.ts';
import type { ArticleDraft } from '../../src/content/article-draft.ts';
import type { User } from '../../src/newsroom/accounts.ts';
import type { Actor } from '../../src/newsroom/policy.ts';
import type { Role } from '../../src/newsroom/roles.ts';
import type { Store } from '../../src/store/store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر مكتب التحرير';
const PEOPLE: Record<Role, { email: string; displayName: string; role: Role }> = {
  owner: { email: 'owner@alghad24.ma', displayName: 'نادية العلوي', role: 'owner' },
  administrator: { email: 'admin@alghad24.ma', displayName: 'رشيد بنعلي', role: 'administrator' },
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
  contributor: { email: 'contributor@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' },
};
const RETURN_NOTE = 'أضيفي مصدر الأرقام في الفقرة الثانية، وتأكدي من اسم الوزير.';

/** The headlines of one list on the desk page (the <section data-lane="…">). */
function laneHeadlines(html: string, lane: string): string[] {
  return headlinesIn(laneHtml(html, lane));
}

function laneHtml(html: string, lane: string): string {
  const start = html.indexOf(`data-lane="${lane}"`);
  if (start === -1) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

function headlinesIn(html: string): string[] {
  return [...html.matchAll(/class="desk-item__headline"[^>]*>([^<]*)</g)].map((m) => decodeHtml(m[1]!));
}

function articleIdsIn(html: string): number[] {
  return [...html.matchAll(/data-article="(\d+)"/g)].map((m) => Number(m[1]));
}

function decodeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

for (const dialect of DIALECTS) {
  describe(`the newsroom desk (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    const actors = {} as Record<Role, Actor>;
    // Stories after the 30 imported ones, so that no headline is on the site twice.
    const drafts: ArticleDraft[] = corpusDrafts(40).slice(30);
    const headline = (i: number) => drafts[i]!.headline;
    let scheduledAt: Date;
    let importedHeadline: string;

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: async (store, users) => {
          for (const [role, user] of Object.entries(users) as [Role, User][]) actors[role] = { id: user.id, role };
          const imported = await importSampleNewspaper(store, { dated: 30, undated: 0, recent: 2 });
          importedHeadline = (await store.articles.findById(imported[5]!, { publishedOnly: true }))!.headline;

          const n = store.newsroomArticles;
          const { contributor, author, editor } = actors;
          // The contributor: a draft (0), one sent for review (1), one returned with a note (2).
          await n.create(contributor, drafts[0]!);
          const inReview = await n.create(contributor, drafts[1]!);
          await n.transition(contributor, inReview.id, { action: 'submit' });
          const returned = await n.create(contributor, drafts[2]!);
          await n.transition(contributor, returned.id, { action: 'submit' });
          await n.transition(editor, returned.id, { action: 'return', note: RETURN_NOTE });
          // The author: a draft (3), a published story (4), one scheduled for tomorrow (5).
          await n.create(author, drafts[3]!);
          const published = await n.create(author, drafts[4]!);
          await n.transition(author, published.id, { action: 'publish' });
          const scheduled = await n.create(author, drafts[5]!);
          scheduledAt = new Date(Math.ceil((Date.now() + 26 * 3600_000) / 60_000) * 60_000);
          await n.transition(author, scheduled.id, { action: 'schedule', at: scheduledAt });
          // The editor: a draft (6) and a published story (7).
          await n.create(editor, drafts[6]!);
          const editorPublished = await n.create(editor, drafts[7]!);
          await n.transition(editor, editorPublished.id, { action: 'publish' });
          // The author: a story published, then taken off the site (8).
          const unpublished = await n.create(author, drafts[8]!);
          await n.transition(author, unpublished.id, { action: 'publish' });
          await n.transition(author, unpublished.id, { action: 'unpublish' });
        },
      }));
    });
    after(async () => {
      await close?.();
    });

    const clients = new Map<Role, NewsroomClient>();
    async function as(role: Role): Promise<NewsroomClient> {
      let client = clients.get(role);
      if (!client) {
        client = await NewsroomClient.signedIn(app, PEOPLE[role].email, PASSWORD);
        clients.set(role, client);
      }
      return client;
    }

    it('shows an editor every list: what waits for review, the schedule in Casablanca time, the newest published', async () => {
      const page = await (await as('editor')).get('/newsroom');
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['cache-control'] as string, /no-store/);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.deepEqual(laneHeadlines(page.body, 'drafts'), [headline(6)], 'only the editor’s own drafts');
      assert.deepEqual(laneHeadlines(page.body, 'review'), [headline(1)]);
      assert.deepEqual(laneHeadlines(page.body, 'scheduled'), [headline(5)]);
      const published = laneHeadlines(page.body, 'published');
      assert.deepEqual(published.slice(0, 2), [headline(7), headline(4)], 'newest first');
      assert.equal(published.length, 8, 'the overview shows eight, then a link to the whole list');
      assert.match(page.body, /href="\/newsroom\?lane=published"/);
      // The scheduled time, as the newsroom in Casablanca reads it.
      assert.ok(
        page.body.includes(`dateTime="${scheduledAt.toISOString()}"`) ||
          page.body.includes(`datetime="${scheduledAt.toISOString()}"`),
      );
      const shown = formatClockTime(scheduledAt, 'Africa/Casablanca');
      assert.ok(page.body.includes(shown), shown);
      assert.match(page.body, /href="\/newsroom\/articles\/new"/);
      assert.match(page.body, /href="\/newsroom\/curation"/, 'editors curate the home page');
    });

    it('shows a contributor only their own articles, and the editor’s note on the one returned to them', async () => {
      const page = await (await as('contributor')).get('/newsroom');
      assert.equal(page.statusCode, 200);
      assert.deepEqual(laneHeadlines(page.body, 'drafts'), [headline(0)], 'a returned draft is not a plain draft too');
      assert.deepEqual(laneHeadlines(page.body, 'returned'), [headline(2)]);
      assert.equal(
        headlinesIn(page.body).filter((h) => h === headline(2)).length,
        1,
        'the returned draft is listed once',
      );
      assert.ok(!page.body.includes('data-lane="sent_back"'), 'a contributor returns nothing: no such list');
      assert.ok(page.body.includes(RETURN_NOTE), 'the note is shown with the returned draft');
      assert.deepEqual(laneHeadlines(page.body, 'review'), [headline(1)]);
      assert.deepEqual(laneHeadlines(page.body, 'scheduled'), []);
      assert.deepEqual(laneHeadlines(page.body, 'published'), []);
      for (const other of [headline(3), headline(4), headline(5), headline(6), headline(7), importedHeadline]) {
        assert.ok(!page.body.includes(other), `a contributor does not see «${other}»`);
      }
      assert.doesNotMatch(page.body, /href="\/newsroom\/curation"/);
    });

    it('shows the editor who returned a draft what they returned, with their note, until it comes back', async () => {
      const page = await (await as('editor')).get('/newsroom');
      assert.deepEqual(laneHeadlines(page.body, 'sent_back'), [headline(2)]);
      const lane = laneHtml(page.body, 'sent_back');
      assert.ok(lane.includes(RETURN_NOTE), 'with the note they wrote');
      assert.ok(lane.includes(PEOPLE.contributor.displayName), 'and to whom');
      assert.deepEqual(laneHeadlines(page.body, 'returned'), [], 'nothing was returned to the editor');
      // Another editor-level role did not return it.
      const admin = await (await as('administrator')).get('/newsroom');
      assert.deepEqual(laneHeadlines(admin.body, 'sent_back'), []);
      const full = await (await as('editor')).get('/newsroom?lane=sent_back');
      assert.equal(full.statusCode, 200);
      assert.deepEqual(laneHeadlines(full.body, 'sent_back'), [headline(2)]);
    });

    it('lists unpublished articles in their own list, under one name for the state', async () => {
      for (const role of ['author', 'editor'] as const) {
        const page = await (await as(role)).get('/newsroom');
        assert.deepEqual(laneHeadlines(page.body, 'unpublished'), [headline(8)], role);
        assert.match(laneHtml(page.body, 'unpublished'), /غير منشور</, role);
        assert.doesNotMatch(page.body, /ملغى نشره/, role);
      }
      const contributor = await (await as('contributor')).get('/newsroom');
      assert.deepEqual(laneHeadlines(contributor.body, 'unpublished'), [], 'not the contributor’s');
      // The headline search names the state the same way (it said «ملغى نشره» there, «غير منشور» in the editor).
      const found = await (await as('editor')).get(`/newsroom?q=${encodeURIComponent(headline(8))}`);
      assert.ok(headlinesIn(found.body).includes(headline(8)));
      assert.match(found.body, /class="status status--unpublished">غير منشور</);
      assert.doesNotMatch(found.body, /ملغى نشره/);
      const full = await (await as('editor')).get('/newsroom?lane=unpublished');
      assert.equal(full.statusCode, 200);
      assert.deepEqual(laneHeadlines(full.body, 'unpublished'), [headline(8)]);
    });

    it('shows an author their own drafts, schedule and published stories, and nobody else’s', async () => {
      const page = await (await as('author')).get('/newsroom');
      assert.deepEqual(laneHeadlines(page.body, 'drafts'), [headline(3)]);
      assert.deepEqual(laneHeadlines(page.body, 'scheduled'), [headline(5)]);
      assert.deepEqual(laneHeadlines(page.body, 'published'), [headline(4)]);
      assert.deepEqual(laneHeadlines(page.body, 'review'), []);
      assert.ok(!page.body.includes(headline(1)));
      assert.ok(!page.body.includes(importedHeadline));
    });

    it('shows administrators and the owner what editors see', async () => {
      for (const role of ['administrator', 'owner'] as const) {
        const page = await (await as(role)).get('/newsroom');
        assert.equal(page.statusCode, 200);
        assert.deepEqual(laneHeadlines(page.body, 'review'), [headline(1)], role);
        assert.deepEqual(laneHeadlines(page.body, 'scheduled'), [headline(5)], role);
      }
    });

    it('filters every list by section and by byline', async () => {
      const editor = await as('editor');
      const section = drafts[5]!.sectionSlug;
      const bySection = await editor.get(`/newsroom?section=${encodeURIComponent(section)}`);
      assert.equal(bySection.statusCode, 200);
      const sectionId = (await store.taxonomy.sectionBySlug(section))!.id;
      for (const id of articleIdsIn(laneHtml(bySection.body, 'published'))) {
        const article = await store.articles.findById(Number(id), { publishedOnly: true });
        assert.equal(article?.section.id, sectionId, `article ${id} is in the chosen section`);
      }
      assert.deepEqual(laneHeadlines(bySection.body, 'scheduled'), [headline(5)]);

      const byline = drafts[4]!.bylines[0]!;
      const author = await store.db
        .selectFrom('authors')
        .select('id')
        .where('name', '=', byline.name)
        .executeTakeFirstOrThrow();
      const byAuthor = await editor.get(`/newsroom?author=${author.id}&lane=published`);
      assert.equal(byAuthor.statusCode, 200);
      const found = laneHeadlines(byAuthor.body, 'published');
      assert.ok(found.includes(headline(4)));
      const count = await store.db
        .selectFrom('article_bylines')
        .where('author_id', '=', author.id)
        .where('listed', '=', 1)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(found.length, Math.min(20, Number(count.n)));
    });

    it('finds drafts by headline however the hamza and ta marbuta are typed, and published stories through the index', async () => {
      const contributor = await as('contributor');
      // The draft's headline as someone types it quickly: no hamza on alef, ة as ه.
      const words = headline(0).split(/\s+/).slice(0, 3).join(' ');
      const typed = words.replace(/[أإآ]/g, 'ا').replace(/ة/g, 'ه');
      assert.equal(normalize(typed), normalize(words));
      const found = await contributor.get(`/newsroom?q=${encodeURIComponent(typed)}`);
      assert.equal(found.statusCode, 200);
      assert.ok(headlinesIn(found.body).includes(headline(0)), 'the draft is found');
      assert.ok(!headlinesIn(found.body).includes(importedHeadline));

      const editor = await as('editor');
      const importedWords = importedHeadline.split(/\s+/).slice(0, 4).join(' ');
      const published = await editor.get(`/newsroom?q=${encodeURIComponent(importedWords)}`);
      assert.equal(published.statusCode, 200);
      assert.ok(
        headlinesIn(published.body).includes(importedHeadline),
        'a published story is found through the search index',
      );
      // The contributor does not find it: it is not theirs.
      const not = await contributor.get(`/newsroom?q=${encodeURIComponent(importedWords)}`);
      assert.equal(not.statusCode, 200);
      assert.ok(!headlinesIn(not.body).includes(importedHeadline));
    });

    it('pages through one list, and refuses bad filters with an Arabic message', async () => {
      const editor = await as('editor');
      const first = await editor.get('/newsroom?lane=published');
      const second = await editor.get('/newsroom?lane=published&page=2');
      assert.equal(first.statusCode, 200);
      assert.equal(second.statusCode, 200);
      const one = articleIdsIn(laneHtml(first.body, 'published'));
      const two = articleIdsIn(laneHtml(second.body, 'published'));
      assert.equal(one.length, 20);
      assert.ok(two.length > 0 && two.length <= 20);
      assert.ok(
        two.every((id) => !one.includes(id)),
        'no article on both pages',
      );
      assert.match(first.body, /rel="next"/);
      assert.equal((await editor.get('/newsroom?lane=published&page=99')).statusCode, 404);
      for (const bad of ['?lane=nothing', '?section=no-such-section', '?author=987654', '?page=0', '?page=abc']) {
        const response = await editor.get(`/newsroom${bad}`);
        assert.equal(response.statusCode, 400, bad);
        assert.match(response.body, /[\u0600-\u06ff]{3}/, bad);
      }
      const long = await editor.get(`/newsroom?q=${encodeURIComponent('خبر '.repeat(60))}`);
      assert.equal(long.statusCode, 400);
    });
  });
}
