/**
 * Content-Security-Policy, HSTS and Secure cookies through inject(): reader pages (cached and
 * shared, so one policy with the beacon's hash), the newsroom (a fresh nonce per response, its
 * scripts carrying it), the API's JSON and its docs page; every inline script, image and frame a
 * page names is one its policy allows. An https site gets HSTS and Secure cookies; an http one
 * (the demo on localhost) neither.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { JSON_POLICY } from '../../src/web/security-headers.ts';
import { PASSWORD } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { EMBED_FRAMES, embedArticle } from '../helpers/embed-article.ts';
import { giveFeaturedImage, importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { NewsroomClient } from './newsroom-client.ts';

const CDN = 'https://cdn.alghad24.test/media';
const WIRE_PHOTO = 'https://photos.map.ma/2026/11/tlqih.jpg';
const EDITOR = { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' as const, password: PASSWORD };

/** A policy as directive → sources. */
function directives(response: LightMyRequestResponse): Map<string, string[]> {
  const header = response.headers['content-security-policy'];
  assert.equal(typeof header, 'string', `${response.raw.req?.url ?? ''} has no Content-Security-Policy`);
  const map = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

/** The text of every script a browser would run from inside the page (JSON-LD and JSON data blocks run nothing). */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(
      ([, attributes]) => !/\bsrc=/.test(attributes ?? '') && !/type="application\/(ld\+)?json"/.test(attributes ?? ''),
    )
    .map(([, , text]) => text ?? '');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Whether a source list allows an address met on a page of `pageOrigin`. */
function allows(sources: readonly string[], address: string, pageOrigin: string): boolean {
  const url = new URL(address.replace(/&amp;/g, '&'), pageOrigin);
  if (url.origin === pageOrigin && sources.includes("'self'")) return true;
  return sources.includes(url.origin) || sources.includes(url.protocol);
}

/** Image and frame addresses a page names: img src, every srcset candidate, the embed cards' frames. */
function imageAddresses(html: string): string[] {
  const srcs = [...html.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] as string);
  const sets = [...html.matchAll(/\ssrcset="([^"]+)"/g)].flatMap((m) =>
    (m[1] as string).split(',').map((candidate) => candidate.trim().split(/\s+/)[0] as string),
  );
  return [...srcs, ...sets];
}
const frameAddresses = (html: string) =>
  [...html.matchAll(/data-embed-src="([^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));

function assertNothingUnsafe(policy: Map<string, string[]>, where: string): void {
  for (const [name, sources] of policy) {
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']) {
      assert.ok(!sources.includes(unsafe), `${where}: ${name} allows ${unsafe}`);
    }
  }
}

describe('security headers on an https site', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let articlePath: string;
  let articleId: number;
  const origin = 'https://alghad24.test';

  before(async () => {
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    await newsroomAccounts(store.db).accounts.create(EDITOR);
    await importSampleNewspaper(store, { dated: 6, undated: 0, recent: 2 });
    const section = (await store.taxonomy.sections())[0]?.slug ?? '';
    const article = embedArticle(section);
    article.body = [
      ...article.body,
      { type: 'image', src: WIRE_PHOTO, alt: 'أطفال في قسم دراسي', width: 800, height: 533 },
    ];
    const [written] = await store.articles.upsertManyByExternalId([article]);
    articleId = written?.id as number;
    await giveFeaturedImage(store, articleId, {
      path: 'ab/abcdef0123456789.jpg',
      alt: 'ممرضة تلقح طفلا',
      bytes: 1000,
      width: 1200,
      height: 800,
    });
    app = await buildApp({
      config: testConfig({ dataDir, siteUrl: origin, mediaUrl: CDN }),
      store,
      invalidationPollMs: 0,
    });
    await app.ready();
    const redirect = await app.inject(`/article/${articleId}`);
    articlePath = String(redirect.headers.location);
  });

  after(async () => {
    await app?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives reader pages one policy: the site, the beacon by its hash, the CDN, the embed frames, never framed by others', async () => {
    const home = await app.inject('/');
    assert.equal(home.statusCode, 200);
    const policy = directives(home);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    assert.deepEqual(policy.get('style-src'), ["'self'"]);
    assert.deepEqual(policy.get('font-src'), ["'self'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'self'"]);
    assert.deepEqual(policy.get('form-action'), ["'self'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'self'"]);
    assert.deepEqual(policy.get('img-src'), ["'self'", 'https://cdn.alghad24.test', 'https:']);
    assert.deepEqual(policy.get('frame-src'), [
      'https://www.youtube-nocookie.com',
      'https://platform.twitter.com',
      'https://www.facebook.com',
    ]);
    assert.equal(policy.get('script-src')?.[0], "'self'");
    assert.ok(policy.get('script-src')?.every((source) => source === "'self'" || source.startsWith("'sha256-")));
    assertNothingUnsafe(policy, '/');
    assert.doesNotMatch(home.body, /\snonce=/, 'a cached page carries no nonce');
    assert.doesNotMatch(home.body, /\sstyle="/, 'no style attribute');

    const section = /<nav class="sections-nav"[\s\S]*?<a href="(\/section\/[^"]+)"/.exec(home.body)?.[1];
    assert.ok(section, 'the home page links a section');
    // A malformed address is answered before any hook runs: it gets the headers all the same.
    for (const path of [section, '/search?q=%D8%AA%D9%84%D9%82%D9%8A%D8%AD', '/no-such-page', '/%E0%A4%A']) {
      const response = await app.inject(path);
      assert.equal(response.headers['content-security-policy'], home.headers['content-security-policy'], path);
    }
  });

  it('allows, on the article page, its inline beacon by hash and every image and frame it names', async () => {
    const first = await app.inject(articlePath);
    assert.equal(first.statusCode, 200);
    const cached = await app.inject(articlePath);
    assert.equal(cached.headers['x-ghad-cache'], 'hit');
    assert.equal(cached.headers['content-security-policy'], first.headers['content-security-policy']);

    const policy = directives(cached);
    const scripts = inlineScripts(cached.body);
    assert.equal(scripts.length, 1, 'the view beacon is the one inline script');
    for (const text of scripts) assert.ok(policy.get('script-src')?.includes(sha256(text)), 'the beacon is allowed');
    assert.match(cached.body, /<script type="application\/ld\+json">/, 'JSON-LD stays inline: it runs nothing');

    const images = imageAddresses(cached.body);
    assert.ok(
      images.some((address) => address.startsWith(CDN)),
      'the featured image comes from the CDN',
    );
    assert.ok(images.includes(WIRE_PHOTO), 'the wire photo keeps its own address');
    for (const address of images) assert.ok(allows(policy.get('img-src') ?? [], address, origin), address);

    const frames = frameAddresses(cached.body);
    assert.equal(frames.length, 3);
    for (const address of frames) assert.ok(allows(policy.get('frame-src') ?? [], address, origin), address);
    assert.ok(!allows(policy.get('frame-src') ?? [], 'https://evil.example/embed', origin));
  });

  it('gives the API a policy that allows nothing, and its docs page exactly its own stylesheet', async () => {
    for (const path of ['/api/v1/articles', '/api/v1/sections', '/api/v1/articles/999999', '/feed.json']) {
      const response = await app.inject(path);
      assert.match(String(response.headers['content-type']), /json/, path);
      assert.equal(response.headers['content-security-policy'], JSON_POLICY, path);
    }
    const docs = await app.inject('/api/v1/docs');
    assert.equal(docs.statusCode, 200);
    const policy = directives(docs);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assert.equal(policy.get('script-src'), undefined, 'no script: default-src none');
    const styles = [...docs.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string);
    assert.equal(styles.length, 1);
    assert.deepEqual(policy.get('style-src'), [sha256(styles[0] as string)]);
    assert.doesNotMatch(styles[0] as string, /&quot;/, 'the stylesheet is sent as written');
    assertNothingUnsafe(policy, '/api/v1/docs');
  });

  it('gives each newsroom page a fresh nonce that its scripts, and only they, carry', async () => {
    const client = await NewsroomClient.signedIn(app, EDITOR.email, EDITOR.password);
    const nonces = new Set<string>();
    for (const path of [
      '/newsroom',
      '/newsroom/articles/new',
      `/newsroom/articles/${articleId}`,
      `/newsroom/articles/${articleId}/preview`,
      '/newsroom/media',
      '/newsroom/stats',
      '/newsroom/account',
      '/newsroom/no-such-page',
    ]) {
      const page = await client.get(path);
      assert.match(String(page.headers['content-type']), /^text\/html/, path);
      const policy = directives(page);
      assertNothingUnsafe(policy, path);
      assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], path);
      assert.deepEqual(policy.get('base-uri'), ["'none'"], path);
      assert.deepEqual(policy.get('object-src'), ["'none'"], path);
      assert.deepEqual(policy.get('style-src'), ["'self'"], path);
      const scriptSources = policy.get('script-src') ?? [];
      assert.equal(scriptSources.length, 1, `${path}: one script source`);
      const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(scriptSources[0] ?? '')?.[1];
      assert.ok(nonce, `${path}: script-src is a nonce, not ${scriptSources[0]}`);
      assert.ok(!nonces.has(nonce), `${path}: a nonce is never used twice`);
      nonces.add(nonce);
      const scripts = [...page.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] as string);
      for (const attributes of scripts.filter((a) => !/type="application\/json"/.test(a))) {
        assert.ok(attributes.includes(` nonce="${nonce}"`), `${path}: <script${attributes}> carries the nonce`);
      }
      assert.deepEqual(inlineScripts(page.body), [], `${path}: no inline script`);
      assert.doesNotMatch(page.body, /\sstyle="/, `${path}: no style attribute`);
      assert.doesNotMatch(page.body, /\son[a-z]+="/, `${path}: no event handler attribute`);
      assert.equal(page.headers['x-frame-options'], 'DENY');
    }
    const editor = await client.get('/newsroom/articles/new');
    assert.match(editor.body, /<script type="module" src="\/newsroom\/assets\/editor\.js\?v=[0-9a-f]{10}" nonce="/);
    const library = await client.get('/newsroom/media');
    assert.match(library.body, /<script src="\/newsroom\/assets\/media-library\.[0-9a-f]{10}\.js" defer nonce="/);
    const preview = await client.get(`/newsroom/articles/${articleId}/preview`);
    assert.match(preview.body, /<script type="module" src="\/assets\/embed-facade\.[0-9a-f]{10}\.js" nonce="/);
    for (const address of frameAddresses(preview.body)) {
      assert.ok(allows(directives(preview).get('frame-src') ?? [], address, origin), address);
    }
    assert.deepEqual(frameAddresses(preview.body).sort(), Object.values(EMBED_FRAMES).sort());
  });

  it('runs no script at all on a newsroom page that made no nonce, and none of its JSON', async () => {
    const json = await new NewsroomClient(app).get('/newsroom/media.json', { accept: 'application/json' });
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.equal(json.headers['content-security-policy'], JSON_POLICY);
    // A malformed address is answered before any newsroom code runs: no nonce was made.
    const malformed = await app.inject('/newsroom/%E0%A4%A');
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(directives(malformed).get('script-src'), ["'none'"]);
  });

  it('sends HSTS with every answer and sets every cookie Secure, even on a plain http request (TLS ends at a proxy)', async () => {
    for (const path of [
      '/',
      articlePath,
      '/api/v1/articles',
      '/healthz',
      '/feed.xml',
      '/newsroom/sign-in',
      '/%E0%A4%A',
    ]) {
      const response = await app.inject(path);
      assert.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', path);
    }
    const client = new NewsroomClient(app);
    const signInPage = await client.get('/newsroom/sign-in');
    const signedIn = await client.signIn(EDITOR.email, EDITOR.password);
    assert.equal(signedIn.statusCode, 303);
    const signedOut = await client.post('/newsroom/sign-out');
    assert.equal(signedOut.statusCode, 303);
    const cookies = [signInPage, signedIn, signedOut].flatMap((response) =>
      [response.headers['set-cookie'] ?? []].flat(),
    );
    assert.deepEqual([...new Set(cookies.map((cookie) => cookie.split('=')[0]))].sort(), ['ghad_csrf', 'ghad_session']);
    for (const cookie of cookies) assert.match(cookie, /; Secure/, cookie);
  });
});

describe('security headers on an http site (the demo on localhost)', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    await newsroomAccounts(store.db).accounts.create(EDITOR);
    app = await buildApp({
      config: testConfig({ dataDir, siteUrl: 'http://localhost:3000' }),
      store,
      invalidationPollMs: 0,
    });
  });

  after(async () => {
    await app?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends no HSTS and no Secure cookie, and the same policies', async () => {
    const home = await app.inject('/');
    assert.equal(home.headers['strict-transport-security'], undefined);
    assert.deepEqual(directives(home).get('img-src'), ["'self'", 'https:'], 'no CDN configured');
    const client = new NewsroomClient(app);
    const page = await client.get('/newsroom/sign-in');
    assert.equal(page.headers['strict-transport-security'], undefined);
    assert.match(String(directives(page).get('script-src')), /^'nonce-/);
    const signedIn = await client.signIn(EDITOR.email, EDITOR.password);
    assert.equal(signedIn.statusCode, 303);
    const cookies = [page, signedIn].flatMap((response) => [response.headers['set-cookie'] ?? []].flat());
    assert.ok(cookies.some((cookie) => cookie.startsWith('ghad_session=')));
    for (const cookie of cookies) assert.doesNotMatch(cookie, /Secure/, cookie);
  });
});
