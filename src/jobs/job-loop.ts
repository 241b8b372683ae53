import { type ArticleChange, ChangeSet } from '../content/change.ts';
import { OUTBOX_TOPICS, type OutboxMessage } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import { tagsForChanges } from '../web/cache-tags.ts';

export interface JobLoopOptions {
  store: Store;
  /** The newsroom's time zone: purges name publication days in it. */
  timeZone: string;
  /** How often the outbox is looked at, in ms. Publishing is due within this (plus the purge poll). */
  pollMs?: number;
  /** Purges this process's page cache at once (other processes follow cache_invalidations). */
  onPurge?: (tags: string[]) => void;
  /** Reports a message that failed (it is retried later), or a round that could not read the outbox. */
  onError?: (error: unknown, message?: OutboxMessage) => void;
}

/**
 * Does the outbox's work: publishes scheduled articles when their time comes and records the
 * page-cache purges of every change. Each message is claimed, done and marked done in one
 * transaction, so it is done exactly once, also across restarts (what was not done is still
 * in the outbox) and across servers on PostgreSQL (claims skip rows another server holds).
 * On SQLite run one loop per database: `serve` starts it in the primary process only.
 */
export class JobLoop {
  readonly #store: Store;
  readonly #timeZone: string;
  readonly #pollMs: number;
  readonly #onPurge: ((tags: string[]) => void) | undefined;
  readonly #onError: ((error: unknown, message?: OutboxMessage) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #started = false;
  #stopping = false;

  constructor(options: JobLoopOptions) {
    this.#store = options.store;
    this.#timeZone = options.timeZone;
    this.#pollMs = options.pollMs ?? 200;
    this.#onPurge = options.onPurge;
    this.#onError = options.onError;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopping = false;
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

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.runDue()
        .catch((error: unknown) => this.#onError?.(error))
        .finally(() => {
          if (!this.#stopping) this.#schedule(this.#pollMs);
        });
    }, delay);
    this.#timer.unref();
  }

  /** Does every message due at `now`, one transaction each; returns how many were done. */
  async runDue(now?: () => Date): Promise<number> {
    const clock = now ?? (() => new Date());
    let done = 0;
    while (!this.#stopping) {
      const purge: string[] = [];
      let claimed: OutboxMessage | undefined;
      try {
        claimed = await this.#store.db.transaction().execute(async (trx) => {
          const message = await this.#store.outbox.claimNext(trx, clock());
          if (!message) return undefined;
          // Remembered before the work, so that a failure can be recorded against it.
          claimed = message;
          if (message.topic === OUTBOX_TOPICS.publishDue) {
            const { articleId, at } = message.payload as { articleId: number; at: string };
            await this.#store.newsroomArticles.publishDueWithin(trx, articleId, new Date(at), clock());
          } else if (message.topic === OUTBOX_TOPICS.articleChanged) {
            const changes = new ChangeSet();
            changes.add(parseChange(message.payload));
            const tags = tagsForChanges(changes, this.#timeZone);
            await this.#store.cacheInvalidations.recordWithin(trx, tags);
            purge.push(...tags);
          } else {
            throw new Error(`Unknown outbox topic "${message.topic}".`);
          }
          await this.#store.outbox.markDone(trx, message.id, clock());
          return message;
        });
      } catch (error) {
        if (!claimed) throw error;
        this.#onError?.(error, claimed);
        await this.#store.outbox.markFailed(claimed, error, clock());
        continue;
      }
      if (!claimed) break;
      done++;
      if (purge.length > 0) this.#onPurge?.(purge);
    }
    return done;
  }
}

/** An ArticleChange as the outbox keeps it (dates as ISO strings). */
function parseChange(payload: unknown): ArticleChange {
  const change = payload as Omit<ArticleChange, 'publishedAt'> & { publishedAt: string[] };
  return { ...change, publishedAt: change.publishedAt.map((iso) => new Date(iso)) };
}
