import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Debian's varnishd (`apt-get install varnish varnish-modules`). */
export const VARNISHD = '/usr/sbin/varnishd';

/** The VCL Ghad ships. */
export const GHAD_VCL = path.join(import.meta.dirname, '../../deploy/varnish/ghad.vcl');

/** Why tests and benchmarks that need a real Varnish cannot run here, or undefined when they can. */
export function varnishMissing(): string | undefined {
  if (!fs.existsSync(VARNISHD)) {
    return `${VARNISHD} is not installed (apt-get install -y varnish varnish-modules): the real-Varnish checks are skipped`;
  }
  return undefined;
}

/**
 * deploy/varnish/ghad.vcl with its app hosts (the part between `# BEGIN app hosts` and
 * `# END app hosts`) replaced by `backends`, probed every `probeInterval`.
 */
export function ghadVclFor(backends: readonly { host: string; port: number }[], probeInterval = '2s'): string {
  const vcl = fs.readFileSync(GHAD_VCL, 'utf8');
  const begin = vcl.indexOf('# BEGIN app hosts');
  const end = vcl.indexOf('# END app hosts');
  if (begin < 0 || end < begin) throw new Error(`${GHAD_VCL} has no "# BEGIN app hosts" … "# END app hosts" part.`);
  const section = vcl.slice(begin, end);
  const probe = /probe ghad_alive \{[\s\S]*?\n\}/.exec(section)?.[0];
  if (!probe) throw new Error(`${GHAD_VCL} has no probe ghad_alive among its app hosts.`);
  const hosts = backends
    .map(
      ({ host, port }, i) =>
        `backend ghad_${i + 1} {\n  .host = "${host}";\n  .port = "${port}";\n  .probe = ghad_alive;\n  .connect_timeout = 1s;\n  .first_byte_timeout = 30s;\n}\n`,
    )
    .join('\n');
  const director = `sub vcl_init {\n  new ghad = directors.round_robin();\n${backends
    .map((_, i) => `  ghad.add_backend(ghad_${i + 1});\n`)
    .join('')}}\n`;
  const replaced = `# BEGIN app hosts\n${probe.replace(/\.interval = [^;]+;/, `.interval = ${probeInterval};`)}\n\n${hosts}\n${director}`;
  return vcl.slice(0, begin) + replaced + vcl.slice(end);
}

export interface VarnishProcess {
  /** http://127.0.0.1:PORT, where readers and purges go. */
  origin: string;
  /** The purge URL to give Ghad (GHAD_PURGE_URLS). */
  purgeUrl: string;
  /** What `varnishadm backend.list` says. */
  backendList(): Promise<string>;
  /** The last 64 KB varnishd wrote. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts varnishd in the foreground with Ghad's VCL in front of `backends`, on a free port of 127.0.0.1. */
export async function startVarnish(options: {
  backends: readonly { host: string; port: number }[];
  probeInterval?: string;
}): Promise<VarnishProcess> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-varnish-'));
  const vclFile = path.join(workDir, 'ghad.vcl');
  fs.writeFileSync(vclFile, ghadVclFor(options.backends, options.probeInterval));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(
    VARNISHD,
    // -j none: no privilege separation, so that it runs as whoever runs the tests (root or not).
    ['-F', '-j', 'none', '-a', `127.0.0.1:${port}`, '-f', vclFile, '-n', path.join(workDir, 'n'), '-s', 'malloc,64m'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  // Ready once it answers a purge of a tag nothing has (it reaches no backend).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`varnishd exited at start:\n${tail}`);
    }
    try {
      const response = await fetch(`${origin}/`, { method: 'PURGE', headers: { 'xkey-purge': 'ghad-start-check' } });
      await response.body?.cancel();
      if (response.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`varnishd did not answer on ${origin} within 60 s:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    purgeUrl: `${origin}/`,
    output: () => tail,
    async backendList() {
      const { stdout } = await promisify(execFile)('varnishadm', ['-n', path.join(workDir, 'n'), 'backend.list']);
      return stdout;
    },
    stop,
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
