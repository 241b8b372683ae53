/**
 * The search benchmark's mixed query list, drawn from the same corpus material as the
 * articles with a fixed seed: what readers type, from one common word to a filtered phrase.
 */
import { SECTIONS } from '../src/content/sections.ts';
import type { CorpusMaterial } from './generate-articles.ts';
import { Prng } from './prng.ts';

export const QUERY_KINDS = [
  'common word',
  'rare word',
  'headline fragment',
  'name',
  'phrase',
  'exclusion',
  'section filter',
  'date range',
  'no match',
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  kind: QueryKind;
  /** As a reader types it into the search box. */
  text: string;
  sectionSlug?: string;
  /** ISO instants: inclusive lower and exclusive upper bound of the publication date. */
  from?: string;
  to?: string;
}

/**
 * Names in the spellings the corpora and the seed page use, and the variants readers type:
 * each spelling is one query (one spelling must find the articles of every other).
 */
export const NAME_SPELLINGS: readonly (readonly string[])[] = [
  ['فيسبوك', 'فايسبوك', 'الفيسبوك', 'الفايسبوك'],
  ['يوتيوب', 'يوتوب'],
  ['انستغرام', 'إنستغرام', 'انستگرام'],
  ['أردوغان', 'اردوغان', 'إردوغان'],
  ['نتنياهو', 'نتانياهو'],
  ['غوغل', 'جوجل'],
  ['گانتز', 'جانتس', 'غانتس', 'بيني گانتز'],
  ['ترامب', 'ترمب'],
  ['بوتين', 'بوتن'],
  ['أوباما', 'اوباما'],
  ['ماكرون', 'إيمانويل ماكرون'],
  ['السبسي', 'الباجي قايد السبسي'],
  ['يوسف الشاهد', 'الشاهد'],
  ['أخنوش', 'اخنوش'],
  ['موريتانيا', 'موريطانيا'],
  ['أمريكا', 'اميركا'],
];

/** Queries of each kind in a full run (names: every spelling above once). */
const COUNTS: Record<Exclude<QueryKind, 'name'>, number> = {
  'common word': 80,
  'rare word': 60,
  'headline fragment': 100,
  phrase: 50,
  exclusion: 40,
  'section filter': 40,
  'date range': 40,
  'no match': 10,
};

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ARABIC_LETTER = /[\u0620-\u064A]/;

function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Spellings readers use: hamza dropped, ة typed as ه, ى and ي swapped, clitics added or removed. */
function respell(word: string, rng: Prng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return word.replace(/[أإآ]/g, 'ا');
    case 1:
      return word.replace(/ة$/, 'ه');
    case 2:
      return word.endsWith('ى') ? `${word.slice(0, -1)}ي` : word.replace(/ي$/, 'ى');
    case 3:
      // الانتخابات → انتخابات, انتخابات → الانتخابات
      return word.startsWith('ال') && word.length > 4 ? word.slice(2) : `ال${word}`;
    case 4:
      // الانتخابات → للانتخابات, والانتخابات
      return word.startsWith('ال') ? rng.pick([`ل${word.slice(1)}`, `و${word}`]) : `و${word}`;
    default:
      return word;
  }
}

/**
 * The query list for `seed`, with date filters within `years` (those the articles span);
 * `scale` shrinks every kind but names (0.25 for a quick run).
 */
export function buildQueries(
  material: CorpusMaterial,
  seed: number,
  years: { first: number; last: number },
  scale = 1,
): BenchQuery[] {
  const rng = new Prng(seed ^ 0x5eed);
  const count = (kind: Exclude<QueryKind, 'name'>) => Math.max(2, Math.round(COUNTS[kind] * scale));

  const frequency = new Map<string, number>();
  for (const article of material.articles) {
    for (const text of [article.headline, ...article.paragraphs]) {
      for (const word of words(text)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  }
  const arabic = [...frequency].filter(([word]) => word.length >= 3 && ARABIC_LETTER.test(word));
  arabic.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // Past the 20 most frequent (في، من، على …), up to the 600th.
  const common = arabic.slice(20, 600).map(([word]) => word);
  const rare = arabic.filter(([word, n]) => n >= 2 && n <= 4 && word.length >= 4).map(([word]) => word);

  const queries: BenchQuery[] = [];
  const add = (kind: QueryKind, text: string, filters: Omit<BenchQuery, 'kind' | 'text'> = {}) =>
    queries.push({ kind, text, ...filters });

  for (const word of rng.sample(common, count('common word'))) add('common word', word);
  for (const word of rng.sample(rare, count('rare word'))) add('rare word', word);

  const wordRun = (text: string, min: number, max: number): string[] | undefined => {
    const all = words(text);
    if (all.length < min) return undefined;
    const length = rng.int(min, Math.min(max, all.length));
    const start = rng.int(0, all.length - length);
    return all.slice(start, start + length);
  };
  while (queries.filter((q) => q.kind === 'headline fragment').length < count('headline fragment')) {
    const run = wordRun(rng.pick(material.articles).headline, 2, 4);
    if (!run) continue;
    add('headline fragment', run.map((word) => (rng.chance(0.4) ? respell(word, rng) : word)).join(' '));
  }

  for (const group of NAME_SPELLINGS) for (const spelling of group) add('name', spelling);

  while (queries.filter((q) => q.kind === 'phrase').length < count('phrase')) {
    const article = rng.pick(material.articles);
    const run = wordRun(rng.pick(article.paragraphs), 2, 3);
    if (run) add('phrase', `"${run.join(' ')}"`);
  }

  for (let i = 0; i < count('exclusion'); i++) {
    const [wanted, unwanted] = rng.sample(common, 2) as [string, string];
    add('exclusion', `${wanted} -${unwanted}`);
  }

  for (let i = 0; i < count('section filter'); i++) {
    add('section filter', rng.pick(common), { sectionSlug: rng.pick(SECTIONS).slug });
  }

  for (let i = 0; i < count('date range'); i++) {
    const year = rng.int(years.first, years.last);
    // Half a whole year, half one month.
    const month = rng.chance(0.5) ? rng.int(0, 11) : undefined;
    const from = new Date(Date.UTC(year, month ?? 0, 1));
    const to = month === undefined ? new Date(Date.UTC(year + 1, 0, 1)) : new Date(Date.UTC(year, month + 1, 1));
    add('date range', rng.pick(common), { from: from.toISOString(), to: to.toISOString() });
  }

  // Words of Arabic letters that no article holds, and one in Latin letters.
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  while (queries.filter((q) => q.kind === 'no match').length < count('no match') - 1) {
    let word = '';
    for (let length = rng.int(7, 10); word.length < length; ) word += rng.pick([...letters]);
    if (!frequency.has(word)) add('no match', word);
  }
  add('no match', 'qzxwvkjq');

  return queries;
}
