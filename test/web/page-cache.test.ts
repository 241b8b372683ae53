import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { cacheControlUntil, PageCache, preferredEncoding } from '../../src/web/page-cache.ts';

const html = `<!doctype html><html lang="ar" dir="rtl"><body>${'<p>المغرب وإسرائيل يوقعان على اتفاق كبير</p>'.repeat(50)}</body></html>`;

async function appWith(options: { enabled: boolean; clock?: () => Date }) {
  const clock = options.clock ?? (() => new Date());
  const cache = new PageCache({
    enabled: options.enabled,
    maxBytes: 1024 * 1024,
    maxAgeMs: 60_000,
    cacheControl: 'public, max-age=30, s-maxage=60, stale-while-revalidate=300',
    clock,
  });
  const renders: string[] = [];
  const app = Fastify();
  app.get('/:page', (request, reply) => {
    const page = (request.params as { page: string }).page;
    return cache.serve(request, reply, page, async () => {
      renders.push(page);
      if (page === 'missing') return { status: 404, html: '<p>غير موجود</p>', tags: [] };
      if (page === 'moved') return { status: 301, location: '/elsewhere', html: '', tags: [] };
      if (page === 'ending')
        return { status: 200, html, tags: ['breaking'], expiresAt: new Date(clock().getTime() + 1200) };
      return { status: 200, html, tags: ['home', `article:${page.length}`] };
    });
  });
  return { app, cache, renders };
}

describe('page cache', () => {
  it('renders a page once and serves it again from memory with the same ETag', async () => {
    const { app, renders } = await appWith({ enabled: true });
    const first = await app.inject('/one');
    const second = await app.inject('/one');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-ghad-cache'], 'miss');
    assert.equal(second.headers['x-ghad-cache'], 'hit');
    assert.equal(second.body, html);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.deepEqual(renders, ['one']);
  });

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const { app } = await appWith({ enabled: true });
    const { headers } = await app.inject('/one');
    const revalidated = await app.inject({ url: '/one', headers: { 'if-none-match': String(headers.etag) } });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, '');
    const stale = await app.inject({ url: '/one', headers: { 'if-none-match': 'W/"something-else"' } });
    assert.equal(stale.statusCode, 200);
  });

  it('serves brotli or gzip bytes that decompress to the page, with Vary', async () => {
    const { app } = await appWith({ enabled: true });
    await app.inject('/one');
    const br = await app.inject({ url: '/one', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), html);
    assert.ok(br.rawPayload.length < Buffer.byteLength(html) / 5);
    const gz = await app.inject({ url: '/one', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), html);
    assert.equal(gz.headers.vary, 'Accept-Encoding');
  });

  it('sends CDN headers: Cache-Control with s-maxage and stale-while-revalidate, and the tags', async () => {
    const { app } = await appWith({ enabled: true });
    const response = await app.inject('/one');
    assert.match(String(response.headers['cache-control']), /s-maxage=\d+/);
    assert.match(String(response.headers['cache-control']), /stale-while-revalidate=\d+/);
    assert.equal(response.headers['surrogate-key'], 'home article:3');
    assert.equal(response.headers['cache-tag'], 'home,article:3');
  });

  it('purges by tag: only the pages that show the changed thing render again', async () => {
    const { app, cache, renders } = await appWith({ enabled: true });
    await app.inject('/one');
    await app.inject('/three');
    assert.equal(cache.purge(['article:5']), 1);
    await app.inject('/one');
    await app.inject('/three');
    assert.deepEqual(renders, ['one', 'three', 'three']);
    cache.purge(['*']);
    assert.equal(cache.stats.entries, 0);
  });

  it('renders concurrent misses of one page once', async () => {
    const { app, renders } = await appWith({ enabled: true });
    const responses = await Promise.all(Array.from({ length: 10 }, () => app.inject('/same')));
    assert.ok(responses.every((r) => r.statusCode === 200 && r.body === html));
    assert.deepEqual(renders, ['same']);
  });

  it('keeps neither errors nor redirects', async () => {
    const { app, renders, cache } = await appWith({ enabled: true });
    assert.equal((await app.inject('/missing')).statusCode, 404);
    assert.equal((await app.inject('/missing')).headers['cache-control'], 'no-store');
    const moved = await app.inject('/moved');
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, '/elsewhere');
    await app.inject('/moved');
    assert.deepEqual(renders, ['missing', 'missing', 'moved', 'moved']);
    assert.equal(cache.stats.entries, 0);
  });

  it('evicts the least recently used pages past its byte budget', async () => {
    const cache = new PageCache({ enabled: true, maxBytes: 20_000, maxAgeMs: 60_000, cacheControl: 'public' });
    const app = Fastify();
    app.get('/:page', (request, reply) =>
      cache.serve(request, reply, (request.params as { page: string }).page, async () => ({
        status: 200,
        html,
        tags: [],
      })),
    );
    for (const page of ['a', 'b', 'c', 'd', 'e', 'f']) await app.inject(`/${page}`);
    assert.ok(cache.stats.bytes <= 20_000, `${cache.stats.bytes} bytes kept`);
    assert.equal((await app.inject('/f')).headers['x-ghad-cache'], 'hit');
    assert.equal((await app.inject('/a')).headers['x-ghad-cache'], 'miss');
  });

  it('renders every request when turned off, compressed when asked, without an ETag', async () => {
    const { app, renders } = await appWith({ enabled: false });
    const first = await app.inject('/one');
    const compressed = await app.inject({ url: '/one', headers: { 'accept-encoding': 'br' } });
    assert.equal(first.headers['x-ghad-cache'], 'off');
    assert.equal(first.body, html);
    assert.equal(first.headers.etag, undefined);
    assert.equal(brotliDecompressSync(compressed.rawPayload).toString(), html);
    assert.deepEqual(renders, ['one', 'one']);
  });
});

