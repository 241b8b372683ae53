import type { HourlyViews } from '../store/audience.ts';

const HOUR_MS = 3600_000;

/** The start of the UTC hour of `at`, as ISO 8601 text (the key of `article_views`). */
export function hourOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
}

/**
 * Views counted in memory, per article and hour, until the next flush takes them: a page view
 * costs no database write. `publishedArticle` says whether an id is a published article (the
 * answer is remembered a minute, so a beacon costs at most one read a minute per article);
 * other ids are ignored.
 */
export class ViewCounter {
  #counts = new Map<string, HourlyViews>();
  readonly #known = new Map<number, { published: boolean; until: number }>();

  constructor(
    private readonly publishedArticle: (id: number) => Promise<boolean>,
    private readonly now: () => Date = () => new Date(),
    private readonly rememberMs = 60_000,
  ) {}

  /** Counts one view of `articleId`; false when it is not a published article. */
  async count(articleId: number): Promise<boolean> {
    if (!(await this.#isPublished(articleId))) return false;
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
