import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from './schema.ts';
import { toDate, toOptionalDate } from './schema.ts';

/** The listings of pages other than articles: tags, authors and entities with published articles. */
export type ListedKind = 'tags' | 'authors' | 'entities' | 'stories';

/** A published article as a sitemap lists it. */
export interface SitemapArticle {
  id: number;
  slug: string;
  publishedAt: Date | null;
  updatedAt: Date;
}

/** A month of publication (UTC) and how many published articles it holds. */
export interface PublicationMonth {
  /** `YYYY-MM`. */
  month: string;
  count: number;
}

/** A slice of a listing: skip `offset` rows, then read `limit` rows in keyset batches of `batchSize`. */
export interface ListingSlice {
  offset: number;
  limit: number;
  batchSize: number;
}

/**
 * The reads behind sitemaps. Nothing here loads a whole listing: months are counted in the
 * database, and a sitemap file's rows arrive in keyset batches (`published_at, id` after the
 * last row seen), so one file of a newspaper with a million articles holds at most one file's
 * rows in memory, and a batch never rescans the ones before it.
 */
export class SitemapListings {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Months with published, dated articles, newest first. Each month between the first and
   * the last publication is counted over its own index range: at a million articles this is
   * several times faster than grouping every row by a computed month.
   */
  async publicationMonths(): Promise<PublicationMonth[]> {
    // Two index probes: SQLite answers min() and max() from the index only one at a time.
    const edge = (direction: 'asc' | 'desc') =>
      this.db
        .selectFrom('articles')
        .select('published_at')
        .where('status', '=', 'published')
        .where('published_at', 'is not', null)
        .orderBy('published_at', direction)
        .limit(1)
        .executeTakeFirst();
    const [first, last] = [(await edge('asc'))?.published_at, (await edge('desc'))?.published_at];
    if (!first || !last) return [];
    const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
    const months: PublicationMonth[] = [];
    for (let index = monthIndex(toDate(last)); index >= monthIndex(toDate(first)); index--) {
      const month = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
      const count = await this.countInMonth(month);
      if (count > 0) months.push({ month, count });
    }
    return months;
  }

