/**
 * How search orders results, in numbers both backends use. Relevance comes from the engine
 * (bm25 on SQLite, ts_rank on PostgreSQL) with these weights; recency then multiplies it by
 * at most 1 + RECENCY_WEIGHT, so fresher news wins ties and near-ties but never outranks a
 * clearly better match.
 */

/** A match in the headline counts ten times one in the body; the kicker and dek four times. */
export const FIELD_WEIGHTS = { headline: 10, lead: 4, body: 1 } as const;

/**
 * The written form counts most, then the light stem, then the phonetic name key. An article
 * with the exact form also matches the stem (and the name key), so it collects all three.
 */
export const FORM_WEIGHTS = { exact: 1, stem: 0.5, nameKey: 0.25 } as const;

/**
 * PostgreSQL has four weight classes; Ghad gives them to fields and to body name keys:
 * A headline, B kicker and dek, C body (exact and stem), D body name keys. ts_rank takes
 * them in the order D, C, B, A.
 */
export const POSTGRES_CLASS_WEIGHTS = [0.1, 0.2, 0.4, 1] as const;

/** The largest share recency adds to a score: 10 % for news published today. */
export const RECENCY_WEIGHT = 0.1;
/** Freshness halves after this long: 1 today, 1/2 at one year old, 1/3 at two, 0 undated. */
export const RECENCY_SCALE_MS = 365.25 * 24 * 3600 * 1000;

/** The factor a score is multiplied by; the SQL of both backends computes the same. */
export function recencyBoost(publishedAt: Date | null, now: Date): number {
  if (!publishedAt) return 1;
  const age = Math.max(0, now.getTime() - publishedAt.getTime());
  return 1 + RECENCY_WEIGHT / (1 + age / RECENCY_SCALE_MS);
}
