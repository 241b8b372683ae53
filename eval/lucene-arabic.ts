/**
 * Baseline: Lucene's Arabic analysis (the `arabic` analyzer of Elasticsearch and OpenSearch),
 * ported to TypeScript for the search evaluation.
 *
 * Source: Apache Lucene, lucene/analysis/common/src/java/org/apache/lucene/analysis/ar/
 *   ArabicNormalizer.java, ArabicStemmer.java and ArabicAnalyzer.java (apache/lucene, main
 *   branch), Apache License 2.0. The tables and the logic below follow them exactly: same
 *   characters, same prefix order (first match only), same suffix loop (every matching suffix
 *   in table order, each checked against the already shortened word), same length checks.
 *
 * The chain is ArabicAnalyzer's: StandardTokenizer → LowerCaseFilter → DecimalDigitFilter →
 * (StopFilter) → ArabicNormalizationFilter → ArabicStemFilter. Two stand-ins: Intl.Segmenter's
 * word boundaries for StandardTokenizer (both implement UAX #29 word segmentation), and no
 * stop-word list (Lucene's Savoy list is a resource file not ported here; with bm25, stop words
 * barely move a ranking).
 */

// ArabicNormalizer
const ALEF = '\u0627';
const ALEF_MADDA = '\u0622';
const ALEF_HAMZA_ABOVE = '\u0623';
const ALEF_HAMZA_BELOW = '\u0625';
const YEH = '\u064A';
const DOTLESS_YEH = '\u0649';
const TEH_MARBUTA = '\u0629';
const HEH = '\u0647';
const TATWEEL = '\u0640';
const FATHATAN = '\u064B';
const DAMMATAN = '\u064C';
const KASRATAN = '\u064D';
const FATHA = '\u064E';
const DAMMA = '\u064F';
const KASRA = '\u0650';
const SHADDA = '\u0651';
const SUKUN = '\u0652';

const NORMALIZER_MAP: Record<string, string> = {
  [ALEF_MADDA]: ALEF,
  [ALEF_HAMZA_ABOVE]: ALEF,
  [ALEF_HAMZA_BELOW]: ALEF,
  [DOTLESS_YEH]: YEH,
  [TEH_MARBUTA]: HEH,
};
const NORMALIZER_DELETE = new Set([TATWEEL, KASRATAN, DAMMATAN, FATHATAN, FATHA, DAMMA, KASRA, SHADDA, SUKUN]);

/** ArabicNormalizer.normalize: hamza-seated alefs → alef, ى → ي, ة → ه, harakat and tatweel removed. */
export function luceneArabicNormalize(term: string): string {
  let out = '';
  for (const ch of term) {
    if (NORMALIZER_DELETE.has(ch)) continue;
    out += NORMALIZER_MAP[ch] ?? ch;
  }
  return out;
}

// ArabicStemmer
const BEH = '\u0628';
const TEH = '\u062A';
const FEH = '\u0641';
const KAF = '\u0643';
const LAM = '\u0644';
const NOON = '\u0646';
const WAW = '\u0648';

const PREFIXES = [ALEF + LAM, WAW + ALEF + LAM, BEH + ALEF + LAM, KAF + ALEF + LAM, FEH + ALEF + LAM, LAM + LAM, WAW];

const SUFFIXES = [
  HEH + ALEF,
  ALEF + NOON,
  ALEF + TEH,
  WAW + NOON,
  YEH + NOON,
  YEH + HEH,
  YEH + TEH_MARBUTA,
  HEH,
  TEH_MARBUTA,
  YEH,
];

/** ArabicStemmer.startsWithCheckLength: و needs a word of 4+, other prefixes leave 2+. */
function startsWithCheckLength(s: string, prefix: string): boolean {
  if (prefix.length === 1 && s.length < 4) return false;
  if (s.length < prefix.length + 2) return false;
  return s.startsWith(prefix);
}

/** ArabicStemmer.endsWithCheckLength: every suffix leaves 2+ characters. */
function endsWithCheckLength(s: string, suffix: string): boolean {
  if (s.length < suffix.length + 2) return false;
  return s.endsWith(suffix);
}

/** ArabicStemmer.stem: stemPrefix (the first matching prefix) then stemSuffix (every matching suffix in turn). */
export function luceneArabicStem(term: string): string {
  let s = term;
  for (const prefix of PREFIXES) {
    if (startsWithCheckLength(s, prefix)) {
      s = s.slice(prefix.length);
      break;
    }
  }
  for (const suffix of SUFFIXES) {
    if (endsWithCheckLength(s, suffix)) s = s.slice(0, s.length - suffix.length);
  }
  return s;
}

// DecimalDigitFilter: every Unicode decimal digit (general category Nd) → its ASCII digit.
const DECIMAL_DIGIT = /\p{Nd}/u;
const digitValues = new Map<number, number>();

/** The value of a decimal digit: Unicode lays digits out as runs of ten consecutive code points from zero. */
function digitValue(codePoint: number): number {
  let value = digitValues.get(codePoint);
  if (value === undefined) {
    let before = 0;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - before - 1))) before++;
    value = before % 10;
    digitValues.set(codePoint, value);
  }
  return value;
}

function foldDecimalDigits(term: string): string {
  let out = '';
  for (const ch of term) {
    out += DECIMAL_DIGIT.test(ch) && ch > '9' ? String(digitValue(ch.codePointAt(0)!)) : ch;
  }
  return out;
}

const segmenter = new Intl.Segmenter('ar', { granularity: 'word' });
/** Term of each word seen (the filters are pure functions of the word); the corpus has ~120,000 words. */
const termOfWord = new Map<string, string>();

/** ArabicAnalyzer's token stream for a text: the terms that get indexed or searched. */
export function luceneArabicAnalyze(text: string): string[] {
  const terms: string[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    let term = termOfWord.get(segment.segment);
    if (term === undefined) {
      term = luceneArabicStem(luceneArabicNormalize(foldDecimalDigits(segment.segment.toLowerCase())));
      termOfWord.set(segment.segment, term);
    }
    if (term.length > 0) terms.push(term);
  }
  return terms;
}
