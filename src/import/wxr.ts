import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FALLBACK_SECTION_SLUG } from '../content/sections.ts';
import { MediaFiles } from '../media/media-files.ts';
import type { MediaStorage } from '../media/media-storage.ts';
import type { Store } from '../store/store.ts';
import { countWritten, emptyImportSummary, ImportFileError, type ImportSummary } from './jsonl.ts';
import { IMAGE_TYPES, UploadsFolder } from './uploads-folder.ts';
import {
  decodeSlug,
  mapWordPressItem,
  readAttachment,
  readAuthor,
  readCategory,
  readTag,
  type WordPressAttachment,
  type WordPressPostMapping,
  type WordPressSite,
} from './wordpress-post.ts';
import { childText, type XmlNode, XmlReadError, XmlRecordReader } from './xml-records.ts';

/**
 * `ghad import wxr`: a WordPress export (WXR), streamed twice. The first pass reads the
 * header (authors, categories, tags) and the attachments, which WordPress writes after the
 * posts that use them; the second imports the posts 100 to a transaction, keyed by the
 * WordPress post id, so that a second run updates and never duplicates. Categories become
 * sections (their hierarchy kept), featured images are copied from `--uploads` into the data
 * directory (or kept by URL), old permalinks are kept for 301s, and the summary says what was
 * imported, updated, skipped and why. Broken XML stops the run where it breaks: what was read
 * before is kept, and the error says on which line.
 */
export interface WxrImportOptions {
  /** Zone of local dates of posts without a GMT date. */
  timeZone: string;
  /** The site's wp-content/uploads folder: featured images are copied from it. */
  uploadsDir?: string;
  /** Ghad's data directory: copied images go to its media/ folder unless `storage` is given. */
  dataDir: string;
  /** Where copied images are kept (GHAD_MEDIA_STORAGE); the data directory when absent. */
  storage?: MediaStorage;
  onProgress?: (progress: { bytesRead: number; bytesTotal: number }) => void;
}

export interface WxrImportSummary extends ImportSummary {
  /** Broken XML: where the run stopped ("line 812, column 4: unexpected close tag"); null when read to the end. */
  error: string | null;
  sections: { created: string[]; existing: string[] };
  tags: number;
  authors: number;
  redirects: number;
  /** Featured images copied from --uploads or kept at their URL; images in bodies likewise. */
  images: { copied: number; linked: number; bodyCopied: number; bodyLinked: number };
  comments: number;
  /** Characters that were not UTF-8 (replaced by �) or that XML forbids (dropped). */
  unreadableCharacters: number;
}

const BATCH_SIZE = 100;

/** An element of the channel: `rss > channel > *` (items, header records, site fields). */
const isChannelRecord = (p: readonly string[]) => p.length === 3 && p[0] === 'rss' && p[1] === 'channel';

