/**
 * The role × route table: EVERY route the newsroom registers (read from Fastify as it registers
 * them, so a new route without a row fails here, by name) × every role (owner, administrator,
 * editor, author, contributor, signed out), each answered with the status the table expects:
 * GET routes by GET, POST routes by a direct POST that carries a valid form token (what a
 * hand-made request that bypasses the UI would send). On SQLite and PostgreSQL.
 *
 * Statuses: 200 a page; 303 a redirect (for the signed out, always to the sign-in page); 400
 * the request got past the permission gate and was refused on its content (the forms below
 * send harmless content); 403 refused by role; 404 nothing there (an unknown reset link).
 *
 * To add a route: add a row to ROUTE_TABLE with the path to request (and the form to post)
 * and the status for each of the six. Rows are keyed "METHOD /newsroom/url" as registered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { ROLES, type Role } from '../../src/newsroom/roles.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { NewsroomClient } from './newsroom-client.ts';

type Who = Role | 'signed out';
const EVERYONE: readonly Who[] = [...ROLES, 'signed out'];

/** What a row can name in its path or form: the acting user, another user, a published article. */
interface Fixtures {
  self: number;
  target: number;
  publishedArticle: number;
  firstSection: number;
}

interface RouteRow {
  /** The path to request (defaults to the route's url). */
  path?: string | ((f: Fixtures) => string);
  /** The form of a POST (the form token is added). */
  form?: (f: Fixtures) => Record<string, string>;
  expect: Readonly<Record<Who, number>>;
  /** The request ends the session (sign out): the next row signs in again. */
  endsSession?: boolean;
}

/** Statuses by who asks: the five roles, in order, then the signed out. */
function statuses(
  owner: number,
  administrator: number,
  editor: number,
  author: number,
  contributor: number,
  signedOut: number,
): Record<Who, number> {
  return { owner, administrator, editor, author, contributor, 'signed out': signedOut };
}
const SIGNED_IN = (status: number) => statuses(status, status, status, status, status, 303);
const EDITORS = (status: number) => statuses(status, status, status, 403, 403, 303);
const USER_MANAGERS = (status: number) => statuses(status, status, 403, 403, 403, 303);
const ANYONE = (status: number) => statuses(status, status, status, status, status, status);

const STYLESHEET = /^\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css$/;

