import { extractEntities } from '../entities/extract.ts';
import type { ExtractableArticle, ExtractionRules, FoundEntity } from '../entities/found-entity.ts';
import { type SearchFields, searchFields } from '../search/search-document.ts';
import { bandKeys } from '../stories/near-copy.ts';
import { type ArticleTerms, articleTerms } from '../stories/rare-terms.ts';

/**
 * What indexing learns from an article's text alone, before it is written: its search tokens,
 * the names it holds under the newsroom's decisions (`rules`), its near-copy fingerprint and
 * its words counted for «اقرأ أيضا».
 * Pure and plain data, so that it runs on the writing thread or in a worker thread
 * (analysis-workers.ts) alike; the writer adds what the text does not decide (the article's
 * id, section and date).
 */
export interface ArticleAnalysis {
  fields: SearchFields;
  entities: FoundEntity[];
  /** The near-copy fingerprint of the body (stories/near-copy.ts). */
  bandKeys: number[];
  /** The words «اقرأ أيضا» counts and relates it through (stories/rare-terms.ts). */
  terms: ArticleTerms;
}

export type AnalyzableText = Required<ExtractableArticle>;

export function analyzeArticle(article: AnalyzableText, rules: ExtractionRules): ArticleAnalysis {
  return {
    fields: searchFields(article),
    entities: extractEntities(article, rules),
    bandKeys: bandKeys(article.bodyText),
    terms: articleTerms(article),
  };
}

/** A batch analyzed beforehand, in the batch's order, with the decisions its entities were found under. */
export interface AnalyzedBatch {
  rules: ExtractionRules;
  analyses: readonly ArticleAnalysis[];
}
