/**
 * Orthographic normalization for matching, in the spirit of Lucene's ArabicNormalizer: the
 * spellings a reader may type for one word become one string. "إسرائيل" = "اسرائيل",
 * "بلدية" = "بلديه", "مُخرِج" = "مخرج", "٢٠٢١" = "2021", "Dès" = "des". The output is for
 * comparing words, never for display. Idempotent: normalize(normalize(x)) === normalize(x).
 *
 * Steps: NFKC (presentation forms and ligatures: ﻷ → لأ, ﷲ → الله, fullwidth Latin), lower
 * case, then one pass over the characters with the tables below, then NFKC again (removing
 * a character can leave a pair that composes).
 */

/** Letters folded to one spelling. Measured on the shared corpora (12,142 articles). */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  // Alef with hamza above or below, madda, wasla and wavy hamza: readers drop the hamza.
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  ى: 'ي', // alef maqsura: على / علي are typed either way
  ة: 'ه', // teh marbuta: بلدية / بلديه
  // ؤ → و: of the 770 corpus words with ؤ, 32 meet an existing spelling once folded, and all
  // but two are the same word (مؤكدا/موكدا، مؤمن/مومن، فؤاد/فواد; the misses are بؤر/بور and
  // يؤمه/يومه). ئ is NOT folded here: 126 words would meet, among them فئة/فيه (84 ↔ 1,205),
  // المهدئة/المهدية (the Tunisian city, 507) and هادئ/هادي; the stemmer folds ئ instead, so
  // the Moroccan spellings قايد، الجايحة، دايرة still meet قائد، الجائحة، دائرة at stem level.
  ؤ: 'و',
  // Persian and Urdu letters that are the Arabic letter in another script's shape.
  ی: 'ي',
  ې: 'ي',
  ے: 'ي',
  ک: 'ك',
  ۀ: 'ه',
  ہ: 'ه',
  ۂ: 'ه',
  ھ: 'ه',
  ە: 'ه',
  ۃ: 'ه',
  // Maghrebi variants of one letter. The Moroccan /g/ is written گ, ڭ or ݣ (ڭاع = گاع), so
  // they become گ. The Tunisian and Algerian ڨ is ق read as /g/ (ڨابس = قابس, بلڨاسم = بلقاسم).
  // ڢ and ڧ are the Maghrebi feh and qaf. گ ڤ پ themselves stay: no single Arabic letter is
  // their spelling (گانتز is جانتس in one paper and غانتس in another), so they meet their
  // variants only through the name key (name-key.ts), at a lower weight.
  ڭ: 'گ',
  ݣ: 'گ',
  ڨ: 'ق',
  ڧ: 'ق',
  ڢ: 'ف',
  ڥ: 'ڤ',
  // Latin letters that NFKC keeps whole (French œ in cœur, German ß, Nordic ø).
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ı: 'i',
};

/**
 * Punctuation folded to its ASCII form, so that whatever reads normalized text (the query
 * parser) sees one comma, one question mark and one pair of quotes.
 */
const PUNCTUATION_FOLDS: Readonly<Record<string, string>> = {
  '،': ',', // Arabic comma
  '٬': ',', // Arabic thousands separator, typed as a comma in the Goud corpus
  '؛': ';',
  '؟': '?',
  '٪': '%',
  '٫': '.', // Arabic decimal separator: ١٢٫٥ = 12.5
  '۔': '.',
  '«': '"',
  '»': '"',
  '“': '"',
  '”': '"',
  '„': '"',
  '‘': "'",
  '’': "'",
};

/**
 * Removed outright: harakat and Quranic marks (U+0610–U+061A, U+064B–U+065F, superscript
 * alef U+0670, U+06D6–U+06ED, U+08D3–U+08FF), tatweel U+0640, Latin combining accents
 * (U+0300–U+036F: é → e, ç → c once decomposed), invisible format characters (bidi marks,
 * zero-width joiners, soft hyphen) and lone surrogates (broken text, not characters).
 */
const REMOVED =
  '[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06ED\\u08D3-\\u08FF\\u0640\\u0300-\\u036F\\p{Cf}\\uD800-\\uDFFF]';

/** Latin letters with accents, decomposed so that REMOVED takes the accent off. */
const ACCENTED_LATIN = '[\\u00C0-\\u024F\\u1E00-\\u1EFF]';

