import type { Kysely } from 'kysely';
import { entityPageTag } from '../entities/entity.ts';
import { extractEntities } from '../entities/extract.ts';
import type { ExtractionRules, FoundEntity } from '../entities/found-entity.ts';
import type { RebuildableIndex } from '../search/rebuild.ts';
import type { IndexableArticle } from '../search/search-index.ts';
import { bandKeys } from '../stories/near-copy.ts';
import { articleTerms } from '../stories/rare-terms.ts';
import type { AnalysisWorkers } from './analysis-workers.ts';
import type { AnalyzableText, AnalyzedBatch, ArticleAnalysis } from './article-analysis.ts';
import type { EntityRepository } from './entities.ts';
import type { NearCopyPair, NearCopyRepository } from './near-copies.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import type { RelatedListRepository } from './related-lists.ts';
import type { RelatedTermRepository } from './related-terms.ts';
import type { Database } from './schema.ts';

/**
 * What every article write keeps current beside the article, in the write's own transaction:
 * its search entry, its entities (who and what it names, linked to the newspaper's
 * entities), its near-copy fingerprint, its words counted for «اقرأ أيضا», and its place in the queue of «اقرأ أيضا» lists to make. Both repositories that write articles call
 * `indexWithin` once per batch, so no article is ever saved without them.
 *
 * Extraction reads the newsroom's decisions (rejected names, confirmed names) through
 * `rules()`, remembered for RULES_LIFETIME_MS and forgotten at once after a decision made in
 * this process (`forgetRules`); another process's decisions reach this one within the
 * lifetime. The entity pages a batch changed are purged through the outbox.
 */
export class ArticleIndexing {
  #rules: { rules: ExtractionRules; until: number } | undefined;

  constructor(
    private readonly search: Pick<RebuildableIndex, 'indexWithin'>,
    private readonly entities: EntityRepository,
    private readonly nearCopies: NearCopyRepository,
    private readonly relatedLists?: Pick<RelatedListRepository, 'queueWithin'>,
    private readonly relatedTerms?: Pick<RelatedTermRepository, 'indexWithin'>,
  ) {}

  /**
   * `analyzed`: articles whose text was analyzed beforehand (`analyze`); their entities are
   * taken as found only if the decisions have not changed since. Returns the near-copies the
   * batch's texts were found to be.
   */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    analyzed?: AnalyzedArticles,
  ): Promise<NearCopyPair[]> {
    if (articles.length === 0) return [];
    const fields = analyzed && new Map([...analyzed.byArticle].map(([article, { fields }]) => [article, fields]));
    await this.search.indexWithin(executor, articles, fields);
    const nearCopies = await this.nearCopies.indexWithin(
      executor,
      articles,
      (article) => analyzed?.byArticle.get(article as IndexableArticle)?.bandKeys ?? bandKeys(article.bodyText),
    );
    const rules = await this.rulesWithin(executor);
    const found = new Map<number, FoundEntity[]>();
    for (const article of articles) {
      const before = analyzed?.rules === rules ? analyzed.byArticle.get(article) : undefined;
      found.set(article.id, before?.entities ?? extractEntities(article, rules));
    }
    const touched = await this.entities.indexWithin(executor, articles, found);
    // Its rare words counted (what «اقرأ أيضا» relates through besides names)…
    await this.relatedTerms?.indexWithin(
      executor,
      articles,
      (article) => analyzed?.byArticle.get(article)?.terms ?? articleTerms(article),
    );
    // …and its «اقرأ أيضا» is made again after the write (and it is offered to its relations' lists).
    await this.relatedLists?.queueWithin(executor, articles);
    if (touched.length > 0) {
      await enqueue(executor, {
        topic: OUTBOX_TOPICS.pagesPurge,
        articleId: null,
        payload: { tags: touched.map(entityPageTag) },
      });
    }
    return nearCopies;
  }

  /** Analyzes `texts` in `workers` under the decisions as this process holds them (see indexWithin). */
  async analyze(
    db: Kysely<Database>,
    workers: AnalysisWorkers,
    texts: readonly AnalyzableText[],
  ): Promise<AnalyzedBatch> {
    const rules = await this.rulesWithin(db);
    return { rules, analyses: await workers.analyze(texts, rules) };
  }

  /** Makes the next write read the decisions afresh (after an editor's decision). */
  forgetRules(): void {
    this.#rules = undefined;
  }

  private async rulesWithin(executor: Kysely<Database>): Promise<ExtractionRules> {
    const now = Date.now();
    if (this.#rules === undefined || this.#rules.until <= now) {
      this.#rules = { rules: await this.entities.rules(executor), until: now + RULES_LIFETIME_MS };
    }
    return this.#rules.rules;
  }
}

/** Articles of a write whose text was analyzed beforehand, under `rules`. */
export interface AnalyzedArticles {
  rules: ExtractionRules;
  byArticle: ReadonlyMap<IndexableArticle, ArticleAnalysis>;
}

/** How long one process goes on using the decisions it read. */
const RULES_LIFETIME_MS = 60_000;
