import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { holdsHash, termHash, termHashes } from '../../src/search/term-hashes.ts';

describe('term hashes', () => {
  it('is FNV-1a: known values of one-byte and empty terms', () => {
    // Reference values of 32-bit FNV-1a over the bytes of "", "a" and "foobar".
    assert.equal(termHash(''), 0x811c9dc5);
    assert.equal(termHash('a'), 0xe40c292c);
    assert.equal(termHash('foobar'), 0xbf9cf968);
  });

  it('stores each hash once, sorted, four bytes each', () => {
    const stored = termHashes(['الانتخابات', '~انتخاب', 'الانتخابات', '^ANTHB']);
    assert.equal(stored.byteLength, 12);
    const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
    const values = [0, 1, 2].map((i) => view.getUint32(i * 4, true));
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
  });

  it('holds every stored term and no other (barring a hash collision)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.string(), (terms, other) => {
        const stored = termHashes(terms);
        for (const term of terms) assert.ok(holdsHash(stored, termHash(term)), term);
        const collides = terms.some((term) => termHash(term) === termHash(other));
        assert.equal(holdsHash(stored, termHash(other)), terms.includes(other) || collides);
      }),
    );
  });

  it('reads hashes stored at any offset of a buffer, as drivers return them', () => {
    const stored = termHashes(['تونس', 'المغرب']);
    const shifted = Buffer.concat([Buffer.from([7]), stored]).subarray(1);
    assert.ok(holdsHash(shifted, termHash('المغرب')));
    assert.ok(!holdsHash(shifted, termHash('الجزائر')));
    assert.ok(!holdsHash(Buffer.alloc(0), termHash('تونس')));
  });
});
