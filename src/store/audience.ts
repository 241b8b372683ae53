import { type Kysely, sql } from 'kysely';
import { type Database, toDate } from './schema.ts';

/** Views counted in memory since the last flush: article, hour (its start, ISO) and how many. */
export interface HourlyViews {
  articleId: number;
  hour: string;
  views: number;
}

/** Searches counted in memory since the last flush: a normalized query on a Casablanca day. */
export interface DailySearches {
  day: string;
  query: string;
  searches: number;
  zeroResults: number;
}

export interface ArticleViewTotal {
  articleId: number;
  views: number;
}

export interface SearchTotal {
  query: string;
  searches: number;
  zeroResults: number;
}

/**
 * The audience tables (migration 012): hourly views per article and daily search counts. Written
 * only by the counters' flush (one upsert per article and hour, or query and day); read by most
 * read and the newsroom's statistics.
 */
export class AudienceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds views to their hours, in one statement. */
  async addViews(rows: readonly HourlyViews[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('article_views')
      .values(rows.map((r) => ({ article_id: r.articleId, hour: r.hour, views: r.views })))
      .onConflict((oc) =>
        oc.columns(['article_id', 'hour']).doUpdateSet({ views: sql`article_views.views + excluded.views` }),
      )
      .execute();
  }

  /** Adds searches to their days, in one statement. */
  async addSearches(rows: readonly DailySearches[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('search_log')
      .values(rows.map((r) => ({ day: r.day, query: r.query, searches: r.searches, zero_results: r.zeroResults })))
      .onConflict((oc) =>
        oc.columns(['day', 'query']).doUpdateSet({
          searches: sql`search_log.searches + excluded.searches`,
          zero_results: sql`search_log.zero_results + excluded.zero_results`,
        }),
      )
      .execute();
  }

  /** The most viewed published articles since `since`, most first (ties: newest id first). */
  async topArticles(since: Date, limit: number): Promise<ArticleViewTotal[]> {
    const rows = await this.db
      .selectFrom('article_views')
      .innerJoin('articles', 'articles.id', 'article_views.article_id')
      .where('article_views.hour', '>=', since.toISOString())
      .where('articles.status', '=', 'published')
      .select(['article_views.article_id as articleId', (eb) => eb.fn.sum<number>('article_views.views').as('views')])
      .groupBy('article_views.article_id')
      .orderBy('views', 'desc')
      .orderBy('article_views.article_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ articleId: r.articleId, views: Number(r.views) }));
  }

  /** Views per hour since `since`, of one article or all of them: [hour start, views], oldest first. */
  async viewsByHour(since: Date, articleId?: number): Promise<{ hour: Date; views: number }[]> {
    let query = this.db
      .selectFrom('article_views')
      .where('hour', '>=', since.toISOString())
      .select(['hour', (eb) => eb.fn.sum<number>('views').as('views')])
      .groupBy('hour')
      .orderBy('hour');
    if (articleId !== undefined) query = query.where('article_id', '=', articleId);
    const rows = await query.execute();
    return rows.map((r) => ({ hour: toDate(r.hour), views: Number(r.views) }));
  }

  /** Views per section since `since`, most first. */
  async viewsBySection(since: Date): Promise<{ sectionId: number; views: number }[]> {
    const rows = await this.db
      .selectFrom('article_views')
      .innerJoin('articles', 'articles.id', 'article_views.article_id')
      .where('article_views.hour', '>=', since.toISOString())
      .select(['articles.section_id as sectionId', (eb) => eb.fn.sum<number>('article_views.views').as('views')])
      .groupBy('articles.section_id')
      .orderBy('views', 'desc')
      .execute();
    return rows.map((r) => ({ sectionId: r.sectionId, views: Number(r.views) }));
  }

  /** The most run searches from `fromDay` (YYYY-MM-DD) on; `zeroOnly`: those that found nothing. */
  async topSearches(fromDay: string, limit: number, zeroOnly = false): Promise<SearchTotal[]> {
    const searches = sql<number>`sum(${sql.ref(zeroOnly ? 'zero_results' : 'searches')})`;
    let query = this.db
      .selectFrom('search_log')
      .where('day', '>=', fromDay)
      .select(['query', searches.as('searches'), (eb) => eb.fn.sum<number>('zero_results').as('zeroResults')])
      .groupBy('query')
      .orderBy(searches, 'desc')
      .orderBy('query')
      .limit(limit);
    if (zeroOnly) query = query.where('zero_results', '>', 0);
    const rows = await query.execute();
    return rows.map((r) => ({ query: r.query, searches: Number(r.searches), zeroResults: Number(r.zeroResults) }));
  }
}
