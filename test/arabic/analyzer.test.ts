import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type AnalyzedToken, analyze } from '../../src/arabic/analyzer.ts';
import { nameKey } from '../../src/arabic/name-key.ts';
import { normalize } from '../../src/arabic/normalize.ts';
import { stem } from '../../src/arabic/stem.ts';
import { DEMO_SEED_FILE } from '../../src/import/demo.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

const exact = (text: string) => analyze(text).map((token) => token.exact);
const stems = (text: string) => analyze(text).map((token) => token.stem);

/** Any UTF-16 string: lone surrogates, marks, presentation forms, Arabic, Latin, spaces. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0x0600, max: 0x06ff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0xfb50, max: 0xfeff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom(' ', ' ', '\n', 'ـ', '\u200d', '\ud83d', '\ude00', 'ﷺ', 'ﷲ', '٢'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 400,
  size: 'max',
});

function assertWellFormed(text: string, tokens: AnalyzedToken[]) {
  let previousStart = 0;
  for (const token of tokens) {
    assert.ok(token.exact.length > 0 && token.stem.length > 0, 'no empty token');
    assert.ok(token.start >= previousStart && token.start < token.end && token.end <= text.length, 'offsets in order');
    assert.ok(token.nameKey === undefined || token.nameKey.length > 0);
    previousStart = token.start;
  }
}

describe('analyze', () => {
  it('composes tokenize → normalize → stem and name key', () => {
    const text = 'وقال وزير الدفاع الإسرائيلي بيني گانتز';
    for (const token of analyze(text)) {
      assert.equal(token.exact, normalize(text.slice(token.start, token.end)));
      assert.equal(token.stem, stem(token.exact));
      assert.equal(token.nameKey, nameKey(token.exact));
    }
  });

  it('matches what a reader types to how the paper wrote it', () => {
    assert.deepEqual(stems('انتخابات بلديه'), stems('الانتخابات البلدية'));
    assert.deepEqual(stems('للانتخابات'), stems('انتخابات'));
    assert.deepEqual(exact('٢٠١٧'), exact('2017'));
    assert.deepEqual(exact('اسرائيل علي مستوي'), exact('إسرائيل على مستوى'));
  });

  it('finds the same words in a vowelled headline pasted with tatweel as in the plain one', () => {
    assert.deepEqual(exact('المَغْرِبُ وإسرائيلُ يُوَقِّعانِ على اتّفاقٍ كبيـــرٍ'), exact('المغرب وإسرائيل يوقعان على اتفاق كبير'));
  });

  it('gives the seed article’s گانتز and جانتس one name key, with offsets on the original spellings', () => {
    const seed = fs.readFileSync(DEMO_SEED_FILE, 'utf8');
    const gantz = analyze(seed).filter((token) => token.nameKey === nameKey('گانتز'));
    const spellings = new Set(gantz.map((token) => seed.slice(token.start, token.end)));
    assert.deepEqual([...spellings].sort(), ['جانتس', 'گانتز'].sort());
  });

  it('splits a ligature that stands for several words into tokens that share its offsets', () => {
    const tokens = analyze('النبي ﷺ قال');
    assert.deepEqual(
      tokens.map((token) => token.exact),
      ['النبي', 'صلي', 'الله', 'عليه', 'وسلم', 'قال'],
    );
    assert.ok(tokens.slice(1, 5).every((token) => token.start === 6 && token.end === 7));
  });

  it('drops words that normalize to nothing (a lone tatweel)', () => {
    assert.deepEqual(exact('ـــ بـ ـ'), ['ب']);
  });

  it('never throws on any string, lone surrogates included; no empty tokens; offsets in order', () => {
    fc.assert(
      fc.property(anyText, (text) => assertWellFormed(text, analyze(text))),
      { numRuns: 1000 },
    );
  });

  it('analyzes a megabyte of Arabic news, and a megabyte of broken text', () => {
    const articles: string[] = [];
    for (const line of firstCorpusLines('jawhara.jsonl.gz', 400))
      articles.push((JSON.parse(line) as { text: string }).text);
    let news = articles.join('\n');
    while (Buffer.byteLength(news) < 1_000_000) news += `\n${news}`;
    const newsTokens = analyze(news);
    assert.ok(newsTokens.length > 80_000);
    assertWellFormed(news, newsTokens);

    const broken = fc.sample(anyText, { numRuns: 6000, seed: 42 }).join('\ud800');
    assertWellFormed(broken, analyze(broken));
    const unbroken = 'ب'.repeat(1_000_000);
    assert.deepEqual(analyze(unbroken), []);
  });
});
