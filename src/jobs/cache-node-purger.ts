import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { CacheNodeProgress } from '../store/cache-nodes.ts';
import type { Store } from '../store/store.ts';

export interface CacheNodePurgerOptions {
  store: Store;
  /** The cache nodes' purge URLs (GHAD_PURGE_URLS). */
  nodes: readonly string[];
  /** How long a node has to answer, in ms; one that hangs is cut off and retried. */
  timeoutMs?: number;
  /** The first retry after a failure waits about this long; each further one twice as long, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the purges recorded are looked at without being woken, in ms. */
  pollMs?: number;
  /** The longest xkey-purge header sent; more tags go in further requests. */
  maxHeaderBytes?: number;
  /**
   * How long an id missing between recorded purges may still appear, in ms (on PostgreSQL a
   * transaction that took a lower id can commit after a higher one); after that it is taken
   * for a rolled-back one.
   */
  gapWaitMs?: number;
  /** This process, in the leases of the nodes it sends to. */
  owner?: string;
  clock?: () => Date;
  /** A random number in [0, 1) for the jitter; tests fix it. */
  random?: () => number;
  /** A node that failed (it is retried later), or a round that could not read the database. */
  onError?: (error: Error, node: string) => void;
}

/** What one node has been sent by this process, for the metrics. */
export interface CacheNodeStats {
  node: string;
  /** Purge requests the node answered 200. */
  sent: number;
  /** Purge requests that failed: another status, a refused connection, no answer in time. */
  failed: number;
  /** Purges recorded that the node has not acknowledged yet, when last looked. */
  pending: number;
}

/** The purge of everything, as cache_invalidations and the VCL both write it. */
const ALL = '*';
/** Tags as xkey reads them: no spaces or commas (its separators), printable ASCII only. */
const PLAIN_TAG = /^[\x21-\x2b\x2d-\x7e]+$/;
/** Recorded purges read at a time. */
const ROWS_PER_ROUND = 500;
/** When another process holds a node's lease, look again this soon: it may be done. */
const LEASED_RETRY_MS = 200;
/**
 * A lease lasts one request's time limit and this much more, and each answered request extends
 * it: long enough for the database writes around a request, short enough that a host killed
 * while it held a node (found by the drill, npm run drill) holds up that node's purges, and
 * so every publication meanwhile, for seconds rather than the 15 s it once did.
 */
const LEASE_MARGIN_MS = 2000;
const USER_AGENT = 'Ghad-Purger/1';

/**
 * Sends every page-cache purge recorded in cache_invalidations to each HTTP cache in front of
 * Ghad (Varnish with deploy/varnish/ghad.vcl) as a tag purge: `PURGE <url>` with the union of
 * the tags of the purges not sent yet in `xkey-purge` (split when the header would be too
 * long; `*` alone when one of them purges everything), until the node answers 200.
 * Each node has a cursor in cache_nodes: a node down or hanging is retried with backoff, keeps
 * its purges until it is back, and holds up neither the others nor any publish. A node is
 * claimed with a lease before sending, so one process of all the hosts sends to it at a time.
 */
export class CacheNodePurger {
  readonly #store: Store;
  readonly #runners: NodeRunner[];
  readonly #timeoutMs: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #maxHeaderBytes: number;
  readonly #gapWaitMs: number;
  readonly #owner: string;
  readonly #clock: () => Date;
  readonly #random: () => number;
  readonly #onError: ((error: Error, node: string) => void) | undefined;
  #stopping = new AbortController();
  #started = false;
  #pendingTimer: NodeJS.Timeout | undefined;

