import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { checkTimeZoneData, staleTimeZoneDataMessage } from '../arabic/zone-data-check.ts';
import type { Config } from '../config.ts';
import { entitiesAreMissing } from '../entities/rebuild.ts';
import { CacheNodePurger } from '../jobs/cache-node-purger.ts';
import { JobLoop } from '../jobs/job-loop.ts';
import { WebhookSender } from '../jobs/webhook-sender.ts';
import { answerMetricsRequests, clusterMetrics } from '../metrics/cluster-metrics.ts';
import { GhadMetrics } from '../metrics/ghad-metrics.ts';
import { type MetricsServer, MetricsServerError, openConfiguredMetricsServer } from '../metrics/metrics-server.ts';
import type { User } from '../newsroom/accounts.ts';
import { createDemoAccounts, createFirstOwner } from '../newsroom/first-accounts.ts';
import { newsroomAccounts } from '../newsroom/newsroom-accounts.ts';
import { DEFAULT_RESET_HOURS, type PasswordResets } from '../newsroom/password-resets.ts';
import { indexIsMissing } from '../search/rebuild.ts';
import { openStore, type Store } from '../store/store.ts';
import { buildApp } from '../web/app.ts';
import { catchUpWithPurgesBeforeAnswering } from '../web/purge-catch-up.ts';
import { ServerProcesses } from './server-processes.ts';

export const SERVE_USAGE = `npx ghad serve [--demo | --no-demo]
    Starts the newspaper at http://localhost:$PORT (3000). A newsroom without accounts first
    gets its owner, owner@ghad.local, who chooses a password through a one-time link (24 hours):
    printed on a terminal, else made with \`npx ghad user reset-link --email owner@ghad.local\`.
    --demo     the demo newspaper (what npm start runs; or GHAD_DEMO=on): an empty database first
               receives the demo content and the demo accounts, whose passwords are public.
               Without it (the default) none are made, and demo accounts cannot sign in.
    --no-demo  no demo, whatever GHAD_DEMO says.`;

/**
 * Starts the newspaper. With the demo (`--demo` or GHAD_DEMO=on), an empty database first
 * receives the demo content and the demo accounts; without it, neither is ever made, and demo
 * accounts already in the database cannot sign in. With GHAD_WORKERS above 1 the primary
 * process starts that many servers sharing the port (node:cluster; they read the same
 * arguments) and replaces any that dies; purges reach all of them through the database,
 * at once when the supervisor tells them over IPC.
 * The job loop (scheduled publishing, purges after newsroom changes, webhook deliveries) and
 * the webhook sender run in the primary process only: beside the server with one process, on
 * their own store with several.
 */
export async function serveCommand(baseConfig: Config, args: string[] = []): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { demo: { type: 'boolean' }, 'no-demo': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  if (values.demo && values['no-demo']) {
    console.error(`ghad serve takes --demo or --no-demo, not both.\n\n${SERVE_USAGE}`);
    return 2;
  }
  const config: Config = { ...baseConfig, demo: values['no-demo'] ? false : Boolean(values.demo) || baseConfig.demo };
  if (cluster.isWorker) return runServer(config);
  if (!timeZoneDataIsCurrent()) return 1;
  await prepareDatabase(config);
  return config.workers === 1 ? runServer(config) : superviseWorkers(config);
}

/** Says which time-zone data the clocks read; false (do not serve) when it predates a known change. */
function timeZoneDataIsCurrent(): boolean {
  const report = checkTimeZoneData();
  if (report.missing.length > 0) {
    console.error(staleTimeZoneDataMessage(report));
    return false;
  }
  console.log(report.summary);
  for (const warning of report.warnings) console.warn(`Warning: ${warning}`);
  return true;
}

