import type { Kysely } from 'kysely';
import { entityPageTag } from '../entities/entity.ts';
import { extractEntities } from '../entities/extract.ts';
import type { ExtractionRules, FoundEntity } from '../entities/found-entity.ts';
import type { RebuildableIndex } from '../search/rebuild.ts';
import type { IndexableArticle } from '../search/search-index.ts';
import type { EntityRepository } from './entities.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import type { Database } from './schema.ts';

/**
 * What every article write keeps current beside the article, in the write's own transaction:
 * its search entry and its entities (who and what it names, linked to the newspaper's
 * entities). Both repositories that write articles call `indexWithin` once per batch, so no
 * article is ever saved without either.
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
  ) {}

  async indexWithin(executor: Kysely<Database>, articles: readonly IndexableArticle[]): Promise<void> {
    if (articles.length === 0) return;
    await this.search.indexWithin(executor, articles);
    const rules = await this.rulesWithin(executor);
    const found = new Map<number, FoundEntity[]>();
    for (const article of articles) found.set(article.id, extractEntities(article, rules));
    const touched = await this.entities.indexWithin(executor, articles, found);
    if (touched.length > 0) {
      await enqueue(executor, {
        topic: OUTBOX_TOPICS.pagesPurge,
        articleId: null,
        payload: { tags: touched.map(entityPageTag) },
      });
    }
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

/** How long one process goes on using the decisions it read. */
const RULES_LIFETIME_MS = 60_000;
