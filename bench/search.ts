/**
 * Search speed (docs/quality.md, "Search"): generates N articles by recombining real
 * paragraphs, headlines and dates of the corpora with a fixed seed (bench/generate-articles.ts,
 * in a child process), writes them into a fresh SQLite store (or, with --postgres or
 * --database-url, a PostgreSQL database) through the project's write path (which indexes them
 * in the same transaction), then runs a mixed query list (bench/search-queries.ts) through
 * `store.search.search` and through the reader's whole search (searchArticles: entity lookups,
 * the index, the page's texts, snippets, "did you mean") in this process and reports indexing
 * throughput, query latency (p50/p95/p99/max, overall and per kind, the slowest queries, where
 * their time goes), database size and RSS. Writes test-output/bench-search-N.json
 * (bench-search-postgres-N.json on PostgreSQL).
 *
 *   npm run bench:search [-- --articles 100000 | --articles 1000000 | --quick] [--data-dir DIR …]
 *   npm run bench:search -- --postgres | --database-url postgres://…/bench_x [--articles 100000 …]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { searchArticles } from '../src/search/reader-search.ts';
import type { SearchQuery } from '../src/search/search-index.ts';
import { snippet } from '../src/search/snippet.ts';
import { openStore } from '../src/store/store.ts';
import { type FillFigures, peakRssBytes } from './generate-articles.ts';
import { createBenchDatabase, POSTGRES_ADMIN_URL } from './postgres.ts';
import { type PostgresSize, postgresSize, profilePostgresSearches } from './postgres-inspect.ts';
import { duration, gitDescription, table, targetTable } from './report.ts';
import { type BenchQuery, QUERY_KINDS, type QueryKind } from './search-queries.ts';
import { REPO_ROOT } from './servers.ts';
import { databaseSize, profileSearches } from './sqlite-inspect.ts';
import { median, nearestRank, type Target } from './summary.ts';

const USAGE = `npm run bench:search -- [options]
  --articles N            generated articles (100000)
  --quick                 10,000 articles, a quarter of the queries, one measured round (a smoke run)
  --seed S                PRNG seed of the articles and the queries (1)
  --data-dir DIR          keep the SQLite data here; a directory that already holds the N
                          articles of this seed is reused, a partial one is completed
                          (default: a fresh temporary directory, removed at the end)
  --postgres              on PostgreSQL: a fresh database bench_search_* on the server at
                          GHAD_BENCH_POSTGRES_URL (${POSTGRES_ADMIN_URL}),
                          dropped at the end
  --database-url URL      on PostgreSQL, in this database, kept: one that already holds the N
                          articles of this seed is reused, a partial one is completed
  --batch N               articles per write transaction (100, as the JSONL import)
  --index-via upsert|rebuild
                          upsert: upsertManyByExternalId, indexing inside each transaction (default);
                          rebuild: write without the index, then store.search.rebuild() (the bulk path)
  --stop-after-minutes M  stop writing after M minutes and measure the articles written so far
  --rounds N              measured rounds over the whole query list; each query's median is used (3)
  --profile N             explain and time in parts the N slowest queries (5)
  --no-dbstat             skip the per-table sizes (dbstat reads every page of the file)
  --no-reader             skip timing the reader's whole search (searchArticles)
  --output FILE           the JSON figures (test-output/bench-search-N.json)`;

interface Options {
  articles: number;
  quick: boolean;
  seed: number;
  dataDir: string | undefined;
  /** PostgreSQL: 'fresh' for a database of our own, or the URL of one to use and keep. */
  postgres: 'fresh' | string | undefined;
  batch: number;
  indexVia: 'upsert' | 'rebuild';
  stopAfterMinutes: number | undefined;
  rounds: number;
  profile: number;
  dbstat: boolean;
  reader: boolean;
  output: string | undefined;
}