  constructor(options: CacheNodePurgerOptions) {
    this.#store = options.store;
    this.#runners = [...new Set(options.nodes)].map((node) => new NodeRunner(node));
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseMs = this.#timeoutMs + LEASE_MARGIN_MS;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 6000;
    this.#gapWaitMs = options.gapWaitMs ?? 60_000;
    this.#owner = options.owner ?? `${os.hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
    this.#clock = options.clock ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopping = new AbortController();
    for (const runner of this.#runners) this.#schedule(runner, 0);
    // A node's round counts what it has pending; one held up by a slow node is counted here.
    this.#pendingTimer = setInterval(() => void this.#countPendingOfBusyNodes(), this.#pollMs);
    this.#pendingTimer.unref();
  }

  /** Stops; a request in flight is cut off, and what is not acknowledged is sent after the next start. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#stopping.abort();
    clearInterval(this.#pendingTimer);
    for (const runner of this.#runners) {
      if (runner.timer) clearTimeout(runner.timer);
      runner.timer = undefined;
    }
    await Promise.all(this.#runners.map((runner) => runner.running));
  }

  /** Looks at once rather than at the next poll: the job loop has just recorded purges. */
  wake(): void {
    if (!this.#started) return;
    for (const runner of this.#runners) {
      if (runner.busy) {
        runner.wanted = true;
        continue;
      }
      if (runner.timer) clearTimeout(runner.timer);
      this.#schedule(runner, 0);
    }
  }

  /** Per node: requests answered 200 and failed (by this process), purges not acknowledged yet. */
  stats(): CacheNodeStats[] {
    return this.#runners.map(({ node, sent, failed, pending }) => ({ node, sent, failed, pending }));
  }

  /** The wait after `failures` failures in a row: doubling from the base, capped, ±20 % jitter. */
  retryDelayMs(failures: number): number {
    const plain = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, failures - 1));
    return Math.round(plain * (0.8 + 0.4 * this.#random()));
  }

  #schedule(runner: NodeRunner, delay: number): void {
    runner.timer = setTimeout(() => {
      runner.timer = undefined;
      runner.busy = true;
      runner.wanted = false;
      runner.running = this.#round(runner)
        .catch((error: unknown) => {
          this.#onError?.(asError(error), runner.node);
          return this.#pollMs;
        })
        .then((next) => {
          runner.busy = false;
          if (this.#started) this.#schedule(runner, runner.wanted ? 0 : next);
        });
    }, delay);
    runner.timer.unref();
  }

  async #countPendingOfBusyNodes(): Promise<void> {
    for (const runner of this.#runners) {
      if (!runner.busy) continue;
      try {
        const progress = await this.#store.cacheNodes.progress(runner.node);
        if (!progress) continue;
        const { count } = await this.#store.cacheInvalidations.countSince(progress.acknowledgedId);
        if (runner.busy) runner.pending = Math.max(0, count - progress.acknowledgedBeyond.length);
      } catch {
        // The next round says what failed.
      }
    }
  }

  /** Sends what the node has not acknowledged, if anything; returns when to look again, in ms. */
  async #round(runner: NodeRunner): Promise<number> {
    const { cacheNodes, cacheInvalidations } = this.#store;
    const node = runner.node;
    const now = this.#clock();
    const known = await cacheNodes.progress(node);
    if (!known) {
      await cacheNodes.add(node, await cacheInvalidations.latestId(), now);
      return 0;
    }
    const { count } = await cacheInvalidations.countSince(known.acknowledgedId);
    runner.pending = Math.max(0, count - known.acknowledgedBeyond.length);
    if (known.retryAt && known.retryAt > now) return known.retryAt.getTime() - now.getTime();
    if (!known.fullPurge && runner.pending === 0) return this.#pollMs;

    const claim = await cacheNodes.claim(node, this.#owner, now, this.#leaseMs);
    if (!claim.claimed) {
      if (claim.reason === 'backing-off' && claim.until) return claim.until.getTime() - now.getTime();
      return claim.reason === 'leased' ? Math.min(LEASED_RETRY_MS, this.#pollMs) : 0;
    }
    let progress = claim.progress;
    try {
      if (progress.fullPurge) {
        const through = await cacheInvalidations.latestId();
        await this.#send(runner, [ALL]);
        progress = {
          acknowledgedId: Math.max(progress.acknowledgedId, through),
          acknowledgedBeyond: progress.acknowledgedBeyond.filter((id) => id > through),
          fullPurge: false,
        };
        if (
          !(await cacheNodes.advance(
            node,
            this.#owner,
            { ...progress, fullPurgeDone: true },
            this.#clock(),
            this.#leaseMs,
          ))
        )
          return 0;
      }
      while (this.#started) {
        const beyond = new Set(progress.acknowledgedBeyond);
        const rows = await cacheInvalidations.since(progress.acknowledgedId, ROWS_PER_ROUND + beyond.size);
        const unsent = rows.filter((row) => !beyond.has(row.id));
        runner.pending = unsent.length;
        if (unsent.length === 0) {
          progress = this.#settle(progress, rows, new Set());
          break;
        }
        const done = new Set<number>();
        for (const request of purgeRequests(unsent, this.#maxHeaderBytes)) {
          if (request.tags.length > 0) await this.#send(runner, request.tags);
          for (const id of request.completes) done.add(id);
          runner.pending = unsent.length - done.size;
          progress = this.#settle(progress, rows, done);
          // Another process took the node over (this one was too slow): it goes on from the last progress written.
          if (!(await cacheNodes.advance(node, this.#owner, progress, this.#clock(), this.#leaseMs))) return 0;
        }
      }
      await cacheNodes.release(node, this.#owner, progress, this.#clock());
      return this.#pollMs;
    } catch (error) {
      if (!(error instanceof PurgeFailure)) {
        await cacheNodes.release(node, this.#owner, progress, this.#clock()).catch(() => {});
        throw error;
      }
      if (!this.#started) {
        await cacheNodes.release(node, this.#owner, progress, this.#clock()).catch(() => {});
        return this.#pollMs;
      }
      const failures = claim.failures + 1;
      const delay = this.retryDelayMs(failures);
      const retryAt = new Date(this.#clock().getTime() + delay);
      this.#onError?.(error, node);
      await cacheNodes.release(node, this.#owner, progress, this.#clock(), { failures, retryAt, error: error.message });
      return delay;
    }
  }

  /**
   * The progress once the purges in `done` were answered: the cursor moves over every id
   * answered, and over ids missing long enough to be rolled back; later answered ids are kept
   * beside it.
   */
  #settle(
    progress: CacheNodeProgress,
    rows: readonly { id: number; createdAt: Date }[],
    done: ReadonlySet<number>,
  ): CacheNodeProgress {
    const answered = new Set([...progress.acknowledgedBeyond, ...done]);
    const now = this.#clock().getTime();
    let acknowledgedId = progress.acknowledgedId;
    for (const row of rows) {
      if (!answered.has(row.id)) break;
      if (row.id !== acknowledgedId + 1 && now - row.createdAt.getTime() < this.#gapWaitMs) break;
      acknowledgedId = row.id;
    }
    return {
      acknowledgedId,
      acknowledgedBeyond: [...answered].filter((id) => id > acknowledgedId).sort((a, b) => a - b),
      fullPurge: false,
    };
  }

  async #send(runner: NodeRunner, tags: readonly string[]): Promise<void> {
    let status: number;
    try {
      const response = await fetch(runner.node, {
        method: 'PURGE',
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.#timeoutMs), this.#stopping.signal]),
        headers: { 'xkey-purge': tags.join(' '), 'user-agent': USER_AGENT },
      });
      // Only the status counts.
      await response.body?.cancel().catch(() => {});
      status = response.status;
    } catch (error) {
      runner.failed++;
      const name = (error as Error).name;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        name === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs} ms`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new PurgeFailure(`Purge of ${tags.length} tags at ${runner.node} failed: ${reason}`);
    }
    if (status !== 200) {
      runner.failed++;
      throw new PurgeFailure(`Purge of ${tags.length} tags at ${runner.node} failed: HTTP ${status}`);
    }
    runner.sent++;
  }
}

/** One cache node's schedule and counters in this process. */
class NodeRunner {
  sent = 0;
  failed = 0;
  pending = 0;
  busy = false;
  wanted = false;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  constructor(readonly node: string) {}
}

/** A node that did not answer 200: retried later. */
class PurgeFailure extends Error {}

/**
 * The requests that purge `rows` at a node: the union of their tags, in the order first met,
 * split so that no xkey-purge header is longer than `maxBytes`; each request says which rows
 * are done once it and those before it are answered. A row that purges everything (or has a
 * tag xkey could not read) makes it one `*` for all.
 */
export function purgeRequests(
  rows: readonly { id: number; tags: readonly string[] }[],
  maxBytes: number,
): { tags: string[]; completes: number[] }[] {
  if (rows.some((row) => row.tags.some((tag) => tag === ALL || !PLAIN_TAG.test(tag)))) {
    return [{ tags: [ALL], completes: rows.map((row) => row.id) }];
  }
  const requests: { tags: string[]; bytes: number; completes: number[] }[] = [];
  const requestOfTag = new Map<string, number>();
  for (const row of rows) {
    let last = 0;
    for (const tag of row.tags) {
      let index = requestOfTag.get(tag);
      if (index === undefined) {
        let current = requests.at(-1);
        if (!current || (current.tags.length > 0 && current.bytes + 1 + tag.length > maxBytes)) {
          current = { tags: [], bytes: -1, completes: [] };
          requests.push(current);
        }
        current.tags.push(tag);
        current.bytes += 1 + tag.length;
        index = requests.length - 1;
        requestOfTag.set(tag, index);
      }
      last = Math.max(last, index);
    }
    if (requests.length === 0) requests.push({ tags: [], bytes: -1, completes: [] });
    requests[last]!.completes.push(row.id);
  }
  return requests.map(({ tags, completes }) => ({ tags, completes }));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
