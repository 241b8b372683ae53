import type { Kysely, Selectable } from 'kysely';
import { newSecretToken } from '../newsroom/secret-token.ts';
import { isWebhookTopic, WEBHOOK_TOPICS, type WebhookTopic } from '../webhooks/topics.ts';
import type { WebhookTargets } from '../webhooks/webhook-target.ts';
import {
  type Database,
  type Dialect,
  toDate,
  toOptionalDate,
  type WebhookDeliveriesTable,
  type WebhookSubscriptionsTable,
} from './schema.ts';

/**
 * Webhook subscriptions, their deliveries and the log of every attempt. Deliveries are created
 * by the job loop from the outbox (inside its transaction: one per event and subscription),
 * and sent by the webhook sender (src/jobs/webhook-sender.ts), which claims due ones for a
 * while (a lease), so that two senders never send the same delivery at once.
 */
export interface WebhookSubscription {
  id: number;
  url: string;
  description: string;
  topics: WebhookTopic[];
  createdBy: number | null;
  createdAt: Date;
  disabledAt: Date | null;
}

/** A subscription with what the newsroom's list shows of its deliveries. */
export interface WebhookSubscriptionEntry extends WebhookSubscription {
  pending: number;
  failed: number;
  lastAttempt: { at: Date; ok: boolean; statusCode: number | null } | null;
}

