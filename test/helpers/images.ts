import sharp from 'sharp';

/**
 * Test images drawn with sharp (nothing is downloaded): a "photo" is a colour gradient with
 * noise over it, so that it compresses like a photograph and two seeds never give the same file.
 */
export async function photo(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' = 'jpeg',
  seed = 1,
): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const noise = (state % 41) - 20;
      const at = (y * width + x) * 3;
      pixels[at] = clamp((255 * x) / width + noise);
      pixels[at + 1] = clamp((255 * y) / height + noise);
      pixels[at + 2] = clamp(((seed * 37) % 256) + noise);
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  return image.toFormat(format).toBuffer();
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/** A JPEG that says, in its EXIF, where it was taken, by whom and which way up it is. */
export async function photoWithExif(width: number, height: number, orientation: number): Promise<Buffer> {
  return sharp(await photo(width, height, 'png', 7))
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Secret Source Name', Copyright: 'Private' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 35/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '7/1 37/1 0/1' },
    })
    .withMetadata({ orientation })
    .toBuffer();
}

/** A decompression bomb: a blank PNG of `width`×`height` pixels that weighs a few hundred kilobytes. */
export async function blankPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}
