import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import { withEntityArticles } from './entity-matches.ts';
import { PARTIAL_MATCH_FORM, partialQueries, runSearchWithPartialMatches } from './partial-matches.ts';
import {
  isSearchable,
  matchTerms,
  type ParsedQuery,
  parseQuery,
  parseSuggestionPrefix,
  type QueryWord,
} from './query.ts';
import { type MatchForm, relevance } from './ranking.ts';
import { type RebuildableIndex, rebuildFromArticles } from './rebuild.ts';
import {
  documentsToIndex,
  exactTerm,
  indexedStemTerm,
  leadingTerms,
  nameTerm,
  publicationYear,
  type SearchDocument,
  type SearchFields,
  type SearchToken,
  sectionTerm,
  stemMatchTerms,
  stemTerm,
} from './search-document.ts';
import type { HeadlineSuggestion, IndexableArticle, SearchIndex, SearchQuery, SearchResults } from './search-index.ts';
import { EMPTY_RESULTS, type Filters, listLimit, type SearchReads, searchPage } from './search-plan.ts';
import { spellingVariants, VARIANT_SAMPLE, variantWord } from './variants.ts';

/**
 * Search on SQLite FTS5 (the tables of migration 002-search). better-sqlite3 cannot register
 * a tokenizer, so Ghad analyzes in JavaScript and stores the terms space-separated in a
 * contentless FTS5 table that splits on whitespace only. Each field has two columns, its exact
 * forms (positional, for phrases) and its marked stems (search-document.ts); name keys share
 * one column. Marks keep the forms apart, so no query needs a column filter.
 *
 * Rows are keyed by a search key that orders articles by publication time (searchKey below):
 * FTS5 walks rowids newest first and stops, so only the newest 1,000 matches are read and
 * dates are rowid bounds. FTS5 only finds matches; ranking.ts scores them from the leading
 * terms in search_documents (bm25 read whole posting lists). The mirror of
 * postgres-search-index.ts.
 */