async function prepareDatabase(config: Config): Promise<void> {
  const store = await openStore(config);
  try {
    const importingDemo = config.demo && (await store.articles.countAll()) === 0;
    if (importingDemo) {
      console.log(`Empty database (${store.location}): importing the demo newspaper…`);
      // The importers, rebuilds and their tables load only when needed: a restart skips them.
      const { importDemoWithProgress, printSummary } = await import('./import-command.ts');
      const started = performance.now();
      for (const summary of await importDemoWithProgress(store, config)) printSummary(summary);
      console.log(`Demo newspaper imported in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    } else {
      if (await indexIsMissing(store.db)) await (await import('./reindex-command.ts')).rebuildSearchIndex(store);
      // A database from before entities (migration 014): every article's names, once.
      if (await entitiesAreMissing(store.db))
        await (await import('./entities-command.ts')).rebuildArticleEntities(store);
    }
    await prepareNewsroomAccounts(store, config, importingDemo);
  } finally {
    await store.close();
  }
}

/** The owner of a newsroom without accounts, and the demo accounts with the demo newspaper. */
async function prepareNewsroomAccounts(store: Store, config: Config, withDemo: boolean): Promise<void> {
  const { accounts, resets } = newsroomAccounts(store.db);
  const owner = await createFirstOwner(accounts);
  if (owner) console.log(await firstOwnerMessage(owner, resets, config.siteUrl, Boolean(process.stdout.isTTY)));
  if (!withDemo) return;
  const demo = await createDemoAccounts(accounts);
  if (demo.length > 0) {
    console.log(
      `Demo newsroom accounts (passwords in the README): ${demo.map((a) => `${a.email} (${a.role})`).join(', ')}`,
    );
  }
}

/**
 * What `serve` says of the owner it just made. On a terminal, a one-time link to choose the
 * password (24 hours), shown only there; elsewhere (logs, a service manager) no secret at all,
 * but the command that prints such a link for whoever can run commands on the server.
 */
export async function firstOwnerMessage(
  owner: User,
  resets: PasswordResets,
  siteUrl: string,
  onTerminal: boolean,
): Promise<string> {
  if (!onTerminal) {
    return (
      `Newsroom owner created: ${owner.email}. Its password is not shown in logs: to choose it, run\n` +
      `  npx ghad user reset-link --email ${owner.email}\n` +
      `  on this server; it prints a one-time link, valid ${DEFAULT_RESET_HOURS} hours.`
    );
  }
  const { token, expiresAt } = await resets.issue(owner.id, null, DEFAULT_RESET_HOURS);
  return (
    `Newsroom owner created: ${owner.email}. Choose its password at this one-time link (shown only now,\n` +
    `  valid until ${expiresAt.toISOString()}): ${siteUrl}/newsroom/reset/${token}\n` +
    `  Later: npx ghad user reset-link --email ${owner.email}`
  );
}

/** What a server process sends the supervisor after a newsroom write: run the job loop now. */
const WAKE_JOBS = 'ghad:wake-jobs';

/**
 * What the supervisor sends every server process after the job loop recorded purges: apply
 * them now rather than at the next read of cache_invalidations (every 500 ms).
 */
const PURGES_RECORDED = 'ghad:purges-recorded';

/** After SIGTERM, connections still open this long are cut (the process is gone within 10 s). */
const SHUTDOWN_CUT_MS = 8000;

/** One server in this process, until SIGINT or SIGTERM. */
async function runServer(config: Config): Promise<number> {
  const store = await openStore(config);
  const metrics = new GhadMetrics({ processMetrics: true });
  const app = await buildApp({ config, store, logger: true, metrics });
  metrics.countServerProcess();
  // With several processes the supervisor serves /metrics, asking each worker for its own.
  if (cluster.isWorker) answerMetricsRequests(metrics.registry);
  // Every purge also goes to the HTTP caches in front (GHAD_PURGE_URLS), from the primary process.
  const purger =
    cluster.isPrimary && config.purgeUrls.length > 0
      ? new CacheNodePurger({
          store,
          nodes: config.purgeUrls,
          onError: (error, node) => app.log.error({ err: error, node }, 'cache purge failed'),
        })
      : undefined;
  if (config.purgeUrls.length > 0) catchUpWithPurgesBeforeAnswering(app);
  const jobs = cluster.isPrimary
    ? new JobLoop({
        store,
        timeZone: config.timeZone,
        siteUrl: config.siteUrl,
        // Through cache_invalidations, where the loop recorded them: each purge applied once.
        onPurge: () => {
          void app.applyRecordedPurges();
          purger?.wake();
        },
        onDone: (messages, at) => metrics.recordJobsDone(messages, at),
        onError: (error, message) => app.log.error({ err: error, outbox: message?.id }, 'job failed'),
      })
    : undefined;
  if (jobs) metrics.watchOutbox(store.outbox);
  if (purger) metrics.watchPurges(() => purger.stats());
  const webhooks = cluster.isPrimary
    ? new WebhookSender({ store, onError: (error) => app.log.error({ err: error }, 'webhook sender failed') })
    : undefined;
  // A newsroom or admin API write may have queued a publish or a purge: do it now, not at the
  // next poll. With several server processes the loop runs in the supervisor, told over IPC.
  const wakeJobs = cluster.isWorker
    ? () => process.send?.(WAKE_JOBS)
    : () => {
        jobs?.wake();
        purger?.wake();
      };
  if (cluster.isWorker) {
    process.on('message', (message: unknown) => {
      if (message === PURGES_RECORDED) void app.applyRecordedPurges();
    });
  }
  app.addHook('onResponse', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (request.url.startsWith('/newsroom') || request.url.startsWith('/api/v1/admin')) wakeJobs();
  });
  let metricsServer: MetricsServer | undefined;
  let closing = false;
  // SIGTERM (a deploy, a scale-down): no new connections, the requests in flight answered, then
  // the loops stopped after the message in hand; within 10 s, cutting what is still open at 8.
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_CUT_MS);
    deadline.unref();
    await app.close();
    clearTimeout(deadline);
    await jobs?.stop();
    await webhooks?.stop();
    await purger?.stop();
    await metricsServer?.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  try {
    if (cluster.isPrimary)
      metricsServer = await openConfiguredMetricsServer(
        config,
        () => metrics.exposition(),
        (error) => app.log.error({ err: error }, 'metrics failed'),
      );
  } catch (error) {
    if (!(error instanceof MetricsServerError)) throw error;
    console.error(error.message);
    await app.close();
    await store.close();
    return 1;
  }
  // Before the site listens: what fell due while the server was down (a restart, a deploy) is
  // published while the site starts, not after it.
  jobs?.start();
  webhooks?.start();
  purger?.start();
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is already in use: stop the other server or start with PORT=3001.`);
      return 1;
    }
    throw error;
  }
  if (cluster.isPrimary) announce(config, (app.server.address() as { port: number }).port, store.location);
  return new Promise<number>(() => {});
}

