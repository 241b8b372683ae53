import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { PageCache, type StreamedPage } from '../../src/web/page-cache.ts';
import { streamPage } from '../../src/web/page-stream.ts';
import { until } from '../helpers/until.ts';

/** A sitemap-like document in pieces: Arabic slugs percent-encoded, as the files are. */
const PIECES = Array.from(
  { length: 6 },
  (_, i) =>
    `${Array.from(
      { length: 200 },
      (_, j) =>
        `<url><loc>https://alghad24.test/article/${i * 200 + j}/${encodeURIComponent('المغرب-وإسرائيل-يوقعان')}</loc></url>\n`,
    ).join('')}`,
);
const WHOLE = PIECES.join('');

/** Resolves when `open()` is called: a body waits on it to stand still where the test wants. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

interface Served {
  app: FastifyInstance;
  cache: PageCache;
  origin: string;
  renders: () => number;
}

const apps: FastifyInstance[] = [];
after(async () => {
  for (const app of apps) await app.close();
});

/** A listening app whose one page is `body()`, streamed through a page cache. */
async function serve(
  body: () => AsyncIterable<string>,
  { enabled = true, maxBytes = 4 << 20 }: { enabled?: boolean; maxBytes?: number } = {},
): Promise<Served> {
  const cache = new PageCache({ enabled, maxBytes, maxAgeMs: 60_000, cacheControl: 'public' });
  let renders = 0;
  const app = Fastify();
  app.get('/sitemap.xml', (request, reply) =>
    cache.serve(request, reply, '/sitemap.xml', async (): Promise<StreamedPage> => {
      renders++;
      return { status: 200, body: body(), tags: ['home'], contentType: 'application/xml; charset=utf-8' };
    }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as AddressInfo;
  return { app, cache, origin: `http://127.0.0.1:${port}`, renders: () => renders };
}

async function* pieces(list = PIECES): AsyncGenerator<string> {
  for (const piece of list) yield piece;
}

/** One GET over a socket: the bytes as sent, whether the response ended whole, and its headers. */
function get(
  url: string,
  headers: Record<string, string> = {},
  onData?: (chunk: Buffer, request: http.ClientRequest) => void,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        onData?.(chunk, request);
      });
      // The server cutting the connection midway is an outcome here, not a failure of the test.
      response.on('error', () => {});
      response.on('close', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
          complete: response.complete,
        }),
      );
    });
    request.on('error', reject);
  });
}

function decoded(response: { headers: http.IncomingHttpHeaders; body: Buffer }): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.body).toString();
  if (encoding === 'gzip') return gunzipSync(response.body).toString();
  return response.body.toString();
}

