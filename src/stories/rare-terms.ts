/**
 * «اقرأ أيضا»'s second signal: the rare words two articles share. An article's terms are the
 * analyzer's stems (src/arabic/analyzer.ts) of its words, each once — all counted in the
 * archive, only those it puts forward relating it to others: every word of its headline,
 * kicker and dek, and the words its body uses at least twice; less
 * function words (src/arabic/function-words.ts), numbers, stems under three letters, and words
 * carrying an attached pronoun (ألقاها، تسفيرهم، تداعياته) or the plural verb ending (أمضوا),
 * which the light stem keeps apart from their common base and so look rare when they are not;
 * each is kept as a 32-bit key (search/term-hashes.ts) so that the archive's counts and
 * postings stay small integers (store/related-terms.ts). Of an article's terms, the few named
 * in at least two and at most a small share of the published articles are its distinctive
 * ones: the rarest TERMS_READ of them relate it to others.
 */

import { analyze, type WordForms } from '../arabic/analyzer.ts';
import { isFunctionWord } from '../arabic/function-words.ts';
import { termHash } from '../search/term-hashes.ts';

/** An article's distinct terms counted, at most: the headline's and lead's first, then the body's. */
export const TERMS_COUNTED = 400;
/** The distinctive terms an article is related through, at most. */
export const TERMS_READ = 12;
/** A term named in more than this share of the published articles is not distinctive… */
export const RARE_SHARE = 0.005;
/** …nor one in more than this many (the postings kept per term stop here too)… */
export const RARE_AT_MOST = 200;
/** …but a small archive still counts a term in up to this many articles as rare. */
export const RARE_AT_LEAST = 20;

const DIGIT = /\p{Nd}/u;
/** Attached pronouns and the plural verb ending, as normalize() writes them (ة is ه: so no bare ه). */
const INFLECTED = /(?:ها|هم|هما|هن|كم|كما|اته|يته|وا)$/;

/** Whether a word's forms make a term: not a function word, no digit, a stem of three letters or more, not inflected. */
function counts(forms: WordForms): boolean {
  return (
    forms.stem.length >= 3 &&
    !DIGIT.test(forms.stem) &&
    !isFunctionWord(forms.exact) &&
    !(forms.exact.length >= 5 && INFLECTED.test(forms.exact))
  );
}

/** The 32-bit key a stem is counted and posted under, as a signed integer (PostgreSQL's `integer`). */
export function termKey(stem: string): number {
  return termHash(stem) | 0;
}

/** The texts of an article terms are read from, in this order. */
export interface TermText {
  headline: string;
  kicker: string | null;
  dek: string | null;
  bodyText: string;
}

function textsOf(article: TermText): string[] {
  return [article.headline, [article.kicker, article.dek].filter(Boolean).join('\n'), article.bodyText];
}

/** A term of an article: its key, and how the article first writes it (for a reason). */
export interface ArticleTerm {
  key: number;
  written: string;
}

/**
 * The terms an article is counted with, in two parts. `terms`: those it puts forward — the
 * headline's, kicker's and dek's, then the body's used at least twice — each once, first seen
 * first, each as first written (the headline first) without the و or ف of a conjunction in
 * front; only these relate it to others. `others`: the keys of its other terms, used once in the
 * body; they are counted too, so that a common word an article happens to repeat is known to be
 * common. TERMS_COUNTED in all at most.
 */
export interface ArticleTerms {
  terms: ArticleTerm[];
  others: number[];
}

export function articleTerms(article: TermText): ArticleTerms {
  const [headline, lead, body] = textsOf(article) as [string, string, string];
  const terms = new Map<number, string>();
  for (const text of [headline, lead]) {
    for (const token of analyze(text)) {
      if (!counts(token)) continue;
      const key = termKey(token.stem);
      if (!terms.has(key)) terms.set(key, writtenAs(text, token));
    }
  }
  const once = new Map<number, string>();
  for (const token of analyze(body)) {
    if (!counts(token)) continue;
    const key = termKey(token.stem);
    if (terms.has(key)) continue;
    const first = once.get(key);
    if (first === undefined) once.set(key, writtenAs(body, token));
    else terms.set(key, first);
  }
  const put = [...terms].slice(0, TERMS_COUNTED).map(([key, written]) => ({ key, written }));
  const others = [...once.keys()].filter((key) => !terms.has(key)).slice(0, TERMS_COUNTED - put.length);
  return { terms: put, others };
}

/** The keys of the terms an article puts forward (articleTerms' `terms`). */
export function termKeys(article: TermText): number[] {
  return articleTerms(article).terms.map((term) => term.key);
}

function writtenAs(text: string, token: { start: number; end: number; stem: string }): string {
  const written = text.slice(token.start, token.end);
  return /^[وف]/.test(written) && !/^[وف]/.test(token.stem) && written.length > 3 ? written.slice(1) : written;
}

/** The most a term may be counted in and still be rare, for an archive of `published` articles. */
export function rareAtMost(published: number): number {
  return Math.min(RARE_AT_MOST, Math.max(RARE_AT_LEAST, Math.floor(published * RARE_SHARE)));
}

/**
 * The distinctive terms of an article: of its terms (`terms`, first seen first) those counted
 * in at least two published articles and at most `atMost`, rarest first (first seen first
 * among equals), TERMS_READ at most.
 */
export function distinctive(
  terms: readonly ArticleTerm[],
  articleCounts: ReadonlyMap<number, number>,
  atMost: number,
): (ArticleTerm & { articleCount: number })[] {
  return terms
    .map((term, order) => ({ ...term, order, articleCount: articleCounts.get(term.key) ?? 0 }))
    .filter(({ articleCount }) => articleCount >= 2 && articleCount <= atMost)
    .sort((a, b) => a.articleCount - b.articleCount || a.order - b.order)
    .slice(0, TERMS_READ)
    .map(({ key, written, articleCount }) => ({ key, written, articleCount }));
}

/** The keys of a name's words (an entity's name), remembered: a word of a shared name is not counted again as a shared word. */
const nameKeysRemembered = new Map<string, ReadonlySet<number>>();
export function nameKeys(name: string): ReadonlySet<number> {
  let keys = nameKeysRemembered.get(name);
  if (keys === undefined) {
    if (nameKeysRemembered.size >= 10_000) nameKeysRemembered.clear();
    keys = new Set(termKeys({ headline: name, kicker: null, dek: null, bodyText: '' }));
    nameKeysRemembered.set(name, keys);
  }
  return keys;
}
