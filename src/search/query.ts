import { analyze, formsOfNormalized } from '../arabic/analyzer.ts';
import { joinCompoundNames } from '../arabic/compound-names.ts';
import { isFunctionWord } from '../arabic/function-words.ts';
import type { MatchForm } from './ranking.ts';
import { exactTerm, nameTerm, type SearchToken, searchToken, stemMatchTerms } from './search-document.ts';

/**
 * What a reader typed, understood: words to find in any form, "exact phrases" (in quotes)
 * and -exclusions (a minus before a word or a phrase). Everything else is plain text: the
 * analyzer keeps only words, so `*`, `NEAR(`, `OR`, stray quotes and punctuation reach the
 * engines as quoted words or not at all. The backends build their engine's syntax from this
 * structure only, never from the typed text.
 */
export interface ParsedQuery {
  /**
   * Each must match, as its exact form, its stem or its name key (انتخابات = الانتخابات).
   * Function words (في، من، التي) are left out when other words or a phrase carry the query.
   */
  words: QueryWord[];
  /** Exact forms that must follow each other; a quoted single word matches its exact form only. */
  phrases: QueryWord[][];
  /** A match must not contain these, as exact form or stem. */
  excludedWords: QueryWord[];
  /** A match must not contain these phrases (exact forms). */
  excludedPhrases: QueryWord[][];
}

/**
 * A word of the query. `alternatives` are the other spellings of the name it is (an entity's
 * names: گانتز and جانتس for غانتس), each found as if the reader had typed it.
 */
export interface QueryWord extends SearchToken {
  alternatives?: readonly SearchToken[];
}

/**
 * Other spellings of the words a reader may type, by the word's exact form: what the newsroom's
 * entities know (reader-search.ts looks them up). Only one-word spellings are used.
 */
export type QuerySpellings = ReadonlyMap<string, readonly string[]>;

/** Only the start of a longer query is read: no reader types more, and analysis stays cheap. */
export const MAX_QUERY_LENGTH = 1000;
/** Words to find (plain and inside phrases) and exclusions, each at most this many. */
export const MAX_QUERY_WORDS = 20;

/** Opening quote → closing quote: ASCII, Arabic guillemets and typographic quotes. */
const QUOTES: Record<string, string> = { '"': '"', '«': '»', '“': '”' };
/** A leading hyphen-minus or minus sign excludes what follows it. */
const MINUS = new Set(['-', '−']);

export function parseQuery(text: string, spellings?: QuerySpellings): ParsedQuery {
  const query: ParsedQuery = { words: [], phrases: [], excludedWords: [], excludedPhrases: [] };
  let budget = MAX_QUERY_WORDS;
  let exclusions = MAX_QUERY_WORDS;
  for (const piece of pieces(text.slice(0, MAX_QUERY_LENGTH))) {
    const tokens = queryWords(piece.text);
    if (tokens.length === 0) continue;
    if (piece.excluded) {
      if (exclusions === 0) continue;
      exclusions--;
      if (!piece.quoted && tokens.length === 1) query.excludedWords.push(tokens[0]!);
      else query.excludedPhrases.push(tokens.slice(0, MAX_QUERY_WORDS));
    } else if (piece.quoted) {
      if (budget === 0) continue;
      const phrase = tokens.slice(0, budget);
      budget -= phrase.length;
      query.phrases.push(phrase);
    } else {
      for (const token of tokens) {
        if (budget === 0) break;
        if (query.words.some((word) => word.exact === token.exact)) continue;
        budget--;
        query.words.push(token);
      }
    }
  }
  query.words = withCompoundNames(query.words);
  const contentWords = query.words.filter((word) => !isFunctionWord(word.exact));
  if (contentWords.length > 0 || query.phrases.length > 0) query.words = contentWords;
  if (spellings !== undefined && spellings.size > 0)
    query.words = query.words.map((word) => spelledAlso(word, spellings));
  return query;
}

/**
 * Words typed apart that are one name (فيس بوك، عبد الله: compound-names.ts) as their one-word
 * form, which the index holds beside the two words of a text: the query finds both spellings.
 * The analyzer joins them within a piece of the query; this joins them across pieces.
 */