describe('streamed pages in the page cache', () => {
  for (const enabled of [true, false]) {
    // A body built whole would wait for ever on its gate: the timeout turns that into a failure.
    it(`sends the first piece before the rest is written (cache ${enabled ? 'on' : 'off'})`, {
      timeout: 30_000,
    }, async () => {
      const firstPieceArrived = gate();
      const { origin } = await serve(
        async function* () {
          yield PIECES[0]!;
          // Nothing more is written until the client has the first piece: a body built whole would never arrive.
          await firstPieceArrived.wait;
          yield* pieces(PIECES.slice(1));
        },
        { enabled },
      );
      const response = await get(`${origin}/sitemap.xml`, {}, () => firstPieceArrived.open());
      assert.equal(response.status, 200);
      assert.ok(response.complete);
      assert.equal(response.body.toString(), WHOLE);
      assert.equal(response.headers['transfer-encoding'], 'chunked');
      assert.equal(response.headers['x-ghad-cache'], enabled ? 'miss' : 'off');
    });
  }

  it('keeps a streamed page once it ended whole: the next requests are hits with the same bytes and an ETag', async () => {
    const { origin, renders } = await serve(() => pieces());
    const miss = await get(`${origin}/sitemap.xml`, { 'accept-encoding': 'br' });
    assert.equal(miss.headers['x-ghad-cache'], 'miss');
    assert.equal(miss.headers['content-encoding'], 'br');
    assert.equal(miss.headers.etag, undefined, 'the hash is known only at the end');
    assert.equal(decoded(miss), WHOLE);
    for (const encoding of ['gzip', 'br', 'identity']) {
      const hit = await get(`${origin}/sitemap.xml`, { 'accept-encoding': encoding });
      assert.equal(hit.headers['x-ghad-cache'], 'hit', encoding);
      assert.match(String(hit.headers.etag), /^W\/"/);
      assert.equal(decoded(hit), WHOLE, encoding);
      assert.equal(hit.headers['surrogate-key'], 'home');
    }
    assert.equal(renders(), 1);
  });

  it('gives a kept streamed page the ETag the same page rendered whole gets, and answers 304 to it', async () => {
    const { origin } = await serve(() => pieces());
    await get(`${origin}/sitemap.xml`);
    const hit = await get(`${origin}/sitemap.xml`);
    const whole = new PageCache({ enabled: true, maxBytes: 4 << 20, maxAgeMs: 60_000, cacheControl: 'public' });
    const app = Fastify();
    app.get('/', (request, reply) =>
      whole.serve(request, reply, '/', async () => ({ status: 200, html: WHOLE, tags: [] })),
    );
    apps.push(app);
    assert.equal(hit.headers.etag, (await app.inject('/')).headers.etag);
    const revalidated = await get(`${origin}/sitemap.xml`, { 'if-none-match': String(hit.headers.etag) });
    assert.equal(revalidated.status, 304);
  });

  it('cuts the response off and keeps nothing when the body fails midway', async () => {
    for (const encoding of ['identity', 'gzip']) {
      let fail = true;
      const { origin, cache, renders } = await serve(async function* () {
        yield* pieces(PIECES.slice(0, 3));
        if (fail) throw new Error('the database went away');
        yield* pieces(PIECES.slice(3));
      });
      const broken = await get(`${origin}/sitemap.xml`, { 'accept-encoding': encoding });
      assert.equal(broken.status, 200, 'the headers were sent before the failure');
      assert.equal(broken.complete, false, `${encoding}: a cut-off response must not look complete`);
      assert.ok(broken.body.length < Buffer.byteLength(WHOLE));
      if (encoding === 'identity') assert.ok(WHOLE.startsWith(broken.body.toString()), 'what came is the start');
      assert.equal(cache.stats.entries, 0);
      fail = false;
      const next = await get(`${origin}/sitemap.xml`, { 'accept-encoding': encoding });
      assert.equal(next.headers['x-ghad-cache'], 'miss', 'rendered again');
      assert.ok(next.complete);
      assert.equal(decoded(next), WHOLE);
      assert.equal(renders(), 2);
      assert.equal((await get(`${origin}/sitemap.xml`)).headers['x-ghad-cache'], 'hit');
    }
  });

  it('sends a page whose kept forms outgrow a quarter of the budget whole, and does not keep it', async () => {
    // Hashes in hex hardly compress: 6 pieces of 64 KB make gzip and brotli forms of about 200 KB.
    let hash = Buffer.from('ب');
    const noise = Array.from({ length: 6 }, () =>
      Array.from({ length: 1024 }, () => {
        hash = createHash('sha256').update(hash).digest();
        return hash.toString('hex');
      }).join(''),
    );
    const { origin, cache, renders } = await serve(() => pieces(noise), { maxBytes: 256 * 1024 });
    for (const encoding of ['br', 'identity']) {
      const response = await get(`${origin}/sitemap.xml`, { 'accept-encoding': encoding });
      assert.ok(response.complete);
      assert.equal(response.headers['x-ghad-cache'], 'miss');
      assert.equal(decoded(response), noise.join(''));
    }
    assert.equal(cache.stats.entries, 0);
    assert.equal(renders(), 2);
  });

  it('writes a page once for concurrent misses: the others get the kept copy', async () => {
    const { app, renders } = await serve(() => pieces());
    const responses = await Promise.all(Array.from({ length: 8 }, () => app.inject('/sitemap.xml')));
    assert.ok(responses.every((r) => r.statusCode === 200 && r.body === WHOLE));
    assert.equal(renders(), 1);
  });

  it('does not keep a page a purge overtook while it was written', { timeout: 30_000 }, async () => {
    const purged = gate();
    const { origin, cache } = await serve(async function* () {
      yield PIECES[0]!;
      await purged.wait;
      yield* pieces(PIECES.slice(1));
    });
    const response = await get(`${origin}/sitemap.xml`, {}, () => {
      cache.purge(['home']);
      purged.open();
    });
    assert.equal(response.body.toString(), WHOLE);
    assert.equal(cache.stats.entries, 0);
    assert.equal((await get(`${origin}/sitemap.xml`)).headers['x-ghad-cache'], 'miss');
  });

  it('stops reading the body when the client leaves', async () => {
    let written = 0;
    let closed = false;
    const { origin, cache } = await serve(async function* () {
      try {
        for (;;) {
          written++;
          yield PIECES[written % PIECES.length]!;
        }
      } finally {
        closed = true;
      }
    });
    const response = await get(`${origin}/sitemap.xml`, {}, (_chunk, request) => request.destroy());
    assert.equal(response.complete, false);
    await until('the body is closed', () => closed);
    assert.equal(cache.stats.entries, 0);
    assert.ok(written < 1000, `${written} pieces written for a client that left`);
  });
});

describe('streamPage', () => {
  it('takes the next piece only when the client has read the last one', async () => {
    let pulled = 0;
    const big = 'ب'.repeat(64 * 1024);
    const { response, kept } = streamPage(
      (async function* () {
        for (let i = 0; i < 4; i++) {
          pulled++;
          yield big;
        }
      })(),
      'identity',
    );
    // Let every pending step run: nothing reads the response, so the writer must be waiting on it.
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pulled, 1, 'one piece waits in the response; no other is read meanwhile');
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    assert.equal(pulled, 4);
    assert.equal(Buffer.concat(chunks).toString(), big.repeat(4));
    assert.equal(await kept, undefined, 'nothing asked to keep it');
  });

  it('keeps the gzip and brotli forms of the text and its hash, not the text itself', async () => {
    const { response, kept } = streamPage(pieces(), 'gzip', 1 << 20);
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const forms = await kept;
    assert.ok(forms);
    assert.equal(gunzipSync(forms.gzip).toString(), WHOLE);
    assert.equal(brotliDecompressSync(forms.br).toString(), WHOLE);
    assert.deepEqual(forms.sha1, createHash('sha1').update(WHOLE).digest());
    assert.deepEqual(Buffer.concat(chunks), forms.gzip, 'the client got the kept gzip form');
    assert.deepEqual(Object.keys(forms).sort(), ['br', 'gzip', 'sha1']);
  });
});