export async function importWxr(store: Store, file: string, options: WxrImportOptions): Promise<WxrImportSummary> {
  const started = performance.now();
  const bytesTotal = fileSize(file);
  if (looksLikeHtml(file)) throw new ImportFileError(`${file} is an HTML page, not a WordPress export (WXR).`);
  if (options.uploadsDir && !fs.statSync(options.uploadsDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ImportFileError(`--uploads ${options.uploadsDir}: no such folder.`);
  }
  const summary: WxrImportSummary = {
    ...emptyImportSummary(file),
    error: null,
    sections: { created: [], existing: [] },
    tags: 0,
    authors: 0,
    redirects: 0,
    images: { copied: 0, linked: 0, bodyCopied: 0, bodyLinked: 0 },
    comments: 0,
    unreadableCharacters: 0,
  };
  // Progress: the first pass is the first half of the bar.
  const progress = (pass: 1 | 2, read: number) =>
    options.onProgress?.({ bytesRead: Math.round((pass - 1) * bytesTotal + read) / 2, bytesTotal });

  // Pass 1: the header and the attachments.
  const site: WordPressSite = {
    baseSiteUrl: '',
    baseBlogUrl: '',
    authors: new Map(),
    categories: [],
    tags: [],
    attachments: new Map(),
  };
  let wxrVersion = '';
  const readHeader = (record: XmlNode) => {
    switch (record.name) {
      case 'wp:wxr_version':
        wxrVersion = record.text.trim();
        break;
      case 'wp:base_site_url':
        site.baseSiteUrl = record.text.trim();
        break;
      case 'wp:base_blog_url':
        site.baseBlogUrl = record.text.trim();
        break;
      case 'wp:author': {
        const author = readAuthor(record);
        if (author) site.authors.set(author.login, author.name);
        break;
      }
      case 'wp:category': {
        const category = readCategory(record);
        if (category) site.categories.push(category);
        break;
      }
      case 'wp:tag': {
        const tag = readTag(record);
        if (tag) site.tags.push(tag);
        break;
      }
      case 'item': {
        const found = readAttachment(record);
        if (found) site.attachments.set(found.id, found.attachment);
        break;
      }
    }
  };
  await readRecords(file, (read) => progress(1, read), readHeader).catch((error: unknown) => {
    // Broken XML: what came before the break counts; the second pass stops there and reports it.
    if (!(error instanceof XmlReadError)) throw error;
    for (const record of error.records) readHeader(record);
  });
  if (!wxrVersion) {
    throw new ImportFileError(
      `${file} is not a WordPress export (no <wp:wxr_version> in its channel). For an RSS or Atom feed use "ghad import rss".`,
    );
  }

  // Sections for the categories, parents first; tags as WordPress named them.
  const sectionOf = new Map<string, string>();
  for (const category of parentsFirst(site.categories)) {
    const existed = (await store.taxonomy.sectionBySlug(category.slug)) ?? (await sectionByName(store, category.name));
    const section = await store.taxonomy.ensureSection(category);
    sectionOf.set(category.slug, section.slug);
    (existed ? summary.sections.existing : summary.sections.created).push(section.name);
  }
  for (const tag of site.tags) await store.taxonomy.ensureTag(tag.name, tag.slug);
  summary.tags = site.tags.length;
  summary.authors = site.authors.size;

  // Pass 2: the posts.
  const slugs = new SlugRegister(store);
  const uploads = options.uploadsDir
    ? new UploadsFolder(options.uploadsDir, options.storage ?? new MediaFiles(options.dataDir))
    : undefined;
  const uploadsUrl = uploadsAddress(site);
  /** Featured images already saved in this run: many posts share one. */
  const imageIds = new Map<WordPressAttachment, { id: number; copied: boolean }>();
  let batch: { mapping: Extract<WordPressPostMapping, { ok: true }>; line: number }[] = [];
  const writeBatch = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    for (const { mapping } of current) {
      const image = mapping.featuredImage;
      let saved = image ? imageIds.get(image) : undefined;
      if (image && !saved) {
        saved = await saveFeaturedImage(store, mapping, uploads, summary);
        imageIds.set(image, saved);
      }
      if (saved) summary.images[saved.copied ? 'copied' : 'linked']++;
      mapping.article.featuredMediaId = saved?.id ?? null;
      if (uploads) await keepBodyImages(mapping, uploads, uploadsUrl, summary);
      if (mapping.article.slug)
        mapping.article.slug = await slugs.unique(mapping.article.slug, mapping.article.externalId);
    }
    const results = await store.articles.upsertManyByExternalId(current.map((b) => b.mapping.article));
    const redirects: { address: string; articleId: number }[] = [];
    for (const [i, result] of results.entries()) {
      countWritten(summary, result);
      const { addresses } = (current[i] as (typeof current)[number]).mapping;
      redirects.push(...addresses.map((address) => ({ address, articleId: result.id })));
    }
    // One transaction for the batch's old addresses (a commit each made the import four times slower).
    summary.redirects += await store.db.transaction().execute((trx) => store.redirects.record(redirects, trx));
  };
  const mapOptions = { timeZone: options.timeZone, sectionOf, fallbackSection: FALLBACK_SECTION_SLUG };
  const handle = async (record: XmlNode) => {
    const mapping = mapWordPressItem(record, site, mapOptions);
    summary.comments += record.children.filter((c) => c.name === 'wp:comment').length;
    if (!mapping.ok) {
      // Attachments were read in the first pass: not posts, and not worth a line each.
      if (childText(record, 'wp:post_type') !== 'attachment')
        summary.skipped.push({ line: record.line, reason: `post ${mapping.postId || '?'}: ${mapping.reason}` });
      return;
    }
    for (const message of mapping.warnings) summary.warnings.push({ line: record.line, message });
    batch.push({ mapping, line: record.line });
    if (batch.length >= BATCH_SIZE) await writeBatch();
  };
  const pending: XmlNode[] = [];
  try {
    await readRecords(
      file,
      (read) => progress(2, read),
      (record) => {
        if (record.name === 'item') pending.push(record);
      },
      async () => {
        for (const record of pending.splice(0)) await handle(record);
      },
      (count) => {
        summary.unreadableCharacters = count;
      },
    );
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    // Posts read whole before the break are kept.
    for (const record of [...pending.splice(0), ...error.records]) if (record.name === 'item') await handle(record);
    summary.error = `${path.basename(file)} is broken at ${error.message}; the posts before it were imported, the rest of the file was not read`;
  }
  await writeBatch();
  if (summary.unreadableCharacters > 0) {
    summary.warnings.push({
      line: 0,
      message: `${summary.unreadableCharacters} characters were not UTF-8 or not allowed in XML; they were replaced by � or dropped`,
    });
  }
  options.onProgress?.({ bytesRead: bytesTotal, bytesTotal });
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * Streams the file's channel records to `onRecord`; after each chunk, `afterChunk` runs (the
 * import's writes), so reading waits for the database. Throws XmlReadError on broken XML.
 */
async function readRecords(
  file: string,
  onProgress: (bytesRead: number) => void,
  onRecord: (record: XmlNode) => void,
  afterChunk?: () => Promise<void>,
  onUnreadable?: (count: number) => void,
): Promise<void> {
  const reader = new XmlRecordReader(isChannelRecord);
  let bytesRead = 0;
  let replaced = 0;
  let rootChecked = false;
  const take = (records: XmlNode[]) => {
    if (!rootChecked && reader.root !== undefined) {
      rootChecked = true;
      checkRoot(file, reader.root);
    }
    for (const record of records) onRecord(record);
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    bytesRead += bytes.length;
    replaced += countInvalidUtf8(bytes);
    try {
      take(reader.write(bytes));
    } catch (error) {
      if (!rootChecked && reader.root !== undefined) checkRoot(file, reader.root);
      throw error;
    }
    await afterChunk?.();
    onProgress(bytesRead);
  }
  take(reader.end());
  if (!rootChecked) checkRoot(file, reader.root);
  await afterChunk?.();
  onUnreadable?.(replaced + reader.droppedCharacters);
}

function checkRoot(file: string, root: string | undefined): void {
  if (root === 'rss') return;
  if (root?.toLowerCase() === 'html') {
    throw new ImportFileError(`${file} is an HTML page, not a WordPress export (WXR).`);
  }
  throw new ImportFileError(
    root
      ? `${file} is not a WordPress export: its root element is <${root}>, not <rss>.`
      : `${file} is empty or not XML.`,
  );
}

/**
 * Bytes that are not UTF-8 in a chunk (the decoder replaces them with �). A sequence cut by
 * the chunk's end is not counted; the decoder joins it with the next chunk.
 */
function countInvalidUtf8(bytes: Buffer): number {
  if (bytes.every((b) => b < 0x80)) return 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      invalid++;
      i++;
      continue;
    }
    let j = 1;
    while (j <= need && i + j < bytes.length && ((bytes[i + j] as number) & 0xc0) === 0x80) j++;
    if (j <= need && i + j < bytes.length) invalid++;
    i += j;
  }
  return invalid;
}

