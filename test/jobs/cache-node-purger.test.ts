/**
 * Purges sent to the HTTP caches in front (GHAD_PURGE_URLS), against fake cache nodes on
 * 127.0.0.1: a node gets every recorded purge as a tag purge, batched, until it answers 200;
 * a node answering 500, hanging or down is retried and gets what it missed, and holds up
 * neither the other nodes nor a publish; two purgers on one database lose nothing.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { CacheNodePurger, type CacheNodePurgerOptions, purgeRequests } from '../../src/jobs/cache-node-purger.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';
import { until } from '../helpers/until.ts';

/** Waits for `condition`, checking every 20 ms, failing after a generous `timeoutMs`. */

type Answer = 'ok' | 'error' | 'hang';

/** A cache node: answers PURGE requests as told, and keeps the tags of those it answered 200. */
class FakeCacheNode {
  /** The xkey-purge header of every request answered 200, split into tags. */
  readonly purged: string[][] = [];
  /** Every request received, answered or not. */
  attempts = 0;
  /** How the next requests are answered, then `answer`. */
  readonly next: Answer[] = [];
  answer: Answer = 'ok';
  readonly #hanging: http.ServerResponse[] = [];
  readonly events = new EventEmitter();
  readonly #server: http.Server;
  port = 0;

