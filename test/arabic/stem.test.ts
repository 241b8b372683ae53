import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalize } from '../../src/arabic/normalize.ts';
import { stem } from '../../src/arabic/stem.ts';
import { tokenize } from '../../src/arabic/tokenize.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

/** The stem of a word as written (the analyzer normalizes first). */
const stemOf = (word: string) => stem(normalize(word));

describe('stem', () => {
  const meeting: [rule: string, words: string[]][] = [
    [
      'article, conjunction and prepositions before the article',
      ['الانتخابات', 'انتخابات', 'والانتخابات', 'للانتخابات', 'بالانتخابات', 'فالانتخابات'],
    ],
    ['ة and the nisba ي and their plural', ['البلدية', 'بلديه', 'البلديات', 'بلدية', 'للبلدية', 'والبلدية']],
    ['lone prepositions before a noun in construct', ['المدينة', 'مدينة', 'بمدينة', 'لمدينة']],
    ['the conjunction before a verb', ['قال', 'وقال']],
    ['ل + ال before a word that starts with ل (one lam is dropped)', ['اللجنة', 'للجنة', 'لجنة', 'واللجنة']],
    ['ل + ال before لاعب', ['اللاعبين', 'للاعبين', 'لاعب', 'لاعبون']],
    [
      'a first letter that only looks like a clitic: وزارة',
      ['وزارة', 'الوزارة', 'لوزارة', 'بوزارة', 'ووزارة', 'الوزارات', 'وزارته'],
    ],
    ['a first letter that only looks like a clitic: برنامج', ['برنامج', 'البرنامج', 'ببرنامج', 'برنامجا']],
    ['ة written ت before a pronoun', ['حكومة', 'حكومته', 'حكومتها', 'الحكومة']],
    ['plural ات before a pronoun', ['قرار', 'قراراته', 'القرارات', 'قرارا']],
    ['the tanween alef', ['كبير', 'كبيرا', 'الكبير']],
    ['the hamza seat ئ read as ي (Moroccan spellings)', ['الجائحة', 'الجايحة', 'جائحة']],
    ['digits after a clitic', ['2021', 'و2021', 'ب٢٠٢١']],
  ];
  for (const [rule, words] of meeting) {
    it(`makes ${words.join('، ')} meet: ${rule}`, () => {
      const stems = new Set(words.map(stemOf));
      assert.equal(stems.size, 1, `${words.map((word) => `${word} → ${stemOf(word)}`).join(', ')}`);
    });
  }

  const protectedWords = [
    'بنكيران',
    'لبنان',
    'ليبيا',
    'فلسطين',
    'فرنسا',
    'يوليوز',
    'فيسبوك',
    'فايسبوك',
    'سليمان',
    'مدنين',
    'تطاوين',
    'الله',
  ];
  it(`leaves names whole: ${protectedWords.join('، ')}`, () => {
    for (const word of protectedWords) assert.equal(stemOf(word), normalize(word));
  });

  it('still strips clitics in front of names: وبنكيران، للبنان، بفرنسا، بالفيسبوك، بالله، لله', () => {
    assert.equal(stemOf('وبنكيران'), 'بنكيران');
    assert.equal(stemOf('للبنان'), 'لبنان');
    assert.equal(stemOf('اللبنانيين'), 'لبنان');
    assert.equal(stemOf('بفرنسا'), 'فرنسا');
    assert.equal(stemOf('بالفيسبوك'), 'فيسبوك');
    assert.equal(stemOf('بالله'), 'الله');
    assert.equal(stemOf('لله'), 'الله');
  });

  it('gives names written with the article one stem: المهدية، مهدية، بالمهدية', () => {
    assert.equal(new Set(['المهدية', 'مهدية', 'بالمهدية'].map(stemOf)).size, 1);
  });

  const keptWhole = [
    'بلد',
    'ولد',
    'لعب',
    'قوات',
    'بيان',
    'كان',
    'كانت',
    'فيها',
    'في',
    'من',
    'كما',
    'فريق',
    'كبير',
    'لكن',
    'وقت',
  ];
  it(`does not over-stem short words: ${keptWhole.join('، ')}`, () => {
    for (const word of keptWhole) {
      const kept = stemOf(word);
      assert.ok(kept.length >= 3 || kept === normalize(word), `${word} → ${kept}`);
      assert.ok(normalize(word).startsWith(kept.slice(0, 2)), `${word} lost its first letter: ${kept}`);
    }
  });

  it('keeps فئة apart from فيه (ئ before a final ة is not read as ي)', () => {
    assert.notEqual(stemOf('فئة'), stemOf('فيه'));
  });

  it('never throws and never returns an empty stem for a non-empty word', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'وفبكلالتهينةاىئ2'), minLength: 1, maxLength: 9 }), (word) => {
        assert.ok(stem(word).length > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('on 2,000 Jawhara articles, makes words meet their article form (≥ 98 %) and their clitic forms (≥ 85 %)', (t) => {
    const counts = new Map<string, number>();
    for (const line of firstCorpusLines('jawhara.jsonl.gz', 2000)) {
      const { title, text } = JSON.parse(line) as { title: string; text: string };
      for (const token of tokenize(`${title}\n${text}`)) {
        const word = normalize(token.text);
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
    const count = (word: string) => counts.get(word) ?? 0;
    // Weighted by the rarer form of each pair; the clitic forms count only where the word
    // with the clitic never takes the article itself (لاعب takes it: الاعب is not a word).
    let articlePairs = 0;
    let articleMet = 0;
    let cliticPairs = 0;
    let cliticMet = 0;
    for (const [word, frequency] of counts) {
      if (frequency < 2 || !/^[\u0621-\u064A]{2,}$/.test(word) || /^(ال|لل)/.test(word)) continue;
      const withArticle = Math.min(frequency, count(`ال${word}`));
      if (withArticle >= 2) {
        articlePairs += withArticle;
        if (stem(word) === stem(`ال${word}`)) articleMet += withArticle;
      }
      // Words of two letters keep their clitics by design (وهو، كما، بما).
      for (const clitic of word.length >= 3 ? ['و', 'ف', 'ب', 'ل', 'ك'] : []) {
        const weight = Math.min(frequency, count(clitic + word));
        if (weight < 2 || count(`ال${clitic}${word}`) > 0) continue;
        cliticPairs += weight;
        if (stem(clitic + word) === stem(word)) cliticMet += weight;
      }
    }
    const articleRate = articleMet / articlePairs;
    const cliticRate = cliticMet / cliticPairs;
    t.diagnostic(
      `article forms meet ${(articleRate * 100).toFixed(1)} %, clitic forms ${(cliticRate * 100).toFixed(1)} %`,
    );
    assert.ok(articleRate >= 0.98, `article forms meet ${(articleRate * 100).toFixed(1)} %`);
    assert.ok(cliticRate >= 0.85, `clitic forms meet ${(cliticRate * 100).toFixed(1)} %`);
  });
});