const ROUTE_TABLE: Readonly<Record<string, RouteRow>> = {
  'GET /newsroom/assets/newsroom.<hash>.css': { expect: ANYONE(200) },
  'GET /newsroom': { expect: SIGNED_IN(200) },
  'GET /newsroom/curation': { expect: EDITORS(200) },
  'GET /newsroom/stats': { path: '/newsroom/stats?period=7d', expect: EDITORS(200) },
  'POST /newsroom/curation/pins/add': { form: () => ({ articleId: 'none' }), expect: EDITORS(400) },
  'POST /newsroom/curation/pins/move': {
    form: (f) => ({ articleId: String(f.publishedArticle), direction: 'up' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/curation/pins/remove': {
    form: (f) => ({ articleId: String(f.publishedArticle) }),
    expect: EDITORS(400),
  },
  'POST /newsroom/curation/sections/move': {
    form: (f) => ({ sectionId: String(f.firstSection), direction: 'up' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/curation/breaking': {
    form: (f) => ({ articleId: String(f.publishedArticle), hours: '0' }),
    expect: EDITORS(400),
  },
  // Ending breaking news that is not breaking changes nothing: done, a redirect back.
  'POST /newsroom/curation/breaking/clear': {
    form: (f) => ({ articleId: String(f.publishedArticle) }),
    expect: EDITORS(303),
  },
  'GET /newsroom/sign-in': { expect: statuses(303, 303, 303, 303, 303, 200) },
  'POST /newsroom/sign-in': { form: () => ({ email: '', password: '' }), expect: ANYONE(400) },
  'POST /newsroom/sign-out': { expect: ANYONE(303), endsSession: true },
  'GET /newsroom/account': { expect: SIGNED_IN(200) },
  'POST /newsroom/account/password': {
    form: () => ({ currentPassword: 'not the password', newPassword: 'x', confirmPassword: 'x' }),
    expect: SIGNED_IN(400),
  },
  'POST /newsroom/account/sign-out-everywhere': { expect: SIGNED_IN(303) },
  'GET /newsroom/users': { expect: USER_MANAGERS(200) },
  'POST /newsroom/users': {
    form: () => ({ email: 'new@alghad24.ma', displayName: 'جديد', role: 'owner' }),
    expect: USER_MANAGERS(400),
  },
  'POST /newsroom/users/:id/reset-link': {
    path: (f) => `/newsroom/users/${f.target}/reset-link`,
    expect: USER_MANAGERS(200),
  },
  'POST /newsroom/users/:id/disable': {
    path: (f) => `/newsroom/users/${f.self}/disable`,
    expect: USER_MANAGERS(400),
  },
  'POST /newsroom/users/:id/enable': {
    path: (f) => `/newsroom/users/${f.target}/enable`,
    expect: USER_MANAGERS(303),
  },
  // API keys and webhooks: administrators only; unknown ids are 404 past the gate.
  'GET /newsroom/tokens': { expect: USER_MANAGERS(200) },
  'POST /newsroom/tokens': { form: () => ({ name: 'شريك', kind: 'neither' }), expect: USER_MANAGERS(400) },
  'POST /newsroom/tokens/:id/revoke': { path: '/newsroom/tokens/999999/revoke', expect: USER_MANAGERS(404) },
  'GET /newsroom/webhooks': { expect: USER_MANAGERS(200) },
  'POST /newsroom/webhooks': { form: () => ({ url: 'not a url' }), expect: USER_MANAGERS(400) },
  'GET /newsroom/webhooks/:id': { path: '/newsroom/webhooks/999999', expect: USER_MANAGERS(404) },
  'POST /newsroom/webhooks/:id/test': { path: '/newsroom/webhooks/999999/test', expect: USER_MANAGERS(404) },
  'POST /newsroom/webhooks/:id/disable': { path: '/newsroom/webhooks/999999/disable', expect: USER_MANAGERS(404) },
  'POST /newsroom/webhooks/:id/enable': { path: '/newsroom/webhooks/999999/enable', expect: USER_MANAGERS(404) },
  'POST /newsroom/webhooks/:id/delete': { path: '/newsroom/webhooks/999999/delete', expect: USER_MANAGERS(404) },
  'GET /newsroom/reset/:token': { path: '/newsroom/reset/no-such-link', expect: ANYONE(404) },
  'POST /newsroom/reset/:token': {
    path: '/newsroom/reset/no-such-link',
    form: () => ({ newPassword: 'x', confirmPassword: 'x' }),
    expect: ANYONE(404),
  },
};

const PASSWORD = 'كلمة سر جدول الصلاحيات';

for (const dialect of DIALECTS) {
  describe(`the role × route table of the newsroom (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    const registered: string[] = [];
    const ids = {} as Record<Role | 'target', number>;
    let fixtures: Omit<Fixtures, 'self'>;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      const { accounts } = newsroomAccounts(store.db);
      for (const role of ROLES) {
        ids[role] = (
          await accounts.create({ email: `${role}@alghad24.ma`, displayName: `حساب ${role}`, role, password: PASSWORD })
        ).id;
      }
      ids.target = (
        await accounts.create({
          email: 'target@alghad24.ma',
          displayName: 'حساب للتجربة',
          role: 'contributor',
          password: PASSWORD,
        })
      ).id;
      const [publishedArticle] = await importSampleNewspaper(store, { dated: 3, undated: 0, recent: 1 });
      const [firstSection] = await store.curation.homeSectionOrder();
      fixtures = { target: ids.target, publishedArticle: publishedArticle!, firstSection: firstSection! };
      app = await buildApp({
        config: testConfig({ dataDir: fresh.options.dataDir }),
        store,
        invalidationPollMs: 0,
        newsroom: {
          signInLimits: { perAddress: 10_000, perEmail: 10_000, windowMs: 60_000 },
          onRoute: ({ method, url }) => {
            for (const m of [method].flat())
              registered.push(
                `${m} ${STYLESHEET.test(url) ? url.replace(/\.[0-9a-f]{10}\.css$/, '.<hash>.css') : url}`,
              );
          },
        },
      });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    it('has a row for every newsroom route, and a route for every row', () => {
      // HEAD answers as GET does (Fastify adds it to every GET route).
      const routes = [...new Set(registered.filter((r) => !r.startsWith('HEAD ')))].sort();
      assert.ok(routes.length >= 20, `the newsroom's routes were read (${routes.length})`);
      const missing = routes.filter((r) => !(r in ROUTE_TABLE));
      assert.deepEqual(
        missing,
        [],
        `Newsroom routes with no row in ROUTE_TABLE (test/web/newsroom-permissions.test.ts): add the expected status for each role:\n  ${missing.join('\n  ')}`,
      );
      const stale = Object.keys(ROUTE_TABLE).filter((r) => !routes.includes(r));
      assert.deepEqual(stale, [], `Rows of ROUTE_TABLE for routes that no longer exist:\n  ${stale.join('\n  ')}`);
    });

    it('answers every route for every role as the table says', async () => {
      const clients = new Map<Who, NewsroomClient>();
      async function clientFor(who: Who): Promise<NewsroomClient> {
        let client = clients.get(who);
        if (!client) {
          client = new NewsroomClient(app);
          if (who === 'signed out') await client.get('/newsroom/sign-in');
          else assert.equal((await client.signIn(`${who}@alghad24.ma`, PASSWORD)).statusCode, 303, who);
          clients.set(who, client);
        }
        return client;
      }
      const stylesheet = registered.find((r) => r.startsWith('GET ') && r.includes('newsroom.<hash>.css'));
      assert.ok(stylesheet);
      const stylesheetUrl = (await app.inject('/newsroom/sign-in')).body.match(
        /href="(\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css)"/,
      )?.[1];
      assert.ok(stylesheetUrl);

      const failures: string[] = [];
      const routes = [...new Set(registered.filter((r) => !r.startsWith('HEAD ')))];
      for (const key of routes) {
        const row = ROUTE_TABLE[key];
        if (!row) continue; // reported by the test above
        const [method, url] = key.split(' ') as ['GET' | 'POST', string];
        for (const who of EVERYONE) {
          const client = await clientFor(who);
          const f: Fixtures = { ...fixtures, self: who === 'signed out' ? ids.target : ids[who] };
          const path =
            typeof row.path === 'function'
              ? row.path(f)
              : (row.path ?? (url.includes('<hash>') ? stylesheetUrl! : url));
          // A fresh form token from a page this client may see.
          if (method === 'POST') await client.get(who === 'signed out' ? '/newsroom/sign-in' : '/newsroom/account');
          const response = method === 'GET' ? await client.get(path) : await client.post(path, row.form?.(f) ?? {});
          const expected = row.expect[who];
          if (response.statusCode !== expected) {
            failures.push(`${key} as ${who}: ${response.statusCode}, expected ${expected}`);
          } else if (expected === 303 && who === 'signed out' && row.expect.owner !== 303) {
            // A guarded route sends the signed out to the sign-in page.
            if (!String(response.headers.location).startsWith('/newsroom/sign-in')) {
              failures.push(
                `${key} as signed out: redirected to ${response.headers.location}, not to the sign-in page`,
              );
            }
          } else if (expected === 403 && !/[\u0600-\u06ff]{3}/.test(response.body)) {
            failures.push(`${key} as ${who}: 403 without an Arabic reason`);
          }
          if (row.endsSession) clients.delete(who);
        }
      }
      assert.deepEqual(failures, [], `Answers that differ from ROUTE_TABLE:\n  ${failures.join('\n  ')}`);
    });

    it('refuses every POST without the form token, whoever sends it', async () => {
      const client = new NewsroomClient(app);
      await client.signIn('owner@alghad24.ma', PASSWORD);
      const posts = [...new Set(registered.filter((r) => r.startsWith('POST ')))];
      for (const key of posts) {
        const url = key.slice('POST '.length);
        const row = ROUTE_TABLE[key];
        const f: Fixtures = { ...fixtures, self: ids.owner };
        const path = typeof row?.path === 'function' ? row.path(f) : (row?.path ?? url);
        const response = await client.post(path, { _csrf: null, ...(row?.form?.(f) ?? {}) });
        assert.equal(response.statusCode, 403, key);
      }
    });
  });
}