  constructor() {
    this.#server = http.createServer((request, response) => {
      this.attempts++;
      const answer = this.next.shift() ?? this.answer;
      request.resume();
      if (request.method !== 'PURGE') {
        response.writeHead(405).end();
      } else if (answer === 'hang') {
        this.#hanging.push(response);
        request.once('close', () => this.events.emit('closed'));
      } else if (answer === 'error') {
        response.writeHead(500).end('Internal error\n');
      } else {
        this.purged.push(String(request.headers['xkey-purge'] ?? '').split(' '));
        response.writeHead(200).end(`Purged ${this.purged.length}\n`);
      }
      this.events.emit('request');
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async up(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening: connections are refused until `up()`. */
  async down(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers the requests left hanging, with 200. */
  releaseHanging(): void {
    for (const response of this.#hanging.splice(0)) {
      this.purged.push(['(released)']);
      if (!response.destroyed) response.writeHead(200).end();
    }
  }

  get hangingCount(): number {
    return this.#hanging.filter((r) => !r.destroyed && !r.writableEnded).length;
  }

  /** Every tag answered 200, in order, repeats included. */
  tags(): string[] {
    return this.purged.flat();
  }

  async close(): Promise<void> {
    for (const response of this.#hanging.splice(0)) response.destroy();
    if (this.#server.listening) await this.down();
  }
}

const TIME_ZONE = 'Africa/Casablanca';

function purgerFor(store: Store, nodes: FakeCacheNode[], options: Partial<CacheNodePurgerOptions> = {}) {
  const errors: string[] = [];
  const purger = new CacheNodePurger({
    store,
    nodes: nodes.map((n) => n.url),
    pollMs: 50,
    baseDelayMs: 10,
    maxDelayMs: 100,
    random: () => 0.5,
    onError: (error) => errors.push(error.message),
    ...options,
  });
  return { purger, errors };
}

function statsOf(purger: CacheNodePurger, node: FakeCacheNode) {
  const stats = purger.stats().find((s) => s.node === node.url);
  assert.ok(stats, `stats for ${node.url}`);
  return stats;
}

/** Starts `purger` and waits until every node has dropped everything once (what a new node gets first). */
async function startFresh(purger: CacheNodePurger, nodes: FakeCacheNode[]): Promise<void> {
  purger.start();
  await until('every node has dropped everything', () => nodes.every((n) => n.purged.some((t) => t[0] === '*')));
  await until('nothing is pending', () => purger.stats().every((s) => s.pending === 0));
}

describe('purge requests', () => {
  it('carry the union of the tags, each once, in the order first met', () => {
    const requests = purgeRequests(
      [
        { id: 1, tags: ['home', 'article:7', 'section:2'] },
        { id: 2, tags: ['home', 'article:8'] },
        { id: 3, tags: ['section:2'] },
      ],
      1000,
    );
    assert.deepEqual(requests, [{ tags: ['home', 'article:7', 'section:2', 'article:8'], completes: [1, 2, 3] }]);
  });

  it('split when the header would be too long, a purge done once every request with its tags is', () => {
    const tags = Array.from({ length: 12 }, (_, i) => `article:${1000 + i}`);
    const requests = purgeRequests(
      [
        { id: 1, tags: tags.slice(0, 8) },
        { id: 2, tags: ['home'] },
        { id: 3, tags: [...tags.slice(6), 'home'] },
      ],
      40,
    );
    for (const request of requests) assert.ok(request.tags.join(' ').length <= 40, request.tags.join(' '));
    assert.deepEqual(requests.flatMap((r) => r.tags).sort(), [...tags, 'home'].sort());
    // Three tags a request: the first purge's eight end in the third, where `home` goes too;
    // the last purge's new tags end in the fifth.
    assert.deepEqual(
      requests.map((r) => r.completes),
      [[], [], [1, 2], [], [3]],
    );
  });

  it('are one * when a purge drops everything, or has a tag xkey could not read', () => {
    const all = [{ tags: ['*'], completes: [1, 2] }];
    assert.deepEqual(
      purgeRequests(
        [
          { id: 1, tags: ['home'] },
          { id: 2, tags: ['*'] },
        ],
        1000,
      ),
      all,
    );
    assert.deepEqual(
      purgeRequests(
        [
          { id: 1, tags: ['home'] },
          { id: 2, tags: ['وسم عربي'] },
        ],
        1000,
      ),
      all,
    );
  });
});

describe('GHAD_PURGE_URLS', () => {
  it('takes absolute http(s) URLs separated by commas, each once', () => {
    assert.deepEqual(loadConfig({}).purgeUrls, []);
    assert.deepEqual(
      loadConfig({ GHAD_PURGE_URLS: ' http://10.0.0.5:6081 , https://cache.alghad24.ma/purge,' }).purgeUrls,
      ['http://10.0.0.5:6081/', 'https://cache.alghad24.ma/purge'],
    );
    assert.deepEqual(loadConfig({ GHAD_PURGE_URLS: 'http://a:6081/,http://a:6081' }).purgeUrls, ['http://a:6081/']);
  });

  it('refuses anything else at start, in one line', () => {
    for (const bad of [
      'varnish:6081',
      '10.0.0.5:6081',
      'ftp://10.0.0.5/',
      '/purge',
      'http://user:secret@10.0.0.5:6081/',
    ]) {
      assert.throws(
        () => loadConfig({ GHAD_PURGE_URLS: `http://10.0.0.4:6081/,${bad}` }),
        (error: Error) =>
          error instanceof ConfigError &&
          error.message.startsWith('GHAD_PURGE_URLS must be absolute http:// or https:// URLs') &&
          error.message.includes(`"${bad}"`) &&
          !error.message.includes('\n'),
        bad,
      );
    }
  });
});

describe('cache node purger (sqlite)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const nodes: FakeCacheNode[] = [];
  const purgers: CacheNodePurger[] = [];

  /** Fresh nodes and a purger for one test; all are stopped after the suite. */
  async function setUp(count: number, options: Partial<CacheNodePurgerOptions> = {}) {
    const made = await Promise.all(Array.from({ length: count }, () => new FakeCacheNode().up()));
    nodes.push(...made);
    const { purger, errors } = purgerFor(store, made, options);
    purgers.push(purger);
    return { nodes: made, purger, errors };
  }

  before(async () => {
    const database = await freshDatabase('sqlite');
    cleanup = database.cleanup;
    store = await openStore(database.options);
  });
  after(async () => {
    await Promise.all(purgers.map((p) => p.stop()));
    await Promise.all(nodes.map((n) => n.close()));
    await store?.close();
    await cleanup?.();
  });

  it('a new node first drops everything, then gets each purge as its tags', async () => {
    const {
      nodes: [node],
      purger,
    } = await setUp(1);
    await store.cacheInvalidations.record(['home', 'article:1', 'day:2026-05-01']);
    await startFresh(purger, [node!]);
    assert.deepEqual(node!.purged, [['*']], 'what was recorded before it was known is covered by *');
    await store.cacheInvalidations.record(['home', 'article:2']);
    purger.wake();
    await until('the node got the purge', () => node!.purged.length === 2);
    assert.deepEqual(node!.purged[1], ['home', 'article:2']);
    await until('nothing is pending', () => statsOf(purger, node!).pending === 0);
    assert.deepEqual(statsOf(purger, node!), { node: node!.url, sent: 2, failed: 0, pending: 0 });
    const progress = await store.cacheNodes.progress(node!.url);
    assert.equal(progress?.acknowledgedId, await store.cacheInvalidations.latestId());
    assert.equal(progress?.fullPurge, false);
    await purger.stop();
  });

  it('sends the purges recorded meanwhile in one request with the union of their tags', async () => {
    const {
      nodes: [node],
      purger,
    } = await setUp(1);
    await startFresh(purger, [node!]);
    // Answered, not only received: a purger stopped while the answer is on its way sends * again.
    await until('the purger had the answer to *', () => statsOf(purger, node!).sent >= 1);
    await purger.stop();
    await store.cacheInvalidations.record(['home', 'article:10', 'section:3']);
    await store.cacheInvalidations.record(['home', 'article:11', 'section:3']);
    await store.cacheInvalidations.record(['breaking']);
    purger.start();
    await until('the node got the purges', () => node!.purged.length === 2);
    assert.deepEqual(node!.purged[1], ['home', 'article:10', 'section:3', 'article:11', 'breaking']);
    await until('nothing is pending', () => statsOf(purger, node!).pending === 0);
    assert.equal(
      (await store.cacheNodes.progress(node!.url))?.acknowledgedId,
      await store.cacheInvalidations.latestId(),
    );
    await purger.stop();
  });

  it('splits a purge whose tags do not fit in one header', async () => {
    const {
      nodes: [node],
      purger,
    } = await setUp(1, { maxHeaderBytes: 60 });
    await startFresh(purger, [node!]);
    const tags = Array.from({ length: 40 }, (_, i) => `article:${2000 + i}`);
    await store.cacheInvalidations.record(tags);
    purger.wake();
    await until('every tag was purged', () => tags.every((t) => node!.tags().includes(t)));
    assert.ok(node!.purged.length > 2, `${node!.purged.length - 1} requests`);
    for (const request of node!.purged) assert.ok(request.join(' ').length <= 60);
    assert.equal(node!.tags().length, tags.length + 1, 'each tag once (and the first *)');
    await purger.stop();
  });

  it('sends * alone when one of the purges drops everything', async () => {
    const {
      nodes: [node],
      purger,
    } = await setUp(1);
    await startFresh(purger, [node!]);
    await purger.stop();
    await store.cacheInvalidations.record(['home', 'article:20']);
    await store.cacheInvalidations.record(['*']);
    await store.cacheInvalidations.record(['article:21']);
    purger.start();
    await until('the node got the purges', () => node!.purged.length === 2);
    assert.deepEqual(node!.purged[1], ['*']);
    await until('nothing is pending', () => statsOf(purger, node!).pending === 0);
    await purger.stop();
  });

  it('retries a node answering 500 until it answers 200, losing nothing, and counts and reports the failures', async () => {
    const {
      nodes: [node],
      purger,
      errors,
    } = await setUp(1);
    await startFresh(purger, [node!]);
    node!.next.push('error', 'error');
    await store.cacheInvalidations.record(['home', 'article:30']);
    purger.wake();
    await until('the node failed twice', () => statsOf(purger, node!).failed === 2);
    await store.cacheInvalidations.record(['article:31']);
    purger.wake();
    await until('the node got both purges', () => ['article:30', 'article:31'].every((t) => node!.tags().includes(t)));
    await until('nothing is pending', () => statsOf(purger, node!).pending === 0);
    assert.equal(statsOf(purger, node!).failed, 2);
    assert.equal(errors.length, 2);
    for (const message of errors) assert.match(message, /HTTP 500/);
    const progress = await store.cacheNodes.progress(node!.url);
    assert.equal(progress?.acknowledgedId, await store.cacheInvalidations.latestId());
    assert.equal(progress?.retryAt, undefined, 'no retry left once it answered');
    await purger.stop();
  });

  it('a hanging node holds up neither the other node nor a publish, and gets its purges once it answers', async () => {
    const {
      nodes: [hanging, healthy],
      purger,
    } = await setUp(2, { timeoutMs: 120_000 });
    await startFresh(purger, [hanging!, healthy!]);
    hanging!.answer = 'hang';
    const jobs = new JobLoop({ store, timeZone: TIME_ZONE, onPurge: () => purger.wake() });
    await store.cacheInvalidations.record(['article:40']);
    purger.wake();
    await until('the hanging node holds a request', () => hanging!.hangingCount === 1);

    // A publish: its purge is recorded and reaches the healthy node while the other still hangs.
    const [draft] = corpusDrafts(1);
    const article = await store.newsroomArticles.create(PEOPLE.editor, {
      ...draft!,
      headline: 'وزارة النقل تعلن خطة جديدة',
    });
    await store.newsroomArticles.transition(PEOPLE.editor, article.id, { action: 'publish' });
    assert.ok((await jobs.runDue()) > 0, 'the job loop did the publish');
    const articleTag = `article:${article.id}`;
    await until('the healthy node got the publish', () => healthy!.tags().includes(articleTag));
    assert.ok(healthy!.tags().includes('article:40'));
    assert.equal(hanging!.hangingCount, 1, 'the other node still hangs');
    await until('the hanging node has both purges pending', () => statsOf(purger, hanging!).pending >= 2);

    hanging!.answer = 'ok';
    hanging!.releaseHanging();
    await until('the hanging node got the publish', () => hanging!.tags().includes(articleTag));
    await until('nothing is pending', () => purger.stats().every((s) => s.pending === 0));
    await purger.stop();
  });

  it('cuts off a node that does not answer in time, counts it, and retries it', async () => {
    const {
      nodes: [node],
      purger,
      errors,
    } = await setUp(1, { timeoutMs: 200 });
    await startFresh(purger, [node!]);
    node!.next.push('hang');
    await store.cacheInvalidations.record(['article:50']);
    purger.wake();
    await until('the request was cut off and retried', () => node!.tags().includes('article:50'));
    assert.ok(statsOf(purger, node!).failed >= 1);
    assert.match(errors[0] ?? '', /no answer within 200 ms/);
    await purger.stop();
  });

  it('a host killed while it sends to a node holds the node up for one request time limit and 2 s at most: another host takes over', async () => {
    let now = Date.now();
    const clock = () => new Date(now);
    const {
      nodes: [node],
      purger: dying,
    } = await setUp(1, { timeoutMs: 60_000, clock });
    await startFresh(dying, [node!]);
    node!.answer = 'hang';
    await store.cacheInvalidations.record(['article:70']);
    dying.wake();
    await until('the first host holds a request to the node', () => node!.hangingCount === 1);
    // Its host is killed now (kill -9): nothing it holds is released. The other host's purger:
    const { purger: survivor } = purgerFor(store, [node!], { timeoutMs: 60_000, clock });
    purgers.push(survivor);
    node!.answer = 'ok';
    survivor.start();
    now += 60_000 + 2000 + 1;
    await until('the other host sent the purge', () => node!.tags().includes('article:70'));
  });

  it('a node down for a while gets the purges it missed once it is up, the other meanwhile gets them at once', async () => {
    const {
      nodes: [down, up],
      purger,
    } = await setUp(2);
    await startFresh(purger, [down!, up!]);
    await down!.down();
    const missed = ['article:60', 'article:61', 'article:62'];
    for (const tag of missed) {
      await store.cacheInvalidations.record(['home', tag]);
      purger.wake();
      await until(`the node up got ${tag}`, () => up!.tags().includes(tag));
    }
    await until('the node down has failed', () => statsOf(purger, down!).failed > 0);
    await until('the node down has the three pending', () => statsOf(purger, down!).pending === 3);
    // Restarted meanwhile: what the node missed is in the database, not in this process.
    await purger.stop();
    const { purger: restarted } = purgerFor(store, [down!, up!]);
    purgers.push(restarted);
    restarted.start();
    await down!.up();
    await until('the node back up got what it missed', () => missed.every((t) => down!.tags().includes(t)));
    await until('nothing is pending', () => restarted.stats().every((s) => s.pending === 0));
    assert.deepEqual(down!.purged.at(-1), ['home', ...missed], 'in one request');
    await restarted.stop();
  });

  it('pruning keeps the purges a node has not acknowledged, for a week; after that the node drops everything', async () => {
    const node = 'http://127.0.0.1:9/prune-check';
    const before = await store.cacheInvalidations.latestId();
    await store.cacheNodes.add(node, before, new Date());
    await store.db.updateTable('cache_nodes').set({ full_purge: 0 }).where('node', '=', node).execute();
    await store.cacheInvalidations.record(['article:70']);
    const day = 24 * 60 * 60 * 1000;
    await store.cacheInvalidations.prune(day, 7 * day, new Date(Date.now() + 2 * day));
    assert.deepEqual(
      (await store.cacheInvalidations.since(before)).map((r) => r.tags),
      [['article:70']],
      'kept for the node',
    );
    assert.equal((await store.cacheNodes.progress(node))?.fullPurge, false);
    await store.cacheInvalidations.prune(day, 7 * day, new Date(Date.now() + 8 * day));
    assert.deepEqual(await store.cacheInvalidations.since(before), [], 'forgotten after a week');
    assert.equal((await store.cacheNodes.progress(node))?.fullPurge, true, 'the node will drop everything');
    await store.db.deleteFrom('cache_nodes').where('node', '=', node).execute();
  });
});

for (const dialect of DIALECTS) {
  describe(`two purgers on one database (${dialect})`, () => {
    let options: { dataDir: string; databaseUrl?: string };
    let cleanup: () => Promise<void>;
    const stores: Store[] = [];

    before(async () => {
      const database = await freshDatabase(dialect);
      options = database.options;
      cleanup = database.cleanup;
      // Two hosts: a store each.
      stores.push(await openStore(options), await openStore(options));
    });
    after(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await cleanup?.();
    });

    it('send every purge, one of them at a time, none lost', async () => {
      const node = await new FakeCacheNode().up();
      const [first, second] = stores.map((store, i) =>
        purgerFor(store, [node], { owner: `host-${i + 1}`, pollMs: 20 }),
      ) as [ReturnType<typeof purgerFor>, ReturnType<typeof purgerFor>];
      try {
        first.purger.start();
        await startFresh(second.purger, [node]);
        const tags = Array.from({ length: 60 }, (_, i) => `article:${100 + i}`);
        for (const [i, tag] of tags.entries()) {
          const store = stores[i % 2]!;
          await store.cacheInvalidations.record(['home', tag]);
          (i % 3 === 0 ? first : second).purger.wake();
        }
        await until('the node got every purge', () => tags.every((t) => node.tags().includes(t)));
        await until('nothing is pending', () =>
          [first, second].every(({ purger }) => purger.stats().every((s) => s.pending === 0)),
        );
        assert.equal(node.purged.filter((t) => t[0] === '*').length, 1, 'the new node dropped everything once');
        const failed = first.purger.stats()[0]!.failed + second.purger.stats()[0]!.failed;
        // A request cut off after the node had purged would be sent again: harmless, and only then.
        if (failed === 0) {
          const articleTags = node.tags().filter((t) => t.startsWith('article:'));
          assert.equal(articleTags.length, new Set(articleTags).size, 'no purge sent twice');
          const sent = first.purger.stats()[0]!.sent + second.purger.stats()[0]!.sent;
          assert.equal(sent, node.purged.length);
        }
        const progress = await stores[0]!.cacheNodes.progress(node.url);
        assert.equal(progress?.acknowledgedId, await stores[0]!.cacheInvalidations.latestId());
      } finally {
        await Promise.all([first.purger.stop(), second.purger.stop()]);
        await node.close();
      }
    });
  });
}