class UsageError extends Error {}
class BenchError extends Error {}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string' },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'data-dir': { type: 'string' },
      postgres: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      batch: { type: 'string', default: '100' },
      'index-via': { type: 'string', default: 'upsert' },
      'stop-after-minutes': { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'string', default: '5' },
      'no-dbstat': { type: 'boolean', default: false },
      'no-reader': { type: 'boolean', default: false },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name: string, value: string, min: number) => {
    const n = Number(value.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < min)
      throw new UsageError(`--${name} must be a whole number ≥ ${min}, not "${value}".`);
    return n;
  };
  const indexVia = values['index-via'];
  if (indexVia !== 'upsert' && indexVia !== 'rebuild') {
    throw new UsageError(`--index-via must be upsert or rebuild, not "${indexVia}".`);
  }
  const stopAfter = values['stop-after-minutes'];
  if (stopAfter !== undefined && !(Number(stopAfter) > 0)) {
    throw new UsageError(`--stop-after-minutes must be a positive number, not "${stopAfter}".`);
  }
  if (values.postgres && values['database-url'])
    throw new UsageError('--postgres and --database-url exclude each other.');
  if ((values.postgres || values['database-url']) && values['data-dir']) {
    throw new UsageError('--data-dir is for SQLite; on PostgreSQL, --database-url keeps the data.');
  }
  return {
    articles: whole('articles', values.articles ?? (values.quick ? '10000' : '100000'), 1),
    quick: values.quick,
    seed: whole('seed', values.seed, 0),
    dataDir: values['data-dir'] && path.resolve(values['data-dir']),
    postgres: values.postgres ? 'fresh' : values['database-url'],
    batch: whole('batch', values.batch, 1),
    indexVia,
    stopAfterMinutes: stopAfter === undefined ? undefined : Number(stopAfter),
    rounds: whole('rounds', values.rounds ?? (values.quick ? '1' : '3'), 1),
    profile: whole('profile', values.profile, 0),
    dbstat: !values['no-dbstat'],
    reader: !values['no-reader'],
    output: values.output && path.resolve(REPO_ROOT, values.output),
  };
}

/** One query's measurements: the median over the rounds of each figure. */
interface QueryFigures {
  kind: QueryKind;
  text: string;
  filters: string;
  total: number;
  /** The backend counts up to a cap: `total` is then a lower bound. */
  totalIsLowerBound: boolean;
  hits: number;
  /** store.search.search({ text, limit: 10, offset: 0, … }) */
  searchMs: number;
  /** Reading the hits' texts (summariesWithText) and cutting a snippet from each, as the reader's page does. */
  fetchMs: number;
  snippetMs: number;
  /** search + fetch + snippets: what a results page costs before rendering. */
  pageMs: number;
  /** The reader's whole search (searchArticles): entity lookups, search, texts, snippets, "did you mean". */
  readerMs: number | undefined;
}