export class SqliteSearchIndex implements SearchIndex, RebuildableIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async index(article: IndexableArticle): Promise<void> {
    await this.db.transaction().execute((trx) => this.indexWithin(trx, [article]));
  }

  /**
   * Replaces the entries of `articles` using `executor`, the caller's transaction. In three
   * steps, FTS rows last: FTS5 writes what it holds in memory as a new segment whenever
   * another statement of the transaction opens a savepoint (any insert into a table with a
   * foreign key does), so interleaving made one segment per article and imports four times
   * slower.
   */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    analyzed?: ReadonlyMap<IndexableArticle, SearchFields>,
  ): Promise<void> {
    const { ids, documents } = documentsToIndex(articles, analyzed);
    if (ids.length === 0) return;
    // The trigger on search_documents removes the old FTS rows.
    await sql`delete from search_documents where article_id in (${sql.join(ids)})`.execute(executor);
    const keys: number[] = [];
    for (const doc of documents) keys.push(await this.insertDocument(executor, doc));
    for (const [i, doc] of documents.entries()) {
      const [headline, headlineStems] = columns(doc.headline);
      const [lead, leadStems] = columns(doc.lead);
      const [body, bodyStems] = columns(doc.body);
      await sql`
        insert into search_fts (rowid, headline, headline_stems, lead, lead_stems, body, body_stems, names, section)
        values (${keys[i]}, ${headline}, ${headlineStems}, ${lead}, ${leadStems}, ${body}, ${bodyStems},
          ${nameKeys(doc)}, ${sectionTerm(doc.sectionId)})`.execute(executor);
    }
    for (const [i, doc] of documents.entries()) {
      const [headline, headlineStems] = columns(doc.headline);
      await sql`insert into search_headlines (rowid, headline, headline_stems) values (${keys[i]}, ${headline}, ${headlineStems})`.execute(
        executor,
      );
    }
  }

  /** The search_documents row under the article's search key, or the next free one. */
  private async insertDocument(executor: Kysely<Database>, doc: SearchDocument): Promise<number> {
    const publishedAt = doc.publishedAt?.getTime() ?? null;
    const leading = leadingTerms(doc);
    for (let key = searchKey(doc.articleId, doc.publishedAt); ; key++) {
      const { rows } = await sql<{ search_key: number }>`
        insert into search_documents (search_key, article_id, section_id, published_at, published_year, headline_hashes, lead_hashes)
        values (${key}, ${doc.articleId}, ${doc.sectionId}, ${publishedAt}, ${publicationYear(doc.publishedAt)},
          ${leading.headline}, ${leading.lead})
        on conflict (search_key) do nothing
        returning search_key`.execute(executor);
      if (rows.length > 0) return key;
    }
  }

  async remove(articleId: number): Promise<void> {
    await sql`delete from search_documents where article_id = ${articleId}`.execute(this.db);
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    const parsed = parseQuery(query.text, query.spellings);
    if (!isSearchable(parsed)) return structuredClone(EMPTY_RESULTS);
    const reads = this.reads(parsed);
    return runSearchWithPartialMatches(
      searchPage(query),
      query.entityId === undefined ? reads : withEntityArticles(reads, this.db, 'sqlite', query.entityId),
      query.partialMatches ? partialQueries(parsed) : [],
      (partial) => this.reads(partial, PARTIAL_MATCH_FORM),
    );
  }

  /**
   * The three reads of a search (search-plan.ts) for `query`. With `assumedForm`, every match
   * is scored as holding the words in that form, without the two lookups that tell.
   */
  private reads(query: ParsedQuery, assumedForm?: MatchForm): SearchReads {
    const match = matchExpression(query);
    /** A subquery of the rowids of the newest `limit` matches of `what` under `filters`. */
    const newestMatches = (filters: Filters, limit: number, what = match) => {
      const expression =
        filters.sectionId === undefined ? what : `(${what}) AND ${quoted(sectionTerm(filters.sectionId))}`;
      const { first, end } = keyRange(filters);
      const from = first === undefined ? sql`` : sql` and rowid >= ${first}`;
      const matches = sql`select rowid from search_fts where search_fts match ${expression}`;
      if (end === undefined) return sql`(${matches}${from} order by rowid limit ${limit})`;
      if (first === undefined) return sql`(${matches} and rowid < ${end} order by rowid limit ${limit})`;
      // Both bounds: FTS5 then walks from the newest match of all to the range and only stops
      // at its end (a month of 2021 among 100,000 articles: 5 ms instead of 0.7). It is given
      // the start alone; the end cuts what it read, which is the newest matches in the range
      // followed by older ones (SQLite pushes no condition into a subquery with a LIMIT).
      return sql`(select rowid from (${matches}${from} order by rowid limit ${limit}) where rowid < ${end})`;
    };
    // Which of the newest matches hold every word as written, or by exact form or stem: a
    // superset of those among the matches read, from the same filters and limit.
    // Phrases match by exact forms only, and only name keys match beyond exact forms and stems.
    const holdsAll = (filters: Filters, count: number, forms: MatchForm) =>
      assumedForm !== undefined
        ? sql`0`
        : query.words.length === 0 || (forms === 'stem' && !query.words.some((w) => w.nameKey !== undefined))
          ? sql`1`
          : sql`d.search_key in ${newestMatches(filters, count, matchExpression(query, forms))}`;
    return {
      newest: async (filters, count) => {
        const { rows } = await sql<{
          article_id: number;
          section_id: number;
          published_at: number | null;
          headline_hashes: string;
          lead_hashes: string;
          exact_all: number;
          stem_all: number;
        }>`
          select d.article_id, d.section_id, d.published_at, d.headline_hashes, d.lead_hashes,
            ${holdsAll(filters, count, 'exact')} as exact_all, ${holdsAll(filters, count, 'stem')} as stem_all
          from ${newestMatches(filters, count)} m join search_documents d on d.search_key = m.rowid
          order by m.rowid`.execute(this.db);
        return rows.map((r) => ({
          articleId: r.article_id,
          sectionId: r.section_id,
          publishedAt: r.published_at === null ? null : new Date(r.published_at),
          relevance: relevance(query, {
            headline: r.headline_hashes,
            lead: r.lead_hashes,
            form: assumedForm ?? (r.exact_all ? 'exact' : r.stem_all ? 'stem' : 'nameKey'),
          }),
        }));
      },
      newestIds: async (filters, offset, count) => {
        const { rows } = await sql<{ article_id: number }>`
          select d.article_id
          from ${newestMatches(filters, offset + count)} m join search_documents d on d.search_key = m.rowid
          order by m.rowid
          limit ${count} offset ${offset}`.execute(this.db);
        return rows.map((r) => r.article_id);
      },
      counts: async (filters, cap) => {
        const { rows } = await sql<{ section_id: number; year: number | null; count: number }>`
          select d.section_id, d.published_year as year, count(*) as count
          from ${newestMatches(filters, cap)} m join search_documents d on d.search_key = m.rowid
          group by d.section_id, d.published_year`.execute(this.db);
        return rows.map((r) => ({ sectionId: r.section_id, year: r.year, count: r.count }));
      },
    };
  }

  async suggest(prefix: string, limit: number): Promise<HeadlineSuggestion[]> {
    const words = parseSuggestionPrefix(prefix);
    if (!words) return [];
    const complete = words.complete.map((w) => `(${stemForms(w).join(' OR ')})`);
    const started = `(${quoted(exactTerm(words.started))} * OR ${quoted(stemTerm(words.started))} *)`;
    const match = [...complete, started].join(' AND ');
    const { rows } = await sql<{ id: number; headline: string }>`
      select articles.id, articles.headline
      from (select rowid from search_headlines where search_headlines match ${match}
            order by rowid limit ${listLimit(limit, 10)}) newest
      join search_documents d on d.search_key = newest.rowid
      join articles on articles.id = d.article_id
      order by newest.rowid`.execute(this.db);
    return rows.map((row) => ({ articleId: row.id, headline: row.headline }));
  }

  async variants(word: string, limit: number): Promise<string[]> {
    const token = variantWord(word);
    if (!token) return [];
    const match =
      stemMatchTerms(token.stem).map(quoted).join(' OR ') +
      (token.nameKey === undefined ? '' : ` OR ${quoted(nameTerm(token.nameKey))}`);
    const { rows } = await sql<{ headline: string; kicker: string | null; dek: string | null; body_text: string }>`
      select articles.headline, articles.kicker, articles.dek, articles.body_text
      from (select rowid from search_fts where search_fts match ${match}
            order by rowid limit ${VARIANT_SAMPLE}) newest
      join search_documents d on d.search_key = newest.rowid
      join articles on articles.id = d.article_id`.execute(this.db);
    const texts = rows.map((r) => [r.headline, r.kicker, r.dek, r.body_text].filter(Boolean).join('\n'));
    return spellingVariants(token, texts, listLimit(limit, 10));
  }

  rebuild(onProgress?: (done: number, total: number) => void): Promise<number> {
    return rebuildFromArticles(this.db, this, onProgress);
  }

  async prune(db: Kysely<Database>): Promise<void> {
    await sql`
      delete from search_documents
      where article_id not in (select id from articles where status = 'published')`.execute(db);
  }

  async optimize(db: Kysely<Database>): Promise<void> {
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
    await sql`insert into search_headlines (search_headlines) values ('optimize')`.execute(db);
  }
}

