/**
 * Soak: the bar "under a 10-minute mixed load (reads, searches, publishes) on PostgreSQL with
 * two app servers: no errors, p99 < 50 ms for cached pages, memory flat" (docs/quality.md).
 *
 * A fresh PostgreSQL database receives the demo newspaper; `ghad serve` runs on it with
 * GHAD_WORKERS=2 (a supervisor with the job loop, two server processes) and the page cache on,
 * as in production behind a proxy (GHAD_TRUST_PROXY=on: searches come from many reader
 * addresses, each under the per-address limit). For `--minutes`, at the same time:
 * - readers: autocannon (its own process, bench/soak-readers.ts) over cached pages: the home
 *   page, every section page, feeds and article pages;
 * - searches: reader searches (/search?q=…) from bench/search-queries.ts, paced;
 * - the newsroom: through the admin API every few seconds a draft created and published, and
 *   an earlier article read and saved.
 * Every `--sample-s` the resident memory (VmRSS) of the supervisor and each server process,
 * the requests, failures and latencies per kind are sampled. Prints a table per minute and a
 * summary; writes test-output/bench-soak.json. The database is dropped at the end (also on
 * an error or Ctrl-C).
 *
 *   npm run bench:soak [-- --minutes 10 --connections 8]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SECTIONS } from '../src/content/sections.ts';
import { editorApiHeaders } from './admin-token.ts';
import { prepareDemoData } from './demo-data.ts';
import { loadCorpusMaterial } from './generate-articles.ts';
import { createBenchDatabase } from './postgres.ts';
import { buildQueries } from './search-queries.ts';
import { childPids, REPO_ROOT, residentBytes, type ServerProcess, startGhad } from './servers.ts';
import type { ReaderLoadOptions, ReaderMessage } from './soak-readers.ts';

const USAGE = `npm run bench:soak -- [options]
  --minutes N          how long the mixed load runs (10)
  --connections N      autocannon connections of the cached-page readers (8)
  --rate N             reader requests/s over all connections; 0: as fast as they go (0)
  --searches-per-s N   reader searches per second, from 2 concurrent searchers (4)
  --publish-every-s N  a newsroom round every N seconds: create + publish a draft, read + save an older one (5)
  --sample-s N         memory and figures sampled every N seconds (10)
  --workers N          GHAD_WORKERS: server processes behind the supervisor (2)
  --output FILE        the JSON figures (test-output/bench-soak.json)
Needs PostgreSQL at GHAD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test),
where it creates and drops a database named bench_soak_*.`;

const KINDS = ['pages', 'search', 'publish', 'save'] as const;
type Kind = (typeof KINDS)[number];
const KIND_LABELS: Record<Kind, string> = {
  pages: 'cached pages',
  search: 'searches',
  publish: 'publishes (the publish request)',
  save: 'other newsroom writes (create, read, save)',
};

/** What one kind of request did in one sample window. */
interface WindowCounts {
  latenciesMs: number[];
  failures: number;
}

interface Sample {
  /** Seconds since the load started. */
  atS: number;
  supervisorRssMb: number;
  /** By pid: a pid that changes between samples is a server process that died and was replaced. */
  workerRssMb: Record<string, number>;
  totalRssMb: number;
  loadAverage1m: number;
  kinds: Record<Kind, { requests: number; failures: number; p50Ms: number; p99Ms: number }>;
}

const MB = 1024 * 1024;

