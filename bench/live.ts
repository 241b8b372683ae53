/**
 * `npm run bench:live`: live coverage (issue 15) on SQLite, one coverage of 500 entries.
 *
 *  1. The change list (/live/<id>.json) served from the page cache by the compiled server
 *     (asked for brotli, as browsers and Varnish ask), beside a bare node:http server sending the same bytes from memory, in the same run:
 *     interleaved rounds of autocannon, medians and their ratio (the bar: ≥ 5,000 req/s).
 *  2. An entry posted through the admin API → seen by simulated readers polling the change list
 *     as the page's script does (every 2 s, with If-None-Match): p50/p95 over every
 *     (entry, reader) pair (the bar: p95 ≤ 3 s).
 *  3. The live page with 500 entries rendered uncached (page 1 and the last page) and the change
 *     list uncached, beside a plain article page, through app.inject() (no network).
 *
 *   npm run bench:live [-- --quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { newsroomAccounts } from '../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../src/store/store.ts';
import { buildApp } from '../src/web/app.ts';
import { testConfig } from '../test/helpers/config.ts';
import { jawharaArticle, jawharaRecords, paragraphsOf } from '../test/helpers/dispatch-rewrite.ts';
import { editorApiHeaders } from './admin-token.ts';
import { httpGet } from './http-get.ts';
import { type LoadFigures, runLoad } from './load.ts';
import { killAllNow, REPO_ROOT, startBaseline, startGhad } from './servers.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    output: { type: 'string', default: 'test-output/bench-live.json' },
  },
});
const quick = values.quick === true;
const DURATION = quick ? 3 : 8;
const ROUNDS = quick ? 1 : 3;
const CONNECTIONS = 32;
const ENTRIES = 500;
const POSTED = quick ? 8 : 30;
const READERS = 20;
const POLL_MS = 2000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The newspaper: Jawhara articles, one of them a coverage of 500 entries from the corpus's sentences.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-live-'));
const records = jawharaRecords(60);
const lines = records.flatMap(paragraphsOf).filter((p) => p.length > 40 && p.length < 500);
let articleId: number;
let plainId: number;
{
  const store = await openStore({ dataDir });
  await store.articles.upsertManyByExternalId(records.map(jawharaArticle));
  const [live, plain] = await store.articles.listPublishedPage({ limit: 2 });
  articleId = live!.id;
  plainId = plain!.id;
  const editor = await newsroomAccounts(store.db).accounts.create({
    email: 'live-bench@alghad24.ma',
    role: 'editor',
    password: 'bench password, not for use',
  });
  const actor = { id: editor.id, role: 'editor' as const };
  await store.live.start(actor, articleId);
  for (let i = 0; i < ENTRIES; i++) {
    await store.live.add(actor, articleId, {
      ...(i % 25 === 0 ? { keyEvent: true, title: `محطة رقم ${i / 25 + 1}` } : {}),
      body: [{ type: 'paragraph', text: lines[i % lines.length] as string }],
    });
  }
  await store.close();
}
const headers = await editorApiHeaders({ dataDir }, 'live-bench@alghad24.ma', 'bench:live');

console.log(
  `load average before: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} (${os.availableParallelism()} CPUs)`,
);

// 1. The change list, cached, beside node:http.
const ghad = await startGhad({ name: 'ghad (page cache on)', dataDir, pageCache: true });
const changesPath = `/live/${articleId}.json`;
// As browsers and Varnish ask for it: brotli, which the page cache keeps ready.
const BR = { 'accept-encoding': 'br' };
const cached = await httpGet(`${ghad.origin}${changesPath}`, BR);
if (cached.status !== 200) throw new Error(`GET ${changesPath}: ${cached.status}`);
const warm = await httpGet(`${ghad.origin}${changesPath}`, BR);
if (warm.headers['content-encoding'] !== 'br') throw new Error(`GET ${changesPath} was not sent as brotli`);
const identityBytes = (await httpGet(`${ghad.origin}${changesPath}`)).body.length;
if (warm.headers['x-ghad-cache'] !== 'hit') throw new Error(`GET ${changesPath} was not served from the cache`);
const bodyFile = path.join(dataDir, 'changes-body');
fs.writeFileSync(bodyFile, warm.body);
const baseline = await startBaseline({
  bodyFile,
  contentType: 'application/json; charset=utf-8',
  contentEncoding: 'br',
});
const figures: { ghad: LoadFigures[]; baseline: LoadFigures[] } = { ghad: [], baseline: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [key, server] of [
    ['ghad', ghad],
    ['baseline', baseline],
  ] as const) {
    await runLoad(server.origin, [changesPath], { connections: CONNECTIONS, durationSeconds: 1, headers: BR });
    const f = await runLoad(
      server.origin,
      [changesPath],
      { connections: CONNECTIONS, durationSeconds: DURATION, headers: BR },
      () => server.cpuSeconds(),
    );
    if (f.non2xx > 0 || f.errors > 0) throw new Error(`${server.name}: ${f.non2xx} non-2xx, ${f.errors} errors`);
    figures[key].push(f);
  }
}
await baseline.stop();
const rps = (key: 'ghad' | 'baseline') => median(figures[key].map((f) => f.requestsPerSecond));
const ratios = figures.ghad.map((f, i) => f.requestsPerSecond / (figures.baseline[i]?.requestsPerSecond ?? Number.NaN));

// 2. Posted → seen by readers polling as the page's script does.
interface Reader {
  etag: string | undefined;
  seen: Set<number>;
}
const readers: Reader[] = Array.from({ length: READERS }, () => ({ etag: undefined, seen: new Set<number>() }));
const postedAt = new Map<number, number>();
const latencies: number[] = [];
let polling = true;
const pollLoop = async (reader: Reader, phase: number) => {
  await sleep(phase);
  while (polling) {
    const answer = await httpGet(`${ghad.origin}${changesPath}`, reader.etag ? { 'if-none-match': reader.etag } : {});
    const now = performance.now();
    if (answer.status === 200) {
      reader.etag = String(answer.headers.etag);
      const body = JSON.parse(answer.body.toString()) as { changes: { action: string; entryId: number | null }[] };
      for (const change of body.changes) {
        if (change.action !== 'added' || change.entryId === null || reader.seen.has(change.entryId)) continue;
        reader.seen.add(change.entryId);
        const at = postedAt.get(change.entryId);
        if (at !== undefined) latencies.push(now - at);
      }
    }
    await sleep(POLL_MS);
  }
};
const loops = readers.map((reader, i) => pollLoop(reader, (POLL_MS * i) / READERS));
await sleep(POLL_MS * 2);
for (let i = 0; i < POSTED; i++) {
  const start = performance.now();
  const response = await fetch(`${ghad.origin}/api/v1/admin/articles/${articleId}/live-entries`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ body: [{ type: 'paragraph', text: lines[(i * 7) % lines.length] }] }),
  });
  if (response.status !== 201) throw new Error(`POST live-entries: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: number };
  postedAt.set(id, start);
  await sleep(700 + ((i * 397) % 900));
}
await sleep(POLL_MS * 2);
polling = false;
await Promise.all(loops);
const missed = POSTED * READERS - latencies.length;
await ghad.stop();

// 3. 500 entries rendered uncached, beside a plain article.
const store = await openStore({ dataDir });
const app = await buildApp({ config: testConfig({ dataDir, pageCache: false }), store, invalidationPollMs: 0 });
const pathOf = async (id: number) => String((await app.inject(`/article/${id}`)).headers.location);
const livePath = await pathOf(articleId);
const lastPage = (await store.live.page(articleId, 1)).pages;
const renders = {
  'live page 1': livePath,
  [`live page ${lastPage}`]: `${livePath}?page=${lastPage}`,
  'change list': changesPath,
  'plain article (baseline)': await pathOf(plainId),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(renders).map((k) => [k, []]));
const sizes: Record<string, number> = {};
for (let round = 0; round < 120; round++) {
  for (const [name, url] of Object.entries(renders)) {
    const start = performance.now();
    const answer = await app.inject(url);
    const ms = performance.now() - start;
    if (answer.statusCode !== 200) throw new Error(`${url}: ${answer.statusCode}`);
    sizes[name] = answer.rawPayload.length;
    if (round >= 20) times[name]?.push(ms);
  }
}
await app.close();
await store.close();
fs.rmSync(dataDir, { recursive: true, force: true });
killAllNow();

const result = {
  machine: { cpus: os.availableParallelism(), loadAverageAfter: os.loadavg() },
  changeList: {
    brotliBytes: warm.body.length,
    identityBytes,
    ghadRps: rps('ghad'),
    baselineRps: rps('baseline'),
    ratio: median(ratios),
    ghadP99Ms: median(figures.ghad.map((f) => f.p99Ms)),
    rounds: ROUNDS,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
  },
  postedToSeen: {
    entries: POSTED,
    readers: READERS,
    pollMs: POLL_MS,
    p50Ms: median(latencies),
    p95Ms: p95(latencies),
    maxMs: Math.max(...latencies),
    missed,
  },
  uncachedRenders: Object.fromEntries(
    Object.entries(times).map(([name, xs]) => [name, { medianMs: median(xs), p95Ms: p95(xs), bytes: sizes[name] }]),
  ),
};
const output = path.resolve(REPO_ROOT, values.output ?? 'test-output/bench-live.json');
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, `${JSON.stringify(result, null, 2)}\n`);

const n = (x: number) => Math.round(x).toLocaleString('en');
console.log(
  `\nchange list /live/<id>.json (50 changes: ${n(identityBytes)} bytes, ${n(warm.body.length)} as brotli, as asked), ${ROUNDS}×${DURATION} s, ${CONNECTIONS} connections:`,
);
console.log(`  ghad, page cache: ${n(result.changeList.ghadRps)} req/s (p99 ${result.changeList.ghadP99Ms} ms)`);
console.log(`  node:http, same bytes: ${n(result.changeList.baselineRps)} req/s`);
console.log(
  `  ratio ${result.changeList.ratio.toFixed(2)} — bar ≥ 5,000 req/s: ${result.changeList.ghadRps >= 5000 ? 'met' : 'not met'}`,
);
console.log(
  `\nentry posted (admin API) → seen by ${READERS} readers polling every ${POLL_MS / 1000} s, ${POSTED} entries:`,
);
console.log(
  `  p50 ${n(result.postedToSeen.p50Ms)} ms, p95 ${n(result.postedToSeen.p95Ms)} ms, max ${n(result.postedToSeen.maxMs)} ms, missed ${missed} — bar p95 ≤ 3 s: ${result.postedToSeen.p95Ms <= 3000 && missed === 0 ? 'met' : 'not met'}`,
);
console.log(`\nuncached renders, ${ENTRIES} entries (100 each, after 20 to warm up):`);
for (const [name, r] of Object.entries(result.uncachedRenders)) {
  console.log(
    `  ${name}: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, ${n((r.bytes ?? 0) / 1024)} KB`,
  );
}
console.log(
  `\nload average after: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; figures in ${path.relative(REPO_ROOT, output)}`,
);
