/**
 * The random half of the entity development set (eval/entities/README.md): a fixed draw, so
 * that anyone can see which articles chance picked and that they were not chosen for their names.
 *
 * Method: every record the importer keeps (eval/corpus.ts loadCorpus), of at most MAX_WORDS
 * words (headline + dek + body, split on white space), not in CHOSEN_FOR_NAMES; each corpus's
 * candidates shuffled in corpus order with the mulberry32 generator of eval/prng.ts seeded with
 * SEED (Fisher–Yates); the first PER_CORPUS of each taken. The first draw took 14 a corpus; it
 * was raised to 16 after ADDED_FOR_NAMES, which takes the next two of the same shuffle (the
 * first 14 are unchanged). ADDED_FOR_NAMES is deliberately not excluded, so that adding it left
 * the draw as it was (none of it is drawn).
 *
 *   node --import tsx eval/entities/draw-random.ts    (prints the draw, checks dev-set.jsonl against it)
 */
import { loadCorpus } from '../corpus.ts';
import { Prng } from '../prng.ts';
import { readDevSet } from './dev-set.ts';

export const SEED = 20_260_401;
export const MAX_WORDS = 250;
export const PER_CORPUS = 16;

/** Articles chosen by hand because a recurring entity is spelt in different ways in them. */
export const CHOSEN_FOR_NAMES = [
  'goud-0057',
  'goud-0106',
  'JA-internationalNews-266-20161222',
  'JA-internationalNews-123-20170131',
  'JA-internationalNews-767-20170417',
  'JA-internationalNews-647-20140330',
  'JA-internationalNews-648-20140916',
  'JA-internationalNews-700-20170416',
  'JA-internationalNews-1-20170121',
  'JA-internationalNews-188-20131210',
  'JA-internationalNews-187-20170207',
  'goud-1734',
  'JA-localNews-1198-20170213',
  'goud-0395',
  'goud-0125',
  'JA-diverse-289-20170420',
  'goud-0029',
  'goud-0868',
  'goud-1760',
  'goud-0332',
  'goud-0562',
  'goud-0674',
  'goud-0817',
  'goud-0001',
  'goud-0131',
  'goud-0010',
  'goud-0058',
  'goud-0140',
  'goud-0834',
  'goud-0838',
  'goud-0664',
  'JA-society-13-20170117',
  'goud-1306',
];

/**
 * Chosen for names after the first round of annotation, because Tunisia (and Morocco in the
 * Tunisian corpus) recurred too little: تونس / الجمهورية التونسية, المغرب / المملكة المغربية.
 */
export const ADDED_FOR_NAMES = [
  'JA-localNews-1463-20160607',
  'JA-localNews-3196-20170127',
  'goud-0815',
  'goud-0306',
  'JA-internationalNews-1014-20170408',
  'JA-localNews-903-20161031',
];

export function drawRandom(): string[] {
  const chosen = new Set(CHOSEN_FOR_NAMES);
  const { documents } = loadCorpus();
  const prng = new Prng(SEED);
  const drawn: string[] = [];
  for (const prefix of ['goud-', 'JA-']) {
    const candidates = documents.filter(
      (d) =>
        d.externalId.startsWith(prefix) &&
        !chosen.has(d.externalId) &&
        `${d.headline} ${d.body}`.split(/\s+/).filter(Boolean).length <= MAX_WORDS,
    );
    drawn.push(...prng.shuffle(candidates.map((d) => d.externalId)).slice(0, PER_CORPUS));
  }
  return drawn;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const drawn = drawRandom();
  for (const id of drawn) console.log(id);
  // The set should hold exactly these, and the chosen ones.
  const set = readDevSet();
  const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  const random = set.filter((a) => a.chosen === 'random').map((a) => a.source);
  const names = set.filter((a) => a.chosen === 'names').map((a) => a.source);
  console.error(
    `▸ ${drawn.length} drawn (seed ${SEED}); dev-set.jsonl's random articles are ${same(random, drawn) ? 'exactly these' : 'NOT these'}; ` +
      `its articles chosen for names are ${same(names, [...CHOSEN_FOR_NAMES, ...ADDED_FOR_NAMES]) ? 'exactly the lists here' : 'NOT the lists here'}`,
  );
}
