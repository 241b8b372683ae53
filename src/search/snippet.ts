import { type AnalyzedToken, analyze } from '../arabic/analyzer.ts';
import { type ParsedQuery, parseQuery, wantedWords } from './query.ts';
import { searchToken } from './search-document.ts';

/**
 * A passage of an article's own text around what the reader searched for: the window of
 * about thirty words that holds the most distinct query words, with the ranges to highlight.
 * It is cut from the original text (with its hamzas, harakat and spelling), found through the
 * analyzer, so الانتخابات is highlighted for the query انتخابات and جانتس for گانتز.
 */
export interface Snippet {
  /** The passage on one line, with "…" where it starts or ends inside the text. */
  text: string;
  /** Ranges of `text` (UTF-16 offsets, end exclusive) that matched, in order. */
  highlights: { start: number; end: number }[];
}

export interface SnippetOptions {
  /** Words in the passage (30). */
  words?: number;
}

const ELLIPSIS = '…';

/** The best passage of `text` for `query` (typed text or already parsed); the opening words when nothing matches. */
export function snippet(text: string, query: string | ParsedQuery, options: SnippetOptions = {}): Snippet {
  const size = Math.max(1, options.words ?? 30);
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  const tokens = analyze(text);
  if (tokens.length === 0) return { text: '', highlights: [] };

  // Which wanted word each token is (-1: none). Phrase words count by their exact form only.
  const plain = parsed.words;
  const phraseWords = parsed.phrases.flat();
  const wanted = wantedWords(parsed);
  const matchOfWord = (token: AnalyzedToken) => {
    const form = searchToken(token);
    if (!form) return -1;
    const i = plain.findIndex(
      (w) => w.exact === form.exact || w.stem === form.stem || (w.nameKey !== undefined && w.nameKey === form.nameKey),
    );
    if (i !== -1) return i;
    const j = phraseWords.findIndex((w) => w.exact === form.exact);
    return j === -1 ? -1 : plain.length + j;
  };
  // A text repeats its words: each distinct form is matched once.
  const matched = new Map<string, number>();
  const matchOf = tokens.map((token) => {
    let match = matched.get(token.exact);
    if (match === undefined) {
      match = matchOfWord(token);
      matched.set(token.exact, match);
    }
    return match;
  });

  const [first, last] = bestWindow(matchOf, wanted.length, size);
  // The punctuation that clings to the first and last words («…», a final stop) comes along.
  let from = tokens[first]!.start;
  const floor = first > 0 ? tokens[first - 1]!.end : 0;
  while (from > floor && !/\s/u.test(text[from - 1]!)) from--;
  let to = tokens[last]!.end;
  const ceiling = last < tokens.length - 1 ? tokens[last + 1]!.start : text.length;
  while (to < ceiling && !/\s/u.test(text[to]!)) to++;
  const prefix = first > 0 ? ELLIPSIS : '';
  const suffix = last < tokens.length - 1 ? ELLIPSIS : '';
  const ranges: { start: number; end: number }[] = [];
  for (let i = first; i <= last; i++) {
    if (matchOf[i] !== -1) ranges.push({ start: tokens[i]!.start, end: tokens[i]!.end });
  }
  return oneLine(text, from, to, ranges, prefix, suffix);
}

/** The snippet as HTML: everything escaped, highlights in <mark>. */
export function snippetHtml(passage: Snippet): string {
  let html = '';
  let at = 0;
  for (const { start, end } of passage.highlights) {
    html += `${escapeHtml(passage.text.slice(at, start))}<mark>${escapeHtml(passage.text.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escapeHtml(passage.text.slice(at));
}

/**
 * The window of `size` tokens with the most distinct wanted words, then the most matches,
 * then the earliest; when nothing matches, the opening words.
 */
function bestWindow(matchOf: number[], wantedCount: number, size: number): [number, number] {
  const n = matchOf.length;
  const width = Math.min(size, n);
  if (wantedCount === 0) return [0, width - 1];
  const counts = new Array<number>(wantedCount).fill(0);
  let distinct = 0;
  let matches = 0;
  const enter = (i: number) => {
    const m = matchOf[i]!;
    if (m === -1) return;
    matches++;
    if (counts[m]!++ === 0) distinct++;
  };
  const leave = (i: number) => {
    const m = matchOf[i]!;
    if (m === -1) return;
    matches--;
    if (--counts[m]! === 0) distinct--;
  };
  for (let i = 0; i < width; i++) enter(i);
  let best = { start: 0, distinct, matches };
  for (let start = 1; start + width <= n; start++) {
    leave(start - 1);
    enter(start + width - 1);
    if (distinct > best.distinct || (distinct === best.distinct && matches > best.matches)) {
      best = { start, distinct, matches };
    }
  }
  if (best.matches === 0) return [0, width - 1];
  // Start the passage a few words before its first match, keeping its last match inside.
  let firstMatch = best.start;
  while (matchOf[firstMatch] === -1) firstMatch++;
  let lastMatch = best.start + width - 1;
  while (matchOf[lastMatch] === -1) lastMatch--;
  const start = Math.max(0, lastMatch - width + 1, Math.min(firstMatch - 3, n - width));
  return [start, start + width - 1];
}

/** `text[from, to)` with runs of whitespace as one space, ranges shifted to match, and the ellipses. */
function oneLine(
  text: string,
  from: number,
  to: number,
  ranges: { start: number; end: number }[],
  prefix: string,
  suffix: string,
): Snippet {
  let out = prefix;
  const map = new Map<number, number>();
  let lastWasSpace = false;
  for (let i = from; i < to; i++) {
    map.set(i, out.length);
    const ch = text[i]!;
    if (/\s/u.test(ch)) {
      if (!lastWasSpace) out += ' ';
      lastWasSpace = true;
    } else {
      out += ch;
      lastWasSpace = false;
    }
  }
  map.set(to, out.length);
  const highlights = ranges.map(({ start, end }) => ({ start: map.get(start)!, end: map.get(end)! }));
  return { text: out + suffix, highlights };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
