/** The figures of the evaluation, each a plain function of ranked results and judgements. */

/** 1/rank of the relevant document within the first `k` results, 0 when it is not there. */
export function reciprocalRank(results: string[], relevant: string, k = 10): number {
  const rank = results.slice(0, k).indexOf(relevant);
  return rank < 0 ? 0 : 1 / (rank + 1);
}

/** Share of the relevant documents among all the results. */
export function recall(results: string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 1;
  let found = 0;
  for (const id of new Set(results)) if (relevant.has(id)) found++;
  return found / relevant.size;
}

/**
 * Relevant documents among the first `k` results, out of as many as could be relevant there
 * (min(k, |relevant|)): 1 when the first page holds nothing but the name, whatever the group's size.
 */
export function precisionAt(results: string[], relevant: ReadonlySet<string>, k = 10): number {
  const possible = Math.min(k, relevant.size);
  if (possible === 0) return 1;
  return results.slice(0, k).filter((id) => relevant.has(id)).length / possible;
}

export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
