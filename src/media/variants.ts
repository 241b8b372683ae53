import type { Metadata, OutputInfo } from 'sharp';
import type { AcceptedFormat } from './image-type.ts';
import { MEDIA_ERRORS, MediaError } from './media-error.ts';

/**
 * An upload becomes WebP and JPEG files at the widths reader pages ask for, never wider than
 * the original (no upscaling), turned upright by its EXIF orientation, in sRGB, with every
 * piece of metadata (EXIF with its GPS position and camera serial, XMP, IPTC, ICC) left behind.
 * The original itself is not kept: it is what carries the metadata.
 */

/** The widths reader pages choose from (srcset); the widest is the largest file kept. */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1920] as const;
export const WIDEST = 1920;

export type VariantFormat = 'webp' | 'jpeg';
export const VARIANT_FORMATS: readonly VariantFormat[] = ['webp', 'jpeg'];

export interface Variant {
  width: number;
  height: number;
  format: VariantFormat;
  data: Buffer;
}

export interface RenderedImage {
  /** Size of the widest variant: what the largest JPEG, the image's main file, measures. */
  width: number;
  height: number;
  widths: number[];
  variants: Variant[];
}

/**
 * A canvas above DENSITY_CHECKED_ABOVE pixels needs at least one byte of file per
 * MAX_PIXELS_PER_BYTE pixels (photographs carry about one byte per 1–10 pixels, a flat
 * 10,000 × 10,000 PNG one per ~330); below that it is a decompression bomb.
 */
export const MAX_PIXELS_PER_BYTE = 1000;
export const DENSITY_CHECKED_ABOVE = 4_000_000;

/** How sharp's formats name what the sniffer found (AVIF is read by the HEIF loader). */
const SHARP_FORMATS: Readonly<Record<AcceptedFormat, string>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'heif',
};

/** The widths to make for an image `width` pixels wide (after orientation). */
export function variantWidths(width: number): number[] {
  const widest = Math.min(width, WIDEST);
  // A standard width within 10 % of the widest would be nearly the same file twice.
  return [...VARIANT_WIDTHS.filter((w) => w < widest * 0.9), widest];
}

/** libvips loads with the first image, not with the server (a quarter of a restart's start-up otherwise). */
type Sharp = typeof import('sharp')['default'];
let sharpLoading: Promise<Sharp> | undefined;
function loadSharp(): Promise<Sharp> {
  sharpLoading ??= import('sharp').then((module) => module.default);
  return sharpLoading;
}

/**
 * Decodes `input` (already sniffed as `format`) at most once, refusing images over
 * `maxPixels` before decoding them (a decompression bomb is a small file with a huge
 * canvas) and damaged or truncated ones, and encodes every variant.
 */
export async function renderVariants(
  input: Buffer,
  format: AcceptedFormat,
  { maxPixels }: { maxPixels: number },
): Promise<RenderedImage> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: maxPixels, failOn: 'truncated', animated: false } as const;
  let metadata: Metadata;
  try {
    // Reads the header only: the canvas size is known before a pixel is decoded.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw MEDIA_ERRORS.damaged();
  }
  if (metadata.format !== SHARP_FORMATS[format]) throw MEDIA_ERRORS.damaged();
  const { width, height } = metadata;
  if (!width || !height) throw MEDIA_ERRORS.damaged();
  if (width * height > maxPixels) throw MEDIA_ERRORS.tooManyPixels(maxPixels, width, height);
  // Under the limit, a large canvas in a tiny file (a blank 62 MP PNG weighs 7.6 KB) is refused
  // too: decoding it would cost a second of CPU for an image nobody photographed.
  if (width * height > DENSITY_CHECKED_ABOVE && width * height > input.length * MAX_PIXELS_PER_BYTE) {
    throw MEDIA_ERRORS.emptyCanvas(width, height, input.length);
  }
  const upright = (metadata.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
  const widths = variantWidths(upright.width);
  const widest = widths[widths.length - 1] as number;

  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await sharp(input, options)
      .autoOrient()
      .resize({ width: widest, withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw MEDIA_ERRORS.tooManyPixels(maxPixels, width, height);
    }
    throw MEDIA_ERRORS.damaged();
  }
  const raw = {
    raw: { width: base.info.width, height: base.info.height, channels: base.info.channels },
  } as const;

  const variants: Variant[] = [];
  for (const w of widths) {
    for (const variantFormat of VARIANT_FORMATS) {
      let pipeline = sharp(base.data, raw).resize({ width: w, withoutEnlargement: true });
      pipeline =
        variantFormat === 'webp'
          ? pipeline.webp({ quality: 80, effort: 4 })
          : // JPEG has no transparency: a PNG's transparent parts become white, as on the page.
            pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true });
      const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
      variants.push({ width: info.width, height: info.height, format: variantFormat, data });
    }
  }
  const largest = variants.find((v) => v.width === widest && v.format === 'jpeg');
  if (!largest) throw new MediaError('image_damaged', 'No variant was made.', 'تعذرت معالجة الصورة.', 422);
  return { width: largest.width, height: largest.height, widths, variants };
}
