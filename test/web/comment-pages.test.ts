/**
 * An article with many comments, through inject() on SQLite and PostgreSQL: its page shows the
 * newest 50 threads (a comment and its replies) with the count of all and a «تعليقات أقدم» link
 * to /article/<id>/<slug>/comments?page=2, which works without a script, shows the threads
 * before, links on and back, is cached and purged with the article's comments; a reply to a
 * comment on an older page is answered on the article. The article's NewsArticle JSON-LD
 * gives commentCount and the shown comments as `Comment` items.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/store.ts';
import { COMMENTS_PER_PAGE } from '../../src/web/site/plugin.tsx';
import { DIALECTS } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { openNewsroomApp } from './newsroom-client.ts';

const PEOPLE = { editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بنعلي', role: 'editor' } } as const;
const RECORDS = jawharaRecords(4);
const THREADS = 2 * COMMENTS_PER_PAGE + 7;

for (const dialect of DIALECTS) {
  describe(`an article's comments in pages (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let articleId: number;
    let path: string;
    /** Top-level comments, oldest first, and every approved id. */
    const threads: number[] = [];
    const replies = new Map<number, number>();

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: 'كلمة سر صفحات التعليقات',
        seed: (store) => store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle)),
      }));
      const [article] = await store.articles.listPublishedPage({ limit: 1 });
      articleId = article!.id;
      const editor = { id: null, role: 'editor' as const };
      for (let i = 0; i < THREADS; i++) {
        const { id } = await store.comments.submit({
          articleId,
          name: `قارئ من مكناس ${i + 1}`,
          email: '',
          body: `تعليق رقم ${i + 1}: نتمنى أن تتابعوا هذا الموضوع في الأيام المقبلة.`,
          addressHash: String(i).padStart(40, '0'),
        });
        await store.comments.decide(editor, [id], 'approve');
        threads.push(id);
        // Every tenth has an approved reply, which shows with it whatever its own id.
        if (i % 10 === 0) {
          const reply = await store.comments.submit({
            articleId,
            parentId: id,
            name: 'قارئة من وجدة',
            email: '',
            body: `ردّ على التعليق ${i + 1}: أتفق معك.`,
            addressHash: String(i + 1000).padStart(40, '0'),
          });
          await store.comments.decide(editor, [reply.id], 'approve');
          replies.set(id, reply.id);
        }
      }
      path = String((await app.inject(`/article/${articleId}`)).headers.location);
    });
    after(async () => {
      await close?.();
    });

    const shownIds = (html: string) =>
      [...html.matchAll(/<li class="comment" id="comment-(\d+)"/g)].map((m) => Number(m[1]));
    /** A page's threads and their replies, in the order the page shows them. */
    const expected = (tops: number[]) => tops.flatMap((id) => (replies.has(id) ? [id, replies.get(id)!] : [id]));
    const total = THREADS + Math.ceil(THREADS / 10);

    it('shows the newest 50 threads on the article, with the count of all and a link to older ones', async () => {
      const page = await app.inject(path);
      assert.equal(page.statusCode, 200);
      assert.deepEqual(shownIds(page.body), expected(threads.slice(-COMMENTS_PER_PAGE)));
      assert.ok(page.body.includes(`(${new Intl.NumberFormat('ar-MA').format(total)})`), 'the count of all');
      assert.ok(page.body.includes(`<a href="${path}/comments?page=2#comments" rel="nofollow">تعليقات أقدم</a>`));
      assert.ok(page.body.includes('id="comment-form"'), 'the form stays on the article');
    });

    it('pages the older threads without a script, linking on and back, and not past the last', async () => {
      const second = await app.inject(`${path}/comments?page=2`);
      assert.equal(second.statusCode, 200, second.body);
      assert.deepEqual(shownIds(second.body), expected(threads.slice(-2 * COMMENTS_PER_PAGE, -COMMENTS_PER_PAGE)));
      assert.ok(second.body.includes(`<a href="${path}#comments">تعليقات أحدث</a>`));
      assert.ok(second.body.includes(`href="${path}/comments?page=3#comments"`));
      assert.ok(second.body.includes('<meta name="robots" content="noindex"/>'));
      assert.ok(!second.body.includes('id="comment-form"'), 'the form is on the article');
      // A reply link leads to the article's form, which answers a comment of an older page.
      const oldId = threads[THREADS - COMMENTS_PER_PAGE - 1]!;
      assert.ok(second.body.includes(`href="${path}?reply=${oldId}#comment-form"`));
      const form = await app.inject(`${path}?reply=${oldId}`);
      assert.equal(form.statusCode, 200);
      assert.ok(form.body.includes(`<input type="hidden" name="parent" value="${oldId}"/>`));

      const third = await app.inject(`${path}/comments?page=3`);
      assert.deepEqual(shownIds(third.body), expected(threads.slice(0, THREADS - 2 * COMMENTS_PER_PAGE)));
      assert.ok(third.body.includes(`<a href="${path}/comments?page=2#comments">تعليقات أحدث</a>`));
      assert.ok(!third.body.includes('">تعليقات أقدم</a>'), 'no older page after the last');
      assert.equal((await app.inject(`${path}/comments?page=4`)).statusCode, 404);
      const first = await app.inject(`${path}/comments`);
      assert.equal(first.statusCode, 301);
      assert.equal(first.headers.location, `${path}#comments`);
      // Another slug of the same article: its own address.
      const other = await app.inject(`/article/${articleId}/x/comments?page=2`);
      assert.equal(other.statusCode, 301);
      assert.equal(other.headers.location, `${path}/comments?page=2`);
      assert.equal((await app.inject('/article/999999/x/comments?page=2')).statusCode, 404);
    });

    it('is cached, and purged when a comment is taken down', async () => {
      await app.inject(`${path}/comments?page=3`);
      const cached = await app.inject(`${path}/comments?page=3`);
      assert.equal(cached.headers['x-ghad-cache'], 'hit');
      assert.ok(String(cached.headers['surrogate-key']).split(' ').includes(`article:${articleId}`));
      const gone = threads[0]!;
      await store.comments.decide({ id: null, role: 'editor' }, [gone], 'reject');
      // The job loop's purge, as the app runs it.
      app.pageCache.purge([`article:${articleId}`]);
      const after = await app.inject(`${path}/comments?page=3`);
      assert.notEqual(after.headers['x-ghad-cache'], 'hit');
      assert.ok(!shownIds(after.body).includes(gone));
    });

    it('gives commentCount and the shown comments as Comment items in the NewsArticle JSON-LD', async () => {
      const page = await app.inject(path);
      const blocks = [...page.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
        (m) => JSON.parse(m[1]!) as Record<string, unknown>,
      );
      const news = blocks.find((b) => b['@type'] === 'NewsArticle') as {
        url: string;
        commentCount: number;
        comment: { '@type': string; url: string; text: string; author: { name: string }; dateCreated: string }[];
      };
      assert.ok(news);
      const approved = await store.comments.countApproved(articleId);
      assert.equal(news.commentCount, approved);
      assert.equal(news.comment.length, shownIds(page.body).length);
      const last = threads.at(-1)!;
      const item = news.comment.find((c) => c.url === `${news.url}#comment-${last}`);
      assert.ok(item, 'the newest comment, by its anchor on the page');
      assert.equal(item['@type'], 'Comment');
      assert.equal(item.author.name, `قارئ من مكناس ${THREADS}`);
      assert.match(item.text, new RegExp(`^تعليق رقم ${THREADS}:`));
      assert.ok(!Number.isNaN(Date.parse(item.dateCreated)));
    });
  });
}
