/**
 * The failure drill: Ghad on two app hosts (network namespaces) on PostgreSQL, Varnish in
 * front (deploy/varnish/ghad.vcl), readers and a newsroom publishing through Varnish, while
 * one thing after another fails:
 *
 *   1. kill -9 of one host during a burst of publishes, then the host started again;
 *   2. PostgreSQL restarted (pg_ctlcluster);
 *   3. one host cut from the database for 10 s (its database gate closed, then opened);
 *   4. SIGTERM of a host under load: no new connection taken, the request in flight answered,
 *      exit 0 within 10 s; then started again.
 *
 * Every request is counted in the window of the event during which it was sent; at the end
 * the database is read for each publication the client meant: lost (believed published, not
 * published), doubled (two articles, or two publish transitions), purges missed (the home
 * page through Varnish not showing it within 10 s). Root only (ip netns). Its last line:
 *
 *   drill: requests <n>, failed <n>; publications <n>, lost <n>, doubled <n>; purges missed <n>
 *
 * Exits 1 when anything was lost, doubled or missed, a publication was never done, or the
 * SIGTERM checks failed.
 *
 *   sudo npm run drill [-- --readers 4 --publishers 2 --articles 150]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sectionPath } from '../src/web/site/urls.ts';
import { varnishMissing } from '../test/helpers/varnish.ts';
import { editorApiHeaders } from './admin-token.ts';
import { APP_PORT, AppHost, type HostExit } from './drill/app-host.ts';
import { DatabaseGate } from './drill/database-gate.ts';
import { createDrillNewspaper, dropLeftoverDatabases, publicationRecords } from './drill/drill-database.ts';
import { startDrillVarnish } from './drill/drill-varnish.ts';
import { undoAll, undoOnExit } from './drill/exit-cleanup.ts';
import { HomeWatcher } from './drill/home-watcher.ts';
import { BRIDGE_ADDRESS, namespacesMissing, setUpNetwork, tearDownNetwork } from './drill/network-hosts.ts';
import { type Publication, PublishingLoad } from './drill/publishing-load.ts';
import { ReadingLoad } from './drill/reading-load.ts';
import { type EventWindow, RequestTally } from './drill/request-tally.ts';
import { POSTGRES_ADMIN_URL } from './postgres.ts';
import { REPO_ROOT } from './servers.ts';

const USAGE = `sudo npm run drill -- [options]   (root: it makes network namespaces)
  --readers N      readers through Varnish, one page after another (4)
  --publishers N   publishers, one publication after another (2); the burst adds 4 more
  --articles N     articles taken from each demo corpus before the drill (150)`;

/** Where Varnish listens on the bridge (the hosts' purges) and the database gates' first port. */
const VARNISH_BRIDGE_PORT = 6081;
const GATE_FIRST_PORT = 15431;
const VISIBLE_DEADLINE_MS = 10_000;
const SHUTDOWN_LIMIT_MS = 10_000;

