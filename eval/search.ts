/**
 * Search quality (docs/quality.md, "Search"; issue 3, part 4): the development query set
 * against four systems on the same documents — SQLite FTS5 `unicode61` on the raw text,
 * Lucene's Arabic rules (ArabicNormalizer + ArabicStemmer) in FTS5, and Ghad's own search on
 * SQLite and on PostgreSQL. Prints MRR@10 and recall@10 on known items (also per kind of
 * misspelling), names recall and precision@10, query latency; writes test-output/eval-search.json.
 *
 *   npm run eval:search [-- --rebuild-queries] [--systems fts5-raw,lucene-arabic,ghad-sqlite,ghad-postgres]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus, REPO_ROOT } from './corpus.ts';
import { evaluate, NAMES_DEPTH } from './evaluate.ts';
import { openFts5System } from './fts5-system.ts';
import { openGhadSystem } from './ghad-system.ts';
import { luceneArabicAnalyze } from './lucene-arabic.ts';
import { buildQuerySet, QUERY_SET_FILE, type QuerySet, readQuerySet, writeQuerySet } from './query-set.ts';
import { failures, perGroupTable, perKindTable, type SystemResult, summaryTable } from './report.ts';
import type { SearchSystem, SystemSetup } from './system.ts';

const SYSTEMS = ['fts5-raw', 'lucene-arabic', 'ghad-sqlite', 'ghad-postgres'] as const;
type SystemName = (typeof SYSTEMS)[number];

const USAGE = `npm run eval:search -- [options]
  --rebuild-queries     build eval/queries.dev.json again from the corpus (fixed seed)
  --systems LIST        comma-separated subset of ${SYSTEMS.join(',')} (all)
  --examples N          failing queries printed per system (10)
  --output FILE         the JSON figures (test-output/eval-search.json)`;

const TARGETS = { mrrAt10: 0.95, namesRecall: 0.95 };

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'rebuild-queries': { type: 'boolean', default: false },
      systems: { type: 'string', default: SYSTEMS.join(',') },
      examples: { type: 'string', default: '10' },
      output: { type: 'string', default: 'test-output/eval-search.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const systems = values.systems.split(',').map((s) => s.trim());
  for (const s of systems) {
    if (!(SYSTEMS as readonly string[]).includes(s)) throw new Error(`Unknown system "${s}".\n${USAGE}`);
  }
  const examples = Number(values.examples);
  if (!Number.isInteger(examples) || examples < 0) throw new Error(`--examples must be a whole number.\n${USAGE}`);
  return {
    rebuildQueries: values['rebuild-queries'],
    systems: systems as SystemName[],
    examples,
    output: path.resolve(REPO_ROOT, values.output),
  };
}

const log = (line: string) => console.error(`▸ ${line}`);

function timed(open: () => SearchSystem): SystemSetup {
  const started = performance.now();
  const system = open();
  return { available: true, system, setupSeconds: (performance.now() - started) / 1000, notes: [] };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const corpus = loadCorpus();
  log(
    `${corpus.documents.length} documents from the ${corpus.source} corpora (${corpus.files.map((f) => path.basename(f.file)).join(', ')}); ` +
      `${corpus.skipped.length} records skipped as the importer skips them`,
  );

  let set: QuerySet | undefined = options.rebuildQueries ? undefined : readQuerySet();
  if (!set) {
    set = buildQuerySet(corpus);
    writeQuerySet(set);
    log(`query set built (seed ${set.seed}) and written to ${path.relative(REPO_ROOT, fileURLToPath(QUERY_SET_FILE))}`);
  }
  const known = new Set(corpus.documents.map((d) => d.externalId));
  const unknown = set.knownItems.filter((q) => !known.has(q.relevant)).length;
  if (set.corpus.documents !== corpus.documents.length || unknown > 0) {
    log(
      `warning: the query set was built on ${set.corpus.documents} documents (${set.corpus.source}), this run has ` +
        `${corpus.documents.length}; ${unknown} known items point at absent documents. Rebuild it with --rebuild-queries.`,
    );
  }
  const perKind = new Map<string, number>();
  for (const q of set.knownItems) perKind.set(q.kind, (perKind.get(q.kind) ?? 0) + 1);
  log(
    `${set.knownItems.length} known-item queries (${[...perKind].map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
      `${set.names.length} name queries over ${set.nameGroups.length} spelling groups`,
  );

  // Ghad's imports run first, both at once (SQLite works in this process while PostgreSQL works
  // in its server); nothing else runs while queries are timed.
  const ghadSetups = new Map<SystemName, Promise<SystemSetup>>();
  for (const name of options.systems) {
    if (name !== 'ghad-sqlite' && name !== 'ghad-postgres') continue;
    log(`${name}: importing the corpora into a fresh store`);
    ghadSetups.set(name, openGhadSystem(name === 'ghad-sqlite' ? 'sqlite' : 'postgres', corpus.files, log));
  }
  await Promise.all(ghadSetups.values());

  const results: SystemResult[] = [];
  const closed = new Set<SearchSystem>();
  try {
    for (const name of options.systems) {
      let setup: SystemSetup;
      if (name === 'fts5-raw') {
        log(`${name}: indexing`);
        setup = timed(() =>
          openFts5System(corpus.documents, { name, label: 'SQLite FTS5 unicode61 on raw text, bm25' }),
        );
      } else if (name === 'lucene-arabic') {
        log(`${name}: analysing and indexing`);
        setup = timed(() =>
          openFts5System(corpus.documents, {
            name,
            label: 'Lucene ArabicNormalizer + ArabicStemmer in FTS5, bm25',
            analyze: luceneArabicAnalyze,
          }),
        );
      } else {
        setup = await ghadSetups.get(name)!;
      }
      if (!setup.available) {
        log(`${name}: ${setup.reason}`);
        results.push({ setup });
        continue;
      }
      log(
        `${name}: ready in ${setup.setupSeconds.toFixed(1)} s; running ${set.knownItems.length + set.names.length} queries`,
      );
      try {
        results.push({ setup, figures: await evaluate(setup.system, set, corpus.documents) });
      } finally {
        closed.add(setup.system);
        await setup.system.close();
      }
    }
  } finally {
    // A Ghad store whose turn never came (an error before it) is closed and its database dropped.
    for (const setup of await Promise.all(ghadSetups.values())) {
      if (setup.available && !closed.has(setup.system)) await setup.system.close();
    }
  }

  console.log(
    `\nSearch quality on ${corpus.documents.length} articles (${corpus.source} corpora), query set seed ${set.seed}`,
  );
  console.log(
    `known items: ${set.knownItems.length} queries, one right article each; names: ${set.names.length} spellings of ` +
      `${set.nameGroups.length} groups, recall@${NAMES_DEPTH}, P@10 = relevant in the top 10 / min(10, relevant)\n`,
  );
  console.log(summaryTable(results));
  console.log(`\n${perKindTable(results)}`);
  console.log(`\n${perGroupTable(results)}  (recall/P@10)`);
  const ghad = results.filter((r) => r.figures && r.setup.available && r.setup.system.name.startsWith('ghad-'));
  const lucene = results.find((r) => r.setup.available && r.setup.system.name === 'lucene-arabic')?.figures;
  console.log('\nTargets: Ghad MRR@10 ≥ 0.95 and names recall ≥ 0.95, clearly above the Lucene rules');
  if (ghad.length === 0) console.log('  Ghad: not measured in this run');
  for (const r of ghad) {
    const { knownItems, names } = r.figures!;
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `  ${r.setup.available ? r.setup.system.name : ''}: MRR@10 ${knownItems.mrrAt10.toFixed(3)} (${mark(knownItems.mrrAt10 >= TARGETS.mrrAt10)})` +
        `, names recall ${names.recall.toFixed(3)} (${mark(names.recall >= TARGETS.namesRecall)})` +
        (lucene
          ? `; vs Lucene rules ${(knownItems.mrrAt10 - lucene.knownItems.mrrAt10).toFixed(3)} MRR, ${(names.recall - lucene.names.recall).toFixed(3)} names recall`
          : ''),
    );
  }
  if (options.examples > 0) {
    console.log('\nWhere each system fails (known items not in the top 10; name queries with the lowest recall):');
    for (const r of results) if (r.figures) console.log(`\n${failures(r, options.examples)}`);
  }

  fs.mkdirSync(path.dirname(options.output), { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    command: `npm run eval:search${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    corpus: {
      source: corpus.source,
      files: corpus.files.map((f) => path.relative(REPO_ROOT, f.file)),
      documents: corpus.documents.length,
      skipped: corpus.skipped,
    },
    querySet: {
      file: path.relative(REPO_ROOT, fileURLToPath(QUERY_SET_FILE)),
      seed: set.seed,
      knownItems: set.knownItems.length,
      knownItemsPerKind: Object.fromEntries(perKind),
      names: set.names.length,
      nameGroups: set.nameGroups.map((g) => ({ key: g.key, articles: g.relevant.length, spellings: g.spellings })),
    },
    namesDepth: NAMES_DEPTH,
    targets: TARGETS,
    systems: results.map((r) =>
      r.setup.available
        ? {
            name: r.setup.system.name,
            label: r.setup.system.label,
            available: true,
            setupSeconds: r.setup.setupSeconds,
            notes: r.setup.notes,
            ...r.figures,
          }
        : { name: r.setup.name, label: r.setup.label, available: false, reason: r.setup.reason },
    ),
  };
  fs.writeFileSync(options.output, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nFigures written to ${path.relative(REPO_ROOT, options.output)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
