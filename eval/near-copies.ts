/**
 * Near-copy detection (src/stories/near-copy.ts; issue 14): precision and recall on pairs built
 * from the corpora, and what the corpora themselves hold.
 *
 *   npm run eval:near-copies [-- --pairs 600 --seed 14 --show 12]
 *
 * How the sets are made (seeded, the same on every run):
 * - Near-copies: an article of at least 60 words and its rewrite, made by 1 to 3 of these edits
 *   drawn at random: paragraphs (or, in one-paragraph texts, a run of sentences) dropped, up to
 *   35% of the text; paragraphs or sentences moved; one to three sentences edited (words
 *   replaced by words of another article, a clause cut); a sentence of another article put in
 *   front (a desk's own lead); the headline replaced. Headlines are not read by the detector,
 *   so that edit only checks that.
 * - Hard non-copies: two different articles that name at least two of the same people, places
 *   or organisations (extractEntities), published within 7 days of each other (Jawhara), or
 *   sharing three names where a record has no date (Goud). Pairs the detector calls near-copies
 *   are printed: some are true duplicates the corpus holds, which only a reader can tell.
 *
 * What it cannot tell: how real desks rewrite agency copy (the edits are mechanical: no
 * paraphrase, no translation, no synonyms); how the detector does on texts of other newspapers
 * or other lengths; the rate of near-copies in a real newsroom's stream, on which precision
 * depends (the ratio of the two sets here is chosen, not observed).
 */
import { parseArgs } from 'node:util';
import { extractEntities } from '../src/entities/extract.ts';
import {
  bandKeysOf,
  containment,
  MIN_SHINGLES,
  NEAR_COPY_CONTAINMENT,
  NEAR_COPY_SCHEME,
  type NearCopyScheme,
  shingles,
} from '../src/stories/near-copy.ts';
import { type EvalDocument, loadCorpus } from './corpus.ts';
import { Prng } from './prng.ts';
import { table } from './report.ts';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '600' },
    seed: { type: 'string', default: '14' },
    show: { type: 'string', default: '12' },
    'non-copies': { type: 'string', default: '6000' },
  },
});
const PAIRS = Number(values.pairs);
const NON_COPIES = Number(values['non-copies']);
const SHOW = Number(values.show);
const prng = new Prng(Number(values.seed));

type Edit = 'drop' | 'move' | 'edit' | 'lead' | 'headline';
const EDITS: Edit[] = ['drop', 'move', 'edit', 'lead', 'headline'];

interface Pair {
  a: string;
  b: string;
  label: string;
  edits?: Edit[];
}

const corpus = loadCorpus();
const documents = corpus.documents;
console.log(`corpus: ${documents.length} articles (${corpus.source})`);

const pick = <T>(items: readonly T[]): T => items[Math.floor(prng.next() * items.length)] as T;
const sentencesOf = (text: string) => text.split(/(?<=[.!؟?])\s+/u).filter((s) => s.trim() !== '');
const paragraphsOf = (text: string) => text.split(/\n+/u).filter((p) => p.trim() !== '');
const wordCount = (text: string) => text.split(/\s+/u).filter(Boolean).length;

function rewrite(doc: EvalDocument): { text: string; headline: string; edits: Edit[] } {
  const count = 1 + Math.floor(prng.next() * 3);
  const edits = new Set<Edit>();
  while (edits.size < count) edits.add(pick(EDITS));
  const multi = paragraphsOf(doc.body).length >= 3;
  let units = multi ? paragraphsOf(doc.body) : sentencesOf(doc.body);
  let headline = doc.headline;
  const other = () => pick(documents);
  for (const edit of EDITS.filter((e) => edits.has(e))) {
    if (edit === 'drop' && units.length >= 3) {
      const total = wordCount(units.join(' '));
      let dropped = 0;
      const budget = total * (0.15 + prng.next() * 0.2);
      while (units.length > 2) {
        const i = Math.floor(prng.next() * units.length);
        const words = wordCount(units[i] as string);
        if (dropped + words > budget) break;
        dropped += words;
        units = units.filter((_, j) => j !== i);
      }
    } else if (edit === 'move' && units.length >= 2) {
      const i = Math.floor(prng.next() * units.length);
      const [moved] = units.splice(i, 1);
      units.splice(Math.floor(prng.next() * (units.length + 1)), 0, moved as string);
    } else if (edit === 'edit') {
      const sentences = units.flatMap((u) => sentencesOf(u));
      const n = 1 + Math.floor(prng.next() * 3);
      const donor = other().body.split(/\s+/u).filter(Boolean);
      for (let k = 0; k < n; k++) {
        const i = Math.floor(prng.next() * sentences.length);
        const words = (sentences[i] as string).split(/\s+/u);
        if (prng.next() < 0.5 && words.length > 8) {
          words.splice(Math.floor(words.length / 2)); // a clause cut
        } else {
          for (let r = 0; r < 2; r++) words[Math.floor(prng.next() * words.length)] = pick(donor);
        }
        sentences[i] = words.join(' ');
      }
      units = sentences;
    } else if (edit === 'lead') {
      units = [pick(sentencesOf(other().body)) ?? '', ...units];
    } else if (edit === 'headline') {
      headline = other().headline;
    }
  }
  return { text: units.join(multi ? '\n' : ' '), headline, edits: [...edits] };
}

