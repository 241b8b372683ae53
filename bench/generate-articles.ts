/**
 * Articles for the search benchmark at 100,000 to 1,000,000, made by recombining real
 * material of the corpora with a fixed seed (docs/quality.md, "Scale"): a real headline
 * (now and then ending in a few words of another), 3–12 real paragraphs from as many
 * different articles, a real publication date moved by a whole number of days to a day of
 * 2014–2021, and a real section. Article `i` of seed `s` depends on nothing but `i`, `s` and
 * the corpora, so a run can stop and resume and every machine writes the same articles.
 *
 * Also a command that fills a data directory and reports the write figures as JSON:
 *
 *   node --import tsx bench/generate-articles.ts --articles 100000 --data-dir DIR [--seed 1]
 *     [--batch 100] [--index-via upsert|rebuild] [--stop-after-minutes M] [--figures FILE]
 *     [--database-url URL]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { ArticleInput } from '../src/content/article.ts';
import { paragraphsToBlocks } from '../src/content/blocks.ts';
import { mapCorpusRecord } from '../src/import/corpus-record.ts';
import { DEMO_CORPUS_FILES, DEMO_SEED_FILE } from '../src/import/demo.ts';
import { readSeedPage } from '../src/import/seed-page.ts';
import type { RebuildableIndex } from '../src/search/rebuild.ts';
import { ArticleRepository } from '../src/store/articles.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { UpsertPipeline } from '../src/store/upsert-pipeline.ts';
import { Prng } from './prng.ts';
import { buildQueries } from './search-queries.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One article of the corpora, as the importer reads it, reduced to what recombining needs. */
export interface SourceArticle {
  headline: string;
  dek: string | null;
  /** The section slug, when the record names a section (Goud.ma's do not). */
  sectionSlug: string | null;
  publishedAt: Date | null;
  byline: ArticleInput['bylines'][number];
  paragraphs: string[];
}

export interface CorpusMaterial {
  articles: SourceArticle[];
  /** Indexes of the articles with a section, and of those with a date. */
  withSection: number[];
  withDate: number[];
  files: { file: string; records: number; used: number; duplicates: number; skipped: Record<string, number> }[];
}

/**
 * The corpora as the importer reads them (mapCorpusRecord): demo/*.jsonl.gz, then
 * ../shared/corpus/*.jsonl when present (records seen in an earlier file are counted as
 * duplicates, not used twice), then the seed page, whose paragraphs spell گانتز and جانتس.
 */
export function loadCorpusMaterial(): CorpusMaterial {
  const sources = [...DEMO_CORPUS_FILES];
  const shared = path.resolve(REPO_ROOT, '../shared/corpus');
  for (const { file, timeZone } of DEMO_CORPUS_FILES) {
    const plain = path.join(shared, path.basename(file, '.gz'));
    if (fs.existsSync(plain)) sources.push({ file: plain, timeZone });
  }
  const material: CorpusMaterial = { articles: [], withSection: [], withDate: [], files: [] };
  const seen = new Set<string>();
  for (const { file, timeZone } of sources) {
    const raw = fs.readFileSync(file);
    const lines = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8').split('\n');
    const report = { file: path.relative(REPO_ROOT, file), records: 0, used: 0, duplicates: 0, skipped: {} };
    const skip = (reason: string) => {
      const skipped: Record<string, number> = report.skipped;
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    };
    for (const line of lines) {
      if (line.trim() === '') continue;
      report.records++;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        skip('broken JSON');
        continue;
      }
      const mapped = mapCorpusRecord(record, { timeZone });
      if (!mapped.ok) {
        // Reasons name the record: keep their kind only ("record 123: no "text"" → "no "text"").
        skip(mapped.reason.replace(/^record [^:]*: /, ''));
        continue;
      }
      const { article } = mapped;
      const key = `${article.bylines[0]?.name}\u0000${article.externalId}`;
      if (seen.has(key)) {
        report.duplicates++;
        continue;
      }
      seen.add(key);
      const r = record as Record<string, unknown>;
      const named = typeof r.category === 'string' && r.category.trim() !== '' && mapped.warnings.length === 0;
      addSource(material, {
        headline: article.headline,
        dek: article.dek ?? null,
        sectionSlug: named ? article.sectionSlug : null,
        publishedAt: article.publishedAt,
        byline: article.bylines[0]!,
        paragraphs: article.body.flatMap((block) => (block.type === 'paragraph' ? [block.text] : [])),
      });
      report.used++;
    }
    material.files.push(report);
  }
  const seed = readSeedPage(DEMO_SEED_FILE);
  addSource(material, {
    headline: seed.headline,
    dek: null,
    sectionSlug: seed.sectionSlug,
    publishedAt: seed.publishedAt,
    byline: seed.bylines[0]!,
    paragraphs: seed.body.flatMap((block) => (block.type === 'paragraph' ? [block.text] : [])),
  });
  material.files.push({
    file: path.relative(REPO_ROOT, DEMO_SEED_FILE),
    records: 1,
    used: 1,
    duplicates: 0,
    skipped: {},
  });
  if (material.withSection.length === 0 || material.withDate.length === 0) {
    throw new Error('The corpora hold no article with a section or a date: nothing to recombine.');
  }
  return material;
}

