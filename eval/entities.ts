/**
 * Entity extraction and linking quality: the hand-annotated development set
 * (eval/entities/dev-set.jsonl; how it was made: eval/entities/README.md) imported into a fresh
 * SQLite store through the store's own import path, then what Ghad found in each article
 * (store.entities.forArticle) scored against the gold, beside a title-word baseline on the same
 * texts. Prints P/R/F1 per type, linking pairwise P/R/F1, names recall of reader search over the
 * set, and the worst errors; `--json` writes the figures too.
 *
 *   npm run eval:entities [-- --json] [--output FILE] [--examples N] [--stand-in]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ArticleEntity } from '../src/entities/entity.ts';
import { ENTITY_TYPES, type EntityType } from '../src/entities/found-entity.ts';
import { searchArticles } from '../src/search/reader-search.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { REPO_ROOT } from './corpus.ts';
import { baselineExtract, TITLES } from './entities/baseline.ts';
import {
  checkDevSet,
  DEV_SET_FILE,
  type DevArticle,
  type GoldArticle,
  loadDevArticles,
  readDevSet,
} from './entities/dev-set.ts';
import { spellingKey, typedForm } from './entities/fold.ts';
import {
  falsePositiveKey,
  groupErrors,
  matchArticle,
  missKey,
  type PredictedEntity,
  type Prf,
  type Scores,
  type SystemOutput,
  score,
} from './entities/score.ts';
import { mean } from './metrics.ts';
import { table } from './report.ts';

const USAGE = `npm run eval:entities -- [options]
  --json            also write the figures as JSON (to --output)
  --output FILE     where --json writes (test-output/eval-entities.json)
  --examples N      worst false positives and misses listed (20)
  --stand-in        also score the stand-in system (the gold, perturbed by fixed rules: a check of
                    the scorer); it is scored anyway while Ghad finds nothing`;

const NAMES_LIMIT = 10;

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      output: { type: 'string', default: 'test-output/eval-entities.json' },
      examples: { type: 'string', default: '20' },
      'stand-in': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const examples = Number(values.examples);
  if (!Number.isInteger(examples) || examples < 0) throw new Error(`--examples must be a whole number.\n${USAGE}`);
  return {
    json: values.json,
    output: path.resolve(REPO_ROOT, values.output),
    examples,
    standIn: values['stand-in'],
  };
}

const log = (line: string) => console.error(`▸ ${line}`);
const f3 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(3));

// ─── The systems ────────────────────────────────────────────────────────────────────────────

interface SystemRun {
  name: string;
  label: string;
  output: SystemOutput;
  seconds: number;
}

/** The store's entities, as another part of Ghad provides them (absent until it exists). */
type EntitiesReader = { forArticle(articleId: number): Promise<ArticleEntity[]> };

function entitiesOf(store: Store): EntitiesReader | undefined {
  const entities = (store as unknown as { entities?: Partial<EntitiesReader> }).entities;
  return typeof entities?.forArticle === 'function' ? (entities as EntitiesReader) : undefined;
}

async function runGhad(reader: EntitiesReader, articles: DevArticle[], ids: Map<string, number>): Promise<SystemRun> {
  const started = performance.now();
  const byArticle = new Map<string, PredictedEntity[]>();
  for (const { gold } of articles) {
    const found = await reader.forArticle(ids.get(gold.source)!);
    byArticle.set(
      gold.source,
      found.map((e) => ({ id: String(e.id), type: e.type, names: e.names.length > 0 ? e.names : [e.name] })),
    );
  }
  return {
    name: 'ghad',
    label: 'Ghad (store.entities.forArticle after import)',
    output: { byArticle },
    seconds: (performance.now() - started) / 1000,
  };
}

