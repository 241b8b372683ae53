/**
 * Entity extraction and entity pages (the entities issue's speed targets), three parts:
 *
 * 1. Extraction throughput, one core: every article of the demo (demo/*.jsonl.gz mapped as the
 *    importer maps them, and the seed page: headline, dek, body text) through
 *    extractEntities(article) with no rules, after a warm-up over the first 200; the machine's
 *    baseline is the analyzer's analyzeForms over the same fields (what search indexing pays),
 *    timed in the same rounds. Each figure is the median of --rounds rounds.
 * 2. One article on save: the demo imported into a fresh SQLite store with importDemo (timed),
 *    and again into a second store whose articles are indexed for search only (the same
 *    ArticleRepository given `{ indexWithin: store.search.indexWithin }` instead of
 *    store.indexing: what the import cost before entities); then --saves saves of single
 *    existing articles (store.articles.upsertByExternalId, headline changed, slug kept), each
 *    split into the search part (store.search.indexWithin, inside the save's transaction) and
 *    the entity part (store.indexing.indexWithin less the search part: reading the rules,
 *    extraction, linking, article_entities rows, counts, the outbox row).
 * 3. The entity page's SQL at --articles articles: generated articles (bench/generate-articles.ts's
 *    recombination of real material, seed --seed) written into a fresh database by bulk inserts
 *    (article rows only: no bylines, revisions or search index), then --entities entities with
 *    a Zipf-like spread over the articles (the first in --top articles, the exponent chosen so
 *    that articles name --per-article entities on average) written as entity, entity_names and
 *    article_entities rows directly, without extraction; then --iterations of the entity
 *    page's reads with no page cache in front: entities.get(id) (the page takes its article
 *    count from it), listPublishedPage({ entityId, limit: 20 }) at pages 1 and 50 and
 *    entities.related(id, 10); countPublished({ entityId }) is timed beside, for comparison. On SQLite the most-named entity's statements are then replayed one by
 *    one on a connection of their own, with their query plans. With --postgres, part 3 runs
 *    on PostgreSQL too (GHAD_TEST_POSTGRES_URL's server, tables analyzed after the load).
 *
 * Prints the figures, each target with PASS/MISS (the extraction target also per CPU second,
 * which a busy machine does not move), and writes test-output/bench-entities.json.
 *
 *   npm run bench:entities [-- --articles 100000] [--postgres] [--parts extraction,save,page] [--help]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { type Insertable, type Kysely, sql } from 'kysely';
import { analyzeForms } from '../src/arabic/analyzer.ts';
import { slugify } from '../src/arabic/slug.ts';
import type { ArticleInput } from '../src/content/article.ts';
import { blocksToText } from '../src/content/blocks.ts';
import { entityKey, wordKey } from '../src/entities/entity-key.ts';
import { extractEntities } from '../src/entities/extract.ts';
import type { EntityType, ExtractableArticle } from '../src/entities/found-entity.ts';
import { mapCorpusRecord } from '../src/import/corpus-record.ts';
import { DEMO_CORPUS_FILES, DEMO_SEED_FILE, importDemo } from '../src/import/demo.ts';
import { readSeedPage } from '../src/import/seed-page.ts';
import type { IndexableArticle } from '../src/search/search-index.ts';
import { ArticleRepository, normalizeInput } from '../src/store/articles.ts';
import { EntityRepository } from '../src/store/entities.ts';
import type { ArticleEntitiesTable, Database } from '../src/store/schema.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { TaxonomyRepository } from '../src/store/taxonomy.ts';
import { freshDatabase } from '../test/helpers/databases.ts';
import { type CorpusMaterial, generateArticle, loadCorpusMaterial, peakRssBytes } from './generate-articles.ts';
import { Prng } from './prng.ts';
import { duration, gitDescription, table } from './report.ts';
import { REPO_ROOT } from './servers.ts';
import { capturingDatabase, replayStatement, type StatementProfile } from './sqlite-inspect.ts';
import { median, nearestRank } from './summary.ts';

const PARTS = ['extraction', 'save', 'page'] as const;
type Part = (typeof PARTS)[number];

const USAGE = `npm run bench:entities -- [options]
  --parts LIST       which parts to run, comma-separated: extraction,save,page (all)
  --rounds N         measured rounds of part 1 over the whole demo; the median is reported (3)
  --saves N          single-article saves timed in part 2 (200)
  --articles N       generated articles of part 3 (100000)
  --entities N       entities of part 3 (2000)
  --top N            articles naming part 3's most-named entity (20000; at most a fifth of --articles)
  --per-article X    entities an article names on average in part 3 (4.3; part 1 prints the demo's)
  --iterations N     timed iterations of each entity page read in part 3 (500)
  --seed S           PRNG seed of part 3's articles and entity rows (1)
  --postgres         part 3 on PostgreSQL too (GHAD_TEST_POSTGRES_URL, as the tests)
  --output FILE      the JSON figures (test-output/bench-entities.json)`;

interface Options {
  parts: Set<Part>;
  rounds: number;
  saves: number;
  articles: number;
  entities: number;
  top: number;
  perArticle: number;
  iterations: number;
  seed: number;
  postgres: boolean;
  output: string;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      parts: { type: 'string', default: PARTS.join(',') },
      rounds: { type: 'string', default: '3' },
      saves: { type: 'string', default: '200' },
      articles: { type: 'string', default: '100000' },
      entities: { type: 'string', default: '2000' },
      top: { type: 'string', default: '20000' },
      'per-article': { type: 'string', default: '4.3' },
      iterations: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      postgres: { type: 'boolean', default: false },
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
  const parts = new Set<Part>();
  for (const name of values.parts.split(',').map((p) => p.trim())) {
    if (!(PARTS as readonly string[]).includes(name))
      throw new UsageError(`--parts takes ${PARTS.join(', ')}, not "${name}".`);
    parts.add(name as Part);
  }
  const articles = whole('articles', values.articles, 100);
  const entities = whole('entities', values.entities, 1);
  const perArticle = Number(values['per-article']);
  if (!(perArticle > 0))
    throw new UsageError(`--per-article must be a positive number, not "${values['per-article']}".`);
  return {
    parts,
    rounds: whole('rounds', values.rounds, 1),
    saves: whole('saves', values.saves, 1),
    articles,
    entities,
    top: Math.min(whole('top', values.top, 1), Math.floor(articles / 5)),
    perArticle,
    iterations: whole('iterations', values.iterations, 1),
    seed: whole('seed', values.seed, 0),
    postgres: values.postgres,
    output: path.resolve(REPO_ROOT, values.output ?? 'test-output/bench-entities.json'),
  };
}

// ——— Reporting ———

interface Target {
  name: string;
  goal: string;
  actual: string;
  pass: boolean;
}

interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, with how many values. */
function percentiles(values: readonly number[]): Percentiles {
  return { n: values.length, ...nearestRank(values) };
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const seconds = (s: number) => `${s.toFixed(1)} s`;
const shorten = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** A digest of src/ as it is now: the working tree may differ from the commit (another session may be editing it). */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(path.relative(REPO_ROOT, full)).update('\0').update(fs.readFileSync(full));
    }
  };
  walk(path.join(REPO_ROOT, 'src'));
  return hash.digest('hex').slice(0, 12);
}