function withCompoundNames(words: QueryWord[]): QueryWord[] {
  const compounds = joinCompoundNames(words.map((word) => word.exact));
  if (compounds.length === 0) return words;
  const joined: QueryWord[] = [];
  let next = 0;
  for (const { start, end, joined: form } of compounds) {
    joined.push(...words.slice(next, start));
    const token = searchToken(formsOfNormalized(form));
    if (token) joined.push(token);
    else joined.push(...words.slice(start, end));
    next = end;
  }
  joined.push(...words.slice(next));
  return joined;
}

/** The word with the other spellings `spellings` gives it, each analyzed like a typed word. */
function spelledAlso(word: QueryWord, spellings: QuerySpellings): QueryWord {
  const others = spellings.get(word.exact);
  if (others === undefined) return word;
  const alternatives = new Map<string, SearchToken>();
  for (const other of others) {
    const [token, ...more] = queryWords(other);
    if (token && more.length === 0 && token.exact !== word.exact) alternatives.set(token.exact, token);
  }
  return alternatives.size === 0 ? word : { ...word, alternatives: [...alternatives.values()] };
}

/**
 * The index terms that find a word in the forms asked (ranking.ts, MatchForm): its exact form
 * and those of its alternatives; their stems too unless only exact forms are wanted; its name
 * key when any form will do.
 */
export function matchTerms(word: QueryWord, forms: MatchForm): string[] {
  const terms = new Set<string>();
  for (const form of [word, ...(word.alternatives ?? [])]) {
    terms.add(exactTerm(form.exact));
    if (forms !== 'exact') for (const term of stemMatchTerms(form.stem)) terms.add(term);
  }
  if (forms === 'nameKey' && word.nameKey !== undefined) terms.add(nameTerm(word.nameKey));
  return [...terms];
}

/** Whether the query has anything to find: exclusions alone, punctuation or nothing do not. */
export function isSearchable(query: ParsedQuery): boolean {
  return query.words.length > 0 || query.phrases.length > 0;
}

/** Every word the reader wants to find, for highlighting: plain words and phrase words. */
export function wantedWords(query: ParsedQuery): QueryWord[] {
  return [...query.words, ...query.phrases.flat()];
}

interface Piece {
  text: string;
  quoted: boolean;
  excluded: boolean;
}

/** Splits at whitespace, keeping a quoted stretch whole when its closing quote follows. */
function pieces(text: string): Piece[] {
  const found: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/u.test(text[i]!)) {
      i++;
      continue;
    }
    let excluded = false;
    if (MINUS.has(text[i]!) && i + 1 < text.length && !/\s/u.test(text[i + 1]!)) {
      excluded = true;
      i++;
    }
    const close = QUOTES[text[i]!];
    const end = close === undefined ? -1 : text.indexOf(close, i + 1);
    if (end !== -1) {
      found.push({ text: text.slice(i + 1, end), quoted: true, excluded });
      i = end + 1;
      continue;
    }
    // An unbalanced quote is just text: the analyzer drops it with the other punctuation.
    let stop = i;
    while (stop < text.length && !/\s/u.test(text[stop]!)) stop++;
    found.push({ text: text.slice(i, stop), quoted: false, excluded });
    i = stop;
  }
  return found;
}

function queryWords(text: string): QueryWord[] {
  const words: QueryWord[] = [];
  for (const token of analyze(text, 'query')) {
    const word = searchToken(token);
    if (word) words.push(word);
  }
  return words;
}

/** What the reader has typed into the search box so far, for headline suggestions. */
export interface SuggestionPrefix {
  /** Words already typed in full (followed by more text). */
  complete: QueryWord[];
  /** The word being typed: matched as the start of a headline word (exact form or stem). */
  started: string;
}

/** A started word shorter than this suggests nothing: in Arabic, two letters are often just ال. */
export const MIN_SUGGESTION_PREFIX = 2;

export function parseSuggestionPrefix(text: string): SuggestionPrefix | undefined {
  const words = queryWords(text.slice(0, MAX_QUERY_LENGTH)).slice(-MAX_QUERY_WORDS);
  const started = words.pop();
  if (!started || started.exact.length < MIN_SUGGESTION_PREFIX) return undefined;
  return { complete: words, started: started.exact };
}
