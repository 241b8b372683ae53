/**
 * The one analysis chain that indexing and querying share. Both search backends receive
 * exactly these tokens, so the analyzer, not the engine, decides what matches:
 *
 *   tokenize (words and their offsets in the original text)
 *     → normalize (exact: إسرائيل = اسرائيل, بلدية = بلديه, ٢٠٢١ = 2021)
 *     → stem (الانتخابات = للانتخابات = انتخابات → انتخاب)
 *     → nameKey (گانتز = جانتس = غانتس → GNS; undefined for ordinary Arabic words)
 *     → compound names (فيس بوك = فيسبوك, عبد الله = عبدالله: compound-names.ts): a text's
 *       two words are kept and their one-word form comes before them (offsets stay in order),
 *       so a search for either spelling finds both; a query asks for the one-word form
 *       instead of the two words.
 */

import { joinCompoundNames } from './compound-names.ts';
import { nameKey } from './name-key.ts';
import { normalize } from './normalize.ts';
import { stem } from './stem.ts';
import { tokenize } from './tokenize.ts';

/** One word of a text, in the three forms search matches on. */
export interface AnalyzedToken {
  /** Offsets of the word in the original text (UTF-16), for highlighting snippets. */
  start: number;
  end: number;
  /** The normalized word: hamza forms, ى/ي, ة/ه, harakat, digits folded. "Exact" matches compare this. */
  exact: string;
  /** The light stem of `exact` (equal to it when nothing is stripped or the word is protected). */
  stem: string;
  /** Phonetic skeleton of a word that may be a transliterated name (گانتز = جانتس); undefined otherwise. */
  nameKey: string | undefined;
}

/** Normalization can expand one glyph into several words: ﷺ → صلى الله عليه وسلم. */
const SPACES = / +/;

/**
 * How compound names are read: in a text ('text') their words stay and the one-word form is
 * added before them; in a query ('query') the one-word form replaces them.
 */
export type CompoundReading = 'text' | 'query';

export function analyze(text: string, compounds: CompoundReading = 'text'): AnalyzedToken[] {
  return analyzedWords(text, compounds).map(({ start, end, forms }) => ({ start, end, ...forms }));
}

export type WordForms = Readonly<Pick<AnalyzedToken, 'exact' | 'stem' | 'nameKey'>>;

/**
 * The forms of each word of `text`, without offsets: what indexing needs. Repeated words give
 * the same (frozen) objects, so callers may remember what they derive from them.
 */
export function analyzeForms(text: string): WordForms[] {
  return analyzedWords(text, 'text').map((word) => word.forms);
}

/** A word of a text at its offsets, with its (shared, frozen) forms. */
interface AnalyzedWord {
  start: number;
  end: number;
  forms: WordForms;
}

/**
 * The texts analyzed last, as texts: an article's write reads the same headline, lead and
 * body for its search tokens (analyzeForms) and its counted words (analyze), one after the
 * other, and tokenizes them once.
 */
const RECENT_TEXTS = 4;
const recent: { text: string; words: AnalyzedWord[] }[] = [];

function analyzedWords(text: string, compounds: CompoundReading): AnalyzedWord[] {
  if (compounds === 'text') {
    for (const entry of recent) if (entry.text === text) return entry.words;
  }
  const words: AnalyzedWord[] = [];
  for (const word of tokenize(text)) {
    for (const forms of formsOf(word.text)) words.push({ start: word.start, end: word.end, forms });
  }
  const result = withCompounds(words, compounds, (first, last, joined) => ({
    start: first.start,
    end: last.end,
    forms: joined,
  }));
  if (compounds === 'text') {
    if (recent.length === RECENT_TEXTS) recent.shift();
    recent.push({ text, words: result });
  }
  return result;
}

/** `words` with each compound name's one-word form beside its words, or instead of them. */
function withCompounds(
  words: AnalyzedWord[],
  reading: CompoundReading,
  make: (first: AnalyzedWord, last: AnalyzedWord, joined: WordForms) => AnalyzedWord,
): AnalyzedWord[] {
  const compounds = joinCompoundNames(words.map((word) => word.forms.exact));
  if (compounds.length === 0) return words;
  const result: AnalyzedWord[] = [];
  let next = 0;
  for (const { start, end, joined } of compounds) {
    for (; next < start; next++) result.push(words[next]!);
    result.push(make(words[start]!, words[end - 1]!, formsOfNormalized(joined)));
    if (reading === 'text') for (; next < end; next++) result.push(words[next]!);
    next = end;
  }
  for (; next < words.length; next++) result.push(words[next]!);
  return result;
}

/** The forms of an already normalized word (a compound's one-word form), remembered. */
const joinedForms = new Map<string, WordForms>();
export function formsOfNormalized(exact: string): WordForms {
  let forms = joinedForms.get(exact);
  if (forms === undefined) {
    if (joinedForms.size >= REMEMBERED_WORDS) joinedForms.clear();
    forms = Object.freeze({ exact, stem: stem(exact), nameKey: nameKey(exact) });
    joinedForms.set(exact, forms);
  }
  return forms;
}

/**
 * The forms of a word as written, remembered: news text repeats its words (في، من، تونس) so
 * that most lookups hit. Two generations of REMEMBERED_WORDS each: when the current one is
 * full it becomes the old one, and words still in use move back from it, so the frequent
 * words stay remembered while a long archive streams through.
 */
let remembered = new Map<string, readonly WordForms[]>();
let rememberedBefore = new Map<string, readonly WordForms[]>();
const REMEMBERED_WORDS = 50_000;

function formsOf(written: string): readonly WordForms[] {
  let forms = remembered.get(written);
  if (forms !== undefined) return forms;
  forms =
    rememberedBefore.get(written) ??
    Object.freeze(
      normalize(written)
        .split(SPACES)
        .filter((exact) => exact !== '')
        .map((exact) => Object.freeze({ exact, stem: stem(exact), nameKey: nameKey(exact) })),
    );
  if (remembered.size >= REMEMBERED_WORDS) {
    rememberedBefore = remembered;
    remembered = new Map();
  }
  remembered.set(written, forms);
  return forms;
}
