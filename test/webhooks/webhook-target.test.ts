/**
 * Where webhooks may go (src/webhooks/webhook-target.ts): a target inside — this machine, a
 * private network, link-local, multicast, reserved, a cloud's metadata — is refused in every
 * spelling of its address; a public one is allowed; an administrator's list lets chosen hosts
 * through; at delivery every address a name resolves to is checked, and the connection is
 * given only those. DNS is answered by the tests.
 */
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import {
  type AddressKind,
  type AllowedHost,
  type CheckedTarget,
  parseAllowedHost,
  type TargetRefusal,
  WebhookTargets,
} from '../../src/webhooks/webhook-target.ts';

const ARABIC = /[\u0600-\u06ff]/;

/** Each refused class, and the spellings that reach it: the URL parser's forms are what count. */
const REFUSED: readonly [url: string, kind: AddressKind, host: string][] = [
  ['http://127.0.0.1/hooks', 'loopback', '127.0.0.1'],
  ['http://127.255.255.254:8080/', 'loopback', '127.255.255.254'],
  ['http://[::1]/', 'loopback', '::1'],
  ['http://[0:0:0:0:0:0:0:1]/', 'loopback', '::1'],
  ['http://localhost:3000/', 'loopback', 'localhost'],
  ['http://LOCALHOST./', 'loopback', 'localhost'],
  ['http://api.localhost/', 'loopback', 'api.localhost'],
  ['http://2130706433/', 'loopback', '127.0.0.1'], // decimal
  ['http://0x7f.1/', 'loopback', '127.0.0.1'], // hexadecimal, two parts
  ['http://0x7f000001/', 'loopback', '127.0.0.1'],
  ['http://017700000001/', 'loopback', '127.0.0.1'], // octal
  ['http://0177.0.0.01/', 'loopback', '127.0.0.1'],
  ['http://127.1/', 'loopback', '127.0.0.1'],
  ['http://127.0.0.1./', 'loopback', '127.0.0.1'], // a final dot
  ['http://①②⑦.0.0.1/', 'loopback', '127.0.0.1'], // circled digits, mapped by IDNA
  ['http://%31%32%37.0.0.1/', 'loopback', '127.0.0.1'], // percent-encoded
  ['http://partner.example@127.0.0.1/', 'loopback', '127.0.0.1'], // user info is not the host
  ['http://127.0.0.1\\@partner.example/', 'loopback', '127.0.0.1'], // a backslash ends the host
  ['http://127.0.0.1#@partner.example/', 'loopback', '127.0.0.1'],
  ['http://[::ffff:127.0.0.1]/', 'loopback', '::ffff:7f00:1'], // IPv4-mapped
  ['http://[::127.0.0.1]/', 'loopback', '::7f00:1'], // IPv4-compatible
  ['http://[64:ff9b::127.0.0.1]/', 'loopback', '64:ff9b::7f00:1'], // NAT64
  ['http://[2002:7f00:1::]/', 'loopback', '2002:7f00:1::'], // 6to4
  ['http://0.0.0.0:3000/', 'unspecified', '0.0.0.0'],
  ['http://0/', 'unspecified', '0.0.0.0'],
  ['http://[::]/', 'unspecified', '::'],
  ['http://10.0.0.7/', 'private', '10.0.0.7'],
  ['http://0x0a.1/', 'private', '10.0.0.1'],
  ['http://172.16.0.1/', 'private', '172.16.0.1'],
  ['http://172.31.255.255/', 'private', '172.31.255.255'],
  ['https://192.168.1.10/', 'private', '192.168.1.10'],
  ['http://[fd12:3456::1]/', 'private', 'fd12:3456::1'],
  ['http://[FC00::1]/', 'private', 'fc00::1'],
  ['http://[::ffff:10.0.0.1]/', 'private', '::ffff:a00:1'],
  ['http://[2002:c0a8:10a::1]/', 'private', '2002:c0a8:10a::1'], // 6to4 of 192.168.1.10
  ['http://100.64.0.1/', 'shared', '100.64.0.1'],
  ['http://100.127.255.254/', 'shared', '100.127.255.254'],
  ['http://169.254.1.1/', 'link-local', '169.254.1.1'],
  ['http://[fe80::1]/', 'link-local', 'fe80::1'],
  ['http://224.0.0.1/', 'multicast', '224.0.0.1'],
  ['http://239.255.255.250:1900/', 'multicast', '239.255.255.250'],
  ['http://[ff02::1]/', 'multicast', 'ff02::1'],
  ['http://240.0.0.1/', 'reserved', '240.0.0.1'],
  ['http://255.255.255.255/', 'reserved', '255.255.255.255'],
  ['http://169.254.169.254/latest/meta-data/', 'metadata', '169.254.169.254'],
  ['http://2852039166/', 'metadata', '169.254.169.254'],
  ['http://0xa9fea9fe/', 'metadata', '169.254.169.254'],
  ['http://[::ffff:169.254.169.254]/', 'metadata', '::ffff:a9fe:a9fe'],
  ['http://[fd00:ec2::254]/', 'metadata', 'fd00:ec2::254'],
  ['http://100.100.100.200/', 'metadata', '100.100.100.200'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'metadata', 'metadata.google.internal'],
  ['http://METADATA.google.internal./', 'metadata', 'metadata.google.internal'],
];

