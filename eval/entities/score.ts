/**
 * The figures of the entity evaluation, as plain functions of the gold and of what a system
 * found per article.
 *
 * Matching, per article: a predicted entity and a gold entity are candidates when (typed) their
 * types are equal and any of the prediction's names is the same form (fold.ts) as any gold
 * mention. Candidates are paired greedily, most gold mentions covered first (ties: the gold's
 * and then the prediction's order in the article), each gold entity and each prediction at most
 * once. Unpaired predictions are false positives, unpaired gold entities misses. The
 * boundary-lenient variant also accepts names whose words are a run inside the other's.
 */
import type { EntityType } from '../../src/entities/found-entity.ts';
import { ENTITY_TYPES } from '../../src/entities/found-entity.ts';
import type { GoldArticle, GoldEntity } from './dev-set.ts';
import { fold, overlappingName, sameName } from './fold.ts';

/** One entity a system found in one article. `id` joins the same entity across articles. */
export interface PredictedEntity {
  id: string;
  type: EntityType;
  /** The forms the article writes it in, as found. */
  names: string[];
}

export interface SystemOutput {
  /** Per gold article (by `source`), what the system found. */
  byArticle: Map<string, PredictedEntity[]>;
}

export interface MatchOptions {
  typed: boolean;
  lenient: boolean;
}

export interface Pair {
  gold: number;
  predicted: number;
}

function coverage(gold: GoldEntity, predicted: PredictedEntity, relation: (a: string, b: string) => boolean): number {
  return gold.mentions.filter((m) => predicted.names.some((n) => relation(n, m))).length;
}

export function matchArticle(gold: GoldEntity[], predicted: PredictedEntity[], options: MatchOptions): Pair[] {
  const candidates: { gold: number; predicted: number; exact: number; partial: number }[] = [];
  gold.forEach((g, gi) => {
    predicted.forEach((p, pi) => {
      if (options.typed && g.type !== p.type) return;
      const exact = coverage(g, p, sameName);
      const partial = options.lenient ? coverage(g, p, overlappingName) : 0;
      if (exact > 0 || partial > 0) candidates.push({ gold: gi, predicted: pi, exact, partial });
    });
  });
  candidates.sort((a, b) => b.exact - a.exact || b.partial - a.partial || a.gold - b.gold || a.predicted - b.predicted);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const pairs: Pair[] = [];
  for (const c of candidates) {
    if (usedGold.has(c.gold) || usedPredicted.has(c.predicted)) continue;
    usedGold.add(c.gold);
    usedPredicted.add(c.predicted);
    pairs.push({ gold: c.gold, predicted: c.predicted });
  }
  return pairs;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
  /** Gold entities (tp + fn). */
  support: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? Number.NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn, support: tp + fn };
}

/** A matched (article, entity) item: the gold id and the system's id for it. */
export interface LinkItem {
  source: string;
  goldId: string;
  predictedId: string;
}

export interface Linking extends Prf {
  /** Matched items, over which the pairs are counted. */
  items: number;
  /** Gold (article, entity) items with no matching prediction: not in the pairs. */
  unmatchedGoldItems: number;
  goldPairs: number;
  predictedPairs: number;
  /** Gold pairs of the whole set, unmatched items included: what a perfect extractor would be judged on. */
  allGoldPairs: number;
  /** Gold entities the system split over several ids: id, and how many matched items got each predicted id. */
  splits: { goldId: string; predicted: { id: string; items: number; names: string[] }[] }[];
  /** Predicted ids that joined different gold entities. */
  merges: { predictedId: string; gold: { id: string; items: number }[] }[];
}

export interface ErrorItem {
  source: string;
  type: EntityType;
  /** The prediction's names or the gold mentions. */
  names: string[];
  /** For a false positive that an untyped match pairs with a gold entity of another type. */
  wrongType?: { goldId: string; goldType: EntityType };
  /** For a miss: the gold id. */
  goldId?: string;
}

