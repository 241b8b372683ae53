/**
 * Publish → visible through Varnish: how long after an editor's publish request readers served
 * by Varnish (deploy/varnish/ghad.vcl, Debian's varnishd) see the new article on the home page
 * and its section page, both cached by Varnish beforehand. Ghad runs as `ghad serve` on SQLite
 * with the demo newspaper and GHAD_PURGE_URLS naming the Varnish, so the only way a cached page
 * changes within its s-maxage (60 s) is the tag purge Ghad sends after the publish.
 *
 * Each round: a draft is created through the admin API (through Varnish, which passes it), then
 * published the same way; from the moment the publish request is sent, both pages are polled
 * through Varnish every `--poll-ms` until the new headline is on them. Prints p50, p95 and max;
 * writes test-output/bench-varnish-publish.json.
 *
 *   npm run bench:varnish [-- --publishes 50 --poll-ms 10 --data-dir DIR]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startVarnish, varnishMissing } from '../test/helpers/varnish.ts';
import { editorApiHeaders } from './admin-token.ts';
import { prepareDemoData } from './demo-data.ts';
import { getJson, postJson } from './http-json.ts';
import { freePort, REPO_ROOT, startGhad } from './servers.ts';

const USAGE = `npm run bench:varnish -- [options]
  --publishes N    articles published one after another (50)
  --poll-ms N      pause between two polls of one page through Varnish (10)
  --timeout-s N    a page that has not shown the article after this long fails the run (10)
  --data-dir DIR   reuse this SQLite data directory (default: a fresh temp one with the demo)
  --output FILE    the JSON figures (test-output/bench-varnish-publish.json)`;

const PAGES = ['home', 'section'] as const;
type Page = (typeof PAGES)[number];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      publishes: { type: 'string', default: '50' },
      'poll-ms': { type: 'string', default: '10' },
      'timeout-s': { type: 'string', default: '10' },
      'data-dir': { type: 'string' },
      output: { type: 'string', default: 'test-output/bench-varnish-publish.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const missing = varnishMissing();
  if (missing) {
    console.error(`bench:varnish: ${missing}.`);
    return 1;
  }
  const publishes = Number(values.publishes);
  const pollMs = Number(values['poll-ms']);
  const timeoutMs = Number(values['timeout-s']) * 1000;
  for (const [name, value] of Object.entries({ publishes, pollMs, timeoutMs })) {
    if (!Number.isFinite(value) || value < 1) {
      console.error(`bench:varnish: ${name} must be a positive number.\n${USAGE}`);
      return 2;
    }
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-varnish-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : path.join(workDir, 'data');

  console.log(`▸ data: ${dataDir}`);
  const data = await prepareDemoData(dataDir, 1);
  console.log(`  ${data.articleCount.toLocaleString('en')} articles`);
  const adminHeaders = await editorApiHeaders({ dataDir }, 'bench-varnish@alghad24.ma', 'bench:varnish');

  const ghadPort = await freePort();
  console.log('▸ starting Varnish (deploy/varnish/ghad.vcl) in front of Ghad');
  const varnish = await startVarnish({ backends: [{ host: '127.0.0.1', port: ghadPort }] });
  const rounds: { publishRequestMs: number; visibleMs: Record<Page, number>; lastPollMs: number[] }[] = [];
  const failures: string[] = [];
  try {
    console.log(`▸ starting Ghad (SQLite, page cache on, GHAD_PURGE_URLS=${varnish.purgeUrl})`);
    const server = await startGhad({
      name: 'Ghad',
      dataDir,
      pageCache: true,
      port: ghadPort,
      env: { GHAD_PURGE_URLS: varnish.purgeUrl, GHAD_TRUST_PROXY: 'on' },
    });
    try {
      const origin = varnish.origin;
      await waitUntil('Varnish finds Ghad healthy', async () => /\bhealthy\b/.test(await varnish.backendList()));
      const sections = (await getJson(`${origin}/api/v1/sections`)) as { data: { slug: string }[] };
      const sectionSlug = sections.data[0]?.slug;
      if (!sectionSlug) throw new Error('The demo newspaper has no section.');
      const pages: Record<Page, string> = { home: '/', section: `/section/${encodeURIComponent(sectionSlug)}` };
      // Primed: both pages are in Varnish before the first publish.
      for (const page of PAGES) {
        await fetchPage(`${origin}${pages[page]}`);
        const cached = await fetchPage(`${origin}${pages[page]}`);
        if (cached.xCache !== 'HIT')
          throw new Error(`${pages[page]} is not cached by Varnish (X-Cache ${cached.xCache}).`);
      }
      const run = randomUUID().slice(0, 8);
      let hitsWhilePolling = 0;
      let polls = 0;
      console.log(`▸ ${publishes} publishes, one after another, polled through Varnish every ${pollMs} ms`);
      for (let i = 1; i <= publishes; i++) {
        const marker = `قياس ورنيش ${run} رقم ${i}`;
        const created = (await postJson(`${origin}/api/v1/admin/articles`, adminHeaders, {
          headline: `${marker}: المجلس الجماعي يصادق على مخطط جديد للسير في المدينة`,
          sectionSlug,
          body: [
            {
              type: 'paragraph',
              text: 'صادق المجلس الجماعي في دورته العادية على مخطط جديد للسير والجولان يشمل إحداث ممرات للدراجات ومواقف جديدة للسيارات.',
            },
          ],
          bylines: [{ name: 'هيئة التحرير', kind: 'organization' }],
        })) as { id: number };
        // Both pages are in Varnish when the publish is sent (the last round's polls cached them).
        for (const page of PAGES) {
          const before = await fetchPage(`${origin}${pages[page]}`);
          if (before.body.includes(marker)) throw new Error(`${pages[page]} shows the draft before its publish.`);
        }
        const started = performance.now();
        const published = (await postJson(`${origin}/api/v1/admin/articles/${created.id}/transitions`, adminHeaders, {
          action: 'publish',
        })) as { url: string | null };
        const publishRequestMs = performance.now() - started;
        if (!published.url) throw new Error(`Article ${created.id} was not published: ${JSON.stringify(published)}`);
        // How long the poll that showed the article took: Varnish's fetch of the new page from Ghad.
        const lastPollMs: number[] = [];
        const visible = await Promise.all(
          PAGES.map(async (page) => {
            for (;;) {
              const sent = performance.now();
              const response = await fetchPage(`${origin}${pages[page]}`);
              polls++;
              if (response.xCache === 'HIT') hitsWhilePolling++;
              if (response.status === 200 && response.body.includes(marker)) {
                lastPollMs.push(performance.now() - sent);
                return performance.now() - started;
              }
              if (performance.now() - started > timeoutMs) {
                failures.push(`publish ${i}, ${page}: not visible after ${timeoutMs} ms`);
                return Number.NaN;
              }
              await sleep(pollMs);
            }
          }),
        );
        rounds.push({ publishRequestMs, visibleMs: { home: visible[0]!, section: visible[1]! }, lastPollMs });
        server.assertRunning();
        if (i % 10 === 0 || i === publishes) {
          console.log(
            `  ${String(i).padStart(3)} published; this one: home ${ms(visible[0]!)}, section ${ms(visible[1]!)}`,
          );
        }
      }
      const table = [...PAGES, 'both' as const].map((page) => {
        const times = rounds
          .map((r) => (page === 'both' ? Math.max(r.visibleMs.home, r.visibleMs.section) : r.visibleMs[page]))
          .filter((t) => Number.isFinite(t));
        return {
          page,
          p50Ms: percentile(times, 50),
          p95Ms: percentile(times, 95),
          maxMs: Math.max(...times),
          measured: times.length,
        };
      });
      const publishRequest = rounds.map((r) => r.publishRequestMs);
      console.log('');
      console.log(
        `publish → visible through Varnish, over ${rounds.length} publishes (from sending the publish request)`,
      );
      console.log('page           p50       p95       max');
      for (const row of table) {
        console.log(
          `${row.page.padEnd(8)} ${ms(row.p50Ms).padStart(8)} ${ms(row.p95Ms).padStart(9)} ${ms(row.maxMs).padStart(9)}`,
        );
      }
      console.log(
        `the publish request itself: p50 ${ms(percentile(publishRequest, 50))}, max ${ms(Math.max(...publishRequest))}`,
      );
      const fetchMs = rounds.flatMap((r) => r.lastPollMs);
      console.log(
        `the poll that showed the article (Varnish fetching the new page from Ghad): p50 ${ms(percentile(fetchMs, 50))}, max ${ms(Math.max(...fetchMs))}`,
      );
      console.log(`polls answered from Varnish's cache (X-Cache HIT): ${hitsWhilePolling} of ${polls}`);
      console.log(
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${os.cpus().length} CPUs`,
      );
      console.log(`errors Ghad logged: ${server.errorLines()}`);
      const output = path.resolve(REPO_ROOT, values.output);
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(
        output,
        `${JSON.stringify(
          {
            measuredAt: new Date().toISOString(),
            publishes: rounds.length,
            pollMs,
            visible: table,
            publishRequestMs: { p50: percentile(publishRequest, 50), max: Math.max(...publishRequest) },
            showingPollMs: { p50: percentile(fetchMs, 50), max: Math.max(...fetchMs) },
            polls,
            hitsWhilePolling,
            ghadErrors: server.errorLines(),
            failures,
            loadAverage: os.loadavg(),
          },
          null,
          2,
        )}\n`,
      );
      console.log(`figures written to ${path.relative(REPO_ROOT, output)}`);
    } finally {
      await server.stop();
    }
  } finally {
    await varnish.stop();
  }
  if (failures.length > 0) {
    console.error(`bench:varnish: ${failures.length} page(s) never showed their article:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

async function fetchPage(url: string): Promise<{ status: number; body: string; xCache: string | null }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text(), xCache: response.headers.get('x-cache') };
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:varnish: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
