/**
 * Issue 17, through inject(): nobody can lock an account out with wrong passwords from their own
 * address (the limit is per email and address, with a backoff); demo accounts, whose passwords
 * are public, sign in only while the demo newspaper runs; and a one-time password leads to the
 * account page, and nowhere else, until its owner chooses a new one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS } from '../../src/newsroom/first-accounts.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import type { Store } from '../../src/store/store.ts';
import { SignInThrottle } from '../../src/web/newsroom/sign-in-throttle.ts';
import { isNewsroomPath } from '../../src/web/newsroom/signed-in-user.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر غرفة الأخبار';

describe('sign-in limits per email and address (issue 17)', () => {
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app, close } = await openNewsroomApp('sqlite', {
      people: { editor: { email: 'editor@alghad24.ma', role: 'editor' } },
      password: PASSWORD,
      config: { trustProxy: true },
      signInLimits: { perAddress: 30, perEmail: 3, windowMs: 60_000 },
    }));
  });
  after(async () => {
    await close?.();
  });

  it('slows down the guessing address with 429 and Retry-After, but lets the right password in from elsewhere', async () => {
    const attacker = new NewsroomClient(app, { 'x-forwarded-for': '203.0.113.66' });
    for (let i = 0; i < 3; i++)
      assert.equal((await attacker.signIn('editor@alghad24.ma', `wrong ${i} password`)).statusCode, 401);
    for (let i = 0; i < 3; i++) {
      const limited = await attacker.signIn('editor@alghad24.ma', `wrong again ${i}`);
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) >= 60, String(limited.headers['retry-after']));
      assert.match(limited.body, /محاولات دخول كثيرة في وقت قصير/);
    }
    // The editor, at their own desk: not locked out by someone else's guesses.
    const editor = new NewsroomClient(app, { 'x-forwarded-for': '192.0.2.10' });
    const signedIn = await editor.signIn('EDITOR@alghad24.ma', PASSWORD);
    assert.equal(signedIn.statusCode, 303, signedIn.body);
    assert.equal(editor.cookies.has('ghad_session'), true);
    // Even a few typos there first do not stop the right password.
    const typos = new NewsroomClient(app, { 'x-forwarded-for': '192.0.2.11' });
    for (let i = 0; i < 2; i++) assert.equal((await typos.signIn('editor@alghad24.ma', `typo ${i}`)).statusCode, 401);
    assert.equal((await typos.signIn('editor@alghad24.ma', PASSWORD)).statusCode, 303);
  });
});

describe('where sign-in leads: only a newsroom path that can be a Location header (issue 17)', () => {
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app, close } = await openNewsroomApp('sqlite', {
      people: { editor: { email: 'editor@alghad24.ma', role: 'editor' } },
      password: PASSWORD,
    }));
  });
  after(async () => {
    await close?.();
  });

  const HOSTILE = [
    '/newsroom/articles\u0000',
    '/newsroom/\u2028x',
    '/newsroom/a\u2029b',
    '/newsroom/\u0007',
    '/newsroom/\t',
    '/newsroom/\u007f',
    '/newsroom/\ud800',
    '/newsroom/مقالات',
    '/newsroom/a b',
    '/newsroom/x\\y',
    '/newsroom/%zz',
    '/newsroom/../feed.xml',
    '//evil.example/newsroom',
    '/newsroom\r\nSet-Cookie: a=b',
  ];

  it('isNewsroomPath refuses control, invalid and non-URL characters, and dot segments', () => {
    for (const path of HOSTILE) assert.equal(isNewsroomPath(path), false, JSON.stringify(path));
    for (const path of [
      '/newsroom',
      '/newsroom/articles/12',
      '/newsroom/media?q=%D9%85&page=2',
      '/newsroom/stats?period=7d',
    ])
      assert.equal(isNewsroomPath(path), true, path);
  });

  it('ignores such a next= after sign-in and on the sign-in page: the newsroom home, never a 500', async () => {
    const client = new NewsroomClient(app);
    for (const next of HOSTILE.slice(0, 5)) {
      const signedIn = await client.signIn('editor@alghad24.ma', PASSWORD, next);
      assert.equal(signedIn.statusCode, 303, `${JSON.stringify(next)}: ${signedIn.body}`);
      assert.equal(signedIn.headers.location, '/newsroom');
    }
    for (const next of HOSTILE) {
      // A lone surrogate cannot be encoded by encodeURIComponent: its bytes are sent as they come.
      const encoded = next === '/newsroom/\ud800' ? '%2Fnewsroom%2F%ED%A0%80' : encodeURIComponent(next);
      const page = await client.get(`/newsroom/sign-in?next=${encoded}`);
      assert.equal(page.statusCode, 303, JSON.stringify(next));
      assert.equal(page.headers.location, '/newsroom');
    }
    const kept = await client.get(`/newsroom/sign-in?next=${encodeURIComponent('/newsroom/media?q=%D9%85')}`);
    assert.equal(kept.headers.location, '/newsroom/media?q=%D9%85', 'a good next= is still followed');
  });
});

describe('SignInThrottle', () => {
  it('locks one (email, address) after the limit, doubles the wait, and forgets it on a right password', () => {
    let now = 0;
    const throttle = new SignInThrottle({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      assert.equal(throttle.waitSeconds('a@x.ma', '1.1.1.1'), 0);
      throttle.failed('A@x.ma', '1.1.1.1');
    }
    assert.equal(throttle.waitSeconds('a@x.ma', '1.1.1.1'), 60);
    assert.equal(throttle.waitSeconds('a@x.ma', '2.2.2.2'), 0, 'another address is not affected');
    now += 60_001;
    assert.equal(throttle.waitSeconds('a@x.ma', '1.1.1.1'), 0, 'the wait ends');
    throttle.failed('a@x.ma', '1.1.1.1');
    assert.equal(throttle.waitSeconds('a@x.ma', '1.1.1.1'), 120, 'the next wrong password doubles it');
    now += 120_001;
    throttle.failed('a@x.ma', '1.1.1.1');
    assert.equal(throttle.waitSeconds('a@x.ma', '1.1.1.1'), 240);
    throttle.succeeded('a@x.ma', '1.1.1.1');
    assert.equal(throttle.waitSeconds('a@x.ma', '1.1.1.1'), 0);
    // Below the limit, a window without wrong passwords starts the count again.
    throttle.failed('b@x.ma', '1.1.1.1');
    throttle.failed('b@x.ma', '1.1.1.1');
    now += 60_001;
    throttle.failed('b@x.ma', '1.1.1.1');
    assert.equal(throttle.waitSeconds('b@x.ma', '1.1.1.1'), 0);
  });

  it('remembers at most maxEntries pairs', () => {
    const throttle = new SignInThrottle({ limit: 1, windowMs: 60_000, maxEntries: 2 });
    for (const address of ['1', '2', '3']) throttle.failed('a@x.ma', address);
    assert.equal(throttle.waitSeconds('a@x.ma', '1'), 0, 'the oldest was forgotten');
    assert.ok(throttle.waitSeconds('a@x.ma', '3') > 0);
  });
});

describe('demo accounts without the demo newspaper (issue 17)', () => {
  const admin = DEMO_ACCOUNTS.find((account) => account.role === 'administrator') as (typeof DEMO_ACCOUNTS)[number];

  async function openWithDemoAccount(demo: boolean) {
    return openNewsroomApp('sqlite', {
      // A database that once ran the demo: the demo administrator is in it, with the README's password.
      seed: async (store: Store) =>
        newsroomAccounts(store.db).accounts.create({ ...admin, demo: true, password: admin.password }),
      config: { demo },
    });
  }

  it('refuses the demo administrator, in Arabic, when the server runs without the demo', async () => {
    const { app, close } = await openWithDemoAccount(false);
    try {
      const client = new NewsroomClient(app);
      const refused = await client.signIn(admin.email, admin.password);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /الحسابات التجريبية لا تعمل إلا مع الجريدة التجريبية/);
      assert.equal(client.cookies.has('ghad_session'), false);
    } finally {
      await close();
    }
  });

  it('lets it in with the demo, and ends its sessions and API tokens once served without it', async () => {
    const withDemo = await openWithDemoAccount(true);
    let cookie: string;
    let token: string;
    try {
      const client = await NewsroomClient.signedIn(withDemo.app, admin.email, admin.password);
      cookie = client.cookies.get('ghad_session') as string;
      assert.equal((await client.get('/newsroom/users')).statusCode, 200);
      const user = await newsroomAccounts(withDemo.store.db).accounts.findByEmail(admin.email);
      token = (
        await newsroomAccounts(withDemo.store.db).apiTokens.create({
          kind: 'admin',
          name: 'أداة تجريبية',
          userId: user?.id as number,
        })
      ).secret;
      const parts = newsroomAccounts(withDemo.store.db, { demoAccounts: true });
      assert.equal((await parts.sessions.lookUp(cookie)).status, 'active');
      assert.equal((await parts.apiTokens.check(token)).status, 'valid');
      // The same database, served without the demo.
      const off = newsroomAccounts(withDemo.store.db);
      assert.equal((await off.apiTokens.check(token)).status, 'disabled_user');
      assert.equal((await off.sessions.lookUp(cookie)).status, 'expired');
      assert.equal((await off.accounts.signIn(admin.email, admin.password)).ok, false);
    } finally {
      await withDemo.close();
    }
  });
});

describe('a one-time password leads to the account page first (issue 17)', () => {
  let app: FastifyInstance;
  let store: Store;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app, store, close } = await openNewsroomApp('sqlite', {
      people: { owner: { email: 'owner@ghad.local', role: 'owner', mustChangePassword: true } },
      password: PASSWORD,
    }));
  });
  after(async () => {
    await close?.();
  });

  it('sends every page to «حسابي», refuses every other form, until a new password is chosen', async () => {
    const client = await NewsroomClient.signedIn(app, 'owner@ghad.local', PASSWORD);
    for (const path of ['/newsroom', '/newsroom/users', '/newsroom/tokens', '/newsroom/articles/new']) {
      const response = await client.get(path);
      assert.equal(response.statusCode, 303, path);
      assert.equal(response.headers.location, '/newsroom/account', path);
    }
    const account = await client.get('/newsroom/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /كلمة مرورك الحالية مؤقتة/);
    const minted = await client.post('/newsroom/tokens', { name: 'أداة', kind: 'admin', userId: '1' });
    assert.equal(minted.statusCode, 403);
    assert.match(minted.body, /اختر كلمة مرور جديدة في «حسابي» قبل أي شيء آخر/);
    assert.equal((await newsroomAccounts(store.db).apiTokens.list()).length, 0);

    await client.get('/newsroom/account');
    const changed = await client.post('/newsroom/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'a password the owner chose',
      confirmPassword: 'a password the owner chose',
    });
    assert.equal(changed.statusCode, 303, changed.body);
    assert.equal((await client.get('/newsroom')).statusCode, 200);
    assert.equal((await client.get('/newsroom/users')).statusCode, 200);
  });
});