export interface Scores {
  perType: Record<EntityType, Prf>;
  overall: Prf;
  untyped: Prf;
  /** Typed, boundary-lenient matching (names overlapping as whole words count). */
  lenient: Prf;
  linking: Linking;
  falsePositives: ErrorItem[];
  misses: ErrorItem[];
}

function pairsCount(items: LinkItem[], key: (item: LinkItem) => string, also?: (a: LinkItem, b: LinkItem) => boolean) {
  let count = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.source === b.source || key(a) !== key(b)) continue;
      if (also && !also(a, b)) continue;
      count++;
    }
  }
  return count;
}

export function linkingScores(
  items: LinkItem[],
  unmatchedGoldItems: number,
  allGoldPairs: number,
  names: Map<LinkItem, string[]>,
): Linking {
  const goldPairs = pairsCount(items, (i) => i.goldId);
  const predictedPairs = pairsCount(items, (i) => i.predictedId);
  const both = pairsCount(
    items,
    (i) => i.goldId,
    (a, b) => a.predictedId === b.predictedId,
  );
  const byGold = new Map<string, LinkItem[]>();
  const byPredicted = new Map<string, LinkItem[]>();
  for (const item of items) {
    byGold.set(item.goldId, [...(byGold.get(item.goldId) ?? []), item]);
    byPredicted.set(item.predictedId, [...(byPredicted.get(item.predictedId) ?? []), item]);
  }
  const splits: Linking['splits'] = [];
  for (const [goldId, list] of byGold) {
    const ids = new Map<string, { items: number; names: Set<string> }>();
    for (const item of list) {
      const entry = ids.get(item.predictedId) ?? { items: 0, names: new Set<string>() };
      entry.items++;
      for (const n of names.get(item) ?? []) entry.names.add(n);
      ids.set(item.predictedId, entry);
    }
    if (ids.size > 1) {
      splits.push({
        goldId,
        predicted: [...ids].map(([id, e]) => ({ id, items: e.items, names: [...e.names] })),
      });
    }
  }
  const merges: Linking['merges'] = [];
  for (const [predictedId, list] of byPredicted) {
    const golds = new Map<string, number>();
    for (const item of list) golds.set(item.goldId, (golds.get(item.goldId) ?? 0) + 1);
    if (golds.size > 1) merges.push({ predictedId, gold: [...golds].map(([id, n]) => ({ id, items: n })) });
  }
  splits.sort((a, b) => b.predicted.length - a.predicted.length || a.goldId.localeCompare(b.goldId));
  merges.sort((a, b) => b.gold.length - a.gold.length || a.predictedId.localeCompare(b.predictedId));
  return {
    ...prf(both, predictedPairs - both, goldPairs - both),
    items: items.length,
    unmatchedGoldItems,
    goldPairs,
    predictedPairs,
    allGoldPairs,
    splits,
    merges,
  };
}

/** Gold pairs over every (article, entity) item of the set, across articles. */
export function allGoldPairs(set: GoldArticle[]): number {
  const articlesOf = new Map<string, number>();
  for (const a of set) for (const e of a.entities) articlesOf.set(e.id, (articlesOf.get(e.id) ?? 0) + 1);
  let pairs = 0;
  for (const n of articlesOf.values()) pairs += (n * (n - 1)) / 2;
  return pairs;
}

