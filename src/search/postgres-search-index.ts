import { type Kysely, type RawBuilder, sql } from 'kysely';
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
  stemMatchTerms,
  stemTerm,
} from './search-document.ts';
import type { HeadlineSuggestion, IndexableArticle, SearchIndex, SearchQuery, SearchResults } from './search-index.ts';
import { EMPTY_RESULTS, type Filters, listLimit, type SearchReads, searchPage } from './search-plan.ts';
import { spellingVariants, VARIANT_SAMPLE, variantWord } from './variants.ts';

/**
 * Search on PostgreSQL (the tables of migration 002-search): a tsvector per article written
 * by Ghad from the analyzer's tokens (no text search parser or dictionary touches them), a
 * GIN index, and tsqueries built from parsed queries, cast with `::tsquery` so that what is
 * searched is exactly what was indexed.
 *
 * One tsvector holds all forms: the exact form as itself, its stem as `~stem` and its name
 * key as `^key`, all at the token's position, so phrases match on exact forms and every form
 * is one lexeme lookup. Weight classes A headline, B kicker and dek, C body, D name keys
 * mark where a term stands; ranking.ts scores the newest matches from the leading terms in
 * search_documents, as on SQLite. The mirror of sqlite-search-index.ts.
 */
export class PostgresSearchIndex implements SearchIndex, RebuildableIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async index(article: IndexableArticle): Promise<void> {
    await this.db.transaction().execute((trx) => this.indexWithin(trx, [article]));
  }

  /** Replaces the entries of `articles` using `executor`, the caller's transaction. */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    analyzed?: ReadonlyMap<IndexableArticle, SearchFields>,
  ): Promise<void> {
    const { ids, documents } = documentsToIndex(articles, analyzed);
    const published = new Set(documents.map((doc) => doc.articleId));
    const gone = ids.filter((id) => !published.has(id));
    if (gone.length > 0)
      await sql`delete from search_documents where article_id in (${sql.join(gone)})`.execute(executor);
    for (const doc of documents) {
      const leading = leadingTerms(doc);
      await sql`
        insert into search_documents
          (article_id, section_id, published_at, published_year, document, headline, headline_hashes, lead_hashes)
        values (${doc.articleId}, ${doc.sectionId}, ${doc.publishedAt}, ${publicationYear(doc.publishedAt)},
          ${documentVector(doc)}::tsvector, ${headlineVector(doc)}::tsvector, ${leading.headline}, ${leading.lead})
        on conflict (article_id) do update set
          section_id = excluded.section_id, published_at = excluded.published_at,
          published_year = excluded.published_year, document = excluded.document, headline = excluded.headline,
          headline_hashes = excluded.headline_hashes, lead_hashes = excluded.lead_hashes`.execute(executor);
    }
  }

  async remove(articleId: number): Promise<void> {
    await sql`delete from search_documents where article_id = ${articleId}`.execute(this.db);
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    const parsed = parseQuery(query.text, query.spellings);
    if (!isSearchable(parsed)) return structuredClone(EMPTY_RESULTS);
    return this.withIndexScans((trx) => {
      const reads = this.reads(trx, parsed);
      return runSearchWithPartialMatches(
        searchPage(query),
        query.entityId === undefined ? reads : withEntityArticles(reads, trx, 'postgres', query.entityId),
        query.partialMatches ? partialQueries(parsed) : [],
        (partial) => this.reads(trx, partial, PARTIAL_MATCH_FORM),
      );
    });
  }

  /**
   * Runs `read` in a transaction where the planner uses the indexes: it prices a sequential
   * scan without the cost of reading each tsvector out of TOAST, and chose one that took
   * 200 ms for 12,000 articles where the GIN index took 2 ms. JIT is off there as well: a
   * plan that still holds a sequential scan (priced at 10^10 when they are off) is over
   * every JIT threshold, and compiling it took 270-520 ms (EXPLAIN ANALYZE at 100,000
   * articles), where the searches' statements run in milliseconds.
   */
  private withIndexScans<T>(read: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`.execute(trx);
      return read(trx);
    });
  }

  /**
   * The three reads of a search (search-plan.ts) for `query`. With `assumedForm`, every match
   * is scored as holding the words in that form, without the two tests that tell.
   *
   * Every read takes its matches from the GIN index alone (`matching`) and sorts them newest
   * first itself: `document @@` is never a filter on rows found another way (see `matching`).
   */
  private reads(db: Kysely<Database>, query: ParsedQuery, assumedForm?: MatchForm): SearchReads {
    const match = matchQuery(query);
    const newestFirst = sql`order by published_at desc nulls last, article_id desc`;
    return {
      newest: async (filters, count) => {
        const { rows } = await sql<{
          article_id: number;
          section_id: number;
          published_at: Date | null;
          headline_hashes: string;
          lead_hashes: string;
          form: number;
        }>`
          with newest as (
            select article_id, section_id, published_at, headline_hashes, lead_hashes, document
            from ${matching(match, filters)} ${newestFirst} limit ${count})
          select article_id, section_id, published_at, headline_hashes, lead_hashes,
            ${assumedForm === undefined ? formOf(query, filters, count) : sql`0`} as form
          from newest ${newestFirst}`.execute(db);
        return rows.map((r) => ({
          articleId: r.article_id,
          sectionId: r.section_id,
          publishedAt: r.published_at,
          relevance: relevance(query, {
            headline: r.headline_hashes,
            lead: r.lead_hashes,
            form: assumedForm ?? MATCH_FORMS[r.form] ?? 'nameKey',
          }),
        }));
      },
      newestIds: async (filters, offset, count) => {
        const { rows } = await sql<{ article_id: number }>`
          select article_id from ${matching(match, filters)}
          ${newestFirst} limit ${count} offset ${offset}`.execute(db);
        return rows.map((r) => r.article_id);
      },
      counts: async (filters, cap) => {
        const { rows } = await sql<{ section_id: number; year: number | null; count: string }>`
          select section_id, published_year as year, count(*) as count
          from (select section_id, published_year from ${matching(match, filters)}
                ${newestFirst} limit ${cap}) newest
          group by section_id, published_year`.execute(db);
        return rows.map((r) => ({ sectionId: r.section_id, year: r.year, count: Number(r.count) }));
      },
    };
  }

  async suggest(prefix: string, limit: number): Promise<HeadlineSuggestion[]> {
    const words = parseSuggestionPrefix(prefix);
    if (!words) return [];
    const complete = words.complete.map((w) => `(${stemForms(w).join(' | ')})`);
    const started = `(${lexeme(exactTerm(words.started))}:* | ${lexeme(stemTerm(words.started))}:*)`;
    const query = [...complete, started].join(' & ');
    const { rows } = await this.withIndexScans((trx) =>
      sql<{ id: number; headline: string }>`
      select articles.id, articles.headline
      from (select article_id, published_at from ${matching(query, {}, 'headline')}
            order by published_at desc nulls last, article_id desc limit ${listLimit(limit, 10)}) newest
      join articles on articles.id = newest.article_id
      order by newest.published_at desc nulls last, newest.article_id desc`.execute(trx),
    );
    return rows.map((row) => ({ articleId: row.id, headline: row.headline }));
  }

  async variants(word: string, limit: number): Promise<string[]> {
    const token = variantWord(word);
    if (!token) return [];
    const query =
      stemMatchTerms(token.stem).map(lexeme).join(' | ') +
      (token.nameKey === undefined ? '' : ` | ${lexeme(nameTerm(token.nameKey))}`);
    const { rows } = await this.withIndexScans((trx) =>
      sql<{ headline: string; kicker: string | null; dek: string | null; body_text: string }>`
      select articles.headline, articles.kicker, articles.dek, articles.body_text
      from (select article_id, published_at from ${matching(query)}
            order by published_at desc nulls last, article_id desc limit ${VARIANT_SAMPLE}) newest
      join articles on articles.id = newest.article_id
      order by newest.published_at desc nulls last, newest.article_id desc`.execute(trx),
    );
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
    await sql`analyze search_documents`.execute(db);
  }
}

/** A word's exact form and the terms of its stem, as lexemes, each once. */
function stemForms(w: QueryWord): string[] {
  return [...new Set([exactTerm(w.exact), ...stemMatchTerms(w.stem)])].map(lexeme);
}

/** A lexeme in tsvector/tsquery syntax: single-quoted, with quotes doubled and backslashes escaped. */
function lexeme(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** The forms of ranking.ts by the number `formOf` gives them. */
const MATCH_FORMS: readonly MatchForm[] = ['exact', 'stem', 'nameKey'];

/**
 * The surest form in which a row of `newest` (the newest `count` matches of `query` under
 * `filters`, with their `document`) holds every word of the query, as an index of
 * MATCH_FORMS: first its exact forms, then its exact forms or stems.
 *
 * When there are fewer than `count` matches, `newest` holds them all, and each test is the
 * GIN index's: whether the row is among the matches of the query ANDed with the exact forms
 * (or the stems), fewer still; no tsvector is read. Otherwise there may be far more matches
 * than `newest` holds (tens of thousands for a common word at 100,000 articles, each a heap
 * row to visit), and the tests read the rows' own tsvectors instead, at most `count` of them,
 * the stems only where the exact forms failed. A test the query settles is not made: every
 * match holds the words as written when they have no other form (a phrase), and at least by
 * stem when none has a name key; where the exact forms are the stems, a match that lacks one
 * lacks the other.
 */
function formOf(query: ParsedQuery, filters: Filters, count: number) {
  const match = matchQuery(query);
  const wanted = matchQuery({ ...query, excludedWords: [], excludedPhrases: [] });
  const exact = matchQuery(query, 'exact');
  const stem = matchQuery(query, 'stem');
  const among = (forms: string) =>
    sql`article_id in (select article_id from ${matching(`(${match}) & (${forms})`, filters)})`;
  const tests = (exactTest: RawBuilder<unknown>, stemTest: RawBuilder<unknown>) =>
    sql`case when ${exact === wanted ? sql`true` : exactTest} then 0
      when ${stem === wanted ? sql`true` : stem === exact ? sql`false` : stemTest} then 1 else 2 end`;
  return sql`case when (select count(*) from newest) < ${count}
      then ${tests(among(exact), among(stem))}
      else ${tests(sql`document @@ ${exact}::tsquery`, sql`document @@ ${stem}::tsquery`)} end`;
}

/**
 * The rows of search_documents whose `column` matches the tsquery `match`, under `filters`,
 * as a FROM item named `matching`: the match is found through the GIN index alone, and the
 * filters apply to what it finds.
 *
 * The subquery's OFFSET 0 keeps the filters, and the ordering and limit of the query around
 * it, out of it, so that the planner has no other way to read the matches than the GIN index
 * (enable_seqscan is off: withIndexScans). Without it, for a query with a LIMIT it would walk
 * search_documents_newest (or the section's index) newest first and test `document @@` on each
 * row, reading each tsvector out of TOAST, which it does not price: a query that matches
 * nothing or little then read every row (3.0–3.9 s at 59,000 articles, as EXPLAIN showed for a
 * name with its entity's spellings, and for "did you mean" over a word no article holds).
 */
function matching(match: string, filters: Filters = {}, column: 'document' | 'headline' = 'document') {
  const section = filters.sectionId === undefined ? sql`` : sql` and section_id = ${filters.sectionId}`;
  const from = filters.from === undefined ? sql`` : sql` and published_at >= ${filters.from}`;
  const to = filters.to === undefined ? sql`` : sql` and published_at < ${filters.to}`;
  return sql`(select article_id, section_id, published_at, published_year, headline_hashes, lead_hashes, document
      from search_documents where ${sql.ref(column)} @@ ${match}::tsquery offset 0) matching
    where true${section}${from}${to}`;
}

/** PostgreSQL keeps 256 positions per lexeme and none above 16,383. */
const MAX_POSITIONS_PER_LEXEME = 256;
const MAX_POSITION = 16_383;

/** A tsvector under construction: lexeme → positions with their weight class. */
class VectorBuilder {
  readonly #lexemes = new Map<string, string[]>();

  add(text: string, position: number, weight: 'A' | 'B' | 'C' | 'D' | ''): void {
    if (position > MAX_POSITION) return;
    let positions = this.#lexemes.get(text);
    if (!positions) {
      positions = [];
      this.#lexemes.set(text, positions);
    }
    if (positions.length < MAX_POSITIONS_PER_LEXEME) positions.push(`${position}${weight}`);
  }

  toString(): string {
    let out = '';
    for (const [text, positions] of this.#lexemes) out += `${lexeme(text)}:${positions.join(',')} `;
    return out;
  }
}

/**
 * The article's tsvector: headline (A), then kicker and dek (B), then body (C), name keys D
 * wherever they are, with a one-position gap between fields so that no phrase runs from one
 * into the next.
 */
function documentVector(doc: SearchDocument): string {
  const vector = new VectorBuilder();
  let position = 0;
  const field = (tokens: SearchToken[], weight: 'A' | 'B' | 'C') => {
    for (const token of tokens) {
      position++;
      vector.add(exactTerm(token.exact), position, weight);
      const stem = indexedStemTerm(token);
      if (stem !== undefined) vector.add(stem, position, weight);
      if (token.nameKey !== undefined) vector.add(nameTerm(token.nameKey), position, 'D');
    }
    position++;
  };
  field(doc.headline, 'A');
  field(doc.lead, 'B');
  field(doc.body, 'C');
  return vector.toString();
}

/** The headline's exact forms and stems, for suggestions. */
function headlineVector(doc: SearchDocument): string {
  const vector = new VectorBuilder();
  doc.headline.forEach((token, i) => {
    vector.add(exactTerm(token.exact), i + 1, '');
    const stem = indexedStemTerm(token);
    if (stem !== undefined) vector.add(stem, i + 1, '');
  });
  return vector.toString();
}

/**
 * The tsquery of a parsed query: each word as exact form | stem | name key, phrases as exact
 * forms joined by <->, all ANDed, each exclusion negated. With `forms` 'stem', words match by
 * exact form or stem only; with 'exact', by exact form only (ranking.ts, MatchForm); both
 * leave exclusions out, as they only sort matches already found.
 */
export function matchQuery(query: ParsedQuery, forms: MatchForm = 'nameKey'): string {
  const anyForm = (w: QueryWord) => `(${matchTerms(w, forms).map(lexeme).join(' | ')})`;
  const phrase = (words: QueryWord[]) => `(${words.map((w) => lexeme(exactTerm(w.exact))).join(' <-> ')})`;
  const wanted = [...query.words.map(anyForm), ...query.phrases.map(phrase)];
  if (forms !== 'nameKey') return wanted.join(' & ');
  return [
    ...wanted,
    ...query.excludedWords.map((w) => `!(${stemForms(w).join(' | ')})`),
    ...query.excludedPhrases.map((words) => `!${phrase(words)}`),
  ].join(' & ');
}