function addSource(material: CorpusMaterial, article: SourceArticle): void {
  if (article.paragraphs.length === 0) return;
  const index = material.articles.push(article) - 1;
  if (article.sectionSlug) material.withSection.push(index);
  if (article.publishedAt) material.withDate.push(index);
}

const DAY_MS = 24 * 3600 * 1000;
/** Generated dates fall in [2014-01-01, 2022-01-01) UTC. */
export const DATE_RANGE = { from: Date.UTC(2014, 0, 1), to: Date.UTC(2022, 0, 1) };

/** The external id of generated article `index`: the seed is part of it, so data of two seeds never mix. */
export function generatedExternalId(seed: number, index: number): string {
  return `bench:${seed}:${index}`;
}

/** Generated article `index` of the run seeded with `seed`. */
export function generateArticle(
  material: CorpusMaterial,
  seed: number,
  index: number,
): ArticleInput & { externalId: string } {
  const rng = Prng.forItem(seed, index);
  const { articles } = material;
  const lead = rng.pick(articles);

  // A real headline; one in three ends in a few words of another.
  let headline = lead.headline;
  if (rng.chance(1 / 3)) {
    const words = headline.split(/\s+/);
    const other = rng.pick(articles).headline.split(/\s+/);
    const taken = rng.int(1, Math.min(3, other.length));
    const at = rng.int(0, other.length - taken);
    const kept = Math.max(2, words.length - rng.int(0, taken));
    headline = [...words.slice(0, kept), ...other.slice(at, at + taken)].join(' ');
  }

  // 3–12 paragraphs, each from a different article.
  const paragraphs = rng.sample(articles, rng.int(3, 12)).map((source) => rng.pick(source.paragraphs));

  // A real date, moved by whole days to somewhere in 2014–2021 (its time of day stays real).
  const real = articles[rng.pick(material.withDate)]!.publishedAt!.getTime();
  const shiftDays = rng.int(
    Math.ceil((DATE_RANGE.from - real) / DAY_MS),
    Math.floor((DATE_RANGE.to - 1 - real) / DAY_MS),
  );
  const publishedAt = new Date(real + shiftDays * DAY_MS);

  const sectionSlug = lead.sectionSlug ?? articles[rng.pick(material.withSection)]!.sectionSlug!;
  return {
    externalId: generatedExternalId(seed, index),
    headline,
    dek: lead.dek,
    body: paragraphsToBlocks(paragraphs.join('\n')),
    status: 'published',
    sectionSlug,
    publishedAt,
    bylines: [lead.byline],
    tags: [],
  };
}

/** How the generated articles reach the search index. */
export type IndexVia = 'upsert' | 'rebuild';