/** The p-th percentile (nearest rank) of sorted values; NaN when there are none. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function figures(latencies: readonly number[]): { p50: number; p99: number } {
  const sorted = Float64Array.from(latencies).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      minutes: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      rate: { type: 'string', default: '0' },
      'searches-per-s': { type: 'string', default: '4' },
      'publish-every-s': { type: 'string', default: '5' },
      'sample-s': { type: 'string', default: '10' },
      workers: { type: 'string', default: '2' },
      output: { type: 'string', default: 'test-output/bench-soak.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const minutes = Number(values.minutes);
  const connections = Number(values.connections);
  const rate = Number(values.rate);
  const searchesPerSecond = Number(values['searches-per-s']);
  const publishEveryS = Number(values['publish-every-s']);
  const sampleS = Number(values['sample-s']);
  const workers = Number(values.workers);
  for (const [name, value] of Object.entries({
    minutes,
    connections,
    searchesPerSecond,
    publishEveryS,
    sampleS,
    workers,
  })) {
    if (!Number.isFinite(value) || value <= 0) {
      console.error(`bench:soak: ${name} must be a positive number.\n${USAGE}`);
      return 2;
    }
  }
  if (!Number.isFinite(rate) || rate < 0) {
    console.error(`bench:soak: rate must be 0 or a positive number.\n${USAGE}`);
    return 2;
  }
  const durationMs = minutes * 60_000;

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-soak-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const dataDir = path.join(workDir, 'data');
  const database = await createBenchDatabase('bench_soak');
  console.log(`▸ PostgreSQL database ${database.name} (dropped at the end)`);

  console.log('▸ importing the demo newspaper');
  const demo = await prepareDemoData(dataDir, 60, database.url);
  console.log(`  ${demo.articleCount.toLocaleString('en')} articles in ${demo.importSeconds.toFixed(0)} s`);
  const adminHeaders = await editorApiHeaders(
    { dataDir, databaseUrl: database.url },
    'bench-soak@alghad24.ma',
    'bench:soak',
  );

  const material = loadCorpusMaterial();
  const years = material.withDate.map((i) => material.articles[i]!.publishedAt!.getUTCFullYear());
  const queries = buildQueries(material, 2024, { first: Math.min(...years), last: Math.max(...years) }, 0.5);
  const searchPaths = queries.map((q) => {
    const params = new URLSearchParams({ q: q.text });
    if (q.sectionSlug) params.set('section', q.sectionSlug);
    if (q.from && q.to) {
      params.set('from', q.from.slice(0, 10));
      params.set('to', new Date(new Date(q.to).getTime() - 86_400_000).toISOString().slice(0, 10));
    }
    return `/search?${params}`;
  });

  console.log(`▸ starting Ghad (PostgreSQL, page cache on, GHAD_WORKERS=${workers})`);
  const server = await startGhad({
    name: 'Ghad',
    dataDir,
    pageCache: true,
    workers,
    databaseUrl: database.url,
    env: { GHAD_TRUST_PROXY: 'on' },
  });
  const stopReaders: { stop?: () => void } = {};
  let result: Awaited<ReturnType<typeof soak>>;
  try {
    result = await soak(server, {
      readerPaths: [
        '/',
        ...SECTIONS.map((s) => `/section/${encodeURIComponent(s.slug)}`),
        '/feed.xml',
        '/feed.atom',
        ...SECTIONS.slice(0, 4).map((s) => `/section/${encodeURIComponent(s.slug)}/feed.xml`),
        ...demo.samplePaths,
      ],
      searchPaths,
      adminHeaders,
      connections,
      rate,
      searchesPerSecond,
      publishEveryS,
      sampleS,
      durationMs,
      workers,
      stopReaders,
    });
  } finally {
    stopReaders.stop?.();
    await server.stop(10_000);
    await database.drop();
  }
  return report(result, {
    minutes,
    connections,
    rate,
    searchesPerSecond,
    publishEveryS,
    sampleS,
    workers,
    output: values.output,
    server,
  });
}

interface SoakOptions {
  readerPaths: string[];
  searchPaths: string[];
  adminHeaders: Record<string, string>;
  connections: number;
  rate: number;
  searchesPerSecond: number;
  publishEveryS: number;
  sampleS: number;
  durationMs: number;
  workers: number;
  stopReaders: { stop?: () => void };
}

async function soak(server: ServerProcess, options: SoakOptions) {
  const { origin } = server;
  // Every reader page once, so that the load reads them from the page cache.
  for (const p of options.readerPaths) {
    const response = await fetch(`${origin}${p}`, { headers: { 'accept-encoding': 'br, gzip' } });
    await response.arrayBuffer();
    if (response.status >= 400) throw new Error(`GET ${p}: ${response.status}`);
  }
  console.log(
    `▸ ${(options.durationMs / 60_000).toFixed(1)} minutes of mixed load: ${options.connections} reader connections over ${options.readerPaths.length} cached pages` +
      `${options.rate > 0 ? ` at ${options.rate} requests/s` : ''}, ${options.searchesPerSecond} searches/s, a newsroom round every ${options.publishEveryS} s`,
  );

  let current = emptyWindow();
  const samples: Sample[] = [];
  const failureKinds: Record<string, number> = {};
  const errorExamples: string[] = [];
  const fail = (kind: Kind, what: string) => {
    current[kind].failures++;
    const key = `${kind}: ${what}`;
    failureKinds[key] = (failureKinds[key] ?? 0) + 1;
    if (errorExamples.length < 20) errorExamples.push(`${new Date().toISOString()} ${key}`);
  };
  const allLatencies: Record<Kind, number[]> = { pages: [], search: [], publish: [], save: [] };
  let minute = emptyWindow();
  const record = (kind: Kind, ms: number) => {
    current[kind].latenciesMs.push(ms);
  };

  const started = performance.now();
  const deadline = started + options.durationMs;
  const elapsedS = () => (performance.now() - started) / 1000;

  // Readers, in their own process.
  const readerOptions: ReaderLoadOptions = {
    origin,
    paths: options.readerPaths,
    connections: options.connections,
    rate: options.rate,
    seconds: Math.ceil(options.durationMs / 1000),
    headers: { 'accept-encoding': 'br, gzip' },
  };
  const readers = fork(path.join(REPO_ROOT, 'bench/soak-readers.ts'), [JSON.stringify(readerOptions)], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  options.stopReaders.stop = () => {
    if (readers.exitCode === null && readers.signalCode === null) readers.kill('SIGKILL');
  };
  let readersDone: Extract<ReaderMessage, { type: 'done' }> | undefined;
  const readersExited = new Promise<void>((resolve) => readers.once('exit', () => resolve()));
  readers.on('message', (message: ReaderMessage) => {
    if (message.type === 'batch') {
      for (const ms of message.latenciesMs) record('pages', ms);
      for (const [what, n] of Object.entries(message.failureKinds)) for (let i = 0; i < n; i++) fail('pages', what);
    } else readersDone = message;
  });

  // Searches: a searcher sends one, waits for the page, then waits its turn.
  const searchEveryMs = (2 * 1000) / options.searchesPerSecond;
  let searchIndex = 0;
  const searcher = async (offsetMs: number) => {
    await sleep(offsetMs);
    while (performance.now() < deadline) {
      const turn = performance.now();
      const p = options.searchPaths[searchIndex++ % options.searchPaths.length]!;
      // A reader address of a few hundred, as the proxy in front would forward it.
      const reader = `10.${(searchIndex >> 8) & 1}.${searchIndex & 255}.${(searchIndex * 7) & 255}`;
      const t = performance.now();
      try {
        const response = await fetch(`${origin}${p}`, {
          headers: { 'accept-encoding': 'br, gzip', 'x-forwarded-for': reader },
        });
        await response.arrayBuffer();
        if (response.status === 200) record('search', performance.now() - t);
        else fail('search', `HTTP ${response.status}`);
      } catch (error) {
        fail('search', (error as Error).message);
      }
      await sleep(Math.max(0, searchEveryMs - (performance.now() - turn)));
    }
  };

  // The newsroom: create + publish a draft, then read and save one published earlier.
  const published: number[] = [];
  const newsroom = async () => {
    let round = 0;
    const sections = SECTIONS.map((s) => s.slug);
    while (performance.now() < deadline) {
      const turn = performance.now();
      round++;
      const sectionSlug = sections[round % sections.length]!;
      const created = await timedJson('save', 'POST', `${origin}/api/v1/admin/articles`, options.adminHeaders, {
        headline: `جولة القياس ${round}: البرلمان يناقش مشروع قانون المالية للسنة المقبلة`,
        sectionSlug,
        body: [
          {
            type: 'paragraph',
            text: 'شرع البرلمان اليوم في مناقشة مشروع قانون المالية، وسط خلاف بين الأغلبية والمعارضة حول أولويات الإنفاق العمومي.',
          },
        ],
        bylines: [{ name: 'هيئة التحرير', kind: 'organization' }],
      });
      const id = (created as { id?: number } | undefined)?.id;
      if (id !== undefined) {
        const done = await timedJson(
          'publish',
          'POST',
          `${origin}/api/v1/admin/articles/${id}/transitions`,
          options.adminHeaders,
          { action: 'publish' },
        );
        if ((done as { status?: string } | undefined)?.status === 'published') published.push(id);
        else if (done) fail('publish', `article ${id} not published: ${JSON.stringify(done)}`);
      }
      // An earlier one (the first of the run from the second round), read and saved: an update.
      const earlier = published[Math.floor(published.length / 2)];
      if (earlier !== undefined) {
        const current = (await timedJson(
          'save',
          'GET',
          `${origin}/api/v1/admin/articles/${earlier}`,
          options.adminHeaders,
        )) as { revision: number; article: Record<string, unknown> & { body: unknown[] } } | undefined;
        if (current) {
          await timedJson('save', 'PUT', `${origin}/api/v1/admin/articles/${earlier}`, options.adminHeaders, {
            ...current.article,
            baseRevision: current.revision,
            body: [
              ...current.article.body.slice(0, 3),
              { type: 'paragraph', text: `تحديث رقم ${round}: تواصل النقاش إلى ساعة متأخرة من الليل.` },
            ],
          });
        }
      }
      await sleep(Math.max(0, options.publishEveryS * 1000 - (performance.now() - turn)));
    }
  };

  async function timedJson(
    kind: Kind,
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<unknown> {
    const t = performance.now();
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? { authorization: headers.authorization! } : headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        fail(
          kind,
          `${method} ${new URL(url).pathname.replace(/\d+/g, ':id')} → ${response.status} ${text.slice(0, 200)}`,
        );
        return undefined;
      }
      record(kind, performance.now() - t);
      return JSON.parse(text);
    } catch (error) {
      fail(kind, `${method}: ${(error as Error).message}`);
      return undefined;
    }
  }

  // Samples: memory of every process, and the window's figures.
  const workerPids = new Set<number>();
  const sample = () => {
    const window = current;
    current = emptyWindow();
    const workerRss: Record<string, number> = {};
    for (const pid of serverProcesses(server.pid)) {
      workerPids.add(pid);
      workerRss[String(pid)] = residentBytes(pid) / MB;
    }
    const supervisorRss = residentBytes(server.pid) / MB;
    const kinds = {} as Sample['kinds'];
    for (const kind of KINDS) {
      const { p50, p99 } = figures(window[kind].latenciesMs);
      kinds[kind] = {
        requests: window[kind].latenciesMs.length + window[kind].failures,
        failures: window[kind].failures,
        p50Ms: p50,
        p99Ms: p99,
      };
      for (const ms of window[kind].latenciesMs) {
        allLatencies[kind].push(ms);
        minute[kind].latenciesMs.push(ms);
      }
      minute[kind].failures += window[kind].failures;
    }
    const s: Sample = {
      atS: Math.round(elapsedS()),
      supervisorRssMb: supervisorRss,
      workerRssMb: workerRss,
      totalRssMb: supervisorRss + Object.values(workerRss).reduce((a, b) => a + b, 0),
      loadAverage1m: os.loadavg()[0]!,
      kinds,
    };
    samples.push(s);
    const perMinute = Math.round(60 / options.sampleS);
    if (samples.length % perMinute === 0) {
      printMinute(samples.length / perMinute, minute, samples.at(-1)!, options.sampleS * perMinute);
      minute = emptyWindow();
    }
  };
  printMinuteHeader();
  const sampler = setInterval(() => {
    try {
      server.assertRunning();
    } catch (error) {
      fail('pages', (error as Error).message.split('\n')[0]!);
    }
    sample();
  }, options.sampleS * 1000);

  const searchers = [searcher(0), searcher(searchEveryMs / 2)];
  await Promise.all([...searchers, newsroom()]);
  // The readers run their own clock: wait for them (or stop them if they are behind).
  const stopAt = setTimeout(() => readers.send('stop'), 5000);
  await readersExited;
  clearTimeout(stopAt);
  clearInterval(sampler);
  const leftover = current;
  if (leftover.pages.latenciesMs.length + leftover.search.latenciesMs.length > 0) sample();
  server.assertRunning();
  return {
    samples,
    allLatencies,
    failureKinds,
    errorExamples,
    readersDone,
    published: published.length,
    workerPidsSeen: [...workerPids],
    serverErrorLines: server.errorLines(),
    durationS: elapsedS(),
  };
}

/**
 * The server processes the supervisor forked (node:cluster workers run its own command line);
 * not its other children, such as the esbuild service tsx starts.
 */
