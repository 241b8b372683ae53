import type { LookupAddress } from 'node:dns';
import { BlockList, isIP, isIPv6, type LookupFunction } from 'node:net';

/**
 * Where webhooks may go. A webhook is a request the server makes to an address someone typed:
 * unguarded, it reaches what only the server can reach — this machine (127.0.0.1), the office
 * network (10.x, 192.168.x), a cloud's metadata service (169.254.169.254, which hands out the
 * server's credentials). A target is refused when it is added if its host is such an address,
 * in any spelling (2130706433, 0x7f.1 and ::ffff:127.0.0.1 all reach 127.0.0.1: the URL parser
 * writes them canonically first), or a name that always means one (localhost,
 * metadata.google.internal); and again at each delivery, when its name is resolved and any of
 * its addresses is one. The delivery then connects only to the addresses checked, never
 * resolving again, so a name cannot change its answer between the check and the connection.
 * An administrator lists the exceptions in GHAD_WEBHOOK_ALLOW_HOSTS.
 */
export type AddressKind =
  | 'metadata'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'reserved';

/**
 * The refused ranges, first match wins (a metadata address is also link-local; ::1 also lies in
 * ::/96). Every IPv4 range is refused inside IPv6 too, in the forms that carry an IPv4 address
 * (IPV4_INSIDE_IPV6).
 */
const REFUSED_RANGES: readonly { kind: AddressKind; ipv4: readonly string[]; ipv6: readonly string[] }[] = [
  // AWS, GCP, Azure, OpenStack and Oracle (169.254.169.254), AWS ECS tasks, Alibaba, Oracle's older one, AWS over IPv6.
  {
    kind: 'metadata',
    ipv4: ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', '192.0.0.192/32'],
    ipv6: ['fd00:ec2::254/128'],
  },
  { kind: 'loopback', ipv4: ['127.0.0.0/8'], ipv6: ['::1/128'] },
  { kind: 'unspecified', ipv4: ['0.0.0.0/8'], ipv6: ['::/128'] },
  // fec0::/10: the site-local addresses IPv6 deprecated; 64:ff9b:1::/48: NAT64 inside one network.
  {
    kind: 'private',
    ipv4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    ipv6: ['fc00::/7', 'fec0::/10', '64:ff9b:1::/48'],
  },
  { kind: 'shared', ipv4: ['100.64.0.0/10'], ipv6: [] },
  { kind: 'link-local', ipv4: ['169.254.0.0/16'], ipv6: ['fe80::/10'] },
  { kind: 'multicast', ipv4: ['224.0.0.0/4'], ipv6: ['ff00::/8'] },
  // 240/4 ends with the broadcast 255.255.255.255; 192.0.0.0/24 holds protocol assignments.
  { kind: 'reserved', ipv4: ['240.0.0.0/4', '192.0.0.0/24'], ipv6: [] },
];

/** IPv6 addresses that carry an IPv4 one: mapped, compatible, NAT64 (RFC 6052) and 6to4 (RFC 3056). */
const IPV4_INSIDE_IPV6: readonly { embed: (octets: number[]) => string; bits: number }[] = [
  { embed: (o) => `::ffff:${o.join('.')}`, bits: 96 },
  { embed: (o) => `::${o.join('.')}`, bits: 96 },
  { embed: (o) => `64:ff9b::${o.join('.')}`, bits: 96 },
  { embed: ([a = 0, b = 0, c = 0, d = 0]) => `2002:${hex16(a, b)}:${hex16(c, d)}::`, bits: 16 },
];

/** Names that always lead inside, whatever DNS says (with every subdomain of localhost, RFC 6761). */
const REFUSED_NAMES: ReadonlyMap<string, AddressKind> = new Map([
  ['localhost', 'loopback'],
  ['metadata.google.internal', 'metadata'],
  ['metadata.goog', 'metadata'],
  ['metadata', 'metadata'],
  ['instance-data', 'metadata'],
  ['instance-data.ec2.internal', 'metadata'],
]);