interface Percentiles {
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, with how many queries. */
function percentiles(values: readonly number[]): Percentiles {
  return { queries: values.length, ...nearestRank(values) };
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const shorten = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 0 })} MB`;

/** Runs bench/generate-articles.ts in a child process, so that this process's RSS is the searching one's. */
async function generate(options: Options, dataDir: string, workDir: string, databaseUrl: string | undefined) {
  const figuresFile = path.join(workDir, 'generation.json');
  const queriesFile = path.join(workDir, 'queries.json');
  const args = [
    '--import',
    'tsx',
    'bench/generate-articles.ts',
    '--articles',
    String(options.articles),
    '--data-dir',
    dataDir,
    '--seed',
    String(options.seed),
    '--batch',
    String(options.batch),
    '--index-via',
    options.indexVia,
    '--figures',
    figuresFile,
    '--queries',
    queriesFile,
    '--query-scale',
    options.quick ? '0.25' : '1',
    ...(options.stopAfterMinutes === undefined ? [] : ['--stop-after-minutes', String(options.stopAfterMinutes)]),
    ...(databaseUrl === undefined ? [] : ['--database-url', databaseUrl]),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c, s) => resolve(s ? null : c)));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, forward);
  if (code !== 0) {
    throw new BenchError(
      `generating the articles failed: bench/generate-articles.ts ${code === null ? 'was killed by a signal' : `exited with ${code}`}.`,
    );
  }
  return {
    figures: JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as FillFigures & { corpus: unknown },
    queries: JSON.parse(fs.readFileSync(queriesFile, 'utf8')) as BenchQuery[],
  };
}

function rssBytes(): number {
  return process.memoryUsage().rss;
}

async function main(options: Options): Promise<number> {
  const startedAt = new Date();
  const loadAverageBefore = os.loadavg();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-search-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const dataDir = options.dataDir ?? path.join(workDir, 'data');
  const fresh = options.postgres === 'fresh' ? await createBenchDatabase('bench_search') : undefined;
  const databaseUrl = fresh?.url ?? options.postgres;
  const backend = databaseUrl === undefined ? 'SQLite' : 'PostgreSQL';

  // 1. The articles, written and indexed in a child process.
  console.log(
    `▸ data: ${databaseUrl === undefined ? dataDir : `PostgreSQL ${databaseUrl}${fresh ? ' (dropped at the end)' : ''}`}`,
  );
  console.log(
    `▸ generating ${int(options.articles)} articles (seed ${options.seed}) and writing them ` +
      (options.indexVia === 'upsert'
        ? `with upsertManyByExternalId, ${options.batch} a transaction, indexed in the same transaction`
        : `without the index, ${options.batch} a transaction, then store.search.rebuild()`),
  );
  const generated = await generate(options, dataDir, workDir, databaseUrl);
  const fill = generated.figures;
  const queriesIn = generated.queries;
  const indexing = indexingFigures(fill) ?? (fill.filledBy && indexingFigures(fill.filledBy));
  if (indexing) console.log(`  ${indexing.summary}`);

  // 2. The queries, in this process.
  const store = await openStore({ dataDir, databaseUrl });
  const sqliteFile = databaseUrl === undefined ? store.location : undefined;
  const rss = { afterOpen: rssBytes(), afterWarmup: 0, afterQueries: 0, peak: undefined as number | undefined };
  const sectionIds = new Map((await store.taxonomy.sections()).map((s) => [s.slug, s.id]));
  const toSearch = (q: BenchQuery): SearchQuery => {
    const sectionId = q.sectionSlug === undefined ? undefined : sectionIds.get(q.sectionSlug);
    if (q.sectionSlug !== undefined && sectionId === undefined) throw new BenchError(`No section "${q.sectionSlug}".`);
    return {
      text: q.text,
      limit: 10,
      offset: 0,
      ...(sectionId === undefined ? {} : { sectionId }),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
    };
  };
  const filtersOf = (q: BenchQuery) =>
    [q.sectionSlug && `section ${q.sectionSlug}`, q.from && `${q.from.slice(0, 10)} … ${q.to?.slice(0, 10)}`]
      .filter(Boolean)
      .join(', ');

  const runOne = async (q: BenchQuery) => {
    const request = toSearch(q);
    const t0 = performance.now();
    const found = await store.search.search(request);
    const t1 = performance.now();
    const articles = await store.articles.summariesWithText(found.hits.map((hit) => hit.articleId));
    const t2 = performance.now();
    for (const article of articles) snippet(article.bodyText, q.text);
    const t3 = performance.now();
    if (options.reader) {
      await searchArticles(store, {
        text: request.text,
        sectionId: request.sectionId,
        from: request.from,
        to: request.to,
        limit: request.limit,
        offset: request.offset,
      });
    }
    const t4 = performance.now();
    return {
      total: found.total,
      totalIsLowerBound: found.totalIsLowerBound === true,
      hits: found.hits.length,
      search: t1 - t0,
      fetch: t2 - t1,
      snippets: t3 - t2,
      reader: options.reader ? t4 - t3 : undefined,
    };
  };

  console.log(`▸ ${queriesIn.length} queries: one warm-up pass, then ${options.rounds} measured round(s)`);
  const warmupStarted = performance.now();
  for (const q of queriesIn) await runOne(q);
  console.log(`  warm-up pass: ${((performance.now() - warmupStarted) / 1000).toFixed(1)} s`);
  rss.afterWarmup = rssBytes();
  const samples = queriesIn.map(() => [] as Awaited<ReturnType<typeof runOne>>[]);
  const measureStarted = performance.now();
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, q] of queriesIn.entries()) samples[i]!.push(await runOne(q));
  }
  console.log(`  measured rounds: ${((performance.now() - measureStarted) / 1000).toFixed(1)} s`);
  rss.afterQueries = rssBytes();
  rss.peak = peakRssBytes();
  await store.close();

  const queries: QueryFigures[] = queriesIn.map((q, i) => {
    const runs = samples[i]!;
    const fig = (pick: (r: (typeof runs)[number]) => number) => median(runs.map(pick));
    return {
      kind: q.kind,
      text: q.text,
      filters: filtersOf(q),
      total: runs[0]!.total,
      totalIsLowerBound: runs[0]!.totalIsLowerBound,
      hits: runs[0]!.hits,
      searchMs: fig((r) => r.search),
      fetchMs: fig((r) => r.fetch),
      snippetMs: fig((r) => r.snippets),
      pageMs: fig((r) => r.search + r.fetch + r.snippets),
      readerMs: options.reader ? fig((r) => r.reader ?? 0) : undefined,
    };
  });
  const latency = (subset: QueryFigures[]) => ({
    search: percentiles(subset.map((q) => q.searchMs)),
    fetch: percentiles(subset.map((q) => q.fetchMs)),
    snippets: percentiles(subset.map((q) => q.snippetMs)),
    page: percentiles(subset.map((q) => q.pageMs)),
    reader: options.reader ? percentiles(subset.map((q) => q.readerMs ?? 0)) : undefined,
    medianTotal: median(subset.map((q) => q.total)),
  });
  const overall = latency(queries);
  const byKind = Object.fromEntries(
    QUERY_KINDS.filter((kind) => queries.some((q) => q.kind === kind)).map((kind) => [
      kind,
      latency(queries.filter((q) => q.kind === kind)),
    ]),
  );
  const slowest = [...queries].sort((a, b) => b.searchMs - a.searchMs).slice(0, 10);

  // 3. Where the slowest queries spend their time, and the database's size.
  console.log(`▸ profiling the ${Math.min(options.profile, queries.length)} slowest queries`);
  const profiled = slowest.slice(0, options.profile).map((q) => toSearch(queriesIn[queries.indexOf(q)]!));
  const profiles =
    sqliteFile === undefined
      ? await profilePostgresSearches(databaseUrl!, profiled)
      : await profileSearches(sqliteFile, profiled);
  if (sqliteFile && options.dbstat) console.log('▸ measuring the database (dbstat reads every page)');
  const size = sqliteFile === undefined ? await postgresSize(databaseUrl!) : databaseSize(sqliteFile, options.dbstat);
  const loadAverageAfter = os.loadavg();
  await fresh?.drop();

  // 4. The report.
  const articleCount = fill.articleCount;
  console.log(`\nSearch on ${backend}, ${int(articleCount)} generated articles (seed ${options.seed})`);
  if (indexing) console.log(`\n${indexingTable(indexing)}`);
  const row = (label: string, l: ReturnType<typeof latency>) => [
    label,
    int(l.search.queries),
    ms(l.search.p50),
    ms(l.search.p95),
    ms(l.search.p99),
    ms(l.search.max),
    ms(l.fetch.p50),
    ms(l.snippets.p50),
    ms(l.snippets.p95),
    ms(l.page.p50),
    ms(l.page.p95),
    ...(l.reader ? [ms(l.reader.p50), ms(l.reader.p95), ms(l.reader.p99)] : []),
    int(l.medianTotal),
  ];
  console.log(
    `\nLatency in ms (each query: the median of ${options.rounds} round(s)). search: store.search.search, limit 10; ` +
      "fetch: reading the hits' texts (summariesWithText); snippets: cutting one per hit (snippet.ts); page: all three" +
      (options.reader
        ? '; reader: the reader\'s whole search (searchArticles: entity lookups, search with partial matches, texts, snippets, "did you mean")'
        : ''),
  );
  console.log(
    table(
      [
        'queries',
        'n',
        'search p50',
        'p95',
        'p99',
        'max',
        'fetch p50',
        'snippets p50',
        'p95',
        'page p50',
        'p95',
        ...(options.reader ? ['reader p50', 'p95', 'p99'] : []),
        'median matches',
      ],
      [row('all', overall), ...Object.entries(byKind).map(([kind, l]) => row(kind, l))],
      (column) => column > 0,
    ),
  );
  if (queries.some((q) => q.totalIsLowerBound)) {
    console.log('matches: as the backend counts them, up to its cap ("+": at least this many)');
  }
  console.log('\nSlowest 10 queries');
  console.log(
    table(
      ['search ms', 'page ms', 'matches', 'kind', 'query'],
      slowest.map((q) => [
        ms(q.searchMs),
        ms(q.pageMs),
        `${int(q.total)}${q.totalIsLowerBound ? '+' : ''}`,
        q.kind,
        q.filters ? `${q.text}  (${q.filters})` : q.text,
      ]),
      (column) => column < 3,
    ),
  );
  if (profiles.length > 0) {
    console.log(
      "\nWhere the slowest queries spend their time: the backend's statements, captured and replayed one by one on a " +
        'connection of their own (ms, median of 5); "outside SQL" is the rest of the search (analysis, Kysely, merging in JS' +
        (sqliteFile ? ')' : ', and on PostgreSQL the round trips of the transaction and its settings)'),
    );
    const rows: string[][] = [];
    for (const p of profiles) {
      rows.push([
        ms(p.searchMs),
        '',
        `${int(p.total)}${p.totalIsLowerBound ? '+' : ''}`,
        `${p.text}  (outside SQL ${ms(p.outsideSqlMs)} ms)`,
      ]);
      for (const st of p.statements) rows.push(['', ms(st.ms), int(st.rows), `  ${shorten(st.sql, 110)}`]);
    }
    console.log(
      table(['search ms', 'statement ms', 'matches / rows', 'query / statement'], rows, (column) => column < 3),
    );
    const first = profiles[0]!;
    console.log(`\nQuery plans of "${first.text}":`);
    for (const st of first.statements) console.log(`  ${shorten(st.sql, 110)}\n    ${st.plan.join('\n    ')}`);
  }
  console.log(`\n${'fileBytes' in size ? sizeTable(size, articleCount) : postgresSizeTable(size, articleCount)}`);
  console.log(
    `\nRSS of the searching process: ${mb(rss.afterOpen)} after opening the store, ${mb(rss.afterWarmup)} after the warm-up, ` +
      `${mb(rss.afterQueries)} after the measured rounds, peak ${rss.peak ? mb(rss.peak) : '?'}` +
      (fill.peakRssBytes ? `; the generating process peaked at ${mb(fill.peakRssBytes)}` : ''),
  );
  const targets = searchTargets(articleCount, overall.search.p95, indexing, backend);
  console.log(`\n${targetTable(targets)}`);
  if (loadAverageBefore[0]! > os.cpus().length) {
    console.log('\nThe machine was busy with other work (load average above the CPU count before the start).');
  }
  console.log(
    `\nload average ${loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} before, ` +
      `${loadAverageAfter.map((n) => n.toFixed(2)).join(' ')} after; ${os.cpus().length} CPUs; ` +
      `whole run ${duration((Date.now() - startedAt.getTime()) / 1000)}`,
  );

  const output =
    options.output ??
    path.join(
      REPO_ROOT,
      'test-output',
      `bench-search-${databaseUrl === undefined ? '' : 'postgres-'}${options.articles}.json`,
    );
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(
    output,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        git: gitDescription(),
        machine: {
          node: process.version,
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          loadAverageBefore,
          loadAverageAfter,
        },
        settings: { ...options, backend, dataDir, sqliteFile, databaseUrl },
        articles: articleCount,
        generation: fill,
        indexing: indexing ?? null,
        latency: { overall, byKind },
        slowest,
        profiles,
        size,
        rss,
        targets,
        queries,
      },
      null,
      2,
    )}\n`,
  );
  const shown = path.relative(REPO_ROOT, output);
  console.log(`figures written to ${shown.startsWith('..') ? output : shown}`);
  if (queries.some((q) => q.kind === 'no match' && q.total > 0)) {
    console.log('note: a "no match" query found articles; the query list needs a better nonsense word.');
  }
  return 0;
}