/** Wall and CPU (user + system) seconds of what `run` does. */
async function clocked<T>(run: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 };
}

// ——— The demo's articles ———

interface DemoArticle {
  input: ArticleInput & { externalId: string };
  text: ExtractableArticle;
}

/** Every article of the demo as the importer maps it (corpus records, then the seed page), with what extraction reads. */
function demoArticles(): { articles: DemoArticle[]; records: number; skipped: number } {
  const articles: DemoArticle[] = [];
  let records = 0;
  let skipped = 0;
  const add = (input: ArticleInput & { externalId: string }) => {
    const normalized = normalizeInput(input);
    articles.push({
      input,
      text: {
        headline: normalized.headline,
        kicker: normalized.kicker,
        dek: normalized.dek,
        bodyText: blocksToText(normalized.body),
      },
    });
  };
  add(readSeedPage(DEMO_SEED_FILE));
  for (const { file, timeZone } of DEMO_CORPUS_FILES) {
    for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      records++;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      const mapped = mapCorpusRecord(record, { timeZone });
      if (mapped.ok) add(mapped.article);
      else skipped++;
    }
  }
  return { articles, records, skipped };
}

/** What search indexing analyzes of an article (search-document.ts): the headline, the lead, the body. */
function analyzeArticle(article: ExtractableArticle): number {
  return (
    analyzeForms(article.headline).length +
    analyzeForms([article.kicker, article.dek].filter(Boolean).join('\n')).length +
    analyzeForms(article.bodyText).length
  );
}

// ——— Part 1: extraction throughput ———

interface NamedEntity {
  type: EntityType;
  name: string;
  key: string;
  articles: number;
}

interface Round {
  wallSeconds: number;
  cpuSeconds: number;
}