const KIND_NAMES: Record<AddressKind, { en: string; ar: string }> = {
  metadata: {
    en: "a cloud metadata service (it hands out the server's credentials)",
    ar: 'عنوان خدمة البيانات الوصفية للسحابة، وهي تكشف مفاتيح الخادم',
  },
  loopback: { en: 'this server itself (loopback)', ar: 'عنوان هذا الخادم نفسه' },
  unspecified: { en: 'an unspecified address', ar: 'عنوان غير محدد' },
  private: { en: 'a private network address', ar: 'عنوان في شبكة خاصة' },
  shared: { en: "a carrier's shared address (100.64.0.0/10)", ar: 'عنوان في الشبكة المشتركة لمزود الاتصال' },
  'link-local': { en: 'a link-local address', ar: 'عنوان محلي للرابط (link-local)' },
  multicast: { en: 'a multicast address', ar: 'عنوان بث جماعي (multicast)' },
  reserved: { en: 'a reserved or broadcast address', ar: 'عنوان محجوز أو عنوان بث' },
};

const BLOCK_LISTS: readonly { kind: AddressKind; list: BlockList }[] = REFUSED_RANGES.map(({ kind, ipv4, ipv6 }) => {
  const list = new BlockList();
  for (const range of ipv6) addRange(list, range, 'ipv6');
  for (const range of ipv4) {
    addRange(list, range, 'ipv4');
    const [network = '', bits = ''] = range.split('/');
    const octets = network.split('.').map(Number);
    for (const { embed, bits: offset } of IPV4_INSIDE_IPV6) {
      list.addSubnet(embed(octets), offset + Number(bits), 'ipv6');
    }
  }
  return { kind, list };
});

/** A host an administrator allows webhooks to reach though it is inside; any port when `port` is undefined. */
export interface AllowedHost {
  host: string;
  port: number | undefined;
}

/** Resolves a name to every address it has (dns.lookup by default; tests answer for themselves). */
export type WebhookLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

/** Why a target is refused: for the log (`message`) and for the newsroom (`messageAr`). */
export interface TargetRefusal {
  refused: true;
  host: string;
  /** The address that was refused, when the host is a name. */
  address: string | undefined;
  kind: AddressKind;
  message: string;
  messageAr: string;
}

/** A target whose every address was checked; connect with `lookup`, which answers only those. */
export interface CheckedTarget {
  refused: false;
  addresses: readonly LookupAddress[];
  lookup: LookupFunction;
}

/**
 * One GHAD_WEBHOOK_ALLOW_HOSTS entry — `host`, `host:port`, `[ipv6]`, `[ipv6]:port` or a bare
 * IPv6 address — written as the URL parser writes hosts; undefined when it is none of those.
 */
