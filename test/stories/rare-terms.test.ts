/**
 * The words «اقرأ أيضا» relates articles through (stories/rare-terms.ts): which words of an
 * article count, which it puts forward, how it writes them, and which are its distinctive ones.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleTerms, distinctive, rareAtMost, TERMS_READ, termKey } from '../../src/stories/rare-terms.ts';

const article = (headline: string, bodyText: string) => ({ headline, kicker: null, dek: null, bodyText });

describe('an article’s terms', () => {
  it('puts forward its headline’s words and its body’s repeated ones, and counts the others', () => {
    const { terms, others } = articleTerms(
      article('اعتصام الكامور يتواصل', 'المعتصمون في الكامور رفضوا العرض. وقال المعتصمون إن الحكومة تأخرت.'),
    );
    const written = terms.map((term) => term.written);
    assert.ok(written.includes('اعتصام') && written.includes('الكامور'), written.join(' '));
    // Used twice in the body: put forward, as first written.
    assert.ok(written.includes('المعتصمون'), written.join(' '));
    // Used once: counted only.
    assert.ok(!written.includes('الحكومة'));
    const keys = new Set(terms.map((term) => term.key));
    assert.ok(others.length > 0 && others.every((key) => !keys.has(key)));
  });

  it('leaves out function words, numbers, short stems and words with an attached pronoun', () => {
    const { terms, others } = articleTerms(
      article('في 2017 من هو', 'ألقاها تسفيرهم تداعياته أمضوا ألقاها تسفيرهم تداعياته أمضوا'),
    );
    assert.deepEqual(terms, []);
    assert.deepEqual(others, []);
  });

  it('writes a word without the و of a conjunction in front', () => {
    const { terms } = articleTerms(article('والكامور', ''));
    assert.deepEqual(
      terms.map((term) => term.written),
      ['الكامور'],
    );
  });
});

describe('distinctive terms', () => {
  it('keeps the rarest of those in at least two articles and at most the rare limit, first seen first among equals', () => {
    const terms = ['أ', 'ب', 'ج', 'د', 'ه'].map((written, i) => ({ key: i + 1, written }));
    const counts = new Map([
      [1, 1], // its own article only
      [2, 30],
      [3, 2],
      [4, 2],
      [5, 500], // common
    ]);
    assert.deepEqual(
      distinctive(terms, counts, 60).map((term) => term.written),
      ['ج', 'د', 'ب'],
    );
    const many = Array.from({ length: 40 }, (_, i) => ({ key: 100 + i, written: String(i) }));
    const counted = new Map(many.map((term) => [term.key, 5]));
    assert.equal(distinctive(many, counted, 60).length, TERMS_READ);
  });

  it('calls rare a term in at most 0.5 % of the archive, between 20 and 200 articles', () => {
    assert.equal(rareAtMost(100), 20);
    assert.equal(rareAtMost(12_116), 60);
    assert.equal(rareAtMost(1_000_000), 200);
  });

  it('keys a stem as a 32-bit signed integer', () => {
    const key = termKey('كامور');
    assert.ok(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31);
    assert.equal(key, termKey('كامور'));
    assert.notEqual(key, termKey('معتصم'));
  });
});
