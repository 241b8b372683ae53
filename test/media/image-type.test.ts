import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sniffImageType } from '../../src/media/image-type.ts';
import { photo } from '../helpers/images.ts';

const SVG_WITH_SCRIPT =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>';

describe('sniffImageType: the type is read from the content, never from the name', () => {
  for (const format of ['jpeg', 'png', 'webp', 'gif', 'avif'] as const) {
    it(`recognises ${format} by its first bytes`, async () => {
      assert.deepEqual(sniffImageType(await photo(16, 12, format)), { kind: 'image', format });
    });
  }

  it('refuses SVG, and says when it holds a script or an event handler', () => {
    assert.deepEqual(sniffImageType(Buffer.from(SVG_WITH_SCRIPT)), { kind: 'svg', hasScript: true });
    assert.deepEqual(
      sniffImageType(Buffer.from('\uFEFF  <svg onload="alert(1)" xmlns="http://www.w3.org/2000/svg"/>')),
      {
        kind: 'svg',
        hasScript: true,
      },
    );
    assert.deepEqual(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')), {
      kind: 'svg',
      hasScript: false,
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<svg><script>x</script></svg>', 'utf16le')]);
    assert.equal(sniffImageType(utf16).kind, 'svg');
  });

  it('does not take text, HTML or an empty file for an image', () => {
    assert.deepEqual(sniffImageType(Buffer.from('الرباط — هذا نص وليس صورة، وإن سُمّي photo.jpg')), { kind: 'unknown' });
    assert.deepEqual(sniffImageType(Buffer.from('<html><body><img src=x onerror=alert(1)></body></html>')), {
      kind: 'unknown',
    });
    assert.deepEqual(sniffImageType(Buffer.alloc(0)), { kind: 'unknown' });
    // A JPEG's signature cut to two bytes is no JPEG.
    assert.deepEqual(sniffImageType(Buffer.from([0xff, 0xd8])), { kind: 'unknown' });
  });

  it('names formats it recognises but refuses', () => {
    const heic = Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1');
    assert.deepEqual(sniffImageType(heic), { kind: 'unsupported', format: 'HEIC' });
    assert.deepEqual(sniffImageType(Buffer.from('II*\x00rest', 'latin1')), { kind: 'unsupported', format: 'TIFF' });
    assert.deepEqual(sniffImageType(Buffer.from('%PDF-1.7')), { kind: 'unsupported', format: 'PDF' });
  });

  it('reads AVIF from the compatible brands too', () => {
    const avif = Buffer.from('\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1avifmiaf', 'latin1');
    assert.deepEqual(sniffImageType(avif), { kind: 'image', format: 'avif' });
  });
});
