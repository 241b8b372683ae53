/**
 * Reader site speed (docs/quality.md): loads Ghad's pages with autocannon from this process,
 * against servers in child processes — Ghad with the page cache on, Ghad with it off, and a
 * bare node:http server sending the cached article's bytes from memory (the baseline) — and
 * prints medians of interleaved rounds next to the targets. Writes test-output/bench-pages.json.
 *
 *   npm run bench:pages [-- --quick | --duration 10 --warmup 3 --rounds 3 --data-dir DIR …]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDemoData } from './demo-data.ts';
import { type HttpResponse, httpGet } from './http-get.ts';
import { type LoadFigures, runLoad } from './load.ts';
import { type SizeRow, sizeTable, targetTable, throughputTable } from './report.ts';
import { killAllNow, REPO_ROOT, type ServerProcess, startBaseline, startGhad } from './servers.ts';
import { roundRatios, type ScenarioSummary, speedTargets, summarize } from './summary.ts';

const USAGE = `npm run bench:pages -- [options]
  --quick                 3 s runs, 1 s warm-ups (a smoke run)
  --duration S            seconds of each measured run (10)
  --warmup S              seconds of the warm-up of each measurement (3; 1 with --quick)
  --rounds N              interleaved rounds; medians are reported (3)
  --connections N         autocannon connections (32)
  --articles N            different articles the uncached run rotates through (200)
  --workers N             processes of the second cache-off server (all CPUs; 1 skips it)
  --accept-encoding E     br, gzip or identity: what the load asks for (identity)
  --data-dir DIR          reuse this SQLite data directory (default: a fresh temp one)
  --cpu-prof DIR          profile the cache-off server (node --cpu-prof) into DIR
  --output FILE           the JSON figures (test-output/bench-pages.json)`;

interface Options {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  articles: number;
  workers: number;
  acceptEncoding: 'br' | 'gzip' | 'identity';
  dataDir: string | undefined;
  cpuProfDir: string | undefined;
  output: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      articles: { type: 'string', default: '200' },
      workers: { type: 'string', default: String(os.availableParallelism()) },
      'accept-encoding': { type: 'string', default: 'identity' },
      'data-dir': { type: 'string' },
      'cpu-prof': { type: 'string' },
      output: { type: 'string', default: 'test-output/bench-pages.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, not "${value}".`);
    return n;
  };
  const encoding = values['accept-encoding'];
  if (encoding !== 'br' && encoding !== 'gzip' && encoding !== 'identity') {
    throw new UsageError(`--accept-encoding must be br, gzip or identity, not "${encoding}".`);
  }
  return {
    durationSeconds: positive('duration', values.duration ?? (values.quick ? '3' : '10')),
    warmupSeconds: positive('warmup', values.warmup ?? (values.quick ? '1' : '3')),
    rounds: Math.round(positive('rounds', values.rounds)),
    connections: Math.round(positive('connections', values.connections)),
    articles: Math.round(positive('articles', values.articles)),
    workers: Math.round(positive('workers', values.workers)),
    acceptEncoding: encoding,
    dataDir: values['data-dir'] && path.resolve(values['data-dir']),
    cpuProfDir: values['cpu-prof'] && path.resolve(values['cpu-prof']),
    output: path.resolve(REPO_ROOT, values.output),
  };
}

class UsageError extends Error {}
class BenchError extends Error {}

/** One thing measured: a server and the paths the load cycles through. */
interface Scenario {
  key: 'baseline' | 'cachedArticle' | 'cachedHome' | 'uncachedArticle' | 'uncachedArticleWorkers' | 'uncachedHome';
  label: string;
  server: ServerProcess;
  paths: string[];
}

function expectStatus(what: string, response: HttpResponse, status: number): void {
  if (response.status !== status) {
    throw new BenchError(
      `${what}: expected ${status}, got ${response.status} (${response.body.toString().slice(0, 200)})`,
    );
  }
}

/** A page's bytes as sent for each encoding, and a check that it came from the cache as expected. */
async function pageSizes(server: ServerProcess, pagePath: string, label: string, cacheState: string): Promise<SizeRow> {
  const get = async (encoding: string) => {
    const response = await httpGet(
      `${server.origin}${pagePath}`,
      encoding === 'identity' ? {} : { 'accept-encoding': encoding },
    );
    expectStatus(`GET ${pagePath} (${encoding}) on ${server.name}`, response, 200);
    const state = response.headers['x-ghad-cache'];
    if (cacheState && state !== cacheState) {
      throw new BenchError(`GET ${pagePath} on ${server.name}: x-ghad-cache is ${state}, expected ${cacheState}.`);
    }
    const sentEncoding = response.headers['content-encoding'] ?? 'identity';
    if (sentEncoding !== encoding) {
      throw new BenchError(`GET ${pagePath} with Accept-Encoding ${encoding} came back as ${sentEncoding}.`);
    }
    return response.body.length;
  };
  return { label, identity: await get('identity'), gzip: await get('gzip'), br: await get('br') };
}

function gitDescription(): { commit: string; dirty: boolean } | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT }).toString().trim() !== '';
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en');

