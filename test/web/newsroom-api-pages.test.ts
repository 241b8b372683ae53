/**
 * The newsroom's pages for API keys and webhooks, through inject() on SQLite and PostgreSQL:
 * only the owner and administrators get them; a key's secret is shown once and works on the
 * API until it is revoked; a webhook's secret signs its test, which reaches a local receiver
 * and lands in the log (its host allowed explicitly: webhooks to this machine, a private network
 * or the cloud's metadata are refused); every form carries its token and bad input gets an
 * Arabic message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/store.ts';
import { verifySignature } from '../../src/webhooks/signature.ts';
import { newsroomPeople, PASSWORD } from '../helpers/api-fixtures.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startReceiver } from '../webhooks/receiver.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

for (const dialect of DIALECTS) {
  describe(`newsroom keys and webhooks pages (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let people: Awaited<ReturnType<typeof newsroomPeople>>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    before(async () => {
      receiver = await startReceiver((n) => (n === 1 ? 200 : 500));
      // The administrator allows this receiver (its host and port) and nothing else inside.
      const receiverPort = Number(new URL(receiver.url).port);
      ({ store, app, close } = await openNewsroomApp(dialect, {
        config: { webhookAllowHosts: [{ host: '127.0.0.1', port: receiverPort }] },
        seed: async (store) => {
          people = await newsroomPeople(store);
        },
      }));
    });
    after(async () => {
      await close?.();
      await receiver?.close();
    });

    function signedIn(who: keyof typeof people): Promise<NewsroomClient> {
      return NewsroomClient.signedIn(app, people[who].email, PASSWORD, '/newsroom');
    }

    it('keeps the pages for the owner and administrators', async () => {
      const editor = await signedIn('editor');
      for (const path of ['/newsroom/tokens', '/newsroom/webhooks']) {
        const refused = await editor.get(path);
        assert.equal(refused.statusCode, 403, path);
        assert.match(refused.body, /لا يسمح دورك/);
      }
      assert.doesNotMatch((await editor.get('/newsroom')).body, /href="\/newsroom\/tokens"/);
      const admin = await signedIn('administrator');
      assert.match((await admin.get('/newsroom')).body, /href="\/newsroom\/tokens"/);
      assert.equal((await new NewsroomClient(app).get('/newsroom/tokens')).statusCode, 303, 'sign in first');
    });

    it('makes a key shown once, that works until it is revoked', async () => {
      const admin = await signedIn('administrator');
      const page = await admin.get('/newsroom/tokens');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.match(page.body, /مفاتيح واجهة البرمجة/);

      const noToken = await admin.post('/newsroom/tokens', {
        _csrf: null,
        name: 'x',
        kind: 'content',
        userId: String(people.administrator.id),
      });
      assert.equal(noToken.statusCode, 403, 'the form token is required');

      const made = await admin.post('/newsroom/tokens', {
        name: 'تطبيق هسبريس',
        kind: 'content',
        userId: String(people.administrator.id),
        role: '',
        rateLimit: '600',
      });
      assert.equal(made.statusCode, 201, made.body);
      const secret = /value="(ghad_c_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1];
      assert.ok(secret, 'the secret is on the page once');
      const again = await admin.get('/newsroom/tokens');
      assert.ok(!again.body.includes(secret), 'and never again');
      assert.ok(again.body.includes(secret.slice(0, 11)), 'its first characters identify it');
      assert.match(again.body, /تطبيق هسبريس/);

      const api = await app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${secret}` } });
      assert.equal(api.statusCode, 200);
      assert.equal(api.headers['x-ratelimit-limit'], '600');

      const id = /action="\/newsroom\/tokens\/(\d+)\/revoke"/.exec(again.body)?.[1];
      const revoked = await admin.post(`/newsroom/tokens/${id}/revoke`);
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, '/newsroom/tokens?done=revoked');
      const refused = await app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${secret}` } });
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().error.code, 'token_revoked');
      assert.match((await admin.get('/newsroom/tokens?done=revoked')).body, /ملغى منذ/);
    });

    it('refuses keys above their user’s role, for the owner, or with a bad limit, in Arabic', async () => {
      const admin = await signedIn('administrator');
      await admin.get('/newsroom/tokens');
      const cases: [Record<string, string>, RegExp][] = [
        [{ name: 'أداة', kind: 'admin', userId: String(people.author.id), role: 'editor' }, /لا يحمل مفتاح/],
        [{ name: 'أداة', kind: 'admin', userId: String(people.owner.id), role: '' }, /يصدرها المالك وحده/],
        [{ name: 'أداة', kind: 'admin', userId: String(people.author.id), rateLimit: 'كثير' }, /حد الطلبات/],
        [{ name: '', kind: 'content', userId: String(people.author.id) }, /اكتب اسما للمفتاح/],
        [{ name: 'أداة', kind: 'root', userId: String(people.author.id) }, /نوع المفتاح/],
        [{ name: 'أداة', kind: 'content', userId: '999999' }, /اختر مستخدما/],
      ];
      for (const [form, message] of cases) {
        const response = await admin.post('/newsroom/tokens', form);
        assert.equal(response.statusCode, 400, JSON.stringify(form));
        assert.match(response.body, message);
        assert.doesNotMatch(response.body, /ghad_[ac]_[A-Za-z0-9_-]{43}/);
      }
      assert.equal((await admin.post('/newsroom/tokens/999999/revoke')).statusCode, 404);
    });

    it('refuses a webhook to this server, a private network or the cloud’s metadata, in Arabic', async () => {
      const admin = await signedIn('administrator');
      await admin.get('/newsroom/webhooks');
      for (const [url, message] of [
        ['http://127.0.0.1:9/hooks', /لا تُرسل إشعارات الويب إلى 127\.0\.0\.1، فهو عنوان هذا الخادم نفسه/],
        ['http://169.254.169.254/latest/meta-data/', /خدمة البيانات الوصفية للسحابة/],
        ['http://0x0a.1/hooks', /10\.0\.0\.1، فهو عنوان في شبكة خاصة/],
        ['http://localhost./hooks', /عنوان هذا الخادم نفسه/],
      ] as const) {
        const refused = await admin.post('/newsroom/webhooks', { url, topics: 'article.published' });
        assert.equal(refused.statusCode, 400, url);
        assert.match(refused.body, message, url);
        assert.match(refused.body, /GHAD_WEBHOOK_ALLOW_HOSTS/, 'says how an administrator allows a host');
        assert.ok(refused.body.includes(`value="${url}"`), 'the form keeps the URL to correct');
      }
      assert.equal((await store.webhooks.list()).length, 0);
    });

    it('adds a webhook, sends it a signed test that lands in the log, stops and deletes it', async () => {
      const admin = await signedIn('administrator');
      assert.match((await admin.get('/newsroom/webhooks')).body, /إشعارات الويب/);
      const bad = await admin.post('/newsroom/webhooks', { url: 'ftp://example.com', topics: 'article.published' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /https:\/\//);
      const none = await admin.post('/newsroom/webhooks', { url: receiver.url });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /اختر حدثا واحدا على الأقل/);

      const made = await admin.post('/newsroom/webhooks', {
        url: receiver.url,
        description: 'تطبيق الهاتف',
        topics: 'article.published',
      });
      assert.equal(made.statusCode, 201, made.body);
      const secret = /value="(whsec_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1];
      assert.ok(secret, 'the signing secret is shown once');
      assert.ok(!(await admin.get('/newsroom/webhooks')).body.includes(secret));
      const id = /href="\/newsroom\/webhooks\/(\d+)"/.exec(made.body)?.[1];
      const log = await admin.get(`/newsroom/webhooks/${id}`);
      assert.match(log.body, /لم يُرسل شيء بعد/);

      const sent = await admin.post(`/newsroom/webhooks/${id}/test`);
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /وصل الاختبار \(HTTP 200\)/);
      assert.match(sent.body, /نجحت/);
      assert.equal(receiver.received.length, 1);
      const [test] = receiver.received;
      assert.equal(test!.headers['ghad-event'], 'webhook.test');
      assert.ok(verifySignature(secret, test!.headers['ghad-signature'] as string, test!.body));

      const failed = await admin.post(`/newsroom/webhooks/${id}/test`);
      assert.match(failed.body, /لم يصل الاختبار: HTTP 500/);
      assert.match(failed.body, /فشلت/);

      const stopped = await admin.post(`/newsroom/webhooks/${id}/disable`);
      assert.equal(stopped.statusCode, 303);
      const whileStopped = await admin.post(`/newsroom/webhooks/${id}/test`);
      assert.match(whileStopped.body, /هذا الاشتراك موقوف/);
      assert.equal(receiver.received.length, 2, 'nothing sent while stopped');

      const deleted = await admin.post(`/newsroom/webhooks/${id}/delete`);
      assert.equal(deleted.headers.location, '/newsroom/webhooks?done=deleted');
      assert.equal((await admin.get(`/newsroom/webhooks/${id}`)).statusCode, 404);
      assert.equal((await store.webhooks.list()).length, 0);
    });
  });
}
