/**
 * Full-text search over published articles: one interface, two backends that mirror each
 * other (sqlite-search-index.ts on FTS5, postgres-search-index.ts on tsvector + GIN), both fed
 * by the analyzer in src/arabic/analyzer.ts so that they match the same things.
 */

import type { QuerySpellings } from './query.ts';

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
  /**
   * The words and phrases as typed, before analysis (parsed by query.ts). Anything is
   * accepted: text with nothing to search (empty, punctuation, exclusions alone) gives an
   * empty result, and engine syntax (`*`, `NEAR(`, `OR`, `:`) is read as words.
   */
  text: string;
  /**
   * Other spellings of the query's words (the names of the entities they name), found as if
   * typed: گانتز and جانتس for غانتس. reader-search.ts fills it from the newsroom's entities.
   */
  spellings?: QuerySpellings;
  /**
   * The entity the whole query names (reader-search.ts): its articles are found too, the
   * prominent ones first (entity-matches.ts).
   */
  entityId?: number;
  /**
   * List partial matches after the full ones when the whole query finds fewer than 3 articles
   * (partial-matches.ts). Reader searches ask for them; the newsroom's lists do not.
   */
  partialMatches?: boolean;
  sectionId?: number;
  /** Inclusive lower and exclusive upper bound of publishedAt. */
  from?: Date;
  to?: Date;
  /** 1–100; other values are brought into range. */
  limit: number;
  offset: number;
}

export interface SearchHit {
  articleId: number;
  /** Higher is better; comparable only among the hits of one list with the same `match`. */
  score: number;
  /** 'all': the article holds every word of the query; 'some': a partial match (partial-matches.ts). */
  match: 'all' | 'some';
  /** The query's words a partial match does not hold (their exact forms, as the analyzer reads them). */
  missing?: string[];
}

export interface SearchResults {
  /**
   * This page, best first: the newest 1,000 matches by relevance with a gentle boost for
   * recency, then any older matches newest first; then, when asked and the matches are fewer
   * than 3, the partial matches (`partialTotal`).
   */
  hits: SearchHit[];
  /** Matches with every filter applied, counted up to 1,000. Partial matches are not counted. */
  total: number;
  /**
   * Partial matches listed after the `total` full ones (at most 1,000), when there are any: the
   * list that offset and limit page through is `total + partialTotal` long.
   */
  partialTotal?: number;
  /** Set when there are more than 1,000 matches: `total` and the facets are then lower bounds. */
  totalIsLowerBound?: boolean;
  /**
   * Counts over all full matches (not only this page; the newest 1,000 when there are more): per
   * section with the date filters but not the section filter (so the reader sees what another
   * section would give), and per UTC year of publication with the section filter but not the
   * date filters; undated articles have no year.
   */
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
  /**
   * Headlines whose words start with what the reader has typed so far (the last word as a
   * prefix of a headline word's exact form or stem, the words before it in full), newest first.
   * Fewer than two letters in the last word suggest nothing.
   */
  suggest(prefix: string, limit: number): Promise<HeadlineSuggestion[]>;
  /**
   * Spellings of a word that the index holds and that share its stem or name key (for "did you
   * mean"), as articles write them, most widespread first; never the word itself. Read from a
   * sample of the newest articles that hold the stem or name key.
   */
  variants(word: string, limit: number): Promise<string[]>;
  /**
   * Indexes every published article again and drops entries of articles that are not;
   * `onProgress(done, total)`. Returns how many. Searches keep working meanwhile.
   */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<number>;
}