/**
 * Search keys order articles newest first in ascending order, the direction FTS5 walks
 * fastest (a quarter to a third faster than descending for queries of several words, which
 * read long posting lists): minus the second of publication times 2^20, plus a counter that
 * tells apart articles of the same second (2^20 − 1 − the article id modulo 2^20, so that
 * the later id comes first; taken keys move up by one). Undated articles get keys above every
 * dated one: they come last. All keys are safe JavaScript integers for publication times from
 * 1834 to 2106.
 */
const KEYS_PER_SECOND = 2 ** 20;
const MAX_SECONDS = 2 ** 32 - 1;
/** Keys from here up belong to undated articles. */
const UNDATED_KEYS = (MAX_SECONDS + 2) * KEYS_PER_SECOND;

function clampSeconds(ms: number, round: (seconds: number) => number): number {
  return Math.max(-MAX_SECONDS, Math.min(MAX_SECONDS, round(ms / 1000)));
}

function searchKey(articleId: number, publishedAt: Date | null): number {
  if (!publishedAt) return UNDATED_KEYS + articleId;
  const seconds = clampSeconds(publishedAt.getTime(), Math.floor);
  return -seconds * KEYS_PER_SECOND + (KEYS_PER_SECOND - 1 - (articleId % KEYS_PER_SECOND));
}

