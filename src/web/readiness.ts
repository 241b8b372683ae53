/** What one readiness check found: ready, or the reason it is not, in plain words. */
export type ReadinessResult = { ok: true } | { ok: false; reason: string };

/** A readiness check: asks what it depends on (the database, the media storage…) and says whether it answers. */
export type ReadinessCheck = () => Promise<ReadinessResult> | ReadinessResult;

export interface ReadinessReport {
  ready: boolean;
  /** Each failed check as `<name>: <reason>`, in the order the checks were added. */
  reasons: string[];
}

/** How long a check may take before it counts as failed: a load balancer's probe must not hang. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/**
 * What `/readyz` asks: named checks that other parts add (the database, the search index, the
 * media storage…), one line each:
 *
 *   app.readiness.add('media storage', () => storage.check());
 *
 * The checks run at once; one that throws or takes longer than the timeout fails with why.
 */
export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  }

  /** Adds a check under `name` (the first word of its reason); a name added twice is refused. */
  add(name: string, check: ReadinessCheck): void {
    if (this.#checks.has(name)) throw new Error(`A readiness check named "${name}" is already added.`);
    this.#checks.set(name, check);
  }

  get names(): string[] {
    return [...this.#checks.keys()];
  }

  async check(): Promise<ReadinessReport> {
    const results = await Promise.all(
      [...this.#checks].map(async ([name, check]) => ({ name, result: await this.#run(check) })),
    );
    const reasons = results.flatMap(({ name, result }) => (result.ok ? [] : [`${name}: ${result.reason}`]));
    return { ready: reasons.length === 0, reasons };
  }

  async #run(check: ReadinessCheck): Promise<ReadinessResult> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ReadinessResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, reason: `did not answer within ${this.#timeoutMs / 1000} s` }),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([Promise.resolve().then(check), late]);
    } catch (error) {
      return { ok: false, reason: `failed (${oneLine(error)})` };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** An error's message on one line, for a reason a person reads. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}
