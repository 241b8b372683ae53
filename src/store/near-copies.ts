import { type Kysely, sql } from 'kysely';
import { bandKeys, containment, NEAR_COPY_CONTAINMENT, shingles } from '../stories/near-copy.ts';
import { preparedQuery } from './prepared-query.ts';
import { type Database, type Dialect, type Timestamp, toOptionalDate } from './schema.ts';

/** A published article whose body is a near-copy of a text: how much of the shorter is in the longer. */
export interface NearCopy {
  id: number;
  externalId: string | null;
  headline: string;
  slug: string;
  publishedAt: Date | null;
  /** Containment, 0.7–1 (src/stories/near-copy.ts). */
  similarity: number;
}

/** Two articles found near-copies of each other when one of them was written. */
export interface NearCopyPair {
  articleId: number;
  copyId: number;
  similarity: number;
}

/**
 * The candidates read for one text at most (likeliest first, see likeliestCandidates), besides
 * the articles of its own write, which are all checked: a text that shares band keys with more
 * than this many is boilerplate. Each candidate's body is read and cut into shingles on the
 * writing thread (~0.4 ms), so this bounds what one write costs however large the archive
 * grows; the demo's real archive has at most 37 for one article, and 95% of its articles 2 or
 * fewer.
 */
const MAX_CANDIDATES = 32;
const ROWS_PER_INSERT = 1_000;
const KEYS_PER_QUERY = 5_000;

/**
 * Near-copies (store/migrations/017-near-copies.ts, 018-near-copy-pairs.ts). Every article
 * write replaces the article's fingerprint and its pairs: the articles it shares a band key
 * with are checked on their texts there and then, so that reading an article's near-copies
 * (the API, the editor, «اقرأ أيضا») is one indexed read. A text not saved yet is checked the
 * same way, against the fingerprints.
 */
export class NearCopyRepository {
  /** The pairs among a list of ids, one prepared statement for any length (a JSON array on SQLite, an array on PostgreSQL). */
  readonly #pairs;

  constructor(
    private readonly db: Kysely<Database>,
    dialect: Dialect = 'sqlite',
  ) {
    const among = (ids: unknown) =>
      dialect === 'sqlite'
        ? sql<boolean>`in (select value from json_each(${ids}))`
        : sql<boolean>`= any(${ids}::int[])`;
    this.#pairs = preparedQuery(
      db,
      (articleIds: unknown, copyIds: unknown) =>
        db
          .selectFrom('near_copies')
          .select(['article_id', 'copy_id'])
          .where(sql<boolean>`article_id ${among(articleIds)} and copy_id ${among(copyIds)} and article_id < copy_id`),
      2,
    );
    this.#encode = dialect === 'sqlite' ? (ids) => JSON.stringify(ids) : (ids) => ids;
  }

  readonly #encode: (ids: readonly number[]) => unknown;

  /**
   * Replaces the fingerprints of `articles` and their pairs inside the caller's transaction;
   * returns the pairs found (each once, from the written article's side).
   */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly { id: number; bodyText: string }[],
    keysOf: (article: { id: number; bodyText: string }) => readonly number[] = (article) => bandKeys(article.bodyText),
  ): Promise<NearCopyPair[]> {
    if (articles.length === 0) return [];
    const ids = articles.map((a) => a.id);
    await executor.deleteFrom('near_copy_bands').where('article_id', 'in', ids).execute();
    await executor.deleteFrom('near_copies').where('article_id', 'in', ids).execute();
    await executor.deleteFrom('near_copies').where('copy_id', 'in', ids).execute();
    const keys = new Map(articles.map((article) => [article.id, keysOf(article)]));
    const rows = articles.flatMap((article) =>
      (keys.get(article.id) ?? []).map((key, band) => ({ key, band, article_id: article.id })),
    );
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await executor
        .insertInto('near_copy_bands')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
    return linkNearCopies(executor, articles, keys);
  }

  /** The published articles `text` is a near-copy of, most alike first; `excludeId` (the article itself) left out. */
  async of(text: string, { excludeId, limit = 5 }: { excludeId?: number; limit?: number } = {}): Promise<NearCopy[]> {
    const keys = bandKeys(text);
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('near_copy_bands')
      .select(['article_id', 'band', 'key'])
      .where('key', 'in', keys)
      .execute();
    const ids = likeliestCandidates(
      rows.filter((row) => keys[row.band] === row.key && row.article_id !== excludeId).map((r) => r.article_id),
    );
    if (ids.length === 0) return [];
    const candidates = await this.db
      .selectFrom('articles')
      .select(['id', 'external_id', 'headline', 'slug', 'published_at', 'body_text'])
      .where('status', '=', 'published')
      .where('id', 'in', ids)
      .execute();
    const own = shingles(text);
    return candidates
      .map((row) => toNearCopy(row, similarity(containment(own, shingles(row.body_text)))))
      .filter((copy) => copy.similarity >= NEAR_COPY_CONTAINMENT)
      .sort(mostAlikeFirst)
      .slice(0, limit);
  }

  /** The published near-copies of the article `id`, most alike first, as its last write found them. */
  async ofArticle(id: number, { limit = 5 }: { limit?: number } = {}): Promise<NearCopy[]> {
    const rows = await this.db
      .selectFrom('near_copies')
      .innerJoin('articles', 'articles.id', 'near_copies.copy_id')
      .select([
        'articles.id',
        'articles.external_id',
        'articles.headline',
        'articles.slug',
        'articles.published_at',
        'near_copies.similarity',
      ])
      .where('near_copies.article_id', '=', id)
      .where('articles.status', '=', 'published')
      .execute();
    return rows
      .map((row) => toNearCopy(row, row.similarity))
      .sort(mostAlikeFirst)
      .slice(0, limit);
  }

  /** The pairs of near-copies among the articles `ids`, as [smaller id, larger id]. */
  async pairsAmong(ids: readonly number[]): Promise<[number, number][]> {
    if (ids.length < 2) return [];
    const list = this.#encode([...ids]);
    const rows = await this.#pairs(list, list);
    return rows.map((row) => [row.article_id, row.copy_id]);
  }
}

