import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from '../store/schema.ts';
import { toOptionalDate } from '../store/schema.ts';
import { FORM_WEIGHTS, PLACE_WEIGHTS } from './ranking.ts';
import type { Filters, ScoredMatch, SearchReads } from './search-plan.ts';

/**
 * A query that names an entity (any spelling: غانتس, جانتس, گانتز) finds the articles about it
 * first, whether or not they write the name the way the reader typed it: the entity's articles
 * (store/entities.ts, article_entities) join the text's matches. An article is worth, as the
 * entity's, what the name would be worth written in its headline when the entity is prominent
 * (named in the headline, kicker or dek), and in its body otherwise, a little more for each
 * further mention; found by both, it adds the two. A word that only looks like the name (گنازة:
 * the same name key) is found by the text alone, at the name key's low weight.
 *
 * Same on both backends: a Kysely read over article_entities and articles.
 */

/** What the entity's article is worth: prominent, or by its mentions (up to MENTIONS_COUNTED). */
const PROMINENT = PLACE_WEIGHTS.headline * FORM_WEIGHTS.exact;
const NAMED = PLACE_WEIGHTS.body * FORM_WEIGHTS.exact;
const PER_MENTION = 0.05;
const MENTIONS_COUNTED = 5;

export function entityRelevance(prominent: boolean, mentions: number): number {
  return (prominent ? PROMINENT : 0) + NAMED + PER_MENTION * Math.min(mentions, MENTIONS_COUNTED);
}

/**
 * The newest `count` published articles about the entity under `filters`, scored: read in the
 * order of the article_entities_listing index (undated last), so that an entity named in tens of
 * thousands of articles costs `count` rows. On PostgreSQL, a plain `desc` puts nulls first, so
 * that order was not the index's: every listed row of the entity was joined to its article and
 * sorted (1.1 s for one in 57,772 articles of 100,000, 25 ms in the index's order).
 */
export async function entityArticles(
  db: Kysely<Database>,
  dialect: Dialect,
  entityId: number,
  filters: Filters,
  count: number,
): Promise<ScoredMatch[]> {
  let query = db
    .selectFrom('article_entities as ae')
    .innerJoin('articles as a', 'a.id', 'ae.article_id')
    .select(['ae.article_id', 'a.section_id', 'a.published_at', 'ae.prominent', 'ae.mentions'])
    .where('ae.entity_id', '=', entityId)
    .where('ae.listed', '=', 1);
  if (filters.sectionId !== undefined) query = query.where('a.section_id', '=', filters.sectionId);
  if (filters.from !== undefined) query = query.where('ae.published_at', '>=', filters.from.toISOString());
  if (filters.to !== undefined) query = query.where('ae.published_at', '<', filters.to.toISOString());
  const newestFirst = dialect === 'sqlite' ? sql`ae.published_at desc` : sql`ae.published_at desc nulls last`;
  const rows = await query.orderBy(newestFirst).orderBy('ae.article_id', 'desc').limit(count).execute();
  return rows.map((row) => ({
    articleId: row.article_id,
    sectionId: row.section_id,
    publishedAt: toOptionalDate(row.published_at),
    relevance: entityRelevance(row.prominent === 1, row.mentions),
  }));
}

/**
 * The reads of a search (search-plan.ts) with the entity's articles joined to the text's
 * matches: each read takes the newest of both, an article found by both once, its two
 * relevances added.
 */
export function withEntityArticles(
  reads: SearchReads,
  db: Kysely<Database>,
  dialect: Dialect,
  entityId: number,
): SearchReads {
  const newest = async (filters: Filters, count: number): Promise<ScoredMatch[]> => {
    const [text, entity] = await Promise.all([
      reads.newest(filters, count),
      entityArticles(db, dialect, entityId, filters, count),
    ]);
    const byId = new Map<number, ScoredMatch>();
    for (const match of [...text, ...entity]) {
      const seen = byId.get(match.articleId);
      byId.set(match.articleId, seen ? { ...seen, relevance: seen.relevance + match.relevance } : match);
    }
    return [...byId.values()].sort(newestFirst).slice(0, count);
  };
  return {
    newest,
    newestIds: async (filters, offset, count) =>
      (await newest(filters, offset + count)).slice(offset, offset + count).map((match) => match.articleId),
    counts: async (filters, cap) => {
      const counts = new Map<string, { sectionId: number; year: number | null; count: number }>();
      for (const match of await newest(filters, cap)) {
        const year = match.publishedAt?.getUTCFullYear() ?? null;
        const key = `${match.sectionId}:${year}`;
        const row = counts.get(key) ?? { sectionId: match.sectionId, year, count: 0 };
        row.count++;
        counts.set(key, row);
      }
      return [...counts.values()];
    },
  };
}

function newestFirst(a: ScoredMatch, b: ScoredMatch): number {
  const time = (match: ScoredMatch) => match.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return time(b) - time(a) || b.articleId - a.articleId;
}
