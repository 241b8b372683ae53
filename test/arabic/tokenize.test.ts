import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_TOKEN_LENGTH, tokenize } from '../../src/arabic/tokenize.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

const words = (text: string) => tokenize(text).map((token) => token.text);

/** What Intl.Segmenter gives for the whole text at once (fine for short texts only). */
function segmentedAtOnce(text: string): string[] {
  const segmenter = new Intl.Segmenter('ar', { granularity: 'word' });
  return [...segmenter.segment(text)]
    .filter((segment) => segment.isWordLike && segment.segment.length <= MAX_TOKEN_LENGTH)
    .map((segment) => `${segment.index}:${segment.segment}`);
}

/** Text with words, spaces, punctuation and marks, in runs long enough to cross pieces. */
const wordyText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('ب', 'گ', 'ا', 'ل', 'ة', 'e', 'é', '٢', '7', 'ّ', 'ـ', '\u200d') },
    { weight: 2, arbitrary: fc.constantFrom(' ', '\n', '\u00a0', ' \u0651') },
    { weight: 1, arbitrary: fc.constantFrom('،', '.', ',', '"', '«', '-', '’', '_', '؟', '٫', '👍', '\u200e') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 1500,
  size: 'max',
});

/** Text of the characters tokenize() scans without the segmenter, and the joiners that send a chunk to it. */
const plainText = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('ب', 'ا', 'ل', 'ة', 'ى', 'پ', 'e', 'é', 'Z', '٢', '۴', '7', 'ّ', 'ً', 'ـ') },
    { weight: 3, arbitrary: fc.constantFrom(' ', '\n', '\t', '\u00a0') },
    {
      weight: 2,
      arbitrary: fc.constantFrom('،', '؛', '؟', '!', '(', ')', '«', '»', '-', '—', '/', '%', '"', '+', '$'),
    },
    { weight: 1, arbitrary: fc.constantFrom('.', ',', ':', "'", '’', '٫', '٬') },
  ),
  maxLength: 400,
});

describe('tokenize', () => {
  it('keeps گانتز, ٢٠٢٤, 3.5 and و2021 whole', () => {
    assert.deepEqual(words('بيني گانتز في ٢٠٢٤ بنسبة 3.5 و2021'), [
      'بيني',
      'گانتز',
      'في',
      '٢٠٢٤',
      'بنسبة',
      '3.5',
      'و2021',
    ]);
  });

  it('gives each word as written, harakat and tatweel included, with its offsets in the original text', () => {
    const text = 'مُخرِج "غدوة حيّ": الفيلـــم؟!';
    const tokens = tokenize(text);
    assert.deepEqual(
      tokens.map((token) => token.text),
      ['مُخرِج', 'غدوة', 'حيّ', 'الفيلـــم'],
    );
    for (const token of tokens) assert.equal(text.slice(token.start, token.end), token.text);
  });

  it('treats Arabic and Latin punctuation as punctuation', () => {
    assert.deepEqual(words('نعم، لا؛ لماذا؟ «قال» (هنا) - ٥٠٪'), ['نعم', 'لا', 'لماذا', 'قال', 'هنا', '٥٠']);
  });

  it(`drops words longer than ${MAX_TOKEN_LENGTH} characters instead of cutting them`, () => {
    const long = 'ا'.repeat(MAX_TOKEN_LENGTH + 1);
    const longest = 'ب'.repeat(MAX_TOKEN_LENGTH);
    assert.deepEqual(words(`قبل ${long} ${longest} بعد`), ['قبل', longest, 'بعد']);
  });

  it('finds no words in an empty, blank or punctuation-only text', () => {
    for (const text of ['', '   \n\t', '؟!… — «»', '\udc00\ud800']) assert.deepEqual(tokenize(text), []);
  });

  it('segments real articles exactly as one pass of Intl.Segmenter over the whole text', () => {
    for (const line of firstCorpusLines('goud.jsonl.gz', 60)) {
      const { text } = JSON.parse(line) as { text: string };
      const tokens = tokenize(text).map((token) => `${token.start}:${token.text}`);
      assert.deepEqual(tokens, segmentedAtOnce(text));
    }
  });

  it('finds the words of Arabic, Latin, digits, marks and punctuation as the segmenter does, without it', () => {
    for (const line of firstCorpusLines('jawhara.jsonl.gz', 300)) {
      const { title, text } = JSON.parse(line) as { title: string; text: string };
      for (const field of [title, text]) {
        assert.deepEqual(
          tokenize(field).map((token) => `${token.start}:${token.text}`),
          segmentedAtOnce(field),
        );
      }
    }
    fc.assert(
      fc.property(plainText, (text) => {
        assert.deepEqual(
          tokenize(text).map((token) => `${token.start}:${token.text}`),
          segmentedAtOnce(text),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('segments arbitrary text as one pass would, across the pieces it feeds the segmenter', () => {
    fc.assert(
      fc.property(wordyText, (text) => {
        fc.pre(!/[^\s]{200}/u.test(text)); // a piece is cut inside a word only past 256 characters without a space
        const tokens = tokenize(text).map((token) => `${token.start}:${token.text}`);
        assert.deepEqual(tokens, segmentedAtOnce(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never yields an empty token, and every token is the text between its offsets, in order', () => {
    fc.assert(
      fc.property(fc.oneof(wordyText, fc.string({ unit: 'binary', maxLength: 600 })), (text) => {
        let previousEnd = 0;
        for (const token of tokenize(text)) {
          assert.ok(token.text.length > 0 && token.text.length <= MAX_TOKEN_LENGTH);
          assert.equal(text.slice(token.start, token.end), token.text);
          assert.ok(token.start >= previousEnd);
          previousEnd = token.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tokenizes a megabyte without a space in it', () => {
    const text = `${'ب'.repeat(500_000)}،${'x'.repeat(500_000)}`;
    assert.deepEqual(tokenize(text), []);
  });
});
