import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { copiedFilePath } from '../media/media-keys.ts';
import type { MediaStorage } from '../media/media-storage.ts';

/** Image types Ghad keeps and serves itself (media/media-keys.ts, web/media-files-route.ts). */
export const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

export type KeptFile =
  | { ok: true; hash: string; relative: string; mimeType: string; bytes: number }
  | { ok: false; why: string };

/**
 * A WordPress site's wp-content/uploads folder, as given with --uploads: files are copied
 * into the media storage (the data directory's media/ folder, or the bucket) under their
 * content hash (`ab/<sha-256>.jpg`), so that a file is kept once however many posts use it,
 * and its name never changes. A store that refuses stops the import (a MediaError 503) before
 * any row names the file.
 */
export class UploadsFolder {
  readonly #root: string;
  readonly #kept = new Map<string, Promise<KeptFile>>();

  constructor(
    uploadsDir: string,
    private readonly storage: MediaStorage,
  ) {
    this.#root = path.resolve(uploadsDir);
  }

  /** Copies `file` (a path under uploads, `2017/01/photo.jpg`) into the media storage, once per run. */
  keep(file: string): Promise<KeptFile> {
    let kept = this.#kept.get(file);
    if (!kept) {
      kept = this.#copy(file);
      this.#kept.set(file, kept);
    }
    return kept;
  }

  async #copy(file: string): Promise<KeptFile> {
    const source = path.resolve(this.#root, file);
    if (!source.startsWith(`${this.#root}${path.sep}`)) return { ok: false, why: 'is outside the uploads folder' };
    const extension = path.extname(source).slice(1).toLowerCase();
    const mimeType = IMAGE_TYPES[extension];
    if (!mimeType) return { ok: false, why: `is not an image type Ghad keeps (.${extension})` };
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(source);
    } catch {
      return { ok: false, why: 'is not in the uploads folder' };
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    const relative = copiedFilePath(hash, extension);
    await this.storage.storeFile(relative, bytes, mimeType);
    return { ok: true, hash, relative, mimeType, bytes: bytes.length };
  }
}
