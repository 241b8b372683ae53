import type { VariantFormat } from './variants.ts';

/**
 * Every image file Ghad keeps is named by its key, the path after /media/ in its URL, on the
 * local disk and in a bucket alike:
 *
 *     <sha-256 of the upload>/<width>.webp|.jpg        a library upload's variant
 *     <first two hex digits>/<sha-256>.<extension>    a file the WordPress import copied as it was
 *
 * A key names its content (a SHA-256), so the bytes behind one never change.
 */
export interface MediaKey {
  key: string;
  contentType: string;
  /** The upload's hash for a variant; the file's own hash for a copy (its bytes hash to it). */
  hash: string;
  kind: 'variant' | 'copy';
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

/** The key behind /media/<urlPath>, or undefined for a path that names no file Ghad keeps. */
export function mediaKeyOf(urlPath: string): MediaKey | undefined {
  const variant = /^([0-9a-f]{64})\/([1-9]\d{0,4})\.(webp|jpg)$/.exec(urlPath);
  if (variant) {
    return {
      key: urlPath,
      contentType: variant[3] === 'webp' ? 'image/webp' : 'image/jpeg',
      hash: variant[1] as string,
      kind: 'variant',
    };
  }
  const copied = /^([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|jpeg|png|gif|webp|avif)$/.exec(urlPath);
  if (copied?.[2]?.startsWith(copied[1] as string)) {
    return { key: urlPath, contentType: COPIED_TYPES[copied[3] as string] as string, hash: copied[2], kind: 'copy' };
  }
  return undefined;
}

export function variantFileName(width: number, format: VariantFormat): string {
  return `${width}.${format === 'webp' ? 'webp' : 'jpg'}`;
}

/** The key (path after /media/) of one variant. */
export function variantPath(hash: string, width: number, format: VariantFormat): string {
  return `${hash}/${variantFileName(width, format)}`;
}

/** The key of a file the WordPress import copies: `ab/<sha-256>.jpg`. */
export function copiedFilePath(hash: string, extension: string): string {
  return `${hash.slice(0, 2)}/${hash}.${extension}`;
}

export function assertHash(hash: string): void {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Not a SHA-256 hex digest: ${hash}`);
}
