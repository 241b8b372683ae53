/**
 * «اقرأ أيضا»: how an article scores as related to the one read. One function, its weights in
 * one table. An entity both name counts by how rare it is (a name in ten articles says more
 * than one in a thousand), more when the article read puts it in its headline, kicker or dek;
 * a rare word both use (stories/rare-terms.ts) counts the same way, less, and all such words
 * together at most `termsAtMost`, below what one rare name the article puts up front is worth;
 * the sum is then worn down by the time between the two, and a little added for the same section.
 */
export const RELATED_WEIGHTS = {
  /** Each shared entity: this × 1 / log2(2 + the entity's article count). */
  sharedEntity: 4,
  /** Added to a shared entity's weight when the article read names it prominently. */
  prominent: 0.5,
  /** Each shared distinctive term (stories/rare-terms.ts): this × 1 / log2(2 + the term's article count). */
  sharedTerm: 1,
  /** The most the shared terms add together (a name in 5 articles the article read puts up front: 1.9). */
  termsAtMost: 1.5,
  /** Added to the score of an article of the same primary section. */
  sameSection: 0.2,
  /** Days over which the time between the two halves the score. */
  halfLifeDays: 30,
  /** The least part of its score an old article keeps. */
  timeFloor: 0.25,
  /** The least score to be listed: one shared name in at most ~30 articles, or two commoner ones. */
  minimum: 0.8,
} as const;

export interface SharedEntity {
  name: string;
  /** How many published articles name it. */
  articleCount: number;
  /** Named in the headline, kicker or dek of the article read. */
  prominent: boolean;
}

export interface SharedTerm {
  /** The term as the article read writes it. */
  term: string;
  /** How many published articles use it. */
  articleCount: number;
}

export interface RelatedCandidate {
  shared: SharedEntity[];
  /** Distinctive terms of the article read that the other one uses too. */
  terms?: SharedTerm[];
  sameSection: boolean;
  /** Days between the two publications (absolute). */
  daysApart: number;
}

export function relatedScore({ shared, terms = [], sameSection, daysApart }: RelatedCandidate): number {
  const w = RELATED_WEIGHTS;
  let score = 0;
  for (const entity of shared) {
    score += w.sharedEntity / Math.log2(2 + entity.articleCount) + (entity.prominent ? w.prominent : 0);
  }
  let fromTerms = 0;
  for (const term of terms) fromTerms += w.sharedTerm / Math.log2(2 + term.articleCount);
  score += Math.min(w.termsAtMost, fromTerms);
  if (sameSection) score += w.sameSection;
  const time = Math.max(w.timeFloor, 0.5 ** (daysApart / w.halfLifeDays));
  return score * time;
}

/** What a reason starts with: the names both hold, and the rare words both use. */
export const REASON_NAMES = 'يذكر: ';
export const REASON_TERMS = 'كلمات مشتركة: ';

/**
 * Why it is listed, for readers and the API, rarest first: «يذكر: الرباط، عزيز أخنوش», then
 * the shared rare words, «كلمات مشتركة: الكامور، المعتصمين» (with the names after «؛ »);
 * three in all at most, one word at least when the words count.
 */
export function relatedReason({ shared, terms = [] }: RelatedCandidate): string {
  const names = [...shared].sort((a, b) => a.articleCount - b.articleCount).map((entity) => entity.name);
  const words = [...terms].sort((a, b) => a.articleCount - b.articleCount).map((term) => term.term);
  const namesShown = Math.min(names.length, words.length > 0 ? 2 : 3);
  const parts = [];
  if (namesShown > 0) parts.push(`${REASON_NAMES}${names.slice(0, namesShown).join('، ')}`);
  if (words.length > 0) parts.push(`${REASON_TERMS}${words.slice(0, 3 - namesShown).join('، ')}`);
  return parts.join('؛ ');
}

/** The names and the words a reason gives (relatedReason), or none for an editor's pin. */
export function reasonParts(reason: string): { names: string[]; terms: string[] } {
  const names: string[] = [];
  const terms: string[] = [];
  for (const part of reason.split('؛ ')) {
    if (part.startsWith(REASON_NAMES)) names.push(...part.slice(REASON_NAMES.length).split('، '));
    else if (part.startsWith(REASON_TERMS)) terms.push(...part.slice(REASON_TERMS.length).split('، '));
  }
  return { names, terms };
}

/**
 * A kept list with `offer` (a newer article, scored from the list's side) in its place, when
 * it earns one among the `kept` best; undefined when the list stays as it is. An article
 * already listed that the offer is a near-copy of keeps its place, and the offer stays out.
 */
export function withOffer<T extends { id: number; score: number }>(
  entries: readonly T[],
  offer: T,
  kept: number,
  isCopy: (a: number, b: number) => boolean,
): T[] | undefined {
  const others = entries.filter((entry) => entry.id !== offer.id);
  if (others.some((entry) => isCopy(entry.id, offer.id))) return undefined;
  const before = entries.find((entry) => entry.id === offer.id);
  if (before && before.score === offer.score) return undefined;
  const list = [...others, offer].sort((a, b) => b.score - a.score || b.id - a.id).slice(0, kept);
  return list.some((entry) => entry.id === offer.id) || before ? list : undefined;
}
