/**
 * Words of a text with their places in it, by Unicode word segmentation (Intl.Segmenter,
 * UAX #29 with ICU's dictionaries). It keeps گانتز, ٢٠٢٤, 3.5, l’Aube and و2021 whole, where
 * a regex of Arabic letters splits گ and ٢ off. Offsets are UTF-16 indexes into the text as
 * given, so a snippet can highlight the original spelling, harakat and all.
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
const WHITESPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

/**
 * Where a piece with no whitespace may end: before punctuation or a symbol that never joins
 * words. Excluded are the characters UAX #29 lets sit inside a word or number (3.5, l’Aube,
 * 12,000, ١٢٫٥, snake_case) and emoji, which join other emoji.
 */
const HARD_BREAK_CLASS = String.raw`[[\p{P}\p{S}\p{Cc}]--[.,:;'‘’·_\u00B7\u0387\u055F\u05F3\u05F4\u060C\u060D\u066B\u066C\u07F8\u2018\u2019\u2024\u2027\u203F\u2040\u2044\u2054\uFE10\uFE13\uFE14\uFE33\uFE34\uFE4D-\uFE4F\uFE50\uFE52\uFE54\uFE55\uFF07\uFF0C\uFF0E\uFF1A\uFF1B\uFF3F\p{Extended_Pictographic}]]`;
const HARD_BREAK = new RegExp(HARD_BREAK_CLASS, 'v');

/** One word as written: `text` is `source.slice(start, end)`. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('ar', { granularity: 'word' });

export function tokenize(text: string): Token[] {
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
