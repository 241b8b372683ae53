import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExtractionRules } from '../entities/found-entity.ts';
import type { AnalysisRequest } from './analysis-worker.ts';
import type { AnalyzableText, ArticleAnalysis } from './article-analysis.ts';

/**
 * The worker: its compiled file at the root of dist/ (an entry of the build of its own, beside
 * ghad.js and the chunks), or, run from the sources (tests, `npm run dev`), its source through
 * tsx, which a worker thread does not inherit from the command line.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(FROM_SOURCES ? './analysis-worker.ts' : '../analysis-worker.js', import.meta.url);

function startWorker(): Worker {
  if (!FROM_SOURCES) return new Worker(WORKER_FILE);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const bootstrap = `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/** One thread fewer than the CPUs (the writing thread keeps one), at least one, at most three. */
export function defaultAnalysisThreads(): number {
  return Math.max(1, Math.min(3, os.availableParallelism() - 1));
}

interface Thread {
  worker: Worker;
  /** The rules version this thread holds. */
  rulesVersion: number;
  pending: number;
}

/**
 * Worker threads that analyze articles' text (article-analysis.ts) off the writing thread, so
 * that a bulk write (UpsertPipeline) analyzes one batch while it writes the one before. Each
 * thread loads the analyzer and the entity lexicon once. A batch is split evenly between the
 * threads and comes back in its order. Threads keep the process alive only while they work;
 * `close()` ends them.
 */
export class AnalysisWorkers {
  readonly #threads: Thread[] = [];
  readonly #waiting = new Map<number, { resolve: (a: ArticleAnalysis[]) => void; reject: (e: Error) => void }>();
  readonly #versions = new WeakMap<ExtractionRules, number>();
  #nextVersion = 1;
  #nextId = 1;
  #failure: Error | undefined;

  constructor(threads = defaultAnalysisThreads()) {
    for (let i = 0; i < threads; i++) {
      const worker = startWorker();
      const thread: Thread = { worker, rulesVersion: 0, pending: 0 };
      worker.unref();
      worker.on('message', (message: { id: number; analyses?: ArticleAnalysis[]; error?: string }) => {
        thread.pending--;
        if (thread.pending === 0) worker.unref();
        const waiting = this.#waiting.get(message.id);
        if (!waiting) return;
        this.#waiting.delete(message.id);
        if (message.analyses) waiting.resolve(message.analyses);
        else waiting.reject(new Error(message.error ?? 'analysis failed'));
      });
      worker.on('error', (error) => this.#fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.#fail(new Error(`an analysis thread exited with code ${code}`));
      });
      this.#threads.push(thread);
    }
  }

  /** The analyses of `texts`, in their order, under `rules`. */
  async analyze(texts: readonly AnalyzableText[], rules: ExtractionRules): Promise<ArticleAnalysis[]> {
    if (this.#failure) throw this.#failure;
    if (texts.length === 0) return [];
    let version = this.#versions.get(rules);
    if (version === undefined) {
      version = this.#nextVersion++;
      this.#versions.set(rules, version);
    }
    const share = Math.ceil(texts.length / this.#threads.length);
    const parts: Promise<ArticleAnalysis[]>[] = [];
    for (const [i, thread] of this.#threads.entries()) {
      const slice = texts.slice(i * share, (i + 1) * share);
      if (slice.length > 0) parts.push(this.#send(thread, slice, rules, version));
    }
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((thread) => thread.worker.terminate()));
    this.#threads.length = 0;
  }

  #send(thread: Thread, texts: AnalyzableText[], rules: ExtractionRules, rulesVersion: number) {
    const id = this.#nextId++;
    const request: AnalysisRequest = { id, rulesVersion, texts };
    if (thread.rulesVersion !== rulesVersion) {
      request.rules = rules;
      thread.rulesVersion = rulesVersion;
    }
    return new Promise<ArticleAnalysis[]>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if (thread.pending++ === 0) thread.worker.ref();
      thread.worker.postMessage(request);
    });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }
}