  /** How many published articles a month (`YYYY-MM`, UTC) holds. */
  async countInMonth(month: string): Promise<number> {
    const { from, to } = monthRange(month);
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('status', '=', 'published')
      .where('published_at', '>=', from)
      .where('published_at', '<', to)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Published articles of a month, oldest first, in keyset batches. */
  async *articlesOfMonth(month: string, slice: ListingSlice): AsyncGenerator<SitemapArticle[]> {
    const { from, to } = monthRange(month);
    // PostgreSQL walks the (published_at desc nulls last, id desc) index backwards only in this exact order.
    const ascending =
      this.dialect === 'sqlite' ? sql`published_at asc, id asc` : sql`published_at asc nulls first, id asc`;
    let after: { publishedAt: string; id: number } | undefined;
    let remaining = slice.limit;
    while (remaining > 0) {
      let query = this.db
        .selectFrom('articles')
        .select(['id', 'slug', 'published_at', 'updated_at'])
        .where('status', '=', 'published')
        .where('published_at', '>=', from)
        .where('published_at', '<', to);
      if (after) {
        const { publishedAt, id } = after;
        query = query.where((eb) => eb(eb.refTuple('published_at', 'id'), '>', eb.tuple(publishedAt, id)));
      }
      const rows = await query
        .orderBy(ascending)
        .limit(Math.min(slice.batchSize, remaining))
        .offset(after ? 0 : slice.offset)
        .execute();
      if (rows.length === 0) return;
      yield rows.map(toSitemapArticle);
      remaining -= rows.length;
      const last = rows.at(-1)!;
      after = { publishedAt: toDate(last.published_at!).toISOString(), id: last.id };
    }
  }

  async countUndated(): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('status', '=', 'published')
      .where('published_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Published articles without a date (the Goud corpus has none), by id, in keyset batches. */
  async *undatedArticles(slice: ListingSlice): AsyncGenerator<SitemapArticle[]> {
    yield* this.#byId(
      (afterId, limit, offset) =>
        this.db
          .selectFrom('articles')
          .select(['id', 'slug', 'published_at', 'updated_at'])
          .where('status', '=', 'published')
          .where('published_at', 'is', null)
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .offset(offset)
          .execute()
          .then((rows) => rows.map(toSitemapArticle)),
      slice,
    );
  }

  /**
   * How many tags, authors, entities or stories have at least one published article (entities:
   * neither rejected nor merged away, as their pages are).
   */
  async countListed(kind: ListedKind): Promise<number> {
    const row =
      kind === 'tags'
        ? await this.db
            .selectFrom('article_tags')
            .select((eb) => eb.fn.count('tag_id').distinct().as('count'))
            .where('listed', '=', 1)
            .executeTakeFirstOrThrow()
        : kind === 'authors'
          ? await this.db
              .selectFrom('article_bylines')
              .select((eb) => eb.fn.count('author_id').distinct().as('count'))
              .where('listed', '=', 1)
              .executeTakeFirstOrThrow()
          : kind === 'entities'
            ? await this.listedEntities()
                .select((eb) => eb.fn.countAll().as('count'))
                .executeTakeFirstOrThrow()
            : await this.listedStories()
                .select((eb) => eb.fn.countAll().as('count'))
                .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Tags, authors, entities or stories with at least one published article (see countListed), by id, in keyset batches. */
  async *listed(kind: ListedKind, slice: ListingSlice): AsyncGenerator<{ id: number; slug: string }[]> {
    yield* this.#byId((afterId, limit, offset) => {
      if (kind === 'stories') {
        return this.listedStories()
          .select(['id', 'slug'])
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .offset(offset)
          .execute();
      }
      if (kind === 'entities') {
        return this.listedEntities()
          .select(['id', 'slug'])
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .offset(offset)
          .execute();
      }
      return kind === 'tags'
        ? this.db
            .selectFrom('tags')
            .select(['tags.id', 'tags.slug'])
            .where('tags.id', '>', afterId)
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom('article_tags')
                  .select('article_tags.tag_id')
                  .whereRef('article_tags.tag_id', '=', 'tags.id')
                  .where('article_tags.listed', '=', 1),
              ),
            )
            .orderBy('tags.id')
            .limit(limit)
            .offset(offset)
            .execute()
        : this.db
            .selectFrom('authors')
            .select(['authors.id', 'authors.slug'])
            .where('authors.id', '>', afterId)
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom('article_bylines')
                  .select('article_bylines.author_id')
                  .whereRef('article_bylines.author_id', '=', 'authors.id')
                  .where('article_bylines.listed', '=', 1),
              ),
            )
            .orderBy('authors.id')
            .limit(limit)
            .offset(offset)
            .execute();
    }, slice);
  }

  /**
   * The entities that have a page: published articles (`article_count`, which the store keeps
   * equal to their listed rows), not rejected, not merged into another.
   */
  /** Stories («ملفات») with at least one published article, as their pages list them. */
  private listedStories() {
    return this.db
      .selectFrom('stories')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('story_articles')
            .innerJoin('articles', 'articles.id', 'story_articles.article_id')
            .select('story_articles.article_id')
            .whereRef('story_articles.story_id', '=', 'stories.id')
            .where('articles.status', '=', 'published'),
        ),
      );
  }

  private listedEntities() {
    return this.db
      .selectFrom('entities')
      .where('article_count', '>', 0)
      .where('status', '<>', 'rejected')
      .where('merged_into', 'is', null);
  }

  /** Keyset batches over rows ordered by id: the slice's offset is skipped once, then each batch starts after the last id. */
  async *#byId<Row extends { id: number }>(
    read: (afterId: number, limit: number, offset: number) => Promise<Row[]>,
    slice: ListingSlice,
  ): AsyncGenerator<Row[]> {
    let afterId = 0;
    let offset = slice.offset;
    let remaining = slice.limit;
    while (remaining > 0) {
      const rows = await read(afterId, Math.min(slice.batchSize, remaining), offset);
      if (rows.length === 0) return;
      yield rows;
      remaining -= rows.length;
      offset = 0;
      afterId = rows.at(-1)!.id;
    }
  }
}

/** The bounds of a UTC month as the ISO strings both databases compare `published_at` with. */
function monthRange(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(year, monthNumber - 1, 1)).toISOString(),
    to: new Date(Date.UTC(year, monthNumber, 1)).toISOString(),
  };
}

function toSitemapArticle(row: {
  id: number;
  slug: string;
  published_at: string | Date | null;
  updated_at: string | Date;
}): SitemapArticle {
  return {
    id: row.id,
    slug: row.slug,
    publishedAt: toOptionalDate(row.published_at),
    updatedAt: toDate(row.updated_at),
  };
}
