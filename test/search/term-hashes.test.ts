import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { termHash, termHashText, termPattern } from '../../src/search/term-hashes.ts';

describe('term hashes', () => {
  it('is FNV-1a: known values of one-byte and empty terms', () => {
    // Reference values of 32-bit FNV-1a over the bytes of "", "a" and "foobar".
    assert.equal(termHash(''), 0x811c9dc5);
    assert.equal(termHash('a'), 0xe40c292c);
    assert.equal(termHash('foobar'), 0xbf9cf968);
  });

  it('stores each hash once, as short ASCII words between spaces', () => {
    const stored = termHashText(['الانتخابات', '~انتخاب', 'الانتخابات', '^ANTHB']);
    assert.match(stored, /^ [0-9a-z]{1,7} [0-9a-z]{1,7} [0-9a-z]{1,7} $/);
    assert.equal(termHashText([]), '');
  });

  it('holds every stored term and no other (barring a hash collision)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.string(), (terms, other) => {
        const stored = termHashText(terms);
        for (const term of terms) assert.ok(stored.includes(termPattern(term)), term);
        const collides = terms.some((term) => termHash(term) === termHash(other));
        assert.equal(stored.includes(termPattern(other)), terms.includes(other) || collides);
      }),
    );
  });
});
