import type { Store } from '../store/store.ts';
import { MostRead } from './most-read.ts';
import { SearchCounter } from './search-counter.ts';
import { ViewCounter } from './view-counter.ts';

/**
 * The audience of one server: views and searches counted in memory and written to the database
 * by `flush`, every few seconds (one upsert per article and hour, per query and day), and the
 * most-read lists. A failed flush keeps its counts for the next one; closing flushes what is left.
 */
export class Audience {
  readonly views: ViewCounter;
  readonly searches: SearchCounter;
  readonly mostRead: MostRead;
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    timeZone: string,
    /** The page cache's generation, which every purge changes. */
    cacheGeneration: () => number = () => 0,
  ) {
    this.views = new ViewCounter((id) => store.articles.isPublished(id));
    this.searches = new SearchCounter(timeZone);
    this.mostRead = new MostRead(store, cacheGeneration);
  }

  /** Writes what was counted since the last flush; one flush at a time. */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #write(): Promise<void> {
    const views = this.views.take();
    const searches = this.searches.take();
    try {
      await this.store.audience.addViews(views);
    } catch (error) {
      this.views.giveBack(views);
      this.searches.giveBack(searches);
      throw error;
    }
    try {
      await this.store.audience.addSearches(searches);
    } catch (error) {
      this.searches.giveBack(searches);
      throw error;
    }
  }
}
