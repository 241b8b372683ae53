import type { Publication } from './publishing-load.ts';
import { failureReason, type RequestTally } from './request-tally.ts';

/** What the watcher found for one publication. */
export interface Visibility {
  publication: Publication;
  /** From sending the publish request to the home page (through Varnish) reflecting it; undefined when missed. */
  visibleAfterMs?: number;
  /** When missed: after how long it showed all the same (undefined: not while the drill ran). */
  lateAfterMs?: number;
}

/**
 * Polls the home page through Varnish (a cached page, changed only by Ghad's purges) every
 * `everyMs` while publications wait to show, and says for each after how long the home page
 * reflected it: its headline is there, or the headline of a publication whose publish was
 * sent after this one was published (the page was made after this one, which more recent
 * ones pushed out of the home page's latest). Not within `deadlineMs`: a purge missed.
 */
export class HomeWatcher {
  readonly results: Visibility[] = [];
  readonly #origin: string;
  readonly #markerPrefix: string;
  readonly #tally: RequestTally;
  readonly #everyMs: number;
  readonly #deadlineMs: number;
  readonly #waiting = new Set<Publication>();
  /** Missed, still watched until the drill stops, to say how late they were. */
  readonly #late = new Map<Publication, Visibility>();
  readonly #published = new Map<number, Publication>();
  #running = false;
  #loop: Promise<void> | undefined;

  constructor(options: {
    origin: string;
    markerPrefix: string;
    tally: RequestTally;
    everyMs?: number;
    deadlineMs?: number;
  }) {
    this.#origin = options.origin;
    this.#markerPrefix = options.markerPrefix;
    this.#tally = options.tally;
    this.#everyMs = options.everyMs ?? 50;
    this.#deadlineMs = options.deadlineMs ?? 10_000;
  }

  get missed(): number {
    return this.results.filter((r) => r.visibleAfterMs === undefined).length;
  }

  start(): void {
    this.#running = true;
    this.#loop = this.#watch();
  }

  expect(publication: Publication): void {
    this.#published.set(publication.number, publication);
    this.#waiting.add(publication);
  }

  /** Resolves once every publication expected has shown or missed its deadline. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  async #watch(): Promise<void> {
    while (this.#running || this.#waiting.size > 0) {
      const sentAt = performance.now();
      let html: string | undefined;
      let failure: string | undefined;
      try {
        const response = await fetch(`${this.#origin}/`, { signal: AbortSignal.timeout(5000) });
        const body = await response.text();
        if (response.status === 200) html = body;
        else failure = String(response.status);
      } catch (error) {
        failure = failureReason(error);
      }
      this.#tally.record('watch', sentAt, failure);
      const answeredAt = performance.now();
      if (html !== undefined) this.#settle(html, answeredAt);
      for (const publication of this.#waiting) {
        if (answeredAt - publication.publishSentAt! > this.#deadlineMs) {
          this.#waiting.delete(publication);
          const missed: Visibility = { publication };
          this.results.push(missed);
          this.#late.set(publication, missed);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.#everyMs));
    }
  }

  #settle(html: string, answeredAt: number): void {
    const shown = new Set<number>();
    const marker = new RegExp(`${escapeRegExp(this.#markerPrefix)}(\\d+)`, 'g');
    for (const match of html.matchAll(marker)) shown.add(Number(match[1]));
    // The latest publish sent among the publications shown.
    let latestShownSentAt = Number.NEGATIVE_INFINITY;
    for (const number of shown) {
      const sent = this.#published.get(number)?.publishSentAt;
      if (sent !== undefined && sent > latestShownSentAt) latestShownSentAt = sent;
    }
    const reflects = (publication: Publication) =>
      shown.has(publication.number) || latestShownSentAt > publication.publishedAt!;
    for (const [publication, missed] of this.#late) {
      if (!reflects(publication)) continue;
      missed.lateAfterMs = answeredAt - publication.publishSentAt!;
      this.#late.delete(publication);
    }
    for (const publication of this.#waiting) {
      if (reflects(publication)) {
        this.#waiting.delete(publication);
        this.results.push({ publication, visibleAfterMs: answeredAt - publication.publishSentAt! });
      }
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