async function extractionPart(articles: readonly DemoArticle[], rounds: number) {
  const texts = articles.map((a) => a.text);
  const warm = await clocked(() => {
    for (const text of texts.slice(0, 200)) {
      extractEntities(text);
      analyzeArticle(text);
    }
  });
  console.log(`  warm-up over the first 200 (both): ${warm.wall.toFixed(2)} s`);
  const extraction: Round[] = [];
  const analysis: Round[] = [];
  let perArticleMs: number[] = [];
  let found = 0;
  let tokens = 0;
  const byType: Record<EntityType, number> = { PER: 0, ORG: 0, LOC: 0 };
  const named = new Map<string, NamedEntity>();
  for (let round = 0; round < rounds; round++) {
    const times: number[] = new Array(texts.length);
    const extracted = await clocked(() => {
      let n = 0;
      for (let i = 0; i < texts.length; i++) {
        const started = performance.now();
        const entities = extractEntities(texts[i]!);
        times[i] = performance.now() - started;
        n += entities.length;
        if (round === 0) {
          for (const e of entities) {
            byType[e.type]++;
            const key = `${e.type} ${e.key}`;
            const entry = named.get(key);
            if (entry) entry.articles++;
            else named.set(key, { type: e.type, name: e.name, key: e.key, articles: 1 });
          }
        }
      }
      return n;
    });
    const analyzed = await clocked(() => {
      let n = 0;
      for (const text of texts) n += analyzeArticle(text);
      return n;
    });
    found = extracted.value;
    tokens = analyzed.value;
    extraction.push({ wallSeconds: extracted.wall, cpuSeconds: extracted.cpu });
    analysis.push({ wallSeconds: analyzed.wall, cpuSeconds: analyzed.cpu });
    if (round === 0) perArticleMs = times;
    console.log(
      `  round ${round + 1}: extraction ${seconds(extracted.wall)} (CPU ${seconds(extracted.cpu)}), ` +
        `analyzeForms ${seconds(analyzed.wall)} (CPU ${seconds(analyzed.cpu)})`,
    );
  }
  const extractionSeconds = median(extraction.map((r) => r.wallSeconds));
  const analysisSeconds = median(analysis.map((r) => r.wallSeconds));
  const extractionCpu = median(extraction.map((r) => r.cpuSeconds));
  const analysisCpu = median(analysis.map((r) => r.cpuSeconds));
  const top = [...named.values()].sort((a, b) => b.articles - a.articles || (a.key < b.key ? -1 : 1));
  // The slowest articles of round 1, timed again on their own (the least of 5): the article or the machine?
  const slowest = [...perArticleMs.keys()]
    .sort((a, b) => perArticleMs[b]! - perArticleMs[a]!)
    .slice(0, 5)
    .map((index) => {
      const text = texts[index]!;
      const again: number[] = [];
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        extractEntities(text);
        again.push(performance.now() - started);
      }
      return {
        index,
        headline: text.headline,
        bodyCharacters: text.bodyText.length,
        round1Ms: perArticleMs[index]!,
        againMs: Math.min(...again),
      };
    });
  return {
    articles: texts.length,
    bodyCharacters: texts.reduce((sum, t) => sum + t.bodyText.length, 0),
    warmupSeconds: warm.wall,
    rounds: { extraction, analysis },
    extraction: {
      seconds: extractionSeconds,
      cpuSeconds: extractionCpu,
      articlesPerSecond: texts.length / extractionSeconds,
      articlesPerCpuSecond: texts.length / extractionCpu,
      perArticleMs: percentiles(perArticleMs),
      slowest,
    },
    analysis: {
      seconds: analysisSeconds,
      cpuSeconds: analysisCpu,
      articlesPerSecond: texts.length / analysisSeconds,
      tokens,
    },
    ratio: extractionSeconds / analysisSeconds,
    cpuRatio: extractionCpu / analysisCpu,
    found: {
      entities: found,
      perArticle: found / texts.length,
      byType,
      distinct: named.size,
      top10: top.slice(0, 10),
    },
    /** Not in the JSON: the names part 3 gives its entities. */
    named: top,
  };
}

// ——— Part 2: one article on save ———

type IndexWithin = (executor: Kysely<Database>, articles: readonly IndexableArticle[]) => Promise<void>;

/** The store's search index, with the transaction-bound write every store's index has. */
function searchIndexOf(store: Store): { indexWithin: IndexWithin } {
  return store.search as unknown as { indexWithin: IndexWithin };
}

/** Replaces `target.indexWithin` (an instance property: the repositories hold the same object) by a timed one. */
function timeIndexWithin<Args extends unknown[]>(
  target: { indexWithin: (...args: Args) => Promise<unknown> },
  add: (ms: number) => void,
): void {
  const original = target.indexWithin.bind(target);
  target.indexWithin = async (...args: Args) => {
    const started = performance.now();
    try {
      return await original(...args);
    } finally {
      add(performance.now() - started);
    }
  };
}