export interface WebhookDelivery {
  id: number;
  subscriptionId: number;
  event: string;
  eventId: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** A claimed delivery with where to send it and the key to sign it with. */
export interface DueDelivery extends WebhookDelivery {
  url: string;
  secret: string;
}

/** One try, as the delivery log lists it. */
export interface WebhookAttempt {
  id: number;
  deliveryId: number;
  event: string;
  eventId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
  /** The delivery's state now (a failed attempt may have been followed by a success). */
  deliveryStatus: string;
  nextAttemptAt: Date | null;
}

export interface AttemptResult {
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
  /** Trying again would change nothing (a refused target): the delivery fails at once. */
  giveUp?: boolean;
}

export class WebhookError extends Error {
  constructor(
    readonly code: 'invalid_url' | 'refused_target' | 'invalid_topics' | 'invalid_description' | 'unknown_subscription',
    message: string,
    readonly messageAr: string,
  ) {
    super(message);
  }
}

export const MAX_URL_LENGTH = 2000;
export const MAX_DESCRIPTION_LENGTH = 200;

export class WebhookRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    /** Where webhooks may go: asked when a subscription is added, and by the sender at each delivery. */
    readonly targets: WebhookTargets,
  ) {}

  /** A new subscription and its signing secret (shown once by the newsroom). */
  async subscribe(
    input: { url: string; description?: string; topics: readonly string[]; createdBy?: number | null },
    now = new Date(),
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const url = checkUrl(input.url);
    const refusal = this.targets.refusalOf(url);
    if (refusal) throw new WebhookError('refused_target', refusal.message, refusal.messageAr);
    const topics = checkTopics(input.topics);
    const description = (input.description ?? '').trim();
    if ([...description].length > MAX_DESCRIPTION_LENGTH) {
      throw new WebhookError(
        'invalid_description',
        `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters.`,
        `الوصف أطول من ${MAX_DESCRIPTION_LENGTH} حرف.`,
      );
    }
    const secret = `whsec_${newSecretToken()}`;
    const row = await this.db
      .insertInto('webhook_subscriptions')
      .values({
        url: url.toString(),
        description,
        topics: JSON.stringify(topics),
        secret,
        created_by: input.createdBy ?? null,
        created_at: now.toISOString(),
        disabled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { subscription: toSubscription(row), secret };
  }

  async find(id: number): Promise<WebhookSubscription | undefined> {
    const row = await this.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSubscription(row);
  }

  /** Every subscription, oldest first, with its pending and failed deliveries and last attempt. */
  async list(): Promise<WebhookSubscriptionEntry[]> {
    const rows = await this.db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();
    const entries: WebhookSubscriptionEntry[] = [];
    for (const row of rows) {
      const counts = await this.db
        .selectFrom('webhook_deliveries')
        .select(['status', (eb) => eb.fn.countAll().as('count')])
        .where('subscription_id', '=', row.id)
        .where('status', 'in', ['pending', 'failed'])
        .groupBy('status')
        .execute();
      const last = await this.db
        .selectFrom('webhook_attempts')
        .select(['started_at', 'ok', 'status_code'])
        .where('subscription_id', '=', row.id)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const count = (status: string) => Number(counts.find((c) => c.status === status)?.count ?? 0);
      entries.push({
        ...toSubscription(row),
        pending: count('pending'),
        failed: count('failed'),
        lastAttempt: last
          ? { at: toDate(last.started_at), ok: Number(last.ok) === 1, statusCode: last.status_code }
          : null,
      });
    }
    return entries;
  }

  /** A disabled subscription gets no new deliveries, and its pending ones wait until it is enabled. */
  async setDisabled(id: number, disabled: boolean, now = new Date()): Promise<WebhookSubscription> {
    await this.db
      .updateTable('webhook_subscriptions')
      .set({ disabled_at: disabled ? now.toISOString() : null })
      .where('id', '=', id)
      .execute();
    const found = await this.find(id);
    if (!found) throw unknownSubscription(id);
    return found;
  }

  /** Removes a subscription with its deliveries and log. */
  async remove(id: number): Promise<void> {
    const result = await this.db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw unknownSubscription(id);
  }

  /**
   * Creates the deliveries of one event inside the job loop's transaction: one for each enabled
   * subscription to `event`, at most once per event and subscription.
   */
  async fanOutWithin(
    trx: Kysely<Database>,
    event: { event: WebhookTopic; eventId: string; body: string; maxAttempts: number },
    now: Date,
  ): Promise<number> {
    const subscriptions = await trx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'topics'])
      .where('disabled_at', 'is', null)
      .execute();
    const wanting = subscriptions.filter((s) => parseTopics(s.topics).includes(event.event));
    if (wanting.length === 0) return 0;
    const iso = now.toISOString();
    await trx
      .insertInto('webhook_deliveries')
      .values(
        wanting.map((s) => ({
          subscription_id: s.id,
          event: event.event,
          event_id: event.eventId,
          body: event.body,
          status: 'pending',
          max_attempts: event.maxAttempts,
          next_attempt_at: iso,
          created_at: iso,
        })),
      )
      .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
      .execute();
    return wanting.length;
  }

  /** A delivery for one subscription only (the "send test" button), due now. */
  async enqueue(
    subscriptionId: number,
    delivery: { event: string; eventId: string; body: string; maxAttempts: number },
    now = new Date(),
  ): Promise<WebhookDelivery> {
    const row = await this.db
      .insertInto('webhook_deliveries')
      .values({
        subscription_id: subscriptionId,
        event: delivery.event,
        event_id: delivery.eventId,
        body: delivery.body,
        status: 'pending',
        max_attempts: delivery.maxAttempts,
        next_attempt_at: now.toISOString(),
        created_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDelivery(row);
  }

  /**
   * Claims up to `limit` due deliveries of enabled subscriptions for `leaseMs`: their next
   * attempt moves past the lease, so that no other sender takes them meanwhile, and a sender
   * that dies leaves them to be tried again once the lease is over. `onlyId` claims one delivery.
   */
  async claimDue(now: Date, limit: number, leaseMs: number, onlyId?: number): Promise<DueDelivery[]> {
    const rows = await this.db.transaction().execute(async (trx) =>
      trx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date(now.getTime() + leaseMs).toISOString() })
        .where('id', 'in', (eb) => {
          let due = eb
            .selectFrom('webhook_deliveries')
            .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
            .select('webhook_deliveries.id')
            .where('webhook_deliveries.status', '=', 'pending')
            .where('webhook_deliveries.next_attempt_at', '<=', now.toISOString())
            .where('webhook_subscriptions.disabled_at', 'is', null)
            .orderBy('webhook_deliveries.next_attempt_at')
            .orderBy('webhook_deliveries.id')
            .limit(limit);
          if (onlyId !== undefined) due = due.where('webhook_deliveries.id', '=', onlyId);
          return this.dialect === 'postgres' ? due.forUpdate('webhook_deliveries').skipLocked() : due;
        })
        .returningAll()
        .execute(),
    );
    if (rows.length === 0) return [];
    const subscriptions = await this.db
      .selectFrom('webhook_subscriptions')
      .select(['id', 'url', 'secret'])
      .where('id', 'in', [...new Set(rows.map((r) => r.subscription_id))])
      .execute();
    // Oldest first (PostgreSQL returns updated rows in no order): events reach a receiver in order.
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    return rows.flatMap((row) => {
      const subscription = subscriptions.find((s) => s.id === row.subscription_id);
      return subscription ? [{ ...toDelivery(row), url: subscription.url, secret: subscription.secret }] : [];
    });
  }

  /**
   * Records an attempt and what follows: delivered; tried again at `retryAt`; or given up
   * (failed) once its attempts are spent.
   */
  async recordAttempt(delivery: WebhookDelivery, result: AttemptResult, retryAt: Date): Promise<WebhookDelivery> {
    const attempt = delivery.attempts + 1;
    const status = result.ok ? 'delivered' : result.giveUp || attempt >= delivery.maxAttempts ? 'failed' : 'pending';
    const error = result.error?.slice(0, 1000) ?? null;
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: delivery.id,
          subscription_id: delivery.subscriptionId,
          attempt,
          started_at: result.startedAt.toISOString(),
          duration_ms: Math.round(result.durationMs),
          status_code: result.statusCode,
          error,
          ok: result.ok ? 1 : 0,
        })
        .execute();
      const row = await trx
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          status,
          last_status_code: result.statusCode,
          last_error: error,
          delivered_at: result.ok ? new Date(result.startedAt.getTime() + result.durationMs).toISOString() : null,
          next_attempt_at: (status === 'pending' ? retryAt : result.startedAt).toISOString(),
        })
        .where('id', '=', delivery.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDelivery(row);
    });
  }

  /** The delivery log of a subscription: its latest attempts, newest first. */
  async attempts(subscriptionId: number, limit = 50): Promise<WebhookAttempt[]> {
    const rows = await this.db
      .selectFrom('webhook_attempts')
      .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
      .select([
        'webhook_attempts.id',
        'webhook_attempts.delivery_id',
        'webhook_attempts.attempt',
        'webhook_attempts.started_at',
        'webhook_attempts.duration_ms',
        'webhook_attempts.status_code',
        'webhook_attempts.error',
        'webhook_attempts.ok',
        'webhook_deliveries.event',
        'webhook_deliveries.event_id',
        'webhook_deliveries.status',
        'webhook_deliveries.next_attempt_at',
      ])
      .where('webhook_attempts.subscription_id', '=', subscriptionId)
      .orderBy('webhook_attempts.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      deliveryId: Number(row.delivery_id),
      event: row.event,
      eventId: row.event_id,
      attempt: row.attempt,
      startedAt: toDate(row.started_at),
      durationMs: row.duration_ms,
      statusCode: row.status_code,
      error: row.error,
      ok: Number(row.ok) === 1,
      deliveryStatus: row.status,
      nextAttemptAt: row.status === 'pending' ? toDate(row.next_attempt_at) : null,
    }));
  }

  /** Forgets deliveries (and their attempts) done — delivered or given up — more than `maxAgeMs` ago. */
  async prune(maxAgeMs: number, now = new Date()): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('created_at', '<', new Date(now.getTime() - maxAgeMs).toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** A subscription's deliveries, newest first. */
  async deliveries(subscriptionId: number, limit = 100): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }
}

