import { type Kysely, sql } from 'kysely';
import type { IndexableArticle } from '../search/search-index.ts';
import { type ArticleTerm, type ArticleTerms, articleTerms, RARE_AT_MOST } from '../stories/rare-terms.ts';
import { preparedQuery } from './prepared-query.ts';
import type { Database, Dialect, Timestamp } from './schema.ts';

/**
 * The archive's terms as «اقرأ أيضا» reads them (stories/rare-terms.ts;
 * store/migrations/025-related-terms.ts), kept by every write in its own transaction:
 * `related_term_counts`, how many published articles use each term; `related_term_sets`, the
 * terms each published article was counted with, those it puts forward first, with their
 * spellings (so that a rewrite or an unpublishing takes back exactly what it added, and a list
 * names the words without reading the text again); `related_term_postings`, the published
 * articles putting a term forward, written only while the term is rare (at most RARE_AT_MOST articles when written), so that
 * the common words of news prose (about nine in ten postings) are never kept.
 */
export class RelatedTermRepository {
  readonly #set;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect = 'sqlite',
  ) {
    this.#set = preparedQuery(
      db,
      (articleId: number) =>
        db.selectFrom('related_term_sets').select(['terms', 'spellings']).where('article_id', '=', articleId),
      1,
    );
  }

  /** Counts the published articles of a write and forgets the others, inside the write's transaction. */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    termsOf: (article: IndexableArticle) => ArticleTerms = articleTerms,
  ): Promise<void> {
    const latest = new Map<number, IndexableArticle>();
    for (const article of articles) latest.set(article.id, article);
    if (latest.size === 0) return;
    const change = new Map<number, number>();
    const add = (key: number, by: number) => change.set(key, (change.get(key) ?? 0) + by);
    for (const chunk of chunked([...latest.keys()], IDS_PER_QUERY)) {
      const before = await executor
        .selectFrom('related_term_sets')
        .select('terms')
        .where('article_id', 'in', chunk)
        .execute();
      for (const row of before) for (const key of parseTerms(row.terms)) add(key, -1);
      await executor.deleteFrom('related_term_sets').where('article_id', 'in', chunk).execute();
      await executor.deleteFrom('related_term_postings').where('article_id', 'in', chunk).execute();
    }
    const sets: { articleId: number; terms: ArticleTerm[]; others: number[]; publishedAt: string | null }[] = [];
    for (const article of latest.values()) {
      if (!article.published) continue;
      const { terms, others } = termsOf(article);
      for (const { key } of terms) add(key, 1);
      for (const key of others) add(key, 1);
      sets.push({ articleId: article.id, terms, others, publishedAt: article.publishedAt?.toISOString() ?? null });
    }
    const counted = await addToCounts(executor, this.dialect, change);
    for (const chunk of chunked(sets, ROWS_PER_INSERT)) {
      await executor
        .insertInto('related_term_sets')
        .values(
          chunk.map(({ articleId, terms, others }) => ({
            article_id: articleId,
            terms: [...terms.map((term) => term.key), ...others].join(' '),
            spellings: JSON.stringify(terms.map((term) => term.written)),
          })),
        )
        .execute();
    }
    const postings = sets.flatMap(({ articleId, terms, publishedAt }) =>
      terms
        .filter(({ key }) => (counted.get(key) ?? 0) <= RARE_AT_MOST)
        .map(({ key }) => ({ term: key, article_id: articleId, published_at: publishedAt })),
    );
    for (const chunk of chunked(postings, ROWS_PER_INSERT)) {
      await executor.insertInto('related_term_postings').values(chunk).execute();
    }
  }

  /** The terms the article puts forward, first seen first, as it writes them; none when it is not published. */
  async termsOf(articleId: number): Promise<ArticleTerm[]> {
    const [row] = await this.#set(articleId);
    if (!row) return [];
    const written = JSON.parse(row.spellings) as string[];
    return parseTerms(row.terms)
      .slice(0, written.length)
      .map((key, i) => ({ key, written: written[i]! }));
  }

  /** How many published articles use each of `keys` (absent: none). */
  async counts(keys: readonly number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (const chunk of chunked([...new Set(keys)], IDS_PER_QUERY)) {
      const rows = await this.db
        .selectFrom('related_term_counts')
        .select(['term', 'article_count'])
        .where('term', 'in', chunk)
        .execute();
      for (const row of rows) counts.set(row.term, row.article_count);
    }
    return counts;
  }

  /** Which of `keys` each of `articleIds` uses (among rare terms, as posted). */
  async usedBy(articleIds: readonly number[], keys: readonly number[]): Promise<Map<number, Set<number>>> {
    const used = new Map<number, Set<number>>();
    if (articleIds.length === 0 || keys.length === 0) return used;
    const rows = await this.db
      .selectFrom('related_term_postings')
      .select(['article_id', 'term'])
      .where('article_id', 'in', [...articleIds])
      .where('term', 'in', [...keys])
      .execute();
    for (const row of rows) {
      const terms = used.get(row.article_id) ?? new Set<number>();
      terms.add(row.term);
      used.set(row.article_id, terms);
    }
    return used;
  }
}

/** A term set as stored: keys separated by spaces. */
export function parseTerms(text: string): number[] {
  return text === '' ? [] : text.split(' ').map(Number);
}

/**
 * Adds each term's change to its count and returns every touched term's count after it, in one
 * statement of constant text whatever the number of terms (an article counts up to 400): the
 * changes go as one JSON array on SQLite, two arrays on PostgreSQL. Keys in ascending order
 * (two writers lock rows in the same order).
 */
async function addToCounts(
  executor: Kysely<Database>,
  dialect: Dialect,
  change: ReadonlyMap<number, number>,
): Promise<Map<number, number>> {
  const counted = new Map<number, number>();
  if (change.size === 0) return counted;
  const all = [...change].sort(([a], [b]) => a - b);
  const changes =
    dialect === 'sqlite'
      ? sql`select value ->> 0, value ->> 1 from json_each(${JSON.stringify(all)}) where true`
      : sql`select term, change from unnest(${all.map(([key]) => key)}::int[], ${all.map(([, by]) => by)}::int[]) as t (term, change)`;
  const { rows } = await sql<{ term: number; article_count: number }>`
    insert into related_term_counts (term, article_count) ${changes}
    on conflict (term) do update set article_count = related_term_counts.article_count + excluded.article_count
    returning term, article_count`.execute(executor);
  for (const row of rows) counted.set(Number(row.term), Number(row.article_count));
  return counted;
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const IDS_PER_QUERY = 5_000;
/** Rows per insert: three values each, well under PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 2_000;

/** A posting read for candidates. */
export interface TermPosting {
  term: number;
  article_id: number;
  published_at: Timestamp | null;
}
