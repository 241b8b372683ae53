import type { Kysely } from 'kysely';
import { bandKeys, containment, NEAR_COPY_CONTAINMENT, shingles } from '../stories/near-copy.ts';
import { type Database, toOptionalDate } from './schema.ts';

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

/** The candidates read for one text at most, newest first: a text matching more is boilerplate. */
const MAX_CANDIDATES = 200;
const ROWS_PER_INSERT = 1_000;

/**
 * Near-copy fingerprints (store/migrations/017-near-copies.ts): written with every article
 * (ArticleIndexing), looked up when an editor saves, an import writes, or the API asks.
 */
export class NearCopyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces the fingerprints of `articles` inside the caller's transaction. */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly { id: number; bodyText: string }[],
    keysOf: (article: { id: number; bodyText: string }) => readonly number[] = (article) => bandKeys(article.bodyText),
  ): Promise<void> {
    if (articles.length === 0) return;
    await executor
      .deleteFrom('near_copy_bands')
      .where(
        'article_id',
        'in',
        articles.map((a) => a.id),
      )
      .execute();
    const rows = articles.flatMap((article) =>
      keysOf(article).map((key, band) => ({ key, band, article_id: article.id })),
    );
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await executor
        .insertInto('near_copy_bands')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
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
    const ids = [
      ...new Set(
        rows.filter((row) => keys[row.band] === row.key && row.article_id !== excludeId).map((r) => r.article_id),
      ),
    ];
    if (ids.length === 0) return [];
    const candidates = await this.db
      .selectFrom('articles')
      .select(['id', 'external_id', 'headline', 'slug', 'published_at', 'body_text'])
      .where('status', '=', 'published')
      .where('id', 'in', ids.sort((a, b) => b - a).slice(0, MAX_CANDIDATES))
      .execute();
    const own = shingles(text);
    return candidates
      .map((row) => ({
        id: row.id,
        externalId: row.external_id,
        headline: row.headline,
        slug: row.slug,
        publishedAt: toOptionalDate(row.published_at),
        similarity: Math.round(containment(own, shingles(row.body_text)) * 100) / 100,
      }))
      .filter((copy) => copy.similarity >= NEAR_COPY_CONTAINMENT)
      .sort((a, b) => b.similarity - a.similarity || a.id - b.id)
      .slice(0, limit);
  }

  /** The pairs of near-copies among the articles `ids`, as [smaller id, larger id]. */
  async pairsAmong(ids: readonly number[]): Promise<[number, number][]> {
    if (ids.length < 2) return [];
    const rows = await this.db
      .selectFrom('near_copy_bands')
      .select(['article_id', 'band', 'key'])
      .where('article_id', 'in', [...ids])
      .execute();
    const buckets = new Map<string, number[]>();
    for (const row of rows) {
      const slot = `${row.band} ${row.key}`;
      buckets.set(slot, [...(buckets.get(slot) ?? []), row.article_id]);
    }
    const candidates = new Set<string>();
    for (const members of buckets.values()) {
      const sorted = [...new Set(members)].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) candidates.add(`${sorted[i]} ${sorted[j]}`);
      }
    }
    if (candidates.size === 0) return [];
    const pairs = [...candidates].map((pair) => pair.split(' ').map(Number) as [number, number]);
    const texts = await this.db
      .selectFrom('articles')
      .select(['id', 'body_text'])
      .where('id', 'in', [...new Set(pairs.flat())])
      .execute();
    const sets = new Map(texts.map((row) => [row.id, shingles(row.body_text)]));
    return pairs.filter(([a, b]) => {
      const setA = sets.get(a);
      const setB = sets.get(b);
      return setA !== undefined && setB !== undefined && containment(setA, setB) >= NEAR_COPY_CONTAINMENT;
    });
  }

  /** The published articles the article `id` is a near-copy of (none when it is not there). */
  async ofArticle(id: number, options: { limit?: number } = {}): Promise<NearCopy[]> {
    const article = await this.db.selectFrom('articles').select('body_text').where('id', '=', id).executeTakeFirst();
    return article ? this.of(article.body_text, { ...options, excludeId: id }) : [];
  }
}