function runBaseline(articles: DevArticle[]): SystemRun {
  const started = performance.now();
  const byArticle = new Map(articles.map((a) => [a.gold.source, baselineExtract(a.text)]));
  return {
    name: 'baseline',
    label: `title word + 1–2 words as PER (${TITLES.length} titles), exact-string identity`,
    output: { byArticle },
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The stand-in: the gold itself, perturbed by fixed rules so that every kind of error shows in
 * the report. Counting gold items over the set (k = 0, 1, 2…): k % 5 === 4 is left out (a miss);
 * k % 7 === 6 gets the wrong type (a false positive and a miss); k % 4 === 3 gets its id with
 * "#2" (a linking split); every prediction keeps only its gold entity's first mention; and every
 * third article gets a made-up LOC «الخبر» (a false positive).
 */
export function standInOutput(set: GoldArticle[]): SystemOutput {
  const byArticle = new Map<string, PredictedEntity[]>();
  let k = 0;
  set.forEach((article, ai) => {
    const predicted: PredictedEntity[] = [];
    for (const e of article.entities) {
      const i = k++;
      if (i % 5 === 4) continue;
      const type: EntityType = i % 7 === 6 ? (e.type === 'PER' ? 'LOC' : 'PER') : e.type;
      predicted.push({ id: i % 4 === 3 ? `${e.id}#2` : e.id, type, names: [e.mentions[0]!] });
    }
    if (ai % 3 === 2) predicted.push({ id: 'LOC:الخبر', type: 'LOC', names: ['الخبر'] });
    byArticle.set(article.source, predicted);
  });
  return { byArticle };
}

// ─── The scorer's own check ─────────────────────────────────────────────────────────────────

/** Fails loudly when the scorer does not give the figures a hand count gives. */
function checkScorer(set: GoldArticle[]): void {
  const fail = (what: string) => {
    throw new Error(`The scorer's self-check failed: ${what}`);
  };
  // The gold scored against itself is perfect everywhere.
  const perfect = score(set, {
    byArticle: new Map(
      set.map((a) => [a.source, a.entities.map((e) => ({ id: e.id, type: e.type, names: e.mentions }))]),
    ),
  });
  for (const [name, p] of [
    ['overall', perfect.overall],
    ['untyped', perfect.untyped],
    ['linking', perfect.linking],
  ] as const) {
    if (p.f1 !== 1) fail(`gold against itself: ${name} F1 ${p.f1}`);
  }
  // A hand case: clitic and hamza folds, a wrong type, a spurious name, a split.
  const tiny: GoldArticle[] = [
    {
      source: 'a',
      corpus: 'seed',
      chosen: 'seed',
      entities: [
        { id: 'PER:x', type: 'PER', mentions: ['أردوغان'] },
        { id: 'LOC:t', type: 'LOC', mentions: ['تركيا'] },
      ],
    },
    { source: 'b', corpus: 'seed', chosen: 'seed', entities: [{ id: 'PER:x', type: 'PER', mentions: ['إردوغان'] }] },
    { source: 'c', corpus: 'seed', chosen: 'seed', entities: [{ id: 'PER:x', type: 'PER', mentions: ['اردوغان'] }] },
  ];
  const got = score(tiny, {
    byArticle: new Map([
      [
        'a',
        [
          { id: '1', type: 'PER', names: ['لأردوغان'] },
          { id: '2', type: 'PER', names: ['تركيا'] },
          { id: '3', type: 'ORG', names: ['الحزب'] },
        ],
      ],
      ['b', [{ id: '1', type: 'PER', names: ['اردوغان'] }]],
      ['c', [{ id: '9', type: 'PER', names: ['اردوغان'] }]],
    ]),
  });
  // Typed: 3 of 4 gold found, 3 of 5 predictions right; untyped: تركيا counts too.
  const expect = (what: string, actual: number, wanted: number) => {
    if (Math.abs(actual - wanted) > 1e-9) fail(`${what} is ${actual}, not ${wanted}`);
  };
  expect('tiny typed precision', got.overall.precision, 3 / 5);
  expect('tiny typed recall', got.overall.recall, 3 / 4);
  expect('tiny untyped precision', got.untyped.precision, 4 / 5);
  expect('tiny LOC recall', got.perType.LOC.recall, 0);
  // Linking over the 3 matched x items: gold pairs ab ac bc; predicted pairs ab; right: ab.
  expect('tiny linking precision', got.linking.precision, 1);
  expect('tiny linking recall', got.linking.recall, 1 / 3);
  if (got.falsePositives.find((e) => e.names[0] === 'تركيا')?.wrongType?.goldId !== 'LOC:t') fail('tiny wrong type');
  if (
    matchArticle(tiny[0]!.entities, [{ id: '1', type: 'PER', names: ['ردوغان'] }], { typed: true, lenient: false })
      .length
  )
    fail('a name one letter short matched');
}

// ─── Names recall of reader search ──────────────────────────────────────────────────────────

interface NameQueryOutcome {
  entity: string;
  query: string;
  /** Articles of the set naming the entity (the gold), and how many of them are in the top 10. */
  relevant: number;
  found: number;
  recall: number;
  /** Share of the results (at most 10) that name the entity; undefined when there are none. */
  precision: number | undefined;
  results: number;
  missed: string[];
}

interface NamesFigures {
  entities: number;
  queries: number;
  recall: number;
  precision: number;
  /** Queries that found nothing (not in the precision mean). */
  empty: number;
  outcomes: NameQueryOutcome[];
}

/**
 * Gold entities with at least two spellings across the set (fold.ts spellingKey), each spelling
 * as a reader types it (no harakat, tatweel or quotation marks), with the articles naming the entity.
 */
export function spellingGroups(set: GoldArticle[]) {
  const groups = new Map<string, { spellings: Map<string, string>; articles: Set<string> }>();
  for (const article of set) {
    for (const e of article.entities) {
      const group = groups.get(e.id) ?? { spellings: new Map<string, string>(), articles: new Set<string>() };
      group.articles.add(article.source);
      for (const m of e.mentions) {
        const key = spellingKey(m);
        if (!group.spellings.has(key)) group.spellings.set(key, typedForm(m));
      }
      groups.set(e.id, group);
    }
  }
  return [...groups]
    .filter(([, g]) => g.spellings.size >= 2)
    .map(([id, g]) => ({ id, spellings: [...g.spellings.values()], articles: g.articles }));
}

async function namesRecall(store: Store, set: GoldArticle[]): Promise<NamesFigures> {
  const outcomes: NameQueryOutcome[] = [];
  const groups = spellingGroups(set);
  for (const group of groups) {
    for (const query of group.spellings) {
      const found = await searchArticles(store, { text: query, limit: NAMES_LIMIT, offset: 0 });
      const ids = found.results.map((r) => r.article.externalId ?? '');
      const hits = ids.filter((id) => group.articles.has(id));
      const relevant = group.articles.size;
      outcomes.push({
        entity: group.id,
        query,
        relevant,
        found: hits.length,
        recall: hits.length / Math.min(relevant, NAMES_LIMIT),
        precision: ids.length === 0 ? undefined : hits.length / ids.length,
        results: ids.length,
        missed: [...group.articles].filter((id) => !ids.includes(id)),
      });
    }
  }
  const precisions = outcomes.flatMap((o) => (o.precision === undefined ? [] : [o.precision]));
  return {
    entities: groups.length,
    queries: outcomes.length,
    recall: mean(outcomes.map((o) => o.recall)),
    precision: mean(precisions),
    empty: outcomes.length - precisions.length,
    outcomes,
  };
}

// ─── The set's size ─────────────────────────────────────────────────────────────────────────

function setCounts(set: GoldArticle[]) {
  const perType = (fn: (t: EntityType) => number) => Object.fromEntries(ENTITY_TYPES.map((t) => [t, fn(t)]));
  const items = set.flatMap((a) => a.entities);
  const articlesOf = new Map<string, { type: EntityType; articles: number }>();
  for (const e of items) {
    const entry = articlesOf.get(e.id) ?? { type: e.type, articles: 0 };
    entry.articles++;
    articlesOf.set(e.id, entry);
  }
  const recurring = [...articlesOf].filter(([, e]) => e.articles >= 2);
  return {
    articles: set.length,
    articlesBy: {
      goud: set.filter((a) => a.corpus === 'goud').length,
      jawhara: set.filter((a) => a.corpus === 'jawhara').length,
      seed: set.filter((a) => a.corpus === 'seed').length,
    },
    chosenBy: {
      names: set.filter((a) => a.chosen === 'names').length,
      random: set.filter((a) => a.chosen === 'random').length,
      seed: set.filter((a) => a.chosen === 'seed').length,
    },
    /** (article, entity) items: what extraction is scored on. */
    items: items.length,
    itemsPerType: perType((t) => items.filter((e) => e.type === t).length),
    /** Distinct real-world entities (gold ids). */
    entities: articlesOf.size,
    entitiesPerType: perType((t) => [...articlesOf.values()].filter((e) => e.type === t).length),
    /** Distinct forms per item, summed. */
    mentions: items.reduce((n, e) => n + e.mentions.length, 0),
    recurringEntities: recurring.length,
    recurringPerType: perType((t) => recurring.filter(([, e]) => e.type === t).length),
    recurring: recurring
      .sort((a, b) => b[1].articles - a[1].articles || a[0].localeCompare(b[0]))
      .map(([id, e]) => ({ id, articles: e.articles })),
  };
}

// ─── The report ─────────────────────────────────────────────────────────────────────────────

function prfCells(p: Prf | undefined): string[] {
  return p ? [f3(p.precision), f3(p.recall), f3(p.f1)] : ['–', '–', '–'];
}

function typeTable(runs: { run: SystemRun; scores: Scores }[]): string {
  const header = ['entities', 'support', ...runs.flatMap(({ run }) => [`${run.name} P`, 'R', 'F1'])];
  const first = runs[0]!.scores;
  const row = (label: string, pick: (s: Scores) => Prf) => [
    label,
    String(pick(first).support),
    ...runs.flatMap(({ scores }) => prfCells(pick(scores))),
  ];
  return table(header, [
    ...ENTITY_TYPES.map((t) => row(t, (s) => s.perType[t])),
    row('all (micro)', (s) => s.overall),
    row('untyped', (s) => s.untyped),
    row('boundary-lenient', (s) => s.lenient),
  ]);
}

function linkingTable(runs: { run: SystemRun; scores: Scores }[]): string {
  return table(
    ['linking (pairwise)', 'matched items', 'unmatched gold', 'gold pairs', 'predicted pairs', 'P', 'R', 'F1'],
    runs.map(({ run, scores: { linking: l } }) => [
      run.name,
      String(l.items),
      String(l.unmatchedGoldItems),
      `${l.goldPairs}/${l.allGoldPairs}`,
      String(l.predictedPairs),
      ...prfCells(l),
    ]),
  );
}

function errorLists(run: SystemRun, scores: Scores, count: number): string {
  const lines: string[] = [];
  const fps = groupErrors(scores.falsePositives, falsePositiveKey);
  lines.push(
    `${run.name}: ${scores.falsePositives.length} false positives (${fps.length} distinct); the ${Math.min(count, fps.length)} most frequent:`,
  );
  for (const g of fps.slice(0, count)) {
    const why = g.wrongType ? `  [wrong type: gold ${g.wrongType.goldType} ${g.wrongType.goldId}]` : '';
    lines.push(`  ${g.type} «${g.names.join('» «')}» ×${g.sources.length}: ${g.sources.slice(0, 4).join(', ')}${why}`);
  }
  const misses = groupErrors(scores.misses, missKey);
  lines.push(
    `${run.name}: ${scores.misses.length} gold entities missed (${misses.length} distinct); the ${Math.min(count, misses.length)} most frequent:`,
  );
  for (const g of misses.slice(0, count)) {
    lines.push(`  ${g.key} «${g.names.join('» «')}» ×${g.sources.length}: ${g.sources.slice(0, 4).join(', ')}`);
  }
  const { splits, merges } = scores.linking;
  if (splits.length > 0) {
    lines.push(`${run.name}: ${splits.length} gold entities split over several ids:`);
    for (const s of splits.slice(0, Math.ceil(count / 2))) {
      lines.push(
        `  ${s.goldId}: ${s.predicted.map((p) => `${p.id} «${p.names.join('» «')}» ×${p.items}`).join(' | ')}`,
      );
    }
  }
  if (merges.length > 0) {
    lines.push(`${run.name}: ${merges.length} ids joining different gold entities:`);
    for (const m of merges.slice(0, Math.ceil(count / 2))) {
      lines.push(`  ${m.predictedId}: ${m.gold.map((g) => `${g.id} ×${g.items}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}

function namesReport(names: NamesFigures, count: number): string {
  const lines = [
    `names: ${names.queries} queries (every spelling) of ${names.entities} gold entities written ≥ 2 ways in the set; ` +
      `searchArticles, limit ${NAMES_LIMIT}`,
    `  recall ${f3(names.recall)} (articles naming the entity in the top ${NAMES_LIMIT} / min(${NAMES_LIMIT}, articles naming it))`,
    `  precision ${f3(names.precision)} (results naming the entity / results; ${names.empty} queries found nothing and are left out)`,
  ];
  const worst = [...names.outcomes]
    .filter((o) => o.recall < 1 || (o.precision ?? 0) < 1)
    .sort((a, b) => a.recall - b.recall || (a.precision ?? 0) - (b.precision ?? 0))
    .slice(0, count);
  if (worst.length > 0) lines.push('  worst queries:');
  for (const o of worst) {
    lines.push(
      `  «${o.query}» (${o.entity}) ${o.found}/${o.relevant} found, ${o.results} results, P ${f3(o.precision)}` +
        (o.missed.length ? `; missed ${o.missed.slice(0, 4).join(', ')}` : ''),
    );
  }
  return lines.join('\n');
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const started = performance.now();
  const set = readDevSet();
  const articles = loadDevArticles(set);
  const problems = checkDevSet(articles);
  if (problems.length > 0) {
    console.error(`${path.relative(REPO_ROOT, DEV_SET_FILE)} has ${problems.length} problems:`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  checkScorer(set);
  const counts = setCounts(set);
  log(
    `${counts.articles} articles, ${counts.items} (article, entity) items of ${counts.entities} entities, ` +
      `${counts.mentions} mentions; scorer self-check passed`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-eval-entities-'));
  const store = await openStore({ dataDir });
  const runs: SystemRun[] = [];
  let names: NamesFigures;
  let ghadNote: string | undefined;
  let importSeconds: number;
  try {
    const importStarted = performance.now();
    const ids = new Map<string, number>();
    for (const { gold, input } of articles) {
      const result = await store.articles.upsertByExternalId(input);
      ids.set(gold.source, result.id);
    }
    importSeconds = (performance.now() - importStarted) / 1000;
    log(`imported ${ids.size} articles into a fresh store in ${importSeconds.toFixed(2)} s`);

    const reader = entitiesOf(store);
    let ghadFound = 0;
    if (reader) {
      const ghad = await runGhad(reader, articles, ids);
      ghadFound = [...ghad.output.byArticle.values()].reduce((n, list) => n + list.length, 0);
      if (ghadFound === 0) {
        ghadNote =
          'store.entities.forArticle returned nothing for every article (does extraction run on import yet?); ' +
          'the stand-in shows the scorer at work';
        log(`warning: ${ghadNote}`);
      }
      runs.push(ghad);
    } else {
      ghadNote =
        'store.entities.forArticle does not exist yet: Ghad is not scored; the stand-in shows the scorer at work';
      log(ghadNote);
    }
    runs.push(runBaseline(articles));
    if (ghadFound === 0 || options.standIn) {
      runs.push({
        name: 'stand-in',
        label: 'the gold, perturbed by fixed rules (standInOutput): a check of the scorer, not a system',
        output: standInOutput(set),
        seconds: 0,
      });
    }
    names = await namesRecall(store, set);
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const scored = runs.map((run) => ({ run, scores: score(set, run.output) }));
  console.log(
    `\nEntity extraction and linking on the development set: ${counts.articles} articles ` +
      `(goud ${counts.articlesBy.goud}, jawhara ${counts.articlesBy.jawhara}, seed ${counts.articlesBy.seed}; ` +
      `${counts.chosenBy.names} chosen for recurring names, ${counts.chosenBy.random} drawn at random)`,
  );
  console.log(
    `${counts.items} (article, entity) items (PER ${counts.itemsPerType.PER}, ORG ${counts.itemsPerType.ORG}, ` +
      `LOC ${counts.itemsPerType.LOC}) of ${counts.entities} entities (PER ${counts.entitiesPerType.PER}, ` +
      `ORG ${counts.entitiesPerType.ORG}, LOC ${counts.entitiesPerType.LOC}); ${counts.mentions} distinct mentions; ` +
      `${counts.recurringEntities} entities in ≥ 2 articles`,
  );
  if (ghadNote) console.log(`\nNote: ${ghadNote}`);
  for (const { run } of scored) console.log(`  ${run.name}: ${run.label}`);
  console.log(
    '\nMatching: same type, and a found name equal to a gold mention after folding hamza seats, ى, ة, harakat,\n' +
      'tatweel, a leading clitic and «ال»; greedy, most gold mentions covered first, one-to-one per article.\n' +
      'boundary-lenient also accepts names whose words are a run inside the other (مجموعة السبع ~ مجموعة السبع الصناعية الكبرى).\n',
  );
  console.log(typeTable(scored));
  console.log(
    `\n${linkingTable(scored)}\n(pairs of matched items in different articles; gold pairs shown as matched/all in the set)`,
  );
  console.log(`\n${namesReport(names, Math.ceil(options.examples / 2))}`);
  if (options.examples > 0) {
    const ghad = scored.find((s) => s.run.name === 'ghad');
    const focus =
      ghad && ghad.scores.overall.tp + ghad.scores.overall.fp > 0
        ? ghad
        : scored.find((s) => s.run.name === 'stand-in');
    if (focus) console.log(`\nWorst errors:\n${errorLists(focus.run, focus.scores, options.examples)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${seconds.toFixed(1)} s in all`);

  if (options.json) {
    fs.mkdirSync(path.dirname(options.output), { recursive: true });
    const report = {
      generatedAt: new Date().toISOString(),
      command: `npm run eval:entities${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      devSet: { file: path.relative(REPO_ROOT, DEV_SET_FILE), ...counts },
      note: ghadNote ?? null,
      importSeconds,
      systems: scored.map(({ run, scores }) => ({
        name: run.name,
        label: run.label,
        seconds: run.seconds,
        perType: scores.perType,
        overall: scores.overall,
        untyped: scores.untyped,
        lenient: scores.lenient,
        linking: scores.linking,
        falsePositives: groupErrors(scores.falsePositives, falsePositiveKey),
        misses: groupErrors(scores.misses, missKey),
      })),
      names,
    };
    fs.writeFileSync(options.output, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Figures written to ${path.relative(REPO_ROOT, options.output)}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