export function score(set: GoldArticle[], output: SystemOutput): Scores {
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<
    EntityType,
    { tp: number; fp: number; fn: number }
  >;
  const untyped = { tp: 0, fp: 0, fn: 0 };
  const lenient = { tp: 0, fp: 0, fn: 0 };
  const items: LinkItem[] = [];
  const itemNames = new Map<LinkItem, string[]>();
  let unmatchedGoldItems = 0;
  const falsePositives: ErrorItem[] = [];
  const misses: ErrorItem[] = [];

  for (const article of set) {
    const gold = article.entities;
    const predicted = output.byArticle.get(article.source) ?? [];

    const typedPairs = matchArticle(gold, predicted, { typed: true, lenient: false });
    const pairedGold = new Set(typedPairs.map((p) => p.gold));
    const pairedPredicted = new Set(typedPairs.map((p) => p.predicted));
    for (const pair of typedPairs) {
      const g = gold[pair.gold]!;
      const p = predicted[pair.predicted]!;
      counts[g.type].tp++;
      const item = { source: article.source, goldId: g.id, predictedId: p.id };
      items.push(item);
      itemNames.set(item, p.names);
    }
    // A false positive of one type that an untyped match pairs with a gold entity of another.
    const untypedPairs = matchArticle(gold, predicted, { typed: false, lenient: false });
    const untypedGoldOf = new Map(untypedPairs.map((p) => [p.predicted, p.gold]));
    predicted.forEach((p, pi) => {
      if (pairedPredicted.has(pi)) return;
      counts[p.type].fp++;
      const gi = untypedGoldOf.get(pi);
      const other = gi === undefined ? undefined : gold[gi];
      falsePositives.push({
        source: article.source,
        type: p.type,
        names: p.names,
        ...(other && other.type !== p.type ? { wrongType: { goldId: other.id, goldType: other.type } } : {}),
      });
    });
    gold.forEach((g, gi) => {
      if (pairedGold.has(gi)) return;
      counts[g.type].fn++;
      unmatchedGoldItems++;
      misses.push({ source: article.source, type: g.type, names: g.mentions, goldId: g.id });
    });

    untyped.tp += untypedPairs.length;
    untyped.fp += predicted.length - untypedPairs.length;
    untyped.fn += gold.length - untypedPairs.length;
    const lenientPairs = matchArticle(gold, predicted, { typed: true, lenient: true });
    lenient.tp += lenientPairs.length;
    lenient.fp += predicted.length - lenientPairs.length;
    lenient.fn += gold.length - lenientPairs.length;
  }

  const perType = Object.fromEntries(
    ENTITY_TYPES.map((t) => [t, prf(counts[t].tp, counts[t].fp, counts[t].fn)]),
  ) as Record<EntityType, Prf>;
  const sum = (k: 'tp' | 'fp' | 'fn') => ENTITY_TYPES.reduce((n, t) => n + counts[t][k], 0);
  return {
    perType,
    overall: prf(sum('tp'), sum('fp'), sum('fn')),
    untyped: prf(untyped.tp, untyped.fp, untyped.fn),
    lenient: prf(lenient.tp, lenient.fp, lenient.fn),
    linking: linkingScores(items, unmatchedGoldItems, allGoldPairs(set), itemNames),
    falsePositives,
    misses,
  };
}

/** Errors grouped for the developers: the same name (folded) and type across articles, most articles first. */
export function groupErrors(
  errors: ErrorItem[],
  keyOf: (e: ErrorItem) => string,
): { key: string; type: EntityType; names: string[]; sources: string[]; wrongType?: ErrorItem['wrongType'] }[] {
  const groups = new Map<
    string,
    { key: string; type: EntityType; names: Set<string>; sources: string[]; wrongType?: ErrorItem['wrongType'] }
  >();
  for (const e of errors) {
    const key = keyOf(e);
    const group = groups.get(key) ?? { key, type: e.type, names: new Set<string>(), sources: [] };
    for (const n of e.names) group.names.add(n);
    group.sources.push(e.source);
    if (e.wrongType && !group.wrongType) group.wrongType = e.wrongType;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, names: [...g.names] }))
    .sort((a, b) => b.sources.length - a.sources.length || a.key.localeCompare(b.key));
}

export const falsePositiveKey = (e: ErrorItem) => `${e.type} ${fold(e.names[0] ?? '')}`;
export const missKey = (e: ErrorItem) => e.goldId ?? `${e.type} ${fold(e.names[0] ?? '')}`;
