/**
 * Readers' comments end to end through inject(), on SQLite and PostgreSQL: a reader posts the
 * article page's form (no script, no account) and is sent back with «تعليقك بانتظار المراجعة»;
 * an editor approves it in /newsroom/comments and the cached article page shows it with its
 * count; replies nest once; «إبلاغ» from three addresses takes a comment back; bad input (empty,
 * too long, 1 MB, a reply to a rejected comment, 1,000 posts a minute from one address, the trap
 * field) gets a clear answer and loses nothing typed; script in a comment stays text; the
 * API serves approved comments only, in pages; a closed article takes none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../src/store/store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر التعليقات';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بنعلي', role: 'editor' },
} as const;
const RECORDS = jawharaRecords(8);
/** The app's clock stands still: flood limits count within one minute whatever the test's speed. */
const NOW = new Date('2026-12-07T10:00:00Z');
const SCRIPT = '<script>alert("تعليق")</script><img src=x onerror=alert(1)>';

for (const dialect of DIALECTS) {
  describe(`readers' comments: form, queue, page, API (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let editor: NewsroomClient;
    let articleId: number;
    let path: string;

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: (store) => store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle)),
        clock: () => NOW,
      }));
      const [article] = await store.articles.listPublishedPage({ limit: 1 });
      articleId = article!.id;
      path = String((await app.inject(`/article/${articleId}`)).headers.location);
      editor = await NewsroomClient.signedIn(app, PEOPLE.editor.email, PASSWORD, '/newsroom/comments');
    });
    after(async () => {
      await close?.();
    });

    /** A reader's form post from `address`. */
    const post = (form: Record<string, string>, address = '203.0.113.7', url = `/article/${articleId}/comments`) =>
      app.inject({
        method: 'POST',
        url,
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
    const page = async (suffix = '') => app.inject(`${path}${suffix}`);
    const shownIds = (html: string) =>
      [...html.matchAll(/<li class="comment" id="comment-(\d+)"/g)].map((m) => Number(m[1]));
    const lastCommentId = async () =>
      (await store.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const decide = async (one: string) => {
      await editor.get('/newsroom/comments');
      const answer = await editor.post('/newsroom/comments/decide', { one, back: '/newsroom/comments' });
      assert.equal(answer.statusCode, 303, answer.body);
      return answer;
    };

    it('shows the form under the article, and sends a posted comment back held, with the notice', async () => {
      const before = await page();
      assert.equal(before.statusCode, 200);
      assert.ok(
        before.body.includes(
          `<form id="comment-form" class="comment-form" method="post" action="/article/${articleId}/comments">`,
        ),
      );
      assert.match(before.body, /name="website"/, 'the trap field');
      assert.match(before.body, /لا تعليقات بعد/);
      assert.equal((await page()).headers['x-ghad-cache'], 'hit');

      const posted = await post({
        name: 'مواطن من فاس',
        body: 'شكرا على هذا التقرير، نتمنى متابعة الملف.',
        email: 'citoyen@example.ma',
      });
      assert.equal(posted.statusCode, 303, posted.body);
      assert.equal(posted.headers.location, `${path}?comment=held#comments`);
      const held = await page('?comment=held');
      assert.match(held.body, /تعليقك بانتظار المراجعة/);
      assert.deepEqual(shownIds(held.body), [], 'held: not shown');
      assert.equal((await page()).headers['x-ghad-cache'], 'hit', 'nothing readers see changed');
    });

    it('lists it in the queue with why it was held; approving it shows it on the cached page with its count', async () => {
      const id = await lastCommentId();
      const queue = await editor.get('/newsroom/comments');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /<a href="\/newsroom\/comments" aria-current="page">التعليقات<\/a>/);
      assert.ok(queue.body.includes(`data-comment="${id}"`));
      assert.match(queue.body, /معلّق جديد/);
      assert.ok(!queue.body.includes('citoyen@example.ma'), 'the email is never shown');
      assert.match(queue.body, /comments-queue\.[0-9a-f]{10}\.js/);

      const answer = await decide(`approve:${id}`);
      assert.equal(answer.headers.location, '/newsroom/comments?done=approve');
      const after = await page();
      assert.notEqual(after.headers['x-ghad-cache'], 'hit', 'the approval purged the page');
      assert.deepEqual(shownIds(after.body), [id]);
      assert.match(after.body, /التعليقات <span class="comments__count">\(1\)<\/span>/);
      assert.ok(after.body.includes('<bdi class="comment__name">مواطن من فاس</bdi>'));
      assert.ok(!after.body.includes('citoyen@example.ma'));
      const log = await editor.get('/newsroom/comments');
      assert.match(log.body, /سلمى بنعلي<\/bdi> · قبول · التعليق/);
    });

    it('nests a reply once under the comment it answers', async () => {
      const parentId = await lastCommentId();
      const form = await page(`?reply=${parentId}`);
      assert.equal(form.statusCode, 200);
      assert.ok(form.body.includes(`<input type="hidden" name="parent" value="${parentId}"/>`));
      assert.match(form.body, /ردا على <bdi>مواطن من فاس<\/bdi>/);
      assert.equal((await page('?reply=999999')).statusCode, 302, 'an unknown comment: back to the article');
      assert.equal((await page('?comment=bogus')).statusCode, 302);

      const replied = await post(
        { name: 'قارئة من طنجة', body: 'أتفق معك.', parent: String(parentId) },
        '198.51.100.4',
      );
      assert.equal(replied.statusCode, 303);
      const replyId = await lastCommentId();
      await editor.get('/newsroom/comments');
      const bulk = await editor.post('/newsroom/comments/decide', {
        action: 'approve',
        ids: String(replyId),
        back: '/newsroom/comments?order=newest',
      });
      assert.equal(bulk.headers.location, '/newsroom/comments?order=newest&done=approve');
      const shown = (await page()).body;
      assert.match(
        shown,
        new RegExp(
          `id="comment-${parentId}"[\\s\\S]*<ol class="comments__replies"><li class="comment" id="comment-${replyId}"`,
        ),
      );
    });

    it('refuses empty, overlong and 1 MB comments with the reason, giving back what was typed', async () => {
      const empty = await post({ name: 'سعيد', body: '   ' }, '192.0.2.10');
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /اكتب تعليقك قبل الإرسال/);
      assert.ok(empty.body.includes('value="سعيد"'), 'the name is kept');

      const text = `${'رأيي في هذا الموضوع طويل جدا. '.repeat(200)}`;
      const long = await post({ name: 'سعيد', body: text }, '192.0.2.10');
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /تعليقك أطول من 5,000 حرف/);
      assert.ok(long.body.includes('رأيي في هذا الموضوع طويل جدا.'), 'the text is given back');

      const huge = await post({ name: 'سعيد', body: 'ب'.repeat(1024 * 1024) }, '192.0.2.10');
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /أكبر مما يقبله الموقع/);
      assert.equal(await store.comments.countApproved(articleId), 2);
    });

    it('refuses a reply to a rejected comment, and answers the trap field as held while storing nothing', async () => {
      await post({ name: 'زائر', body: 'تعليق سيرفضه المحرر' }, '192.0.2.20');
      const rejectedId = await lastCommentId();
      await decide(`reject:${rejectedId}`);
      const orphan = await post(
        { name: 'زائر آخر', body: 'رد على تعليق مرفوض', parent: String(rejectedId) },
        '192.0.2.21',
      );
      assert.equal(orphan.statusCode, 404);
      assert.match(orphan.body, /لم يعد معروضا/);
      assert.ok(orphan.body.includes('رد على تعليق مرفوض'), 'nothing typed is lost');

      const count = (await store.db.selectFrom('comments').select('id').execute()).length;
      const bot = await post({ name: 'bot', body: 'Buy now', website: 'https://spam.example' }, '192.0.2.22');
      assert.equal(bot.statusCode, 303);
      assert.equal(bot.headers.location, `${path}?comment=held#comments`);
      assert.equal((await store.db.selectFrom('comments').select('id').execute()).length, count);
    });

    it('takes five comments a minute from one address and refuses the other 995 with 429', async () => {
      const before = (await store.db.selectFrom('comments').select('id').execute()).length;
      const statuses = new Map<number, number>();
      let last: LightMyRequestResponse | undefined;
      for (let i = 0; i < 1000; i++) {
        last = await post({ name: 'مكرر', body: `تعليق رقم ${i}` }, '192.0.2.99');
        statuses.set(last.statusCode, (statuses.get(last.statusCode) ?? 0) + 1);
      }
      assert.deepEqual(Object.fromEntries(statuses), { 303: 5, 429: 995 });
      assert.match(last!.body, /أرسلت تعليقات كثيرة في وقت قصير/);
      assert.equal((await store.db.selectFrom('comments').select('id').execute()).length - before, 5);
    });

    it('keeps script in a comment as text on the page, in the queue and in the API', async () => {
      await post({ name: '<b>اسم</b>', body: SCRIPT }, '192.0.2.30');
      const id = await lastCommentId();
      const queue = await editor.get('/newsroom/comments?order=newest');
      assert.ok(!queue.body.includes('<script>alert'), 'inert in the queue');
      assert.ok(queue.body.includes('&lt;script>alert') || queue.body.includes('&lt;script&gt;alert'));
      await decide(`approve:${id}`);
      const shown = (await page()).body;
      assert.ok(!shown.includes('<script>alert'));
      assert.ok(!shown.includes('<img src=x'));
      assert.ok(!shown.includes('<b>اسم</b>'));
      const api = (await app.inject(`/api/v1/articles/${articleId}/comments`)).json() as { data: { body: string }[] };
      assert.equal(api.data.at(-1)?.body, SCRIPT, 'the API gives the text as written, for its client to escape');
    });

    it('takes a comment back to the queue after three reports', async () => {
      const id = await lastCommentId();
      for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.3']) {
        const reported = await post({ comment: String(id) }, address, `/article/${articleId}/comments/report`);
        assert.equal(reported.statusCode, 303);
        assert.equal(reported.headers.location, `${path}?comment=reported#comments`);
      }
      assert.ok(!shownIds((await page()).body).includes(id));
      const queue = await editor.get('/newsroom/comments?reason=reported');
      assert.ok(queue.body.includes(`data-comment="${id}"`));
      assert.match(queue.body, /أبلغ عنه القراء/);
      const gone = await post({ comment: String(id) }, '10.0.0.4', `/article/${articleId}/comments/report`);
      assert.equal(gone.statusCode, 404);
    });

    it('serves approved comments in the API, oldest first, in keyset pages', async () => {
      const first = await app.inject(`/api/v1/articles/${articleId}/comments?limit=1`);
      assert.equal(first.statusCode, 200, first.body);
      const page1 = first.json() as {
        data: { id: number; parentId: number | null; name: string }[];
        total: number;
        nextCursor: string;
      };
      assert.equal(page1.total, 2);
      assert.equal(page1.data[0]!.name, 'مواطن من فاس');
      assert.equal(page1.data[0]!.parentId, null);
      const second = (
        await app.inject(`/api/v1/articles/${articleId}/comments?limit=1&cursor=${page1.nextCursor}`)
      ).json() as {
        data: { parentId: number }[];
        nextCursor: string | null;
      };
      assert.equal(second.data[0]!.parentId, page1.data[0]!.id);
      assert.equal(second.nextCursor, null);
      assert.equal((await app.inject('/api/v1/articles/999999/comments')).statusCode, 404);
      assert.equal((await app.inject(`/api/v1/articles/${articleId}/comments?cursor=zzz`)).statusCode, 400);
    });

    it('closes an article’s comments from the queue: the page says so, and a post is refused', async () => {
      await editor.get(`/newsroom/comments?article=${articleId}`);
      const closed = await editor.post('/newsroom/comments/mode', {
        articleId: String(articleId),
        mode: 'closed',
        back: `/newsroom/comments?article=${articleId}`,
      });
      assert.equal(closed.statusCode, 303, closed.body);
      const shown = (await page()).body;
      assert.match(shown, /التعليقات مغلقة على هذا المقال/);
      assert.ok(!shown.includes('id="comment-form"'));
      const refused = await post({ name: 'متأخر', body: 'هل من جديد؟' }, '192.0.2.40');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /التعليقات مغلقة/);
    });
  });
}
