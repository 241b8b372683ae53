import { type Kysely, type Selectable, sql } from 'kysely';
import { normalize } from '../arabic/normalize.ts';
import type { Media } from '../content/article.ts';
import { libraryFileOf } from '../media/media-urls.ts';
import type { Database, MediaTable } from './schema.ts';
import { toDate } from './schema.ts';

/** An image as the library lists it: the Media of reader pages plus who uploaded it, when and as what. */
export interface MediaEntry extends Media {
  originalName: string | null;
  uploadedBy: number | null;
  createdAt: Date;
}

/**
 * A media file as an import describes it (WordPress, feeds, the JSON export): `hash` identifies
 * it (content hash, or the hash of its URL). `variantWidths` only when the library made variants.
 */
export type MediaInput = Omit<Media, 'id' | 'variantWidths'> & { variantWidths?: number[] };

/** A new upload's row (src/media/uploads.ts writes its files first). */
export interface NewMedia {
  hash: string;
  path: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  variantWidths: number[];
  originalName: string | null;
  alt: string;
  caption: string | null;
  credit: string | null;
  uploadedBy: number | null;
}

export interface MediaText {
  alt: string;
  caption: string | null;
  credit: string | null;
}

export interface MediaPage {
  items: MediaEntry[];
  total: number;
}

/**
 * The one table of images, whatever brought them: uploads to the media library (WebP and JPEG
 * variants, src/media/), files a WordPress import copied as they were (`ab/<hash>.<ext>`), and
 * images known only by their URL. One row per distinct file (the hash is unique), so an image
 * uploaded or imported twice is one row, found again by its hash.
 */