export interface FillOptions {
  dataDir: string;
  /** Write into the PostgreSQL database at this URL instead of SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  articles: number;
  seed: number;
  /** Articles per transaction (the JSONL import writes 100). */
  batch: number;
  /**
   * upsert: the project's write path, upsertManyByExternalId, which indexes each article in
   * the transaction that writes it. rebuild: the same writes without the index, then the
   * index's bulk path (`store.search.rebuild()`, as `npx ghad reindex` runs it).
   */
  indexVia: IndexVia;
  /**
   * With upsert: workers (default), as `ghad import jsonl` writes (UpsertPipeline: each batch's
   * text analyzed in worker threads while the one before is written); inline, on the writing
   * thread (upsertManyByExternalId), as before.
   */
  analysis?: 'workers' | 'inline';
  /** Stop writing after this many minutes (what was written stays, and is reported). */
  stopAfterMinutes?: number;
  log?: (line: string) => void;
}

/** Seconds of wall clock and of this process's CPU (user + system). */
export interface Clock {
  wallSeconds: number;
  cpuSeconds: number;
}

export interface FillFigures {
  dataDir: string;
  seed: number;
  requested: number;
  /** Generated articles in the database at the end. */
  articleCount: number;
  /** Articles written by this run (0 when the data directory already held them all). */
  written: number;
  resumedFrom: number;
  stoppedEarly: boolean;
  indexVia: IndexVia;
  analysis: 'workers' | 'inline';
  batch: number;
  /** Making the articles in memory. */
  generation: Clock;
  /** Writing them: with upsert, the whole transaction (rows, bylines, revision, index). */
  write: Clock;
  /** With upsert: the part of `write` spent in the index's indexWithin (analysis and FTS rows). */
  indexWithin?: { wallSeconds: number };
  /** With rebuild: store.search.rebuild() over every published article. */
  rebuild?: Clock & { articles: number };
  peakRssBytes: number | undefined;
  /** When these figures were measured. */
  measuredAt: string;
  /**
   * When this run wrote nothing: the figures of the run that filled the data directory
   * (kept in it as FILL_FIGURES_FILE), so that a reused directory still reports its indexing.
   */
  filledBy?: FillFigures;
}

/** The fill figures kept in a data directory by the run that wrote its articles. */
export const FILL_FIGURES_FILE = 'bench-search-fill.json';

function clock(): () => Clock {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallSeconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}

function add(a: Clock, b: Clock): Clock {
  return { wallSeconds: a.wallSeconds + b.wallSeconds, cpuSeconds: a.cpuSeconds + b.cpuSeconds };
}

/** The process's peak resident set (VmHWM), where /proc has it. */
export function peakRssBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
}

/** How many generated articles of `seed` the database holds, refusing one that holds anything else. */
async function generatedCount(store: Store, seed: number, requested: number): Promise<number> {
  const row = await sql<{ all: number; ours: number }>`
    select count(*) as "all",
      count(case when external_id like ${`${generatedExternalId(seed, 0).slice(0, -1)}%`} then 1 end) as ours
    from articles`.execute(store.db);
  const { all, ours } = { all: Number(row.rows[0]!.all), ours: Number(row.rows[0]!.ours) };
  if (all !== ours) {
    throw new Error(
      `${store.location} holds ${int(all - ours)} articles that are not generated articles of seed ${seed}: use a fresh --data-dir.`,
    );
  }
  if (ours > requested) {
    throw new Error(
      `${store.location} holds ${int(ours)} generated articles, more than the ${int(requested)} asked for.`,
    );
  }
  return ours;
}

/**
 * Writes generated articles 0 … articles−1 into the SQLite store in `dataDir` (or the
 * PostgreSQL database at `databaseUrl`), resuming after those it already holds, and measures
 * generation and writing separately.
 */