async function savePart(articles: readonly DemoArticle[], saves: number) {
  // a. The demo imported with extraction (the store as it is), its search and entity parts timed.
  const full = await freshDatabase('sqlite');
  const store = await openStore(full.options);
  const spent = { indexing: 0, search: 0, linking: 0 };
  timeIndexWithin(store.indexing, (t) => {
    spent.indexing += t;
  });
  timeIndexWithin(searchIndexOf(store), (t) => {
    spent.search += t;
  });
  timeIndexWithin(store.entities, (t) => {
    spent.linking += t;
  });
  try {
    console.log('  importing the demo (importDemo, 100 articles a transaction), search + entities');
    const imported = await clocked(() => importDemo(store));
    const importedCount = 1 + imported.value.corpora.reduce((sum, c) => sum + c.imported + c.updated, 0);
    const entityRows = await store.db
      .selectFrom('article_entities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const entityCount = await store.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const withEntities = {
      articles: importedCount,
      seconds: imported.wall,
      cpuSeconds: imported.cpu,
      articlesPerSecond: importedCount / imported.wall,
      indexWithinSeconds: spent.indexing / 1000,
      searchSeconds: spent.search / 1000,
      entitySeconds: (spent.indexing - spent.search) / 1000,
      linkingSeconds: spent.linking / 1000,
      entities: Number(entityCount.n),
      articleEntityRows: Number(entityRows.n),
    };
    console.log(
      `    ${int(importedCount)} articles in ${seconds(imported.wall)} (CPU ${seconds(imported.cpu)}); ` +
        `indexWithin ${seconds(withEntities.indexWithinSeconds)}: search ${seconds(withEntities.searchSeconds)}, ` +
        `entities ${seconds(withEntities.entitySeconds)} (of which linking and rows ${seconds(withEntities.linkingSeconds)}); ` +
        `${int(withEntities.entities)} entities, ${int(withEntities.articleEntityRows)} article rows`,
    );

    // b. The same import into a store whose articles are indexed for search only (no extraction).
    const bare = await freshDatabase('sqlite');
    const searchOnly = await openStore(bare.options);
    let withoutEntities: { articles: number; seconds: number; cpuSeconds: number; articlesPerSecond: number };
    try {
      const search = searchIndexOf(searchOnly);
      const articlesWithoutEntities = new ArticleRepository(searchOnly.db, searchOnly.dialect, searchOnly.taxonomy, {
        indexWithin: async (executor, batch) => {
          await search.indexWithin(executor, batch);
          return [];
        },
      });
      console.log('  importing the demo again into a fresh store indexed for search only (extraction off)');
      const again = await clocked(() => importDemo({ ...searchOnly, articles: articlesWithoutEntities }));
      const count = 1 + again.value.corpora.reduce((sum, c) => sum + c.imported + c.updated, 0);
      withoutEntities = {
        articles: count,
        seconds: again.wall,
        cpuSeconds: again.cpu,
        articlesPerSecond: count / again.wall,
      };
      console.log(`    ${int(count)} articles in ${seconds(again.wall)} (CPU ${seconds(again.cpu)})`);
    } finally {
      await searchOnly.close();
      await bare.cleanup();
    }

    // c. Single saves of existing articles, spread over the corpus (the seed page, 0, is left alone).
    const keyed = new Map<string, number>();
    for (const [i, a] of articles.entries()) keyed.set(a.input.externalId, i);
    const candidates = articles.filter((a, i) => i > 0 && keyed.get(a.input.externalId) === i);
    const warmups = 10;
    const picked = Array.from(
      { length: saves + warmups },
      (_, i) => candidates[Math.floor((i * candidates.length) / (saves + warmups))]!,
    );
    const samples: { save: number; indexing: number; search: number; linking: number; words: number }[] = [];
    for (const [i, article] of picked.entries()) {
      spent.indexing = 0;
      spent.search = 0;
      spent.linking = 0;
      const input = {
        ...article.input,
        headline: `${article.input.headline} (${i + 1})`,
        slug: article.input.headline,
      };
      const started = performance.now();
      const result = await store.articles.upsertByExternalId(input);
      const save = performance.now() - started;
      if (result.outcome !== 'updated') throw new Error(`Save ${i + 1} was "${result.outcome}", not an update.`);
      if (i < warmups) continue;
      samples.push({
        save,
        indexing: spent.indexing,
        search: spent.search,
        linking: spent.linking,
        words: article.text.bodyText.split(/\s+/).length,
      });
    }
    const entityPart = samples.map((s) => s.indexing - s.search);
    return {
      import: {
        withEntities,
        withoutEntities,
        extraSecondsPerThousand: ((withEntities.seconds - withoutEntities.seconds) / importedCount) * 1000,
      },
      saves: {
        n: samples.length,
        warmups,
        meanBodyWords: samples.reduce((sum, s) => sum + s.words, 0) / samples.length,
        saveMs: percentiles(samples.map((s) => s.save)),
        indexWithinMs: percentiles(samples.map((s) => s.indexing)),
        searchMs: percentiles(samples.map((s) => s.search)),
        entityMs: percentiles(entityPart),
        linkingMs: percentiles(samples.map((s) => s.linking)),
        extractionAndRestMs: percentiles(samples.map((s) => s.indexing - s.search - s.linking)),
      },
    };
  } finally {
    await store.close();
    await full.cleanup();
  }
}

// ——— Part 3: the entity page's SQL ———

/** Articles of each entity, most-named first: top / rank^s, at least 1, with s making their sum `rows`. */
function zipfCounts(entities: number, top: number, rows: number): { counts: number[]; exponent: number } {
  const countsFor = (s: number) =>
    Array.from({ length: entities }, (_, i) => Math.max(1, Math.round(top / (i + 1) ** s)));
  const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
  let low = 0;
  let high = 4;
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    if (sum(countsFor(mid)) > rows) low = mid;
    else high = mid;
  }
  return { counts: countsFor(high), exponent: high };
}

interface PageDatabase {
  dialect: 'sqlite' | 'postgres';
  /** SQLite: the most-named entity's statements, replayed on their own. */
  profile?: EntityPageStatement[];
  fill: {
    articles: number;
    articleSeconds: number;
    entities: number;
    articleEntityRows: number;
    entitySeconds: number;
    zipfExponent: number;
    topArticles: number;
    bytes?: number;
  };
  measured: PageFigures[];
}

interface PageFigures {
  label: string;
  entityId: number;
  articles: number;
  iterations: number;
  /** The offset of "page 50": 980, or less for an entity with fewer articles. */
  page50Offset: number;
  countMs: Percentiles;
  page1Ms: Percentiles;
  page50Ms: Percentiles;
  relatedMs: Percentiles;
  getMs: Percentiles;
  /** count + page 1 + related + get, per iteration: the first page's SQL. */
  firstPageMs: Percentiles;
  /** count + page 50 + related + get, per iteration. */
  fiftiethPageMs: Percentiles;
}

