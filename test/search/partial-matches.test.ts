/**
 * Partial matches as a plan (partial-matches.ts), over in-memory reads: which queries may have
 * them, where they go in the list, and how pages cut it. The engines' side is in the contract
 * suite (search-index.contract.test.ts, "partial matches").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_PARTIAL_WORDS,
  MIN_FULL_MATCHES,
  partialQueries,
  runSearchWithPartialMatches,
} from '../../src/search/partial-matches.ts';
import { type ParsedQuery, parseQuery } from '../../src/search/query.ts';
import type { SearchHit } from '../../src/search/search-index.ts';
import { type ScoredMatch, type SearchReads, searchPage } from '../../src/search/search-plan.ts';

const NOW = new Date('2024-01-01T00:00:00Z');
const DAY = 86_400_000;

/** An article of the in-memory archive: its id, age in days, and the query words it holds. */
interface Held {
  id: number;
  days: number;
  words: string[];
}

/** Reads that find the articles holding every word of a query (phrases and exclusions aside). */
function readsOver(archive: Held[]): (query: ParsedQuery) => SearchReads {
  return (query) => {
    const matches: ScoredMatch[] = archive
      .filter((a) => query.words.every((w) => a.words.includes(w.exact)))
      .sort((a, b) => a.days - b.days)
      .map((a) => ({
        articleId: a.id,
        sectionId: 1,
        publishedAt: new Date(NOW.getTime() - a.days * DAY),
        relevance: 1,
      }));
    return {
      newest: async (_filters, count) => matches.slice(0, count),
      newestIds: async (_filters, offset, count) => matches.slice(offset, offset + count).map((m) => m.articleId),
      counts: async () => [{ sectionId: 1, year: 2023, count: matches.length }],
    };
  };
}

function search(archive: Held[], text: string, paging = { limit: 10, offset: 0 }) {
  const query = parseQuery(text);
  const readsOf = readsOver(archive);
  return runSearchWithPartialMatches(
    searchPage({ text, ...paging }, NOW),
    readsOf(query),
    partialQueries(query),
    readsOf,
  );
}

const words = (text: string) => parseQuery(text).words.map((w) => w.exact);
const [A, B, C, D] = words('الحكومة تعلن إجراءات جديدة') as [string, string, string, string];
/** إجراءات misspelled: the word no article holds. */
const [TYPO] = words('اجرائات') as [string];

const ARCHIVE: Held[] = [
  { id: 1, days: 30, words: [A, B, C, D] },
  { id: 2, days: 1, words: [A, B, D] },
  { id: 3, days: 2, words: [A, B, D] },
  { id: 4, days: 3, words: [A, D] },
  { id: 5, days: 4, words: [B, C, D] },
];

const ids = (hits: SearchHit[]) => hits.map((h) => h.articleId);

describe('which queries may have partial matches', () => {
  it('one per plain word, leaving that word out', () => {
    const query = parseQuery('الحكومة تعلن اجرائات جديدة');
    const partial = partialQueries(query);
    assert.deepEqual(
      partial.map((p) => p.missing.exact),
      [A, B, TYPO, D],
    );
    for (const p of partial) {
      assert.equal(p.query.words.length, 3);
      assert.ok(!p.query.words.includes(p.missing));
    }
  });

  it('none for a query of one word, of phrases alone, or of more than MAX_PARTIAL_WORDS words', () => {
    assert.deepEqual(partialQueries(parseQuery('الحكومة')), []);
    assert.deepEqual(partialQueries(parseQuery('الحكومة -جديدة')), []);
    assert.deepEqual(partialQueries(parseQuery('"الحكومة تعلن" "إجراءات جديدة"')), []);
    const long = 'واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة';
    assert.equal(parseQuery(long).words.length, MAX_PARTIAL_WORDS + 1);
    assert.deepEqual(partialQueries(parseQuery(long)), []);
  });

  it('phrases and exclusions stay in every partial query: only plain words may be missed', () => {
    const partial = partialQueries(parseQuery('"الحكومة تعلن" اجرائات -جديدة'));
    assert.equal(partial.length, 1);
    assert.equal(partial[0]!.missing.exact, TYPO);
    assert.deepEqual(partial[0]!.query.words, []);
    assert.equal(partial[0]!.query.phrases.length, 1);
    assert.deepEqual(
      partial[0]!.query.excludedWords.map((w) => w.exact),
      [D],
    );
  });
});

describe('the list with partial matches', () => {
  it(`adds, after the full ones, the articles that miss one word, when fewer than ${MIN_FULL_MATCHES} hold all`, async () => {
    const got = await search(ARCHIVE, 'الحكومة تعلن إجراءات جديدة');
    assert.equal(got.total, 1);
    assert.deepEqual(ids(got.hits), [1, 2, 3, 5]);
    assert.equal(got.partialTotal, 3);
    assert.deepEqual(
      got.hits.map((h) => h.match),
      ['all', 'some', 'some', 'some'],
    );
    assert.deepEqual(got.hits[0]!.missing, undefined);
    assert.deepEqual(
      got.hits.slice(1).map((h) => h.missing),
      [[C], [C], [A]],
    );
  });

  it('a misspelled word: no full match, the articles with the other words', async () => {
    const got = await search(ARCHIVE, 'الحكومة تعلن اجرائات جديدة');
    assert.equal(got.total, 0);
    assert.deepEqual(ids(got.hits), [2, 3, 1]);
    assert.ok(got.hits.every((h) => h.match === 'some' && h.missing?.[0] === TYPO));
  });

  it(`none when ${MIN_FULL_MATCHES} or more articles hold every word`, async () => {
    const more = [...ARCHIVE, { id: 6, days: 5, words: [A, B, C, D] }, { id: 7, days: 6, words: [A, B, C, D] }];
    const got = await search(more, 'الحكومة تعلن إجراءات جديدة');
    assert.equal(got.total, 3);
    assert.equal(got.partialTotal, undefined);
    assert.ok(got.hits.every((h) => h.match === 'all'));
  });

  it('pages cut one list: full matches, then partial ones, none twice, the totals the same on every page', async () => {
    const whole = await search(ARCHIVE, 'الحكومة تعلن إجراءات جديدة');
    const paged: number[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await search(ARCHIVE, 'الحكومة تعلن إجراءات جديدة', { limit: 2, offset });
      assert.equal(page.total, whole.total);
      assert.equal(page.partialTotal, whole.partialTotal);
      paged.push(...ids(page.hits));
    }
    assert.deepEqual(paged, ids(whole.hits));
    assert.equal(new Set(paged).size, paged.length);
  });
});