/**
 * The date filters as a range of search keys (exact to the second): `first`, the first key of
 * the last second before `to` (inclusive), and `end`, the first key of the second before
 * `from` (exclusive) — published at or after `from`, before `to`. Undated articles pass no
 * date filter.
 */
function keyRange(filters: Filters): { first?: number; end?: number } {
  if (filters.from === undefined && filters.to === undefined) return {};
  const firstKeyOf = (seconds: number) => -seconds * KEYS_PER_SECOND;
  return {
    ...(filters.to === undefined ? {} : { first: firstKeyOf(clampSeconds(filters.to.getTime(), Math.ceil) - 1) }),
    end: filters.from === undefined ? UNDATED_KEYS : firstKeyOf(clampSeconds(filters.from.getTime(), Math.ceil) - 1),
  };
}

/** The two columns of a field: exact forms, then marked stems, space-separated. */
function columns(tokens: SearchToken[]): [string, string] {
  const exact: string[] = [];
  const stems: string[] = [];
  for (const token of tokens) {
    exact.push(exactTerm(token.exact));
    const stem = indexedStemTerm(token);
    if (stem !== undefined) stems.push(stem);
  }
  return [exact.join(' '), stems.join(' ')];
}

/** The marked name keys of every field, for the `names` column. */
function nameKeys(doc: SearchDocument): string {
  const keys: string[] = [];
  for (const token of [...doc.headline, ...doc.lead, ...doc.body]) {
    if (token.nameKey !== undefined) keys.push(nameTerm(token.nameKey));
  }
  return keys.join(' ');
}

/** A word's exact form and the terms of its stem, quoted, each once. */
function stemForms(w: QueryWord): string[] {
  return [...new Set([exactTerm(w.exact), ...stemMatchTerms(w.stem)])].map(quoted);
}

/** An FTS5 string: the term in double quotes, its own quotes doubled. Nothing else reaches MATCH. */
function quoted(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 query of a parsed query: each word as exact form OR stem OR name key, phrases as
 * exact forms in a row, all ANDed, then each exclusion NOT-ed. Marks keep the forms apart,
 * so no column filter is needed. With `forms` 'stem', words match by exact form or stem only;
 * with 'exact', by exact form only (ranking.ts, MatchForm); both leave exclusions out, as they
 * only sort matches already found.
 */
export function matchExpression(query: ParsedQuery, forms: MatchForm = 'nameKey'): string {
  const anyForm = (w: QueryWord) => `(${matchTerms(w, forms).map(quoted).join(' OR ')})`;
  const phrase = (words: QueryWord[]) => `(${words.map((w) => quoted(exactTerm(w.exact))).join(' + ')})`;
  const wanted = [...query.words.map(anyForm), ...query.phrases.map(phrase)].join(' AND ');
  if (forms !== 'nameKey') return `(${wanted})`;
  const unwanted = [
    ...query.excludedWords.map((w) => `(${stemForms(w).join(' OR ')})`),
    ...query.excludedPhrases.map(phrase),
  ];
  return [`(${wanted})`, ...unwanted].join(' NOT ');
}
