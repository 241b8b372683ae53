import type { LoadFigures } from './load.ts';

/** The median of each figure over the rounds of one measurement. */
export interface ScenarioSummary {
  key: string;
  label: string;
  rounds: LoadFigures[];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuUsPerRequest: number;
  loadGeneratorCpuShare: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface Target {
  name: string;
  goal: string;
  actual: string;
  met: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentiles of `values`, in any order (NaN where there are none). */
export function nearestRank(values: readonly number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** Medians over the rounds; failure counts (non-2xx, errors, timeouts) are summed. */
export function summarize(key: string, label: string, rounds: LoadFigures[]): ScenarioSummary {
  const statusCodes: Record<string, number> = {};
  for (const round of rounds) {
    for (const [code, count] of Object.entries(round.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  return {
    key,
    label,
    rounds,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    serverCpuUsPerRequest: median(rounds.map((r) => r.serverCpuUsPerRequest)),
    loadGeneratorCpuShare: median(rounds.map((r) => r.loadGeneratorCpuShare)),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    timeouts: rounds.reduce((sum, r) => sum + r.timeouts, 0),
    statusCodes,
  };
}

/** Round i of `a` over round i of `b`: each pair was measured back to back. */
export function roundRatios(a: ScenarioSummary, b: ScenarioSummary): number[] {
  return a.rounds.map((round, i) => round.requestsPerSecond / (b.rounds[i]?.requestsPerSecond ?? Number.NaN));
}

/** The reader site speed targets of docs/quality.md that this benchmark measures. */
export function speedTargets(figures: {
  cachedArticle: ScenarioSummary;
  baseline: ScenarioSummary;
  uncachedArticle: ScenarioSummary;
  uncachedArticleWorkers: ScenarioSummary | undefined;
  articleAndCssBrBytes: number;
}): Target[] {
  const ratio = figures.cachedArticle.requestsPerSecond / figures.baseline.requestsPerSecond;
  const uncached = (name: string, figures: ScenarioSummary): Target[] => [
    {
      name: `${name} throughput`,
      goal: '≥ 2,500 req/s',
      actual: `${Math.round(figures.requestsPerSecond).toLocaleString('en')} req/s`,
      met: figures.requestsPerSecond >= 2500,
    },
    { name: `${name} p99`, goal: '< 50 ms', actual: `${figures.p99Ms} ms`, met: figures.p99Ms < 50 },
  ];
  return [
    {
      name: 'cached article vs node:http',
      goal: '≥ 60 %',
      actual: `${(ratio * 100).toFixed(0)} %`,
      met: ratio >= 0.6,
    },
    ...uncached('uncached article, 1 process', figures.uncachedArticle),
    ...(figures.uncachedArticleWorkers ? uncached('uncached article, all CPUs', figures.uncachedArticleWorkers) : []),
    {
      name: 'article HTML + CSS, brotli',
      goal: '≤ 40 KB',
      actual: `${(figures.articleAndCssBrBytes / 1024).toFixed(1)} KB`,
      met: figures.articleAndCssBrBytes <= 40 * 1024,
    },
  ];
}
