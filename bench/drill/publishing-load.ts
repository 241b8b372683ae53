import { failureReason, type RequestTally } from './request-tally.ts';

/** A write that has not answered after this long counts as failed (and is tried again). */
const WRITE_TIMEOUT_MS = 15_000;
/** A publication not done after this long is given up (and reported). */
const GIVE_UP_MS = 90_000;
const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 1000;

/** One article the newsroom's client means to publish, and what became of it. */
export interface Publication {
  number: number;
  /** In the headline: how the home page and the database find it. */
  marker: string;
  startedAt: number;
  /** The ids the create requests answered (one, unless a create answered twice). */
  articleIds: number[];
  /** When the publish request that took effect was sent, and when the client knew it was published. */
  publishSentAt?: number;
  publishedAt?: number;
  /** The client's belief at the end: true once a publish answered 200, or a retry found it published. */
  believedPublished: boolean;
  /** Why the client gave up, if it did. */
  gaveUp?: string;
}

/**
 * The newsroom's client: creates a draft and publishes it through Varnish to the admin API,
 * one publication after another per publisher. A failed request is tried again (a short
 * pause, doubling) until it succeeds, as a real client would: the create with an
 * Idempotency-Key, so that one whose answer was lost makes no second article; a publish that
 * answers 409 after an earlier try failed is checked: the earlier try may have published it.
 */
export class PublishingLoad {
  readonly publications: Publication[] = [];
  readonly #origin: string;
  readonly #headers: Record<string, string>;
  readonly #sections: string[];
  readonly #tally: RequestTally;
  readonly #run: string;
  readonly #onPublished: (publication: Publication) => void;
  readonly #pauseMs: number;
  #running = false;
  #publishers: Promise<void>[] = [];

  constructor(options: {
    origin: string;
    headers: Record<string, string>;
    sections: string[];
    tally: RequestTally;
    /** Tells this run's articles apart in the database. */
    run: string;
    /** Called once a publication is believed published. */
    onPublished: (publication: Publication) => void;
    /** Between two publications of one publisher. */
    pauseMs?: number;
  }) {
    this.#origin = options.origin;
    this.#headers = options.headers;
    this.#sections = options.sections;
    this.#tally = options.tally;
    this.#run = options.run;
    this.#onPublished = options.onPublished;
    this.#pauseMs = options.pauseMs ?? 300;
  }

  /** The marker of this run's headlines, before the publication's number. */
  get markerPrefix(): string {
    return `تمرين ${this.#run}-`;
  }

  start(publishers: number): void {
    this.#running = true;
    for (let i = 0; i < publishers; i++) this.#publishers.push(this.#publishLoop(() => this.#running, this.#pauseMs));
  }

  /** `publishers` more, publishing without pause for `durationMs`; resolves when they are done. */
  async burst(publishers: number, durationMs: number): Promise<void> {
    const until = performance.now() + durationMs;
    const loops = Array.from({ length: publishers }, () =>
      this.#publishLoop(() => this.#running && performance.now() < until, 0),
    );
    this.#publishers.push(...loops);
    await Promise.all(loops);
  }

  /** No new publication; resolves once those under way are done (or given up). */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#publishers);
    this.#publishers = [];
  }

  async #publishLoop(going: () => boolean, pauseMs: number): Promise<void> {
    while (going()) {
      await this.#publishOne();
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }

  async #publishOne(): Promise<void> {
    const number = this.publications.length + 1;
    const publication: Publication = {
      number,
      marker: `${this.markerPrefix}${number}`,
      startedAt: performance.now(),
      articleIds: [],
      believedPublished: false,
    };
    this.publications.push(publication);
    const section = this.#sections[number % this.#sections.length]!;
    // Sent again after a failure, the create makes no second article: the key names this one.
    const idempotencyKey = `drill-${this.#run}-${number}`;
    const created = await this.#untilDone(publication, 'POST', '/api/v1/admin/articles', idempotencyKey, {
      headline: `${publication.marker}: مجلس المدينة يصادق على برنامج لتأهيل الأسواق الجماعية`,
      sectionSlug: section,
      body: [
        {
          type: 'paragraph',
          text: 'صادق مجلس المدينة في دورته العادية على برنامج لتأهيل الأسواق الجماعية يشمل تجديد الأروقة وتحسين الإنارة وتنظيم الولوج.',
        },
      ],
      bylines: [{ name: 'هيئة التحرير', kind: 'organization' }],
    });
    if (!created) return;
    const id = (created.body as { id: number }).id;
    publication.articleIds.push(id);
    const answer = await this.#untilDone(publication, 'POST', `/api/v1/admin/articles/${id}/transitions`, undefined, {
      action: 'publish',
    });
    if (!answer) return;
    if (answer.status === 200) {
      publication.publishSentAt = answer.sentAt;
    } else {
      // 409: not publishable from its state. After a try that seemed to fail, that try may have
      // published it: the client asks (publish → visible is then counted from the first try).
      const state = await this.#untilDone(publication, 'GET', `/api/v1/admin/articles/${id}`);
      if (!state) return;
      const status = (state.body as { status: string }).status;
      if (status !== 'published' || answer.firstSentAt === answer.sentAt) {
        publication.gaveUp = `publish answered 409 at the first try; the article is ${status}`;
        return;
      }
      publication.publishSentAt = answer.firstSentAt;
    }
    publication.publishedAt = performance.now();
    publication.believedPublished = true;
    this.#onPublished(publication);
  }

  /**
   * Sends one request until it answers 2xx or 409 (returned, with when the first and the last
   * try were sent), trying again after each failure; undefined when given up (another 4xx
   * than 409 and 429, or still failing after GIVE_UP_MS).
   */
  async #untilDone(
    publication: Publication,
    method: 'GET' | 'POST',
    path: string,
    idempotencyKey?: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; sentAt: number; firstSentAt: number } | undefined> {
    let delay = FIRST_RETRY_MS;
    const firstSentAt = performance.now();
    for (;;) {
      const sentAt = performance.now();
      let failure: string;
      try {
        const response = await fetch(`${this.#origin}${path}`, {
          method,
          headers: idempotencyKey ? { ...this.#headers, 'idempotency-key': idempotencyKey } : this.#headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(WRITE_TIMEOUT_MS),
        });
        const text = await response.text();
        if (response.ok || response.status === 409) {
          this.#tally.record('publish', sentAt, response.ok ? undefined : '409');
          return { status: response.status, body: JSON.parse(text), sentAt, firstSentAt };
        }
        failure = String(response.status);
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          this.#tally.record('publish', sentAt, failure);
          publication.gaveUp = `${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`;
          return undefined;
        }
      } catch (error) {
        failure = failureReason(error);
      }
      this.#tally.record('publish', sentAt, failure);
      if (performance.now() - publication.startedAt > GIVE_UP_MS) {
        publication.gaveUp = `${method} ${path} still failing (${failure}) after ${GIVE_UP_MS / 1000} s`;
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(LONGEST_RETRY_MS, delay * 2);
    }
  }
}