interface IndexingFigures {
  via: 'upsert' | 'rebuild';
  articles: number;
  wallSeconds: number;
  cpuSeconds: number;
  articlesPerSecond: number;
  articlesPerCpuSecond: number;
  /** upsert: the share of the write's wall time spent in the index's indexWithin. */
  indexShare: number | undefined;
  generation: { wallSeconds: number; articlesPerSecond: number };
  summary: string;
}

/** Indexing throughput from the child's figures; undefined when this run wrote nothing. */
function indexingFigures(fill: FillFigures): IndexingFigures | undefined {
  if (fill.written === 0) return undefined;
  const measured = fill.indexVia === 'rebuild' && fill.rebuild ? fill.rebuild : fill.write;
  const articles = fill.indexVia === 'rebuild' && fill.rebuild ? fill.rebuild.articles : fill.written;
  const figures: IndexingFigures = {
    via: fill.indexVia,
    articles,
    wallSeconds: measured.wallSeconds,
    cpuSeconds: measured.cpuSeconds,
    articlesPerSecond: articles / measured.wallSeconds,
    articlesPerCpuSecond: articles / measured.cpuSeconds,
    indexShare: fill.indexWithin ? fill.indexWithin.wallSeconds / fill.write.wallSeconds : undefined,
    generation: {
      wallSeconds: fill.generation.wallSeconds,
      articlesPerSecond: fill.written / fill.generation.wallSeconds,
    },
    summary: '',
  };
  figures.summary =
    `${int(articles)} articles ${fill.indexVia === 'upsert' ? 'written and indexed' : 'indexed by rebuild'} in ` +
    `${duration(figures.wallSeconds)}: ${int(figures.articlesPerSecond)} articles/s` +
    (fill.stoppedEarly ? ' (stopped early by --stop-after-minutes)' : '') +
    (fill.resumedFrom > 0 ? ` (resumed after ${int(fill.resumedFrom)} articles)` : '') +
    (fill.measuredAt ? `, measured ${fill.measuredAt.slice(0, 16).replace('T', ' ')} UTC` : '');
  return figures;
}

