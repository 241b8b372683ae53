import { createHmac, randomBytes } from 'node:crypto';
import type { HourlyViews } from '../store/audience.ts';

const HOUR_MS = 3600_000;

/** One view per (client, article) within this window: a reload or a script repeating the beacon adds nothing. */
export const REPEAT_VIEW_WINDOW_MS = 30 * 60_000;
/** The most (client, article) pairs remembered; past it the oldest are forgotten first. */
export const MAX_REMEMBERED_VIEWERS = 200_000;

/** The start of the UTC hour of `at`, as ISO 8601 text (the key of `article_views`). */
export function hourOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
}

/**
 * Views counted in memory, per article and hour, until the next flush takes them: a page view
 * costs no database write. `publishedArticle` says whether an id is a published article (the
 * answer is remembered a minute, so a beacon costs at most one read a minute per article);
 * other ids are ignored. One client (its address) counts once per article within
 * `repeatWindowMs`: the pair is remembered in memory only, as an HMAC under a key made at start
 * and never written anywhere, so no address is kept, not even in memory, and nothing about the
 * reader reaches the database.
 */
export class ViewCounter {
  #counts = new Map<string, HourlyViews>();
  readonly #known = new Map<number, { published: boolean; until: number }>();
  /** HMAC(client, article) → until when a view of that pair is not counted again (in insertion order). */
  readonly #seen = new Map<string, number>();
  readonly #key = randomBytes(32);

  constructor(
    private readonly publishedArticle: (id: number) => Promise<boolean>,
    private readonly now: () => Date = () => new Date(),
    private readonly rememberMs = 60_000,
    private readonly repeatWindowMs = REPEAT_VIEW_WINDOW_MS,
    private readonly maxViewers = MAX_REMEMBERED_VIEWERS,
  ) {}

  /**
   * Counts one view of `articleId` by `client` (the reader's address; without it, every call
   * counts); false when it is not a published article or that client's view of it was already
   * counted within the window.
   */
  async count(articleId: number, client?: string): Promise<boolean> {
    if (!(await this.#isPublished(articleId))) return false;
    if (client !== undefined && this.#seenRecently(client, articleId)) return false;
    const hour = hourOf(this.now());
    const key = `${articleId}|${hour}`;
    const row = this.#counts.get(key);
    if (row) row.views += 1;
    else this.#counts.set(key, { articleId, hour, views: 1 });
    return true;
  }

  /** Views not yet flushed. */
  get pending(): number {
    let total = 0;
    for (const row of this.#counts.values()) total += row.views;
    return total;
  }

  /** Takes every view counted so far (the counter starts again at zero). */
  take(): HourlyViews[] {
    const rows = [...this.#counts.values()];
    this.#counts = new Map();
    return rows;
  }

  /** Puts back views whose flush failed, so that none is lost. */
  giveBack(rows: readonly HourlyViews[]): void {
    for (const row of rows) {
      const key = `${row.articleId}|${row.hour}`;
      const current = this.#counts.get(key);
      if (current) current.views += row.views;
      else this.#counts.set(key, { ...row });
    }
  }

  /** Whether `client` viewed `articleId` within the window; remembers this view if not. */
  #seenRecently(client: string, articleId: number): boolean {
    const now = this.now().getTime();
    const pair = createHmac('sha256', this.#key).update(`${articleId}|${client}`).digest('base64url').slice(0, 22);
    const until = this.#seen.get(pair);
    if (until !== undefined && until > now) return true;
    // Oldest first (insertion order): drop the expired, and the oldest past the bound.
    for (const [oldest, end] of this.#seen) {
      if (end > now && this.#seen.size < this.maxViewers) break;
      this.#seen.delete(oldest);
    }
    this.#seen.delete(pair);
    this.#seen.set(pair, now + this.repeatWindowMs);
    return false;
  }

  async #isPublished(id: number): Promise<boolean> {
    const now = this.now().getTime();
    const known = this.#known.get(id);
    if (known && known.until > now) return known.published;
    const published = await this.publishedArticle(id);
    // Bounded: a flood of made-up ids cannot grow the memory without end.
    if (this.#known.size >= 50_000) this.#known.clear();
    this.#known.set(id, { published, until: now + this.rememberMs });
    return published;
  }
}
