/**
 * JSON API speed: the article list (GET /api/v1/articles) loaded with autocannon against Ghad
 * with the page cache on (one list answered from memory) and off (many different pages of the
 * list, deep ones too, each read from the database by its cursor), with a partner's content
 * key as a client would send it (so the key check and rate limit are measured too). A quick
 * run by default, at the demo size. Writes test-output/bench-api.json.
 *
 *   npm run bench:api [-- --duration 10 --rounds 3 --connections 32 --data-dir DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiTokens } from '../src/newsroom/api-tokens.ts';
import { newsroomAccounts } from '../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../src/store/store.ts';
import { prepareDemoData } from './demo-data.ts';
import { httpGet } from './http-get.ts';
import { type LoadFigures, runLoad } from './load.ts';
import { REPO_ROOT, startGhad } from './servers.ts';

const USAGE = `npm run bench:api -- [options]
  --duration S       seconds of each measured run (5)
  --warmup S         seconds of warm-up per measurement (1)
  --rounds N         interleaved rounds; medians are reported (1)
  --connections N    autocannon connections (16)
  --pages N          different list pages the uncached run cycles through (60)
  --data-dir DIR     reuse this SQLite data directory (default: a fresh temp one with the demo)
  --output FILE      the JSON figures (test-output/bench-api.json)`;

const int = (n: number) => Math.round(n).toLocaleString('en');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '1' },
      connections: { type: 'string', default: '16' },
      pages: { type: 'string', default: '60' },
      'data-dir': { type: 'string' },
      output: { type: 'string', default: 'test-output/bench-api.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  const pages = Number(values.pages);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-api-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : path.join(workDir, 'data');

  console.log(`▸ data: ${dataDir}`);
  const data = await prepareDemoData(dataDir, 1);
  console.log(
    `  ${int(data.articleCount)} articles${data.imported ? ` (imported in ${data.importSeconds.toFixed(1)} s)` : ''}`,
  );

  // A partner's content key with room for the whole load (the limit is checked on every request).
  const store = await openStore({ dataDir });
  let key: string;
  try {
    const { accounts } = newsroomAccounts(store.db);
    const user =
      (await accounts.findByEmail('bench@alghad24.ma')) ??
      (await accounts.create({ email: 'bench@alghad24.ma', role: 'editor', password: 'bench password, not for use' }));
    key = (
      await new ApiTokens(store.db).create({
        kind: 'content',
        name: 'bench:api',
        userId: user.id,
        rateLimit: 1_000_000,
      })
    ).secret;
  } finally {
    await store.close();
  }
  const headers = { authorization: `Bearer ${key}` };

  console.log('▸ starting Ghad with the page cache on and off');
  const [cached, uncached] = await Promise.all([
    startGhad({ name: 'Ghad, cache on', dataDir, pageCache: true }),
    startGhad({ name: 'Ghad, cache off', dataDir, pageCache: false }),
  ]);
  try {
    // The uncached run's paths: the first `pages` pages of the list, by their cursors.
    const listPaths = ['/api/v1/articles?limit=20'];
    while (listPaths.length < pages) {
      const response = await httpGet(`${uncached.origin}${listPaths.at(-1)}`, headers);
      if (response.status !== 200) throw new Error(`GET ${listPaths.at(-1)}: ${response.status} ${response.body}`);
      const next = (JSON.parse(response.body.toString()) as { nextCursor: string | null }).nextCursor;
      if (!next) break;
      listPaths.push(`/api/v1/articles?limit=20&cursor=${next}`);
    }
    await httpGet(`${cached.origin}${listPaths[0]}`, headers);
    const hit = await httpGet(`${cached.origin}${listPaths[0]}`, headers);
    if (hit.headers['x-ghad-cache'] !== 'hit')
      throw new Error(`The cached list was not a cache hit (${hit.headers['x-ghad-cache']}).`);
    const off = await httpGet(`${uncached.origin}${listPaths.at(-1)}`, headers);
    if (off.headers['x-ghad-cache'] !== 'off') throw new Error('The uncached server answered from a cache.');
    console.log(
      `  uncached run cycles through ${listPaths.length} pages of 20 (up to article ${int(listPaths.length * 20)})`,
    );

    const scenarios = [
      { key: 'cachedList', label: 'article list, cached', server: cached, paths: [listPaths[0]!] },
      {
        key: 'uncachedList',
        label: `article list, uncached (${listPaths.length} pages)`,
        server: uncached,
        paths: listPaths,
      },
    ] as const;
    const results: Record<string, LoadFigures[]> = { cachedList: [], uncachedList: [] };
    for (const s of scenarios)
      await runLoad(s.server.origin, s.paths, { connections, durationSeconds: warmup, headers });
    for (let round = 1; round <= rounds; round++) {
      for (const s of scenarios) {
        const figures = await runLoad(
          s.server.origin,
          s.paths,
          { connections, durationSeconds: duration, headers },
          s.server.cpuSeconds,
        );
        s.server.assertRunning();
        results[s.key]!.push(figures);
        console.log(
          `  round ${round}  ${s.label.padEnd(40)} ${int(figures.requestsPerSecond).padStart(7)} req/s  p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  non-2xx ${figures.non2xx}`,
        );
      }
    }
    const summary = Object.fromEntries(
      scenarios.map((s) => {
        const list = results[s.key]!;
        return [
          s.key,
          {
            label: s.label,
            requestsPerSecond: median(list.map((f) => f.requestsPerSecond)),
            p50Ms: median(list.map((f) => f.p50Ms)),
            p99Ms: median(list.map((f) => f.p99Ms)),
            serverCpuUsPerRequest: median(list.map((f) => f.serverCpuUsPerRequest)),
            non2xx: list.reduce((sum, f) => sum + f.non2xx, 0),
            errors: list.reduce((sum, f) => sum + f.errors, 0),
          },
        ];
      }),
    );
    console.log(
      `\nGET /api/v1/articles (limit 20, content key), ${int(data.articleCount)} articles, ${connections} connections, median of ${rounds} × ${duration} s:`,
    );
    for (const s of Object.values(summary)) {
      console.log(
        `  ${s.label.padEnd(40)} ${int(s.requestsPerSecond).padStart(7)} req/s   p50 ${s.p50Ms} ms   p99 ${s.p99Ms} ms   server CPU ${int(s.serverCpuUsPerRequest)} µs/req`,
      );
    }
    console.log(
      `  load average ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}; ${os.cpus().length} CPUs`,
    );
    const output = path.resolve(REPO_ROOT, values.output);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(
      output,
      `${JSON.stringify({ at: new Date().toISOString(), articles: data.articleCount, connections, duration, rounds, summary, results }, null, 2)}\n`,
    );
    console.log(`figures written to ${path.relative(REPO_ROOT, output)}`);
    const failed = Object.values(summary).filter((s) => s.non2xx > 0 || s.errors > 0);
    if (failed.length > 0) {
      console.error(`FAILED: non-2xx answers or errors under load: ${failed.map((s) => s.label).join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    await Promise.all([cached.stop(), uncached.stop()]);
  }
}

process.exit(await main());
