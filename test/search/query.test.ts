import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../src/arabic/analyzer.ts';
import {
  isSearchable,
  MAX_QUERY_WORDS,
  type ParsedQuery,
  parseQuery,
  parseSuggestionPrefix,
  type QueryWord,
  wantedWords,
} from '../../src/search/query.ts';
import { MAX_TOKEN_LENGTH } from '../../src/search/search-document.ts';

/** The exact forms the analyzer gives a text: what the parser must produce for it. */
const exacts = (text: string) => analyze(text).map((t) => t.exact);
const forms = (words: QueryWord[]) => words.map((w) => w.exact);

function shape(q: ParsedQuery) {
  return {
    words: forms(q.words),
    phrases: q.phrases.map(forms),
    excludedWords: forms(q.excludedWords),
    excludedPhrases: q.excludedPhrases.map(forms),
  };
}

const none = { words: [], phrases: [], excludedWords: [], excludedPhrases: [] };

describe('parseQuery', () => {
  it('reads plain words, each to be found in any form', () => {
    const q = parseQuery('الانتخابات البلدية');
    assert.deepEqual(shape(q), { ...none, words: exacts('الانتخابات البلدية') });
    const [word] = q.words;
    const [token] = analyze('الانتخابات');
    assert.deepEqual(word, { exact: token!.exact, stem: token!.stem, nameKey: token!.nameKey });
  });

  it('leaves function words out when other words or a phrase carry the query', () => {
    assert.deepEqual(shape(parseQuery('من مناطق الولاية سوسة')), { ...none, words: exacts('مناطق الولاية سوسة') });
    assert.deepEqual(shape(parseQuery('النادي الصفاقسي وفي')), { ...none, words: exacts('النادي الصفاقسي') });
    assert.deepEqual(shape(parseQuery('"في الرباط" على')), { ...none, phrases: [exacts('في الرباط')] });
    // Function words alone are what the reader wants: all of them are kept.
    assert.deepEqual(shape(parseQuery('في هذا')), { ...none, words: exacts('في هذا') });
    // Excluded function words stay excluded.
    assert.deepEqual(shape(parseQuery('قرطاج -في')), { ...none, words: exacts('قرطاج'), excludedWords: exacts('في') });
  });

  it('keeps a repeated word once', () => {
    assert.deepEqual(shape(parseQuery('المغرب المغرب  المغرب')), { ...none, words: exacts('المغرب') });
  });

  it('reads "exact phrases" in ASCII quotes, guillemets and typographic quotes', () => {
    for (const text of ['"الصحراء المغربية" تنمية', '«الصحراء المغربية» تنمية', '“الصحراء المغربية” تنمية']) {
      assert.deepEqual(
        shape(parseQuery(text)),
        { ...none, words: exacts('تنمية'), phrases: [exacts('الصحراء المغربية')] },
        text,
      );
    }
  });

  it('takes an unbalanced quote as text', () => {
    assert.deepEqual(shape(parseQuery('"الصحراء المغربية')), { ...none, words: exacts('الصحراء المغربية') });
    assert.deepEqual(shape(parseQuery('الصحراء المغربية"')), { ...none, words: exacts('الصحراء المغربية') });
    assert.deepEqual(shape(parseQuery('"')), none);
  });

  it('opens a phrase only at the start of a word', () => {
    assert.deepEqual(shape(parseQuery('a"b c"')), { ...none, words: exacts('a b c') });
  });

  it('reads a leading minus as an exclusion of a word or a phrase', () => {
    assert.deepEqual(shape(parseQuery('مهرجان -قرطاج')), {
      ...none,
      words: exacts('مهرجان'),
      excludedWords: exacts('قرطاج'),
    });
    assert.deepEqual(shape(parseQuery('مهرجان -"أيام قرطاج"')), {
      ...none,
      words: exacts('مهرجان'),
      excludedPhrases: [exacts('أيام قرطاج')],
    });
    assert.deepEqual(shape(parseQuery('مهرجان −قرطاج')).excludedWords, exacts('قرطاج'), 'minus sign U+2212');
  });

  it('excludes a hyphenated word as a phrase, and a quoted single word by its exact form', () => {
    assert.deepEqual(shape(parseQuery('news -e-mail')).excludedPhrases, [exacts('e mail')]);
    assert.deepEqual(shape(parseQuery('news -"قرطاج"')).excludedPhrases, [exacts('قرطاج')]);
  });

  it('takes a minus inside a word, or alone, as text', () => {
    assert.deepEqual(shape(parseQuery('covid-19')), { ...none, words: exacts('covid 19') });
    assert.deepEqual(shape(parseQuery('- قرطاج')), { ...none, words: exacts('قرطاج') });
    assert.deepEqual(shape(parseQuery('-')), none);
    assert.deepEqual(shape(parseQuery('--')), none);
  });

  it('has nothing to search in empty text, punctuation or exclusions alone', () => {
    for (const text of ['', '   ', '\n\t', '؟!،؛…', '"', '""', '-', '-قرطاج', '-"أيام قرطاج"', '*']) {
      assert.equal(isSearchable(parseQuery(text)), false, JSON.stringify(text));
    }
    assert.equal(isSearchable(parseQuery('"قرطاج"')), true);
    assert.equal(isSearchable(parseQuery('قرطاج -مهرجان')), true);
  });

  it('passes engine syntax on as words or not at all', () => {
    const cases = [
      '*',
      'مهرجان*',
      'NEAR(مهرجان قرطاج, 2)',
      'OR OR',
      ':*',
      '{headline}: قرطاج',
      "') OR 1=1 --",
      '&|!<->',
    ];
    for (const text of cases) {
      const q = parseQuery(text);
      assert.deepEqual(forms(q.words), [...new Set(exacts(text))], text);
      for (const w of q.words) assert.doesNotMatch(w.exact, /\s/);
    }
  });

  it('drops words longer than any real word (a 10,000-character query finds nothing to search)', () => {
    assert.equal(isSearchable(parseQuery('x'.repeat(10_000))), false);
    const long = 'ب'.repeat(MAX_TOKEN_LENGTH + 1);
    assert.deepEqual(shape(parseQuery(`${long} قرطاج`)), { ...none, words: exacts('قرطاج') });
  });

  it(`keeps at most ${MAX_QUERY_WORDS} words, counting those of phrases`, () => {
    const many = Array.from({ length: 50 }, (_, i) => `كلمة${i}`);
    assert.equal(parseQuery(many.join(' ')).words.length, MAX_QUERY_WORDS);
    const q = parseQuery(`"${many.slice(0, 15).join(' ')}" ${many.slice(15).join(' ')}`);
    assert.equal(q.phrases[0]!.length, 15);
    assert.equal(q.words.length, MAX_QUERY_WORDS - 15);
    assert.equal(wantedWords(q).length, MAX_QUERY_WORDS);
    assert.equal(parseQuery(many.map((w) => `-${w}`).join(' ')).excludedWords.length, MAX_QUERY_WORDS);
  });

  it('never throws, and gives only short, non-empty, space-free forms, whatever is typed', () => {
    const typed = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 }).map((units) => String.fromCharCode(...units)),
      fc
        .array(
          fc.constantFrom(
            '"',
            '-',
            '−',
            '*',
            '«',
            '»',
            '“',
            '”',
            ' ',
            'مهرجان',
            'قرطاج',
            'NEAR(',
            'OR',
            ':',
            '\\',
            "'",
            '\u0000',
          ),
          {
            maxLength: 40,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(typed, (text) => {
        const q = parseQuery(text);
        const all = [...q.words, ...q.phrases.flat(), ...q.excludedWords, ...q.excludedPhrases.flat()];
        for (const w of all) {
          for (const form of [w.exact, w.stem, ...(w.nameKey === undefined ? [] : [w.nameKey])]) {
            assert.ok(form.length > 0 && form.length <= MAX_TOKEN_LENGTH * 4);
            assert.doesNotMatch(form, /[\s\p{Cc}]/u);
          }
        }
        assert.ok(wantedWords(q).length <= MAX_QUERY_WORDS);
        assert.ok(q.excludedWords.length + q.excludedPhrases.length <= MAX_QUERY_WORDS);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseSuggestionPrefix', () => {
  it('splits what is typed into complete words and the word being typed', () => {
    const prefix = parseSuggestionPrefix('مهرجان قرط');
    assert.deepEqual(prefix && forms(prefix.complete), exacts('مهرجان'));
    assert.equal(prefix?.started, exacts('قرط')[0]);
  });

  it('suggests nothing from nothing, punctuation or a single letter', () => {
    for (const text of ['', '  ', '؟!', 'م', '"']) assert.equal(parseSuggestionPrefix(text), undefined, text);
  });
});
