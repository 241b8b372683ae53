import { mediaPath, mediaSrcset, mediaUrlAtLeast } from '../../media/media-urls.ts';
import type { MediaEntry } from '../../store/media.ts';

/**
 * An image as the newsroom's JSON gives it (upload, library, picker): `url` is the largest
 * JPEG, `srcset` the JPEG widths and `webpSrcset` the WebP ones, `width` and `height` those
 * of `url`. An image block takes `mediaId: id, src: url, width, height, alt`.
 */
export interface MediaJson {
  id: number;
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string | null;
  credit: string | null;
  srcset: string;
  webpSrcset: string;
  thumbnail: string;
  originalName: string | null;
  createdAt: string;
}

export function mediaJson(entry: MediaEntry): MediaJson {
  return {
    id: entry.id,
    url: mediaPath(entry),
    width: entry.width,
    height: entry.height,
    alt: entry.alt,
    caption: entry.caption,
    credit: entry.credit,
    srcset: mediaSrcset(entry, 'jpeg'),
    webpSrcset: mediaSrcset(entry, 'webp'),
    thumbnail: mediaUrlAtLeast(entry, 320),
    originalName: entry.originalName,
    createdAt: entry.createdAt.toISOString(),
  };
}
