/**
 * Runs one system over the query set: known items at 10 results, names at NAMES_DEPTH results,
 * and times each query (every page of it, for names).
 */
import type { EvalDocument } from './corpus.ts';
import { judgeNormalize, judgeWords, wordIsSpelling } from './judge-text.ts';
import { mean, percentile, precisionAt, recall, reciprocalRank } from './metrics.ts';
import { NAME_GROUPS } from './name-groups.ts';
import type { PerturbationKind } from './perturb.ts';
import type { QuerySet } from './query-set.ts';
import type { SearchSystem } from './system.ts';

export interface KnownItemOutcome {
  id: string;
  kind: PerturbationKind;
  query: string;
  window: string;
  relevant: string;
  /** 1-based rank within the first 10, or null. */
  rank: number | null;
  /** What came first instead, when the relevant article is not first. */
  top: string | null;
}

export interface NameOutcome {
  id: string;
  group: string;
  query: string;
  relevant: number;
  found: number;
  recall: number;
  precisionAt10: number;
  /** How the missed articles write the name (as written, with their clitics), most frequent first. */
  missedForms: { form: string; documents: number }[];
}

export interface Figures {
  knownItems: {
    queries: number;
    mrrAt10: number;
    recallAt10: number;
    perKind: Record<string, { queries: number; mrrAt10: number; recallAt10: number }>;
  };
  names: {
    queries: number;
    recall: number;
    precisionAt10: number;
    perGroup: Record<string, { queries: number; relevant: number; recall: number; precisionAt10: number }>;
  };
  latencyMs: {
    knownItems: { median: number; p95: number };
    names: { median: number; p95: number };
  };
  outcomes: { knownItems: KnownItemOutcome[]; names: NameOutcome[] };
}

const WARM_UP_QUERIES = 10;
/**
 * Names recall counts the relevant articles among the first NAMES_DEPTH results: more than the
 * largest group holds (510), so a perfect system reaches 1, and bounded, so that a system that
 * matches half the corpus is not paged through to its end.
 */
export const NAMES_DEPTH = 1000;

export async function evaluate(system: SearchSystem, set: QuerySet, documents: EvalDocument[]): Promise<Figures> {
  for (const q of set.knownItems.slice(0, WARM_UP_QUERIES)) await system.search(q.query, 10);

  const knownTimes: number[] = [];
  const known: KnownItemOutcome[] = [];
  for (const q of set.knownItems) {
    const t = performance.now();
    const results = await system.search(q.query, 10);
    knownTimes.push(performance.now() - t);
    const rr = reciprocalRank(results, q.relevant);
    known.push({
      id: q.id,
      kind: q.kind,
      query: q.query,
      window: q.window,
      relevant: q.relevant,
      rank: rr === 0 ? null : Math.round(1 / rr),
      top: rr === 1 ? null : (results[0] ?? null),
    });
  }

  const groups = new Map(set.nameGroups.map((g) => [g.key, new Set(g.relevant)]));
  const byId = new Map(documents.map((d) => [d.externalId, d]));
  const nameTimes: number[] = [];
  const names: NameOutcome[] = [];
  for (const q of set.names) {
    const relevant = groups.get(q.group)!;
    const t = performance.now();
    const results = await system.search(q.query, NAMES_DEPTH);
    nameTimes.push(performance.now() - t);
    const returned = new Set(results);
    const missed = [...relevant].filter((id) => !returned.has(id));
    names.push({
      id: q.id,
      group: q.group,
      query: q.query,
      relevant: relevant.size,
      found: relevant.size - missed.length,
      recall: recall(results, relevant),
      precisionAt10: precisionAt(results, relevant),
      missedForms: missedForms(q.group, missed, byId),
    });
  }

  const perKind: Figures['knownItems']['perKind'] = {};
  for (const kind of new Set(known.map((k) => k.kind))) {
    const of = known.filter((k) => k.kind === kind);
    perKind[kind] = {
      queries: of.length,
      mrrAt10: mean(of.map((k) => (k.rank ? 1 / k.rank : 0))),
      recallAt10: mean(of.map((k) => (k.rank ? 1 : 0))),
    };
  }
  const perGroup: Figures['names']['perGroup'] = {};
  for (const group of set.nameGroups) {
    const of = names.filter((n) => n.group === group.key);
    if (of.length === 0) continue;
    perGroup[group.key] = {
      queries: of.length,
      relevant: group.relevant.length,
      recall: mean(of.map((n) => n.recall)),
      precisionAt10: mean(of.map((n) => n.precisionAt10)),
    };
  }
  return {
    knownItems: {
      queries: known.length,
      mrrAt10: mean(known.map((k) => (k.rank ? 1 / k.rank : 0))),
      recallAt10: mean(known.map((k) => (k.rank ? 1 : 0))),
      perKind,
    },
    names: {
      queries: names.length,
      recall: mean(names.map((n) => n.recall)),
      precisionAt10: mean(names.map((n) => n.precisionAt10)),
      perGroup,
    },
    latencyMs: {
      knownItems: { median: percentile(knownTimes, 50), p95: percentile(knownTimes, 95) },
      names: { median: percentile(nameTimes, 50), p95: percentile(nameTimes, 95) },
    },
    outcomes: { knownItems: known, names },
  };
}

/** The written forms of the group's name in the missed documents (what the analyzer must learn to match). */
function missedForms(groupKey: string, missed: string[], byId: Map<string, EvalDocument>): NameOutcome['missedForms'] {
  const spellings = (NAME_GROUPS.find((g) => g.key === groupKey)?.spellings ?? []).map(judgeNormalize);
  const counts = new Map<string, number>();
  for (const id of missed) {
    const doc = byId.get(id);
    if (!doc) continue;
    const forms = new Set<string>();
    const text = `${doc.headline}\n${doc.body}`.normalize('NFKC');
    for (const written of text.split(/[^\p{L}\p{N}\p{M}\u0640]+/u)) {
      const judged = judgeWords(written)[0];
      if (judged && spellings.some((s) => wordIsSpelling(judged, s))) forms.add(written);
    }
    for (const form of forms) counts.set(form, (counts.get(form) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 8)
    .map(([form, documents]) => ({ form, documents }));
}