function indexingTable(f: IndexingFigures): string {
  const rows = [
    [
      f.via === 'upsert' ? 'write + index (upsertManyByExternalId)' : 'index (store.search.rebuild)',
      int(f.articles),
      duration(f.wallSeconds),
      int(f.articlesPerSecond),
      `${f.cpuSeconds.toFixed(0)} s`,
      int(f.articlesPerCpuSecond),
    ],
    [
      'generation (in memory)',
      int(f.articles),
      duration(f.generation.wallSeconds),
      int(f.generation.articlesPerSecond),
      '',
      '',
    ],
  ];
  const note =
    f.indexShare === undefined
      ? ''
      : `\nindexWithin (analysis + FTS rows) took ${(f.indexShare * 100).toFixed(0)} % of the write's wall time`;
  return (
    table(['indexing', 'articles', 'wall', 'articles/s', 'CPU', 'articles/CPU s'], rows, (column) => column > 0) + note
  );
}

function postgresSizeTable(size: PostgresSize, articles: number): string {
  const rows = [['PostgreSQL database', mb(size.databaseBytes), `${int(size.databaseBytes / articles)} bytes/article`]];
  for (const t of size.tables) rows.push([`  ${t.table}`, mb(t.bytes), `indexes ${mb(t.indexBytes)}`]);
  return table(['database', 'size', ''], rows, (column) => column > 0);
}