function serverProcesses(supervisor: number): number[] {
  return childPids(supervisor).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/cli/main.ts');
    } catch {
      return false;
    }
  });
}

function emptyWindow(): Record<Kind, WindowCounts> {
  return {
    pages: { latenciesMs: [], failures: 0 },
    search: { latenciesMs: [], failures: 0 },
    publish: { latenciesMs: [], failures: 0 },
    save: { latenciesMs: [], failures: 0 },
  };
}

const HEADER = [
  'min',
  'pages/s',
  'p50',
  'p99',
  'search/s',
  'p50',
  'p99',
  'publish',
  'p50',
  'p99',
  'failures',
  'RSS sup',
  'RSS servers',
  'total MB',
  'load',
];
const WIDTHS = [3, 8, 5, 6, 8, 6, 6, 7, 6, 6, 8, 7, 13, 8, 5];
const row = (cells: string[]) => cells.map((c, i) => c.padStart(WIDTHS[i]!)).join(' ');

function printMinuteHeader(): void {
  console.log(`\n${row(HEADER)}   (latencies in ms; RSS at the end of the minute, MB)`);
}

/** One line per minute: rates and percentiles over the minute, memory at its end. */
function printMinute(n: number, minute: Record<Kind, WindowCounts>, last: Sample, seconds: number): void {
  const merged = (kind: Kind) => ({
    requests: minute[kind].latenciesMs.length + minute[kind].failures,
    ...figures(minute[kind].latenciesMs),
  });
  const pages = merged('pages');
  const search = merged('search');
  const publish = merged('publish');
  const failures = KINDS.reduce((sum, k) => sum + minute[k].failures, 0);
  console.log(
    row([
      String(n),
      (pages.requests / seconds).toFixed(0),
      fmt(pages.p50),
      fmt(pages.p99),
      (search.requests / seconds).toFixed(1),
      fmt(search.p50, 0),
      fmt(search.p99, 0),
      String(publish.requests),
      fmt(publish.p50, 0),
      fmt(publish.p99, 0),
      String(failures),
      last.supervisorRssMb.toFixed(0),
      Object.values(last.workerRssMb)
        .map((mb) => mb.toFixed(0))
        .join(' / '),
      last.totalRssMb.toFixed(0),
      last.loadAverage1m.toFixed(1),
    ]),
  );
}

