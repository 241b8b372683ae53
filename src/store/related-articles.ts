import { type Kysely, sql } from 'kysely';
import type { ArticleSummary } from '../content/article.ts';
import { RELATED_WEIGHTS, relatedReason, relatedScore, type SharedEntity } from '../stories/related-scoring.ts';
import type { ArticleRepository } from './articles.ts';
import type { NearCopyRepository } from './near-copies.ts';
import { preparedQuery } from './prepared-query.ts';
import { type Database, type Timestamp, toOptionalDate } from './schema.ts';

export interface RelatedArticle {
  article: ArticleSummary;
  score: number;
  /** Why: the names both articles hold («يذكر: …»). */
  reason: string;
}

/** The entities of the article read that candidates are drawn from, most telling first. */
const ENTITIES_READ = 6;
/** Candidates drawn per entity: the articles nearest in time before the one read, and after it. */
const PER_ENTITY = 15;
/** Candidates read and checked for near-copies per place in the list. */
const SHORTLIST_PER_PLACE = 2;

/**
 * Related articles (src/stories/related-scoring.ts): the published articles sharing the most
 * telling names with an article, near it in time; its near-copies are left out, and of two
 * candidates that are near-copies of each other only the better placed is kept.
 */
export class RelatedArticleRepository {
  /** The article's entities candidates are drawn from, most telling first. */
  readonly #named;
  /**
   * The listed articles nearest in time to `at` of `count` entities, before (or at) it and
   * after it, the article read left out: one prepared statement per count of entities.
   */
  readonly #near: (
    count: number,
  ) => (...args: unknown[]) => Promise<{ entity_id: number; article_id: number; published_at: Timestamp | null }[]>;
  readonly #nearByCount = new Map<
    number,
    (...args: unknown[]) => Promise<{ entity_id: number; article_id: number; published_at: Timestamp | null }[]>
  >();

  constructor(
    db: Kysely<Database>,
    private readonly articles: Pick<ArticleRepository, 'publishedSummaries'>,
    private readonly nearCopies: Pick<NearCopyRepository, 'pairsAmong'>,
  ) {
    this.#named = preparedQuery(
      db,
      (articleId: number) =>
        db
          .selectFrom('article_entities as ae')
          .innerJoin('entities as e', 'e.id', 'ae.entity_id')
          .select(['e.id', 'e.name', 'e.article_count', 'ae.prominent'])
          .where('ae.article_id', '=', articleId)
          .where('e.status', '<>', 'rejected')
          .where('e.merged_into', 'is', null)
          .orderBy('ae.prominent', 'desc')
          .orderBy('e.article_count')
          .limit(sql.lit(ENTITIES_READ)),
      1,
    );
    const near = (entityId: number, articleId: number) =>
      db
        .selectFrom('article_entities')
        .select(['entity_id', 'article_id', 'published_at'])
        .where('entity_id', '=', entityId)
        .where('listed', '=', 1)
        .where('article_id', '<>', articleId)
        .limit(sql.lit(PER_ENTITY));
    // One statement for all the entities read: each one's nearest before and after, from its
    // listing index alone (covering: no article row is read).
    this.#near = (count: number) => {
      let statement = this.#nearByCount.get(count);
      if (!statement) {
        statement = preparedQuery(
          db,
          (...args: unknown[]) => {
            const branches = Array.from({ length: count }, (_, i) => {
              const [entityId, articleId, at] = args.slice(i * 3, i * 3 + 3) as [number, number, string];
              return [
                db
                  .selectFrom(
                    near(entityId, articleId).where('published_at', '<=', at).orderBy('published_at', 'desc').as('n'),
                  )
                  .selectAll(),
                db
                  .selectFrom(
                    near(entityId, articleId).where('published_at', '>', at).orderBy('published_at', 'asc').as('n'),
                  )
                  .selectAll(),
              ];
            }).flat();
            return branches.slice(1).reduce((all, branch) => all.unionAll(branch), branches[0]!);
          },
          count * 3,
        );
        this.#nearByCount.set(count, statement);
      }
      return statement;
    };
  }

  async of(
    article: { id: number; sectionId: number; publishedAt: Date | null },
    { limit = 5 }: { limit?: number } = {},
  ): Promise<RelatedArticle[]> {
    const named = await this.#named(article.id);
    if (named.length === 0) return [];
    const at = (article.publishedAt ?? new Date()).toISOString();
    const candidates = new Map<number, { shared: SharedEntity[]; publishedAt: Date | null }>();
    const rows = await this.#near(named.length)(...named.flatMap((entity) => [entity.id, article.id, at]));
    const byId = new Map(named.map((entity) => [entity.id, entity]));
    for (const row of rows) {
      const entity = byId.get(row.entity_id);
      if (!entity) continue;
      const candidate = candidates.get(row.article_id) ?? { shared: [], publishedAt: toOptionalDate(row.published_at) };
      candidate.shared.push({
        name: entity.name,
        articleCount: entity.article_count,
        prominent: entity.prominent === 1,
      });
      candidates.set(row.article_id, candidate);
    }
    // Scored first without the section, which only the summaries say: those are read for a
    // shortlist alone, and the section's small bonus then added.
    const daysFrom = (publishedAt: Date | null) =>
      article.publishedAt && publishedAt
        ? Math.abs(article.publishedAt.getTime() - publishedAt.getTime()) / 86_400_000
        : 365;
    const withoutSection = [...candidates]
      .map(([id, { shared, publishedAt }]) => ({
        id,
        candidate: { shared, sameSection: false, daysApart: daysFrom(publishedAt) },
      }))
      .map((c) => ({ ...c, score: relatedScore(c.candidate) }))
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice(0, limit * SHORTLIST_PER_PLACE);
    const summaries = new Map(
      (await this.articles.publishedSummaries(withoutSection.map((c) => c.id))).map((summary) => [summary.id, summary]),
    );
    const scored = withoutSection
      .flatMap(({ id, candidate }) => {
        const summary = summaries.get(id);
        if (!summary) return [];
        const placed = { ...candidate, sameSection: summary.sectionId === article.sectionId };
        return [{ article: summary, score: relatedScore(placed), reason: relatedReason(placed) }];
      })
      .filter((r) => r.score >= RELATED_WEIGHTS.minimum)
      .sort((a, b) => b.score - a.score || b.article.id - a.article.id);
    // Near-copies of the article, and of an article already listed, are one story told twice.
    const copies = await this.nearCopies.pairsAmong([article.id, ...scored.map((r) => r.article.id)]);
    const copiesOf = (id: number) => copies.flatMap(([a, b]) => (a === id ? [b] : b === id ? [a] : []));
    const excluded = new Set(copiesOf(article.id));
    const listed: RelatedArticle[] = [];
    for (const candidate of scored) {
      if (listed.length >= limit) break;
      if (excluded.has(candidate.article.id)) continue;
      listed.push(candidate);
      for (const copy of copiesOf(candidate.article.id)) excluded.add(copy);
    }
    return listed;
  }
}