// Near-copies.
const texts = new Map<string, string>(documents.map((d) => [d.externalId, d.body]));
const pairs: Pair[] = [];
const long = documents.filter((d) => wordCount(d.body) >= 60);
const used = new Set<string>();
while (pairs.filter((p) => p.label === 'copy').length < PAIRS) {
  const doc = pick(long);
  if (used.has(doc.externalId)) continue;
  used.add(doc.externalId);
  const copy = rewrite(doc);
  const id = `${doc.externalId}~rewrite`;
  texts.set(id, copy.text);
  pairs.push({ a: doc.externalId, b: id, label: 'copy', edits: copy.edits });
}

// Hard non-copies: the same names, the same week.
const t0 = performance.now();
const names = new Map<string, Set<string>>();
for (const doc of documents) {
  const found = extractEntities({ headline: doc.headline, kicker: null, dek: null, bodyText: doc.body });
  names.set(doc.externalId, new Set(found.map((f) => `${f.type} ${f.key}`)));
}
console.log(`names found in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const byName = new Map<string, string[]>();
for (const [id, set] of names) for (const name of set) byName.set(name, [...(byName.get(name) ?? []), id]);
const dates = new Map(documents.map((d) => [d.externalId, d.publishedAt]));
const shared = new Map<string, number>();
for (const ids of byName.values()) {
  if (ids.length > 400) continue; // a name in most articles says nothing of a pair
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const key = `${ids[i]}\t${ids[j]}`;
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
  }
}
const hard = [...shared].filter(([key, count]) => {
  const [a, b] = key.split('\t') as [string, string];
  const da = dates.get(a);
  const db = dates.get(b);
  if (da && db) return count >= 2 && Math.abs(da.getTime() - db.getTime()) <= 7 * 86_400_000;
  return count >= 3;
});
console.log(`hard non-copy pairs available: ${hard.length}`);
const sampled = hard.map((entry) => ({ entry, order: prng.next() })).sort((x, y) => x.order - y.order);
for (const { entry } of sampled.slice(0, NON_COPIES)) {
  const [a, b] = entry[0].split('\t') as [string, string];
  pairs.push({ a, b, label: 'non-copy' });
}

// The detector, and variants of its scheme.
const shingleCache = new Map<string, Set<number>>();
const shinglesOf = (id: string, words: number) => {
  const key = `${words} ${id}`;
  let set = shingleCache.get(key);
  if (!set) {
    set = shingles(texts.get(id) as string, words);
    shingleCache.set(key, set);
  }
  return set;
};

interface Verdict {
  candidate: boolean;
  similarity: number;
  nearCopy: boolean;
}

function judge(pair: Pair, scheme: NearCopyScheme, threshold: number): Verdict {
  const a = shinglesOf(pair.a, scheme.shingleWords);
  const b = shinglesOf(pair.b, scheme.shingleWords);
  if (a.size < MIN_SHINGLES || b.size < MIN_SHINGLES) return { candidate: false, similarity: 0, nearCopy: false };
  const keysA = bandKeysOf(a, scheme);
  const candidate = bandKeysOf(b, scheme).some((key, band) => keysA[band] === key);
  const similarity = containment(a, b);
  return { candidate, similarity, nearCopy: candidate && similarity >= threshold };
}

const schemes: [string, NearCopyScheme, number][] = [
  ['chosen', NEAR_COPY_SCHEME, NEAR_COPY_CONTAINMENT],
  ['3 words, 8×2', { shingleWords: 3, bands: 8, rows: 2 }, NEAR_COPY_CONTAINMENT],
  ['3 words, 16×1', { shingleWords: 3, bands: 16, rows: 1 }, NEAR_COPY_CONTAINMENT],
  ['3 words, 10×2', { shingleWords: 3, bands: 10, rows: 2 }, NEAR_COPY_CONTAINMENT],
  ['4 words, 16×1', { shingleWords: 4, bands: 16, rows: 1 }, NEAR_COPY_CONTAINMENT],
  ['5 words, 16×1', { shingleWords: 5, bands: 16, rows: 1 }, NEAR_COPY_CONTAINMENT],
  ['chosen, ≥ 0.5', NEAR_COPY_SCHEME, 0.5],
  ['chosen, ≥ 0.9', NEAR_COPY_SCHEME, 0.9],
];
const copies = pairs.filter((p) => p.label === 'copy');
const nonCopies = pairs.filter((p) => p.label === 'non-copy');
const rows: string[][] = [];
for (const [name, scheme, threshold] of schemes) {
  const tp = copies.filter((p) => judge(p, scheme, threshold).nearCopy).length;
  const candidates = copies.filter((p) => judge(p, scheme, threshold).candidate).length;
  const fp = nonCopies.filter((p) => judge(p, scheme, threshold).nearCopy).length;
  rows.push([
    name,
    `${scheme.shingleWords} / ${scheme.bands}×${scheme.rows} / ${threshold}`,
    (candidates / copies.length).toFixed(3),
    (tp / copies.length).toFixed(3),
    (tp / Math.max(1, tp + fp)).toFixed(3),
    String(fp),
  ]);
}
console.log(`\n${copies.length} near-copy pairs, ${nonCopies.length} hard non-copy pairs`);
console.log(
  table(['scheme', 'words / bands×rows / containment', 'candidates (copies)', 'recall', 'precision', 'false +'], rows),
);

const byEdit: string[][] = EDITS.map((edit) => {
  const withEdit = copies.filter((p) => p.edits?.includes(edit));
  const found = withEdit.filter((p) => judge(p, NEAR_COPY_SCHEME, NEAR_COPY_CONTAINMENT).nearCopy).length;
  return [edit, String(withEdit.length), (found / Math.max(1, withEdit.length)).toFixed(3)];
});
console.log(`\nrecall by edit (chosen scheme)\n${table(['edit', 'pairs', 'recall'], byEdit)}`);

const missed = copies
  .map((p) => ({ p, v: judge(p, NEAR_COPY_SCHEME, NEAR_COPY_CONTAINMENT) }))
  .filter(({ v }) => !v.nearCopy);
console.log(`\nmissed near-copies (${missed.length}), first ${SHOW}:`);
for (const { p, v } of missed.slice(0, SHOW)) {
  console.log(
    `  ${p.a} [${p.edits?.join(', ')}] candidate=${v.candidate} containment=${v.similarity.toFixed(2)} shingles=${shinglesOf(p.a, 3).size}/${shinglesOf(p.b, 3).size}`,
  );
}
const falsePositives = nonCopies
  .map((p) => ({ p, v: judge(p, NEAR_COPY_SCHEME, NEAR_COPY_CONTAINMENT) }))
  .filter(({ v }) => v.nearCopy);
console.log(`\nhard non-copies called near-copies (${falsePositives.length}): read them to tell true duplicates`);
for (const { p, v } of falsePositives.slice(0, SHOW)) {
  console.log(`  ${p.a}  ${p.b}  containment=${v.similarity.toFixed(2)}`);
}

// What the corpora hold: every pair of articles sharing a band key, checked.
const t1 = performance.now();
const buckets = new Map<string, string[]>();
for (const doc of documents) {
  const set = shinglesOf(doc.externalId, NEAR_COPY_SCHEME.shingleWords);
  if (set.size < MIN_SHINGLES) continue;
  bandKeysOf(set).forEach((key, band) => {
    const slot = `${band} ${key}`;
    buckets.set(slot, [...(buckets.get(slot) ?? []), doc.externalId]);
  });
}
const found = new Map<string, number>();
for (const ids of buckets.values()) {
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const key = `${ids[i]}\t${ids[j]}`;
      if (found.has(key)) continue;
      const a = ids[i] as string;
      const b = ids[j] as string;
      found.set(key, containment(shinglesOf(a, 3), shinglesOf(b, 3)));
    }
  }
}
const held = [...found].filter(([, c]) => c >= NEAR_COPY_CONTAINMENT).sort((x, y) => y[1] - x[1]);
const bySource = (prefix: string) => held.filter(([key]) => key.startsWith(prefix)).length;
console.log(
  `\nthe corpora: ${found.size} candidate pairs, ${held.length} near-copies (Jawhara ${bySource('JA-')}, Goud ${bySource('goud-')}) in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
);
const step = Math.max(1, Math.floor(held.length / SHOW));
for (let i = 0; i < held.length && i / step < SHOW; i += step) {
  const [key, c] = held[i] as [string, number];
  console.log(`  ${key.replace('\t', '  ')}  containment=${c.toFixed(2)}`);
}

if (process.env.NEAR_COPY_BANDS) {
  const edges = [0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i] as number;
    const hi = edges[i + 1] as number;
    const fps = falsePositives.filter(({ v }) => v.similarity >= lo && v.similarity < hi);
    const tps = copies.filter((p) => {
      const v = judge(p, NEAR_COPY_SCHEME, 0);
      return v.candidate && v.similarity >= lo && v.similarity < hi;
    });
    console.log(`containment ${lo}–${hi}: hard non-copies ${fps.length}, rewrites ${tps.length}`);
    for (const { p } of fps.slice(0, 8)) console.log(`    ${p.a} ${p.b}`);
  }
}
