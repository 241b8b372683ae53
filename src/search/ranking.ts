import type { ParsedQuery } from './query.ts';
import { exactTerm, nameTerm, stemTerm } from './search-document.ts';
import { termPattern } from './term-hashes.ts';

/**
 * How search orders results, in numbers both backends use, computed here in JavaScript so
 * that SQLite and PostgreSQL rank alike.
 *
 * The engines only find the newest matches (search-plan.ts); each is then scored by where the
 * query's words stand in it, from the terms of its headline and of its kicker and dek that
 * search_documents keeps beside it as hashes (MatchEvidence): a word in the headline counts most, then
 * in the kicker or dek, then anywhere in the article. The written form counts three times its
 * stem alone, as an article with الانتخابات outranks one with only للانتخابات for the query
 * الانتخابات; a name key counts least wherever it is found. There are no term statistics:
 * bm25 made FTS5 read every posting of every query term for its document frequencies
 * (20–40 ms for a common word at 100,000 articles), where finding the newest matches takes
 * about one.
 *
 * Recency then multiplies relevance by at most 1 + RECENCY_WEIGHT, so fresher news wins ties
 * and near-ties but never outranks a clearly better match.
 */

/**
 * What a match is worth by place; name keys are worth the same wherever they are: a phonetic
 * skeleton is the least certain match (گانتز = جانتس, but also any word that happens to share
 * the skeleton).
 */
export const PLACE_WEIGHTS = {
  headline: 1,
  /** The kicker and the dek. */
  lead: 0.4,
  body: 0.2,
  nameKey: 0.1,
} as const;

/** What each form found in a field multiplies its place weight by. */
export const FORM_WEIGHTS = { exact: 1.5, stem: 0.5 } as const;

/**
 * The surest form in which an article holds every word of a query: as written (exact), at
 * least by exact form or stem, or only through a name key for some word. The engines answer
 * it with one more lookup each (the query's exact forms alone; its exact forms or stems).
 */
export type MatchForm = 'exact' | 'stem' | 'nameKey';

/**
 * The terms of an article's headline and of its kicker and dek (search-document.ts,
 * leadingTerms): each token's exact form, ~stem and ^name key, as stored hashes
 * (term-hashes.ts, termHashText).
 */
export interface LeadingTerms {
  headline: string;
  lead: string;
}

/** What the ranking knows of a match: its leading terms and the form it holds the query in. */
export interface MatchEvidence extends LeadingTerms {
  form: MatchForm;
}

/** What every word is worth through the whole article, by the form the article holds them in. */
const WHOLE_ARTICLE_WEIGHTS: Readonly<Record<MatchForm, number>> = {
  exact: PLACE_WEIGHTS.body * FORM_WEIGHTS.exact,
  stem: PLACE_WEIGHTS.body * FORM_WEIGHTS.stem,
  nameKey: PLACE_WEIGHTS.nameKey / 2,
};

/** What finds each of a query's terms in stored leading terms, worked out once per query. */
interface QueryPatterns {
  /** Each word's exact forms and stems: its own, then its alternatives' (another spelling of the name). */
  words: { exact: string[]; stem: string[]; nameKey: string | undefined }[];
  phrases: string[][];
  /**
   * Finds any of the query's terms in a field: most fields hold none, and one regular
   * expression says so about ten times faster than a search for each term.
   */
  any: RegExp;
}

const queryPatterns = new WeakMap<ParsedQuery, QueryPatterns>();

function patternsOf(query: ParsedQuery): QueryPatterns {
  let patterns = queryPatterns.get(query);
  if (patterns === undefined) {
    const words = query.words.map((word) => {
      const forms = [word, ...(word.alternatives ?? [])];
      return {
        exact: forms.map((form) => termPattern(exactTerm(form.exact))),
        stem: forms.map((form) => termPattern(stemTerm(form.stem))),
        nameKey: word.nameKey === undefined ? undefined : termPattern(nameTerm(word.nameKey)),
      };
    });
    const phrases = query.phrases.map((phrase) => phrase.map((word) => termPattern(exactTerm(word.exact))));
    // Every pattern is ` code `, a base-36 code between spaces: nothing to escape.
    const codes = new Set(
      [
        ...words.flatMap((w) => [...w.exact, ...w.stem, ...(w.nameKey === undefined ? [] : [w.nameKey])]),
        ...phrases.flat(),
      ].map((p) => p.trim()),
    );
    patterns = { words, phrases, any: new RegExp(` (?:${[...codes].join('|')}) `) };
    queryPatterns.set(query, patterns);
  }
  return patterns;
}

/** The relevance of a matching article to `query`. */
export function relevance(query: ParsedQuery, evidence: MatchEvidence): number {
  const patterns = patternsOf(query);
  const headline = patterns.any.test(evidence.headline) ? evidence.headline : '';
  const lead = patterns.any.test(evidence.lead) ? evidence.lead : '';
  const everywhere = WHOLE_ARTICLE_WEIGHTS[evidence.form];
  let score = 0;
  for (const word of patterns.words) {
    score += everywhere + inField(word, headline, PLACE_WEIGHTS.headline) + inField(word, lead, PLACE_WEIGHTS.lead);
  }
  for (const phrase of patterns.phrases) {
    const whole = (terms: string) => phrase.every((pattern) => terms.includes(pattern));
    const weight =
      WHOLE_ARTICLE_WEIGHTS.exact +
      (whole(headline) ? PLACE_WEIGHTS.headline * FORM_WEIGHTS.exact : 0) +
      (whole(lead) ? PLACE_WEIGHTS.lead * FORM_WEIGHTS.exact : 0);
    score += weight * phrase.length;
  }
  return score;
}

/** What a word adds through one field's terms of weight `place`: its best form there. */
function inField(word: QueryPatterns['words'][number], terms: string, place: number): number {
  if (word.exact.some((pattern) => terms.includes(pattern))) return place * FORM_WEIGHTS.exact;
  if (word.stem.some((pattern) => terms.includes(pattern))) return place * FORM_WEIGHTS.stem;
  if (word.nameKey !== undefined && terms.includes(word.nameKey)) return PLACE_WEIGHTS.nameKey;
  return 0;
}

/** The largest share recency adds to a score: 10 % for news published today. */
export const RECENCY_WEIGHT = 0.1;
/** Freshness falls with age: 1 today, 1/2 at one year old, 1/3 at two, 0 undated. */
export const RECENCY_SCALE_MS = 365.25 * 24 * 3600 * 1000;

/** The factor a relevance is multiplied by. */
export function recencyBoost(publishedAt: Date | null, now: Date): number {
  if (!publishedAt) return 1;
  const age = Math.max(0, now.getTime() - publishedAt.getTime());
  return 1 + RECENCY_WEIGHT / (1 + age / RECENCY_SCALE_MS);
}
