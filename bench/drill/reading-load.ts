import { failureReason, type RequestTally } from './request-tally.ts';

/** A reader's request that has not answered after this long counts as failed. */
const READ_TIMEOUT_MS = 10_000;

/**
 * Readers through Varnish, each one page after another (a short pause between two): the
 * home page, section pages and article pages drawn at random. A status other than 200 or
 * no answer is a failed request. Runs until `stop()`.
 */
export class ReadingLoad {
  readonly #origin: string;
  readonly #paths: { home: string; sections: string[]; articles: string[] };
  readonly #tally: RequestTally;
  readonly #pauseMs: number;
  #running = false;
  #readers: Promise<void>[] = [];

  constructor(options: {
    origin: string;
    sections: string[];
    articles: string[];
    tally: RequestTally;
    pauseMs?: number;
  }) {
    this.#origin = options.origin;
    this.#paths = { home: '/', sections: options.sections, articles: options.articles };
    this.#tally = options.tally;
    this.#pauseMs = options.pauseMs ?? 10;
  }

  start(readers: number): void {
    this.#running = true;
    for (let i = 0; i < readers; i++) this.#readers.push(this.#read());
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#readers);
    this.#readers = [];
  }

  async #read(): Promise<void> {
    while (this.#running) {
      const path = this.#pickPath();
      const sentAt = performance.now();
      let failure: string | undefined;
      try {
        const response = await fetch(`${this.#origin}${path}`, {
          redirect: 'manual',
          signal: AbortSignal.timeout(READ_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.status !== 200) failure = String(response.status);
      } catch (error) {
        failure = failureReason(error);
      }
      this.#tally.record('read', sentAt, failure);
      await new Promise((resolve) => setTimeout(resolve, this.#pauseMs));
    }
  }

  #pickPath(): string {
    const draw = Math.random();
    const from = (list: string[]) => list[Math.floor(Math.random() * list.length)]!;
    if (draw < 0.2) return this.#paths.home;
    if (draw < 0.45) return from(this.#paths.sections);
    return from(this.#paths.articles);
  }
}
