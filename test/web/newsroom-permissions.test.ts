/**
 * The role × route table: EVERY route the newsroom registers (read from Fastify as it registers
 * them, so a new route without a row fails here, by name) × every role (owner, administrator,
 * editor, author, contributor, signed out), each answered with the status the table expects:
 * GET routes by GET, POST routes by a direct POST that carries a valid form token (what a
 * hand-made request that bypasses the UI would send). On SQLite and PostgreSQL.
 *
 * Statuses: 200 a page; 303 a redirect (for the signed out, always to the sign-in page); 400
 * the request got past the permission gate and was refused on its content (the forms below
 * send harmless content); 403 refused by role; 404 nothing there (an unknown reset link, or an
 * article the role may not view);
 * 401 a JSON endpoint asked without a session (the editor's and the media picker's: they answer
 * JSON, never a redirect); 409 past the gate, refused by the article's state or revision.
 *
 * The editor's JSON endpoints take JSON (`json` rows, sent with the X-CSRF-Token header); the
 * article they name is a published one that nobody owns (an import's), so only the roles
 * whose policy reaches `any` article (owner, administrator, editor) get past the gate.
 *
 * To add a route: add a row to ROUTE_TABLE with the path to request (and the form to post)
 * and the status for each of the six. Rows are keyed "METHOD /newsroom/url" as registered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { ArticleDraft } from '../../src/content/article-draft.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { ROLES, type Role } from '../../src/newsroom/roles.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { loadEditorArticle } from '../../src/web/newsroom/article-editor-model.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { entityNamed, found, indexFound } from '../helpers/entities.ts';
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
  /** A media library row (an import's image, known by its URL). */
  media: number;
  /** An entity the published article names. */
  entity: number;
  /** A story («ملف»). */
  story: number;
  /** A published article, nobody's, that is a live coverage, and one of its entries. */
  liveArticle: number;
  liveEntry: number;
  /** The published article's text as the editor holds it (a valid draft to save). */
  draft: ArticleDraft;
}