async function pagePart(
  dialect: 'sqlite' | 'postgres',
  options: Options,
  material: CorpusMaterial,
  named: readonly NamedEntity[],
): Promise<PageDatabase> {
  const database = await freshDatabase(dialect);
  const store = await openStore(database.options);
  try {
    const sections = new Map((await store.taxonomy.sections()).map((s) => [s.slug, s.id]));
    // a. The articles: generated, written by multi-row inserts (article rows only).
    const perInsert = 500;
    const perTransaction = 5_000;
    const writing = await clocked(async () => {
      let lastLog = performance.now();
      for (let first = 0; first < options.articles; first += perTransaction) {
        const last = Math.min(options.articles, first + perTransaction);
        await store.db.transaction().execute(async (trx) => {
          for (let from = first; from < last; from += perInsert) {
            const rows = [];
            for (let i = from; i < Math.min(last, from + perInsert); i++) {
              const article = generateArticle(material, options.seed, i);
              const normalized = normalizeInput(article);
              const now = new Date().toISOString();
              rows.push({
                external_id: article.externalId,
                slug: normalized.slug,
                headline: normalized.headline,
                kicker: normalized.kicker,
                dek: normalized.dek,
                body: JSON.stringify(normalized.body),
                body_text: blocksToText(normalized.body),
                language: 'ar',
                status: 'published',
                section_id: sections.get(article.sectionSlug)!,
                published_at: normalized.publishedAt,
                created_at: now,
                updated_at: now,
                revision: 1,
                content_hash: 'bench-entities',
              });
            }
            await trx.insertInto('articles').values(rows).execute();
          }
        });
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          console.log(`    ${int(last)} / ${int(options.articles)} articles written`);
        }
      }
    });
    console.log(
      `    ${int(options.articles)} articles generated and written in ${seconds(writing.wall)} (CPU ${seconds(writing.cpu)})`,
    );

    // b. The entities and their article rows, without extraction.
    const articleRows = await store.db.selectFrom('articles').select(['id', 'published_at']).orderBy('id').execute();
    const { counts, exponent } = zipfCounts(
      options.entities,
      options.top,
      Math.round(options.articles * options.perArticle),
    );
    const entitiesWritten = await clocked(async () => {
      const now = new Date().toISOString();
      const types: EntityType[] = ['LOC', 'PER', 'ORG'];
      const entityValues = counts.map((count, rank) => {
        const real = named[rank];
        const type = real?.type ?? types[rank % 3]!;
        const name = real?.name ?? `كيان رقم ${rank + 1}`;
        const key = entityKey(name);
        const words = key.split(' ');
        return {
          type,
          name,
          slug: slugify(name) || `entity-${rank + 1}`,
          key,
          surname_key: type === 'LOC' ? null : wordKey(words.at(-1) ?? ''),
          status: 'proposed',
          article_count: count,
          created_at: now,
          updated_at: now,
        };
      });
      await store.db.transaction().execute(async (trx) => {
        for (let at = 0; at < entityValues.length; at += 500) {
          await trx
            .insertInto('entities')
            .values(entityValues.slice(at, at + 500))
            .execute();
        }
      });
      const ids = (await store.db.selectFrom('entities').select('id').orderBy('id').execute()).map((r) => r.id);
      await store.db.transaction().execute(async (trx) => {
        for (let at = 0; at < ids.length; at += 1000) {
          await trx
            .insertInto('entity_names')
            .values(
              ids
                .slice(at, at + 1000)
                .map((id, i) => ({ entity_id: id, name: entityValues[at + i]!.name, key: entityValues[at + i]!.key })),
            )
            .execute();
        }
      });
      // Each entity in `count` different articles drawn at random: entity by entity, in rank order.
      const positions = new Int32Array(articleRows.length);
      let buffer: Insertable<ArticleEntitiesTable>[] = [];
      let written = 0;
      const flush = async (trx: Kysely<Database>) => {
        for (let at = 0; at < buffer.length; at += 1000) {
          await trx
            .insertInto('article_entities')
            .values(buffer.slice(at, at + 1000))
            .execute();
        }
        written += buffer.length;
        buffer = [];
      };
      await store.db.transaction().execute(async (trx) => {
        for (const [rank, count] of counts.entries()) {
          const rng = Prng.forItem(options.seed + 1_000_003, rank);
          const chosen = new Set<number>();
          while (chosen.size < count) chosen.add(Math.floor(rng.next() * articleRows.length));
          for (const index of chosen) {
            const article = articleRows[index]!;
            const name = entityValues[rank]!.name;
            buffer.push({
              article_id: article.id,
              entity_id: ids[rank]!,
              names: JSON.stringify([name]),
              mentions: rng.int(1, 6),
              prominent: rng.chance(0.2) ? 1 : 0,
              position: positions[index]!++,
              listed: 1,
              published_at: article.published_at,
            });
          }
          if (buffer.length >= 20_000) await flush(trx);
        }
        await flush(trx);
      });
      if (dialect === 'postgres') {
        // After a bulk load autovacuum analyzes the tables within a minute; do it now.
        await sqlAnalyze(store);
      }
      return { ids, written };
    });
    const { ids, written } = entitiesWritten.value;
    console.log(
      `    ${int(ids.length)} entities (Zipf exponent ${exponent.toFixed(3)}: ${int(counts[0]!)} articles for the first, ` +
        `${int(counts[Math.floor(counts.length / 2)]!)} for the median, ${int(counts.at(-1)!)} for the last), ` +
        `${int(written)} article_entities rows (${(written / options.articles).toFixed(2)} an article), ` +
        `written in ${seconds(entitiesWritten.wall)}`,
    );
    const bytes = dialect === 'sqlite' ? fileBytes(store.location) : undefined;

    // c. The reads, for the most-named entity and for the median one.
    const measured: PageFigures[] = [];
    const cases = [
      { label: `most-named entity (#1)`, rank: 0 },
      { label: `median entity (#${Math.floor(counts.length / 2) + 1})`, rank: Math.floor(counts.length / 2) },
    ];
    for (const { label, rank } of cases) {
      const entityId = ids[rank]!;
      const total = await store.articles.countPublished({ entityId });
      if (total !== counts[rank]) throw new Error(`countPublished gave ${total} for ${label}, not ${counts[rank]}.`);
      const times = { count: [] as number[], page1: [] as number[], page50: [] as number[], related: [] as number[] };
      const getTimes: number[] = [];
      const page50Offset = Math.min(49 * 20, Math.max(0, total - 20));
      const warmups = 20;
      for (let i = 0; i < options.iterations + warmups; i++) {
        const t0 = performance.now();
        await store.articles.countPublished({ entityId });
        const t1 = performance.now();
        const first = await store.articles.listPublishedPage({ entityId, limit: 20, offset: 0 });
        const t2 = performance.now();
        const fiftieth = await store.articles.listPublishedPage({ entityId, limit: 20, offset: page50Offset });
        const t3 = performance.now();
        const related = await store.entities.related(entityId, 10);
        const t4 = performance.now();
        const entity = await store.entities.get(entityId);
        const t5 = performance.now();
        if (i === 0 && (first.length === 0 || fiftieth.length === 0 || !entity || related.length === 0)) {
          throw new Error(`The entity page of ${label} read nothing.`);
        }
        if (i < warmups) continue;
        times.count.push(t1 - t0);
        times.page1.push(t2 - t1);
        times.page50.push(t3 - t2);
        times.related.push(t4 - t3);
        getTimes.push(t5 - t4);
      }
      // The page reads the entity (its article count with it), a page of its list and its
      // neighbours; the count of listing rows is measured beside, as the page no longer reads it.
      const sumOf = (pageTimes: number[]) => pageTimes.map((p, i) => getTimes[i]! + p + times.related[i]!);
      const figures: PageFigures = {
        label,
        entityId,
        articles: total,
        iterations: options.iterations,
        page50Offset,
        countMs: percentiles(times.count),
        page1Ms: percentiles(times.page1),
        page50Ms: percentiles(times.page50),
        relatedMs: percentiles(times.related),
        getMs: percentiles(getTimes),
        firstPageMs: percentiles(sumOf(times.page1)),
        fiftiethPageMs: percentiles(sumOf(times.page50)),
      };
      measured.push(figures);
    }
    const profile =
      dialect === 'sqlite' ? await profileEntityPage(store.location, ids[0]!, measured[0]!.page50Offset) : undefined;
    return {
      dialect,
      ...(profile ? { profile } : {}),
      fill: {
        articles: options.articles,
        articleSeconds: writing.wall,
        entities: ids.length,
        articleEntityRows: written,
        entitySeconds: entitiesWritten.wall,
        zipfExponent: exponent,
        topArticles: counts[0]!,
        ...(bytes === undefined ? {} : { bytes }),
      },
      measured,
    };
  } finally {
    await store.close();
    await database.cleanup();
  }
}