interface Step {
  at: number;
  line: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      readers: { type: 'string', default: '4' },
      publishers: { type: 'string', default: '2' },
      articles: { type: 'string', default: '150' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const readers = Number(values.readers);
  const publishers = Number(values.publishers);
  const perCorpus = Number(values.articles);
  for (const [name, value] of Object.entries({ readers, publishers, articles: perCorpus })) {
    if (!Number.isInteger(value) || value < 1) {
      console.error(`drill: --${name} must be a positive whole number.\n${USAGE}`);
      return 2;
    }
  }
  const missing = namespacesMissing() ?? varnishMissing();
  if (missing) {
    console.error(`drill: cannot run: ${missing}.`);
    return 1;
  }
  const postgresVersion = postgresClusterVersion();
  if (!postgresVersion) {
    console.error('drill: cannot run: no PostgreSQL cluster "main" in /etc/postgresql to restart (pg_ctlcluster).');
    return 1;
  }
  const began = performance.now();
  const steps: Step[] = [];
  const say = (line: string) => {
    const at = (performance.now() - began) / 1000;
    steps.push({ at, line });
    console.log(`[${at.toFixed(1).padStart(5)} s] ${line}`);
  };

  // ---- Setting up: network, database, Varnish, two hosts.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-drill-'));
  undoOnExit('the work directory', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const logDir = path.join(REPO_ROOT, 'test-output/drill');
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const droppedDatabases = await dropLeftoverDatabases();
  if (droppedDatabases.length > 0) say(`dropped databases a previous run left: ${droppedDatabases.join(', ')}`);
  const network = setUpNetwork(2);
  undoOnExit('the network namespaces and bridge', tearDownNetwork);
  say(`network: bridge ${BRIDGE_ADDRESS}, hosts ${network.map((h) => `${h.namespace} ${h.address}`).join(', ')}`);
  const build = spawnSync(process.execPath, ['bin/ghad.js', 'help'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('bin/ghad.js could not build the server (npm run build).');
  const newspaper = await createDrillNewspaper(workDir, perCorpus);
  const { database } = newspaper;
  say(
    `database ${database.name}: ${newspaper.articles.length} published articles, ${newspaper.sections.length} sections`,
  );
  const headers = await editorApiHeaders(
    { dataDir: workDir, databaseUrl: database.url },
    'drill@alghad24.ma',
    'npm run drill',
  );
  const gates = await Promise.all(
    network.map(async (_host, i) => {
      const gate = new DatabaseGate({
        listenHost: BRIDGE_ADDRESS,
        listenPort: GATE_FIRST_PORT + i,
        target: postgresAddress(),
      });
      await gate.open();
      return gate;
    }),
  );
  const varnish = await startDrillVarnish({
    backends: network.map((host) => ({ host: host.address, port: APP_PORT })),
    bridgeAddress: BRIDGE_ADDRESS,
    bridgePort: VARNISH_BRIDGE_PORT,
    localPort: await freeLocalPort(),
  });
  const hosts = network.map((host, i) => {
    const url = new URL(database.url);
    url.host = gates[i]!.address;
    const dataDir = path.join(workDir, `host-${host.number}`);
    fs.mkdirSync(dataDir);
    return new AppHost({
      host,
      databaseUrl: url.toString(),
      purgeUrl: varnish.purgeUrl,
      siteUrl: 'https://alghad24.ma',
      dataDir,
      logFile: path.join(logDir, `host-${host.number}.log`),
    });
  });
  await Promise.all(hosts.map((host) => host.start()));
  await waitUntil('Varnish finds both hosts healthy', async () => {
    const health = await varnish.backendHealth();
    return hosts.every((_, i) => health.get(`ghad_${i + 1}`) === true);
  });
  say(`varnish ${varnish.origin} (purges at ${varnish.purgeUrl}) in front of ${hosts.map((h) => h.origin).join(', ')}`);

  // ---- The loads.
  const run = randomBytes(3).toString('hex');
  const tally = new RequestTally();
  tally.begin('steady load');
  const publishing = new PublishingLoad({
    origin: varnish.origin,
    headers,
    sections: newspaper.sections,
    tally,
    run,
    onPublished: (publication) => watcher.expect(publication),
  });
  const watcher = new HomeWatcher({
    origin: varnish.origin,
    markerPrefix: publishing.markerPrefix,
    tally,
    deadlineMs: VISIBLE_DEADLINE_MS,
  });
  const reading = new ReadingLoad({
    origin: varnish.origin,
    sections: newspaper.sections.map((slug) => sectionPath({ slug })),
    articles: newspaper.articles,
    tally,
  });
  watcher.start();
  reading.start(readers);
  publishing.start(publishers);
  say(`load: ${readers} readers, ${publishers} publishers, the home page watched every 50 ms`);
  await sleep(10_000);

  const [host1, host2] = hosts as [AppHost, AppHost];
  const [, gate2] = gates as [DatabaseGate, DatabaseGate];
  const backendHealthy = (host: AppHost) => async () =>
    (await varnish.backendHealth()).get(`ghad_${host.host.number}`) === true;
  const problems: string[] = [];

  // ---- 1. kill -9 during a burst of publishes.
  tally.begin('kill -9 during a burst');
  say('event 1: a burst of publishes (4 more publishers for 8 s); kill -9 of host 1 after 2 s');
  const burst = publishing.burst(4, 8000);
  await sleep(2000);
  const killed = await host1.kill();
  say(`host 1 killed (${killed.signal ?? killed.code})`);
  await sleep(3000);
  const restartStarted = performance.now();
  await host1.start();
  await waitUntil('Varnish finds host 1 healthy again', backendHealthy(host1));
  say(`host 1 started again: ready and healthy in Varnish after ${seconds(performance.now() - restartStarted)}`);
  await burst;
  await sleep(2000);

  // ---- 2. PostgreSQL restarted.
  tally.begin('PostgreSQL restart');
  await sleep(1000);
  say(`event 2: pg_ctlcluster ${postgresVersion} main restart`);
  const pgStarted = performance.now();
  execFileSync('pg_ctlcluster', [postgresVersion, 'main', 'restart'], { stdio: 'inherit' });
  say(`PostgreSQL restarted in ${seconds(performance.now() - pgStarted)}`);
  await waitUntil('both hosts ready after the PostgreSQL restart', async () =>
    (await Promise.all(hosts.map((h) => h.status('/readyz')))).every((s) => s === 200),
  );
  say(`both hosts answer /readyz 200 again, ${seconds(performance.now() - pgStarted)} after the restart began`);
  await sleep(3000);

  // ---- 3. One host cut from the database for 10 s.
  tally.begin('host 2 cut from the database');
  say('event 3: host 2 cut from the database for 10 s');
  await gate2.cut();
  await sleep(2500);
  say(`host 2 /readyz during the cut: ${await host2.status('/readyz')}`);
  await sleep(7500);
  await gate2.open();
  const reopened = performance.now();
  await waitUntil('host 2 ready after the cut', async () => (await host2.status('/readyz')) === 200);
  await waitUntil('Varnish finds host 2 healthy after the cut', backendHealthy(host2));
  say(
    `host 2 back: ready and healthy in Varnish ${seconds(performance.now() - reopened)} after the database came back`,
  );
  await sleep(3000);

  // ---- 4. SIGTERM under load.
  tally.begin('SIGTERM under load');
  say('event 4: SIGTERM of host 1 under load, with a request in flight (its body half sent)');
  const shutdown = await terminateUnderLoad(host1, headers, run, newspaper.sections[0]!);
  say(
    `host 1 exited ${shutdown.exit.signal ?? shutdown.exit.code} ${seconds(shutdown.exitMs)} after SIGTERM; ` +
      `a new connection during shutdown: ${shutdown.newConnection}; the request in flight: ${shutdown.inFlight}`,
  );
  if (shutdown.exit.code !== 0)
    problems.push(`host 1 exited ${shutdown.exit.signal ?? shutdown.exit.code} after SIGTERM, not 0`);
  if (shutdown.exitMs > SHUTDOWN_LIMIT_MS)
    problems.push(`host 1 took ${seconds(shutdown.exitMs)} to exit after SIGTERM`);
  if (shutdown.newConnection !== 'refused')
    problems.push(`a new connection during shutdown was ${shutdown.newConnection}`);
  if (shutdown.inFlight !== '201')
    problems.push(`the request in flight at SIGTERM answered ${shutdown.inFlight}, not 201`);
  const againStarted = performance.now();
  await host1.start();
  await waitUntil('Varnish finds host 1 healthy again', backendHealthy(host1));
  say(`host 1 started again: ready and healthy in Varnish after ${seconds(performance.now() - againStarted)}`);
  await sleep(3000);

  // ---- The end: loads stopped, publications under way finished, each one checked.
  say('stopping the loads (publications under way are finished and watched)');
  await publishing.stop();
  await reading.stop();
  await watcher.stop();
  const records = await publicationRecords(database.url, publishing.markerPrefix);
  const verdicts = publishing.publications.map((p) => judge(p, records.get(p.number)?.articles ?? []));
  const errorsLogged = hosts.map((h) => `${h.name} ${countErrorLines(path.join(logDir, `host-${h.host.number}.log`))}`);

  for (const host of hosts) host.terminate();
  await Promise.all(hosts.map((h) => h.exited()));
  await varnish.stop();
  for (const gate of gates) await gate.cut();
  await database.drop();
  undoAll();

  // ---- The report.
  const visibility = new Map(watcher.results.map((r) => [r.publication, r.visibleAfterMs]));
  console.log('');
  console.log(
    'event                          requests  failed  publications  lost  doubled  missed  visible p50   p95',
  );
  for (const window of tally.windows) {
    const mine = publishing.publications.filter((p) => tally.windowAt(p.startedAt) === window);
    const mineVerdicts = verdicts.filter((v) => mine.includes(v.publication));
    const times = mine.map((p) => visibility.get(p)).filter((t): t is number => t !== undefined);
    console.log(
      `${window.name.padEnd(30)} ${String(window.requests).padStart(8)} ${String(window.failed).padStart(7)} ${String(
        mine.filter((p) => p.believedPublished).length,
      ).padStart(13)} ${String(mineVerdicts.filter((v) => v.lost).length).padStart(5)} ${String(
        mineVerdicts.filter((v) => v.doubled).length,
      ).padStart(8)} ${String(
        mine.filter((p) => p.believedPublished && visibility.get(p) === undefined).length,
      ).padStart(7)} ${ms(percentile(times, 50)).padStart(12)} ${ms(percentile(times, 95)).padStart(6)}`,
    );
  }
  console.log('');
  for (const window of tally.windows) console.log(failureLine(window));
  const allTimes = watcher.results.flatMap((r) => (r.visibleAfterMs === undefined ? [] : [r.visibleAfterMs]));
  console.log('');
  console.log(
    `publish → visible on the home page through Varnish (from sending the publish request), ${allTimes.length} publications: ` +
      `p50 ${ms(percentile(allTimes, 50))}, p95 ${ms(percentile(allTimes, 95))}, max ${ms(Math.max(...allTimes))}`,
  );
  console.log(`errors the hosts logged (pino level ≥ 50): ${errorsLogged.join(', ')}; logs in test-output/drill/`);
  const unfinished = publishing.publications.filter((p) => p.gaveUp);
  for (const p of unfinished) problems.push(`publication ${p.number} given up: ${p.gaveUp}`);
  for (const v of verdicts) if (v.lost || v.doubled) problems.push(`publication ${v.publication.number}: ${v.why}`);
  for (const r of watcher.results) {
    if (r.visibleAfterMs !== undefined) continue;
    const published = `published at ${seconds(r.publication.publishedAt! - began)} (${tally.windowAt(r.publication.startedAt).name})`;
    const late = r.lateAfterMs === undefined ? 'not at all while the drill ran' : `after ${seconds(r.lateAfterMs)}`;
    problems.push(
      `publication ${r.publication.number} ${published}: not on the home page within ${VISIBLE_DEADLINE_MS / 1000} s; shown ${late}`,
    );
  }
  for (const problem of problems) console.log(`  ✗ ${problem}`);
  console.log(`drill took ${seconds(performance.now() - began)} in all`);

  const publications = publishing.publications.filter((p) => p.believedPublished).length;
  const lost = verdicts.filter((v) => v.lost).length;
  const doubled = verdicts.filter((v) => v.doubled).length;
  const missed = watcher.missed;
  console.log(
    `drill: requests ${tally.requests}, failed ${tally.failed}; publications ${publications}, lost ${lost}, doubled ${doubled}; purges missed ${missed}`,
  );
  return problems.length > 0 ? 1 : 0;
}

/** What the database says of one publication the client meant. */
function judge(
  publication: Publication,
  articles: { id: number; status: string; publishTransitions: number }[],
): { publication: Publication; lost: boolean; doubled: boolean; why: string } {
  const published = articles.filter((a) => a.status === 'published');
  const publishes = articles.reduce((sum, a) => sum + a.publishTransitions, 0);
  const lost = publication.believedPublished && (published.length === 0 || publishes === 0);
  const doubled = articles.length > 1 || articles.some((a) => a.publishTransitions > 1);
  const why = [
    lost
      ? `believed published, but ${articles.map((a) => `article ${a.id} is ${a.status}`).join(', ') || 'no article'}`
      : '',
    doubled
      ? `doubled: ${articles.map((a) => `article ${a.id} (${a.status}, ${a.publishTransitions} publish transitions)`).join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
  return { publication, lost, doubled, why };
}

/**
 * SIGTERM while a request is in flight (a create whose body is half sent): a new connection
 * a moment later must be refused, the request in flight must get its answer once its body is
 * complete, and the process must exit 0 within 10 s.
 */
async function terminateUnderLoad(
  host: AppHost,
  headers: Record<string, string>,
  run: string,
  sectionSlug: string,
): Promise<{ exit: HostExit; exitMs: number; newConnection: string; inFlight: string }> {
  const full = Buffer.from(
    JSON.stringify({
      headline: `قيد الإرسال ${run}: طلب كان في الطريق عند إيقاف الخادم`,
      sectionSlug,
      body: [{ type: 'paragraph', text: 'وصل نص هذا الطلب على دفعتين، وأوقف الخادم بينهما.' }],
      bylines: [{ name: 'هيئة التحرير', kind: 'organization' }],
    }),
  );
  const half = Math.floor(full.length / 2);
  const answer = new Promise<string>((resolve) => {
    const request = http.request(
      `${host.origin}/api/v1/admin/articles`,
      { method: 'POST', headers: { ...headers, 'content-length': String(full.length) }, agent: false },
      (response) => {
        response.resume();
        response.on('end', () => resolve(String(response.statusCode)));
      },
    );
    request.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
    request.write(full.subarray(0, half));
    // The rest after SIGTERM and the check of new connections.
    setTimeout(() => request.end(full.subarray(half)), 1500);
  });
  await sleep(500);
  const signalledAt = performance.now();
  host.terminate();
  await sleep(300);
  const newConnection = await tryConnect(host.host.address, APP_PORT);
  const inFlight = await answer;
  const exit = await Promise.race([host.exited(), sleep(SHUTDOWN_LIMIT_MS + 5000).then(() => undefined)]);
  if (!exit) {
    await host.kill();
    return { exit: await host.exited(), exitMs: Number.POSITIVE_INFINITY, newConnection, inFlight };
  }
  return { exit, exitMs: exit.at - signalledAt, newConnection, inFlight };
}

/** 'refused' when nothing listens; 'accepted' when something still does. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('no answer');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)),
    );
  });
}

function failureLine(window: EventWindow): string {
  const reasons = [...window.reasons]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ×${count}`)
    .join(', ');
  const kinds = (['read', 'publish', 'watch'] as const)
    .map((kind) => `${kind} ${window.byKind[kind].failed}/${window.byKind[kind].requests}`)
    .join(', ');
  return `${window.name}: failed ${window.failed} of ${window.requests} (${kinds})${reasons ? `: ${reasons}` : ''}`;
}

/** The PostgreSQL version whose cluster "main" runs here (the highest, if several). */
function postgresClusterVersion(): string | undefined {
  try {
    return fs
      .readdirSync('/etc/postgresql')
      .filter((version) => fs.existsSync(`/etc/postgresql/${version}/main`))
      .sort((a, b) => Number(b) - Number(a))[0];
  } catch {
    return undefined;
  }
}

function postgresAddress(): { host: string; port: number } {
  const url = new URL(POSTGRES_ADMIN_URL);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

function countErrorLines(file: string): number {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /"level":(50|60)\b/.test(line)).length;
  } catch {
    return 0;
  }
}

async function freeLocalPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–';
}

function seconds(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`drill: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
