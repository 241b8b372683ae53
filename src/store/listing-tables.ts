import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The listing tables: article_tags, article_bylines, article_sections and article_entities
 * link an article to what its pages are listed under, each row carrying a copy of the article's listing state
 * (`listed` while published, `published_at`), so that a tag's, an author's or a section's page
 * is one range of that table's `*_listing` index, newest first.
 */
const LISTING_TABLES = {
  tag: { table: 'article_tags', key: 'tag_id', named: 'tags' },
  author: { table: 'article_bylines', key: 'author_id', named: 'authors' },
  section: { table: 'article_sections', key: 'section_id', named: 'sections' },
  entity: { table: 'article_entities', key: 'entity_id', named: 'entities' },
} as const;

export type ListingKind = keyof typeof LISTING_TABLES;
export type ListingTable = (typeof LISTING_TABLES)[ListingKind]['table'];

/** A query over `articles` (and possibly a listing table joined to it). */
export type ArticleRows = SelectQueryBuilder<Database, 'articles', object>;

/** A list's filters on entity, tag, author and section, as ids or preparedQuery's placeholders. */
export interface ListingFilter {
  entityId?: unknown;
  tagId?: unknown;
  authorId?: unknown;
  sectionId?: unknown;
}

/**
 * The listed rows of the narrowest filter (tag, then author, then section) joined to their
 * articles, the other two as conditions; every published article when there is none. Returns
 * the table whose `published_at` and article id (`id` or `article_id`, see `articleId`) the
 * list filters and orders by. A count passes `join: false`: the listing rows alone answer it,
 * without reading an article row per match (12 ms instead of 0.7 for 4,818 in a section).
 */
export function listingRows(
  db: Kysely<Database>,
  filter: ListingFilter,
  { join = true }: { join?: boolean } = {},
): { table: ListingTable | 'articles'; articleId: string; rows: ArticleRows } {
  const [driver, ...others] = givenFilters(filter);
  if (!driver) {
    return {
      table: 'articles',
      articleId: 'articles.id',
      rows: db.selectFrom('articles').where('articles.status', '=', 'published'),
    };
  }
  const { table, key } = LISTING_TABLES[driver.kind];
  const articleId = `${table}.article_id`;
  let rows = db
    .selectFrom(table as 'article_tags')
    .where(sql.ref(`${table}.${key}`), '=', driver.id)
    .where(sql.ref(`${table}.listed`), '=', 1) as unknown as ArticleRows;
  if (join) rows = rows.innerJoin('articles', 'articles.id', articleId as 'articles.id') as unknown as ArticleRows;
  for (const { kind, id } of others) rows = rows.where(linkedTo(kind, id, articleId));
  return { table, articleId, rows };
}

/** The table a list with these filters is read from (see listingRows), and its article id column. */
export function listingTable(filter: ListingFilter): { table: ListingTable | 'articles'; articleId: string } {
  const [driver] = givenFilters(filter);
  if (!driver) return { table: 'articles', articleId: 'articles.id' };
  const { table } = LISTING_TABLES[driver.kind];
  return { table, articleId: `${table}.article_id` };
}

/** The entity, tag, author and section filters given, narrowest first. */
function givenFilters(filter: ListingFilter): { kind: ListingKind; id: unknown }[] {
  return (['entity', 'tag', 'author', 'section'] as const).flatMap((kind) => {
    const id = filter[`${kind}Id`];
    return id === undefined ? [] : [{ kind, id }];
  });
}

/** A condition: the article (`articles.id` unless told) is linked to this tag, author or section, listed or not. */
export function linkedTo(kind: ListingKind, id: unknown, articleId = 'articles.id') {
  const { table, key } = LISTING_TABLES[kind];
  return (eb: ExpressionBuilder<Database, 'articles'>) =>
    eb.exists(
      eb
        .selectFrom(`${table} as linked` as 'article_tags')
        .select(sql.ref('linked.article_id').as('article_id'))
        .where(sql.ref('linked.article_id'), '=', sql.ref(articleId))
        .where(sql.ref(`linked.${key}`), '=', id),
    );
}

/**
 * The slugs and names of what an article (`articles.id`) links to, in their order: its tags,
 * its bylines' authors, or its secondary sections (its own is `articles.section_id`).
 */
export function linkedNames(eb: ExpressionBuilder<Database, 'articles'>, kind: ListingKind) {
  const { table, key, named } = LISTING_TABLES[kind];
  let rows = eb
    .selectFrom(`${table} as linked` as 'article_tags as linked')
    .innerJoin(`${named} as named` as 'tags as named', 'named.id', `linked.${key}` as 'linked.tag_id')
    .select(['named.slug', 'named.name'])
    .whereRef('linked.article_id', '=', 'articles.id');
  if (kind === 'section') rows = rows.where('linked.position', '>', 0);
  return rows.orderBy('linked.position');
}