/** One statement of the entity page, replayed on its own. */
/** One statement of an entity page's read (`read`), replayed on its own (bench/sqlite-inspect.ts). */
type EntityPageStatement = Omit<StatementProfile, 'parameters'> & { read: string };

/**
 * The entity page's reads run once more on a read-only connection of their own while Kysely's
 * log captures their statements, each then explained and replayed on its own (median of `runs`),
 * as bench/sqlite-inspect.ts does for searches.
 */
async function profileEntityPage(
  file: string,
  entityId: number,
  page50Offset: number,
  runs = 50,
): Promise<EntityPageStatement[]> {
  const { raw, db, captured } = capturingDatabase(file);
  const articles = new ArticleRepository(db, 'sqlite', new TaxonomyRepository(db));
  const entities = new EntityRepository(db, 'sqlite', entityKey);
  const reads: [string, () => Promise<unknown>][] = [
    ['countPublished', () => articles.countPublished({ entityId })],
    ['page 1', () => articles.listPublishedPage({ entityId, limit: 20, offset: 0 })],
    ['page 50', () => articles.listPublishedPage({ entityId, limit: 20, offset: page50Offset })],
    ['related', () => entities.related(entityId, 10)],
    ['get', () => entities.get(entityId)],
  ];
  const profiles: EntityPageStatement[] = [];
  try {
    for (const [read, run] of reads) {
      captured.length = 0;
      await run();
      for (const statement of captured) {
        // The figures name each statement's read; its parameters are left out.
        const { parameters: _, ...replayed } = replayStatement(raw, statement, runs);
        profiles.push({ read, ...replayed });
      }
    }
  } finally {
    await db.destroy();
  }
  return profiles;
}

async function sqlAnalyze(store: Store): Promise<void> {
  await sql`analyze`.execute(store.db);
}

