/**
 * Known-item queries: 3–5 consecutive words of a headline, typed the way readers type them
 * (perturb.ts). The relevant document is the one whose headline the words came from. Headlines
 * shared by several documents are skipped, and so are windows whose words (judged: judge-text.ts,
 * proclitics aside) all appear in any other headline, so that each query has one right answer.
 */
import type { EvalDocument } from './corpus.ts';
import { judgeWords } from './judge-text.ts';
import { applicablePerturbations, PERTURBATIONS, type PerturbationKind, type SimplePerturbation } from './perturb.ts';
import type { Prng } from './prng.ts';

export interface KnownItemQuery {
  id: string;
  kind: PerturbationKind;
  /** The perturbations applied, in order (one for simple kinds, 2–3 for mixed, none for exact). */
  perturbations: SimplePerturbation[];
  query: string;
  /** The headline words the query came from, unchanged. */
  window: string;
  relevant: string;
}

/** How many queries of each kind (digits: as many as headlines with digits allow, up to this). */
export const KNOWN_ITEM_COUNTS: Record<PerturbationKind, number> = {
  exact: 40,
  hamza: 50,
  'ta-marbuta': 50,
  ya: 50,
  harakat: 50,
  clitic: 60,
  digits: 40,
  mixed: 60,
};

/**
 * A headline's words as typed: quotes, brackets and other punctuation become spaces (a decimal
 * point or comma between digits stays); harakat and shadda written in the headline stay.
 */
export function headlineWords(headline: string): string[] {
  return headline
    .replace(/(?!(?<=\d)[.,](?=\d))[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

export function buildKnownItems(documents: EvalDocument[], random: Prng): KnownItemQuery[] {
  // Judged headlines: skip those that several documents share; count n-grams across headlines.
  const headlineCount = new Map<string, number>();
  const judged = documents.map((d) => judgeWords(d.headline));
  for (const words of judged) {
    const key = words.join(' ');
    headlineCount.set(key, (headlineCount.get(key) ?? 0) + 1);
  }
  // A window is a known item only if no other headline holds all its words, in any order and
  // with any proclitics (والأمطار = أمطار): otherwise that other article is just as right.
  const headlineKeys = judged.map((words) => new Set(words.map(wordKey)));
  const docsWithKey = new Map<string, number[]>();
  headlineKeys.forEach((keys, index) => {
    for (const key of keys) docsWithKey.set(key, [...(docsWithKey.get(key) ?? []), index]);
  });
  const onlyIn = (index: number, window: string[]) => {
    const keys = [...new Set(judgeWords(window.join(' ')).map(wordKey))];
    const lists = keys.map((key) => docsWithKey.get(key) ?? []).sort((a, b) => a.length - b.length);
    return lists[0]!.every((other) => other === index || !keys.every((key) => headlineKeys[other]!.has(key)));
  };

  const order = random.shuffle(documents.map((_, i) => i));
  const used = new Set<number>();
  const queries: KnownItemQuery[] = [];
  for (const [kind, count] of Object.entries(KNOWN_ITEM_COUNTS) as [PerturbationKind, number][]) {
    let made = 0;
    for (const index of order) {
      if (made === count) break;
      if (used.has(index)) continue;
      const doc = documents[index]!;
      if (headlineCount.get(judged[index]!.join(' ')) !== 1) continue;
      const words = headlineWords(doc.headline);
      const length = random.int(3, 5);
      if (words.length < length) continue;
      const starts: number[] = [];
      for (let s = 0; s + length <= words.length; s++) {
        const window = words.slice(s, s + length);
        if (window.filter((w) => w.length >= 3).length < 2 || !onlyIn(index, window)) continue;
        if (kind === 'exact' || kind === 'mixed' || PERTURBATIONS[kind](window, random) !== null) starts.push(s);
      }
      if (starts.length === 0) continue;
      const start = random.pick(starts);
      const window = words.slice(start, start + length);
      const result = perturbWindow(kind, window, random);
      if (!result) continue;
      used.add(index);
      made++;
      queries.push({
        id: `k${String(queries.length + 1).padStart(3, '0')}`,
        kind,
        perturbations: result.perturbations,
        query: result.words.join(' '),
        window: window.join(' '),
        relevant: doc.externalId,
      });
    }
  }
  return queries;
}

function perturbWindow(
  kind: PerturbationKind,
  window: string[],
  random: Prng,
): { words: string[]; perturbations: SimplePerturbation[] } | null {
  if (kind === 'exact') return { words: window, perturbations: [] };
  if (kind !== 'mixed') {
    const words = PERTURBATIONS[kind](window, random);
    return words && { words, perturbations: [kind] };
  }
  // Mixed: 2–3 of the perturbations that apply, in a random order (harakat last: it is pasting).
  const applicable = applicablePerturbations(window, random);
  if (applicable.length < 2) return null;
  const chosen = random.shuffle(applicable).slice(0, random.int(2, Math.min(3, applicable.length)));
  chosen.sort((a, b) => Number(a === 'harakat') - Number(b === 'harakat'));
  let words = window;
  const applied: SimplePerturbation[] = [];
  for (const p of chosen) {
    const next = PERTURBATIONS[p](words, random);
    if (next) {
      words = next;
      applied.push(p);
    }
  }
  return applied.length >= 2 ? { words, perturbations: applied } : null;
}

/** A judged word without its proclitics (و ف ب ل ك ال لل), for comparing headlines' words. */
function wordKey(word: string): string {
  const stripped = word.replace(/^(?:لل|[وف]?[بلك]?(?:ال)?)/, '');
  return stripped.length >= 2 ? stripped : word;
}
