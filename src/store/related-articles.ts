import { type Kysely, sql } from 'kysely';
import { calendarDay, startOfLocalDay } from '../arabic/dates.ts';
import { DEFAULT_TIME_ZONE } from '../config.ts';
import type { ArticleSummary } from '../content/article.ts';
import { type ArticleTerm, distinctive, nameKeys, rareAtMost } from '../stories/rare-terms.ts';
import { referencedDates } from '../stories/referenced-dates.ts';
import {
  RELATED_WEIGHTS,
  type RelatedCandidate,
  relatedReason,
  relatedScore,
  type SharedEntity,
  withOffer,
} from '../stories/related-scoring.ts';
import { cacheTags } from '../web/cache-tags.ts';
import type { ArticleRepository } from './articles.ts';
import type { NearCopyRepository } from './near-copies.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import { preparedQuery } from './prepared-query.ts';
import type { RelatedChoiceRepository, RelatedChoices } from './related-choices.ts';
import type { KeptDate, KeptStory, RelatedListRepository, StoredRelated } from './related-lists.ts';
import type { RelatedTermRepository } from './related-terms.ts';
import { type Database, type Dialect, type Timestamp, toOptionalDate } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

export interface RelatedArticle {
  article: ArticleSummary;
  score: number;
  /** Why: the names both articles hold («يذكر: …»), or an editor's pin (PINNED_REASON). */
  reason: string;
  /** Pinned by an editor (store/related-choices.ts) rather than found. */
  pinned?: boolean;
}

/** The reason given for an article an editor pinned. */
export const PINNED_REASON = 'اختيار التحرير';

/** An article an editor pinned or removed, as the editor lists it (it may have left the site since). */
export interface ChosenArticle {
  id: number;
  headline: string;
  slug: string;
  published: boolean;
}

/** The entities of the article read that candidates are drawn from, most telling first. */
const ENTITIES_READ = 6;
/** Candidates drawn per entity: the articles nearest in time before the one read, and after it. */
const PER_ENTITY = 15;
/** Candidates drawn per distinctive term, before and after (stories/rare-terms.ts). */
const PER_TERM = 15;
/** Candidates read and checked for near-copies per place in the list. */
const SHORTLIST_PER_PLACE = 2;
/** Places kept per list: readers see 5; the others stand in for listed articles taken off the site since. */
const KEPT = 8;
/** An article new or changed is offered to the lists of at most this many of its best candidates… */
const OFFERED_TO = 20;
/** …scoring at least this share of the least listed score from its own side (the other side decides). */
const OFFER_SCORE_SHARE = 0.5;
/** A name in more than this share of the published articles relates none of them… */
const COMMON_SHARE = 0.05;
/** …unless the archive is small: up to this many articles a name still relates. */
const COMMON_AT_LEAST = 50;
const COUNT_LIFETIME_MS = 10 * 60_000;

/**
 * Related articles (src/stories/related-scoring.ts): the published articles sharing the most
 * telling names with an article, near it in time; its near-copies are left out, and of two
 * candidates that are near-copies of each other only the better placed is kept. Each
 * published article's list is worked out once after its write and kept (store/related-lists.ts),
 * so an uncached page reads it rather than works it out.
 */
