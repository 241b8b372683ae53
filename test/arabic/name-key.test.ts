import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nameKey } from '../../src/arabic/name-key.ts';
import { normalize } from '../../src/arabic/normalize.ts';
import { stem } from '../../src/arabic/stem.ts';
import { tokenize } from '../../src/arabic/tokenize.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

/** The key of a word as written (the analyzer normalizes first). */
const keyOf = (word: string) => nameKey(normalize(word));

describe('nameKey', () => {
  const spellings: string[][] = [
    ['گانتز', 'جانتس', 'غانتس', 'لگانتز', 'وجانتس'], // the seed article spells both of the first two
    ['فيسبوك', 'فايسبوك', 'الفيسبوك', 'بالفايسبوك'],
    ['يوتيوب', 'يوتوب', 'اليوتوب'],
    ['انستغرام', 'انستگرام', 'انستجرام', 'انستاغرام', 'إنستغرام'],
    ['أردوغان', 'اردوغان', 'إردوغان', 'لأردوغان'],
    ['نتنياهو', 'نتانياهو', 'لنتنياهو'],
    ['غوغل', 'جوجل', 'قوقل', 'گوگل'],
    ['ڤيروس', 'فيروس'],
    ['پوليس', 'بوليس'],
    ['بروكسل', 'بروكسيل'],
    ['كلاشنيكوف', 'كلاشينكوف'],
    // long vowels come and go: ا and ي everywhere, و inside the word
    ['ترامب', 'ترمب', 'لترامب', 'وترمب'], // two labials side by side: no Arabic template refuses it
    ['بوتين', 'بوتن', 'ببوتن'], // ب before a long vowel belongs to the word
    ['فيروس', 'فايروس', 'ڤيروس', 'الفيروس', 'بالفايروس'],
    ['كولومبيا', 'كولمبيا', 'بكولومبيا'],
    ['أوروبا', 'اوربا', 'لأوروبا'],
    ['هولندا', 'هولاندا'],
    ['كاتالونيا', 'كتالونيا'],
    ['إسبانيا', 'سبانيا', 'وإسبانيا'], // the alef before s + consonant
    ['مرسيليا', 'مارسيليا'],
    ['نيجيريا', 'نيجريا'],
    ['أمريكا', 'أميركا', 'بأمريكا'],
    ['موريتانيا', 'موريطانيا'],
    ['انترنت', 'انترنيت', 'الانترنت'],
    // ڤ is ف, and the article and clitics go from a word that passes the guard
    ['فيديو', 'ڤيديو', 'الفيديو'],
    ['فاكسان', 'ڤاكسان', 'الفاكسان', 'والفاكسان'],
    ['سنغال', 'سينغال', 'السنغال'],
    // the /g/ letters, كَ among them (normalize.ts reads it as گ)
    ['بوغبا', 'بوجبا'],
    ['إنجلترا', 'انقلترا'],
    ['الكونغو', 'كونجو', 'كونگو', 'الكونكَو'],
    ['انستغرام', 'انستكَرام'],
    ['كركرات', 'الكَركَرات', 'الگرگرات'], // ات after four consonants without a derivational prefix
  ];
  for (const words of spellings) {
    it(`makes ${words.join('، ')} meet`, () => {
      const keys = words.map(keyOf);
      assert.ok(keys[0] !== undefined, `${words[0]} has a key`);
      assert.deepEqual(
        keys,
        words.map(() => keys[0]),
        words.map((word, at) => `${word} → ${keys[at]}`).join(', '),
      );
    });
  }

  it('keeps different names apart: محمد / محمود, ترامب / تويتر, ماكرون / مكرم', () => {
    assert.notEqual(keyOf('محمد'), keyOf('محمود'));
    assert.notEqual(keyOf('ترامب'), keyOf('تويتر'));
    assert.notEqual(keyOf('ماكرون'), keyOf('مكرم'));
  });

  const noKey: [why: string, words: string[]][] = [
    ['too short a skeleton', ['قال', 'في', 'من', 'جلس', 'حسب', 'حزب', 'بلد']],
    ['common words', ['هناك', 'كذلك', 'عندما', 'منهم']],
    ['the article marks a common noun', ['التوتر', 'الجمعة', 'السجون', 'والانتخابات']],
    ['an Arabic ending', ['انتخابات', 'مواطنين', 'الحكومة', 'رياضية', 'مفاوضات', 'تصريحات']],
    ['an Arabic derivational template', ['تحذير', 'تحضير', 'مواقع', 'اعلان', 'اختيار', 'يتطلب', 'استقبال', 'توتر']],
    ['not Arabic letters', ['gantz', '2021', 'covid19']],
    // The adverbs of nisba adjectives end in يا like Latin names, but on a triliteral base: جنسيا met گانتز.
    ['an adverb in يا on three letters', ['جنسيا', 'رسميا', 'فعليا', 'نسبيا']],
  ];
  for (const [why, words] of noKey) {
    it(`gives no key to ${words.join('، ')}: ${why}`, () => {
      for (const word of words) assert.equal(keyOf(word), undefined, word);
    });
  }

  it('never throws on arbitrary words', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'گجغقزسصتدضفڤبپيوا ءئلمنكهةا2x'), maxLength: 12 }), (word) => {
        const key = nameKey(word);
        assert.ok(key === undefined || /^[A-ZĦΘ]{3,}$/.test(key));
      }),
      { numRuns: 3000 },
    );
  });

  // 13 % with the first rules; 19.7 % since foreign final ا, the article and clitics before a
  // long vowel get keys (2026-11): most of the new joins are one word's forms the stemmer keeps
  // apart (مركز / مركزا، تونس / تونسيا، عنصر / عناصر) or one name's spellings (فرنسا / فرانس),
  // and names P@10 on the evaluation rose from 0.82 to 0.93. A rise past 20 % needs a look.
  it('on 3,000 Jawhara articles, joins different stems under one key for fewer than 20 % of the keyed words', (t) => {
    const stemsByKey = new Map<string, Map<string, number>>();
    let keyedWords = 0;
    const seen = new Set<string>();
    for (const line of firstCorpusLines('jawhara.jsonl.gz', 3000)) {
      const { title, text } = JSON.parse(line) as { title: string; text: string };
      for (const token of tokenize(`${title}\n${text}`)) {
        const word = normalize(token.text);
        const key = nameKey(word);
        if (key === undefined) continue;
        if (!seen.has(word)) keyedWords++;
        seen.add(word);
        const stems = stemsByKey.get(key) ?? new Map<string, number>();
        stemsByKey.set(key, stems);
        stems.set(stem(word), (stems.get(stem(word)) ?? 0) + 1);
      }
    }
    const merges = [...stemsByKey].filter(([, stems]) => stems.size > 1);
    const mergedStems = merges.reduce((sum, [, stems]) => sum + stems.size, 0);
    t.diagnostic(`${keyedWords} distinct words have a key; ${merges.length} keys join ${mergedStems} different stems`);
    const largest = merges
      .map(([key, stems]) => [key, [...stems].sort((a, b) => b[1] - a[1])] as const)
      .sort((a, b) => b[1].slice(1).reduce((s, [, n]) => s + n, 0) - a[1].slice(1).reduce((s, [, n]) => s + n, 0))
      .slice(0, 10);
    for (const [key, stems] of largest) t.diagnostic(`${key}: ${stems.map(([s, n]) => `${s} (${n})`).join('، ')}`);
    assert.ok(mergedStems / keyedWords < 0.2, `${mergedStems} stems merged of ${keyedWords} keyed words`);
  });
});
