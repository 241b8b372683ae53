/**
 * «اقرأ أيضا»: how an article scores as related to the one read. One function, its weights in
 * one table. An entity both name counts by how rare it is (a name in ten articles says more
 * than one in a thousand), more when the article read puts it in its headline, kicker or dek; the sum is
 * then worn down by the time between the two, and a little added for the same section.
 */
export const RELATED_WEIGHTS = {
  /** Each shared entity: this × 1 / log2(2 + the entity's article count). */
  sharedEntity: 4,
  /** Added to a shared entity's weight when the article read names it prominently. */
  prominent: 0.5,
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

export interface RelatedCandidate {
  shared: SharedEntity[];
  sameSection: boolean;
  /** Days between the two publications (absolute). */
  daysApart: number;
}

export function relatedScore({ shared, sameSection, daysApart }: RelatedCandidate): number {
  const w = RELATED_WEIGHTS;
  let score = 0;
  for (const entity of shared) {
    score += w.sharedEntity / Math.log2(2 + entity.articleCount) + (entity.prominent ? w.prominent : 0);
  }
  if (sameSection) score += w.sameSection;
  const time = Math.max(w.timeFloor, 0.5 ** (daysApart / w.halfLifeDays));
  return score * time;
}

/** Why it is listed, for readers and the API: «يذكر: الرباط، عزيز أخنوش». */
export function relatedReason({ shared }: RelatedCandidate): string {
  const names = [...shared].sort((a, b) => a.articleCount - b.articleCount).map((entity) => entity.name);
  return `يذكر: ${names.slice(0, 3).join('، ')}`;
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
