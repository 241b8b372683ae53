import type { Store } from '../store/store.ts';
import type { AttemptResult, DueDelivery, WebhookDelivery } from '../store/webhooks.ts';
import { signatureHeader } from '../webhooks/signature.ts';

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
 * recognise a repeat by its `Ghad-Event-Id`).
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
    const done = (statusCode: number | null, error: string | null): AttemptResult => ({
      startedAt,
      durationMs: performance.now() - started,
      statusCode,
      error,
      ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
    });
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': USER_AGENT,
          'ghad-event': delivery.event,
          'ghad-event-id': delivery.eventId,
          'ghad-delivery': String(delivery.id),
          'ghad-signature': signatureHeader(delivery.secret, delivery.body, startedAt),
        },
        body: delivery.body,
      });
      // The answer's body is not read: only its status counts.
      await response.body?.cancel().catch(() => {});
      const ok = response.status >= 200 && response.status < 300;
      return done(response.status, ok ? null : `HTTP ${response.status}`);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return done(null, `No answer within ${this.#timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return done(null, cause?.code ?? cause?.message ?? (error as Error).message);
    }
  }
}
