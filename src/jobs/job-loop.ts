import { type ArticleChange, ChangeSet } from '../content/change.ts';
import { OUTBOX_TOPICS, type OutboxMessage } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import { cacheTags, tagsForChanges } from '../web/cache-tags.ts';
import { isWebhookTopic } from '../webhooks/topics.ts';
import { webhookEventBody } from '../webhooks/webhook-body.ts';
import { MAX_DELIVERY_ATTEMPTS } from './webhook-sender.ts';

export interface JobLoopOptions {
  store: Store;
  /** The newsroom's time zone: purges name publication days in it. */
  timeZone: string;
  /** How often the outbox is looked at, in ms. Publishing is due within this (plus the purge poll). */
  pollMs?: number;
  /** Called after a round recorded purges in cache_invalidations, with their tags: serve makes the page caches read them now. */
  onPurge?: (tags: string[]) => void;
  /** The site's absolute URL, for the article URLs in webhook bodies. */
  siteUrl?: string;
  /** The time; tests move it. */
  clock?: () => Date;
  /** Told the messages a round did, once committed, and when: the metrics measure the loop's lag. */
  onDone?: (messages: readonly OutboxMessage[], at: Date) => void;
  /** Reports a message that failed (it is retried later), or a round that could not read the outbox. */
  onError?: (error: unknown, message?: OutboxMessage) => void;
}

/**
 * Does the outbox's work: publishes scheduled articles when their time comes, records the
 * page-cache purges of every change and creates the webhook deliveries of every article and
 * entity event.
 * Each message is claimed, done and marked done in one transaction, so it is done exactly once,
 * also across restarts (what was not done is still in the outbox) and across servers on
 * PostgreSQL (claims skip rows another server holds).
 * On SQLite run one loop per database: `serve` starts it in the primary process only.
 */
export class JobLoop {
  readonly #store: Store;
  readonly #timeZone: string;
  readonly #pollMs: number;
  readonly #siteUrl: string;
  readonly #clock: () => Date;
  readonly #onPurge: ((tags: string[]) => void) | undefined;
  readonly #onError: ((error: unknown, message?: OutboxMessage) => void) | undefined;
  readonly #onDone: ((messages: readonly OutboxMessage[], at: Date) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #started = false;
  #stopping = false;
  /** A round is running; `#wanted`: another was asked for meanwhile. */
  #busy = false;
  #wanted = false;

  constructor(options: JobLoopOptions) {
    this.#store = options.store;
    this.#timeZone = options.timeZone;
    this.#pollMs = options.pollMs ?? 200;
    this.#siteUrl = options.siteUrl ?? '';
    this.#clock = options.clock ?? (() => new Date());
    this.#onPurge = options.onPurge;
    this.#onError = options.onError;
    this.#onDone = options.onDone;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopping = false;
    // Done messages are kept a week (to see what happened), then forgotten.
    this.#running = this.#store.outbox.prune(KEEP_DONE_MS).catch((error: unknown) => this.#onError?.(error));
    this.#schedule(0);
  }

