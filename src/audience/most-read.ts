import type { ArticleSummary } from '../content/article.ts';
import type { Store } from '../store/store.ts';

export const MOST_READ_COUNT = 5;

export interface MostReadLists {
  day: ArticleSummary[];
  week: ArticleSummary[];
}

/**
 * "الأكثر قراءة": the most viewed published articles of the last 24 hours and 7 days, from the
 * hourly counts, remembered for `rememberMs` (a minute) so that an uncached page does not pay
 * two aggregate queries, and read again after any purge of the page cache (so that an
 * unpublished article leaves the re-rendered pages at once). Cached pages show the lists they were rendered with, up to the page
 * cache's lifetime (10 minutes) old.
 */
export class MostRead {
  #lists: { value: MostReadLists; until: number; generation: number } | undefined;
  #loading: Promise<MostReadLists> | undefined;

  constructor(
    private readonly store: Store,
    /** The page cache's generation: a purge (an article unpublished, corrected) makes the lists be read again. */
    private readonly generation: () => number = () => 0,
    private readonly rememberMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<MostReadLists> {
    const lists = this.#lists;
    if (lists && lists.until > this.now() && lists.generation === this.generation()) return lists.value;
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** Forgets the remembered lists (an unpublished article must leave them at once). */
  forget(): void {
    this.#lists = undefined;
  }

  async #load(): Promise<MostReadLists> {
    const now = this.now();
    const generation = this.generation();
    const [day, week] = await Promise.all([this.#top(now - 24 * 3600_000), this.#top(now - 7 * 24 * 3600_000)]);
    const value = { day, week };
    this.#lists = { value, until: now + this.rememberMs, generation };
    return value;
  }

  async #top(since: number): Promise<ArticleSummary[]> {
    const top = await this.store.audience.topArticles(new Date(since), MOST_READ_COUNT);
    const summaries = await this.store.articles.summariesWithText(top.map((t) => t.articleId));
    return summaries.map(({ id, slug, headline, kicker, dek, sectionId, publishedAt }) => ({
      id,
      slug,
      headline,
      kicker,
      dek,
      sectionId,
      publishedAt,
    }));
  }
}
