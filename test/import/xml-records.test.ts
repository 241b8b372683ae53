/**
 * The streaming reader under the WordPress and feed imports: records come out chunk by
 * chunk, long before the document ends (a 2 GB export is never held whole), multi-byte
 * Arabic split across chunks is read whole, and broken XML says where.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childText, XmlReadError, XmlRecordReader } from '../../src/import/xml-records.ts';

const isItem = (p: readonly string[]) => p.length === 3 && p[2] === 'item';

describe('XmlRecordReader', () => {
  it('hands over each record as soon as its chunk is read, Arabic split across chunks included', () => {
    const items = Array.from(
      { length: 2000 },
      (_, i) => `<item><title><![CDATA[خبر رقم ${i} عن مهرجان قرطاج]]></title><wp:post_id>${i}</wp:post_id></item>\n`,
    );
    const bytes = Buffer.from(`<?xml version="1.0"?><rss><channel>${items.join('')}</channel></rss>`, 'utf8');
    const reader = new XmlRecordReader(isItem);
    const titles: string[] = [];
    let chunks = 0;
    let firstRecordAtChunk = -1;
    // 1,001-byte chunks: most boundaries fall inside a two-byte Arabic letter or a tag.
    for (let at = 0; at < bytes.length; at += 1001) {
      chunks++;
      const records = reader.write(bytes.subarray(at, at + 1001));
      if (records.length > 0 && firstRecordAtChunk < 0) firstRecordAtChunk = chunks;
      titles.push(...records.map((r) => childText(r, 'title')));
    }
    titles.push(...reader.end().map((r) => childText(r, 'title')));
    assert.ok(chunks > 200);
    assert.ok(firstRecordAtChunk <= 2, `first record after chunk ${firstRecordAtChunk}`);
    assert.equal(titles.length, 2000);
    assert.equal(titles[1234], 'خبر رقم 1234 عن مهرجان قرطاج');
    assert.ok(titles.every((t) => !t.includes('\uFFFD')));
  });

  it('says on which line and column the XML breaks, and hands over the records before it', () => {
    const reader = new XmlRecordReader(isItem);
    const text = '<rss><channel>\n<item><title>أ</title></item>\n<item><title>ب</title></chanel>\n';
    assert.throws(
      () => reader.write(Buffer.from(text)),
      (error: unknown) => {
        assert.ok(error instanceof XmlReadError);
        assert.equal(error.line, 3);
        assert.match(error.message, /^line 3, column \d+: /);
        assert.deepEqual(
          error.records.map((r) => childText(r, 'title')),
          ['أ'],
        );
        return true;
      },
    );
  });
});