  /** Stops after the message in hand, if any; what is left stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /**
   * Runs a round now rather than at the next poll: `serve` calls it after each newsroom or
   * admin API write, so that what a publish purges leaves the page cache at once.
   */
  wake(): void {
    if (!this.#started || this.#stopping) return;
    if (this.#busy) {
      this.#wanted = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#schedule(0);
  }

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#busy = true;
      this.#wanted = false;
      this.#running = this.runDue()
        .catch((error: unknown) => this.#onError?.(error))
        .then(() => this.makeRelatedLists())
        .then((made) => {
          // A full round may have left more to make: the next one starts at once. (The purges
          // of the lists made wait for the next round, as a poll away.)
          if (made >= RELATED_PER_ROUND) this.#wanted = true;
        })
        .catch((error: unknown) => this.#onError?.(error))
        .finally(() => {
          this.#busy = false;
          if (!this.#stopping) this.#schedule(this.#wanted ? 0 : this.#pollMs);
        });
    }, delay);
    this.#timer.unref();
  }

  /**
   * Makes the queued «اقرأ أيضا» lists (store/related-lists.ts), at most RELATED_PER_ROUND, so
   * that a whole archive queued by an import or a migration never holds up a publication's
   * purge for longer than a round; returns how many were made.
   */
  async makeRelatedLists(): Promise<number> {
    let made = 0;
    while (!this.#stopping && made < RELATED_PER_ROUND) {
      const batch = await this.#store.related.refreshDue({ batch: RELATED_BATCH, timeZone: this.#timeZone });
      if (batch === 0) break;
      made += batch;
    }
    return made;
  }

  /**
   * Does every message due at `now`; returns how many were done. Messages are claimed up to
   * BATCH at a time and done in one transaction (one commit, one purge for all their changes);
   * when a batch fails, its messages are done one by one, so that only the failing one is
   * set back (and retried later).
   */
  async runDue(now?: () => Date): Promise<number> {
    const clock = now ?? this.#clock;
    let done = 0;
    let oneByOne = 0;
    while (!this.#stopping) {
      const size = oneByOne > 0 ? 1 : BATCH;
      if (oneByOne > 0) oneByOne--;
      if (!(await this.#store.outbox.hasDue(clock()))) break;
      const changes = new ChangeSet();
      const extraTags = new Set<string>();
      let claimed: OutboxMessage[] = [];
      try {
        claimed = await this.#store.db.transaction().execute(async (trx) => {
          const messages = await this.#store.outbox.claimDue(trx, clock(), size);
          // Remembered before the work, so that a failure can be recorded against them.
          claimed = messages;
          for (const message of messages) {
            if (message.topic === OUTBOX_TOPICS.publishDue) {
              const { articleId, at } = message.payload as { articleId: number; at: string };
              await this.#store.newsroomArticles.publishDueWithin(trx, articleId, new Date(at), clock());
            } else if (message.topic === OUTBOX_TOPICS.articleChanged) {
              changes.add(parseChange(message.payload));
            } else if (message.topic === OUTBOX_TOPICS.pagesPurge) {
              for (const tag of (message.payload as { tags: string[] }).tags) extraTags.add(tag);
            } else if (isWebhookTopic(message.topic)) {
              // One delivery per subscription, created with the event in this transaction; the
              // webhook sender (src/jobs/webhook-sender.ts) sends them.
              const eventId = `evt_${message.id}`;
              await this.#store.webhooks.fanOutWithin(
                trx,
                {
                  event: message.topic,
                  eventId,
                  body: webhookEventBody(eventId, message.topic, message.payload, this.#siteUrl),
                  maxAttempts: MAX_DELIVERY_ATTEMPTS,
                },
                clock(),
              );
            } else {
              throw new Error(`Unknown outbox topic "${message.topic}".`);
            }
          }
          // A story's page lists its published articles: a publication or an unpublication of
          // one, which the page does not carry the tag of yet (or any more), purges the story.
          for (const storyId of await this.#store.stories.storyIdsOfWithin(trx, [...changes.articleIds])) {
            extraTags.add(cacheTags.story(storyId));
          }
          await this.#store.cacheInvalidations.recordWithin(trx, purgeTags(changes, extraTags, this.#timeZone));
          await this.#store.outbox.markDone(
            trx,
            messages.map((m) => m.id),
            clock(),
          );
          return messages;
        });
      } catch (error) {
        if (claimed.length === 0) throw error;
        if (claimed.length > 1) {
          oneByOne = claimed.length;
          continue;
        }
        this.#onError?.(error, claimed[0]);
        await this.#store.outbox.markFailed(claimed[0]!, error, clock());
        continue;
      }
      if (claimed.length === 0) break;
      done += claimed.length;
      this.#onDone?.(claimed, clock());
      const tags = purgeTags(changes, extraTags, this.#timeZone);
      if (tags.length > 0) this.#onPurge?.(tags);
    }
    return done;
  }
}

const KEEP_DONE_MS = 7 * 24 * 60 * 60 * 1000;

/** Messages done in one transaction at most. */
const BATCH = 25;

/** «اقرأ أيضا» lists made in one transaction, and in one round, at most. */
const RELATED_BATCH = 20;
const RELATED_PER_ROUND = 200;

/** The tags of a batch's changes and explicit purges; `*` alone when it is among them. */
function purgeTags(changes: ChangeSet, extra: ReadonlySet<string>, timeZone: string): string[] {
  if (extra.has(cacheTags.all)) return [cacheTags.all];
  const tags = tagsForChanges(changes, timeZone);
  return [...new Set([...tags, ...extra])];
}

/** An ArticleChange as the outbox keeps it (dates as ISO strings). */
function parseChange(payload: unknown): ArticleChange {
  const change = payload as Omit<ArticleChange, 'publishedAt'> & { publishedAt: string[] };
  return { ...change, publishedAt: change.publishedAt.map((iso) => new Date(iso)) };
}
