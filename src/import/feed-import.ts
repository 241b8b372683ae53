import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { FALLBACK_SECTION_SLUG } from '../content/sections.ts';
import type { Store } from '../store/store.ts';
import { type FeedItemMapping, mapFeedItem } from './feed-item.ts';
import { countWritten, emptyImportSummary, ImportFileError, type ImportSummary } from './jsonl.ts';
import { type XmlNode, XmlReadError, XmlRecordReader } from './xml-records.ts';

/**
 * `ghad import rss`: wire copy from an RSS 2.0, RSS 1.0 or Atom feed (a file or an http(s)
 * URL), streamed, keyed by each entry's guid (or id, or link). Entries arrive as drafts for
 * the desk to edit, or published with `--publish`. An entry read again changes nothing; one
 * that changed at the agency is updated, unless the newsroom has touched the article since
 * (edited it or moved it through the workflow): then it is left alone, with the reason.
 */
export interface FeedImportOptions {
  status: 'draft' | 'published';
  sectionSlug?: string;
  /** How long a URL may take, in ms. */
  timeoutMs?: number;
  onProgress?: (progress: { bytesRead: number; bytesTotal: number }) => void;
}

export interface FeedImportSummary extends ImportSummary {
  /** Broken XML: where reading stopped; null when the feed was read to its end. */
  error: string | null;
}

const BATCH_SIZE = 100;

/** Entries: RSS 2.0 `rss > channel > item`, RSS 1.0 `rdf:RDF > item`, Atom `feed > entry`; and the feed's title. */
function isFeedRecord(p: readonly string[]): boolean {
  if (p.length === 3 && p[0] === 'rss' && p[1] === 'channel') return p[2] === 'item' || p[2] === 'title';
  if (p.length === 3 && p[0] === 'rdf:RDF' && p[1] === 'channel') return p[2] === 'title';
  if (p.length === 2 && p[0] === 'rdf:RDF') return p[1] === 'item';
  if (p.length === 2 && p[0] === 'feed') return p[1] === 'entry' || p[1] === 'title';
  return false;
}

export async function importFeed(store: Store, source: string, options: FeedImportOptions): Promise<FeedImportSummary> {
  const started = performance.now();
  if (options.sectionSlug && !(await store.taxonomy.sectionBySlug(options.sectionSlug))) {
    const known = (await store.taxonomy.sections()).map((s) => s.slug).join('، ');
    throw new ImportFileError(`No section "${options.sectionSlug}". Sections: ${known}.`);
  }
  const { chunks, bytesTotal } = await open(source, options.timeoutMs ?? 60_000);
  const summary: FeedImportSummary = {
    ...emptyImportSummary(source),
    error: null,
  };
  const now = new Date();
  let feedTitle = '';
  let batch: { mapping: Extract<FeedItemMapping, { ok: true }>; line: number }[] = [];
  const writeBatch = async () => {
    if (batch.length === 0) return;
    const current = await withoutNewsroomEdits(store, batch, summary);
    batch = [];
    for (const { mapping } of current) {
      mapping.article.featuredMediaId = mapping.imageUrl ? await saveImageUrl(store, mapping.imageUrl) : null;
    }
    const results = await store.articles.upsertManyByExternalId(current.map((b) => b.mapping.article));
    for (const result of results) countWritten(summary, result);
  };
  const take = async (records: XmlNode[]) => {
    for (const record of records) {
      if (record.name === 'title') {
        feedTitle ||= record.text.replace(/\s+/g, ' ').trim();
        continue;
      }
      const mapping = mapFeedItem(record, {
        status: options.status,
        sectionSlug: options.sectionSlug,
        fallbackSection: FALLBACK_SECTION_SLUG,
        feedTitle,
        now,
      });
      if (!mapping.ok) {
        summary.skipped.push({ line: record.line, reason: mapping.reason });
        continue;
      }
      for (const message of mapping.warnings) summary.warnings.push({ line: record.line, message });
      batch.push({ mapping, line: record.line });
      if (batch.length >= BATCH_SIZE) await writeBatch();
    }
  };

  const reader = new XmlRecordReader(isFeedRecord);
  let bytesRead = 0;
  let sniffed = false;
  try {
    for await (const chunk of chunks) {
      const bytes = chunk as Uint8Array;
      if (!sniffed) {
        sniffed = true;
        refuseHtml(source, Buffer.from(bytes.subarray(0, 8192)).toString('utf8'));
      }
      bytesRead += bytes.length;
      const records = reader.write(bytes);
      checkRoot(source, reader.root);
      await take(records);
      options.onProgress?.({ bytesRead, bytesTotal: bytesTotal ?? bytesRead });
    }
    const records = reader.end();
    checkRoot(source, reader.root);
    await take(records);
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    if (reader.root === undefined)
      throw new ImportFileError(`${source} is not a feed (RSS 2.0 or Atom): ${error.message}.`);
    checkRoot(source, reader.root);
    await take(error.records);
    summary.error = `${source} is broken at ${error.message}; the entries before it were imported`;
  }
  await writeBatch();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The bytes of a file or of a URL's response, streamed. */
async function open(
  source: string,
  timeoutMs: number,
): Promise<{ chunks: AsyncIterable<Uint8Array>; bytesTotal: number | undefined }> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, {
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'user-agent': 'Ghad feed import',
          accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
        },
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new ImportFileError(`Cannot fetch ${source}: ${cause}.`);
    }
    if (!response.ok || !response.body) {
      throw new ImportFileError(`Cannot fetch ${source}: HTTP ${response.status} ${response.statusText}.`);
    }
    const length = Number(response.headers.get('content-length'));
    return {
      chunks: Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
      bytesTotal: Number.isFinite(length) && length > 0 ? length : undefined,
    };
  }
  let size: number;
  try {
    const stat = fs.statSync(source);
    if (!stat.isFile()) throw Object.assign(new Error(), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'not a file';
    throw new ImportFileError(`Cannot read ${source}: ${why}.`);
  }
  return { chunks: fs.createReadStream(source), bytesTotal: size };
}

