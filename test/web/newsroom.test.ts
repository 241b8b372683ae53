/**
 * The newsroom's sign-in, sessions, account page, user management and reset links, every
 * route through inject(), on SQLite and PostgreSQL: signed in and out, with the wrong role,
 * without the form token, past the sign-in limit, with an expired session or link.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { hashSecretToken } from '../../src/newsroom/secret-token.ts';
import type { Store } from '../../src/store/store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر غرفة الأخبار';
const PEOPLE = {
  owner: { email: 'owner@alghad24.ma', displayName: 'نادية العلوي', role: 'owner' },
  administrator: { email: 'admin@alghad24.ma', displayName: 'رشيد بنعلي', role: 'administrator' },
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
  contributor: { email: 'contributor@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' },
} as const;
const WRONG_CREDENTIALS = 'البريد الإلكتروني أو كلمة المرور غير صحيحة.';
const ARABIC = /[\u0600-\u06ff]{3}/;

for (const dialect of DIALECTS) {
  describe(`newsroom accounts over HTTP (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    const ids: Record<string, number> = {};

    before(async () => {
      let users: Record<string, { id: number }>;
      // Generous sign-in limits: the limits are tested on their own app below.
      ({ store, app, users, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        config: { siteUrl: 'https://alghad24.test', trustProxy: true },
      }));
      for (const [role, user] of Object.entries(users)) ids[role] = user.id;
    });
    after(async () => {
      await close?.();
    });

    function signedIn(role: keyof typeof PEOPLE): Promise<NewsroomClient> {
      return NewsroomClient.signedIn(app, PEOPLE[role].email, PASSWORD, '/newsroom');
    }

    it('sends visitors who are not signed in to the sign-in page, and back afterwards', async () => {
      const client = new NewsroomClient(app);
      for (const path of ['/newsroom', '/newsroom/', '/newsroom/account']) {
        const response = await client.get(path);
        assert.equal(response.statusCode, 303, path);
        assert.match(response.headers.location as string, /^\/newsroom\/sign-in/);
      }
      assert.equal(
        (await client.get('/newsroom/users')).headers.location,
        '/newsroom/sign-in?next=%2Fnewsroom%2Fusers',
      );
      const back = await client.signIn(PEOPLE.owner.email, PASSWORD, '/newsroom/users');
      assert.equal(back.headers.location, '/newsroom/users');
    });

    it('shows an Arabic, right-to-left sign-in page that no cache keeps, with a form-token cookie', async () => {
      const client = new NewsroomClient(app);
      const page = await client.get('/newsroom/sign-in');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.match(page.body, /تسجيل الدخول/);
      assert.match(page.body, /name="robots" content="noindex, nofollow"/);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['x-frame-options'], 'DENY');
      const csrfCookie = String(page.headers['set-cookie']);
      assert.match(csrfCookie, /^ghad_csrf=/);
      assert.match(csrfCookie, /Path=\/newsroom/);
      assert.match(csrfCookie, /HttpOnly/);
      assert.match(csrfCookie, /SameSite=Lax/);
      // The site's address is https: Secure even on this plain request (test/web/security-headers.test.ts has an http site).
      assert.match(csrfCookie, /Secure/);
    });

    it('signs in with a session cookie that is httpOnly, SameSite=Lax, and Secure on an https site', async () => {
      const overHttps = new NewsroomClient(app, { 'x-forwarded-proto': 'https' });
      const response = await overHttps.signIn(PEOPLE.editor.email.toUpperCase(), PASSWORD);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/newsroom');
      const cookie = String(response.headers['set-cookie']);
      assert.match(cookie, /^ghad_session=[A-Za-z0-9_-]{43};/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\/newsroom/);
      assert.match(cookie, /Secure/);
      const token = overHttps.cookies.get('ghad_session') as string;
      const stored = await store.db.selectFrom('sessions').select('token_hash').execute();
      assert.ok(stored.some((row) => row.token_hash === hashSecretToken(token)));
      assert.ok(
        stored.every((row) => row.token_hash !== token),
        'the token itself is not stored',
      );

      const home = await overHttps.get('/newsroom');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /مرحبا، سلمى بناني/);
      assert.match(home.body, /<strong>محرر<\/strong>/);
      assert.doesNotMatch(home.body, /href="\/newsroom\/users"/, 'an editor is not offered user management');
      assert.equal(home.headers['cache-control'], 'no-store');

      const plain = new NewsroomClient(app);
      assert.match(String((await plain.signIn(PEOPLE.editor.email, PASSWORD)).headers['set-cookie']), /Secure/);
    });

    it('says the same for a wrong password and an unknown email, and tells a disabled account', async () => {
      const client = new NewsroomClient(app);
      const wrong = await client.signIn(PEOPLE.author.email, 'not the password');
      const unknown = await client.signIn('nobody@alghad24.ma', PASSWORD);
      for (const response of [wrong, unknown]) {
        assert.equal(response.statusCode, 401);
        assert.match(response.body, new RegExp(WRONG_CREDENTIALS));
        assert.doesNotMatch(String(response.headers['set-cookie'] ?? ''), /ghad_session/);
      }
      assert.match(unknown.body, /value="nobody@alghad24.ma"/, 'the email stays in the form');
      const empty = await client.post('/newsroom/sign-in', { email: '', password: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /أدخل البريد الإلكتروني وكلمة المرور/);
    });

    it('refuses every POST without a valid form token with an Arabic 403, and changes nothing', async () => {
      const client = new NewsroomClient(app);
      await client.get('/newsroom/sign-in');
      const missing = await client.post('/newsroom/sign-in', {
        _csrf: null,
        email: PEOPLE.owner.email,
        password: PASSWORD,
      });
      assert.equal(missing.statusCode, 403);
      assert.match(missing.body, /لم يُقبل هذا النموذج/);
      const forged = await client.post('/newsroom/sign-in', {
        _csrf: 'forged',
        email: PEOPLE.owner.email,
        password: PASSWORD,
      });
      assert.equal(forged.statusCode, 403);
      assert.equal(client.cookies.has('ghad_session'), false);

      const admin = await signedIn('administrator');
      const before = await newsroomAccounts(store.db).accounts.count();
      const cases: [string, Record<string, string | null>][] = [
        ['/newsroom/sign-out', {}],
        ['/newsroom/account/sign-out-everywhere', {}],
        [
          '/newsroom/account/password',
          { currentPassword: PASSWORD, newPassword: 'x'.repeat(12), confirmPassword: 'x'.repeat(12) },
        ],
        ['/newsroom/users', { email: 'csrf@alghad24.ma', displayName: 'س', role: 'editor' }],
        [`/newsroom/users/${ids.author}/disable`, {}],
        [`/newsroom/users/${ids.author}/reset-link`, {}],
      ];
      for (const [path, form] of cases) {
        const response = await admin.post(path, { ...form, _csrf: null });
        assert.equal(response.statusCode, 403, path);
        assert.match(response.body, /نموذج غير مقبول/, path);
      }
      // A token from another browser's cookie does not pass either.
      const other = new NewsroomClient(app);
      await other.get('/newsroom/sign-in');
      assert.equal((await admin.post('/newsroom/sign-out', { _csrf: other.lastToken })).statusCode, 403);
      assert.equal(await newsroomAccounts(store.db).accounts.count(), before);
      assert.equal((await admin.get('/newsroom')).statusCode, 200, 'still signed in');
      assert.equal((await newsroomAccounts(store.db).accounts.findById(ids.author as number))?.disabledAt, null);
    });

    it('follows only newsroom paths after sign-in', async () => {
      for (const next of ['//evil.example/newsroom', 'https://evil.example/', '/newsroomx', '/newsroom\\@evil']) {
        const client = new NewsroomClient(app);
        const response = await client.signIn(PEOPLE.author.email, PASSWORD, next);
        assert.equal(response.headers.location, '/newsroom', next);
      }
      const client = new NewsroomClient(app);
      assert.equal(
        (await client.signIn(PEOPLE.author.email, PASSWORD, '/newsroom/account')).headers.location,
        '/newsroom/account',
      );
      assert.equal((await client.get('/newsroom/sign-in')).headers.location, '/newsroom', 'signed in: no sign-in form');
    });

    it('signs out: the session is deleted and the cookie cleared', async () => {
      const client = await signedIn('author');
      const token = client.cookies.get('ghad_session') as string;
      const response = await client.post('/newsroom/sign-out');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/newsroom/sign-in?done=signed-out');
      assert.equal(client.cookies.has('ghad_session'), false);
      const row = await store.db
        .selectFrom('sessions')
        .select('id')
        .where('token_hash', '=', hashSecretToken(token))
        .executeTakeFirst();
      assert.equal(row, undefined);
      assert.match((await client.get('/newsroom/sign-in?done=signed-out')).body, /خرجت من غرفة الأخبار/);
      // The old cookie, replayed, signs nobody in.
      const replay = new NewsroomClient(app);
      replay.cookies.set('ghad_session', token);
      const home = await replay.get('/newsroom');
      assert.equal(home.statusCode, 303);
      assert.equal(home.headers.location, '/newsroom/sign-in?expired=1');
    });

    it('sends an expired session to the sign-in page with an Arabic explanation', async () => {
      const client = await signedIn('contributor');
      const token = client.cookies.get('ghad_session') as string;
      await store.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('token_hash', '=', hashSecretToken(token))
        .execute();
      const response = await client.get('/newsroom/account');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/newsroom/sign-in?next=%2Fnewsroom%2Faccount&expired=1');
      assert.equal(client.cookies.has('ghad_session'), false, 'the dead cookie is cleared');
      const page = await client.get(response.headers.location as string);
      assert.match(page.body, /انتهت جلستك. سجّل الدخول من جديد./);
    });

    it('signs out every other device from the account page', async () => {
      const laptop = await signedIn('author');
      const phone = await signedIn('author');
      const account = await laptop.get('/newsroom/account');
      assert.equal(account.statusCode, 200);
      assert.match(account.body, /هذا الجهاز/);
      assert.match(account.body, /author@alghad24.ma/);
      const response = await laptop.post('/newsroom/account/sign-out-everywhere');
      assert.equal(response.headers.location, '/newsroom/account?done=signed-out-elsewhere');
      assert.equal((await phone.get('/newsroom')).statusCode, 303);
      const after = await laptop.get('/newsroom/account?done=signed-out-elsewhere');
      assert.equal(after.statusCode, 200);
      assert.match(after.body, /خرجت من كل الأجهزة الأخرى/);
    });

    it('changes a password only with the current one and a matching, long enough new one', async () => {
      const client = await signedIn('contributor');
      await client.get('/newsroom/account');
      const attempts: [Record<string, string>, RegExp][] = [
        [
          { currentPassword: 'wrong one!!', newPassword: 'new password 1', confirmPassword: 'new password 1' },
          /كلمة المرور الحالية غير صحيحة/,
        ],
        [
          { currentPassword: PASSWORD, newPassword: 'new password 1', confirmPassword: 'new password 2' },
          /غير متطابقتين/,
        ],
        [{ currentPassword: PASSWORD, newPassword: 'short', confirmPassword: 'short' }, /10 أحرف على الأقل/],
      ];
      for (const [form, message] of attempts) {
        const response = await client.post('/newsroom/account/password', form);
        assert.equal(response.statusCode, 400);
        assert.match(response.body, message);
      }
      const ok = await client.post('/newsroom/account/password', {
        currentPassword: PASSWORD,
        newPassword: 'كلمة مرور جديدة',
        confirmPassword: 'كلمة مرور جديدة',
      });
      assert.equal(ok.headers.location, '/newsroom/account?done=password');
      assert.equal((await new NewsroomClient(app).signIn(PEOPLE.contributor.email, PASSWORD)).statusCode, 401);
      assert.equal((await new NewsroomClient(app).signIn(PEOPLE.contributor.email, 'كلمة مرور جديدة')).statusCode, 303);
      await newsroomAccounts(store.db).accounts.setPassword(ids.contributor as number, PASSWORD);
    });

    it('lets only the owner and administrators manage users', async () => {
      for (const role of ['editor', 'author', 'contributor'] as const) {
        const client = await signedIn(role);
        const page = await client.get('/newsroom/users');
        assert.equal(page.statusCode, 403, role);
        assert.match(page.body, /لا يسمح دورك/);
        for (const path of [
          '/newsroom/users',
          `/newsroom/users/${ids.author}/disable`,
          `/newsroom/users/${ids.author}/reset-link`,
        ]) {
          const response = await client.post(path, {
            email: 'sneaky@alghad24.ma',
            displayName: 'م',
            role: 'administrator',
          });
          assert.equal(response.statusCode, 403, `${role} POST ${path}`);
        }
      }
      assert.equal(await newsroomAccounts(store.db).accounts.findByEmail('sneaky@alghad24.ma'), undefined);
      assert.equal((await newsroomAccounts(store.db).accounts.findById(ids.author as number))?.disabledAt, null);
      for (const role of ['owner', 'administrator'] as const) {
        const page = await (await signedIn(role)).get('/newsroom/users');
        assert.equal(page.statusCode, 200, role);
        for (const person of Object.values(PEOPLE))
          assert.ok(page.body.includes(person.email), `${role} sees ${person.email}`);
      }
    });

    it('adds a user, whose one-time link sets their password and then no longer works', async () => {
      const admin = await signedIn('administrator');
      await admin.get('/newsroom/users');
      const added = await admin.post('/newsroom/users', {
        email: 'Mehdi@Alghad24.ma',
        displayName: 'مهدي الصحراوي',
        role: 'author',
      });
      assert.equal(added.statusCode, 201);
      assert.match(added.body, /أضيف الحساب/);
      const link = /value="(https:\/\/alghad24\.test\/newsroom\/reset\/[A-Za-z0-9_-]{43})"/.exec(added.body)?.[1];
      assert.ok(link, 'the page shows the link once');
      const path = new URL(link).pathname;

      const mehdi = new NewsroomClient(app);
      const form = await mehdi.get(path);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /مهدي الصحراوي/);
      assert.equal(form.headers['referrer-policy'], 'no-referrer');
      const mismatch = await mehdi.post(path, { newPassword: 'my own password', confirmPassword: 'my own passw0rd' });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.body, /غير متطابقتين/);
      const weak = await mehdi.post(path, { newPassword: 'short', confirmPassword: 'short' });
      assert.equal(weak.statusCode, 400);
      const set = await mehdi.post(path, { newPassword: 'my own password', confirmPassword: 'my own password' });
      assert.equal(set.statusCode, 303);
      assert.equal(set.headers.location, '/newsroom/sign-in?done=password-set');
      assert.equal((await mehdi.signIn('mehdi@alghad24.ma', 'my own password')).statusCode, 303);
      assert.match((await mehdi.get('/newsroom')).body, /<strong>كاتب<\/strong>/);

      const again = await new NewsroomClient(app).get(path);
      assert.equal(again.statusCode, 410);
      assert.match(again.body, /استُعمل هذا الرابط من قبل/);
      const reused = new NewsroomClient(app);
      await reused.get('/newsroom/sign-in');
      assert.equal(
        (await reused.post(path, { newPassword: 'taking it over', confirmPassword: 'taking it over' })).statusCode,
        410,
      );
      const unknown = await new NewsroomClient(app).get(`/newsroom/reset/${'A'.repeat(43)}`);
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /هذا الرابط غير صحيح/);
    });

    it('refuses a user it cannot add, keeping what was typed', async () => {
      const admin = await signedIn('administrator');
      const cases: [Record<string, string>, RegExp][] = [
        [
          { email: PEOPLE.editor.email.toUpperCase(), displayName: 'نسخة', role: 'editor' },
          /يوجد حساب آخر بهذا البريد/,
        ],
        [{ email: 'not-an-address', displayName: 'بلا بريد', role: 'editor' }, /البريد الإلكتروني غير صالح/],
        [{ email: 'second-owner@alghad24.ma', displayName: 'مالك ثان', role: 'owner' }, /اختر دورا من القائمة/],
        [{ email: 'x@alghad24.ma', displayName: 'س'.repeat(101), role: 'editor' }, /يجب أن يتكون الاسم/],
      ];
      for (const [form, message] of cases) {
        const response = await admin.post('/newsroom/users', form);
        assert.equal(response.statusCode, 400, form.email);
        assert.match(response.body, message);
        assert.ok(response.body.includes(`value="${form.email}"`), 'the email stays in the form');
      }
      assert.equal(await newsroomAccounts(store.db).accounts.findByEmail('second-owner@alghad24.ma'), undefined);
    });

    it('disables a user: their sessions end and they cannot sign in; enabling lets them back', async () => {
      const admin = await signedIn('administrator');
      const author = await signedIn('author');
      const disabled = await admin.post(`/newsroom/users/${ids.author}/disable`);
      assert.equal(disabled.headers.location, '/newsroom/users?done=disabled');
      assert.equal((await author.get('/newsroom')).statusCode, 303);
      const refused = await new NewsroomClient(app).signIn(PEOPLE.author.email, PASSWORD);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /هذا الحساب معطل/);
      const list = await admin.get('/newsroom/users?done=disabled');
      assert.match(list.body, /عُطّل الحساب/);
      assert.match(list.body, /معطل منذ/);
      assert.equal(
        (await admin.post(`/newsroom/users/${ids.author}/enable`)).headers.location,
        '/newsroom/users?done=enabled',
      );
      assert.equal((await new NewsroomClient(app).signIn(PEOPLE.author.email, PASSWORD)).statusCode, 303);
    });

    it('protects the owner and the administrator’s own account, and answers 404 for unknown users', async () => {
      const admin = await signedIn('administrator');
      const owner = await admin.post(`/newsroom/users/${ids.owner}/disable`);
      assert.equal(owner.statusCode, 403);
      assert.match(owner.body, /حساب المالك يديره المالك وحده/);
      assert.equal((await admin.post(`/newsroom/users/${ids.owner}/reset-link`)).statusCode, 403);
      const self = await admin.post(`/newsroom/users/${ids.administrator}/disable`);
      assert.equal(self.statusCode, 400);
      assert.match(self.body, /لا يمكنك تعطيل حسابك بنفسك/);
      for (const id of ['99999', 'abc', '0', '-1', '1e3']) {
        const response = await admin.post(`/newsroom/users/${id}/disable`);
        assert.equal(response.statusCode, 404, id);
        assert.match(response.body, /هذا الحساب غير موجود/);
      }
      const byOwner = await (await signedIn('owner')).post(`/newsroom/users/${ids.owner}/disable`);
      assert.equal(byOwner.statusCode, 400, 'not even the owner disables the owner');
    });

    it('gives an expired reset link an Arabic 410 and an old one stops when a new one is issued', async () => {
      const owner = await signedIn('owner');
      const first = await owner.post(`/newsroom/users/${ids.editor}/reset-link`);
      assert.equal(first.statusCode, 200);
      const firstPath = /\/newsroom\/reset\/[A-Za-z0-9_-]{43}/.exec(first.body)?.[0] as string;
      const second = await owner.post(`/newsroom/users/${ids.editor}/reset-link`);
      const secondPath = /\/newsroom\/reset\/[A-Za-z0-9_-]{43}/.exec(second.body)?.[0] as string;
      assert.equal((await new NewsroomClient(app).get(firstPath)).statusCode, 410);
      await store.db
        .updateTable('password_resets')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('token_hash', '=', hashSecretToken(secondPath.split('/').pop() as string))
        .execute();
      const expired = await new NewsroomClient(app).get(secondPath);
      assert.equal(expired.statusCode, 410);
      assert.match(expired.body, /انتهت صلاحية هذا الرابط/);
    });

    it('answers unknown newsroom pages and malformed bodies with Arabic pages, never a 500', async () => {
      const client = await signedIn('editor');
      const missing = await client.get('/newsroom/no-such-page');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /لا توجد صفحة بهذا العنوان/);
      const json = await client.post('/newsroom/sign-out', {}, { 'content-type': 'application/json' });
      assert.ok([400, 403].includes(json.statusCode), String(json.statusCode));
      assert.match(json.body, ARABIC);
      const oddType = await client.post('/newsroom/account/sign-out-everywhere', {}, { 'content-type': 'text/xml' });
      assert.equal(oddType.statusCode, 400);
      assert.match(oddType.body, ARABIC);
    });

    it('serves its own stylesheet, logical properties only, cached for a year', async () => {
      const page = await new NewsroomClient(app).get('/newsroom/sign-in');
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1] as string;
      assert.match(href, /^\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css$/);
      const css = await app.inject({ url: href });
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.doesNotMatch(
        css.body,
        /(margin|padding|border)-(left|right)\b|\bfloat:\s*(left|right)|text-align:\s*(left|right)/,
      );
      assert.equal(css.headers['set-cookie'], undefined);
      // The reader site's fonts, from the same files.
      const fonts = [...css.body.matchAll(/url\("([^"]+\.woff2)"\)/g)].map((m) => m[1] as string);
      assert.ok(fonts.includes('/assets/fonts/noto-naskh-arabic-arabic-400-normal.woff2'), fonts.join());
      assert.equal((await app.inject({ url: fonts[0] as string })).statusCode, 200);
    });
  });
}

describe('sign-in rate limits', () => {
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app, close } = await openNewsroomApp('sqlite', {
      people: { editor: { email: 'editor@alghad24.ma', role: 'editor' } },
      password: PASSWORD,
      config: { trustProxy: true },
      signInLimits: { perAddress: 6, perEmail: 3, windowMs: 60_000 },
    }));
  });
  after(async () => {
    await close?.();
  });

  it('refuses a fourth attempt on one email with an Arabic 429, even with the right password', async () => {
    const client = new NewsroomClient(app, { 'x-forwarded-for': '203.0.113.7' });
    for (let i = 0; i < 3; i++)
      assert.equal((await client.signIn('editor@alghad24.ma', `wrong ${i} password`)).statusCode, 401);
    const limited = await client.signIn('EDITOR@alghad24.ma', PASSWORD);
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /محاولات دخول كثيرة في وقت قصير/);
    assert.ok(limited.headers['retry-after']);
    assert.equal(client.cookies.has('ghad_session'), false);
  });

  it('refuses an address that tries many emails', async () => {
    const client = new NewsroomClient(app, { 'x-forwarded-for': '198.51.100.9' });
    for (let i = 0; i < 6; i++) assert.equal((await client.signIn(`guess${i}@alghad24.ma`, PASSWORD)).statusCode, 401);
    const limited = await client.signIn('guess-next@alghad24.ma', PASSWORD);
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /محاولات دخول كثيرة/);
    const elsewhere = new NewsroomClient(app, { 'x-forwarded-for': '192.0.2.44' });
    assert.equal(
      (await elsewhere.signIn('someone@alghad24.ma', PASSWORD)).statusCode,
      401,
      'other addresses are not affected',
    );
  });
});
