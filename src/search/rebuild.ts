import { type Kysely, type Selectable, sql } from 'kysely';
import type { ArticlesTable, Database } from '../store/schema.ts';
import { toOptionalDate } from '../store/schema.ts';
import type { SearchFields } from './search-document.ts';
import type { IndexableArticle } from './search-index.ts';

/** The columns of `articles` that indexing reads (indexableArticle makes the article of them). */
export const INDEXABLE_COLUMNS = [
  'id',
  'headline',
  'kicker',
  'dek',
  'body_text',
  'section_id',
  'published_at',
  'status',
] as const;

/** An `articles` row with the columns that indexing reads. */
export type IndexableRow = Pick<Selectable<ArticlesTable>, (typeof INDEXABLE_COLUMNS)[number]>;

/**
 * An `articles` row as the search index and the entities see it: searchable when it is
 * published. Every reader of the table that indexes goes through here (both rebuilds, a
 * newsroom transition, the tests that index by hand), so the fields are mapped in one place.
 */
export function indexableArticle(row: IndexableRow): IndexableArticle {
  return {
    id: row.id,
    headline: row.headline,
    kicker: row.kicker,
    dek: row.dek,
    bodyText: row.body_text,
    sectionId: row.section_id,
    publishedAt: toOptionalDate(row.published_at),
    published: row.status === 'published',
  };
}

/** What a backend provides to be rebuilt from the articles table. */
export interface RebuildableIndex {
  /** Drops the entries of articles that are no longer published (or no longer exist). */
  prune(db: Kysely<Database>): Promise<void>;
  /**
   * Replaces the entries of `articles` (removing those not published) using `executor`, the
   * caller's transaction: the store calls it once per batch of writes, after the articles.
   * `analyzed`: the fields of articles whose text was analyzed beforehand (documentsToIndex).
   */
  indexWithin(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    analyzed?: ReadonlyMap<IndexableArticle, SearchFields>,
  ): Promise<void>;
  /** Compacts the index once everything is in (SQLite merges its FTS segments). */
  optimize(db: Kysely<Database>): Promise<void>;
}

/** Articles per transaction while rebuilding: big enough to be fast, small enough to hold few locks. */
const BATCH = 500;

/**
 * Indexes every published article again, in id order and batches of 500, each batch in one
 * transaction. Searches keep working meanwhile: an article is replaced, never missing.
 */
export async function rebuildFromArticles(
  db: Kysely<Database>,
  index: RebuildableIndex,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const { count } = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  const total = Number(count);
  await index.prune(db);
  onProgress?.(0, total);
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('articles')
      .select(INDEXABLE_COLUMNS)
      .where('status', '=', 'published')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const articles = rows.map(indexableArticle);
    await db.transaction().execute((trx) => index.indexWithin(trx, articles));
    after = rows.at(-1)!.id;
    done += rows.length;
    onProgress?.(done, Math.max(total, done));
  }
  await index.optimize(db);
  return done;
}

/**
 * Whether published articles exist but the index holds none of them: a database from before
 * the index existed, or one whose index a migration emptied (003-search-ranking). `serve`
 * then rebuilds it before it listens.
 */
export async function indexIsMissing(db: Kysely<Database>): Promise<boolean> {
  const published = await db.selectFrom('articles').select('id').where('status', '=', 'published').limit(1).execute();
  if (published.length === 0) return false;
  const { rows } = await sql<{ article_id: number }>`select article_id from search_documents limit 1`.execute(db);
  return rows.length === 0;
}
