import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GHAD_VCL, VARNISHD } from '../../test/helpers/varnish.ts';
import { undoOnExit } from './exit-cleanup.ts';

/** The drill's Varnish keeps its files here, and its pid, so that a run can stop what a crashed one left. */
const WORK_DIR = path.join(os.tmpdir(), 'ghad-drill-varnish');
const PID_FILE = path.join(WORK_DIR, 'varnishd.pid');

export interface DrillVarnish {
  /** Where readers and the newsroom's client go (127.0.0.1). */
  origin: string;
  /** GHAD_PURGE_URLS for the app hosts (the bridge address). */
  purgeUrl: string;
  /** Each backend's health as `varnishadm backend.list` says it: ghad_1 → true when healthy. */
  backendHealth(): Promise<Map<string, boolean>>;
  stop(): Promise<void>;
}

/**
 * Varnish with deploy/varnish/ghad.vcl (its app hosts replaced by `backends`, probes as the
 * file sets them), listening on `bridgeAddress:bridgePort` for the hosts' purges and on
 * 127.0.0.1:`localPort` for the drill's clients.
 */
export async function startDrillVarnish(options: {
  backends: readonly { host: string; port: number }[];
  bridgeAddress: string;
  bridgePort: number;
  localPort: number;
}): Promise<DrillVarnish> {
  stopLeftoverVarnish();
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const vclFile = path.join(WORK_DIR, 'ghad.vcl');
  fs.writeFileSync(vclFile, drillVclFor(options.backends));
  const instance = path.join(WORK_DIR, 'n');
  const child: ChildProcess = spawn(
    VARNISHD,
    [
      '-F',
      '-j',
      'none',
      '-a',
      `${options.bridgeAddress}:${options.bridgePort}`,
      '-a',
      `127.0.0.1:${options.localPort}`,
      '-f',
      vclFile,
      '-n',
      instance,
      '-P',
      PID_FILE,
      '-s',
      'malloc,256m',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-16 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  undoOnExit('varnishd', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(WORK_DIR, { recursive: true, force: true });
  });
  const origin = `http://127.0.0.1:${options.localPort}`;
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`varnishd exited at start:\n${tail}`);
    try {
      const response = await fetch(`${origin}/`, { method: 'PURGE', headers: { 'xkey-purge': 'drill-start-check' } });
      await response.body?.cancel();
      if (response.status === 200) break;
    } catch {}
    if (performance.now() > deadline) throw new Error(`varnishd did not answer on ${origin} within 30 s:\n${tail}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    purgeUrl: `http://${options.bridgeAddress}:${options.bridgePort}/`,
    async backendHealth() {
      const { stdout } = await promisify(execFile)('varnishadm', ['-n', instance, 'backend.list']);
      const health = new Map<string, boolean>();
      for (const line of stdout.split('\n')) {
        // boot.ghad_1    probe    3/3    healthy    <last change>
        const match = /\b(ghad_\d+)\s.*\s(healthy|sick)\s/i.exec(line);
        if (match) health.set(match[1]!, match[2]!.toLowerCase() === 'healthy');
      }
      return health;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A varnishd a crashed run left (its pid file is still there). */
function stopLeftoverVarnish(): void {
  try {
    const pid = Number(fs.readFileSync(PID_FILE, 'utf8').trim());
    if (pid > 0 && fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('varnishd'))
      process.kill(pid, 'SIGKILL');
  } catch {}
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

/**
 * deploy/varnish/ghad.vcl with its app hosts (between `# BEGIN app hosts` and `# END app
 * hosts`) replaced by `backends`: each host twice, ghad_<n> probed by the file's ghad_ready
 * and ghad_<n>_alive by its ghad_alive, in the directors the file's own block makes.
 */
export function drillVclFor(backends: readonly { host: string; port: number }[]): string {
  const vcl = fs.readFileSync(GHAD_VCL, 'utf8');
  const begin = vcl.indexOf('# BEGIN app hosts');
  const end = vcl.indexOf('# END app hosts');
  if (begin < 0 || end < begin) throw new Error(`${GHAD_VCL} has no "# BEGIN app hosts" … "# END app hosts" part.`);
  const block = vcl.slice(begin, end);
  const probes = ['ghad_ready', 'ghad_alive'].map((name) => {
    const probe = new RegExp(`probe ${name} \\{[\\s\\S]*?\\n\\}`).exec(block)?.[0];
    if (!probe) throw new Error(`${GHAD_VCL} has no probe ${name} among its app hosts.`);
    return probe;
  });
  const backend = (name: string, host: string, port: number, probe: string) =>
    `backend ${name} {\n  .host = "${host}";\n  .port = "${port}";\n  .probe = ${probe};\n  .connect_timeout = 1s;\n  .first_byte_timeout = 30s;\n  .between_bytes_timeout = 10s;\n}\n`;
  const hosts = backends
    .map(
      ({ host, port }, i) =>
        backend(`ghad_${i + 1}`, host, port, 'ghad_ready') + backend(`ghad_${i + 1}_alive`, host, port, 'ghad_alive'),
    )
    .join('\n');
  const adds = (director: string, suffix: string) =>
    backends.map((_, i) => `  ${director}.add_backend(ghad_${i + 1}${suffix});\n`).join('');
  const init =
    'sub vcl_init {\n' +
    '  new ghad_ready_hosts = directors.round_robin();\n' +
    adds('ghad_ready_hosts', '') +
    '  new ghad_alive_hosts = directors.round_robin();\n' +
    adds('ghad_alive_hosts', '_alive') +
    '  new ghad = directors.fallback();\n' +
    '  ghad.add_backend(ghad_ready_hosts.backend());\n' +
    '  ghad.add_backend(ghad_alive_hosts.backend());\n' +
    '}\n';
  return `${vcl.slice(0, begin)}# BEGIN app hosts (the drill's)\n${probes.join('\n\n')}\n\n${hosts}\n${init}${vcl.slice(end)}`;
}