/**
 * Finds and records the near-copies of `articles` (whose fingerprints, `keys`, are written):
 * every article sharing a band key with one of them (likeliestCandidates: at most MAX_CANDIDATES each), checked
 * on the texts; each pair is written both ways. Used by every write and by migration 018.
 */
export async function linkNearCopies(
  executor: Kysely<Database>,
  articles: readonly { id: number; bodyText: string }[],
  keys: ReadonlyMap<number, readonly number[]>,
): Promise<NearCopyPair[]> {
  const allKeys = [...new Set([...keys.values()].flat())];
  const holders = new Map<string, number[]>();
  for (let i = 0; i < allKeys.length; i += KEYS_PER_QUERY) {
    const rows = await executor
      .selectFrom('near_copy_bands')
      .select(['article_id', 'band', 'key'])
      .where('key', 'in', allKeys.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const row of rows) {
      const slot = `${row.band} ${row.key}`;
      holders.set(slot, [...(holders.get(slot) ?? []), row.article_id]);
    }
  }
  // The write's own articles are all checked against each other (their texts are at hand);
  // the others are read, so they are capped.
  const written = new Set(articles.map((article) => article.id));
  const candidates = new Map<number, Set<number>>();
  for (const article of articles) {
    const found: number[] = [];
    (keys.get(article.id) ?? []).forEach((key, band) => {
      for (const other of holders.get(`${band} ${key}`) ?? []) if (other !== article.id) found.push(other);
    });
    if (found.length === 0) continue;
    const read = likeliestCandidates(found.filter((id) => !written.has(id)));
    candidates.set(article.id, new Set([...found.filter((id) => written.has(id)), ...read]));
  }
  if (candidates.size === 0) return [];
  const texts = new Map(articles.map((article) => [article.id, article.bodyText]));
  const unread = [...new Set([...candidates.values()].flatMap((set) => [...set]))].filter((id) => !texts.has(id));
  for (let i = 0; i < unread.length; i += KEYS_PER_QUERY) {
    const rows = await executor
      .selectFrom('articles')
      .select(['id', 'body_text'])
      .where('id', 'in', unread.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const row of rows) texts.set(row.id, row.body_text);
  }
  const sets = new Map<number, Set<number>>();
  const shinglesOf = (id: number) => {
    let set = sets.get(id);
    if (!set) {
      set = shingles(texts.get(id) ?? '');
      sets.set(id, set);
    }
    return set;
  };
  const pairs: NearCopyPair[] = [];
  const seen = new Set<string>();
  for (const [articleId, others] of candidates) {
    for (const copyId of others) {
      const slot = articleId < copyId ? `${articleId} ${copyId}` : `${copyId} ${articleId}`;
      if (seen.has(slot) || !texts.has(copyId)) continue;
      seen.add(slot);
      const share = similarity(containment(shinglesOf(articleId), shinglesOf(copyId)));
      if (share >= NEAR_COPY_CONTAINMENT) pairs.push({ articleId, copyId, similarity: share });
    }
  }
  const rows = pairs.flatMap(({ articleId, copyId, similarity }) => [
    { article_id: articleId, copy_id: copyId, similarity },
    { article_id: copyId, copy_id: articleId, similarity },
  ]);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await executor
      .insertInto('near_copies')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.columns(['article_id', 'copy_id']).doNothing())
      .execute();
  }
  return pairs;
}

/**
 * The candidates to check, from the holder of each band key shared (an id once per band): those
 * sharing the most bands first (a near-copy shares several of its 10 bands far more often than
 * two texts that merely share a paragraph), then the newest, at most MAX_CANDIDATES.
 */
export function likeliestCandidates(holders: readonly number[]): number[] {
  const bands = new Map<number, number>();
  for (const id of holders) bands.set(id, (bands.get(id) ?? 0) + 1);
  return [...bands.keys()]
    .sort((a, b) => (bands.get(b) as number) - (bands.get(a) as number) || b - a)
    .slice(0, MAX_CANDIDATES);
}

/** A published article's row as a near-copy of `similarity`. */
function toNearCopy(
  row: { id: number; external_id: string | null; headline: string; slug: string; published_at: Timestamp | null },
  similarity: number,
): NearCopy {
  return {
    id: row.id,
    externalId: row.external_id,
    headline: row.headline,
    slug: row.slug,
    publishedAt: toOptionalDate(row.published_at),
    similarity,
  };
}

/** Containment to two decimals: what is stored and shown. */
function similarity(share: number): number {
  return Math.round(share * 100) / 100;
}

function mostAlikeFirst(a: NearCopy, b: NearCopy): number {
  return b.similarity - a.similarity || a.id - b.id;
}
