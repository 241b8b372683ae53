import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertHash, mediaKeyOf, variantFileName } from './media-keys.ts';
import type { MediaObject, MediaStorage, MediaStorageReadiness } from './media-storage.ts';
import type { Variant } from './variants.ts';

/**
 * The image files on the local disk (GHAD_MEDIA_STORAGE=local, the default), under the data
 * directory by content hash:
 *
 *     <dataDir>/media/<first two hex digits>/<sha-256 of the upload>/<width>.webp|.jpg
 *
 * for the key `<sha-256>/<width>.webp|jpg` (media-keys.ts). Files the WordPress import copied
 * sit beside them under their key, `<first two hex digits>/<sha-256>.<extension>`. A hash's
 * folder is written whole into media/.incoming/ and renamed into place, so a reader never sees
 * half of one, and a folder that exists is never written again: files already stored are
 * never replaced.
 */
export class MediaFiles implements MediaStorage {
  readonly kind = 'local';
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'media');
  }

  async storeVariants(hash: string, variants: readonly Variant[]): Promise<void> {
    assertHash(hash);
    const folder = this.folder(hash);
    if (await exists(folder)) return;
    const incoming = path.join(this.root, '.incoming');
    await fs.mkdir(incoming, { recursive: true });
    const temporary = await fs.mkdtemp(path.join(incoming, `${hash.slice(0, 8)}-`));
    try {
      for (const variant of variants) {
        await fs.writeFile(path.join(temporary, variantFileName(variant.width, variant.format)), variant.data);
      }
      await fs.mkdir(path.dirname(folder), { recursive: true });
      try {
        await fs.rename(temporary, folder);
      } catch (error) {
        // Another upload of the same file got there first: its files are the same.
        if (!(await exists(folder))) throw error;
      }
    } finally {
      await fs.rm(temporary, { recursive: true, force: true });
    }
  }

  async storeFile(key: string, bytes: Buffer): Promise<void> {
    const target = this.fileOf(key);
    if (!target) throw new Error(`Not a media key: ${key}`);
    if (await exists(target)) return;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.part`;
    await fs.writeFile(partial, bytes);
    await fs.rename(partial, target);
  }

  async read(key: string): Promise<MediaObject | undefined> {
    const found = mediaKeyOf(key);
    const file = this.fileOf(key);
    if (!found || !file) return undefined;
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return undefined;
    return { body: createReadStream(file), bytes: stat.size, contentType: found.contentType };
  }

  async check(): Promise<MediaStorageReadiness> {
    return { ok: true };
  }

  close(): void {}

  /** Where the file under `key` is on the disk, or undefined for a key that names none. */
  fileOf(key: string): string | undefined {
    const found = mediaKeyOf(key);
    if (!found) return undefined;
    return found.kind === 'variant'
      ? path.join(this.folder(found.hash), path.basename(key))
      : path.join(this.root, ...key.split('/'));
  }

  /** Every file kept here, by key, in key order (uploads in progress and stray files left out). */
  async listFiles(): Promise<{ key: string; file: string }[]> {
    const entries = await fs.readdir(this.root, { recursive: true, withFileTypes: true }).catch(() => []);
    const found: { key: string; file: string }[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const key = keyOfFile(path.relative(this.root, file).split(path.sep));
      if (key && this.fileOf(key) === file) found.push({ key, file });
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private folder(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), hash);
  }
}

/** `ab/<hash>/640.jpg` → `<hash>/640.jpg`; `ab/<hash>.png` stays; anything else (`.incoming/…`) is no key. */
function keyOfFile(parts: string[]): string | undefined {
  const key = parts.length === 3 ? `${parts[1]}/${parts[2]}` : parts.join('/');
  return mediaKeyOf(key) ? key : undefined;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