export async function fillDataDir(material: CorpusMaterial, options: FillOptions): Promise<FillFigures> {
  const log = options.log ?? (() => {});
  const store = await openStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  try {
    const resumedFrom = await generatedCount(store, options.seed, options.articles);
    const figures: FillFigures = {
      dataDir: options.dataDir,
      seed: options.seed,
      requested: options.articles,
      articleCount: resumedFrom,
      written: 0,
      resumedFrom,
      stoppedEarly: false,
      indexVia: options.indexVia,
      analysis: options.analysis ?? 'workers',
      batch: options.batch,
      generation: { wallSeconds: 0, cpuSeconds: 0 },
      write: { wallSeconds: 0, cpuSeconds: 0 },
      peakRssBytes: undefined,
      measuredAt: new Date().toISOString(),
    };
    // None on PostgreSQL: there is no data directory to keep them in.
    const keptFile = options.databaseUrl ? undefined : path.join(options.dataDir, FILL_FIGURES_FILE);
    if (resumedFrom === options.articles) {
      log(`  ${int(resumedFrom)} generated articles already there`);
      if (keptFile && fs.existsSync(keptFile))
        figures.filledBy = JSON.parse(fs.readFileSync(keptFile, 'utf8')) as FillFigures;
      return figures;
    }
    if (resumedFrom > 0) log(`  resuming after the ${int(resumedFrom)} generated articles already there`);

    // With upsert, time the index's share of each transaction (the store calls store.search.indexWithin).
    let indexSeconds = 0;
    let writer = store.articles;
    if (options.indexVia === 'upsert') {
      const search = store.search as typeof store.search & Pick<RebuildableIndex, 'indexWithin'>;
      const indexWithin = search.indexWithin.bind(search);
      search.indexWithin = async (...args) => {
        const started = performance.now();
        await indexWithin(...args);
        indexSeconds += (performance.now() - started) / 1000;
      };
    } else {
      writer = new ArticleRepository(store.db, store.dialect, store.taxonomy);
    }

    const deadline =
      options.stopAfterMinutes === undefined
        ? Number.POSITIVE_INFINITY
        : Date.now() + options.stopAfterMinutes * 60_000;
    // As `ghad import jsonl` writes: each batch's text analyzed in worker threads while the one
    // before is written (UpsertPipeline); `--analysis inline` analyzes on the writing thread.
    const pipeline =
      options.indexVia === 'upsert' && options.analysis !== 'inline' ? new UpsertPipeline(store, () => {}) : undefined;
    const write = (batch: (ArticleInput & { externalId: string })[]) =>
      pipeline ? pipeline.add(batch) : writer.upsertManyByExternalId(batch);
    const started = performance.now();
    let lastLog = started;
    let next = resumedFrom;
    while (next < options.articles) {
      if (Date.now() > deadline) {
        figures.stoppedEarly = true;
        log(`  stopped after ${options.stopAfterMinutes} min (--stop-after-minutes), ${int(next)} articles written`);
        break;
      }
      const end = Math.min(options.articles, next + options.batch);
      const generating = clock();
      const batch: (ArticleInput & { externalId: string })[] = [];
      for (let i = next; i < end; i++) batch.push(generateArticle(material, options.seed, i));
      figures.generation = add(figures.generation, generating());
      const writing = clock();
      await write(batch);
      figures.write = add(figures.write, writing());
      figures.written += batch.length;
      next = end;
      const now = performance.now();
      if (now - lastLog > 10_000 || next === options.articles) {
        lastLog = now;
        const rate = figures.written / ((now - started) / 1000);
        log(
          `  written ${int(next)} / ${int(options.articles)} (${Math.floor((next / options.articles) * 100)} %), ` +
            `${int(rate)} articles/s, ${duration((options.articles - next) / rate)} to go`,
        );
      }
    }
    if (pipeline) {
      const finishing = clock();
      await pipeline.finish();
      figures.write = add(figures.write, finishing());
    }
    figures.articleCount = next;
    if (options.indexVia === 'upsert') {
      figures.indexWithin = { wallSeconds: indexSeconds };
    } else {
      log(`  indexing all ${int(next)} articles with store.search.rebuild()`);
      const rebuilding = clock();
      let lastRebuildLog = performance.now();
      const articles = await store.search.rebuild((done, total) => {
        const now = performance.now();
        if (now - lastRebuildLog < 10_000) return;
        lastRebuildLog = now;
        log(`  indexed ${int(done)} / ${int(total)}`);
      });
      figures.rebuild = { ...rebuilding(), articles };
    }
    figures.peakRssBytes = peakRssBytes();
    // A resumed fill measured only its own part: keep the figures of whole fills only.
    if (keptFile && resumedFrom === 0 && !figures.stoppedEarly) {
      fs.writeFileSync(keptFile, `${JSON.stringify(figures, null, 2)}\n`);
    } else if (keptFile) fs.rmSync(keptFile, { force: true });
    return figures;
  } finally {
    await store.close();
  }
}

