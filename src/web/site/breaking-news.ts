import type { CurationRepository } from '../../store/curation.ts';

/** A story in the breaking-news banner. */
export interface BreakingStory {
  id: number;
  slug: string;
  headline: string;
  /** The banner leaves it then. */
  until: Date;
}

/** What the banner of a page rendered now shows, and until when that stays true. */
export interface BannerState {
  stories: BreakingStory[];
  /** The earliest end of the stories shown: a page with this banner is stale after it. */
  expiresAt: Date | undefined;
}

/** Anything whose counter changes with each purge (the page cache). */
interface PurgeGeneration {
  readonly generation: number;
}

/**
 * The breaking-news banner of every reader page, read once and then remembered until a purge
 * (a story marked, cleared or edited purges the banner's pages, and so this memory), until
 * its earliest story ends, or for `maxAgeMs` at most: an uncached page does not pay a query
 * for it, and no page shows a story past its end.
 */
export class BreakingNewsBanner {
  #remembered: { state: BannerState; generation: number; readAt: number } | undefined;
  #reading: Promise<BannerState> | undefined;

  constructor(
    private readonly curation: Pick<CurationRepository, 'breakingNews'>,
    private readonly purges: PurgeGeneration,
    private readonly options: { maxAgeMs: number; clock?: () => Date } = { maxAgeMs: 5000 },
  ) {}

  async current(): Promise<BannerState> {
    const now = this.#now();
    const remembered = this.#remembered;
    if (
      remembered &&
      remembered.generation === this.purges.generation &&
      now - remembered.readAt < this.options.maxAgeMs &&
      (remembered.state.expiresAt === undefined || now < remembered.state.expiresAt.getTime())
    ) {
      return remembered.state;
    }
    if (!this.#reading) {
      // The generation before the read: a purge during the read makes its result stale at once.
      const generation = this.purges.generation;
      this.#reading = this.#read(new Date(now))
        .then((state) => {
          this.#remembered = { state, generation, readAt: now };
          return state;
        })
        .finally(() => {
          this.#reading = undefined;
        });
    }
    return this.#reading;
  }

  async #read(now: Date): Promise<BannerState> {
    const news = await this.curation.breakingNews(now);
    const stories = news.map((s) => ({ id: s.id, slug: s.slug, headline: s.headline, until: s.breakingUntil }));
    const ends = stories.map((s) => s.until.getTime());
    return { stories, expiresAt: ends.length > 0 ? new Date(Math.min(...ends)) : undefined };
  }

  #now(): number {
    return (this.options.clock?.() ?? new Date()).getTime();
  }
}
