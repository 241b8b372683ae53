import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Encoding,
  KEPT_GZIP,
  type KeptForms,
  keptBrotli,
  ONE_OFF_BROTLI,
  ONE_OFF_GZIP,
  streamPage,
} from './page-stream.ts';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/**
 * A rendered page: its status, HTML and the cache tags of everything it shows. A 301
 * carries its `location` and no HTML (a body only with its own `contentType`, as the API's
 * JSON). Only 200s are kept.
 */
export interface RenderedPage {
  status: number;
  html: string;
  tags: readonly string[];
  location?: string;
  /** `text/html; charset=utf-8` unless told (feeds, sitemaps, robots.txt). */
  contentType?: string;
  /**
   * When the page stops being true whatever is purged (the breaking-news banner it shows
   * ends then): it is not served from the cache after this time.
   */
  expiresAt?: Date | undefined;
}

/**
 * A page written while it is sent (a sitemap file of 10,000 URLs): its text arrives in pieces
 * and is never whole in memory but as the copy the cache keeps, filled as the pieces pass
 * (see streamPage). Always a 200: a 404 or a redirect is decided before the first piece. The
 * response that writes it has no ETag (the hash is known only at the end); later hits do.
 */
export interface StreamedPage {
  status: 200;
  body: AsyncIterable<string>;
  tags: readonly string[];
  contentType?: string;
  expiresAt?: Date | undefined;
}

/** Any page `render` may return. */
export type Page = RenderedPage | StreamedPage;

function isStreamed(page: Page): page is StreamedPage {
  return 'body' in page;
}

interface Entry {
  etag: string;
  /** Undefined for a streamed page, kept compressed only: sent as its gzip form decompressed. */
  identity: Buffer | undefined;
  gzip: Buffer;
  br: Buffer;
  tags: readonly string[];
  contentType: string;
  storedAt: number;
  /** Not served after this time (ms), whatever maxAgeMs says. */
  expiresAt: number;
  bytes: number;
}

export interface PageCacheOptions {
  enabled: boolean;
  maxBytes: number;
  /**
   * How long an entry is served before it is rendered again even without a purge: lists
   * inside pages (more from the section) catch up with new articles within this time.
   */
  maxAgeMs: number;
  /** The `Cache-Control` header of pages; CDNs keep them `s-maxage` and serve stale while revalidating. */
  cacheControl: string;
  /** The time, which ages entries and ends pages at their `expiresAt`; tests move it. */
  clock?: () => Date;
}

const HTML = 'text/html; charset=utf-8';

export const DEFAULT_CACHE_CONTROL = 'public, max-age=30, s-maxage=60, stale-while-revalidate=300';

/**
 * Rendered pages kept in memory, compressed once (brotli and gzip) with an ETag, tagged
 * with what they show and purged by tag. Least recently used pages leave first when the
 * byte budget is spent. Concurrent misses of one page render it once. A streamed page is
 * kept as it passes to its first client, compressed only, when it ends whole and within a
 * quarter of the budget.
 */
export class PageCache {
  readonly #entries = new Map<string, Entry>();
  readonly #keysByTag = new Map<string, Set<string>>();
  /** Misses being rendered, for the requests that wait for them; undefined: a streamed page the cache did not keep. */
  readonly #rendering = new Map<string, Promise<Entry | RenderedPage | undefined>>();
  #bytes = 0;
  /** Bumped by every purge, so that a render that started before a purge is not stored after it. */
  #generation = 0;

  constructor(private readonly options: PageCacheOptions) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Changes with every purge: what was read before a purge may be stale after it. */
  get generation(): number {
    return this.#generation;
  }

  get stats() {
    return { entries: this.#entries.size, bytes: this.#bytes, tags: this.#keysByTag.size };
  }

  /**
   * Answers a page request from the cache, or renders it with `render` and keeps it when it
   * is a 200. `key` names the page's content (path and the query parameters that matter).
   */
  async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<Page>,
  ): Promise<FastifyReply> {
    if (!this.options.enabled) return this.#sendOnce(request, reply, await render(), 'off');
    const cached = this.#fresh(key);
    if (cached) return this.#send(request, reply, 200, cached, cached, 'hit');

    const pending = this.#rendering.get(key);
    if (pending) {
      const result = await pending;
      if (result === undefined) {
        // The streamed page it waited for was not kept (too large, cut off, or its client left).
        return this.#sendOnce(request, reply, await render(), 'miss');
      }
      if ('html' in result) return this.#sendOnce(request, reply, result, 'miss');
      return this.#send(request, reply, 200, result, result, 'miss');
    }
    return this.#renderAndKeep(request, reply, key, render);
  }