export class RelatedArticleRepository {
  /** The article's entities candidates are drawn from, most telling first. */
  readonly #named;
  /** Every entity the article names. */
  readonly #namedAll;
  #published: { count: number; until: number } | undefined;
  /** The articles nearest in time to `at` of `count` terms, before (or at) it and after it: one statement per count. */
  readonly #nearTermsByCount = new Map<
    number,
    (...args: unknown[]) => Promise<{ term: number; article_id: number; published_at: Timestamp | null }[]>
  >();
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
    private readonly db: Kysely<Database>,
    private readonly articles: Pick<ArticleRepository, 'publishedSummaries' | 'listPublishedIds' | 'countPublished'>,
    private readonly nearCopies: Pick<NearCopyRepository, 'pairsAmong'>,
    private readonly lists: RelatedListRepository,
    private readonly choices: Pick<RelatedChoiceRepository, 'of'>,
    private readonly terms: Pick<RelatedTermRepository, 'termsOf' | 'counts' | 'usedBy'>,
    private readonly dialect: Dialect,
  ) {
    this.#named = preparedQuery(
      db,
      (articleId: number, common: number) =>
        db
          .selectFrom('article_entities as ae')
          .innerJoin('entities as e', 'e.id', 'ae.entity_id')
          .select(['e.id', 'e.name', 'e.article_count', 'ae.prominent'])
          .where('ae.article_id', '=', articleId)
          .where('e.status', '<>', 'rejected')
          .where('e.merged_into', 'is', null)
          .where('e.article_count', '<=', common)
          .orderBy('ae.prominent', 'desc')
          .orderBy('e.article_count')
          .limit(sql.lit(ENTITIES_READ)),
      2,
    );
    this.#namedAll = preparedQuery(
      db,
      (articleId: number) => db.selectFrom('article_entities').select('entity_id').where('article_id', '=', articleId),
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

  /** The statement reading, for each of `count` terms, its nearest postings before and after a time. */
  #nearTerms(count: number) {
    let statement = this.#nearTermsByCount.get(count);
    if (!statement) {
      const db = this.db;
      const near = (term: number, articleId: number) =>
        db
          .selectFrom('related_term_postings')
          .select(['term', 'article_id', 'published_at'])
          .where('term', '=', term)
          .where('article_id', '<>', articleId)
          .limit(sql.lit(PER_TERM));
      statement = preparedQuery(
        db,
        (...args: unknown[]) => {
          const branches = Array.from({ length: count }, (_, i) => {
            const [term, articleId, at] = args.slice(i * 3, i * 3 + 3) as [number, number, string];
            return [
              db
                .selectFrom(
                  near(term, articleId).where('published_at', '<=', at).orderBy('published_at', 'desc').as('n'),
                )
                .selectAll(),
              db
                .selectFrom(near(term, articleId).where('published_at', '>', at).orderBy('published_at', 'asc').as('n'))
                .selectAll(),
            ];
          }).flat();
          return branches.slice(1).reduce((all, branch) => all.unionAll(branch), branches[0]!);
        },
        count * 3,
      );
      this.#nearTermsByCount.set(count, statement);
    }
    return statement;
  }

  /** The article's distinctive terms (stories/rare-terms.ts), rarest first, with their counts. */
  async #distinctiveOf(articleId: number): Promise<(ArticleTerm & { articleCount: number })[]> {
    const terms = await this.terms.termsOf(articleId);
    if (terms.length === 0) return [];
    const counts = await this.terms.counts(terms.map((term) => term.key));
    return distinctive(terms, counts, rareAtMost(await this.#publishedCount()));
  }

  /**
   * The article's «اقرأ أيضا»: what an editor pinned, then its kept list (store/related-lists.ts)
   * less the articles removed by an editor or no longer published, or, while none is kept yet,
   * worked out now.
   */
  async of(
    article: { id: number; sectionId: number; publishedAt: Date | null },
    { limit = 5 }: { limit?: number } = {},
  ): Promise<RelatedArticle[]> {
    const choices = await this.choices.of(article.id);
    return (await this.#withChoices(choices, await this.#automatic(article, limit + choices.removed.length))).slice(
      0,
      limit,
    );
  }

  /**
   * What the article page shows of the article's story: «اقرأ أيضا» (as `of`), «السياق»'s
   * dates, and the articles those dates lead to (published ones of the kept list, which may
   * be past the `limit` shown), kept or, while none are kept yet, worked out now.
   */
  async storyOf(
    article: { id: number; sectionId: number; publishedAt: Date | null; bodyText: string },
    { limit = 5, timeZone }: { limit?: number; timeZone: string },
  ): Promise<{ related: RelatedArticle[]; dates: KeptDate[]; datedArticles: ArticleSummary[] }> {
    const [kept, choices] = await Promise.all([this.lists.read(article.id), this.choices.of(article.id)]);
    const automatic = kept ? await this.#shown(kept.related) : (await this.#workOut(article, KEPT)).listed;
    const dates = kept ? kept.dates : await this.#placed(article, automatic, timeZone);
    const all = await this.#withChoices(choices, automatic);
    const leadTo = new Set(dates.flatMap((date) => (date.articleId === undefined ? [] : [date.articleId])));
    return {
      related: all.slice(0, limit),
      dates,
      datedArticles: all.filter(({ article: a }) => leadTo.has(a.id)).map(({ article: a }) => a),
    };
  }

  /**
   * The article's list as the editor's «اقرأ أيضا» panel shows it: the articles pinned and
   * removed (published or not now), and the automatic list less those, best first.
   */
  async forEditor(article: {
    id: number;
    sectionId: number;
    publishedAt: Date | null;
  }): Promise<{ pinned: ChosenArticle[]; removed: ChosenArticle[]; automatic: RelatedArticle[] }> {
    const choices = await this.choices.of(article.id);
    const chosen = [...choices.pinned, ...choices.removed];
    const rows =
      chosen.length === 0
        ? []
        : await this.db
            .selectFrom('articles')
            .select(['id', 'headline', 'slug', 'status'])
            .where('id', 'in', chosen)
            .execute();
    const byId = new Map(
      rows.map((row) => [
        row.id,
        { id: row.id, headline: row.headline, slug: row.slug, published: row.status === 'published' },
      ]),
    );
    const excluded = new Set(chosen);
    const automatic = (await this.#automatic(article, KEPT)).filter(({ article: a }) => !excluded.has(a.id));
    return {
      pinned: choices.pinned.flatMap((id) => byId.get(id) ?? []),
      removed: choices.removed.flatMap((id) => byId.get(id) ?? []),
      automatic,
    };
  }

  /** The kept list's published entries, or, while none is kept yet, `limit` worked out now. */
  async #automatic(
    article: { id: number; sectionId: number; publishedAt: Date | null },
    limit: number,
  ): Promise<RelatedArticle[]> {
    const kept = await this.lists.read(article.id);
    return kept ? await this.#shown(kept.related) : (await this.#workOut(article, limit)).listed;
  }

  /**
   * The pinned articles still published, in the editor's order, then the automatic ones neither
   * pinned, nor removed, nor a near-copy of a pinned one.
   */
  async #withChoices(choices: RelatedChoices, automatic: RelatedArticle[]): Promise<RelatedArticle[]> {
    if (choices.pinned.length === 0 && choices.removed.length === 0) return automatic;
    const pinned = await this.articles.publishedSummaries(choices.pinned);
    const left = new Set([...choices.removed, ...pinned.map((a) => a.id)]);
    let rest = automatic.filter(({ article: a }) => !left.has(a.id));
    if (pinned.length > 0 && rest.length > 0) {
      const pinnedIds = new Set(pinned.map((a) => a.id));
      const copies = await this.nearCopies.pairsAmong([...pinnedIds, ...rest.map(({ article: a }) => a.id)]);
      const copyOfPinned = new Set(
        copies.flatMap(([a, b]) => (pinnedIds.has(a) ? [b] : []).concat(pinnedIds.has(b) ? [a] : [])),
      );
      rest = rest.filter(({ article: a }) => !copyOfPinned.has(a.id));
    }
    return [...pinned.map((article) => ({ article, score: 0, reason: PINNED_REASON, pinned: true })), ...rest];
  }

  /** The kept entries still published, as RelatedArticles, best first. */
  async #shown(kept: readonly StoredRelated[]): Promise<RelatedArticle[]> {
    const summaries = new Map(
      (await this.articles.publishedSummaries(kept.map((entry) => entry.id))).map((summary) => [summary.id, summary]),
    );
    return kept.flatMap(({ id, score, reason }) => {
      const summary = summaries.get(id);
      return summary ? [{ article: summary, score, reason }] : [];
    });
  }

  /**
   * The dates the article's text refers to, each leading to the related article published that
   * day, or else to the day's archive when it holds articles.
   */
  async #placed(
    article: { publishedAt: Date | null; bodyText: string },
    related: readonly RelatedArticle[],
    timeZone: string,
  ): Promise<KeptDate[]> {
    const placed: KeptDate[] = [];
    for (const date of referencedDates(article.bodyText, article.publishedAt, timeZone)) {
      if (date.day === undefined) {
        placed.push(date);
        continue;
      }
      const day = { year: date.year, month: date.month, day: date.day };
      const sameDay = related.find(({ article: a }) => {
        if (!a.publishedAt) return false;
        const on = calendarDay(a.publishedAt, timeZone);
        return on.year === day.year && on.month === day.month && on.day === day.day;
      });
      if (sameDay) {
        placed.push({ ...date, articleId: sameDay.article.id });
        continue;
      }
      const from = startOfLocalDay(day.year, day.month, day.day, timeZone);
      const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
      const to = startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
      const archived = (await this.articles.listPublishedIds({ from, to, limit: 1 })).length > 0;
      placed.push(archived ? { ...date, archived } : date);
    }
    return placed;
  }

  /**
   * Makes the lists of up to `batch` queued articles (the job loop calls it until none is
   * left), and offers each new or changed article to the lists of the articles it is related
   * to, where it now belongs: «اقرأ أيضا» of an older article takes in the newer one without
   * being worked out again. The lists are worked out outside any transaction and written in one,
   * with a purge of the pages whose list changed. Returns how many queued articles it took
   * (one no longer published is taken off the queue with no list).
   */
  async refreshDue({
    batch = 20,
    timeZone = DEFAULT_TIME_ZONE,
  }: {
    batch?: number;
    timeZone?: string;
  } = {}): Promise<number> {
    const pending = await this.lists.due(batch);
    if (pending.length === 0) return 0;
    const ids = pending.map((p) => p.articleId);
    const placed = new Map((await this.articles.publishedSummaries(ids)).map((s) => [s.id, s]));
    const texts = new Map(
      (await this.db.selectFrom('articles').select(['id', 'body_text']).where('id', 'in', ids).execute()).map((row) => [
        row.id,
        row.body_text,
      ]),
    );
    const made: ({ articleId: number } & KeptStory)[] = [];
    const offers: { to: number; offer: StoredRelated }[] = [];
    for (const { articleId, offer } of pending) {
      const summary = placed.get(articleId);
      if (!summary) continue;
      const article = { id: articleId, sectionId: summary.sectionId, publishedAt: summary.publishedAt };
      const { listed, candidates } = await this.#workOut(article, KEPT);
      made.push({
        articleId,
        related: listed.map(({ article: a, score, reason }) => ({ id: a.id, score, reason })),
        dates: await this.#placed({ ...article, bodyText: texts.get(articleId) ?? '' }, listed, timeZone),
      });
      if (offer) offers.push(...(await this.#offersOf(article, candidates)));
    }
    const targets = [...new Set(offers.map((o) => o.to))].filter((id) => !made.some((m) => m.articleId === id));
    // Near-copies among the offers, their lists and what those hold, read before the write
    // (inside it only the transaction's own reads may run).
    const listedBefore = await this.lists.readManyWithin(this.db, targets);
    const copies = await this.nearCopies.pairsAmong([
      ...new Set([
        ...offers.flatMap((o) => [o.to, o.offer.id]),
        ...[...listedBefore.values()].flat().map((entry) => entry.id),
      ]),
    ]);
    const isCopy = (a: number, b: number) => copies.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
    await writeTransaction(this.db, this.dialect, async (trx) => {
      await this.lists.writeWithin(trx, made);
      const changed: { articleId: number; entries: StoredRelated[] }[] = [];
      for (const [to, entries] of await this.lists.readManyWithin(trx, targets, { lock: true })) {
        let list = entries;
        for (const { offer } of offers.filter((o) => o.to === to)) {
          if (!isCopy(to, offer.id)) list = withOffer(list, offer, KEPT, isCopy) ?? list;
        }
        if (list !== entries) changed.push({ articleId: to, entries: list });
      }
      await this.lists.writeListsWithin(trx, changed);
      await this.lists.doneWithin(trx, pending);
      const purged = [...made, ...changed].map((list) => cacheTags.article(list.articleId));
      if (purged.length > 0) {
        await enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId: null, payload: { tags: purged } });
      }
    });
    return pending.length;
  }

  /**
   * The article offered to the lists of its likeliest relations (its best candidates), each
   * scored from that article's side: its own most telling names, its prominence, its
   * distinctive terms the offered article uses, its section.
   */
  async #offersOf(
    article: { id: number; sectionId: number; publishedAt: Date | null },
    candidates: readonly { id: number; score: number }[],
  ): Promise<{ to: number; offer: StoredRelated }[]> {
    const likely = candidates
      .filter((c) => c.score >= RELATED_WEIGHTS.minimum * OFFER_SCORE_SHARE)
      .slice(0, OFFERED_TO);
    if (likely.length === 0) return [];
    const names = new Set((await this.#namedAll(article.id)).map((row) => row.entity_id));
    const words = new Set((await this.terms.termsOf(article.id)).map((term) => term.key));
    const summaries = await this.articles.publishedSummaries(likely.map((c) => c.id));
    const offers: { to: number; offer: StoredRelated }[] = [];
    for (const other of summaries) {
      const shared = (await this.#named(other.id, await this.#commonAbove()))
        .filter((entity) => names.has(entity.id))
        .map((entity) => ({
          name: entity.name,
          articleCount: entity.article_count,
          prominent: entity.prominent === 1,
        }));
      const rare = (await this.#distinctiveOf(other.id)).filter((term) => words.has(term.key));
      const spelt = new Map(rare.map((term) => [term.key, term.written]));
      const terms = termsBeside(shared, new Map(rare.map((term) => [term.key, term.articleCount])), spelt);
      const candidate = {
        shared,
        terms,
        sameSection: other.sectionId === article.sectionId,
        daysApart: daysBetween(other.publishedAt, article.publishedAt),
      };
      const score = relatedScore(candidate);
      if ((shared.length > 0 || terms.length > 0) && score >= RELATED_WEIGHTS.minimum) {
        offers.push({ to: other.id, offer: { id: article.id, score, reason: relatedReason(candidate) } });
      }
    }
    return offers;
  }

  /**
   * The most articles an entity may be named in and still relate two of them: a name in more
   * than COMMON_SHARE of the archive (the country, the newspaper's own name) says nothing about
   * a story. The count of published articles is read again every COUNT_LIFETIME_MS.
   */
  async #commonAbove(): Promise<number> {
    return Math.max(COMMON_AT_LEAST, Math.floor((await this.#publishedCount()) * COMMON_SHARE));
  }

  /** The count of published articles, read again every COUNT_LIFETIME_MS. */
  async #publishedCount(): Promise<number> {
    const now = Date.now();
    if (!this.#published || this.#published.until <= now) {
      this.#published = { count: await this.articles.countPublished({}), until: now + COUNT_LIFETIME_MS };
    }
    return this.#published.count;
  }

  /** The list worked out from the archive as it is, and every candidate scored (without the section bonus). */
  async #workOut(
    article: { id: number; sectionId: number; publishedAt: Date | null },
    limit: number,
  ): Promise<{ listed: RelatedArticle[]; candidates: { id: number; score: number }[] }> {
    const [named, rare] = await Promise.all([
      this.#commonAbove().then((common) => this.#named(article.id, common)),
      this.#distinctiveOf(article.id),
    ]);
    if (named.length === 0 && rare.length === 0) return { listed: [], candidates: [] };
    const at = (article.publishedAt ?? new Date()).toISOString();
    const candidates = new Map<
      number,
      { shared: SharedEntity[]; terms: Map<number, number>; publishedAt: Date | null }
    >();
    const candidateOf = (id: number, publishedAt: Timestamp | null) => {
      let candidate = candidates.get(id);
      if (!candidate) {
        candidate = { shared: [], terms: new Map(), publishedAt: toOptionalDate(publishedAt) };
        candidates.set(id, candidate);
      }
      return candidate;
    };
    if (named.length > 0) {
      const rows = await this.#near(named.length)(...named.flatMap((entity) => [entity.id, article.id, at]));
      const byId = new Map(named.map((entity) => [entity.id, entity]));
      for (const row of rows) {
        const entity = byId.get(row.entity_id);
        if (!entity) continue;
        candidateOf(row.article_id, row.published_at).shared.push({
          name: entity.name,
          articleCount: entity.article_count,
          prominent: entity.prominent === 1,
        });
      }
    }
    const rarity = new Map(rare.map((term) => [term.key, term.articleCount]));
    if (rare.length > 0) {
      const rows = await this.#nearTerms(rare.length)(...rare.flatMap((term) => [term.key, article.id, at]));
      for (const row of rows) {
        const count = rarity.get(row.term);
        if (count !== undefined) candidateOf(row.article_id, row.published_at).terms.set(row.term, count);
      }
    }
    // Scored first without the section, which only the summaries say, and with the terms the
    // nearest postings show: a shortlist alone has its summaries and every shared term read,
    // and is then scored in full.
    const withoutSection = [...candidates]
      .map(([id, { shared, terms, publishedAt }]) => ({
        id,
        shared,
        daysApart: daysBetween(article.publishedAt, publishedAt),
        score: relatedScore({
          shared,
          terms: termsBeside(shared, terms, undefined),
          sameSection: false,
          daysApart: daysBetween(article.publishedAt, publishedAt),
        }),
      }))
      .sort((a, b) => b.score - a.score || b.id - a.id);
    const shortlist = withoutSection.slice(0, limit * SHORTLIST_PER_PLACE);
    const ids = shortlist.map((c) => c.id);
    const [summaryList, used] = await Promise.all([
      this.articles.publishedSummaries(ids),
      this.terms.usedBy(ids, [...rarity.keys()]),
    ]);
    const summaries = new Map(summaryList.map((summary) => [summary.id, summary]));
    const spelt = new Map(rare.map((term) => [term.key, term.written]));
    const scored = shortlist
      .flatMap(({ id, shared, daysApart }) => {
        const summary = summaries.get(id);
        if (!summary) return [];
        const terms = new Map([...(used.get(id) ?? [])].map((key) => [key, rarity.get(key)!]));
        const placed: RelatedCandidate = {
          shared,
          terms: termsBeside(shared, terms, spelt),
          sameSection: summary.sectionId === article.sectionId,
          daysApart,
        };
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
    return { listed, candidates: withoutSection.map(({ id, score }) => ({ id, score })) };
  }
}

/**
 * The shared terms a candidate is scored with: those not a word of a name both articles hold
 * (the name counts already), and, when `spelt` is given, only those the article read spells
 * (the reason names each).
 */
function termsBeside(
  shared: readonly SharedEntity[],
  terms: ReadonlyMap<number, number>,
  spelt: ReadonlyMap<number, string> | undefined,
): { term: string; articleCount: number }[] {
  const ofNames = shared.map((entity) => nameKeys(entity.name));
  return [...terms].flatMap(([key, articleCount]) => {
    if (ofNames.some((keys) => keys.has(key))) return [];
    if (!spelt) return [{ term: '', articleCount }];
    const term = spelt.get(key);
    return term ? [{ term, articleCount }] : [];
  });
}

/** Days between two publications; a year when either is unknown. */
function daysBetween(a: Date | null, b: Date | null): number {
  return a && b ? Math.abs(a.getTime() - b.getTime()) / 86_400_000 : 365;
}
