import { type Kysely, sql } from 'kysely';
import * as postgresJson from 'kysely/helpers/postgres';
import * as sqliteJson from 'kysely/helpers/sqlite';
import { SUMMARY_COLUMNS } from './articles.ts';
import { type ArticleRows, linkedNames, listingRows, listingTable } from './listing-tables.ts';
import type { Database, Dialect } from './schema.ts';
import { toDate, toOptionalDate } from './schema.ts';

/**
 * The content API's lists, paged by keyset (the position after the last row seen) rather than
 * by offset: a page deep in a million articles costs what the first one does, and rows
 * published while a client walks the list neither repeat nor go missing.
 *
 * Two orders: newest first by (published_at, id), undated articles last; and, when the client
 * asks for what changed since a time, oldest change first by (updated_at, id), so that a client
 * that saves the last cursor picks up from there. Each is one range of an index:
 * articles_published (or article_tags_listing / article_bylines_listing / article_sections_listing
 * for a tag, an author or a section) and articles_published_by_update.
 */
export type ListOrder = 'published' | 'updated';

/** Where a page ends: the sort value (ISO time, null for undated articles) and id of its last row. */
export interface ListPosition {
  order: ListOrder;
  at: string | null;
  id: number;
}

export interface ContentListQuery {
  sectionId?: number | undefined;
  tagId?: number | undefined;
  authorId?: number | undefined;
  /** Published at or after. */
  from?: Date | undefined;
  /** Published before. */
  to?: Date | undefined;
  /** Changed at or after: switches to the `updated` order. */
  updatedSince?: Date | undefined;
  /** Only the article an import gave this id (articles.external_id, unique): one row at most. */
  externalId?: string | undefined;
  /** Only the articles of this story (story_articles: tens or hundreds, read by its key). */
  storyId?: number | undefined;
  /** With storyId: only those the editors ordered by hand, or only those they did not (024). */
  storyOrder?: 'hand' | 'automatic' | undefined;
  after?: ListPosition | undefined;
  limit: number;
}

export interface ContentListItem {
  id: number;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  sectionId: number;
  /** The other sections that list it, in order. */
  secondarySections: { slug: string; name: string }[];
  publishedAt: Date | null;
  updatedAt: Date;
  authors: { slug: string; name: string }[];
  tags: { slug: string; name: string }[];
}

export interface ContentListPage {
  items: ContentListItem[];
  /** Where the next page starts; null on the last page. */
  next: ListPosition | null;
}

/** A tag or an author as the content API lists them. */
export interface NamedEntry {
  id: number;
  slug: string;
  name: string;
}

type Listing = ArticleRows;

export class ContentListings {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async articles(query: ContentListQuery): Promise<ContentListPage> {
    const order: ListOrder = query.updatedSince ? 'updated' : 'published';
    const want = query.limit + 1;
    const after = query.after?.order === order ? query.after : undefined;
    let rows: RawItem[];
    if (order === 'updated') {
      // With a cursor past `updatedSince`, the cursor alone bounds the range: given both,
      // SQLite would start at `updatedSince` and step over every row before the cursor.
      const since = query.updatedSince!.toISOString();
      const cursorBounds = after?.at != null && after.at >= since;
      let base = this.listing(query);
      if (!cursorBounds) base = base.where('articles.updated_at', '>=', since);
      if (after) base = base.where(sql<boolean>`(articles.updated_at, articles.id) > (${after.at}, ${after.id})`);
      rows = await this.select(base).orderBy('articles.updated_at').orderBy('articles.id').limit(want).execute();
    } else {
      const { at, id } = this.listingColumns(query);
      rows = [];
      // Dated articles, newest first, then (unless a date range excludes them) the undated ones.
      if (!after || after.at !== null) {
        // Likewise, a cursor before `to` is the upper bound that the scan starts from.
        const cursorBounds = after?.at != null && query.to !== undefined && after.at < query.to.toISOString();
        let dated = this.listing(cursorBounds ? { ...query, to: undefined } : query).where(sql.ref(at), 'is not', null);
        if (after) dated = dated.where(sql<boolean>`(${sql.ref(at)}, ${sql.ref(id)}) < (${after.at}, ${after.id})`);
        rows = await this.select(dated)
          .orderBy(this.dialect === 'sqlite' ? sql`${sql.ref(at)} desc` : sql`${sql.ref(at)} desc nulls last`)
          .orderBy(sql.ref(id), 'desc')
          .limit(want)
          .execute();
      }
      if (rows.length < want && !query.from && !query.to) {
        let undated = this.listing(query).where(sql.ref(at), 'is', null);
        if (after && after.at === null) undated = undated.where(sql.ref(id), '<', after.id);
        const more = await this.select(undated)
          .orderBy(sql.ref(id), 'desc')
          .limit(want - rows.length)
          .execute();
        rows = [...rows, ...more];
      }
    }
    const items = rows.slice(0, query.limit).map(toItem);
    const last = items.at(-1);
    const next =
      rows.length > query.limit && last
        ? {
            order,
            at: order === 'updated' ? last.updatedAt.toISOString() : (last.publishedAt?.toISOString() ?? null),
            id: last.id,
          }
        : null;
    return { items, next };
  }

