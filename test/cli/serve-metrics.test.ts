/**
 * `ghad serve` with GHAD_METRICS_PORT: one /metrics for the whole server. With GHAD_WORKERS=2
 * the supervisor sums both workers' registries with its own (the job loop, the outbox); with
 * one process that process answers. Waits on what the servers say and serve, never on time.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { temporaryDataDir } from '../helpers/databases.ts';
import { families, sample } from '../metrics/exposition.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `ghad serve` on free ports; resolves with the site's origin and the metrics URL once both are open. */
function serve(dataDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      GHAD_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      GHAD_METRICS_PORT: '0',
      GHAD_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<{ origin: string; metrics: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const open = /is open at (http:\/\/localhost:\d+)/.exec(output);
      const metrics = /Metrics for Prometheus at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(output);
      if (open && metrics) resolve({ origin: open[1] as string, metrics: metrics[1] as string });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`ghad serve exited (${code}) before it was open:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Scrapes until `condition` holds of the text (a worker records a request just after answering it). */
async function scrapeUntil(url: string, what: string, condition: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(url);
    assert.equal(response.status, 200);
    const text = await response.text();
    if (condition(text)) return text;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}; last scrape:\n${text}`);
    await sleep(50);
  }
}

const HEALTHZ = { route: '/healthz', method: 'GET', status_code: '200' };

describe('ghad serve’s /metrics', () => {
  let dataDir: string;
  before(() => {
    dataDir = temporaryDataDir();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is one view of every process with GHAD_WORKERS=2: both workers’ requests and the supervisor’s job loop', async () => {
    const server = serve(dataDir, { GHAD_WORKERS: '2' });
    try {
      const { origin, metrics } = await server.ready;
      assert.match(server.output(), /2 server processes/);
      // New connections each, so that the supervisor deals them to both workers.
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => fetch(`${origin}/healthz`, { headers: { connection: 'close' } })),
      );
      assert.ok(answers.every((answer) => answer.status === 200));
      const text = await scrapeUntil(
        metrics,
        'both workers answer and the 20 requests are counted',
        (t) =>
          sample(t, 'ghad_server_processes') === 2 &&
          sample(t, 'ghad_http_request_duration_seconds_count', HEALTHZ) === 20,
      );
      assert.equal(sample(text, 'ghad_server_processes'), 2, 'both workers answered the supervisor');
      assert.equal(sample(text, 'ghad_http_request_duration_seconds_bucket', { ...HEALTHZ, le: '+Inf' }), 20);
      // The supervisor's own: the job loop's outbox, and Node's metrics summed over the three processes.
      assert.equal(typeof sample(text, 'ghad_outbox_pending'), 'number');
      assert.equal(typeof sample(text, 'ghad_outbox_oldest_due_seconds'), 'number');
      for (const name of ['ghad_job_loop_lag_seconds', 'process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes'])
        assert.ok(families(text).has(name), name);
      assert.equal((await fetch(`${origin}/metrics`)).status, 404, 'not on the site');
    } finally {
      assert.equal(await stopped(server.child), 0);
    }
  });

  it('is served by the one process without workers', async () => {
    const server = serve(dataDir, {});
    try {
      const { origin, metrics } = await server.ready;
      assert.equal((await fetch(`${origin}/readyz`)).status, 200);
      const text = await scrapeUntil(
        metrics,
        '/readyz is counted',
        (t) => sample(t, 'ghad_http_request_duration_seconds_count', { ...HEALTHZ, route: '/readyz' }) === 1,
      );
      assert.equal(sample(text, 'ghad_server_processes'), 1);
      assert.equal(typeof sample(text, 'ghad_outbox_pending'), 'number');
    } finally {
      assert.equal(await stopped(server.child), 0);
    }
  });

  it('says in one line when the metrics port is taken, and does not start', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const server = serve(dataDir, { GHAD_METRICS_PORT: String(port) });
      await assert.rejects(
        server.ready,
        new RegExp(
          `exited \\(1\\)[^]*GHAD_METRICS_PORT ${port} is already in use on 127\\.0\\.0\\.1: choose another port\\.`,
        ),
      );
    } finally {
      taken.close();
    }
  });
});