interface ReportOptions {
  minutes: number;
  connections: number;
  rate: number;
  searchesPerSecond: number;
  publishEveryS: number;
  sampleS: number;
  workers: number;
  output: string;
  server: ServerProcess;
}

function report(result: Awaited<ReturnType<typeof soak>>, options: ReportOptions): number {
  const { samples } = result;
  const perMinute = Math.round(60 / options.sampleS);
  // Memory after the first minute (warmed up: caches filled, code compiled) against the end.
  const first = samples[Math.min(perMinute, samples.length) - 1];
  const last = samples.at(-1);
  const summary = Object.fromEntries(
    KINDS.map((kind) => {
      const { p50, p99 } = figures(result.allLatencies[kind]);
      const failures = samples.reduce((sum, s) => sum + s.kinds[kind].failures, 0);
      return [kind, { completed: result.allLatencies[kind].length, failures, p50Ms: p50, p99Ms: p99 }];
    }),
  ) as Record<Kind, { completed: number; failures: number; p50Ms: number; p99Ms: number }>;
  const failures = KINDS.reduce((sum, k) => sum + summary[k].failures, 0);
  const growth = first && last ? last.totalRssMb - first.totalRssMb : Number.NaN;
  const growthShare = first && last ? growth / first.totalRssMb : Number.NaN;
  const replaced = result.workerPidsSeen.length > options.workers;
  // One sample against another is at the mercy of where each process is in its GC cycle: the
  // least-squares slope over every sample from minute 1 on says more about a slow leak.
  const steady = samples.slice(Math.min(perMinute, samples.length) - 1);
  const trend = {
    totalMbPerMinute: slope(steady, (s) => s.totalRssMb),
    supervisorMbPerMinute: slope(steady, (s) => s.supervisorRssMb),
    totalMinMb: Math.min(...steady.map((s) => s.totalRssMb)),
    totalMaxMb: Math.max(...steady.map((s) => s.totalRssMb)),
  };

  console.log(`\nover ${(result.durationS / 60).toFixed(1)} minutes (${samples.length} samples):`);
  for (const kind of KINDS) {
    const s = summary[kind];
    console.log(
      `  ${KIND_LABELS[kind].padEnd(44)} ${s.completed.toLocaleString('en').padStart(9)} done, ${String(s.failures).padStart(3)} failed, p50 ${fmt(s.p50Ms)} ms, p99 ${fmt(s.p99Ms)} ms`,
    );
  }
  console.log(`  articles published through the admin API: ${result.published}`);
  console.log(
    `  failures: ${failures}${
      failures > 0
        ? ` (${Object.entries(result.failureKinds)
            .map(([k, n]) => `${n}× ${k}`)
            .join('; ')})`
        : ''
    }`,
  );
  console.log(`  error lines in the servers' log: ${result.serverErrorLines}`);
  if (first && last) {
    const perProcess = (s: Sample) =>
      `supervisor ${s.supervisorRssMb.toFixed(0)}, servers ${Object.values(s.workerRssMb)
        .map((mb) => mb.toFixed(0))
        .join(' + ')}`;
    console.log(
      `  memory (RSS): ${first.totalRssMb.toFixed(0)} MB after minute 1 (${perProcess(first)}) → ${last.totalRssMb.toFixed(0)} MB at the end (${perProcess(last)}): ` +
        `${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB (${growth >= 0 ? '+' : ''}${(growthShare * 100).toFixed(1)} %)`,
    );
    if (steady.length >= 6)
      console.log(
        `  memory trend from minute 1 on: ${fmt(trend.totalMbPerMinute)} MB a minute (supervisor ${fmt(trend.supervisorMbPerMinute)}), total between ${trend.totalMinMb.toFixed(0)} and ${trend.totalMaxMb.toFixed(0)} MB`,
      );
  }
  if (replaced) console.log(`  SERVER PROCESSES REPLACED: pids seen ${result.workerPidsSeen.join(', ')}`);
  const loads = samples.map((s) => s.loadAverage1m);
  console.log(
    `  load average (1 min) during the run: median ${fmt([...loads].sort((a, b) => a - b)[Math.floor(loads.length / 2)] ?? Number.NaN)}, max ${fmt(Math.max(...loads))}, on ${os.cpus().length} CPUs`,
  );
  const bar = {
    noErrors: failures === 0 && result.serverErrorLines === 0 && !replaced,
    cachedP99Under50Ms: summary.pages.p99Ms < 50,
    memoryGrowthMb: growth,
    memoryGrowthShare: growthShare,
  };
  console.log(
    `  the bar: no errors ${bar.noErrors ? 'met' : 'NOT MET'}; cached pages p99 < 50 ms ${bar.cachedP99Under50Ms ? 'met' : 'NOT MET'} (${fmt(summary.pages.p99Ms)} ms); memory ${fmt(growth, 0)} MB (${fmt(growthShare * 100)} %) from minute 1 to the end`,
  );
  if (result.errorExamples.length > 0) console.log(`  first failures:\n    ${result.errorExamples.join('\n    ')}`);
  if (result.serverErrorLines > 0) console.log(`  the servers' last output:\n${options.server.output().slice(-3000)}`);

  const output = path.resolve(REPO_ROOT, options.output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(
    output,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        cpus: os.cpus().length,
        options: { ...options, server: undefined },
        durationS: result.durationS,
        summary,
        published: result.published,
        failures,
        failureKinds: result.failureKinds,
        errorExamples: result.errorExamples,
        serverErrorLines: result.serverErrorLines,
        serverProcessesSeen: result.workerPidsSeen,
        memoryTrend: trend,
        memory:
          first && last ? { minute1Mb: first.totalRssMb, endMb: last.totalRssMb, growthMb: growth, growthShare } : null,
        bar,
        readers: result.readersDone,
        samples,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`figures written to ${path.relative(REPO_ROOT, output)}`);
  return bar.noErrors ? 0 : 1;
}

/** Least-squares slope of `value` over the samples' time, per minute; NaN with fewer than two. */
function slope(samples: readonly Sample[], value: (s: Sample) => number): number {
  if (samples.length < 2) return Number.NaN;
  const xs = samples.map((s) => s.atS / 60);
  const ys = samples.map(value);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
