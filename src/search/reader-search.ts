import type { ArticleSummary } from '../content/article.ts';
import type { Store } from '../store/store.ts';
import { didYouMean } from './did-you-mean.ts';
import { type Snippet, snippet } from './snippet.ts';

/** One search as the reader site and the API run it. */
export interface ReaderSearchRequest {
  text: string;
  sectionId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export interface ReaderSearchResults {
  total: number;
  /** `total` is a lower bound: there are more matches than the index counts (1,000). */
  totalIsLowerBound: boolean;
  results: { article: ArticleSummary & { externalId: string | null }; snippet: Snippet }[];
  facets: { sections: { sectionId: number; count: number }[]; years: { year: number; count: number }[] };
  /** A respelling of the query that finds articles, offered when this one finds none. */
  didYouMean: string | undefined;
}

/**
 * Searches the index, then reads the page's articles from the store and cuts a highlighted
 * snippet from each one's own text. When nothing is found, looks for a respelling that is.
 */
export async function searchArticles(store: Store, request: ReaderSearchRequest): Promise<ReaderSearchResults> {
  const filters = {
    ...(request.sectionId !== undefined ? { sectionId: request.sectionId } : {}),
    ...(request.from ? { from: request.from } : {}),
    ...(request.to ? { to: request.to } : {}),
  };
  const found = await store.search.search({
    text: request.text,
    ...filters,
    limit: request.limit,
    offset: request.offset,
  });
  const articles = await store.articles.summariesWithText(found.hits.map((hit) => hit.articleId));
  const results = articles.map(({ bodyText, ...article }) => ({ article, snippet: snippet(bodyText, request.text) }));
  const respelled =
    found.total === 0 && request.offset === 0
      ? await didYouMean(request.text, {
          variants: (word, limit) => store.search.variants(word, limit),
          count: async (text) => (await store.search.search({ text, ...filters, limit: 1, offset: 0 })).total,
        })
      : undefined;
  return {
    total: found.total,
    totalIsLowerBound: found.totalIsLowerBound === true,
    results,
    facets: found.facets,
    didYouMean: respelled,
  };
}
