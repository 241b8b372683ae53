import { normalize } from '../arabic/normalize.ts';
import { tokenize } from '../arabic/tokenize.ts';

/**
 * Near-copies: two articles from the same dispatch (agency copy republished, rewritten a
 * little: paragraphs dropped or moved, a sentence changed, a new headline). The body's text
 * is cut into shingles (runs of `shingleWords` normalized words) and summed up as a MinHash
 * signature of `bands × rows` 32-bit minima; the signature is kept only as one key per band
 * (its `rows` minima hashed to 31 bits: 10 keys, under 40 bytes an article). Two articles
 * with the same key in the same band are candidates; a candidate is a near-copy when the
 * share of the shorter text's shingles found in the longer (`containment`) reaches
 * NEAR_COPY_CONTAINMENT, counted on the texts themselves. Headlines are left out: a rewrite
 * changes them first.
 *
 * Broder, "On the resemblance and containment of documents" (1997); the banding is the LSH of
 * Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, ch. 3.
 */
export interface NearCopyScheme {
  shingleWords: number;
  bands: number;
  rows: number;
}

export const NEAR_COPY_SCHEME: NearCopyScheme = { shingleWords: 3, bands: 10, rows: 2 };

/** The least share of the shorter text's shingles found in the other for the two to be near-copies. */
export const NEAR_COPY_CONTAINMENT = 0.7;

/** Texts with fewer distinct shingles say too little to be matched (a line, one sentence repeated). */
export const MIN_SHINGLES = 12;

/** The distinct shingles of a text, as 32-bit hashes. */
export function shingles(text: string, words = NEAR_COPY_SCHEME.shingleWords): Set<number> {
  const tokens = tokenize(normalize(text)).map((token) => token.text);
  const hashes = new Set<number>();
  for (let i = 0; i + words <= tokens.length; i++) {
    let hash = FNV_OFFSET;
    for (let w = 0; w < words; w++) {
      if (w > 0) hash = fnvStep(hash, 0x20);
      const token = tokens[i + w] as string;
      for (let c = 0; c < token.length; c++) hash = fnvStep(hash, token.charCodeAt(c));
    }
    hashes.add(hash >>> 0);
  }
  return hashes;
}

/**
 * The band keys of a text (the key of band i at i), or none when it is too short to be
 * matched. Each key is a whole number below 2^31: an integer column on both databases.
 */
export function bandKeys(text: string, scheme: NearCopyScheme = NEAR_COPY_SCHEME): number[] {
  const set = shingles(text, scheme.shingleWords);
  return set.size < MIN_SHINGLES ? [] : bandKeysOf(set, scheme);
}

export function bandKeysOf(set: ReadonlySet<number>, scheme: NearCopyScheme = NEAR_COPY_SCHEME): number[] {
  const count = scheme.bands * scheme.rows;
  const minima = new Uint32Array(count).fill(0xffffffff);
  for (const shingle of set) {
    for (let i = 0; i < count; i++) {
      const value = permuted(shingle, i);
      if (value < (minima[i] as number)) minima[i] = value;
    }
  }
  const keys: number[] = [];
  for (let band = 0; band < scheme.bands; band++) {
    let key = Math.imul(band + 1, 0x9e3779b1);
    for (let row = 0; row < scheme.rows; row++) key = mix(key ^ (minima[band * scheme.rows + row] as number));
    keys.push(key >>> 1);
  }
  return keys;
}

/** How much of the shorter set is in the longer: 1 for a text within the other, 0 for nothing shared. */
export function containment(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / small.size;
}

const FNV_OFFSET = 0x811c9dc5;

function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** The i-th hash of a shingle: a seeded 32-bit mix (murmur3's finalizer). */
function permuted(shingle: number, i: number): number {
  return mix(shingle ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
}

function mix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The items of a list less each near-copy of one before it (`pairs`: the near-copies among
 * them, either way round): a list shows one story once, in the place of its first copy.
 * `before`: ids already shown elsewhere on the page, whose copies are left out too.
 */
export function withoutNearCopies<T>(
  items: readonly T[],
  idOf: (item: T) => number,
  pairs: readonly (readonly [number, number])[],
  before: Iterable<number> = [],
): T[] {
  if (pairs.length === 0) return [...items];
  const copies = new Map<number, number[]>();
  for (const [a, b] of pairs) {
    copies.set(a, [...(copies.get(a) ?? []), b]);
    copies.set(b, [...(copies.get(b) ?? []), a]);
  }
  const shown = new Set(before);
  const kept: T[] = [];
  for (const item of items) {
    const id = idOf(item);
    if ((copies.get(id) ?? []).some((copy) => shown.has(copy))) continue;
    shown.add(id);
    kept.push(item);
  }
  return kept;
}