function announce(config: Config, port: number, location: string, workers = 1): void {
  console.log(startupLine(config, port, location, workers));
}

/**
 * The line `serve` prints once it is open: the public address (GHAD_SITE_URL) where one is
 * configured, and where it listens on this machine when that is another address.
 */
export function startupLine(
  config: Pick<Config, 'siteName' | 'siteUrl' | 'port'>,
  port: number,
  location: string,
  workers = 1,
): string {
  const processes = workers > 1 ? `, ${workers} server processes` : '';
  const local = `http://localhost:${port}`;
  // Without GHAD_SITE_URL the site's URL is http://localhost:$PORT (PORT=0: a port chosen at start).
  const configured = config.siteUrl !== `http://localhost:${config.port}` && config.siteUrl !== local;
  return configured
    ? `${config.siteName} is open at ${config.siteUrl} (listening at ${local}; ${location}${processes})`
    : `${config.siteName} is open at ${local} (${location}${processes})`;
}

/** Forks the workers, replaces those that die once serving, and stops all on a signal. */
async function superviseWorkers(config: Config): Promise<number> {
  const store = await openStore(config);
  // Its own metrics (the job loop, the outbox) summed with every worker's on one /metrics.
  const metrics = new GhadMetrics({ processMetrics: true });
  metrics.watchOutbox(store.outbox);
  metrics.watchConnectionPool(store.connectionPool);
  let metricsServer: MetricsServer | undefined;
  try {
    metricsServer = await openConfiguredMetricsServer(
      config,
      () => clusterMetrics(metrics.registry),
      (error) => console.error(`Metrics failed: ${(error as Error).message}`),
    );
  } catch (error) {
    await store.close();
    if (!(error instanceof MetricsServerError)) throw error;
    console.error(error.message);
    return 1;
  }
  const purger =
    config.purgeUrls.length > 0
      ? new CacheNodePurger({
          store,
          nodes: config.purgeUrls,
          onError: (error) => console.error(`Cache purge failed: ${error.message}`),
        })
      : undefined;
  const jobs = new JobLoop({
    store,
    timeZone: config.timeZone,
    siteUrl: config.siteUrl,
    onPurge: () => {
      for (const worker of Object.values(cluster.workers ?? {}))
        if (worker?.isConnected()) worker.send(PURGES_RECORDED);
      purger?.wake();
    },
    onDone: (messages, at) => metrics.recordJobsDone(messages, at),
    onError: (error, message) => console.error(`Job ${message?.id ?? ''} failed: ${(error as Error).message}`),
  });
  jobs.start();
  const webhooks = new WebhookSender({
    store,
    onError: (error) => console.error(`Webhook sender failed: ${(error as Error).message}`),
  });
  webhooks.start();
  if (purger) metrics.watchPurges(() => purger.stats());
  purger?.start();
  const servers = new ServerProcesses();
  return new Promise((resolve) => {
    let listening = 0;
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      const stopped = Promise.all([jobs.stop(), webhooks.stop(), purger?.stop(), metricsServer?.close()]).then(() =>
        store.close(),
      );
      // Done when every server process has exited (not when cluster.workers empties: see ServerProcesses).
      void Promise.all([servers.stopAll('SIGTERM'), stopped]).then(
        () => resolve(code),
        (error: unknown) => {
          console.error(`Stopping failed: ${(error as Error).message}`);
          resolve(1);
        },
      );
    };
    cluster.on('listening', (_worker, address) => {
      listening++;
      if (listening === config.workers)
        announce(config, address.port, config.databaseUrl ? 'postgres' : config.dataDir, config.workers);
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      if (listening < config.workers) {
        console.error(`A server process exited (${signal ?? code}) before it was serving: stopping.`);
        stop(1);
        return;
      }
      console.error(`Server process ${worker.process.pid} exited (${signal ?? code}): starting another.`);
      listening--;
      servers.fork();
    });
    cluster.on('message', (_worker, message: unknown) => {
      if (message === WAKE_JOBS) {
        jobs.wake();
        purger?.wake();
      }
    });
    process.on('SIGINT', () => stop(0));
    process.on('SIGTERM', () => stop(0));
    for (let i = 0; i < config.workers; i++) servers.fork();
  });
}
