import fs from 'node:fs/promises';
import path from 'node:path';
import type { Variant, VariantFormat } from './variants.ts';

/**
 * The image files, under the data directory by content hash:
 *
 *     <dataDir>/media/<first two hex digits>/<sha-256 of the upload>/<width>.webp|.jpg
 *
 * served at /media/<hash>/<width>.webp|.jpg. Files the WordPress import copied from --uploads
 * sit beside them as they were, `<first two hex digits>/<sha-256>.<extension>`, served at
 * /media/<that path> by the same route (web/media-files-route.ts). A hash's folder is written whole into
 * media/.incoming/ and renamed into place, so a reader never sees half of one, and a folder
 * that exists is never written again: files already stored are never replaced.
 */
export class MediaFiles {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'media');
  }

  /** Stores the variants of the upload with this hash, unless they are there already. */
  async store(hash: string, variants: readonly Variant[]): Promise<void> {
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

  /**
   * Where the file behind /media/<urlPath> is, or undefined for a path that names none: a
   * library variant (`<hash>/<width>.webp|jpg`), or a file the WordPress import copied as it
   * was (`<first two hex digits>/<hash>.<extension>`, src/import/uploads-folder.ts).
   */
  fileFor(urlPath: string): { file: string; contentType: string } | undefined {
    const variant = /^([0-9a-f]{64})\/([1-9]\d{0,4})\.(webp|jpg)$/.exec(urlPath);
    if (variant) {
      const [, hash, width, extension] = variant as unknown as [string, string, string, 'webp' | 'jpg'];
      return {
        file: path.join(this.folder(hash), `${width}.${extension}`),
        contentType: extension === 'webp' ? 'image/webp' : 'image/jpeg',
      };
    }
    const copied = /^([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|jpeg|png|gif|webp|avif)$/.exec(urlPath);
    if (copied?.[2]?.startsWith(copied[1] as string)) {
      return { file: path.join(this.root, urlPath), contentType: COPIED_TYPES[copied[3] as string] as string };
    }
    return undefined;
  }

  private folder(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), hash);
  }
}

/** The types of the files a WordPress import copies (src/import/uploads-folder.ts's IMAGE_TYPES). */
const COPIED_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

export function variantFileName(width: number, format: VariantFormat): string {
  return `${width}.${format === 'webp' ? 'webp' : 'jpg'}`;
}

/** The path after /media/ of one variant. */
export function variantPath(hash: string, width: number, format: VariantFormat): string {
  return `${hash}/${variantFileName(width, format)}`;
}

function assertHash(hash: string): void {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Not a SHA-256 hex digest: ${hash}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