/** An HTML page saved under an export's name (a login page, an error page): its start says so. */
export function looksLikeHtml(file: string): boolean {
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const length = fs.readSync(handle, head, 0, head.length, 0);
    const text = head.subarray(0, length).toString('utf8');
    return /<!doctype\s+html|<html[\s>]/i.test(text) && !/<(rss|feed|rdf:RDF)[\s>]/.test(text);
  } finally {
    fs.closeSync(handle);
  }
}

function fileSize(file: string): number {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    return stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'not a file';
    throw new ImportFileError(`Cannot read ${file}: ${why}.`);
  }
}

/** Where the site's uploads are on the web: an attachment's URL without its file, else the default place. */
function uploadsAddress(site: WordPressSite): string {
  for (const attachment of site.attachments.values()) {
    if (attachment.file && attachment.url.endsWith(attachment.file)) {
      return attachment.url.slice(0, attachment.url.length - attachment.file.length);
    }
  }
  return `${(site.baseSiteUrl || site.baseBlogUrl).replace(/\/+$/, '')}/wp-content/uploads/`;
}

/** Categories ordered so that every parent comes before its children. */
function parentsFirst(categories: readonly WordPressSite['categories'][number][]) {
  const bySlug = new Map(categories.map((c) => [c.slug, c]));
  const ordered: (typeof categories)[number][] = [];
  const seen = new Set<string>();
  const visit = (category: (typeof categories)[number], depth: number) => {
    if (seen.has(category.slug) || depth > 50) return;
    seen.add(category.slug);
    const parent = category.parentSlug ? bySlug.get(category.parentSlug) : undefined;
    if (parent) visit(parent, depth + 1);
    ordered.push(category);
  };
  for (const category of categories) visit(category, 0);
  return ordered;
}