  /** A miss: renders the page once for every request that asks meanwhile, and keeps it when it is a 200. */
  async #renderAndKeep(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<Page>,
  ): Promise<FastifyReply> {
    const generation = this.#generation;
    let settle!: (result: Entry | RenderedPage | undefined) => void;
    let fail!: (error: unknown) => void;
    const shared = new Promise<Entry | RenderedPage | undefined>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    // The requests that wait hear a failure; with none waiting, it is this request's alone.
    shared.catch(() => {});
    this.#rendering.set(key, shared);
    const done = (result: Entry | RenderedPage | undefined) => {
      if (this.#rendering.get(key) === shared) this.#rendering.delete(key);
      settle(result);
    };
    const keep = (entry: Entry) => {
      if (generation === this.#generation) this.#store(key, entry);
      done(entry);
      return entry;
    };
    try {
      const page = await render();
      if (isStreamed(page)) {
        const encoding = preferredEncoding(request.headers['accept-encoding']);
        const { response, kept } = streamPage(page.body, encoding, this.options.maxBytes / 4);
        void kept.then((forms) => (forms ? keep(entryOf(forms, page, this.#now())) : done(undefined)));
        return this.#sendStream(reply, page, response, encoding, 'miss');
      }
      if (page.status !== 200) {
        done(page);
        return await this.#sendOnce(request, reply, page, 'miss');
      }
      const entry = keep(await compressAll(page, this.#now()));
      return this.#send(request, reply, 200, entry, entry, 'miss');
    } catch (error) {
      if (this.#rendering.get(key) === shared) this.#rendering.delete(key);
      fail(error);
      throw error;
    }
  }

  /** Drops every page tagged with any of `tags`; `*` drops all. */
  purge(tags: Iterable<string>): number {
    this.#generation++;
    let dropped = 0;
    for (const tag of tags) {
      if (tag === '*') {
        dropped += this.#entries.size;
        this.clear();
        return dropped;
      }
      const keys = this.#keysByTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        if (this.#delete(key)) dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#keysByTag.clear();
    this.#bytes = 0;
  }

  #fresh(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const now = this.#now();
    if (now - entry.storedAt > this.options.maxAgeMs || now >= entry.expiresAt) {
      this.#delete(key);
      return undefined;
    }
    // Map order is recency order: move the entry to the end.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  #store(key: string, entry: Entry): void {
    this.#delete(key);
    if (entry.bytes > this.options.maxBytes / 4) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.#keysByTag.get(tag);
      if (keys) keys.add(key);
      else this.#keysByTag.set(tag, new Set([key]));
    }
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.options.maxBytes) break;
      this.#delete(oldest);
    }
  }

  #now(): number {
    return (this.options.clock?.() ?? new Date()).getTime();
  }

  #delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.#keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#keysByTag.delete(tag);
    }
    return true;
  }

  #send(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body: Pick<Entry, 'etag' | 'identity' | 'gzip' | 'br'> | CompressedOnce,
    {
      tags,
      contentType,
      expiresAt,
    }: { tags: readonly string[]; contentType?: string | undefined; expiresAt?: number | Date | undefined },
    state: 'hit' | 'miss' | 'off',
  ): FastifyReply {
    this.#headers(reply, status, { tags, contentType, expiresAt }, state);
    if (status === 200) {
      if ('etag' in body) {
        reply.header('etag', body.etag);
        if (matchesEtag(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
      }
    }
    const encoding = 'encoding' in body ? body.encoding : preferredEncoding(request.headers['accept-encoding']);
    const bytes = 'encoding' in body ? body.bytes : (body[encoding] ?? decompressed(body.gzip));
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.code(status).send(bytes);
  }

  /** A streamed page's response: the page's headers, then its body as it is written. */
  #sendStream(
    reply: FastifyReply,
    page: StreamedPage,
    body: Readable,
    encoding: Encoding,
    state: 'miss' | 'off',
  ): FastifyReply {
    this.#headers(reply, 200, page, state);
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.code(200).send(body);
  }

  /** A page rendered for this request only: compressed (or streamed) for it with fast settings, not kept. */
  async #sendOnce(
    request: FastifyRequest,
    reply: FastifyReply,
    page: Page,
    state: 'miss' | 'off',
  ): Promise<FastifyReply> {
    if (isStreamed(page)) {
      const encoding = preferredEncoding(request.headers['accept-encoding']);
      return this.#sendStream(reply, page, streamPage(page.body, encoding).response, encoding, state);
    }
    if (page.location) return redirect(reply, page);
    return this.#send(request, reply, page.status, await compressFor(request, page), page, state);
  }

  #headers(
    reply: FastifyReply,
    status: number,
    {
      tags,
      contentType,
      expiresAt,
    }: { tags: readonly string[]; contentType?: string | undefined; expiresAt?: number | Date | undefined },
    state: 'hit' | 'miss' | 'off',
  ): void {
    reply.header('x-ghad-cache', state);
    reply.header('vary', 'Accept-Encoding');
    reply.header('content-type', contentType ?? HTML);
    if (status !== 200) {
      reply.header('cache-control', 'no-store');
      return;
    }
    reply.header('cache-control', cacheControlUntil(this.options.cacheControl, expiresAt, this.#now()));
    const surrogateKeys = tags.join(' ');
    if (surrogateKeys.length <= 4000) {
      reply.header('surrogate-key', surrogateKeys);
      reply.header('cache-tag', tags.join(','));
    }
  }
}

/**
 * The page's Cache-Control, for a page that ends at `expiresAt`: browsers and CDNs keep it no
 * longer than that (max-age and s-maxage cut to the seconds left, no stale-while-revalidate).
 */
export function cacheControlUntil(
  cacheControl: string,
  expiresAt: number | Date | undefined,
  now = Date.now(),
): string {
  const end = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt;
  if (end === undefined || !Number.isFinite(end)) return cacheControl;
  const left = Math.max(0, Math.floor((end - now) / 1000));
  return cacheControl
    .split(',')
    .map((part) => part.trim())
    .filter((part) => !part.startsWith('stale-while-revalidate'))
    .map((part) => {
      const match = /^(max-age|s-maxage)=(\d+)$/.exec(part);
      return match ? `${match[1]}=${Math.min(Number(match[2]), left)}` : part;
    })
    .join(', ');
}

/** How long browsers and CDNs may keep a redirect. */
export const REDIRECT_CACHE_CONTROL = 'public, max-age=300';

/** A redirect: empty unless the page has a body of its own type (the API's JSON). */
function redirect(reply: FastifyReply, page: RenderedPage): FastifyReply {
  return reply
    .code(page.status)
    .header('location', page.location)
    .header('cache-control', REDIRECT_CACHE_CONTROL)
    .header('content-type', page.contentType ?? HTML)
    .send(page.contentType ? page.html : '');
}

/** A page compressed for one request only (cache off, or an error page). */
interface CompressedOnce {
  encoding: Encoding;
  bytes: Buffer | string;
}

async function compressAll(page: RenderedPage, storedAt: number): Promise<Entry> {
  const identity = Buffer.from(page.html);
  const [gz, br] = await Promise.all([gzip(identity, KEPT_GZIP), brotli(identity, keptBrotli(identity.length))]);
  const sha1 = createHash('sha1').update(identity).digest();
  return entryOf({ identity, gzip: gz, br, sha1 }, page, storedAt);
}

/** An entry of the forms kept: a rendered page's three, or a streamed page's two compressed ones (see KeptForms). */
function entryOf(forms: KeptForms & { identity?: Buffer }, page: Page, storedAt: number): Entry {
  return {
    etag: `W/"${forms.sha1.toString('base64url').slice(0, 22)}"`,
    identity: forms.identity,
    gzip: forms.gzip,
    br: forms.br,
    tags: page.tags,
    contentType: page.contentType ?? HTML,
    storedAt,
    expiresAt: page.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
    bytes: (forms.identity?.length ?? 0) + forms.gzip.length + forms.br.length + 200,
  };
}

/** A kept gzip form as plain text, decompressed while it is sent. */
function decompressed(gzipped: Buffer): Readable {
  const text = zlib.createGunzip();
  text.end(gzipped);
  return text;
}

/** Compressed with fast settings for this one response; no ETag, since nothing keeps it. */
async function compressFor(request: FastifyRequest, page: RenderedPage): Promise<CompressedOnce> {
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  if (encoding === 'br') return { encoding, bytes: await brotli(page.html, ONE_OFF_BROTLI) };
  if (encoding === 'gzip') return { encoding, bytes: await gzip(page.html, ONE_OFF_GZIP) };
  return { encoding, bytes: page.html };
}

/** br when the client takes it, else gzip, else the plain bytes (q=0 refuses an encoding). */
export function preferredEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (name) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}
