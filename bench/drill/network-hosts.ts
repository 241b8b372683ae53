import { spawnSync } from 'node:child_process';

/**
 * The drill's app hosts: one network namespace each, joined to the root namespace by a veth
 * pair on a bridge of its own. Only the names and addresses below are ever created or
 * removed: the bridge holds BRIDGE_ADDRESS, where Varnish and the database gates listen;
 * host n is HOST_ADDRESS_PREFIX + (10 + n).
 */
export const BRIDGE = 'ghaddrill0';
export const BRIDGE_ADDRESS = '10.231.0.1';
const PREFIX_LENGTH = 24;
const HOST_ADDRESS_PREFIX = '10.231.0.';
const NAMESPACE_PREFIX = 'ghad-drill-';
/** The root side of host n's veth pair (inside, it is called eth0). */
const VETH_PREFIX = 'ghaddrillv';
/** Hosts a previous run may have left (the drill makes two). */
const MOST_HOSTS = 9;

export interface NetworkHost {
  /** 1, 2… */
  number: number;
  namespace: string;
  address: string;
}

export function networkHost(number: number): NetworkHost {
  return { number, namespace: `${NAMESPACE_PREFIX}${number}`, address: `${HOST_ADDRESS_PREFIX}${10 + number}` };
}

/** Why the drill cannot make namespaces here, or undefined when it can. */
export function namespacesMissing(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'it must run as root (ip netns, veth pairs, a bridge): run it with sudo';
  const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (ip.status !== 0) return '`ip` (iproute2) is not installed';
  return undefined;
}

/** Makes the bridge and `count` hosts on it, after removing what a previous run left. */
export function setUpNetwork(count: number): NetworkHost[] {
  tearDownNetwork();
  ip('link', 'add', BRIDGE, 'type', 'bridge');
  ip('addr', 'add', `${BRIDGE_ADDRESS}/${PREFIX_LENGTH}`, 'dev', BRIDGE);
  ip('link', 'set', BRIDGE, 'up');
  const hosts: NetworkHost[] = [];
  for (let number = 1; number <= count; number++) {
    const host = networkHost(number);
    const veth = `${VETH_PREFIX}${number}`;
    ip('netns', 'add', host.namespace);
    ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.namespace);
    ip('link', 'set', veth, 'master', BRIDGE);
    ip('link', 'set', veth, 'up');
    ip('-n', host.namespace, 'addr', 'add', `${host.address}/${PREFIX_LENGTH}`, 'dev', 'eth0');
    ip('-n', host.namespace, 'link', 'set', 'eth0', 'up');
    ip('-n', host.namespace, 'link', 'set', 'lo', 'up');
    hosts.push(host);
  }
  return hosts;
}

/**
 * Removes the drill's namespaces (killing what still runs in them), veth pairs and bridge, if
 * there. Synchronous and quiet, for the start of a run and the `exit` event.
 */
export function tearDownNetwork(): void {
  const existing = new Set(
    (spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '')
      .split('\n')
      .map((line) => line.split(' ')[0] ?? ''),
  );
  for (let number = 1; number <= MOST_HOSTS; number++) {
    const { namespace } = networkHost(number);
    if (existing.has(namespace)) {
      const pids = (spawnSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' }).stdout ?? '')
        .split('\n')
        .filter(Boolean)
        .map(Number);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      spawnSync('ip', ['netns', 'del', namespace]);
    }
    // Gone with its namespace, unless the namespace went first.
    spawnSync('ip', ['link', 'del', `${VETH_PREFIX}${number}`], { stdio: 'ignore' });
  }
  spawnSync('ip', ['link', 'del', BRIDGE], { stdio: 'ignore' });
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${(result.stderr || result.error?.message) ?? ''}`);
}
