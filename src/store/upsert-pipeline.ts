import type { ArticleInput } from '../content/article.ts';
import { AnalysisWorkers } from './analysis-workers.ts';
import type { AnalyzedBatch } from './article-analysis.ts';
import { analyzableText, type UpsertResult } from './articles.ts';
import type { Store } from './store.ts';

/**
 * Bulk writes (imports) as upsertManyByExternalId makes them — one transaction per batch, in
 * the order given — with the analysis of each batch's text (search tokens, names) in worker
 * threads while the batch before is written: the writing thread keeps only the database's work.
 *
 *   const pipeline = new UpsertPipeline(store, (results) => count(results));
 *   for (const batch of batches) await pipeline.add(batch);
 *   await pipeline.finish();
 *
 * `add` returns once the batch before is written and this one's analysis and write are under
 * way, so at most two batches are held. A failed write fails the next `add` or `finish`; the
 * batches written before it stay written. `finish` (always call it, as with a file) waits for
 * the last write and ends the threads.
 */
export class UpsertPipeline {
  /** Started with the first batch: a file with no records starts no thread. */
  #workers: AnalysisWorkers | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'db' | 'articles' | 'indexing'>,
    private readonly onWritten: (results: UpsertResult[]) => void,
    private readonly threads?: number,
  ) {}

  async add(inputs: readonly (ArticleInput & { externalId: string })[]): Promise<void> {
    if (inputs.length === 0) return;
    const prepared = await this.store.articles.prepareUpserts(inputs);
    this.#workers ??= new AnalysisWorkers(this.threads);
    const analyzed: Promise<AnalyzedBatch> = this.store.indexing.analyze(
      this.store.db,
      this.#workers,
      prepared.map(analyzableText),
    );
    // Awaited by its write; a write that fails before it leaves it unheard otherwise.
    analyzed.catch(() => {});
    await this.#writing;
    const writing = this.store.articles.writeUpserts(prepared, analyzed).then(this.onWritten);
    // Heard at the next add or at finish; until then it must not count as unhandled.
    writing.catch(() => {});
    this.#writing = writing;
  }

  async finish(): Promise<void> {
    try {
      await this.#writing;
    } finally {
      await this.#workers?.close();
    }
  }
}
