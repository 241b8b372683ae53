import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { MediaError } from '../../src/media/media-error.ts';
import { renderVariants, variantWidths } from '../../src/media/variants.ts';
import { blankPng, photo, photoWithExif } from '../helpers/images.ts';

const LIMITS = { maxPixels: 64_000_000 };

describe('variantWidths', () => {
  it('keeps the standard widths below the original, and the original (at most 1920) as the widest', () => {
    assert.deepEqual(variantWidths(4000), [320, 640, 960, 1280, 1920]);
    assert.deepEqual(variantWidths(1920), [320, 640, 960, 1280, 1920]);
    assert.deepEqual(variantWidths(1000), [320, 640, 1000]);
    assert.deepEqual(variantWidths(700), [320, 700]);
    assert.deepEqual(variantWidths(200), [200]);
  });
});

describe('renderVariants', () => {
  it('makes WebP and JPEG at every width, never wider than the original', async () => {
    const rendered = await renderVariants(await photo(1500, 1000), 'jpeg', LIMITS);
    assert.deepEqual(rendered.widths, [320, 640, 960, 1280, 1500]);
    assert.equal(rendered.width, 1500);
    assert.equal(rendered.height, 1000);
    assert.equal(rendered.variants.length, 10);
    for (const variant of rendered.variants) {
      const meta = await sharp(variant.data).metadata();
      assert.equal(meta.format, variant.format);
      assert.equal(meta.width, variant.width);
      assert.equal(meta.height, variant.height);
      assert.ok(Math.abs(variant.height - (variant.width * 2) / 3) <= 1, `aspect kept at ${variant.width}`);
    }
  });

  it('turns the image upright and leaves EXIF (GPS, artist), ICC and orientation behind', async () => {
    const input = await photoWithExif(300, 200, 6);
    assert.ok(input.includes('Secret Source Name'), 'the input carries the EXIF the test looks for');
    const rendered = await renderVariants(input, 'jpeg', LIMITS);
    assert.equal(rendered.width, 200, 'orientation 6 turns 300×200 into 200×300');
    assert.equal(rendered.height, 300);
    for (const variant of rendered.variants) {
      const meta = await sharp(variant.data).metadata();
      assert.equal(meta.exif, undefined);
      assert.equal(meta.icc, undefined);
      assert.equal(meta.xmp, undefined);
      assert.equal(meta.orientation, undefined);
      assert.ok(!variant.data.includes('Secret Source Name'));
    }
  });

  it('accepts PNG, WebP, GIF and AVIF, and keeps a transparent PNG white in JPEG', async () => {
    for (const format of ['png', 'webp', 'gif', 'avif'] as const) {
      const rendered = await renderVariants(await photo(400, 300, format, 5), format, LIMITS);
      assert.deepEqual(rendered.widths, [320, 400], format);
    }
    const transparent = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const rendered = await renderVariants(transparent, 'png', LIMITS);
    const jpeg = rendered.variants.find((v) => v.format === 'jpeg');
    const { data } = await sharp(jpeg?.data).raw().toBuffer({ resolveWithObject: true });
    assert.ok(data[0] !== undefined && data[0] > 240, 'transparent becomes white, not black');
  });

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    const bomb = await blankPng(10_000, 10_000);
    assert.ok(bomb.length < 1_000_000, `the bomb is small (${bomb.length} bytes)`);
    const started = performance.now();
    await assert.rejects(renderVariants(bomb, 'png', LIMITS), (error: unknown) => {
      assert.ok(error instanceof MediaError);
      assert.equal(error.code, 'too_many_pixels');
      assert.match(error.messageAr, /10000×10000/);
      return true;
    });
    assert.ok(performance.now() - started < 1000, 'refused without decoding 100 million pixels');
  });

  it('refuses a large canvas in a tiny file under the pixel limit, before decoding it (issue 17)', async () => {
    // 7874 × 7874 (62 MP, under 64) in two colours: a PNG of about 7.6 KB that took ~0.9 s to decode.
    const sparse = await sharp({ create: { width: 7874, height: 7874, channels: 3, background: '#000000' } })
      .png({ palette: true, colours: 2, compressionLevel: 9 })
      .toBuffer();
    assert.ok(sparse.length < 10_000, `${sparse.length} bytes`);
    await assert.rejects(renderVariants(sparse, 'png', { maxPixels: 64_000_000 }), (error: unknown) => {
      assert.ok(error instanceof MediaError);
      assert.equal(error.code, 'too_many_pixels');
      assert.equal(error.status, 422);
      assert.match(error.messageAr, /7874×7874/);
      return true;
    });
    // A photograph of the same canvas class is not caught by it: the bar is the file's density.
    const rendered = await renderVariants(await photo(2400, 1800, 'jpeg', 4), 'jpeg', { maxPixels: 64_000_000 });
    assert.equal(rendered.width, 1920);
  });

  it('refuses a truncated JPEG and a file whose content is not the format sniffed', async () => {
    const whole = await photo(800, 600);
    await assert.rejects(renderVariants(whole.subarray(0, whole.length / 2), 'jpeg', LIMITS), {
      code: 'image_damaged',
    });
    await assert.rejects(renderVariants(whole, 'png', LIMITS), { code: 'image_damaged' });
    await assert.rejects(renderVariants(Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]), 'jpeg', LIMITS), {
      code: 'image_damaged',
    });
  });
});