async function main(options: Options): Promise<number> {
  const startedAt = new Date();
  const loadAverageBefore = os.loadavg();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-'));
  process.on('exit', () => {
    killAllNow();
    fs.rmSync(workDir, { recursive: true, force: true });
  });
  const dataDir = options.dataDir ?? path.join(workDir, 'data');

  // 1. The data: the demo newspaper in SQLite.
  console.log(`▸ data: ${dataDir}`);
  const data = await prepareDemoData(dataDir, options.articles);
  console.log(
    data.imported
      ? `  imported the demo in ${data.importSeconds.toFixed(1)} s: ${int(data.articleCount)} articles`
      : `  ${int(data.articleCount)} articles already there`,
  );

  // 2. The servers, each in its own process.
  console.log('▸ starting Ghad with the page cache on and off');
  const [cached, uncached, uncachedWorkers] = await Promise.all([
    startGhad({ name: 'Ghad, cache on', dataDir, pageCache: true }),
    startGhad({
      name: 'Ghad, cache off',
      dataDir,
      pageCache: false,
      ...(options.cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] } : {}),
    }),
    // As a site is deployed: one server process per CPU (GHAD_WORKERS), sharing the port.
    options.workers > 1
      ? startGhad({
          name: `Ghad, cache off, ${options.workers} processes`,
          dataDir,
          pageCache: false,
          workers: options.workers,
        })
      : undefined,
  ]);

  const seedRedirect = await httpGet(`${cached.origin}/article/1`);
  expectStatus('GET /article/1 (the seed article)', seedRedirect, 301);
  const location = seedRedirect.headers.location;
  if (!location) throw new BenchError('GET /article/1 answered 301 without a Location.');
  const seedUrl = new URL(location, cached.origin);
  const seedPath = `${seedUrl.pathname}${seedUrl.search}`;
  console.log(`  seed article: ${decodeURIComponent(seedPath)}`);

  // Fill the cache and make sure every page the load asks for is a 200 of the expected kind.
  for (const pagePath of [seedPath, '/']) {
    await httpGet(`${cached.origin}${pagePath}`);
  }
  const sizes = [
    await pageSizes(cached, seedPath, 'article (cached)', 'hit'),
    await pageSizes(cached, '/', 'home (cached)', 'hit'),
    await pageSizes(uncached, seedPath, 'article (cache off)', 'off'),
  ];
  const article = sizes[0]!;
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(
    (await httpGet(`${cached.origin}${seedPath}`)).body.toString(),
  )?.[1];
  if (!stylesheet) throw new BenchError('The article page links no stylesheet.');
  sizes.push(await pageSizes(cached, stylesheet, 'stylesheet', ''));
  const css = sizes[3]!;

  console.log(`▸ checking the ${data.samplePaths.length} article pages of the uncached run`);
  for (const pagePath of data.samplePaths) {
    const response = await httpGet(`${uncached.origin}${pagePath}`);
    expectStatus(`GET ${pagePath} on ${uncached.name}`, response, 200);
  }

  // 3. The baseline: the cached article's bytes, exactly as Ghad sends them, from memory.
  const encodingHeaders: Record<string, string> =
    options.acceptEncoding === 'identity' ? {} : { 'accept-encoding': options.acceptEncoding };
  const cachedResponse = await httpGet(`${cached.origin}${seedPath}`, encodingHeaders);
  expectStatus('GET the seed article on the cached server', cachedResponse, 200);
  const bodyFile = path.join(workDir, 'article-body');
  fs.writeFileSync(bodyFile, cachedResponse.body);
  const contentType = String(cachedResponse.headers['content-type']);
  const contentEncoding = cachedResponse.headers['content-encoding'];
  const baseline = await startBaseline({
    bodyFile,
    contentType,
    ...(contentEncoding ? { contentEncoding } : {}),
  });
  const baselineResponse = await httpGet(`${baseline.origin}${seedPath}`, encodingHeaders);
  if (!baselineResponse.body.equals(cachedResponse.body) || baselineResponse.headers['content-type'] !== contentType) {
    throw new BenchError('The baseline does not send the same bytes as the cached article page.');
  }

  // 4. The load: warm-ups, then interleaved rounds.
  const scenarios: Scenario[] = [
    { key: 'baseline', label: 'node:http, same bytes', server: baseline, paths: [seedPath] },
    { key: 'cachedArticle', label: 'article, cached', server: cached, paths: [seedPath] },
    { key: 'cachedHome', label: 'home, cached', server: cached, paths: ['/'] },
    {
      key: 'uncachedArticle',
      label: `article, uncached (${data.samplePaths.length} ids)`,
      server: uncached,
      paths: data.samplePaths,
    },
    ...(uncachedWorkers
      ? [
          {
            key: 'uncachedArticleWorkers' as const,
            label: `article, uncached, ${options.workers} processes`,
            server: uncachedWorkers,
            paths: data.samplePaths,
          },
        ]
      : []),
    { key: 'uncachedHome', label: 'home, uncached', server: uncached, paths: ['/'] },
  ];
  const loadOptions = { connections: options.connections, headers: encodingHeaders };
  const warmups: Record<string, LoadFigures> = {};
  const rounds: Record<string, LoadFigures[]> = Object.fromEntries(scenarios.map((s) => [s.key, []]));
  const total = scenarios.length * (options.warmupSeconds + options.rounds * options.durationSeconds);
  console.log(
    `▸ load: autocannon, ${options.connections} connections, Accept-Encoding ${options.acceptEncoding}; ` +
      `${options.warmupSeconds} s warm-up, then ${options.rounds} × ${options.durationSeconds} s per measurement ` +
      `(≈ ${Math.ceil(total / 60)} min)`,
  );
  const describe = (f: LoadFigures) =>
    `${int(f.requestsPerSecond).padStart(7)} req/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  ` +
    `server CPU ${int(f.serverCpuUsPerRequest)} µs/req  autocannon CPU ${(f.loadGeneratorCpuShare * 100).toFixed(0)} %` +
    (f.non2xx || f.errors ? `  non-2xx ${f.non2xx}  errors ${f.errors}` : '');
  for (const scenario of scenarios) {
    const figures = await runLoad(
      scenario.server.origin,
      scenario.paths,
      { ...loadOptions, durationSeconds: options.warmupSeconds },
      scenario.server.cpuSeconds,
    );
    scenario.server.assertRunning();
    warmups[scenario.key] = figures;
    console.log(`  warm-up  ${scenario.label.padEnd(32)} ${describe(figures)}`);
  }
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of scenarios) {
      const figures = await runLoad(
        scenario.server.origin,
        scenario.paths,
        { ...loadOptions, durationSeconds: options.durationSeconds },
        scenario.server.cpuSeconds,
      );
      scenario.server.assertRunning();
      rounds[scenario.key]!.push(figures);
      console.log(`  round ${round}  ${scenario.label.padEnd(32)} ${describe(figures)}`);
    }
  }
  const loadAverageAfter = os.loadavg();

  // 5. The report.
  const summaries = Object.fromEntries(
    scenarios.map((s) => [s.key, summarize(s.key, s.label, rounds[s.key]!)]),
  ) as Record<Scenario['key'], ScenarioSummary>;
  const ordered = scenarios.map((s) => summaries[s.key]);
  const targets = speedTargets({
    cachedArticle: summaries.cachedArticle,
    baseline: summaries.baseline,
    uncachedArticle: summaries.uncachedArticle,
    uncachedArticleWorkers: summaries.uncachedArticleWorkers,
    articleAndCssBrBytes: article.br + css.br,
  });
  const cachedRatios = roundRatios(summaries.cachedArticle, summaries.baseline);

  console.log(`\nMedians of ${options.rounds} interleaved rounds of ${options.durationSeconds} s`);
  console.log(throughputTable(ordered, summaries.baseline));
  console.log(
    `cached article / node:http per round: ${cachedRatios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}`,
  );
  console.log(`\n${sizeTable(sizes)}`);
  console.log(`\n${targetTable(targets)}`);
  if (loadAverageBefore[0]! > os.cpus().length) {
    console.log(
      '\nThe machine was busy with other work (load average above the CPU count before the start): compare within this run only.',
    );
  }
  console.log(
    `\nload average ${loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} before, ` +
      `${loadAverageAfter.map((n) => n.toFixed(2)).join(' ')} after; ${os.cpus().length} CPUs`,
  );

  const failures = [
    ...ordered.map((s) => ({ what: s.label, s })),
    ...scenarios.map((s) => ({ what: `${s.label} (warm-up)`, s: summarize(s.key, s.label, [warmups[s.key]!]) })),
  ]
    .filter(({ s }) => s.non2xx > 0 || s.errors > 0 || s.timeouts > 0)
    .map(({ what, s }) => `${what}: ${JSON.stringify(s.statusCodes)}, ${s.errors} errors, ${s.timeouts} timeouts`);

  fs.mkdirSync(path.dirname(options.output), { recursive: true });
  fs.writeFileSync(
    options.output,
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
        settings: {
          ...options,
          dataDir,
          articleCount: data.articleCount,
          seedPath,
          uncachedArticlePaths: data.samplePaths.length,
        },
        scenarios: summaries,
        warmups,
        cachedVsBaseline: {
          ratioOfMedians: summaries.cachedArticle.requestsPerSecond / summaries.baseline.requestsPerSecond,
          perRound: cachedRatios,
        },
        sizes,
        targets,
        failures,
      },
      null,
      2,
    )}\n`,
  );
  const shown = path.relative(REPO_ROOT, options.output);
  console.log(`figures written to ${shown.startsWith('..') ? options.output : shown}`);

  await Promise.all([cached.stop(), uncached.stop(), baseline.stop()]);
  if (options.cpuProfDir) console.log(`CPU profile of the cache-off server in ${options.cpuProfDir}`);
  if (failures.length > 0) {
    console.error(`\nFAILED: responses other than 2xx, or errors, during the load:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

try {
  const code = await main(parseOptions(process.argv.slice(2)));
  process.exit(code);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`bench:pages: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`bench:pages: ${error instanceof BenchError ? (error as Error).message : (error as Error).stack}`);
  process.exit(1);
}
