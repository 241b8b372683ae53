import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { normalize } from '../arabic/normalize.ts';
import type { ArticleStatus } from '../content/article.ts';
import { type Actor, can } from '../newsroom/policy.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Database, Dialect, Timestamp } from './schema.ts';
import { toDate, toOptionalDate } from './schema.ts';

/**
 * The newsroom's desk: the lists a journalist starts the day with (my drafts, returned to me
 * with the editor's note, waiting for review, what I returned, scheduled, recently published,
 * unpublished) and a search by headline. What each role sees follows the permission policy: a role that may view only its
 * own articles (`article.view` = own) sees only its own in every list.
 *
 * Each list is one index range at 100,000 articles and more (migration 008): a status in its
 * order, a user's own articles, the coming schedule, the published listing (of an author, when
 * filtered by author).
 */

export const DESK_LANES = [
  'drafts',
  'returned',
  'review',
  'sent_back',
  'scheduled',
  'published',
  'unpublished',
] as const;
export type DeskLane = (typeof DESK_LANES)[number];

export interface DeskFilter {
  sectionId?: number | undefined;
  /** A byline author (authors.id). */
  authorId?: number | undefined;
}

/** One article as the desk lists it. */
export interface DeskItem {
  id: number;
  headline: string;
  status: ArticleStatus;
  sectionId: number;
  /** The newsroom user who wrote it; null for imported articles. */
  ownerName: string | null;
  bylines: string[];
  updatedAt: Date;
  /** When it was published, or when it will be (scheduled). */
  publishedAt: Date | null;
  /** For `returned` and `sent_back`: the editor's note, when it was returned and who returned it. */
  returned?: { note: string | null; at: Date; byName: string | null };
}

export interface DeskPage {
  items: DeskItem[];
  /** There is a next page. */
  hasMore: boolean;
}

/** The headline search's answer: unpublished matches (all of them, up to a limit), then a page of published ones. */
export interface DeskSearchResults {
  unpublished: DeskItem[];
  published: DeskPage;
  /** How many published articles match (from the search index; a lower bound past 1,000). */
  publishedTotal: number;
}

/** Unpublished articles read for a headline search, newest first: the desk's working set. */
export const UNPUBLISHED_SEARCH_WINDOW = 5000;
const UNPUBLISHED_SEARCH_RESULTS = 50;

interface ArticleRow {
  id: number;
  headline: string;
  status: string;
  section_id: number;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  owner_name: string | null;
}

