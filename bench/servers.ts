import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { httpGet } from './http-get.ts';

/** The repository root: servers start here, as `npm start` would. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A server running in a child process of the benchmark. */
export interface ServerProcess {
  name: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  pid: number;
  /** The last 64 KB the process wrote to stdout and stderr. */
  output(): string;
  /**
   * CPU seconds (user + system) the process has used so far, from /proc; NaN where there is
   * no /proc. Unlike requests/s, CPU per request hardly moves when other work shares the machine.
   */
  cpuSeconds(): number;
  /** Lines the process logged at level error or fatal (pino's 50 and 60) so far. */
  errorLines(): number;
  /** Throws when the process has exited (a crash under load voids the measurement). */
  assertRunning(): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (a crash, a power cut); resolves once the process is gone. */
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();
let handlersInstalled = false;

/**
 * Kills every server child when the benchmark ends: normally, on an error, on Ctrl-C
 * (SIGINT), SIGTERM or SIGHUP. Installed once, before the first child starts.
 */
function killChildrenOnExit(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping the servers.`);
      killAllNow();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Synchronous, so that it also works from the `exit` event. */
export function killAllNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Linux's USER_HZ: the unit of utime and stime in /proc/PID/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds of a process and its children (the cluster workers of GHAD_WORKERS). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    return own + childPids(pid).reduce((sum, child) => sum + processCpuSeconds(child), 0);
  } catch {
    return Number.NaN;
  }
}

/** The processes `pid` started (the cluster workers of GHAD_WORKERS), from /proc; [] where there is none. */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Resident memory of a process in bytes (VmRSS in /proc/PID/status); NaN where unknown. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface SpawnOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** A path that answers once the server is ready (any status counts as an answer). */
  readyPath: string;
  ipc?: boolean;
}

async function spawnServer({ name, args, env, port, readyPath, ipc = false }: SpawnOptions): Promise<ServerProcess> {
  killChildrenOnExit();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let tail = '';
  let partialLine = '';
  let errorLines = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-64 * 1024);
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) if (/"level":(50|60)\b/.test(line)) errorLines++;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => children.delete(child));
  if (child.pid === undefined) {
    await new Promise((resolve) => child.once('error', resolve));
    throw new Error(`${name}: could not start ${process.execPath}.`);
  }

  const origin = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    name,
    origin,
    pid: child.pid,
    output: () => tail,
    cpuSeconds: () => processCpuSeconds(child.pid!),
    errorLines: () => errorLines,
    assertRunning() {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${name} (pid ${child.pid}) exited (${child.exitCode ?? child.signalCode}). Its last output:\n${tail}`,
        );
      }
    },
    async stop(graceMs = 5000) {
      if (stopping) return exited;
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    server.assertRunning();
    try {
      await httpGet(`${origin}${readyPath}`, {}, 2000);
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`${name} did not answer on ${origin} within 60 s. Its last output:\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * `ghad serve` on SQLite in `dataDir` (or on PostgreSQL at `databaseUrl`), on 127.0.0.1, with
 * the page cache on or off. `nodeArgs` go to node itself (e.g. `--cpu-prof`); `env` is added
 * to the server's environment (e.g. GHAD_TRUST_PROXY).
 */
export async function startGhad(options: {
  name: string;
  dataDir: string;
  pageCache: boolean;
  /** GHAD_WORKERS: server processes sharing the port (1). */
  workers?: number;
  /** DATABASE_URL: PostgreSQL instead of SQLite in `dataDir`. */
  databaseUrl?: string;
  /** The port to listen on (a free one by default): a restarted server keeps its address. */
  port?: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /**
   * The compiled server to run (bin/ghad.js, which builds dist/ first when stale): a build of
   * other sources (`npm run build -- --out DIR`, then DIR/ghad.js) measures them in the same way.
   */
  server?: string;
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    GHAD_DATA_DIR: options.dataDir,
    GHAD_PAGE_CACHE: options.pageCache ? 'on' : 'off',
    GHAD_WORKERS: String(options.workers ?? 1),
    // Fixed, so that page sizes do not depend on the port drawn.
    GHAD_SITE_URL: 'https://alghad24.ma',
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  return spawnServer({
    name: options.name,
    // The compiled server, as `npm start` and production run it (built first if stale).
    args: [...(options.nodeArgs ?? []), options.server ?? 'bin/ghad.js', 'serve'],
    env,
    port,
    readyPath: '/',
  });
}

/** The bare `node:http` server (bench/baseline-server.ts) sending `body` for every request. */
export async function startBaseline(options: {
  bodyFile: string;
  contentType: string;
  contentEncoding?: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer({
    name: 'node:http baseline',
    args: ['--import', 'tsx', 'bench/baseline-server.ts'],
    env: {
      ...process.env,
      BASELINE_PORT: String(port),
      BASELINE_BODY_FILE: options.bodyFile,
      BASELINE_CONTENT_TYPE: options.contentType,
      BASELINE_CONTENT_ENCODING: options.contentEncoding ?? '',
    },
    port,
    readyPath: '/',
    ipc: true,
  });
}
