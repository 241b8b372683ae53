import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalize } from '../../src/arabic/normalize.ts';
import { DEMO_DIR } from '../../src/import/demo.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

/** Strings rich in what normalization touches, lone surrogates included. */
const messyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x0600, max: 0x06ff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0x08a0, max: 0x08ff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0xfb50, max: 0xfeff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0x00c0, max: 0x024f }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0x0300, max: 0x036f }).map((code) => String.fromCharCode(code)),
    fc.constantFrom(' ', '\u200c', '\u200d', '\u200e', '\u00ad', 'ـ', '٣', '۴', '७', '𝟘', '٫', '،', '«'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 80,
  size: 'max',
});

describe('normalize', () => {
  const examples: [rule: string, written: string, normalized: string][] = [
    [
      'alef with hamza above, below, madda and wasla become a bare alef',
      'أمن إسرائيل آخر ٱلله',
      'امن اسرائيل اخر الله',
    ],
    ['alef maqsura becomes yeh', 'على مستوى', 'علي مستوي'],
    ['teh marbuta becomes heh', 'البلدية مدينة', 'البلديه مدينه'],
    ['waw with hamza becomes waw: مسؤول is typed مسوول', 'مسؤول مؤكدا', 'مسوول موكدا'],
    ['yeh with hamza stays: فئة is not فيه', 'فئة رئيس', 'فئه رئيس'],
    ['harakat and shadda go', 'مُخْرِجٌ حيّ الفيلمَ', 'مخرج حي الفيلم'],
    ['superscript alef and Quranic marks go', 'هٰذا الرَّحْمٰنِ ۖ', 'هذا الرحمن '],
    ['tatweel goes', 'الفيلـــم بـ"التاريخية"', 'الفيلم ب"التاريخيه"'],
    ['presentation forms and ligatures unfold', 'ﻷ ﷲ ﻣﺮﺣﺒﺎ', 'لا الله مرحبا'],
    ['Persian and Urdu letters become the Arabic ones', 'گلیسة ک ۀ ہ ھ ە ے', 'گليسه ك ه ه ه ه ي'],
    [
      'the Maghrebi /g/ letters meet: ڭاع is گاع, ڨابس is قابس',
      'ڭاع ݣاع ڨابس بلڨاسم ڢلاديمير',
      'گاع گاع قابس بلقاسم فلاديمير',
    ],
    [
      'a kaf whose fatha is the word’s only haraka is the Moroccan /g/; in vocalized text it is a vowel',
      'انستكَرام الكَركَرات كَتَبَ',
      'انستگرام الگرگرات كتب',
    ],
    ['گ ڤ پ stay for exact matching', 'بيني گانتز ڤيروس پوسط', 'بيني گانتز ڤيروس پوسط'],
    ['digits of every script become ASCII', '٢٠٢١ ۲۰۲۱ २०२१ 𝟚𝟘𝟚𝟙 ２０２１', '2021 2021 2021 2021 2021'],
    [
      'Arabic punctuation becomes ASCII punctuation',
      'نعم، لا؛ لماذا؟ ٥٠٪ ١٢٫٥ «قال»',
      'نعم, لا; لماذا? 50% 12.5 "قال"',
    ],
    [
      'Latin is lowercased and French accents folded',
      'Demain Dès l’Aube À Sousse, Cœur ÇA',
      "demain des l'aube a sousse, coeur ca",
    ],
    ['invisible format characters go', 'غدوة\u200f حي\u200c\u00ad', 'غدوه حي'],
  ];
  for (const [rule, written, normalized] of examples) {
    it(rule, () => assert.equal(normalize(written), normalized));
  }

  it('gives the seed article’s two spellings of Gantz their Moroccan and Egyptian letters', () => {
    const seed = normalize(fs.readFileSync(`${DEMO_DIR}/seed-al-ghad-24.txt`, 'utf8'));
    assert.match(seed, /بيني گانتز وزير الدفاع الاسرائيلي/);
    assert.match(seed, /بيني جانتس دشن/);
    assert.match(seed, /الاربعاء 24 نوفمبر 2021/);
  });

  it('is idempotent on arbitrary text, lone surrogates included', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const once = normalize(text);
        assert.equal(normalize(once), once);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent on real articles', () => {
    for (const line of firstCorpusLines('jawhara.jsonl.gz', 200)) {
      const { text } = JSON.parse(line) as { text: string };
      const once = normalize(text);
      assert.equal(normalize(once), once);
    }
  });

  // Text without surrogates is folded one code unit at a time; a lone surrogate (removed)
  // sends the whole text through the regex instead, so the two ways must agree.
  it('folds text the same by code units as by the regex, on arbitrary text and real articles', () => {
    const byRegex = (text: string) => normalize(`${text}\uD800`);
    fc.assert(
      fc.property(messyText, (text) => assert.equal(normalize(text), byRegex(text))),
      { numRuns: 3000 },
    );
    for (const line of firstCorpusLines('goud.jsonl.gz', 200)) {
      const { text } = JSON.parse(line) as { text: string };
      assert.equal(normalize(text), byRegex(text));
    }
  });

  it('leaves no harakat, tatweel, hamza on alef, Eastern digits or upper case', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        assert.doesNotMatch(normalize(text), /[\u064B-\u065F\u0670\u0640أإآٱىة٠-٩۰-۹A-Z]/);
      }),
    );
  });
});