const USAGE = `node --import tsx bench/generate-articles.ts --articles N --data-dir DIR [options]
  --seed S                 the PRNG seed (1)
  --batch N                articles per transaction (100, as the JSONL import)
  --index-via upsert|rebuild
                           upsert: upsertManyByExternalId indexes in each transaction (default);
                           rebuild: write without the index, then store.search.rebuild()
  --analysis workers|inline
                           with upsert: analysis in worker threads, a batch ahead, as
                           ghad import jsonl (default); or on the writing thread
  --stop-after-minutes M   stop writing after M minutes and report what was written
  --figures FILE           also write the figures as JSON to FILE
  --queries FILE           also write the benchmark's query list (bench/search-queries.ts) to FILE
  --query-scale X          shrink the query list (1; 0.25 for a quick run)
  --database-url URL       write into this PostgreSQL database instead of SQLite in DIR`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string', default: '100' },
      'index-via': { type: 'string', default: 'upsert' },
      analysis: { type: 'string', default: 'workers' },
      'stop-after-minutes': { type: 'string' },
      figures: { type: 'string' },
      queries: { type: 'string' },
      'query-scale': { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.articles || !values['data-dir']) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const whole = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}, not "${value}".`);
    return n;
  };
  const indexVia = values['index-via'];
  if (indexVia !== 'upsert' && indexVia !== 'rebuild') {
    throw new Error(`--index-via must be upsert or rebuild, not "${indexVia}".`);
  }
  const analysis = values.analysis;
  if (analysis !== 'workers' && analysis !== 'inline') {
    throw new Error(`--analysis must be workers or inline, not "${analysis}".`);
  }
  const stopAfter = values['stop-after-minutes'];
  const stopAfterMinutes = stopAfter === undefined ? undefined : Number(stopAfter);
  if (stopAfterMinutes !== undefined && !(stopAfterMinutes > 0)) {
    throw new Error(`--stop-after-minutes must be a positive number, not "${stopAfter}".`);
  }

  const loading = clock();
  const material = loadCorpusMaterial();
  const loaded = loading();
  const paragraphs = material.articles.reduce((sum, a) => sum + a.paragraphs.length, 0);
  console.log(
    `  corpus material: ${int(material.articles.length)} articles, ${int(paragraphs)} paragraphs ` +
      `(${int(material.withDate.length)} dated, ${int(material.withSection.length)} with a section), read in ${loaded.wallSeconds.toFixed(1)} s`,
  );
  for (const file of material.files) {
    const skipped = Object.entries(file.skipped).map(([reason, n]) => `${n} ${reason}`);
    console.log(
      `    ${file.file}: ${int(file.used)} used` +
        (file.duplicates ? `, ${int(file.duplicates)} already read from another file` : '') +
        (skipped.length ? `, skipped: ${skipped.join('; ')}` : ''),
    );
  }
  const seed = whole('seed', values.seed, 0);
  if (values.queries) {
    const scale = Number(values['query-scale']);
    if (!(scale > 0)) throw new Error(`--query-scale must be a positive number, not "${values['query-scale']}".`);
    const years = {
      first: new Date(DATE_RANGE.from).getUTCFullYear(),
      last: new Date(DATE_RANGE.to - 1).getUTCFullYear(),
    };
    fs.writeFileSync(values.queries, `${JSON.stringify(buildQueries(material, seed, years, scale), null, 1)}\n`);
  }
  const figures = await fillDataDir(material, {
    dataDir: path.resolve(values['data-dir']),
    databaseUrl: values['database-url'],
    articles: whole('articles', values.articles, 1),
    seed,
    batch: whole('batch', values.batch, 1),
    indexVia,
    analysis,
    ...(stopAfterMinutes === undefined ? {} : { stopAfterMinutes }),
    log: (line) => console.log(line),
  });
  const output = { corpus: { files: material.files, loadSeconds: loaded.wallSeconds }, ...figures };
  if (values.figures) fs.writeFileSync(values.figures, `${JSON.stringify(output, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`generate-articles: ${(error as Error).message}`);
    process.exit(1);
  }
}
