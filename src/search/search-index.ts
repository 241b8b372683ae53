/**
 * Full-text search over published articles: one interface, two backends that mirror each
 * other (sqlite-search-index.ts on FTS5, postgres-search-index.ts on tsvector + GIN), both fed
 * by the analyzer in src/arabic/analyzer.ts so that they match the same things.
 */

/** What the index needs of an article: its searchable fields and its filters. */
export interface IndexableArticle {
  id: number;
  headline: string;
  kicker: string | null;
  dek: string | null;
  bodyText: string;
  sectionId: number;
  publishedAt: Date | null;
  /** Only published articles are searchable; indexing any other status removes the article. */
  published: boolean;
}

/** A reader's query after parsing (query.ts): words, "exact phrases" and -exclusions. */
export interface SearchQuery {
  /** The words and phrases as typed, before analysis. */
  text: string;
  sectionId?: number;
  /** Inclusive lower and exclusive upper bound of publishedAt. */
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface SearchHit {
  articleId: number;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

export interface SearchResults {
  hits: SearchHit[];
  total: number;
  /** Counts over all matches (not only this page): per section and per year of publication. */
  facets: {
    sections: { sectionId: number; count: number }[];
    years: { year: number; count: number }[];
  };
}

export interface HeadlineSuggestion {
  articleId: number;
  headline: string;
}

export interface SearchIndex {
  /** Adds, replaces or (when not published) removes one article. */
  index(article: IndexableArticle): Promise<void>;
  remove(articleId: number): Promise<void>;
  search(query: SearchQuery): Promise<SearchResults>;
  /** Headlines whose words start with what the reader has typed so far. */
  suggest(prefix: string, limit: number): Promise<HeadlineSuggestion[]>;
  /** Spellings of a word that the index holds and that share its stem or name key (for "did you mean"). */
  variants(word: string, limit: number): Promise<string[]>;
  /** Indexes every published article again; `onProgress(done, total)`. Returns how many. */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<number>;
}
