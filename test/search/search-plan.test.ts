import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recencyBoost } from '../../src/search/ranking.ts';
import {
  COUNT_CAP,
  type Filters,
  RANK_WINDOW,
  runSearch,
  type ScoredMatch,
  type SearchReads,
  searchPage,
} from '../../src/search/search-plan.ts';

const NOW = new Date('2024-01-01T00:00:00Z');
const DAY = 86_400_000;

/** `count` matches, newest first: article i published i days before NOW, in section i % 3 + 1. */
function archive(count: number): ScoredMatch[] {
  return Array.from({ length: count }, (_, i) => ({
    articleId: count - i,
    sectionId: (i % 3) + 1,
    publishedAt: new Date(NOW.getTime() - i * DAY),
    // Every seventh match is a strong one, so relevance and recency disagree.
    relevance: i % 7 === 0 ? 2 : 1,
  }));
}

/** The reads of search-plan.ts over an in-memory archive, recording the filters each was given. */
function reads(matches: ScoredMatch[], calls: { read: string; filters: Filters }[] = []): SearchReads {
  const filtered = (filters: Filters) =>
    matches.filter(
      (m) =>
        (filters.sectionId === undefined || m.sectionId === filters.sectionId) &&
        (filters.from === undefined || (m.publishedAt !== null && m.publishedAt >= filters.from)) &&
        (filters.to === undefined || (m.publishedAt !== null && m.publishedAt < filters.to)),
    );
  return {
    newest: async (filters, count) => {
      calls.push({ read: 'newest', filters });
      return filtered(filters).slice(0, count);
    },
    newestIds: async (filters, offset, count) => {
      calls.push({ read: 'newestIds', filters });
      return filtered(filters)
        .slice(offset, offset + count)
        .map((m) => m.articleId);
    },
    counts: async (filters, cap) => {
      calls.push({ read: 'counts', filters });
      const rows = new Map<string, { sectionId: number; year: number | null; count: number }>();
      for (const m of filtered(filters).slice(0, cap)) {
        const year = m.publishedAt?.getUTCFullYear() ?? null;
        const key = `${m.sectionId}/${year}`;
        const row = rows.get(key) ?? { sectionId: m.sectionId, year, count: 0 };
        row.count++;
        rows.set(key, row);
      }
      return [...rows.values()];
    },
  };
}

const page = (limit: number, offset: number, filters: Partial<Parameters<typeof searchPage>[0]> = {}) =>
  searchPage({ text: 'x', limit, offset, ...filters }, NOW);

describe('runSearch', () => {
  it('orders a small result set by relevance × recency, all of it, with exact counts', async () => {
    const matches = archive(50);
    const got = await runSearch(page(100, 0), reads(matches));
    const expected = matches
      .map((m) => ({ id: m.articleId, score: m.relevance * recencyBoost(m.publishedAt, NOW) }))
      .sort((a, b) => b.score - a.score);
    assert.deepEqual(
      got.hits.map((h) => h.articleId),
      expected.map((e) => e.id),
    );
    assert.equal(got.total, 50);
    assert.equal(got.totalIsLowerBound, undefined);
    assert.equal(
      got.facets.sections.reduce((n, s) => n + s.count, 0),
      50,
    );
  });

  it('past the ranked window, older matches follow newest first; pages never repeat or skip', async () => {
    const matches = archive(RANK_WINDOW + 250);
    const all = reads(matches);
    const seen: number[] = [];
    for (let offset = 0; offset < matches.length + 20; offset += 100) {
      const got = await runSearch(page(100, offset), all);
      seen.push(...got.hits.map((h) => h.articleId));
    }
    assert.equal(seen.length, matches.length);
    assert.equal(new Set(seen).size, matches.length);
    assert.deepEqual(
      seen.slice(RANK_WINDOW),
      matches.slice(RANK_WINDOW).map((m) => m.articleId),
    );
    const ranked = new Set(matches.slice(0, RANK_WINDOW).map((m) => m.articleId));
    assert.ok(seen.slice(0, RANK_WINDOW).every((id) => ranked.has(id)));
  });

  it(`counts up to ${COUNT_CAP} and says when there are more, from the ranked matches alone`, async () => {
    const calls: { read: string; filters: Filters }[] = [];
    const got = await runSearch(page(10, 0), reads(archive(COUNT_CAP + 300), calls));
    assert.equal(got.total, COUNT_CAP);
    assert.equal(got.totalIsLowerBound, true);
    assert.deepEqual(
      calls.map((c) => c.read),
      ['newest'],
    );
    for (const s of got.facets.sections) assert.ok(s.count <= COUNT_CAP);
    const exact = await runSearch(page(10, 0), reads(archive(COUNT_CAP - 1)));
    assert.equal(exact.total, COUNT_CAP - 1);
    assert.equal(exact.totalIsLowerBound, undefined);
  });

  it('counts sections without the section filter and years without the date filters', async () => {
    const calls: { read: string; filters: Filters }[] = [];
    const from = new Date(NOW.getTime() - 400 * DAY);
    const to = new Date(NOW.getTime() - 100 * DAY);
    const matches = archive(2_000);
    const got = await runSearch(page(10, 0, { sectionId: 2, from, to }), reads(matches, calls));
    const counted = calls.filter((c) => c.read === 'counts').map((c) => c.filters);
    // The total comes from the ranked matches (fewer than the window): two counting reads.
    assert.deepEqual(counted.map((f) => Object.keys(f).sort()).sort(), [['from', 'to'], ['sectionId']]);
    const inDates = matches.filter((m) => m.publishedAt! >= from && m.publishedAt! < to);
    assert.equal(got.total, inDates.filter((m) => m.sectionId === 2).length);
    assert.equal(got.facets.sections.length, 3);
    assert.equal(
      got.facets.sections.reduce((n, s) => n + s.count, 0),
      inDates.length,
    );
    assert.equal(
      got.facets.years.reduce((n, y) => n + y.count, 0),
      matches.filter((m) => m.sectionId === 2).length,
    );
  });

  it('makes bad paging and filters safe', () => {
    const safe = searchPage(
      { text: 'x', limit: Number.NaN, offset: -3, sectionId: 1.5, from: new Date('x'), to: new Date(Number.NaN) },
      NOW,
    );
    assert.deepEqual(safe, { limit: 10, offset: 0, now: NOW });
    assert.equal(searchPage({ text: 'x', limit: 1e9, offset: 0 }, NOW).limit, 100);
    assert.equal(searchPage({ text: 'x', limit: 0, offset: 0 }, NOW).limit, 1);
  });
});
