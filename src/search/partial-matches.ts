import type { ParsedQuery, QueryWord } from './query.ts';
import { type MatchForm, recencyBoost } from './ranking.ts';
import type { SearchHit, SearchResults } from './search-index.ts';
import { filtersOf, RANK_WINDOW, runSearch, type SearchPage, type SearchReads } from './search-plan.ts';

/**
 * Partial matches: every word of a query must match, so one misspelled word among four
 * (الحكومة تعلن اجرائات جديدة) finds nothing. When the whole query finds fewer than
 * MIN_FULL_MATCHES articles, the articles that hold all of its words but one follow the full
 * matches, marked 'some' with the word they miss, and never repeat one. The same on both
 * backends: each gives the reads of a query (search-plan.ts), this decides which to make.
 *
 * - Only plain words may be missed: "phrases" and -exclusions keep their strict meaning in
 *   every partial match. A query needs two terms (words and phrases) and one plain word to
 *   have partial matches, so a one-word query never has any; nor has one of more than
 *   MAX_PARTIAL_WORDS words, as each word left out costs one more search.
 * - Each word left out is one read of the other words: their newest RANK_WINDOW matches,
 *   the same bounded read a full search makes. An article there that holds the missing word as
 *   well is a full match: it is already listed, and dropped here.
 * - Order: each holds as many words as the others, so relevance × recency over the words it
 *   holds, as full matches are ranked (ranking.ts).
 * - Paging: the list is the full matches, then the partial ones; `total` still counts the full
 *   matches, `partialTotal` the partial ones (the best RANK_WINDOW), and offset and limit page
 *   through both. Whether there are partial matches depends on the full total alone, so every
 *   page of one search reads the same list. The facets count the full matches only.
 *
 * "All words but one" rather than "any word, ranked by how many": on eval/partial-matches.ts
 * (one word of 3–5 mistyped) both put the article sought in the top 10 for 38 queries of 40,
 * but this one lists only near misses under the heading, never an article with one word of
 * four, and knows which word each one misses without a further read.
 */

/**
 * The form partial matches are scored as holding their words in (ranking.ts, MatchForm): the
 * two lookups that tell exact forms from stems cost a third of each read, and the form only
 * weighs what a word is worth through the whole article, alike for every partial match.
 */
export const PARTIAL_MATCH_FORM: MatchForm = 'stem';

/** Fewer full matches than this, and partial matches are added. */
export const MIN_FULL_MATCHES = 3;
/** Longer queries get no partial matches: each word left out is one more search. */
export const MAX_PARTIAL_WORDS = 8;

/** The query with one plain word left out, and that word. */
export interface PartialQuery {
  query: ParsedQuery;
  missing: QueryWord;
}

/** One query per plain word that a partial match may miss; none when the query allows none. */
export function partialQueries(query: ParsedQuery): PartialQuery[] {
  const { words, phrases } = query;
  if (words.length === 0 || words.length + phrases.length < 2 || words.length > MAX_PARTIAL_WORDS) return [];
  return words.map((missing, at) => ({
    query: { ...query, words: words.filter((_, i) => i !== at) },
    missing,
  }));
}

/**
 * The search of `page` with its partial matches: `reads` are the full query's, `readsOf` gives
 * the reads of another query on the same backend.
 */
export async function runSearchWithPartialMatches(
  page: SearchPage,
  reads: SearchReads,
  partial: readonly PartialQuery[],
  readsOf: (query: ParsedQuery) => SearchReads,
): Promise<SearchResults> {
  const full = await runSearch(page, reads);
  if (partial.length === 0 || full.total >= MIN_FULL_MATCHES) return full;
  // Every full match, to leave out of the partial ones: this page's, unless it does not hold them all.
  const fullIds = new Set(
    (page.offset === 0 && full.hits.length === full.total
      ? full
      : await runSearch({ ...page, offset: 0, limit: MIN_FULL_MATCHES }, reads)
    ).hits.map((hit) => hit.articleId),
  );
  const ranked = await rankPartialMatches(page, partial, readsOf, fullIds);
  if (ranked.length === 0) return full;
  const from = Math.max(0, page.offset - full.total);
  const end = page.offset + page.limit - full.total;
  for (const match of ranked.slice(from, Math.max(from, end))) full.hits.push(match);
  full.partialTotal = ranked.length;
  return full;
}

/** The partial matches of `partial`, best first, none of `fullIds`, each once. */
async function rankPartialMatches(
  page: SearchPage,
  partial: readonly PartialQuery[],
  readsOf: (query: ParsedQuery) => SearchReads,
  fullIds: ReadonlySet<number>,
): Promise<SearchHit[]> {
  const filters = filtersOf(page);
  const found = new Map<number, SearchHit & { time: number }>();
  // One read after the other: PostgreSQL runs them on one connection, SQLite synchronously.
  for (const { query, missing } of partial) {
    for (const match of await readsOf(query).newest(filters, RANK_WINDOW)) {
      if (fullIds.has(match.articleId) || found.has(match.articleId)) continue;
      found.set(match.articleId, {
        articleId: match.articleId,
        score: match.relevance * recencyBoost(match.publishedAt, page.now),
        match: 'some',
        missing: [missing.exact],
        time: match.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
      });
    }
  }
  return [...found.values()]
    .sort((a, b) => b.score - a.score || b.time - a.time || b.articleId - a.articleId)
    .slice(0, RANK_WINDOW)
    .map(({ time: _time, ...hit }) => hit);
}
