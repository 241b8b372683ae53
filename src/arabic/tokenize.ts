/**
 * Words of a text with their places in it, by Unicode word segmentation (Intl.Segmenter,
 * UAX #29 with ICU's dictionaries). It keeps گانتز, ٢٠٢٤, 3.5, l’Aube and و2021 whole, where
 * a regex of Arabic letters splits گ and ٢ off. Offsets are UTF-16 indexes into the text as
 * given, so a snippet can highlight the original spelling, harakat and all.
 *
 * Plain Arabic and Latin text is scanned directly (the segmenter's answer, reached without
 * it); the segmenter handles the rest. Both paths give the segmenter's words.
 */

/** Longer "words" are URLs, base64 or glued text nobody types: they are dropped, not cut. */
export const MAX_TOKEN_LENGTH = 64;

/**
 * V8's segmenter slows down quadratically with the length of the string it is given (40,000
 * characters: 0.3 s; 160,000: 23 s), so the text is fed to it in pieces of about this many
 * code units, cut where it would break anyway.
 */
const PIECE_LENGTH = 256;

/** Word segmentation always breaks before these (UAX #29 joins only spaces with spaces). */
const WHITESPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u205F\u3000]/;

/**
 * Where a piece with no whitespace may end: before punctuation or a symbol that never joins
 * words. Excluded are the characters UAX #29 lets sit inside a word or number (3.5, l’Aube,
 * 12,000, ١٢٫٥, snake_case) and emoji, which join other emoji.
 */
const JOINERS = String.raw`.,:;'‘’·_\u00B7\u0387\u055F\u05F3\u05F4\u060C\u060D\u066B\u066C\u07F8\u2018\u2019\u2024\u2027\u203F\u2040\u2044\u2054\uFE10\uFE13\uFE14\uFE33\uFE34\uFE4D-\uFE4F\uFE50\uFE52\uFE54\uFE55\uFF07\uFF0C\uFF0E\uFF1A\uFF1B\uFF3F`;
const HARD_BREAK_CLASS = String.raw`[[\p{P}\p{S}\p{Cc}]--[${JOINERS}\p{Extended_Pictographic}]]`;
const HARD_BREAK = new RegExp(HARD_BREAK_CLASS, 'v');

/** One word as written: `text` is `source.slice(start, end)`. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('ar', { granularity: 'word' });

/**
 * What each UTF-16 code unit is to the fast path of tokenize(). For text made of Arabic and
 * Latin letters, combining marks, Western, Arabic-Indic and Persian digits, and punctuation or
 * symbols that never join words, UAX #29 reduces to "a word is a letter or digit followed by
 * letters, digits and marks", which a scan finds ten times faster than V8's segmenter. Every
 * character is put in a class only if the segmenter itself treats it so (checked once, at
 * load, in the contexts that matter); anything else (other scripts, emoji, format characters
 * such as ZWNJ, the connector _, surrogates), a chunk that starts with one, or a character
 * that may sit inside a word (3.5, l’Aube, 12,000) between two word characters sends its chunk
 * to the segmenter. tokenize.test.ts checks the two agree on the corpora and on random text.
 */
const SPACE = 0;
const WORD = 1;
const MARK = 2;
const BREAK = 3;
const JOINER = 4;
const OTHER = 5;

const UNKNOWN = 255;

/** Arabic and Latin letters; Western, Arabic-Indic and Persian digits. */
const WORD_CHARACTERS = String.raw`[[\p{L}&&[\p{Script=Arabic}\p{Script=Latin}]]0-9\u0660-\u0669\u06F0-\u06F9]`;
/** Punctuation, symbols and controls of the blocks Arabic and French news use. */
const BREAK_CHARACTERS = String.raw`[[\p{P}\p{S}\p{Cc}]&&[\u0000-\u00FF\u0600-\u06FF\u2010-\u205E\u20A0-\u20C0\uFD3E\uFD3F]]`;

const CANDIDATES: [RegExp, number][] = [
  [WHITESPACE, SPACE],
  [new RegExp(WORD_CHARACTERS, 'v'), WORD],
  [/\p{M}/u, MARK],
  [new RegExp(`[${JOINERS}]`, 'v'), JOINER],
  [new RegExp(BREAK_CHARACTERS, 'v'), BREAK],
];

/** The word-like segments of `text`, joined with |. */
function segmentedWords(text: string): string {
  const found: string[] = [];
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) found.push(segment.segment);
  return found.join('|');
}

/** What the segmenter must say of a character `c` of each class, beside a letter and a digit. */
const BEHAVES: Record<number, (c: string) => boolean> = {
  [SPACE]: () => true,
  [WORD]: (c) =>
    segmentedWords(c) === c && segmentedWords(`ب${c}ب`) === `ب${c}ب` && segmentedWords(`1${c}a`) === `1${c}a`,
  [MARK]: (c) => segmentedWords(`ب${c}ب`) === `ب${c}ب` && segmentedWords(`1${c}1`) === `1${c}1`,
  [JOINER]: (c) =>
    segmentedWords(c) === '' && segmentedWords(`ب${c} ${c}ب`) === 'ب|ب' && segmentedWords(`1${c} ${c}1`) === '1|1',
  [BREAK]: (c) =>
    segmentedWords(c) === '' &&
    segmentedWords(`ب${c}ب`) === 'ب|ب' &&
    segmentedWords(`1${c}1`) === '1|1' &&
    segmentedWords(`a${c}${c}a`) === 'a|a',
};