interface RouteRow {
  /** The path to request (defaults to the route's url). */
  path?: string | ((f: Fixtures) => string);
  /** The form of a POST (the form token is added). */
  form?: (f: Fixtures) => Record<string, string>;
  /** A JSON body instead of a form (the editor's endpoints), sent with the X-CSRF-Token header. */
  json?: (f: Fixtures) => unknown;
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
/** JSON endpoints: the signed out get 401 with a code, not the sign-in page. */
const SIGNED_IN_JSON = (status: number) => statuses(status, status, status, status, status, 401);
/**
 * An article only editors and above may view: authors and contributors get 404, as for an id
 * that names none (issue 17: a 403 told them the id was taken).
 */
const ARTICLE_EDITORS = (status: number) => statuses(status, status, status, 404, 404, 303);
const ARTICLE_EDITORS_JSON = (status: number) => statuses(status, status, status, 404, 404, 401);

/** Assets whose URL carries their content hash (the stylesheet, the media library's script). */
const HASHED_ASSET = /^\/newsroom\/assets\/([a-z-]+)\.[0-9a-f]{10}\.(css|js)$/;

const ROUTE_TABLE: Readonly<Record<string, RouteRow>> = {
  'GET /newsroom/assets/newsroom.<hash>.css': { expect: ANYONE(200) },
  'GET /newsroom/assets/media-library.<hash>.js': { expect: ANYONE(200) },
  'GET /newsroom/assets/comments-queue.<hash>.js': { expect: ANYONE(200) },
  // The editor's bundle: code only, no data; as public as the stylesheet.
  'GET /newsroom/assets/editor.js': { expect: ANYONE(200) },
  // The article editor. Every role may write (article.create); the published article is
  // nobody's, so authors and contributors, whose article.view/edit reach only their own, get 404: to them it does not exist.
  'GET /newsroom/articles/new': { expect: SIGNED_IN(200) },
  'GET /newsroom/articles/:id': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}`,
    expect: ARTICLE_EDITORS(200),
  },
  'GET /newsroom/articles/:id/preview': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/preview`,
    expect: ARTICLE_EDITORS(200),
  },
  'GET /newsroom/articles/:id/state': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/state`,
    expect: ARTICLE_EDITORS_JSON(200),
  },
  'GET /newsroom/articles/:id/revisions': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/revisions`,
    expect: ARTICLE_EDITORS_JSON(200),
  },
  'GET /newsroom/articles/:id/revisions/:revision': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/revisions/1`,
    expect: ARTICLE_EDITORS_JSON(200),
  },
  // An empty draft: past the gate (anyone may create), refused on its content.
  'POST /newsroom/articles': { json: () => ({}), expect: SIGNED_IN_JSON(400) },
  // A valid text saved from a stale revision: past the gate it is a 409 (kept as a conflict revision).
  'PUT /newsroom/articles/:id': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}`,
    json: (f) => ({ baseRevision: 999_999, draft: f.draft }),
    expect: ARTICLE_EDITORS_JSON(409),
  },
  // Submitting a published article: past the gate the workflow refuses it.
  'POST /newsroom/articles/:id/transitions': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/transitions`,
    json: () => ({ action: 'submit' }),
    expect: ARTICLE_EDITORS_JSON(409),
  },
  'POST /newsroom/articles/:id/revisions/:revision/restore': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/revisions/1/restore`,
    json: () => ({ baseRevision: 999_999 }),
    expect: ARTICLE_EDITORS_JSON(409),
  },
  'GET /newsroom/suggestions/:kind': { path: '/newsroom/suggestions/tags?q=%D8%A7', expect: SIGNED_IN_JSON(200) },
  // The media library is shared like a photo desk: media.upload and media.edit reach every role.
  'GET /newsroom/media': { expect: SIGNED_IN(200) },
  'GET /newsroom/media.json': { expect: SIGNED_IN_JSON(200) },
  'GET /newsroom/media/:id': { path: (f) => `/newsroom/media/${f.media}`, expect: SIGNED_IN(200) },
  // A form, not multipart: past the gate, refused as no upload.
  'POST /newsroom/media': { form: () => ({ alt: 'صورة' }), expect: SIGNED_IN(400) },
  'POST /newsroom/media/:id': {
    path: (f) => `/newsroom/media/${f.media}`,
    form: () => ({ alt: 'ب'.repeat(501) }),
    expect: SIGNED_IN(400),
  },
  // «اقرأ أيضا» chosen by editors (article.edit on the article): a change naming the article
  // itself is refused past the gate.
  'GET /newsroom/articles/:id/related': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/related`,
    expect: ARTICLE_EDITORS_JSON(200),
  },
  'GET /newsroom/articles/:id/related/candidates': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/related/candidates?q=%D8%A7`,
    expect: ARTICLE_EDITORS_JSON(200),
  },
  'POST /newsroom/articles/:id/related': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/related`,
    json: (f) => ({ action: 'pin', relatedId: f.publishedArticle }),
    expect: ARTICLE_EDITORS_JSON(400),
  },
  'GET /newsroom/articles/:id/entities': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/entities`,
    expect: ARTICLE_EDITORS_JSON(200),
  },
  // The entities: everyone signed in may look; only editors and above decide (entities.decide).
  // Each decision below is refused past the gate (unknown ids, an empty name, nothing to split).
  'GET /newsroom/entities': { expect: SIGNED_IN(200) },
  'GET /newsroom/entities/:id': { path: (f) => `/newsroom/entities/${f.entity}`, expect: SIGNED_IN(200) },
  'POST /newsroom/entities/:id/confirm': { path: '/newsroom/entities/999999/confirm', expect: EDITORS(404) },
  'POST /newsroom/entities/:id/reject': { path: '/newsroom/entities/999999/reject', expect: EDITORS(404) },
  'POST /newsroom/entities/:id/rename': {
    path: (f) => `/newsroom/entities/${f.entity}/rename`,
    form: () => ({ name: '' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/entities/:id/merge': {
    path: (f) => `/newsroom/entities/${f.entity}/merge`,
    form: (f) => ({ into: String(f.entity) }),
    expect: EDITORS(400),
  },
  'POST /newsroom/entities/:id/split': {
    path: (f) => `/newsroom/entities/${f.entity}/split`,
    form: () => ({ name: 'اسم جديد' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/entities/decisions/:id/undo': {
    path: '/newsroom/entities/decisions/999999/undo',
    expect: EDITORS(404),
  },
  // Stories («ملفات»): everyone signed in may look; only editors and above open, rename, fill
  // and delete them (stories.manage). Each form below is refused past the gate on its content.
  'GET /newsroom/stories': { expect: SIGNED_IN(200) },
  'POST /newsroom/stories': { form: () => ({ title: '', description: '' }), expect: EDITORS(400) },
  'GET /newsroom/stories/:id': { path: (f) => `/newsroom/stories/${f.story}`, expect: SIGNED_IN(200) },
  'POST /newsroom/stories/:id': {
    path: (f) => `/newsroom/stories/${f.story}`,
    form: () => ({ title: '', description: '' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/stories/:id/articles/add': {
    path: (f) => `/newsroom/stories/${f.story}/articles/add`,
    form: () => ({ articleId: 'none' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/stories/:id/articles/remove': {
    path: (f) => `/newsroom/stories/${f.story}/articles/remove`,
    form: () => ({ articleId: 'none' }),
    expect: EDITORS(400),
  },
  'POST /newsroom/stories/:id/articles/move': {
    path: (f) => `/newsroom/stories/${f.story}/articles/move`,
    form: () => ({ articleId: 'none', move: 'top' }),
    expect: EDITORS(400),
  },
  // An empty address: refused with its reason, the story's slug unchanged.
  'POST /newsroom/stories/:id/slug': {
    path: (f) => `/newsroom/stories/${f.story}/slug`,
    form: () => ({ slug: ' ؟ ' }),
    expect: EDITORS(400),
  },
  // Without the confirmation box: nothing deleted.
  'POST /newsroom/stories/:id/delete': { path: (f) => `/newsroom/stories/${f.story}/delete`, expect: EDITORS(400) },
  // Readers' comments: only editors and above moderate (comments.moderate), and only they see
  // the queue. The forms below name no action or article: refused past the gate.
  'GET /newsroom/comments': { expect: EDITORS(200) },
  'POST /newsroom/comments/decide': { form: () => ({ one: 'approve:none' }), expect: EDITORS(400) },
  'POST /newsroom/comments/mode': { form: () => ({ articleId: 'none', mode: 'post' }), expect: EDITORS(400) },
  // The live desk (article.live: the reach of publishing). The article is nobody's, so authors
  // and contributors get 404. Past the gate: starting a coverage already going, ending one that
  // never started, an empty entry, a stale version (409 with the text kept) and unpinning an
  // entry that is not pinned (nothing changes) are all answered without changing what the next role finds.
  'GET /newsroom/articles/:id/live': {
    path: (f) => `/newsroom/articles/${f.liveArticle}/live`,
    expect: ARTICLE_EDITORS(200),
  },
  'POST /newsroom/articles/:id/live/start': {
    path: (f) => `/newsroom/articles/${f.liveArticle}/live/start`,
    expect: ARTICLE_EDITORS(409),
  },
  'POST /newsroom/articles/:id/live/end': {
    path: (f) => `/newsroom/articles/${f.publishedArticle}/live/end`,
    expect: ARTICLE_EDITORS(409),
  },
  'POST /newsroom/articles/:id/live/entries': {
    path: (f) => `/newsroom/articles/${f.liveArticle}/live/entries`,
    form: () => ({ kind: 'text', text: '' }),
    expect: ARTICLE_EDITORS(400),
  },
  'POST /newsroom/live-entries/:id': {
    path: (f) => `/newsroom/live-entries/${f.liveEntry}`,
    form: () => ({ kind: 'text', text: 'وصلت فرق الإنقاذ إلى الدوار.', version: '999' }),
    expect: ARTICLE_EDITORS(409),
  },
  'POST /newsroom/live-entries/:id/delete': {
    path: (f) => `/newsroom/live-entries/${f.liveEntry}/delete`,
    form: () => ({ version: '999' }),
    expect: ARTICLE_EDITORS(409),
  },
  'POST /newsroom/live-entries/:id/pin': {
    path: (f) => `/newsroom/live-entries/${f.liveEntry}/pin`,
    form: () => ({ pinned: '0' }),
    expect: ARTICLE_EDITORS(303),
  },
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
    /** The real URL of each hashed asset's row. */
    const assetUrls = new Map<string, string>();
    let fixtures: Omit<Fixtures, 'self'>;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      const { accounts } = newsroomAccounts(store.db);
      const users = new Map<Role, Awaited<ReturnType<typeof accounts.create>>>();
      for (const role of ROLES) {
        const user = await accounts.create({
          email: `${role}@alghad24.ma`,
          displayName: `حساب ${role}`,
          role,
          password: PASSWORD,
        });
        users.set(role, user);
        ids[role] = user.id;
      }
      ids.target = (
        await accounts.create({
          email: 'target@alghad24.ma',
          displayName: 'حساب للتجربة',
          role: 'contributor',
          password: PASSWORD,
        })
      ).id;
      const [publishedArticle, liveArticle] = await importSampleNewspaper(store, { dated: 3, undated: 0, recent: 1 });
      const [firstSection] = await store.curation.homeSectionOrder();
      const media = await store.media.save({
        hash: 'a'.repeat(64),
        path: 'https://example.ma/wp-content/uploads/2026/11/photo.jpg',
        mimeType: 'image/jpeg',
        width: 800,
        height: 600,
        bytes: 0,
        alt: 'ميناء طنجة المتوسط',
        caption: null,
        credit: null,
      });
      const { draft } = await loadEditorArticle(store, users.get('owner')!, publishedArticle!);
      // An entity the published article names (as extraction's result would be).
      await indexFound(store, [[publishedArticle!, [found('LOC', 'ميناء طنجة المتوسط')]]]);
      const entity = await entityNamed(store, 'ميناء طنجة المتوسط');
      const owner = users.get('owner')!;
      const story = await store.stories.create(
        { id: owner.id, role: owner.role },
        { title: 'زلزال الحوز', description: '' },
      );
      const ownerActor = { id: owner.id, role: owner.role };
      await store.live.start(ownerActor, liveArticle!);
      const liveEntry = await store.live.add(ownerActor, liveArticle!, {
        body: [{ type: 'paragraph', text: 'انطلقت عمليات الإنقاذ في الدواوير المتضررة.' }],
      });
      fixtures = {
        liveArticle: liveArticle!,
        liveEntry: liveEntry.id,
        target: ids.target,
        publishedArticle: publishedArticle!,
        firstSection: firstSection!,
        media,
        entity,
        story: story.id,
        draft,
      };
      app = await buildApp({
        config: testConfig({ dataDir: fresh.options.dataDir }),
        store,
        invalidationPollMs: 0,
        newsroom: {
          signInLimits: { perAddress: 10_000, perEmail: 10_000, windowMs: 60_000 },
          onRoute: ({ method, url }) => {
            const asset = HASHED_ASSET.exec(url);
            const key = asset ? `/newsroom/assets/${asset[1]}.<hash>.${asset[2]}` : url;
            if (asset) assetUrls.set(key, url);
            for (const m of [method].flat()) registered.push(`${m} ${key}`);
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
      const stylesheetUrl = (await app.inject('/newsroom/sign-in')).body.match(
        /href="(\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css)"/,
      )?.[1];
      assert.equal(
        stylesheetUrl,
        assetUrls.get('/newsroom/assets/newsroom.<hash>.css'),
        'the page links the stylesheet',
      );

      const failures: string[] = [];
      const routes = [...new Set(registered.filter((r) => !r.startsWith('HEAD ')))];
      for (const key of routes) {
        const row = ROUTE_TABLE[key];
        if (!row) continue; // reported by the test above
        const [method, url] = key.split(' ') as ['GET' | 'POST' | 'PUT', string];
        for (const who of EVERYONE) {
          const client = await clientFor(who);
          const f: Fixtures = { ...fixtures, self: who === 'signed out' ? ids.target : ids[who] };
          const path = typeof row.path === 'function' ? row.path(f) : (row.path ?? assetUrls.get(url) ?? url);
          // A fresh form token from a page this client may see.
          if (method !== 'GET') await client.get(who === 'signed out' ? '/newsroom/sign-in' : '/newsroom/account');
          const response =
            method === 'GET'
              ? await client.get(path)
              : row.json
                ? await client.sendJson(method, path, row.json(f))
                : await client.post(path, row.form?.(f) ?? {});
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

    it('refuses every POST and PUT without the form token, whoever sends it', async () => {
      const client = new NewsroomClient(app);
      await client.signIn('owner@alghad24.ma', PASSWORD);
      const writes = [...new Set(registered.filter((r) => r.startsWith('POST ') || r.startsWith('PUT ')))];
      for (const key of writes) {
        const [method, url] = key.split(' ') as ['POST' | 'PUT', string];
        const row = ROUTE_TABLE[key];
        const f: Fixtures = { ...fixtures, self: ids.owner };
        const path = typeof row?.path === 'function' ? row.path(f) : (row?.path ?? url);
        const response = row?.json
          ? await client.sendJson(method, path, row.json(f), { token: null })
          : await client.post(path, { _csrf: null, ...(row?.form?.(f) ?? {}) });
        assert.equal(response.statusCode, 403, key);
      }
    });
  });
}
