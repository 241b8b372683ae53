/**
 * Sitemaps at scale (issue 13: "all sitemaps at 1,000,000 articles"): `ghad serve` on a SQLite
 * newspaper of N articles, every file of the sitemap index asked for once, as a crawler does
 * (one at a time, `Accept-Encoding: gzip, deflate, br`), first with the page cache off, then on
 * (a first pass of misses, a second of hits). Reports the server's peak resident memory
 * (VmHWM) after start and after each pass, the bytes sent and decoded, and a SHA-256 of every
 * decoded file in index order: two builds that write the same sitemaps print the same digest.
 *
 * The newspaper: the first `--realistic` articles are generated and written through the store
 * (bench/generate-articles.ts: real headlines, so real Arabic slugs; bylines, sections,
 * entities), which writes about 500 a second; the rest are copies of those rows made in SQL
 * (every column but the id and the external id, bodies included), thousands a second. Copies
 * keep their original's slug and dates, so the months fill up as a larger archive's would;
 * they have no bylines, tags or entities, so only the monthly files grow with them.
 *
 *   npm run bench:sitemaps -- --articles 1000000 [--realistic 10000] [--data-dir DIR]
 *     [--server DIR/ghad.js] [--concurrency 1] [--figures FILE]
 *
 * `--server` runs another build (`npm run build -- --out DIR`): the sources as they were, for
 * the figures before a change.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { openStore } from '../src/store/store.ts';
import { fillDataDir, loadCorpusMaterial } from './generate-articles.ts';
import { httpGet } from './http-get.ts';
import { duration, gitDescription, table } from './report.ts';
import { REPO_ROOT, type ServerProcess, startGhad } from './servers.ts';

const USAGE = `npm run bench:sitemaps -- [options]
  --articles N      articles in the newspaper (100000)
  --realistic M     of which generated through the store; the rest are copies in SQL (10000, at most N)
  --data-dir DIR    the SQLite database's folder, kept between runs (test-output/bench-sitemaps/data-N)
  --server FILE     the compiled server to run (bin/ghad.js): another build's ghad.js measures it instead
  --concurrency C   files asked for at once (1, as a crawler)
  --seed S          the generator's seed (1)
  --figures FILE    also write the figures as JSON to FILE`;

/** Kept in the data directory: what it holds, so that a later run reuses it. */
const FILL_FILE = 'bench-sitemaps-fill.json';
const ACCEPT_ENCODING = 'gzip, deflate, br';
const MB = 1024 * 1024;
const int = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number) => (bytes / MB).toFixed(1);

interface Fill {
  articles: number;
  realistic: number;
  seed: number;
}

interface Pass {
  label: string;
  files: number;
  wireBytes: number;
  decodedBytes: number;
  /** SHA-256 of every decoded file, in index order. */
  digest: string;
  wallSeconds: number;
  slowestFile: { path: string; ms: number };
  /** The server's VmRSS and VmHWM right after the pass. */
  rssBytes: number;
  peakRssBytes: number;
  cacheStates: Record<string, number>;
}

interface ServerRun {
  pageCache: boolean;
  /** VmRSS and VmHWM once the server answered its first request (the home page). */
  startRssBytes: number;
  startPeakRssBytes: number;
  passes: Pass[];
}

/** VmRSS and VmHWM (the peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/**
 * The newspaper in `dataDir`: reused when it holds what is asked, grown by more copies when it
 * holds fewer articles of the same generated ones, else written into an empty folder.
 */