/** An HTML page given as a feed: refused, pointing at the feed the page announces when it has one. */
function refuseHtml(source: string, head: string): void {
  if (!/<!doctype\s+html|<html[\s>]/i.test(head) || /<(rss|feed|rdf:RDF)[\s>]/.test(head)) return;
  const alternate = /<link\b[^>]*type=["']application\/(?:rss|atom)\+xml["'][^>]*>/i.exec(head)?.[0];
  const href = alternate && /href=["']([^"']+)["']/i.exec(alternate)?.[1];
  let hint = '';
  if (href) {
    try {
      hint = ` The page names its feed: ${new URL(href, /^https?:/i.test(source) ? source : undefined).toString()}`;
    } catch {
      hint = ` The page names its feed: ${href}`;
    }
  }
  throw new ImportFileError(`${source} is an HTML page, not a feed (RSS 2.0 or Atom).${hint}`);
}

function checkRoot(source: string, root: string | undefined): void {
  if (root === undefined || root === 'rss' || root === 'feed' || root === 'rdf:RDF') return;
  if (root.toLowerCase() === 'html')
    throw new ImportFileError(`${source} is an HTML page, not a feed (RSS 2.0 or Atom).`);
  throw new ImportFileError(`${source} is not a feed: its root element is <${root}>, not <rss> or <feed>.`);
}

/**
 * Leaves out entries whose article the newsroom has touched since it was imported (a save by
 * a user, or a workflow step): the agency's new text must not overwrite the desk's work.
 */
async function withoutNewsroomEdits<T extends { mapping: Extract<FeedItemMapping, { ok: true }>; line: number }>(
  store: Store,
  batch: T[],
  summary: FeedImportSummary,
): Promise<T[]> {
  const ids = batch.map((b) => b.mapping.article.externalId);
  const existing = await store.db
    .selectFrom('articles')
    .select(['id', 'external_id'])
    .where('external_id', 'in', ids)
    .execute();
  if (existing.length === 0) return batch;
  const articleIds = existing.map((e) => e.id);
  const touched = new Set([
    ...(
      await store.db
        .selectFrom('article_revisions')
        .select('article_id')
        .where('article_id', 'in', articleIds)
        .where('user_id', 'is not', null)
        .execute()
    ).map((r) => r.article_id),
    ...(
      await store.db
        .selectFrom('article_transitions')
        .select('article_id')
        .where('article_id', 'in', articleIds)
        .execute()
    ).map((r) => r.article_id),
  ]);
  const touchedKeys = new Set(existing.filter((e) => touched.has(e.id)).map((e) => e.external_id));
  return batch.filter((b) => {
    if (!touchedKeys.has(b.mapping.article.externalId)) return true;
    summary.skipped.push({
      line: b.line,
      reason: `${b.mapping.article.externalId.slice(5)}: edited in the newsroom since it was imported; left as it is`,
    });
    return false;
  });
}

/** An entry's image, known by its URL. */
async function saveImageUrl(store: Store, url: string): Promise<number> {
  const extension = /\.(jpe?g|png|gif|webp|avif)(?:$|\?)/i.exec(url)?.[1]?.toLowerCase();
  const type = extension ? `image/${extension === 'jpg' ? 'jpeg' : extension}` : 'image/jpeg';
  return store.media.save({
    hash: createHash('sha256').update(`url:${url}`).digest('hex'),
    path: url,
    mimeType: type,
    width: null,
    height: null,
    bytes: 0,
    alt: '',
    caption: null,
    credit: null,
  });
}
