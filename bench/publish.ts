/**
 * Publish → visible: how long after an editor publishes an article readers see it on its own
 * page, the home page, its section page and the RSS feed, while the site is under read load
 * (docs/quality.md; issue "The newsroom"). Ghad runs as `npm start` would, on SQLite with the
 * page cache on, so every one of those pages is cached and must be purged by the publish.
 *
 * Each round: a draft is created through the admin API (an editor's token), then published
 * through the same API; from the moment the publish request is sent, the four pages are polled
 * (a request every few milliseconds each, besides the load) until the new headline is on them.
 * Readers meanwhile load the home page, a section page, the feed and article pages with
 * autocannon. Prints the median and maximum per page over all rounds; writes
 * test-output/bench-publish.json.
 *
 *   npm run bench:publish [-- --publishes 50 --connections 8 --data-dir DIR]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result as LoadResult } from 'autocannon';
import { editorApiHeaders } from './admin-token.ts';
import { prepareDemoData } from './demo-data.ts';
import { getJson, postJson } from './http-json.ts';
import { REPO_ROOT, startGhad } from './servers.ts';

const USAGE = `npm run bench:publish -- [options]
  --publishes N      articles published one after another (50)
  --connections N    autocannon connections of the read load (8)
  --poll-ms N        pause between two polls of one page (5)
  --timeout-s N      a page that has not shown the article after this long fails the run (10)
  --workers N        GHAD_WORKERS: server processes sharing the port (1)
  --data-dir DIR     reuse this SQLite data directory (default: a fresh temp one with the demo)
  --output FILE      the JSON figures (test-output/bench-publish.json)`;

/** The pages a reader would look at for a new article, in report order. */
const SURFACES = ['article', 'home', 'section', 'rss'] as const;
type Surface = (typeof SURFACES)[number];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      publishes: { type: 'string', default: '50' },
      connections: { type: 'string', default: '8' },
      'poll-ms': { type: 'string', default: '5' },
      'timeout-s': { type: 'string', default: '10' },
      workers: { type: 'string', default: '1' },
      'data-dir': { type: 'string' },
      output: { type: 'string', default: 'test-output/bench-publish.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const publishes = Number(values.publishes);
  const connections = Number(values.connections);
  const pollMs = Number(values['poll-ms']);
  const timeoutMs = Number(values['timeout-s']) * 1000;
  const workers = Number(values.workers);
  for (const [name, value] of Object.entries({ publishes, connections, pollMs, timeoutMs, workers })) {
    if (!Number.isFinite(value) || value < 1) {
      console.error(`bench:publish: ${name} must be a positive number.\n${USAGE}`);
      return 2;
    }
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-publish-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : path.join(workDir, 'data');

  console.log(`▸ data: ${dataDir}`);
  const data = await prepareDemoData(dataDir, 1);
  console.log(`  ${data.articleCount.toLocaleString('en')} articles`);

  // An editor and an admin token acting as them: the newsroom's policy and workflow apply.
  const adminHeaders = await editorApiHeaders({ dataDir }, 'bench-publish@alghad24.ma', 'bench:publish');

  console.log('▸ starting Ghad (SQLite, page cache on)');
  const server = await startGhad({ name: 'Ghad', dataDir, pageCache: true, workers });
  const failures: string[] = [];
  const rounds: { publishRequestMs: number; visibleMs: Record<Surface, number> }[] = [];
  let load: LoadResult | undefined;
  try {
    const sections = (await getJson(`${server.origin}/api/v1/sections`)) as { data: { slug: string }[] };
    const sectionSlug = sections.data[0]?.slug;
    if (!sectionSlug) throw new Error('The demo newspaper has no section.');
    const sectionPath = `/section/${encodeURIComponent(sectionSlug)}`;
    const listed = (await getJson(`${server.origin}/api/v1/articles?limit=20`)) as { data: { url: string }[] };
    const readerPaths = ['/', sectionPath, '/feed.xml', ...listed.data.map((a) => new URL(a.url).pathname)];

    // The read load runs for the whole measurement and is stopped after the last round.
    console.log(
      `▸ read load (${workers} server process${workers > 1 ? 'es' : ''}): ${connections} connections over ${readerPaths.length} pages (home, section, feed, articles)`,
    );
    const instance = autocannon({
      url: server.origin,
      connections,
      duration: 24 * 3600,
      pipelining: 1,
      timeout: 10,
      requests: readerPaths.map((p) => ({ method: 'GET', path: p })),
    });
    const loadDone = new Promise<LoadResult>((resolve, reject) => instance.on('done', resolve).on('error', reject));
    await sleep(2000);

    const run = randomUUID().slice(0, 8);
    console.log(`▸ ${publishes} publishes, one after another`);
    for (let i = 1; i <= publishes; i++) {
      const marker = `قياس النشر ${run} رقم ${i}`;
      const created = (await postJson(`${server.origin}/api/v1/admin/articles`, adminHeaders, {
        headline: `${marker}: الحكومة تعلن برنامجا جديدا للنقل الحضري`,
        sectionSlug,
        body: [
          {
            type: 'paragraph',
            text: 'أعلنت الحكومة اليوم عن برنامج جديد للنقل الحضري يشمل عشر مدن، على أن تنطلق أولى مراحله مطلع السنة المقبلة.',
          },
        ],
        bylines: [{ name: 'هيئة التحرير', kind: 'organization' }],
      })) as { id: number };
      const started = performance.now();
      const published = (await postJson(
        `${server.origin}/api/v1/admin/articles/${created.id}/transitions`,
        adminHeaders,
        { action: 'publish' },
      )) as { url: string | null };
      const publishRequestMs = performance.now() - started;
      if (!published.url) throw new Error(`Article ${created.id} was not published: ${JSON.stringify(published)}`);
      const pages: Record<Surface, string> = {
        article: new URL(published.url).pathname,
        home: '/',
        section: sectionPath,
        rss: '/feed.xml',
      };
      const visible = await Promise.all(
        SURFACES.map((surface) =>
          waitFor(`${server.origin}${pages[surface]}`, marker, started, pollMs, timeoutMs).catch((error: Error) => {
            failures.push(`publish ${i}, ${surface}: ${error.message}`);
            return Number.NaN;
          }),
        ),
      );
      const visibleMs = Object.fromEntries(SURFACES.map((s, k) => [s, visible[k]!])) as Record<Surface, number>;
      rounds.push({ publishRequestMs, visibleMs });
      server.assertRunning();
      if (i % 10 === 0 || i === publishes) {
        console.log(
          `  ${String(i).padStart(3)} published; this one: ${SURFACES.map((s) => `${s} ${ms(visibleMs[s])}`).join(', ')}`,
        );
      }
    }
    instance.stop();
    load = await loadDone;
  } finally {
    await server.stop();
  }

  const table = [...SURFACES, 'all four' as const].map((surface) => {
    const times = rounds.map((r) =>
      surface === 'all four' ? Math.max(...Object.values(r.visibleMs)) : r.visibleMs[surface],
    );
    const measured = times.filter((t) => Number.isFinite(t));
    return { surface, medianMs: median(measured), maxMs: Math.max(...measured), measured: measured.length };
  });
  const publishRequest = rounds.map((r) => r.publishRequestMs);
  console.log('');
  console.log(`publish → visible, over ${rounds.length} publishes (from sending the publish request)`);
  console.log('page          median       max');
  for (const row of table) {
    console.log(`${row.surface.padEnd(10)} ${ms(row.medianMs).padStart(9)} ${ms(row.maxMs).padStart(9)}`);
  }
  console.log(
    `the publish request itself: median ${ms(median(publishRequest))}, max ${ms(Math.max(...publishRequest))}`,
  );
  if (load) {
    const non2xx = load.non2xx;
    console.log(
      `read load meanwhile: ${(load.requests.total / load.duration).toFixed(0)} requests/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, non-2xx ${non2xx}, errors ${load.errors}`,
    );
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  const output = path.resolve(REPO_ROOT, values.output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(
    output,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        publishes: rounds.length,
        connections,
        workers,
        visible: table,
        publishRequestMs: { median: median(publishRequest), max: Math.max(...publishRequest) },
        load: load && {
          requestsPerSecond: load.requests.total / load.duration,
          p50Ms: load.latency.p50,
          p99Ms: load.latency.p99,
          non2xx: load.non2xx,
          errors: load.errors,
        },
        failures,
        loadAverage: os.loadavg(),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`figures written to ${path.relative(REPO_ROOT, output)}`);
  if (failures.length > 0) {
    console.error(`bench:publish: ${failures.length} page(s) never showed their article:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

/** Polls `url` until its body holds `marker`; the milliseconds since `since` when it did. */
async function waitFor(url: string, marker: string, since: number, pollMs: number, timeoutMs: number): Promise<number> {
  for (;;) {
    const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const body = await response.text();
    if (response.ok && body.includes(marker)) return performance.now() - since;
    if (performance.now() - since > timeoutMs)
      throw new Error(`not visible after ${timeoutMs} ms (${response.status})`);
    await sleep(pollMs);
  }
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:publish: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