async function prepareNewspaper(dataDir: string, fill: Fill): Promise<void> {
  const kept = path.join(dataDir, FILL_FILE);
  if (fs.existsSync(kept)) {
    const held = JSON.parse(fs.readFileSync(kept, 'utf8')) as Fill;
    const same = held.realistic === fill.realistic && held.seed === fill.seed;
    if (same && held.articles === fill.articles) {
      console.log(`  reusing ${dataDir}: ${int(held.articles)} articles (${int(held.realistic)} generated)`);
      return;
    }
    if (!same || held.articles > fill.articles) {
      throw new Error(
        `${dataDir} holds ${int(held.articles)} articles (${int(held.realistic)} generated, seed ${held.seed}): use another --data-dir.`,
      );
    }
    console.log(`  growing ${dataDir} from ${int(held.articles)} articles`);
    await copyArticles(dataDir, held.articles, fill);
    fs.writeFileSync(kept, `${JSON.stringify(fill, null, 2)}\n`);
    return;
  }
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty and was not filled by this bench: use another --data-dir.`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  console.log(`  writing ${int(fill.realistic)} generated articles through the store`);
  const figures = await fillDataDir(loadCorpusMaterial(), {
    dataDir,
    articles: fill.realistic,
    seed: fill.seed,
    batch: 100,
    indexVia: 'upsert',
    log: (line) => console.log(line),
  });
  console.log(`  written in ${duration(figures.write.wallSeconds)}`);
  await copyArticles(dataDir, fill.realistic, fill);
  fs.writeFileSync(kept, `${JSON.stringify(fill, null, 2)}\n`);
}

/**
 * Copies of the generated articles (ids 1 … realistic) until the newspaper holds `fill.articles`,
 * one transaction per round; each round's external ids end in its own number.
 */
async function copyArticles(dataDir: string, held: number, fill: Fill): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const started = performance.now();
    const columns = (await sql<{ name: string }>`select name from pragma_table_info('articles')`.execute(store.db)).rows
      .map((row) => row.name)
      .filter((name) => name !== 'id' && name !== 'external_id');
    const list = sql.join(columns.map((name) => sql.ref(name)));
    let count = held;
    for (let round = Math.ceil((held - fill.realistic) / fill.realistic) + 1; count < fill.articles; round++) {
      const take = Math.min(fill.realistic, fill.articles - count);
      await sql`insert into articles (external_id, ${list})
        select external_id || ${`~${round}`}, ${list} from articles where id <= ${take} order by id`.execute(store.db);
      count += take;
      const seconds = (performance.now() - started) / 1000;
      console.log(`  ${int(count)} / ${int(fill.articles)} articles (${int((count - held) / seconds)} copies/s)`);
    }
  } finally {
    await store.close();
  }
}

/** Every file the index lists, its path on the server. */
function indexedFiles(index: string): string[] {
  return [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}

function decode(body: Buffer, encoding: string | string[] | undefined): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  return body;
}

/** The index and every file it lists, `concurrency` at a time; the digest follows index order. */
async function crawl(server: ServerProcess, label: string, concurrency: number): Promise<Pass> {
  const started = performance.now();
  const get = async (file: string) => {
    const begun = performance.now();
    const response = await httpGet(`${server.origin}${file}`, { 'accept-encoding': ACCEPT_ENCODING }, 300_000);
    if (response.status !== 200) throw new Error(`${file}: ${response.status}`);
    return { file, response, ms: performance.now() - begun };
  };
  const index = await get('/sitemap.xml');
  const files = indexedFiles(decode(index.response.body, index.response.headers['content-encoding']).toString());
  const results: Awaited<ReturnType<typeof get>>[] = [index];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) {
        const i = next++;
        results[i + 1] = await get(files[i]!);
        server.assertRunning();
      }
    }),
  );
  const digest = createHash('sha256');
  let wireBytes = 0;
  let decodedBytes = 0;
  const cacheStates: Record<string, number> = {};
  for (const { response } of results) {
    const decoded = decode(response.body, response.headers['content-encoding']);
    digest.update(decoded);
    wireBytes += response.body.length;
    decodedBytes += decoded.length;
    const state = String(response.headers['x-ghad-cache']);
    cacheStates[state] = (cacheStates[state] ?? 0) + 1;
  }
  const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a));
  const memory = memoryOf(server.pid);
  return {
    label,
    files: results.length,
    wireBytes,
    decodedBytes,
    digest: digest.digest('hex'),
    wallSeconds: (performance.now() - started) / 1000,
    slowestFile: { path: slowest.file, ms: Math.round(slowest.ms) },
    rssBytes: memory.rss,
    peakRssBytes: memory.peak,
    cacheStates,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '100000' },
      realistic: { type: 'string', default: '10000' },
      'data-dir': { type: 'string' },
      server: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      figures: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const whole = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}, not "${value}".`);
    return n;
  };
  const articles = whole('articles', values.articles, 1);
  const fill: Fill = {
    articles,
    realistic: Math.min(articles, whole('realistic', values.realistic, 1)),
    seed: whole('seed', values.seed, 0),
  };
  const concurrency = whole('concurrency', values.concurrency, 1);
  const dataDir = path.resolve(
    values['data-dir'] ?? path.join(REPO_ROOT, `test-output/bench-sitemaps/data-${articles}`),
  );
  const server = values.server ? path.resolve(values.server) : undefined;
  if (server && !fs.existsSync(server))
    throw new Error(`--server ${server}: no such file (npm run build -- --out DIR).`);

  console.log(`Sitemaps at ${int(articles)} articles (SQLite, ${dataDir})`);
  await prepareNewspaper(dataDir, fill);

  const runs: ServerRun[] = [];
  for (const pageCache of [false, true]) {
    const ghad = await startGhad({
      name: `ghad (page cache ${pageCache ? 'on' : 'off'})`,
      dataDir,
      pageCache,
      env: { GHAD_LOG_LEVEL: 'warn' },
      ...(server ? { server } : {}),
    });
    try {
      const start = memoryOf(ghad.pid);
      const run: ServerRun = { pageCache, startRssBytes: start.rss, startPeakRssBytes: start.peak, passes: [] };
      const labels = pageCache ? ['cache on, first pass', 'cache on, second pass'] : ['cache off'];
      for (const label of labels) {
        const pass = await crawl(ghad, label, concurrency);
        run.passes.push(pass);
        console.log(
          `  ${label}: ${pass.files} files in ${duration(pass.wallSeconds)}, peak RSS ${mb(pass.peakRssBytes)} MB`,
        );
      }
      runs.push(run);
    } finally {
      await ghad.stop();
    }
  }

  console.log();
  console.log(
    table(
      [
        '',
        'files',
        'sent MB',
        'decoded MB',
        'time',
        'slowest file ms',
        'RSS at start MB',
        'RSS after MB',
        'peak RSS MB',
        'cache',
      ],
      runs.flatMap((run) =>
        run.passes.map((pass) => [
          pass.label,
          String(pass.files),
          mb(pass.wireBytes),
          mb(pass.decodedBytes),
          duration(pass.wallSeconds),
          int(pass.slowestFile.ms),
          mb(run.startRssBytes),
          mb(pass.rssBytes),
          mb(pass.peakRssBytes),
          Object.entries(pass.cacheStates)
            .map(([state, n]) => `${n} ${state}`)
            .join(', '),
        ]),
      ),
      (column) => column > 0 && column < 9,
    ),
  );
  const digests = new Set(runs.flatMap((run) => run.passes.map((pass) => pass.digest)));
  console.log(`\nSHA-256 of the decoded files: ${[...digests].join(', ')}`);
  if (digests.size > 1) console.log('The passes decoded to different files!');

  if (values.figures) {
    const figures = {
      articles,
      fill,
      dataDir,
      server: server ?? 'bin/ghad.js',
      concurrency,
      acceptEncoding: ACCEPT_ENCODING,
      git: gitDescription(),
      measuredAt: new Date().toISOString(),
      runs,
    };
    fs.writeFileSync(values.figures, `${JSON.stringify(figures, null, 2)}\n`);
  }
  return digests.size > 1 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench:sitemaps: ${(error as Error).message}`);
  process.exitCode = 1;
}
