import type { Media } from '../content/article.ts';
import { variantPath } from './media-files.ts';
import type { VariantFormat } from './variants.ts';

/**
 * The URLs of an image's files for reader pages and the newsroom: each variant's, as a
 * `srcset`, and the largest JPEG (the image's `path`) for previews (OpenGraph, JSON-LD, feeds).
 */

/**
 * Where an image's file is read: files Ghad keeps (library variants, WordPress import copies)
 * are under /media/; an imported image that was not copied keeps its original absolute URL.
 */
export function mediaPath(media: Pick<Media, 'path'>): string {
  if (/^https?:\/\//.test(media.path)) return media.path;
  return `/media/${media.path.split('/').map(encodeURIComponent).join('/')}`;
}

/** `srcset` of one format, narrowest first; empty for images older than uploads. */
export function mediaSrcset(media: Pick<Media, 'hash' | 'variantWidths'>, format: VariantFormat): string {
  return media.variantWidths.map((w) => `/media/${variantPath(media.hash, w, format)} ${w}w`).join(', ');
}

/** The narrowest JPEG at least `width` wide (or the widest there is): thumbnails in the newsroom. */
export function mediaUrlAtLeast(media: Pick<Media, 'hash' | 'path' | 'variantWidths'>, width: number): string {
  if (media.variantWidths.length === 0) return mediaPath(media);
  const chosen = media.variantWidths.find((w) => w >= width) ?? media.variantWidths[media.variantWidths.length - 1];
  return `/media/${variantPath(media.hash, chosen as number, 'jpeg')}`;
}
