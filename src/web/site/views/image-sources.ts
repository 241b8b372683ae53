import type { Media } from '../../../content/article.ts';
import { mediaSrcset } from '../../../media/media-urls.ts';
import type { ImageSources } from './figure.tsx';

/** An image's WebP and JPEG srcsets, or undefined for images older than the library's variants. */
export function imageSources(media: Media): ImageSources | undefined {
  if (media.variantWidths.length === 0) return undefined;
  return { webp: mediaSrcset(media, 'webp'), jpeg: mediaSrcset(media, 'jpeg') };
}