  /** Tags that have published articles, or every author, by id, in keyset pages. */
  async tags(afterId: number, limit: number): Promise<{ items: NamedEntry[]; next: number | null }> {
    const rows = await this.db
      .selectFrom('tags')
      .select(['id', 'slug', 'name'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return page(rows, limit);
  }

  async authors(
    afterId: number,
    limit: number,
  ): Promise<{ items: (NamedEntry & { kind: string })[]; next: number | null }> {
    const rows = await this.db
      .selectFrom('authors')
      .select(['id', 'slug', 'name', 'kind'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return page(rows, limit);
  }

  /** The columns the `published` order walks: the listing table's copies for a tag, an author or a section. */
  private listingColumns(query: ContentListQuery): { at: string; id: string } {
    const { table, articleId } = listingTable(query);
    return { at: `${table}.published_at`, id: articleId };
  }

  /** Published articles matching the filters, driven by the narrowest listing. */
  private listing(query: ContentListQuery): Listing {
    let base = listingRows(this.db, query).rows;
    const { at } = this.listingColumns(query);
    if (query.from) base = base.where(sql.ref(at), '>=', query.from.toISOString());
    if (query.to) base = base.where(sql.ref(at), '<', query.to.toISOString());
    // One row of external_id's unique index: the plan starts there, whatever the other filters.
    if (query.externalId !== undefined) base = base.where('articles.external_id', '=', query.externalId);
    if (query.storyId !== undefined) {
      const storyId = query.storyId;
      const order = query.storyOrder;
      base = base.where('articles.id', 'in', (eb) => {
        const members = eb
          .selectFrom('story_articles')
          .select('story_articles.article_id')
          .where('story_articles.story_id', '=', storyId);
        if (order === 'hand') return members.where('story_articles.position', 'is not', null);
        if (order === 'automatic') return members.where('story_articles.position', 'is', null);
        return members;
      });
    }
    return base;
  }

  private select(base: Listing) {
    const json = this.dialect === 'sqlite' ? sqliteJson : postgresJson;
    return base.select((eb) => [
      ...SUMMARY_COLUMNS,
      'articles.updated_at',
      json.jsonArrayFrom(linkedNames(eb, 'author')).as('authors'),
      json.jsonArrayFrom(linkedNames(eb, 'tag')).as('tags'),
      json.jsonArrayFrom(linkedNames(eb, 'section')).as('secondary_sections'),
    ]);
  }
}

type RawItem = {
  id: number;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  section_id: number;
  published_at: string | Date | null;
  updated_at: string | Date;
  authors: unknown;
  tags: unknown;
  secondary_sections: unknown;
};

function toItem(row: RawItem): ContentListItem {
  return {
    id: Number(row.id),
    slug: row.slug,
    headline: row.headline,
    kicker: row.kicker,
    dek: row.dek,
    sectionId: row.section_id,
    secondarySections: parsedJson(row.secondary_sections) as ContentListItem['secondarySections'],
    publishedAt: toOptionalDate(row.published_at),
    updatedAt: toDate(row.updated_at),
    authors: parsedJson(row.authors) as ContentListItem['authors'],
    tags: parsedJson(row.tags) as ContentListItem['tags'],
  };
}

function parsedJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : (value ?? []);
}

function page<T extends { id: number }>(rows: T[], limit: number): { items: T[]; next: number | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