export class NewsroomDeskRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly search: Pick<SearchIndex, 'search'>,
  ) {}

  /** One page of a list, for `actor`. */
  async lane(
    actor: Actor,
    lane: DeskLane,
    filter: DeskFilter,
    page: { limit: number; offset: number },
  ): Promise<DeskPage> {
    const query = this.laneQuery(actor, lane, filter);
    if (!query) return { items: [], hasMore: false };
    const rows = await query
      .limit(page.limit + 1)
      .offset(page.offset)
      .execute();
    const items = await this.items(rows.slice(0, page.limit));
    return { items, hasMore: rows.length > page.limit };
  }

  /** The lists the desk shows `actor`: what I returned only to roles that may return an article. */
  lanesFor(actor: Actor): DeskLane[] {
    return DESK_LANES.filter((lane) => lane !== 'sent_back' || this.mayReturn(actor));
  }

  private mayReturn(actor: Actor): boolean {
    return actor.id !== null && can(actor, 'article.return', { ownerId: null, status: 'in_review' });
  }

  /** How many articles a list holds (for the short lists: all but published). */
  async count(actor: Actor, lane: Exclude<DeskLane, 'published'>, filter: DeskFilter): Promise<number> {
    const query = this.laneQuery(actor, lane, filter);
    if (!query) return 0;
    const row = await query
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /**
   * Articles whose headline holds every word of `text` (Arabic spelling folded: أ/ا، ة/ه، ى/ي,
   * harakat). Unpublished ones are matched on the newest UNPUBLISHED_SEARCH_WINDOW the actor
   * sees (they are not in the readers' index); published ones come from the search index, a
   * page at a time, or, for a role that sees only its own, from its own articles.
   */
  async findByHeadline(
    actor: Actor,
    text: string,
    filter: DeskFilter,
    page: { limit: number; offset: number },
  ): Promise<DeskSearchResults> {
    const words = normalize(text).split(/\s+/).filter(Boolean);
    if (words.length === 0) return { unpublished: [], published: { items: [], hasMore: false }, publishedTotal: 0 };
    const matches = (headline: string) => {
      const folded = normalize(headline);
      return words.every((w) => folded.includes(w));
    };
    const visible = this.visible(actor);
    if (!visible) return { unpublished: [], published: { items: [], hasMore: false }, publishedTotal: 0 };

    const unpublishedRows = await this.filtered(visible, filter)
      .where('articles.status', '<>', 'published')
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(UNPUBLISHED_SEARCH_WINDOW)
      .execute();
    const unpublished = await this.items(
      unpublishedRows.filter((r) => matches(r.headline)).slice(0, UNPUBLISHED_SEARCH_RESULTS),
    );

    if (visible.ownerId !== undefined) {
      // A role that sees only its own: its published articles are few, matched like drafts.
      const own = await this.filtered(visible, filter)
        .where('articles.status', '=', 'published')
        .orderBy(this.newestFirst('articles.published_at'))
        .orderBy('articles.id', 'desc')
        .limit(UNPUBLISHED_SEARCH_WINDOW)
        .execute();
      const found = own.filter((r) => matches(r.headline));
      const slice = found.slice(page.offset, page.offset + page.limit);
      return {
        unpublished,
        published: { items: await this.items(slice), hasMore: found.length > page.offset + page.limit },
        publishedTotal: found.length,
      };
    }

    const hits = await this.search.search({
      text,
      ...(filter.sectionId !== undefined ? { sectionId: filter.sectionId } : {}),
      limit: page.limit,
      offset: page.offset,
    });
    const ids = hits.hits.map((h) => h.articleId);
    let rows: ArticleRow[] = [];
    if (ids.length > 0) {
      let query = this.filtered(visible, filter).where('articles.id', 'in', ids);
      query = query.where('articles.status', '=', 'published');
      rows = (await query.execute()).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    }
    return {
      unpublished,
      published: { items: await this.items(rows), hasMore: page.offset + page.limit < hits.total },
      publishedTotal: hits.total,
    };
  }

  /** Byline authors for the desk's filter, by name (at most `limit`). */
  async authors(limit = 500): Promise<{ id: number; name: string }[]> {
    return this.db.selectFrom('authors').select(['id', 'name']).orderBy('name').orderBy('id').limit(limit).execute();
  }

  /** Who the actor may see: everyone's articles ({}), only their own ({ ownerId }), or nothing (undefined). */
  private visible(actor: Actor): { ownerId?: number } | undefined {
    // The policy decides: a role that may view an article nobody owns may view every article.
    if (can(actor, 'article.view', { ownerId: null, status: 'published' })) return {};
    return actor.id === null ? undefined : { ownerId: actor.id };
  }

  private base() {
    return this.db
      .selectFrom('articles')
      .leftJoin('users', 'users.id', 'articles.owner_user_id')
      .select([
        'articles.id',
        'articles.headline',
        'articles.status',
        'articles.section_id',
        'articles.updated_at',
        'articles.published_at',
        'users.display_name as owner_name',
      ]);
  }

  private filtered(visible: { ownerId?: number }, filter: DeskFilter) {
    let query = this.base();
    if (visible.ownerId !== undefined) query = query.where('articles.owner_user_id', '=', visible.ownerId);
    if (filter.sectionId !== undefined) query = query.where('articles.section_id', '=', filter.sectionId);
    if (filter.authorId !== undefined) {
      const authorId = filter.authorId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_bylines')
            .select(sql`1`.as('one'))
            .whereRef('article_bylines.article_id', '=', 'articles.id')
            .where('article_bylines.author_id', '=', authorId),
        ),
      );
    }
    return query;
  }

  private laneQuery(
    actor: Actor,
    lane: DeskLane,
    filter: DeskFilter,
  ): SelectQueryBuilder<Database, 'articles' | 'users', ArticleRow & { return_note?: string | null }> | undefined {
    const visible = this.visible(actor);
    if (!visible) return undefined;
    switch (lane) {
      case 'drafts':
        if (actor.id === null) return undefined;
        // My drafts, less those returned to me: they are in `returned`, with the editor's note.
        return this.filtered({ ownerId: actor.id }, filter)
          .where('articles.status', '=', 'draft')
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('article_transitions as last')
                  .select(sql`1`.as('one'))
                  .whereRef('last.article_id', '=', 'articles.id')
                  .where('last.action', '=', 'return')
                  .where((l) =>
                    l(
                      'last.id',
                      '=',
                      l
                        .selectFrom('article_transitions as latest')
                        .select((m) => m.fn.max('latest.id').as('id'))
                        .whereRef('latest.article_id', '=', 'articles.id'),
                    ),
                  ),
              ),
            ),
          )
          .orderBy('articles.updated_at', 'desc')
          .orderBy('articles.id', 'desc');
      case 'returned':
        if (actor.id === null) return undefined;
        // My drafts whose last workflow step was "return to author".
        return this.returnedQuery(this.filtered({ ownerId: actor.id }, filter));
      case 'sent_back':
        // What I returned to its author and is still with them: drafts whose last step is my return.
        if (actor.id === null || !this.mayReturn(actor)) return undefined;
        return this.returnedQuery(this.filtered(visible, filter), actor.id);
      case 'review':
        // Oldest first: what has waited longest is read first.
        return this.filtered(visible, filter)
          .where('articles.status', '=', 'in_review')
          .orderBy('articles.updated_at', 'asc')
          .orderBy('articles.id', 'asc');
      case 'scheduled':
        return this.filtered(visible, filter)
          .where('articles.status', '=', 'scheduled')
          .orderBy('articles.published_at', 'asc')
          .orderBy('articles.id', 'asc');
      case 'published':
        if (filter.authorId !== undefined && visible.ownerId === undefined) {
          // An author's published articles: their listing rows, newest first (one index range).
          return this.base()
            .innerJoin('article_bylines as listing', 'listing.article_id', 'articles.id')
            .where('listing.author_id', '=', filter.authorId)
            .where('listing.listed', '=', 1)
            .$if(filter.sectionId !== undefined, (q) => q.where('articles.section_id', '=', filter.sectionId as number))
            .orderBy(this.newestFirst('listing.published_at'))
            .orderBy('listing.article_id', 'desc');
        }
        return this.filtered(visible, filter)
          .where('articles.status', '=', 'published')
          .orderBy(this.newestFirst('articles.published_at'))
          .orderBy('articles.id', 'desc');
      case 'unpublished':
        // Taken off the site: the most recently changed first.
        return this.filtered(visible, filter)
          .where('articles.status', '=', 'unpublished')
          .orderBy('articles.updated_at', 'desc')
          .orderBy('articles.id', 'desc');
    }
  }

  /** Drafts of `query` whose last workflow step was "return to author" (by `returnedBy`, if given), newest return first. */
  private returnedQuery(query: ReturnType<NewsroomDeskRepository['filtered']>, returnedBy?: number) {
    return query
      .innerJoin('article_transitions as t', 't.article_id', 'articles.id')
      .leftJoin('users as returner', 'returner.id', 't.user_id')
      .where('articles.status', '=', 'draft')
      .where('t.action', '=', 'return')
      .$if(returnedBy !== undefined, (q) => q.where('t.user_id', '=', returnedBy as number))
      .where((eb) =>
        eb(
          't.id',
          '=',
          eb
            .selectFrom('article_transitions as last')
            .select((l) => l.fn.max('last.id').as('id'))
            .whereRef('last.article_id', '=', 'articles.id'),
        ),
      )
      .select(['t.note as return_note', 't.created_at as returned_at', 'returner.display_name as returned_by_name'])
      .orderBy('t.created_at', 'desc')
      .orderBy('articles.id', 'desc') as never;
  }

  /** Rows as DeskItems, with their bylines (one query for the page). */
  private async items(
    rows: (ArticleRow & { return_note?: string | null; returned_at?: Timestamp; returned_by_name?: string | null })[],
  ) {
    const ids = rows.map((r) => r.id);
    const bylines = new Map<number, string[]>();
    if (ids.length > 0) {
      const found = await this.db
        .selectFrom('article_bylines')
        .innerJoin('authors', 'authors.id', 'article_bylines.author_id')
        .select(['article_bylines.article_id', 'authors.name'])
        .where('article_bylines.article_id', 'in', ids)
        .orderBy('article_bylines.article_id')
        .orderBy('article_bylines.position')
        .execute();
      for (const row of found) {
        const names = bylines.get(row.article_id);
        if (names) names.push(row.name);
        else bylines.set(row.article_id, [row.name]);
      }
    }
    return rows.map(
      (row): DeskItem => ({
        id: row.id,
        headline: row.headline,
        status: row.status as ArticleStatus,
        sectionId: row.section_id,
        ownerName: row.owner_name,
        bylines: bylines.get(row.id) ?? [],
        updatedAt: toDate(row.updated_at),
        publishedAt: toOptionalDate(row.published_at),
        ...(row.returned_at !== undefined
          ? {
              returned: {
                note: row.return_note ?? null,
                at: toDate(row.returned_at),
                byName: row.returned_by_name ?? null,
              },
            }
          : {}),
      }),
    );
  }

  /** Newest first, undated last, as the reader lists' indexes are ordered. */
  private newestFirst(column: string) {
    return this.dialect === 'sqlite' ? sql`${sql.ref(column)} desc` : sql`${sql.ref(column)} desc nulls last`;
  }
}