/** Decimal digits of every script except ASCII's own. */
const NON_ASCII_DIGIT = '[^\\P{Nd}0-9]';

const FOLDED = new RegExp(
  `${REMOVED}|${NON_ASCII_DIGIT}|${ACCENTED_LATIN}|[${Object.keys({ ...LETTER_FOLDS, ...PUNCTUATION_FOLDS }).join('')}]`,
  'gu',
);
const REMOVED_ONLY = new RegExp(REMOVED, 'gu');
const IS_DIGIT = /^\p{Nd}$/u;
const IS_ACCENTED_LATIN = new RegExp(`^${ACCENTED_LATIN}$`, 'u');

/**
 * Goud.ma and other Moroccan writers without a گ key write /g/ as ك with a fatha: انستكَرام،
 * الكَركَرات. In a word whose only harakat are such fathas, each كَ becomes گ (and meets
 * انستگرام، انستغرام through the name key); in vocalized text, where other letters carry
 * harakat too (كَتَبَ), the fatha is a vowel and goes like the others.
 */
const KAF_FATHA = 'كَ';
const WORD_WITH_KAF_FATHA = /[\p{L}\p{M}]*كَ[\p{L}\p{M}]*/gu;
const OTHER_HARAKA = /(?<!ك)\u064E|[\u064B-\u064D\u064F-\u0652]/;
const G_LETTER = 'گ';

function moroccanG(word: string): string {
  return OTHER_HARAKA.test(word) ? word : word.replaceAll(KAF_FATHA, G_LETTER);
}

export function normalize(text: string): string {
  let prepared = text.normalize('NFKC').toLowerCase();
  if (prepared.includes(KAF_FATHA)) prepared = prepared.replace(WORD_WITH_KAF_FATHA, moroccanG);
  return (foldedByUnits(prepared) ?? prepared.replace(FOLDED, fold)).normalize('NFKC');
}

/**
 * What FOLDED and fold() make of each UTF-16 code unit outside the surrogates, worked out on
 * first sight: `undefined` for a unit they keep, else its replacement ('' when removed).
 */
const UNIT_FOLDS: (string | undefined)[] = new Array<string | undefined>(0x10000).fill(undefined);
const UNIT_KNOWN = new Uint8Array(0x10000);

/**
 * `text` folded as `text.replace(FOLDED, fold)` folds it, one code unit at a time through
 * UNIT_FOLDS: several times faster than the regex, which a whole article's text goes
 * through (near-copy shingles). Undefined when the text holds a surrogate, where a code
 * point is two units and the regex decides.
 */
function foldedByUnits(text: string): string | undefined {
  let out = '';
  let kept = 0;
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at);
    if (unit >= 0xd800 && unit <= 0xdfff) return undefined;
    if (UNIT_KNOWN[unit] === 0) {
      const character = String.fromCharCode(unit);
      FOLDED.lastIndex = 0;
      UNIT_FOLDS[unit] = FOLDED.test(character) ? fold(character) : undefined;
      FOLDED.lastIndex = 0;
      UNIT_KNOWN[unit] = 1;
    }
    const folded = UNIT_FOLDS[unit];
    if (folded === undefined) continue;
    out += text.slice(kept, at) + folded;
    kept = at + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

function fold(character: string): string {
  const folded = LETTER_FOLDS[character] ?? PUNCTUATION_FOLDS[character];
  if (folded !== undefined) return folded;
  if (IS_DIGIT.test(character)) return asciiDigit(character);
  if (IS_ACCENTED_LATIN.test(character)) return accentless(character);
  return '';
}

function accentless(letter: string): string {
  const bare = letter.normalize('NFD').replace(REMOVED_ONLY, '');
  return LETTER_FOLDS[bare] ?? bare;
}

/**
 * Every script's decimal digits are encoded as runs of ten consecutive code points from zero
 * (٠-٩ U+0660, ۰-۹ U+06F0, ०-९ U+0966 …), so a digit's value is its distance from the start
 * of its run; modulo ten for the mathematical digits, five runs back to back.
 */
function asciiDigit(digit: string): string {
  const codePoint = digit.codePointAt(0)!;
  let value = 0;
  while (value < 50 && IS_DIGIT.test(String.fromCodePoint(codePoint - value - 1))) value++;
  return String(value % 10);
}