/** Public addresses and names: a name is checked when it is resolved, at each delivery. */
const ALLOWED: readonly string[] = [
  'https://partner.example/ghad',
  'http://93.184.215.14/hooks',
  'https://[2606:4700:4700::1111]/',
  'http://172.32.0.1/', // just past 172.16.0.0/12
  'http://100.128.0.1/', // just past 100.64.0.0/10
  'http://[::ffff:8.8.8.8]/',
  'http://[64:ff9b::8.8.8.8]/',
  'https://localhost.partner.example/', // a name that only begins with localhost
];

function isChecked(result: TargetRefusal | CheckedTarget): result is CheckedTarget {
  return !result.refused;
}

/** DNS that answers from a table, and remembers what it was asked. */
function tableDns(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup = async (name: string): Promise<LookupAddress[]> => {
    asked.push(name);
    const addresses = table[name];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { asked, lookup };
}

describe('webhook targets when added', () => {
  const targets = new WebhookTargets();

  for (const [url, kind, host] of REFUSED) {
    it(`refuses ${url} (${kind})`, () => {
      const refusal = targets.refusalOf(new URL(url));
      assert.equal(refusal?.kind, kind);
      assert.equal(refusal?.host, host);
      assert.match(refusal?.message ?? '', new RegExp(`^Webhooks may not go to ${host.replace(/\./g, '\\.')}: it is `));
      assert.match(refusal?.messageAr ?? '', ARABIC);
      assert.match(refusal?.messageAr ?? '', /GHAD_WEBHOOK_ALLOW_HOSTS/);
    });
  }

  it('allows public addresses and names', () => {
    for (const url of ALLOWED) assert.equal(targets.refusalOf(new URL(url)), undefined, url);
  });

  it('says in Arabic what the address is', () => {
    assert.equal(
      targets.refusalOf(new URL('http://10.0.0.7/'))?.messageAr,
      'لا تُرسل إشعارات الويب إلى 10.0.0.7، فهو عنوان في شبكة خاصة. يستطيع مدير الخادم السماح به في GHAD_WEBHOOK_ALLOW_HOSTS.',
    );
  });
});

describe('the allow-list of inside hosts (GHAD_WEBHOOK_ALLOW_HOSTS)', () => {
  const ENTRIES: readonly [text: string, allowed: AllowedHost | undefined][] = [
    ['127.0.0.1', { host: '127.0.0.1', port: undefined }],
    ['10.0.0.7:8080', { host: '10.0.0.7', port: 8080 }],
    ['Hooks.Internal.', { host: 'hooks.internal', port: undefined }],
    ['hooks.internal:443', { host: 'hooks.internal', port: 443 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['[FD00::7]', { host: 'fd00::7', port: undefined }],
    ['fd00::7', { host: 'fd00::7', port: undefined }],
    ['2130706433', { host: '127.0.0.1', port: undefined }], // written as URLs write it
    ['http://10.0.0.7/', undefined],
    ['10.0.0.7/24', undefined],
    ['*.internal', undefined],
    ['user@hooks.internal', undefined],
    ['hooks.internal:0', undefined],
    ['hooks.internal:65536', undefined],
    ['hooks.internal:http', undefined],
    ['[::1', undefined],
    ['', undefined],
  ];
  for (const [text, allowed] of ENTRIES) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseAllowedHost(text), allowed));
  }

  it('lets a listed host through, in any spelling, on its port when one is given', () => {
    const targets = new WebhookTargets({
      allowHosts: ['127.0.0.1', '10.0.0.7:8080', '[::1]:8443', 'metadata.google.internal'].map(
        (entry) => parseAllowedHost(entry) as AllowedHost,
      ),
    });
    const verdicts = (urls: string[]) => urls.map((url) => targets.refusalOf(new URL(url))?.kind ?? 'allowed');
    assert.deepEqual(verdicts(['http://127.0.0.1:4567/', 'http://2130706433/', 'https://127.0.0.1/']), [
      'allowed',
      'allowed',
      'allowed',
    ]);
    assert.deepEqual(
      verdicts(['http://127.0.0.2/', 'http://localhost/']),
      ['loopback', 'loopback'],
      'only the host listed',
    );
    assert.deepEqual(verdicts(['http://10.0.0.7:8080/', 'http://10.0.0.7:8081/', 'http://10.0.0.7/']), [
      'allowed',
      'private',
      'private',
    ]);
    assert.deepEqual(verdicts(['https://[::1]:8443/', 'http://[::1]/']), ['allowed', 'loopback']);
    assert.deepEqual(verdicts(['http://metadata.google.internal./']), ['allowed']);
  });

  it('is read at start, and a wrong entry stops it with one line', () => {
    assert.deepEqual(loadConfig({}).webhookAllowHosts, []);
    assert.deepEqual(
      loadConfig({ GHAD_WEBHOOK_ALLOW_HOSTS: ' 10.0.0.7, hooks.internal:8080,[fd00::7]:443,' }).webhookAllowHosts,
      [
        { host: '10.0.0.7', port: undefined },
        { host: 'hooks.internal', port: 8080 },
        { host: 'fd00::7', port: 443 },
      ],
    );
    assert.throws(
      () => loadConfig({ GHAD_WEBHOOK_ALLOW_HOSTS: '10.0.0.7,http://hooks.internal/' }),
      (error: Error) =>
        error instanceof ConfigError &&
        /^GHAD_WEBHOOK_ALLOW_HOSTS must be hosts .*, not "http:\/\/hooks\.internal\/"\.$/.test(error.message),
    );
  });
});

