/**
 * How search orders results, in numbers both backends use.
 *
 * Relevance comes from the engine (bm25 on SQLite, ts_rank on PostgreSQL) over the newest
 * matches (search-plan.ts), with the same weights by place: a match in the headline counts
 * most, then the kicker or dek, then the body. An article with the written form also has its
 * stem (and name key), so it collects more than one that has only the stem; a name key
 * counts least wherever it is found.
 *
 * Recency then multiplies relevance by at most 1 + RECENCY_WEIGHT, so fresher news wins ties
 * and near-ties but never outranks a clearly better match.
 */

/**
 * What a match is worth by place, as PostgreSQL's weight classes A, B and C; name keys are
 * class D wherever they are: a phonetic skeleton is the least certain match (گانتز = جانتس,
 * but also any word that happens to share the skeleton).
 */
export const PLACE_WEIGHTS = {
  /** A */
  headline: 1,
  /** B: the kicker and the dek. */
  lead: 0.4,
  /** C */
  body: 0.2,
  /** D */
  nameKey: 0.1,
} as const;

/** ts_rank takes the weights of the classes in the order D, C, B, A. */
export const POSTGRES_CLASS_WEIGHTS = [
  PLACE_WEIGHTS.nameKey,
  PLACE_WEIGHTS.body,
  PLACE_WEIGHTS.lead,
  PLACE_WEIGHTS.headline,
] as const;

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