describe('choosing an encoding', () => {
  it('prefers brotli, then gzip, and respects q=0', () => {
    assert.equal(preferredEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(preferredEncoding('gzip'), 'gzip');
    assert.equal(preferredEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(preferredEncoding('identity'), 'identity');
    assert.equal(preferredEncoding(undefined), 'identity');
    assert.equal(preferredEncoding('*'), 'gzip');
  });
});

describe('pages with an end (the breaking-news banner)', () => {
  it('does not serve a page past its end, and tells browsers and CDNs to keep it no longer', async () => {
    // The cache's clock, moved by the test: the page ends 1.2 s after it is rendered, however slow the machine.
    let now = new Date('2026-03-02T09:00:00Z');
    const { app, renders } = await appWith({ enabled: true, clock: () => now });
    const first = await app.inject('/ending');
    assert.equal(first.headers['x-ghad-cache'], 'miss');
    assert.equal(first.headers['cache-control'], 'public, max-age=1, s-maxage=1');
    now = new Date(now.getTime() + 1199);
    assert.equal((await app.inject('/ending')).headers['x-ghad-cache'], 'hit');
    now = new Date(now.getTime() + 1);
    const later = await app.inject('/ending');
    assert.equal(later.headers['x-ghad-cache'], 'miss', 'rendered again once the page ended');
    assert.deepEqual(renders, ['ending', 'ending']);
    assert.equal(
      (await app.inject('/one')).headers['cache-control'],
      'public, max-age=30, s-maxage=60, stale-while-revalidate=300',
      'pages without an end keep the usual header',
    );
  });

  it('cuts max-age and s-maxage to the seconds a page has left', () => {
    const header = 'public, max-age=30, s-maxage=60, stale-while-revalidate=300';
    const now = 1_000_000;
    assert.equal(cacheControlUntil(header, undefined, now), header);
    assert.equal(cacheControlUntil(header, Number.POSITIVE_INFINITY, now), header);
    assert.equal(cacheControlUntil(header, new Date(now + 45_500), now), 'public, max-age=30, s-maxage=45');
    assert.equal(cacheControlUntil(header, now + 10_000, now), 'public, max-age=10, s-maxage=10');
    assert.equal(cacheControlUntil(header, now - 5000, now), 'public, max-age=0, s-maxage=0');
  });
});