function sizeTable(size: ReturnType<typeof databaseSize>, articles: number): string {
  const total = size.fileBytes + size.walBytes;
  const rows = [
    ['SQLite file', mb(size.fileBytes), ''],
    ['WAL', mb(size.walBytes), ''],
    ['file + WAL', mb(total), `${int(total / articles)} bytes/article`],
  ];
  if (size.parts) {
    const inParts = size.parts.reduce((sum, p) => sum + p.bytes, 0);
    for (const { part, bytes } of size.parts) {
      rows.push([`  ${part}`, mb(bytes), `${((bytes / inParts) * 100).toFixed(1)} %`]);
    }
  }
  return table(['database', 'size', ''], rows, (column) => column > 0);
}

/** The search targets of docs/quality.md: p95 per scale, and indexing throughput. */
function searchTargets(
  articles: number,
  p95: number,
  indexing: IndexingFigures | undefined,
  backend: 'SQLite' | 'PostgreSQL',
): Target[] {
  const goalMs = articles >= 1_000_000 ? 30 : 15;
  const scale = articles >= 1_000_000 ? '1,000,000' : '100,000';
  const targets: Target[] = [
    {
      name: `search p95 at ${int(articles)} articles (goal set at ${scale} on SQLite; here ${backend})`,
      goal: `≤ ${goalMs} ms`,
      actual: `${ms(p95)} ms`,
      met: p95 <= goalMs,
    },
  ];
  if (indexing) {
    targets.push({
      name: `indexing (${indexing.via})`,
      goal: '≥ 1,000 articles/s',
      actual: `${int(indexing.articlesPerSecond)} articles/s`,
      met: indexing.articlesPerSecond >= 1000,
    });
  }
  return targets;
}

try {
  const code = await main(parseOptions(process.argv.slice(2)));
  process.exit(code);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`bench:search: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`bench:search: ${error instanceof BenchError ? (error as Error).message : (error as Error).stack}`);
  process.exit(1);
}
