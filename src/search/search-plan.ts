import { recencyBoost } from './ranking.ts';
import type { SearchHit, SearchQuery, SearchResults } from './search-index.ts';

/**
 * How a search is answered from a few bounded reads, the same on both backends, so that a
 * query for a word in half the archive costs about what a rare word costs:
 *
 * - the newest RANK_WINDOW matches (filters applied) are scored by the engine and ordered by
 *   relevance × recency; any older matches follow them, newest first;
 * - matches are counted up to COUNT_CAP, the same 1,000 (beyond it `total` is a lower bound
 *   and the reader sees "more than 1,000"), and so are the facets, each over the newest
 *   COUNT_CAP matches of its own filters: the ranked matches give the total and, without
 *   section or date filters, both facets, with no further read.
 *
 * Scoring every match of a common word (bm25 or ts_rank on each) took 120–370 ms at 100,000
 * articles; news readers want the freshest relevant stories first anyway. The backends score
 * with ranking.ts, from what search_documents keeps of each match.
 */
export const RANK_WINDOW = 1_000;
export const COUNT_CAP = RANK_WINDOW;

/** A search request with its paging and filters made safe, whatever the caller passed. */
export interface SearchPage {
  sectionId?: number;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
  /** The moment recency is measured from. */
  now: Date;
}

export const MAX_PAGE_SIZE = 100;

export function searchPage(query: SearchQuery, now = new Date()): SearchPage {
  const page: SearchPage = {
    limit: listLimit(query.limit, 10),
    offset: Number.isSafeInteger(query.offset) && query.offset > 0 ? query.offset : 0,
    now,
  };
  if (Number.isSafeInteger(query.sectionId)) page.sectionId = query.sectionId as number;
  if (isValidDate(query.from)) page.from = query.from;
  if (isValidDate(query.to)) page.to = query.to;
  return page;
}

/** A page size between 1 and 100; `fallback` when it is not a whole number. */
export function listLimit(limit: number, fallback: number): number {
  return Number.isInteger(limit) ? Math.min(Math.max(limit, 1), MAX_PAGE_SIZE) : fallback;
}

export const EMPTY_RESULTS: SearchResults = Object.freeze({
  hits: [],
  total: 0,
  facets: { sections: [], years: [] },
}) as SearchResults;

/** Which filters a read applies: the section filter, the date filters, or both. */
export interface Filters {
  sectionId?: number;
  from?: Date;
  to?: Date;
}

/** One match as the engine scored it. */
export interface ScoredMatch {
  articleId: number;
  sectionId: number;
  publishedAt: Date | null;
  /** Its relevance (ranking.ts), higher is better. */
  relevance: number;
}

/** What each backend reads; every read takes matches newest first (undated last). */
export interface SearchReads {
  /** The newest `count` matches, scored. */
  newest(filters: Filters, count: number): Promise<ScoredMatch[]>;
  /** The article ids of matches `offset` … `offset + count` in newest-first order. */
  newestIds(filters: Filters, offset: number, count: number): Promise<number[]>;
  /** Counts of the newest `cap` matches by section and UTC year (null: undated). */
  counts(filters: Filters, cap: number): Promise<{ sectionId: number; year: number | null; count: number }[]>;
}

/** Every filter of the page. */
export function filtersOf(page: SearchPage): Filters {
  return {
    ...(page.sectionId === undefined ? {} : { sectionId: page.sectionId }),
    ...(page.from === undefined ? {} : { from: page.from }),
    ...(page.to === undefined ? {} : { to: page.to }),
  };
}

export async function runSearch(page: SearchPage, reads: SearchReads): Promise<SearchResults> {
  const all = filtersOf(page);
  const dated = page.from !== undefined || page.to !== undefined;
  const sectioned = page.sectionId !== undefined;
  const datesOnly: Filters = { ...all };
  delete datesOnly.sectionId;
  const sectionOnly: Filters = sectioned ? { sectionId: page.sectionId } : {};

  // Each match with its score and time read once: the sort compares a thousand of them.
  const ranked = (await reads.newest(all, RANK_WINDOW))
    .map((match) => ({
      articleId: match.articleId,
      sectionId: match.sectionId,
      publishedAt: match.publishedAt,
      time: match.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
      score: match.relevance * recencyBoost(match.publishedAt, page.now),
    }))
    .sort((a, b) => b.score - a.score || b.time - a.time || b.articleId - a.articleId);
  const complete = ranked.length < RANK_WINDOW;

  // Counts: the ranked matches are the newest COUNT_CAP of the filters; other filters are read.
  const countsOf = async (filters: Filters, same: boolean) =>
    same
      ? ranked.map((m) => ({ sectionId: m.sectionId, year: m.publishedAt?.getUTCFullYear() ?? null, count: 1 }))
      : reads.counts(filters, COUNT_CAP + 1);
  const [forTotal, forSections, forYears] = await Promise.all([
    countsOf(all, true),
    sectioned ? countsOf(datesOnly, false) : undefined,
    dated ? countsOf(sectionOnly, false) : undefined,
  ]);
  const counted = sum(forTotal);

  const end = page.offset + page.limit;
  const hits: SearchHit[] = ranked
    .slice(page.offset, Math.min(end, ranked.length))
    .map((m): SearchHit => ({ articleId: m.articleId, score: m.score, match: 'all' }));
  if (!complete && end > RANK_WINDOW) {
    // Past the ranked window, older matches follow newest first, scored below every ranked one.
    const from = Math.max(page.offset, RANK_WINDOW);
    const ids = await reads.newestIds(all, from, end - from);
    for (const articleId of ids) hits.push({ articleId, score: 0, match: 'all' });
  }

  const results: SearchResults = {
    hits,
    total: Math.min(counted, COUNT_CAP),
    facets: {
      sections: facet(forSections ?? forTotal, (row) => row.sectionId).map(([sectionId, count]) => ({
        sectionId,
        count,
      })),
      years: facet(forYears ?? forTotal, (row) => row.year).map(([year, count]) => ({ year, count })),
    },
  };
  if (!complete) results.totalIsLowerBound = true;
  results.facets.sections.sort((a, b) => b.count - a.count || a.sectionId - b.sectionId);
  results.facets.years.sort((a, b) => b.year - a.year);
  return results;
}

function sum(rows: readonly { count: number }[]): number {
  return rows.reduce((total, row) => total + row.count, 0);
}

/** Counts grouped by `key`, rows whose key is null left out, each capped at COUNT_CAP. */
function facet<Row extends { count: number }>(rows: readonly Row[], key: (row: Row) => number | null) {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const k = key(row);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + row.count);
  }
  return [...counts].map(([k, count]) => [k, Math.min(count, COUNT_CAP)] as [number, number]);
}

function isValidDate(value: Date | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