function checkUrl(input: string): URL {
  const text = input.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    text.length > MAX_URL_LENGTH ||
    url.username ||
    url.password
  ) {
    throw new WebhookError(
      'invalid_url',
      'The address must be an http:// or https:// URL, without a user name.',
      'العنوان يجب أن يكون رابطا يبدأ بـ https:// أو http://، من غير اسم مستخدم.',
    );
  }
  return url;
}

function checkTopics(input: readonly string[]): WebhookTopic[] {
  const topics = WEBHOOK_TOPICS.filter((topic) => input.includes(topic));
  if (topics.length === 0 || input.some((topic) => !isWebhookTopic(topic))) {
    throw new WebhookError(
      'invalid_topics',
      `Choose one or more of: ${WEBHOOK_TOPICS.join(', ')}.`,
      'اختر حدثا واحدا على الأقل من القائمة.',
    );
  }
  return topics;
}

function unknownSubscription(id: number): WebhookError {
  return new WebhookError('unknown_subscription', `There is no webhook ${id}.`, 'هذا الاشتراك غير موجود.');
}

function parseTopics(text: string): WebhookTopic[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter(isWebhookTopic) : [];
}

function toSubscription(row: Selectable<WebhookSubscriptionsTable>): WebhookSubscription {
  return {
    id: Number(row.id),
    url: row.url,
    description: row.description,
    topics: parseTopics(row.topics),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: toDate(row.created_at),
    disabledAt: toOptionalDate(row.disabled_at),
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: Number(row.id),
    subscriptionId: Number(row.subscription_id),
    event: row.event,
    eventId: row.event_id,
    body: row.body,
    status: row.status as WebhookDelivery['status'],
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    createdAt: toDate(row.created_at),
    deliveredAt: toOptionalDate(row.delivered_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
  };
}
