import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Image types Ghad keeps and serves itself (media/media-files.ts, web/media-files-route.ts). */
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
 * into the data directory's media/ folder under their content hash (`ab/<sha-256>.jpg`), so
 * that a file is kept once however many posts use it, and its name never changes.
 */
export class UploadsFolder {
  readonly #root: string;
  readonly #kept = new Map<string, Promise<KeptFile>>();

  constructor(
    uploadsDir: string,
    private readonly dataDir: string,
  ) {
    this.#root = path.resolve(uploadsDir);
  }

  /** Copies `file` (a path under uploads, `2017/01/photo.jpg`) into media/, once per run. */
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
    const relative = `${hash.slice(0, 2)}/${hash}.${extension}`;
    const target = path.join(this.dataDir, 'media', relative);
    if (!fs.existsSync(target)) {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(`${target}.part`, bytes);
      await fs.promises.rename(`${target}.part`, target);
    }
    return { ok: true, hash, relative, mimeType, bytes: bytes.length };
  }
}