describe('webhook targets at delivery', () => {
  it('resolves a name once, and connects only to the addresses it checked', async () => {
    const dns = tableDns({ 'hooks.partner.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    const target = await new WebhookTargets({ lookup: dns.lookup }).check(new URL('https://Hooks.Partner.test./x'));
    assert.ok(isChecked(target));
    assert.deepEqual(dns.asked, ['hooks.partner.test']);
    const answers = (options: { all?: boolean; family?: number }) =>
      new Promise<unknown>((resolve, reject) =>
        target.lookup('anything.else', options, (error, address, family) =>
          error ? reject(error) : resolve(options.all ? address : [address, family]),
        ),
      );
    assert.deepEqual(await answers({ all: true }), target.addresses);
    assert.deepEqual(await answers({}), ['93.184.215.14', 4]);
    assert.deepEqual(await answers({ family: 6 }), ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 6]);
    assert.deepEqual(dns.asked, ['hooks.partner.test'], 'the connection asks no one else');
  });

  it('refuses a name when any of its addresses is inside', async () => {
    const dns = tableDns({
      'private.partner.test': ['10.0.0.7'],
      'mixed.partner.test': ['93.184.215.14', '::ffff:169.254.169.254'],
      'loop.partner.test': ['::1'],
    });
    const targets = new WebhookTargets({ lookup: dns.lookup });
    const refusals: [string, AddressKind | undefined, string | undefined][] = [];
    for (const host of ['private.partner.test', 'mixed.partner.test', 'loop.partner.test']) {
      const result = await targets.check(new URL(`http://${host}/hooks`));
      refusals.push([host, result.refused ? result.kind : undefined, result.refused ? result.address : undefined]);
    }
    assert.deepEqual(refusals, [
      ['private.partner.test', 'private', '10.0.0.7'],
      ['mixed.partner.test', 'metadata', '::ffff:169.254.169.254'],
      ['loop.partner.test', 'loopback', '::1'],
    ]);
    const refused = await targets.check(new URL('http://private.partner.test/'));
    assert.ok(refused.refused);
    assert.equal(
      refused.message,
      'Webhooks may not go to private.partner.test: it resolves to 10.0.0.7, a private network address. An administrator can allow the host in GHAD_WEBHOOK_ALLOW_HOSTS.',
    );
    assert.match(refused.messageAr, /يشير إلى 10\.0\.0\.7، وهو عنوان في شبكة خاصة/);
  });

  it('refuses an inside address or name without asking DNS, and asks nothing for a public address', async () => {
    const dns = tableDns({});
    const targets = new WebhookTargets({ lookup: dns.lookup });
    assert.equal((await targets.check(new URL('http://0x7f.1/'))).refused, true);
    assert.equal((await targets.check(new URL('http://metadata.google.internal/'))).refused, true);
    const literal = await targets.check(new URL('http://93.184.215.14/'));
    assert.ok(isChecked(literal));
    assert.deepEqual(literal.addresses, [{ address: '93.184.215.14', family: 4 }]);
    assert.deepEqual(dns.asked, []);
  });

  it('lets through a name listed, or one whose inside addresses are all listed', async () => {
    const dns = tableDns({
      'hooks.internal': ['10.0.0.5'],
      'other.internal': ['10.0.0.5'],
      'both.internal': ['10.0.0.5', '10.0.0.6'],
    });
    const targets = new WebhookTargets({
      lookup: dns.lookup,
      allowHosts: ['hooks.internal:8080', '10.0.0.5'].map((entry) => parseAllowedHost(entry) as AllowedHost),
    });
    const kinds = async (url: string) => {
      const result = await targets.check(new URL(url));
      return result.refused ? result.kind : 'allowed';
    };
    assert.equal(await kinds('http://hooks.internal:8080/'), 'allowed');
    assert.equal(await kinds('http://other.internal/'), 'allowed', '10.0.0.5 is listed, whatever its name');
    assert.equal(await kinds('http://both.internal/'), 'private', '10.0.0.6 is not');
  });

  it('passes on what DNS throws: a name that does not resolve is a failure to retry, not a refusal', async () => {
    const targets = new WebhookTargets({ lookup: tableDns({}).lookup });
    await assert.rejects(targets.check(new URL('https://gone.partner.test/')), { code: 'ENOTFOUND' });
  });
});
