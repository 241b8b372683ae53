import { createHash } from 'node:crypto';
import type { MediaEntry, MediaRepository, MediaText } from '../store/media.ts';
import { ACCEPTED_MIME_TYPES, sniffImageType } from './image-type.ts';
import { MEDIA_ERRORS } from './media-error.ts';
import { variantPath } from './media-keys.ts';
import type { MediaStorage } from './media-storage.ts';
import { renderVariants } from './variants.ts';

/** How big an upload may be, in bytes of file and in pixels of canvas. */
export interface MediaLimits {
  maxBytes: number;
  maxPixels: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 64_000_000 };

/** The longest alt text, caption and credit the library keeps. */
export const TEXT_LIMITS = { alt: 500, caption: 1000, credit: 200 } as const;

export interface Upload {
  bytes: Buffer;
  /** The name the browser gave; kept for search only. */
  originalName: string;
  uploadedBy: number | null;
  text?: Partial<MediaText>;
}

/**
 * An upload, from bytes to a library row: the type is read from the content (a PNG named
 * .jpg is a PNG and is accepted; a text file named .jpg is refused), then the variants are
 * made and stored by content hash (media-storage.ts: the disk or a bucket), then the row is written. The same file uploaded again
 * finds its row by hash and does no work (its alt text and caption stay as they were).
 */
export class MediaUploads {
  constructor(
    private readonly repository: MediaRepository,
    private readonly files: MediaStorage,
    readonly limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
  ) {}

  async upload({
    bytes,
    originalName,
    uploadedBy,
    text = {},
  }: Upload): Promise<{ media: MediaEntry; created: boolean }> {
    if (bytes.length === 0) throw MEDIA_ERRORS.fileMissing();
    if (bytes.length > this.limits.maxBytes) throw MEDIA_ERRORS.fileTooLarge(this.limits.maxBytes);
    const checkedText = checkMediaText(text);
    const type = sniffImageType(bytes);
    if (type.kind === 'svg') throw MEDIA_ERRORS.svg(type.hasScript);
    if (type.kind === 'unsupported') throw MEDIA_ERRORS.unsupported(type.format);
    if (type.kind === 'unknown') throw MEDIA_ERRORS.notAnImage();

    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.repository.findByHash(hash);
    if (existing) return { media: existing, created: false };

    const rendered = await renderVariants(bytes, type.format, { maxPixels: this.limits.maxPixels });
    // Every file first, then the row: a store that fails leaves no row naming a missing file.
    await this.files.storeVariants(hash, rendered.variants);
    const largest = rendered.variants.find((v) => v.format === 'jpeg' && v.width === rendered.width);
    return this.repository.add({
      hash,
      path: variantPath(hash, rendered.width, 'jpeg'),
      mimeType: ACCEPTED_MIME_TYPES.jpeg,
      width: rendered.width,
      height: rendered.height,
      bytes: largest?.data.length ?? 0,
      variantWidths: rendered.widths,
      originalName: cleanFileName(originalName),
      uploadedBy,
      ...checkedText,
    });
  }
}

/** Alt text, caption and credit trimmed, empty ones as null (alt as ''), each within its limit. */
export function checkMediaText(text: Partial<MediaText>): MediaText {
  const clean = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();
  const alt = clean(text.alt);
  const caption = clean(text.caption);
  const credit = clean(text.credit);
  for (const [field, value] of [
    ['alt', alt],
    ['caption', caption],
    ['credit', credit],
  ] as const) {
    if ([...value].length > TEXT_LIMITS[field]) throw MEDIA_ERRORS.fieldTooLong(field, TEXT_LIMITS[field]);
  }
  return { alt, caption: caption || null, credit: credit || null };
}

/** The last part of a name as a browser sent it, without control characters, at most 200 characters. */
export function cleanFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned ? [...cleaned].slice(0, 200).join('') : null;
}