export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findById(id: number): Promise<MediaEntry | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEntry(row);
  }

  async findByHash(hash: string): Promise<MediaEntry | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && toEntry(row);
  }

  /** The images an article body names by id, in one query. */
  async findByIds(ids: readonly number[]): Promise<Map<number, MediaEntry>> {
    const wanted = [...new Set(ids)].filter((id) => Number.isInteger(id) && id > 0);
    if (wanted.length === 0) return new Map();
    const rows = await this.db.selectFrom('media').selectAll().where('id', 'in', wanted).execute();
    return new Map(rows.map((row) => [row.id, toEntry(row)]));
  }

  /**
   * The library images that site-relative addresses name (`/media/<hash>/<width>.jpg`, a
   * WordPress copy's `/media/<2 hex>/<hash>.<ext>`; media-urls.ts `libraryFileOf`), by address,
   * in one query; an address that names no row is left out.
   */
  async findByAddresses(addresses: readonly string[]): Promise<Map<string, MediaEntry>> {
    const named = new Map<string, { hash: string } | { path: string }>();
    for (const address of new Set(addresses)) {
      const file = libraryFileOf(address);
      if (file) named.set(address, file);
    }
    const hashes = [...named.values()].flatMap((f) => ('hash' in f ? [f.hash] : []));
    const paths = [...named.values()].flatMap((f) => ('path' in f ? [f.path] : []));
    if (hashes.length === 0 && paths.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('media')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(hashes.length > 0 ? [eb('hash', 'in', hashes)] : []),
          ...(paths.length > 0 ? [eb('path', 'in', paths)] : []),
        ]),
      )
      .execute();
    const found = new Map<string, MediaEntry>();
    for (const [address, file] of named) {
      const row = rows.find((r) => ('hash' in file ? r.hash === file.hash : r.path === file.path));
      if (row) found.set(address, toEntry(row));
    }
    return found;
  }

  /**
   * Adds an upload; when a row with its hash exists (uploaded before, or by someone at the
   * same moment) that row is returned untouched, with `created: false`.
   */
  async add(media: NewMedia, now = new Date()): Promise<{ media: MediaEntry; created: boolean }> {
    const inserted = await this.db
      .insertInto('media')
      .values({
        hash: media.hash,
        path: media.path,
        mime_type: media.mimeType,
        width: media.width,
        height: media.height,
        bytes: media.bytes,
        alt: media.alt,
        caption: media.caption,
        credit: media.credit,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        original_name: media.originalName,
        variant_widths: media.variantWidths.join(','),
        search_text: searchText({ ...media, original_name: media.originalName }),
        uploaded_by: media.uploadedBy,
      })
      .onConflict((oc) => oc.column('hash').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { media: toEntry(inserted), created: true };
    const existing = await this.findByHash(media.hash);
    if (!existing) throw new Error(`Media ${media.hash} was neither inserted nor found.`);
    return { media: existing, created: false };
  }

  /**
   * An import's image: the row with this hash, its description brought up to date, or a new
   * one. Returns its id. A library upload's row keeps its files and text when the import knows
   * only a single file of the same content (a WordPress copy of an image already uploaded).
   */
  async save(media: MediaInput, db = this.db, now = new Date()): Promise<number> {
    const values = {
      path: media.path,
      mime_type: media.mimeType,
      width: media.width,
      height: media.height,
      bytes: media.bytes,
      alt: media.alt,
      caption: media.caption,
      credit: media.credit,
      variant_widths: media.variantWidths?.length ? media.variantWidths.join(',') : null,
      updated_at: now.toISOString(),
    };
    const found = await db
      .selectFrom('media')
      .select(['id', 'variant_widths', 'original_name'])
      .where('hash', '=', media.hash)
      .executeTakeFirst();
    if (found?.variant_widths && !values.variant_widths) return found.id;
    if (found) {
      await db
        .updateTable('media')
        .set({ ...values, search_text: searchText({ ...media, original_name: found.original_name }) })
        .where('id', '=', found.id)
        .execute();
      return found.id;
    }
    const row = await db
      .insertInto('media')
      .values({
        ...values,
        hash: media.hash,
        created_at: now.toISOString(),
        search_text: searchText({ ...media, original_name: null }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Every row, oldest first, as reader pages know it (for the JSON export). */
  async *all(): AsyncGenerator<Media> {
    let lastId = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('media')
        .selectAll()
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) return;
      for (const row of rows) yield toMedia(row);
      lastId = rows[rows.length - 1]!.id;
    }
  }

  /** Changes an image's alt text, caption and credit (everywhere it is used without its own). */
  async updateText(id: number, text: MediaText, now = new Date()): Promise<MediaEntry | undefined> {
    const current = await this.db.selectFrom('media').select('original_name').where('id', '=', id).executeTakeFirst();
    if (!current) return undefined;
    const row = await this.db
      .updateTable('media')
      .set({
        alt: text.alt,
        caption: text.caption,
        credit: text.credit,
        search_text: searchText({ ...text, original_name: current.original_name }),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toEntry(row);
  }

  /**
   * Newest first, `perPage` at a time; with `query`, only images whose alt text, caption,
   * credit or file name hold every word of it (letters folded as search folds them: أ = ا).
   */
  async list({ query = '', page = 1, perPage = 24 }: { query?: string; page?: number; perPage?: number }) {
    const words = normalize(query).split(/\s+/).filter(Boolean).slice(0, 8);
    let base = this.db.selectFrom('media');
    for (const word of words) {
      base = base.where(sql<boolean>`search_text like ${`%${escapeLike(word)}%`} escape '\\'`);
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<string | number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toEntry), total: Number(count.total) } satisfies MediaPage;
  }
}

function searchText(row: {
  alt: string;
  caption: string | null;
  credit: string | null;
  original_name: string | null;
}): string {
  return normalize([row.alt, row.caption, row.credit, row.original_name].filter(Boolean).join(' '));
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "320,640,960" → [320, 640, 960]; null (rows older than uploads) → []. */
export function parseVariantWidths(value: string | null | undefined): number[] {
  if (!value) return [];
  return value
    .split(',')
    .map(Number)
    .filter((w) => Number.isInteger(w) && w > 0);
}

function toMedia(row: Selectable<MediaTable>): Media {
  return {
    id: row.id,
    hash: row.hash,
    path: row.path,
    mimeType: row.mime_type,
    width: row.width,
    height: row.height,
    bytes: Number(row.bytes),
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    variantWidths: parseVariantWidths(row.variant_widths),
  };
}

function toEntry(row: Selectable<MediaTable>): MediaEntry {
  return {
    ...toMedia(row),
    originalName: row.original_name,
    uploadedBy: row.uploaded_by,
    createdAt: toDate(row.created_at),
  };
}
