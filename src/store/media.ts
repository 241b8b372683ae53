import type { Kysely } from 'kysely';
import type { Media } from '../content/article.ts';
import type { Database } from './schema.ts';

/** A media file as an import describes it; `hash` identifies it (content hash, or the hash of its URL). */
export type MediaInput = Omit<Media, 'id'>;

/** Media rows: images kept by Ghad (under the data directory's media/) or known by their URL. */
export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The row with this hash, its description brought up to date, or a new one. Returns its id. */
  async save(media: MediaInput, db = this.db): Promise<number> {
    const values = {
      path: media.path,
      mime_type: media.mimeType,
      width: media.width,
      height: media.height,
      bytes: media.bytes,
      alt: media.alt,
      caption: media.caption,
      credit: media.credit,
    };
    const found = await db.selectFrom('media').select('id').where('hash', '=', media.hash).executeTakeFirst();
    if (found) {
      await db.updateTable('media').set(values).where('id', '=', found.id).execute();
      return found.id;
    }
    const row = await db
      .insertInto('media')
      .values({ ...values, hash: media.hash, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async byId(id: number): Promise<Media | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMedia(row);
  }

  /** Every media row, oldest first (for the JSON export). */
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
}

function toMedia(row: {
  id: number;
  hash: string;
  path: string;
  mime_type: string;
  width: number | null;
  height: number | null;
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
}): Media {
  return {
    id: row.id,
    hash: row.hash,
    path: row.path,
    mimeType: row.mime_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
  };
}
