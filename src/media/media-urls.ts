import type { Media } from '../content/article.ts';
import { variantPath } from './media-keys.ts';
import type { VariantFormat } from './variants.ts';

/**
 * The URLs of an image's files for reader pages and the newsroom: each variant's, as a
 * `srcset`, and the largest JPEG (the image's `path`) for previews (OpenGraph, JSON-LD, feeds).
 */

/**
 * Where files Ghad keeps are linked: /media/ on the site, or GHAD_MEDIA_URL (a CDN in front of
 * the bucket or of the site), which the app sets once at start with linkMediaAt.
 */
let mediaBase = '/media';

/** Links images at `baseUrl` (GHAD_MEDIA_URL, no trailing slash) from now on; undefined: /media/ on the site. */
export function linkMediaAt(baseUrl: string | undefined): void {
  mediaBase = baseUrl ?? '/media';
}

/**
 * Where an image's file is read: files Ghad keeps (library variants, WordPress import copies)
 * are under /media/ (or GHAD_MEDIA_URL); an imported image that was not copied keeps its
 * original absolute URL.
 */
export function mediaPath(media: Pick<Media, 'path'>): string {
  if (/^https?:\/\//.test(media.path)) return media.path;
  return `${mediaBase}/${media.path.split('/').map(encodeURIComponent).join('/')}`;
}

/** `srcset` of one format, narrowest first; empty for images older than uploads. */
export function mediaSrcset(media: Pick<Media, 'hash' | 'variantWidths'>, format: VariantFormat): string {
  return media.variantWidths.map((w) => `${mediaBase}/${variantPath(media.hash, w, format)} ${w}w`).join(', ');
}

/** The narrowest JPEG at least `width` wide (or the widest there is): thumbnails in the newsroom. */
export function mediaUrlAtLeast(media: Pick<Media, 'hash' | 'path' | 'variantWidths'>, width: number): string {
  if (media.variantWidths.length === 0) return mediaPath(media);
  const chosen = media.variantWidths.find((w) => w >= width) ?? media.variantWidths[media.variantWidths.length - 1];
  return `${mediaBase}/${variantPath(media.hash, chosen as number, 'jpeg')}`;
}

/**
 * The library file that a site-relative image address names, if it names one: a library
 * variant, `/media/<sha-256>/<width>.webp|jpg`, by its content hash (whichever width was typed,
 * it is the same image); or a file the WordPress import copied, `/media/<2 hex>/<sha-256>.<ext>`,
 * by its stored path. Anything else (an outside image, another path) names none. The query and
 * fragment are ignored.
 */
export function libraryFileOf(src: string): { hash: string } | { path: string } | undefined {
  const typed = src.trim();
  // An address copied from a page linked at GHAD_MEDIA_URL names the same file as /media/….
  const local =
    mediaBase !== '/media' && typed.startsWith(`${mediaBase}/`) ? `/media${typed.slice(mediaBase.length)}` : typed;
  const address = /^\/media\/([^?#\s]+)(?:[?#]\S*)?$/.exec(local)?.[1];
  if (!address) return undefined;
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(address).toLowerCase();
  } catch {
    return undefined;
  }
  const variant = /^([0-9a-f]{64})\/[1-9]\d{0,4}\.(?:webp|jpg)$/.exec(urlPath);
  if (variant) return { hash: variant[1] as string };
  const copied = /^([0-9a-f]{2})\/([0-9a-f]{64})\.(?:jpg|jpeg|png|gif|webp|avif)$/.exec(urlPath);
  if (copied?.[2]?.startsWith(copied[1] as string)) return { path: urlPath };
  return undefined;
}
