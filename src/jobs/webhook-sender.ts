import http from 'node:http';
import https from 'node:https';
import type { Store } from '../store/store.ts';
import type { AttemptResult, DueDelivery, WebhookDelivery } from '../store/webhooks.ts';
import { signatureHeader } from '../webhooks/signature.ts';
import type { CheckedTarget, WebhookTargets } from '../webhooks/webhook-target.ts';

export interface WebhookSenderOptions {
  store: Store;
  /** How long a receiver has to answer (headers and all), in ms; one that hangs is cut off and retried. */
  timeoutMs?: number;
  /** The first retry waits about this long; each further one twice as long, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Deliveries sent at once. */
  concurrency?: number;
  /** How often due deliveries are looked for, in ms. */
  pollMs?: number;
  clock?: () => Date;
  /** A random number in [0, 1) for the jitter; tests fix it. */
  random?: () => number;
  onError?: (error: unknown) => void;
  /** Where deliveries may go; the store's (GHAD_WEBHOOK_ALLOW_HOSTS) unless a test brings its own DNS. */
  targets?: WebhookTargets;
}

/** Attempts of an event delivery before it is given up (about a day and a half with the defaults). */
export const MAX_DELIVERY_ATTEMPTS = 10;

const USER_AGENT = 'Ghad-Webhooks/1';
const KEEP_DONE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Sends webhook deliveries: each is POSTed with its signature, within a timeout, and its
 * outcome logged; a subscription's due deliveries go one after another, in the order of their
 * events (a retried one comes when its time comes, after later events); a failure (an error status, a refused connection, a timeout) is retried with
 * exponential backoff and jitter until its attempts are spent. A delivery once delivered is
 * never sent again. Deliveries are claimed with a lease, so several senders can run; a sender
 * that dies mid-send leaves the delivery to be retried when the lease ends (receivers
 * recognise a repeat by its `Ghad-Event-Id`). Each delivery resolves its host once, is refused
 * (failed at once, with the reason logged) when an address is inside (src/webhooks/webhook-target.ts),
 * and connects only to the addresses checked.
 */
export class WebhookSender {
  readonly #store: Store;
  readonly #timeoutMs: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #clock: () => Date;
  readonly #random: () => number;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #targets: WebhookTargets;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopping = false;

  constructor(options: WebhookSenderOptions) {
    this.#store = options.store;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#baseDelayMs = options.baseDelayMs ?? 30_000;
    this.#maxDelayMs = options.maxDelayMs ?? 6 * 60 * 60 * 1000;
    this.#concurrency = options.concurrency ?? 8;
    this.#pollMs = options.pollMs ?? 1000;
    this.#clock = options.clock ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError;
    this.#targets = options.targets ?? options.store.webhooks.targets;
  }

  start(): void {
    this.#stopping = false;
    // The log keeps a month of finished deliveries.
    this.#running = this.#store.webhooks
      .prune(KEEP_DONE_MS, this.#clock())
      .catch((error: unknown) => this.#onError?.(error));
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.sendDue()
        .catch((error: unknown) => this.#onError?.(error))
        .finally(() => {
          if (!this.#stopping) this.#schedule(this.#pollMs);
        });
    }, delay);
    this.#timer.unref();
  }

  /** Sends every delivery due now, `concurrency` at a time; returns how many attempts were made. */
  async sendDue(): Promise<number> {
    let attempts = 0;
    while (!this.#stopping) {
      const due = await this.#store.webhooks.claimDue(this.#clock(), this.#concurrency, this.#leaseMs());
      if (due.length === 0) break;
      // Subscriptions in parallel; each one's deliveries in the order of their events.
      const bySubscription = new Map<number, DueDelivery[]>();
      for (const delivery of due) {
        const list = bySubscription.get(delivery.subscriptionId);
        if (list) list.push(delivery);
        else bySubscription.set(delivery.subscriptionId, [delivery]);
      }
      await Promise.all(
        [...bySubscription.values()].map(async (deliveries) => {
          for (const delivery of deliveries) await this.#attempt(delivery);
        }),
      );
      attempts += due.length;
    }
    return attempts;
  }

  /** Sends one delivery now, if it is pending (the "send test" button); undefined when it is not. */
  async sendNow(deliveryId: number): Promise<WebhookDelivery | undefined> {
    const [delivery] = await this.#store.webhooks.claimDue(this.#clock(), 1, this.#leaseMs(), deliveryId);
    return delivery && this.#attempt(delivery);
  }

  /** The wait before attempt `attempt + 1`: doubling from the base, capped, ±20 % jitter. */
  retryDelayMs(attempt: number): number {
    const plain = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(plain * (0.8 + 0.4 * this.#random()));
  }

  #leaseMs(): number {
    return this.#timeoutMs + 60_000;
  }

  async #attempt(delivery: DueDelivery): Promise<WebhookDelivery> {
    const result = await this.#post(delivery);
    const retryAt = new Date(this.#clock().getTime() + this.retryDelayMs(delivery.attempts + 1));
    try {
      return await this.#store.webhooks.recordAttempt(delivery, result, retryAt);
    } catch (error) {
      this.#onError?.(error);
      return delivery;
    }
  }

  async #post(delivery: DueDelivery): Promise<AttemptResult> {
    const startedAt = this.#clock();
    const started = performance.now();
    const done = (statusCode: number | null, error: string | null, giveUp = false): AttemptResult => ({
      startedAt,
      durationMs: performance.now() - started,
      statusCode,
      error,
      ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
      giveUp,
    });
    // The timeout counts from here: resolving the name is part of the receiver's time.
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      const url = new URL(delivery.url);
      const target = await Promise.race([this.#targets.check(url), aborted(signal)]);
      if (target.refused) return done(null, target.message, true);
      const status = await post(
        url,
        target,
        signal,
        {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': USER_AGENT,
          'ghad-event': delivery.event,
          'ghad-event-id': delivery.eventId,
          'ghad-delivery': String(delivery.id),
          'ghad-signature': signatureHeader(delivery.secret, delivery.body, startedAt),
        },
        delivery.body,
      );
      const ok = status >= 200 && status < 300;
      return done(status, ok ? null : `HTTP ${status}`);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return done(null, `No answer within ${this.#timeoutMs} ms`);
      }
      const { code, message } = error as { code?: string; message?: string };
      return done(null, code ?? message ?? String(error));
    }
  }
}

/**
 * POSTs `body` to `url`, connecting only to the target's checked addresses, and answers the
 * status. Redirects are not followed (a 3xx is a failure); the answer's body is not read.
 */
function post(
  url: URL,
  target: CheckedTarget,
  signal: AbortSignal,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: target.lookup,
        signal,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Rejects when `signal` aborts (DNS cannot be cut short, but the delivery stops waiting for it). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
