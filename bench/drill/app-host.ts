import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { REPO_ROOT } from '../servers.ts';
import { undoOnExit } from './exit-cleanup.ts';
import type { NetworkHost } from './network-hosts.ts';

/** Where each host's Ghad listens, inside its namespace. */
export const APP_PORT = 3000;

/** How a host's server ended. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When it exited, from performance.now(). */
  at: number;
}

/**
 * `ghad serve` (the compiled server, bin/ghad.js) on one app host: run in the host's network
 * namespace, listening on its address, on PostgreSQL through its database gate, purging the
 * Varnish in front. Its output goes to `logFile`, appended across restarts.
 */
export class AppHost {
  readonly host: NetworkHost;
  readonly origin: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #logFile: string;
  #child: ChildProcess | undefined;
  #exited: Promise<HostExit> | undefined;
  #starts = 0;

  constructor(options: {
    host: NetworkHost;
    databaseUrl: string;
    purgeUrl: string;
    siteUrl: string;
    dataDir: string;
    logFile: string;
  }) {
    this.host = options.host;
    this.origin = `http://${options.host.address}:${APP_PORT}`;
    this.#logFile = options.logFile;
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('GHAD_') && name !== 'DATABASE_URL'),
    );
    this.#env = {
      ...inherited,
      DATABASE_URL: options.databaseUrl,
      HOST: options.host.address,
      PORT: String(APP_PORT),
      GHAD_DATA_DIR: options.dataDir,
      GHAD_SITE_URL: options.siteUrl,
      GHAD_PURGE_URLS: options.purgeUrl,
      GHAD_TRUST_PROXY: 'on',
      GHAD_PAGE_CACHE: 'on',
      GHAD_WORKERS: '1',
    };
    undoOnExit(`the server of host ${options.host.number}`, () => {
      if (this.isRunning) this.#child?.kill('SIGKILL');
    });
  }

  get name(): string {
    return `host ${this.host.number}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get isRunning(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the server and resolves once it answers /readyz with 200 (within `timeoutMs`). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.isRunning) throw new Error(`${this.name} is already running.`);
    this.#starts++;
    fs.appendFileSync(this.#logFile, `\n--- start ${this.#starts} at ${new Date().toISOString()}\n`);
    const log = fs.openSync(this.#logFile, 'a');
    // `ip netns exec` execs node in the namespace: the pid is node's own.
    const child = spawn('ip', ['netns', 'exec', this.host.namespace, process.execPath, 'bin/ghad.js', 'serve'], {
      cwd: REPO_ROOT,
      env: this.#env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.#child = child;
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
    );
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (!this.isRunning) {
        const exit = await this.#exited;
        throw new Error(`${this.name} exited at start (${exit.signal ?? exit.code}); see ${this.#logFile}`);
      }
      if ((await this.status('/readyz')) === 200) return;
      if (performance.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The status of a GET sent straight to this host (0: no answer). */
  async status(path: string): Promise<number> {
    try {
      const response = await fetch(`${this.origin}${path}`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** SIGKILL, as a crash or a power cut would; resolves once it is gone. */
  async kill(): Promise<HostExit> {
    this.#child?.kill('SIGKILL');
    return this.exited();
  }

  /** Sends SIGTERM; `exited()` says how and when it ended. */
  terminate(): void {
    this.#child?.kill('SIGTERM');
  }

  exited(): Promise<HostExit> {
    if (!this.#exited) throw new Error(`${this.name} was never started.`);
    return this.#exited;
  }
}
