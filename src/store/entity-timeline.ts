import { type Kysely, sql } from 'kysely';
import { calendarDay } from '../arabic/dates.ts';
import type { ArticleSummary } from '../content/article.ts';
import type { ArticleRepository } from './articles.ts';
import { preparedQuery } from './prepared-query.ts';
import { type Database, toOptionalDate } from './schema.ts';

/** One month of an entity's coverage: how many articles named it, and the one that leads. */
export interface TimelineMonth {
  year: number;
  month: number;
  count: number;
  /** Where it was first named as a main subject that month, else first named at all. */
  lead: ArticleSummary;
}

/** Months shown at most. */
const MONTHS = 8;
/** The newest listing rows read: a name in the news every day still shows a few months. */
const ROWS_READ = 1000;

/**
 * «السياق» on an entity's page: its coverage month by month, oldest first, each month with its
 * count and its leading article, from its newest listing rows (one range of
 * article_entities_listing). When the rows read stop inside a month, that month is left out
 * rather than undercounted.
 */
export class EntityTimeline {
  readonly #rows;

  constructor(
    db: Kysely<Database>,
    private readonly articles: Pick<ArticleRepository, 'publishedSummaries'>,
  ) {
    this.#rows = preparedQuery(
      db,
      (entityId: number) =>
        db
          .selectFrom('article_entities')
          .select(['article_id', 'published_at', 'prominent'])
          .where('entity_id', '=', entityId)
          .where('listed', '=', 1)
          .orderBy('published_at', 'desc')
          .orderBy('article_id', 'desc')
          .limit(sql.lit(ROWS_READ)),
      1,
    );
  }

  /** The entity's months, oldest first; none when its articles fall in fewer than two months. */
  async of(entityId: number, { timeZone }: { timeZone: string }): Promise<TimelineMonth[]> {
    const rows = await this.#rows(entityId);
    const months = new Map<string, { year: number; month: number; count: number; lead: number; prominent: boolean }>();
    for (const row of rows) {
      const at = toOptionalDate(row.published_at);
      if (!at) continue;
      const { year, month } = calendarDay(at, timeZone);
      const key = `${year}-${month}`;
      const known = months.get(key);
      const prominent = row.prominent === 1;
      if (!known) {
        months.set(key, { year, month, count: 1, lead: row.article_id, prominent });
        continue;
      }
      known.count++;
      // Rows come newest first: a later row is earlier in the month.
      if (prominent || !known.prominent) Object.assign(known, { lead: row.article_id, prominent });
    }
    let kept = [...months.values()];
    if (rows.length === ROWS_READ) kept = kept.slice(0, -1);
    kept = kept.slice(0, MONTHS).reverse();
    if (kept.length < 2) return [];
    const leads = new Map(
      (await this.articles.publishedSummaries(kept.map((m) => m.lead))).map((summary) => [summary.id, summary]),
    );
    return kept.flatMap(({ year, month, count, lead }) => {
      const summary = leads.get(lead);
      return summary ? [{ year, month, count, lead: summary }] : [];
    });
  }
}