/** Classes of the code units met so far (checking all 65,536 at load would take half a second). */
const CHARACTER_CLASSES = new Uint8Array(0x10000).fill(UNKNOWN);

function classOf(unit: number): number {
  const known = CHARACTER_CLASSES[unit];
  if (known !== UNKNOWN && known !== undefined) return known;
  if (Number.isNaN(unit)) return SPACE; // past the end of the text
  let kind = OTHER;
  if (unit < 0xd800 || unit > 0xdfff) {
    const char = String.fromCharCode(unit);
    const candidate = CANDIDATES.find(([pattern]) => pattern.test(char))?.[1];
    if (candidate !== undefined && BEHAVES[candidate]!(char)) kind = candidate;
  }
  CHARACTER_CLASSES[unit] = kind;
  return kind;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  const push = (start: number, end: number) => {
    if (end - start <= MAX_TOKEN_LENGTH) tokens.push({ text: text.slice(start, end), start, end });
  };
  let at = 0;
  while (at < length) {
    const spaceStart = at;
    while (at < length && classOf(text.charCodeAt(at)) === SPACE) at++;
    if (at === length) break;
    // One chunk: text between whitespace, where word segmentation breaks, unless the chunk
    // starts with a mark or a character of its own, which may join the whitespace before it.
    const first = classOf(text.charCodeAt(at));
    const chunkStart = first === MARK || first === OTHER ? spaceStart : at;
    const firstToken = tokens.length;
    let simple = chunkStart === at;
    let wordStart = -1;
    let previous = SPACE;
    for (; at < length; at++) {
      const kind = classOf(text.charCodeAt(at));
      if (kind === SPACE) break;
      if (kind === WORD) {
        if (wordStart < 0) wordStart = at;
      } else if (kind !== MARK) {
        if (wordStart >= 0) push(wordStart, at);
        wordStart = -1;
        if (kind === OTHER) simple = false;
        else if (kind === JOINER && (previous === WORD || previous === MARK) && wordFollows(text, at + 1)) {
          simple = false;
        }
      }
      previous = kind;
    }
    if (wordStart >= 0) push(wordStart, at);
    if (!simple) {
      tokens.length = firstToken;
      for (const token of segmentWords(text.slice(chunkStart, at))) {
        tokens.push({ text: token.text, start: chunkStart + token.start, end: chunkStart + token.end });
      }
    }
  }
  return tokens;
}

/** Whether a word character comes at `at`, after any marks (which a joiner takes on). */
function wordFollows(text: string, at: number): boolean {
  while (classOf(text.charCodeAt(at)) === MARK) at++;
  return classOf(text.charCodeAt(at)) === WORD;
}

/** The words of `text` as V8's segmenter finds them: the reference that tokenize() follows. */
export function segmentWords(text: string): Token[] {
  const tokens: Token[] = [];
  let startsInsideWord = false;
  for (let start = 0; start < text.length; ) {
    const { end, insideWord } = pieceEnd(text, start);
    const piece = text.slice(start, end);
    for (const segment of segmenter.segment(piece)) {
      if (!segment.isWordLike || segment.segment.length > MAX_TOKEN_LENGTH) continue;
      // A word cut by a forced piece boundary is part of a run longer than any word: dropped.
      if (
        (startsInsideWord && segment.index === 0) ||
        (insideWord && segment.index + segment.segment.length === piece.length)
      ) {
        continue;
      }
      const tokenStart = start + segment.index;
      tokens.push({ text: segment.segment, start: tokenStart, end: tokenStart + segment.segment.length });
    }
    start = end;
    startsInsideWord = insideWord;
  }
  return tokens;
}

/**
 * Where the piece that starts at `start` ends: before the last whitespace within reach, else
 * before the last hard break. A run with neither (PIECE_LENGTH characters of letters: no word
 * anyone types) is cut where no surrogate pair is split, and `insideWord` says so.
 */
function pieceEnd(text: string, start: number): { end: number; insideWord: boolean } {
  const limit = start + PIECE_LENGTH;
  if (limit >= text.length) return { end: text.length, insideWord: false };
  for (let at = limit; at > start; at--) if (WHITESPACE.test(text[at]!)) return { end: at, insideWord: false };
  for (let at = limit; at > start; at--) if (HARD_BREAK.test(text[at]!)) return { end: at, insideWord: false };
  const unit = text.charCodeAt(limit);
  return { end: unit >= 0xdc00 && unit <= 0xdfff ? limit + 1 : limit, insideWord: true };
}