export function parseAllowedHost(text: string): AllowedHost | undefined {
  const match = isIPv6(text)
    ? [text, text, undefined]
    : (/^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(text) ?? /^([^:[\]/\\@?#%*\s]+)(?::(\d{1,5}))?$/.exec(text));
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${isIPv6(match[1]) ? `[${match[1]}]` : match[1]}/`);
  } catch {
    return undefined;
  }
  const host = plainHost(url);
  return host === '' ? undefined : { host, port };
}

/** What kind of inside address `address` is; undefined for an address on the Internet. */
export function refusedAddressKind(address: string): AddressKind | undefined {
  const plain = address.replace(/%.*$/, ''); // fe80::1%eth0: the zone says nothing of the address
  const family = isIP(plain);
  if (family === 0) return undefined;
  return BLOCK_LISTS.find(({ list }) => list.check(plain, family === 4 ? 'ipv4' : 'ipv6'))?.kind;
}

/** Decides whether webhooks may go to a URL, when it is added and at each delivery. */
export class WebhookTargets {
  readonly #allowHosts: readonly AllowedHost[];
  readonly #lookup: WebhookLookup;

  constructor({ allowHosts = [], lookup }: { allowHosts?: readonly AllowedHost[]; lookup?: WebhookLookup } = {}) {
    this.#allowHosts = allowHosts;
    this.#lookup = lookup ?? systemLookup;
  }

  /**
   * Why `url` may not be subscribed to, from the URL alone; undefined when it may. A name is not
   * resolved here: its addresses may change after it is added, and each delivery checks them.
   */
  refusalOf(url: URL): TargetRefusal | undefined {
    const host = plainHost(url);
    if (this.#allows(host, portOf(url))) return undefined;
    const kind = isIP(host) ? refusedAddressKind(host) : nameKind(host);
    return kind && refusal(host, undefined, kind);
  }

  /**
   * Resolves `url`'s host once and checks every address it has (one inside address refuses
   * them all: which one a connection would take is not ours to know). Throws what DNS throws.
   */
  async check(url: URL): Promise<TargetRefusal | CheckedTarget> {
    const host = plainHost(url);
    const port = portOf(url);
    const refused = this.refusalOf(url);
    if (refused) return refused;
    const family = isIP(host);
    const addresses = family !== 0 ? [{ address: host, family }] : await this.#lookup(host);
    if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
    if (!this.#allows(host, port)) {
      for (const { address } of addresses) {
        const kind = refusedAddressKind(address);
        if (kind && !this.#allows(canonicalAddress(address), port)) return refusal(host, address, kind);
      }
    }
    return { refused: false, addresses, lookup: pinnedLookup(addresses) };
  }

  #allows(host: string, port: number): boolean {
    return this.#allowHosts.some((allowed) => allowed.host === host && (allowed.port ?? port) === port);
  }
}

function refusal(host: string, address: string | undefined, kind: AddressKind): TargetRefusal {
  const { en, ar } = KIND_NAMES[kind];
  const allow = 'An administrator can allow the host in GHAD_WEBHOOK_ALLOW_HOSTS.';
  const allowAr = 'يستطيع مدير الخادم السماح به في GHAD_WEBHOOK_ALLOW_HOSTS.';
  return address === undefined
    ? {
        refused: true,
        host,
        address,
        kind,
        message: `Webhooks may not go to ${host}: it is ${en}. ${allow}`,
        messageAr: `لا تُرسل إشعارات الويب إلى ${host}، فهو ${ar}. ${allowAr}`,
      }
    : {
        refused: true,
        host,
        address,
        kind,
        message: `Webhooks may not go to ${host}: it resolves to ${address}, ${en}. ${allow}`,
        messageAr: `لا تُرسل إشعارات الويب إلى ${host}، فهو يشير إلى ${address}، وهو ${ar}. ${allowAr}`,
      };
}

/**
 * A `lookup` for http.request that answers the checked addresses and nothing else: the
 * connection goes where the check looked (Node asks for all of them when it races IPv4 and IPv6).
 */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : [...addresses];
    const [first] = wanted;
    if (!first) {
      callback(Object.assign(new Error(`No checked IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, wanted);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

/** The system's resolver (getaddrinfo, as http.request would use), loaded on the first delivery: config.ts imports this file at start. */
async function systemLookup(hostname: string): Promise<LookupAddress[]> {
  const dns = await import('node:dns/promises');
  return dns.lookup(hostname, { all: true });
}

function nameKind(host: string): AddressKind | undefined {
  return REFUSED_NAMES.get(host) ?? (host.endsWith('.localhost') ? 'loopback' : undefined);
}

/** A URL's host as the lists hold it: lowercase (the parser saw to it), IPv6 without brackets, no final dot. */
function plainHost(url: URL): string {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return host.replace(/\.+$/, '');
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** An address as the URL parser writes it (::FFFF:7F00:1 and 0:0::1 compared as written in a URL). */
function canonicalAddress(address: string): string {
  if (!isIPv6(address)) return address;
  try {
    return plainHost(new URL(`http://[${address}]/`));
  } catch {
    return address;
  }
}

function addRange(list: BlockList, range: string, type: 'ipv4' | 'ipv6'): void {
  const [network = '', bits = ''] = range.split('/');
  list.addSubnet(network, Number(bits), type);
}

function hex16(high: number, low: number): string {
  return ((high << 8) | low).toString(16);
}