/** The SQLite file and its WAL. */
function fileBytes(location: string): number | undefined {
  try {
    const wal = `${location}-wal`;
    return fs.statSync(location).size + (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
  } catch {
    return undefined;
  }
}

// ——— Main ———

async function main(options: Options): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const cpus = os.cpus().length;
  console.log(
    `bench:entities on ${cpus} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; ` +
      `load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')} at the start` +
      (loadBefore[0]! > cpus
        ? ' — the machine is busy with other work: wall times are noisy, CPU times are shown too'
        : ''),
  );
  const targets: Target[] = [];
  const git = gitDescription();
  const digest = sourceDigest();
  console.log(
    `code: commit ${git?.commit ?? '?'}${git?.dirty ? ' with uncommitted changes' : ''}, src/ digest ${digest} (sha256 of its files)`,
  );
  const output: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    git,
    sourceDigest: digest,
    machine: { node: process.version, cpus, cpuModel: os.cpus()[0]?.model, loadAverageBefore: loadBefore },
    settings: { ...options, parts: [...options.parts] },
  };

  const needsDemo = options.parts.has('extraction') || options.parts.has('save');
  const demo = needsDemo ? demoArticles() : undefined;
  if (demo) {
    console.log(
      `▸ the demo: ${int(demo.records)} corpus records (${int(demo.skipped)} skipped as the importer skips them) ` +
        `+ the seed page = ${int(demo.articles.length)} articles`,
    );
  }

  let named: NamedEntity[] = [];
  if (demo && options.parts.has('extraction')) {
    console.log(
      `\n▸ 1. extraction throughput: extractEntities(article) with no rules over all ${int(demo.articles.length)} articles, ` +
        `baseline analyzeForms (headline, lead, body), ${options.rounds} round(s)`,
    );
    const figures = await extractionPart(demo.articles, options.rounds);
    named = figures.named;
    const { named: _names, ...kept } = figures;
    output.extraction = kept;
    const e = figures.extraction;
    console.log(
      `\n${figures.articles.toLocaleString('en')} articles (${int(figures.bodyCharacters / figures.articles)} body characters each on average); medians of ${options.rounds} round(s)`,
    );
    console.log(
      table(
        ['', 'wall', 'articles/s', 'CPU', 'articles/CPU s', 'rounds (wall)'],
        [
          [
            'extractEntities',
            seconds(e.seconds),
            int(e.articlesPerSecond),
            seconds(e.cpuSeconds),
            int(e.articlesPerCpuSecond),
            figures.rounds.extraction.map((r) => r.wallSeconds.toFixed(1)).join(' / '),
          ],
          [
            'analyzeForms (baseline)',
            seconds(figures.analysis.seconds),
            int(figures.analysis.articlesPerSecond),
            seconds(figures.analysis.cpuSeconds),
            int(figures.articles / figures.analysis.cpuSeconds),
            figures.rounds.analysis.map((r) => r.wallSeconds.toFixed(1)).join(' / '),
          ],
        ],
        (column) => column > 0 && column < 5,
      ),
    );
    console.log(
      `extraction / analysis: ${figures.ratio.toFixed(2)}× the wall time (${figures.cpuRatio.toFixed(2)}× the CPU time)\n` +
        `one article's extraction (round 1): p50 ${ms(e.perArticleMs.p50)} ms, p95 ${ms(e.perArticleMs.p95)} ms, ` +
        `p99 ${ms(e.perArticleMs.p99)} ms, max ${ms(e.perArticleMs.max)} ms; the 5 slowest, timed again alone (least of 5): ` +
        e.slowest
          .map((a) => `#${a.index} ${ms(a.round1Ms)} → ${ms(a.againMs)} ms (${int(a.bodyCharacters)} chars)`)
          .join(', ') +
        '\n' +
        `found ${int(figures.found.entities)} entities (${figures.found.perArticle.toFixed(2)} an article: ` +
        `${int(figures.found.byType.PER)} PER, ${int(figures.found.byType.ORG)} ORG, ${int(figures.found.byType.LOC)} LOC), ` +
        `${int(figures.found.distinct)} distinct type + key; most named: ` +
        figures.found.top10.map((n) => `${n.name} (${n.type}, ${n.articles})`).join('، '),
    );
    targets.push({
      name: `extraction throughput, one core (${int(figures.articles)} demo articles, median of ${options.rounds})`,
      goal: '≥ 1,000 articles/s (≤ 15 s)',
      actual: `${int(e.articlesPerSecond)} articles/s (${seconds(e.seconds)})`,
      pass: e.articlesPerSecond >= 1000,
    });
    targets.push({
      name: '  the same per CPU second (what the load average cannot take)',
      goal: '≥ 1,000 articles/s',
      actual: `${int(e.articlesPerCpuSecond)} articles/CPU s (${seconds(e.cpuSeconds)})`,
      pass: e.articlesPerCpuSecond >= 1000,
    });
  }

  if (demo && options.parts.has('save')) {
    console.log(`\n▸ 2. one article on save: the demo imported into a fresh SQLite store, then ${options.saves} saves`);
    const figures = await savePart(demo.articles, options.saves);
    output.save = figures;
    const { withEntities: w, withoutEntities: wo } = figures.import;
    console.log(
      `\n${table(
        ['demo import (importDemo)', 'articles', 'wall', 'articles/s', 'CPU'],
        [
          [
            'search + entities (the store)',
            int(w.articles),
            seconds(w.seconds),
            int(w.articlesPerSecond),
            seconds(w.cpuSeconds),
          ],
          [
            'search only (extraction off)',
            int(wo.articles),
            seconds(wo.seconds),
            int(wo.articlesPerSecond),
            seconds(wo.cpuSeconds),
          ],
        ],
        (column) => column > 0,
      )}\n` +
        `entities add ${seconds(w.seconds - wo.seconds)} to the import (${((w.seconds / wo.seconds - 1) * 100).toFixed(0)} %, ` +
        `${figures.import.extraSecondsPerThousand.toFixed(2)} s per 1,000 articles); inside the first import, indexWithin's ` +
        `entity part took ${seconds(w.entitySeconds)} (linking and rows ${seconds(w.linkingSeconds)}) and its search part ${seconds(w.searchSeconds)}`,
    );
    const s = figures.saves;
    const row = (label: string, p: Percentiles) => [label, ms(p.p50), ms(p.p95), ms(p.p99), ms(p.max)];
    console.log(
      `\n${s.n} saves of single existing articles (store.articles.upsertByExternalId, headline changed; ` +
        `${s.warmups} unmeasured first; ${int(s.meanBodyWords)} body words on average), ms\n` +
        table(
          ['', 'p50', 'p95', 'p99', 'max'],
          [
            row('whole save (transaction)', s.saveMs),
            row('store.indexing.indexWithin', s.indexWithinMs),
            row('  search part (store.search.indexWithin)', s.searchMs),
            row('  entity part (indexWithin − search)', s.entityMs),
            row('    linking + rows (store.entities.indexWithin)', s.linkingMs),
            row('    extraction + rules + outbox (the rest)', s.extractionAndRestMs),
          ],
          (column) => column > 0,
        ),
    );
    targets.push({
      name: 'entity part of one save (extraction + linking), p95',
      goal: '≤ 20 ms',
      actual: `${ms(s.entityMs.p95)} ms (p50 ${ms(s.entityMs.p50)})`,
      pass: s.entityMs.p95 <= 20,
    });
  }

  if (options.parts.has('page')) {
    const dialects = options.postgres ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
    console.log(`\n▸ 3. the entity page's SQL at ${int(options.articles)} articles (${dialects.join(', ')})`);
    const loading = await clocked(() => loadCorpusMaterial());
    console.log(`  corpus material for generated articles read in ${seconds(loading.wall)}`);
    if (named.length === 0) console.log('  (part 1 not run: the entities get made-up names)');
    const results: PageDatabase[] = [];
    for (const dialect of dialects) {
      console.log(`  ${dialect}:`);
      results.push(await pagePart(dialect, options, loading.value, named));
    }
    output.page = results;
    for (const result of results) {
      const f = result.fill;
      console.log(
        `\n${result.dialect}: ${int(f.articles)} articles, ${int(f.entities)} entities, ${int(f.articleEntityRows)} article_entities rows` +
          (f.bytes ? `, ${int(f.bytes / 1024 / 1024)} MB` : '') +
          `; ${options.iterations} iterations each (20 unmeasured first), straight to the store (no page cache; the database's own cache warm); ms`,
      );
      const rows: string[][] = [];
      for (const m of result.measured) {
        const row = (label: string, p: Percentiles) => [label, ms(p.p50), ms(p.p95), ms(p.p99), ms(p.max)];
        rows.push(
          [`${m.label}: ${int(m.articles)} articles`, '', '', '', ''],
          row('  countPublished({ entityId })', m.countMs),
          row('  listPublishedPage, page 1', m.page1Ms),
          row(`  listPublishedPage, page 50 (offset ${m.page50Offset})`, m.page50Ms),
          row('  entities.related(id, 10)', m.relatedMs),
          row('  entities.get(id)', m.getMs),
          row('  page 1: get + list + related', m.firstPageMs),
          row('  page 50: get + list + related', m.fiftiethPageMs),
        );
      }
      console.log(table(['', 'p50', 'p95', 'p99', 'max'], rows, (column) => column > 0));
      if (result.profile) {
        console.log(
          `\nthe most-named entity's statements, replayed one by one on a read-only connection (median of 50), with their plans`,
        );
        for (const st of result.profile) {
          console.log(
            `  ${ms(st.ms).padStart(5)} ms  ${int(st.rows).padStart(5)} rows  ${st.read}: ${shorten(st.sql, 150)}`,
          );
          for (const line of st.plan) console.log(`                          ${line}`);
        }
      }
      const topEntity = result.measured[0]!;
      for (const [label, p] of [
        ['page 1', topEntity.firstPageMs],
        ['page 50', topEntity.fiftiethPageMs],
      ] as const) {
        targets.push({
          name: `entity page SQL, ${result.dialect}, ${int(f.articles)} articles, entity in ${int(topEntity.articles)}, ${label}, p95`,
          goal: '≤ 5 ms',
          actual: `${ms(p.p95)} ms (p50 ${ms(p.p50)})`,
          pass: p.p95 <= 5,
        });
      }
    }
  }

  const loadAfter = os.loadavg();
  console.log(
    `\n${table(
      ['target (entities issue)', 'goal', 'measured', ''],
      targets.map((t) => [t.name, t.goal, t.actual, t.pass ? 'PASS' : 'MISS']),
      (column) => column === 2,
    )}`,
  );
  const peak = peakRssBytes();
  console.log(
    `\nload average ${loadBefore.map((n) => n.toFixed(2)).join(' ')} before, ${loadAfter.map((n) => n.toFixed(2)).join(' ')} after; ` +
      `${cpus} CPUs; peak RSS ${peak ? `${int(peak / 1024 / 1024)} MB` : '?'}; whole run ${duration((Date.now() - startedAt.getTime()) / 1000)}`,
  );
  if (loadBefore[0]! > cpus || loadAfter[0]! > cpus) {
    console.log('The machine was busy with other work (load average above the CPU count): compare the CPU times.');
  }
  output.targets = targets;
  output.finishedAt = new Date().toISOString();
  (output.machine as Record<string, unknown>).loadAverageAfter = loadAfter;
  output.peakRssBytes = peak;
  fs.mkdirSync(path.dirname(options.output), { recursive: true });
  fs.writeFileSync(options.output, `${JSON.stringify(output, null, 2)}\n`);
  const shown = path.relative(REPO_ROOT, options.output);
  console.log(`figures written to ${shown.startsWith('..') ? options.output : shown}`);
}

try {
  await main(parseOptions(process.argv.slice(2)));
  process.exit(0);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`bench:entities: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`bench:entities: ${(error as Error).stack}`);
  process.exit(1);
}