async function sectionByName(store: Store, name: string) {
  return (await store.taxonomy.sections()).find((s) => s.name === name);
}

/**
 * The featured image as a media row: copied from the uploads folder into the data directory
 * (named by its content hash) when it is there, else known by its URL.
 */
async function saveFeaturedImage(
  store: Store,
  mapping: Extract<WordPressPostMapping, { ok: true }>,
  uploads: UploadsFolder | undefined,
  summary: WxrImportSummary,
): Promise<{ id: number; copied: boolean }> {
  const image = mapping.featuredImage as WordPressAttachment;
  const description = {
    alt: image.alt,
    caption: image.caption,
    credit: null,
    width: image.width,
    height: image.height,
  };
  if (uploads && image.file) {
    const kept = await uploads.keep(image.file);
    if (kept.ok) {
      const { hash, relative, mimeType, bytes } = kept;
      const id = await store.media.save({ hash, path: relative, mimeType, bytes, ...description });
      return { id, copied: true };
    }
    summary.warnings.push({
      line: 0,
      message: `post ${mapping.postId}: featured image ${image.file} ${kept.why}; its URL is kept`,
    });
  }
  const extension = path.extname(new URL(image.url, 'http://x').pathname).slice(1).toLowerCase();
  const id = await store.media.save({
    hash: createHash('sha256').update(`url:${image.url}`).digest('hex'),
    path: image.url,
    mimeType: IMAGE_TYPES[extension] ?? 'application/octet-stream',
    bytes: 0,
    ...description,
  });
  return { id, copied: false };
}

/**
 * Images in the body that live in the uploads folder: copied into the data directory and
 * pointed at there, so the article does not depend on the old site staying up.
 */
async function keepBodyImages(
  mapping: Extract<WordPressPostMapping, { ok: true }>,
  uploads: UploadsFolder,
  uploadsUrl: string,
  summary: WxrImportSummary,
): Promise<void> {
  for (const block of mapping.article.body) {
    if (block.type !== 'image' || !block.src.startsWith(uploadsUrl)) continue;
    const file = decodeSlug(block.src.slice(uploadsUrl.length).split(/[?#]/)[0] as string);
    const kept = await uploads.keep(file);
    if (kept.ok) {
      block.src = `/media/${kept.relative}`; // hex and a dot: nothing to encode
      summary.images.bodyCopied++;
    } else {
      summary.images.bodyLinked++;
    }
  }
}

/**
 * Article slugs kept unique across the newspaper: a WordPress slug another article already
 * has gets -2, -3 …; the same post gets the same slug on every run.
 */
class SlugRegister {
  readonly #taken = new Map<string, string>();

  constructor(private readonly store: Store) {}

  async unique(slug: string, externalId: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? slug : `${slug}-${n}`;
      const owner = this.#taken.get(candidate);
      if (owner === externalId) return candidate;
      if (owner === undefined) {
        const other = await this.store.db
          .selectFrom('articles')
          .select('id')
          .where('slug', '=', candidate)
          .where((eb) => eb.or([eb('external_id', 'is', null), eb('external_id', '!=', externalId)]))
          .executeTakeFirst();
        if (!other) {
          this.#taken.set(candidate, externalId);
          return candidate;
        }
      }
    }
  }
}
