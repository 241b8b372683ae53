import { type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { slugify } from '../arabic/slug.ts';
import type { ArticleEntity, Entity, EntityStatus } from '../entities/entity.ts';
import type {
  ArticleMentions,
  DecisionAction,
  DecisionPayloads,
  DecisionResult,
  EntityDecision,
  EntityName,
  MergePayload,
  RenamePayload,
  SplitPayload,
  StatusPayload,
} from '../entities/entity-decision.ts';
import { checkEntityName, ENTITY_ERRORS } from '../entities/entity-error.ts';
import type { EntityType, ExtractionRules, FoundEntity } from '../entities/found-entity.ts';
import type { IndexableArticle } from '../search/search-index.ts';
import { enqueueEntityMerged, enqueueEntitySplit, enqueueUndoEvent } from './entity-events.ts';
import { preparedQuery } from './prepared-query.ts';
import type { RelatedListRepository } from './related-lists.ts';
import { type Database, type Dialect, type EntitiesTable, toDate } from './schema.ts';

type EntityRow = Selectable<EntitiesTable>;

/** An entity and how often it is named in the same published articles as another one. */
export interface RelatedEntity {
  entity: Entity;
  /** Articles (among the other entity's newest 500) that name both. */
  sharedArticles: number;
}

/** Two entities that may be one: same type, same surname or name key, and some context in common. */
export interface SuspectedDuplicate {
  /** The lower id first. */
  entities: [Entity, Entity];
  /** The whole names share their linking key (not only the surname). */
  sameKey: boolean;
  /** Articles naming both, among the newest 100 of each. */
  sharedArticles: number;
  /** Other entities among the ten most often named with each, in those articles. */
  sharedNeighbours: number;
}

/** What a split takes from an entity: spellings (and the articles that write them), articles, or both. */
export interface SplitSelection {
  names?: readonly string[];
  articleIds?: readonly number[];
}

/** Ids per `in (…)` list: well under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const IDS_PER_QUERY = 5_000;
/** Rows per multi-row insert: article_entities' 8 columns make 8,000 parameters. */
const ROWS_PER_INSERT = 1_000;
/** related() reads the entity's newest listed articles, this many at most. */
const RELATED_SAMPLE = 200;
/**
 * Published articles after which a person's or organisation's foreign-looking names are found
 * wherever written (rules()). Such a name has a phonetic key (upper-case symbols, entity-key.ts):
 * an Arabic word rarely does, so a frequent mistake of extraction is not learnt.
 */
const WELL_KNOWN_ARTICLES = 5;
const FOREIGN_KEY = /[A-Z]/;
/** suspectedDuplicates() judges context on each entity's newest articles, this many, and the entities most often named with it there, this many. */
const CONTEXT_ARTICLES = 100;
const CONTEXT_NEIGHBOURS = 10;
/**
 * suspectedDuplicates() looks at this many candidate pairs at most, reading their context for
 * twice as many pairs as it still needs at a time (from 20 to 400): most pairs have some.
 */
const MAX_CANDIDATES = 2_000;
/** Ids given to entities a batch creates until the database numbers them: above any real id. */
const FIRST_PLACEHOLDER = 2 ** 52;

/**
 * The newspaper's entities (src/entities/entity.ts): the people, organisations and places
 * extraction finds in the articles, linked to the articles that name them, and the editors'
 * decisions about them (confirm, reject, rename, merge, split, undo), each kept with what its
 * undo needs. Merges and splits, and their undos, write their webhook event (entity.merged,
 * entity.split: store/entity-events.ts) in the decision's own transaction.
 *
 * `keyOf` is the linking key of a name (src/entities/entity-key.ts): spellings of one name
 * share it. Extraction gives the key of each found entity's fullest name; the store keys the
 * other forms it writes, and the names editors type.
 */
export class EntityRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly keyOf: (name: string) => string,
    /** Queues the «اقرأ أيضا» lists of the articles a decision changed, in its transaction. */
    private readonly relatedLists?: Pick<RelatedListRepository, 'queuePublishedWithin'>,
  ) {}

  /**
   * Replaces the entity rows of `articles` with the entities extraction found in each
   * (`found.get(article.id)`; none when absent), inside the caller's transaction `executor`,
   * and keeps the published articles of every entity whose rows changed counted. An article's
   * rows carry its listing state (listed while published), so publishing or unpublishing calls
   * this again. Each found entity is linked (see Linking) or dropped when its name was
   * rejected; two found entities of one article linked to the same entity make one row.
   * Returns the entities the articles named before or name now, ascending: their pages list
   * these articles (purge them).
   *
   * A batch of 100 articles costs a fixed number of statements, however many entities and
   * names it holds. Counts move by what the batch changed (listed rows removed and added)
   * rather than being counted again: a much-named entity's thousands of rows would otherwise be
   * counted once per batch of an import.
   *
   * On PostgreSQL, where other transactions write at the same time, nothing is written before
   * the entities linked to are locked `for key share` (an editor's merge of one waits for this
   * transaction; other writers' count updates do not) and the names of the entities to create
   * are locked (another writer about to create the same one waits, and creates none). A merge
   * or a creation committed since linking read the entities is then seen, and the batch linked
   * again: no row is written for an entity merged away, and no name gets two entities.
   */
  async indexWithin(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    found: ReadonlyMap<number, FoundEntity[]>,
  ): Promise<number[]> {
    const byId = new Map(articles.map((article) => [article.id, article]));
    if (byId.size === 0) return [];
    let linked = await this.link(executor, [...byId.values()], found);
    for (let tries = 1; this.dialect === 'postgres' && (await changedMeanwhile(executor, linked)); tries++) {
      if (tries === 3) throw new Error('Entities kept being merged while articles were indexed: index them again.');
      linked = await this.link(executor, [...byId.values()], found);
    }
    const { linking, rows } = linked;

    const ids = await linking.createEntities(executor);
    /** Entity → listed rows added less listed rows removed; its keys are every entity touched. */
    const counted = new Map<number, number>();
    const add = (entityId: number, change: number) => counted.set(entityId, (counted.get(entityId) ?? 0) + change);
    for (const chunk of chunked([...byId.keys()], IDS_PER_QUERY)) {
      const gone = await executor
        .deleteFrom('article_entities')
        .where('article_id', 'in', chunk)
        .returning(['entity_id', 'listed'])
        .execute();
      for (const row of gone) add(row.entity_id, -row.listed);
    }
    const positions = new Map<number, number>();
    const values = rows.map((row) => {
      const position = positions.get(row.articleId) ?? 0;
      positions.set(row.articleId, position + 1);
      const entityId = ids(row.entityId);
      add(entityId, row.listed);
      return {
        article_id: row.articleId,
        entity_id: entityId,
        names: JSON.stringify(row.names),
        mentions: row.mentions,
        prominent: row.prominent ? 1 : 0,
        position,
        listed: row.listed,
        published_at: row.publishedAt,
      };
    });
    for (const chunk of chunked(values, ROWS_PER_INSERT)) {
      await executor.insertInto('article_entities').values(chunk).execute();
    }
    await addNames(
      executor,
      (await linking.newNames(executor)).map((name) => ({ ...name, entity_id: ids(name.entity_id) })),
    );
    await addToCounts(executor, this.dialect, counted);
    return sortedIds(counted.keys());
  }

  /**
   * Links every found entity of the articles (see Linking): each article's rows, in the order
   * of their first mention, with new entities still known by placeholders.
   */
  private async link(
    executor: Kysely<Database>,
    articles: readonly IndexableArticle[],
    found: ReadonlyMap<number, FoundEntity[]>,
  ): Promise<{ linking: Linking; rows: NewArticleRow[] }> {
    const linking = await Linking.load(
      executor,
      articles.flatMap((article) => found.get(article.id) ?? []),
      this.keyOf,
    );
    const rows: NewArticleRow[] = [];
    for (const article of articles) {
      const named = new Map<number, NewArticleRow>();
      for (const entity of found.get(article.id) ?? []) {
        const entityId = linking.link(entity);
        if (entityId === undefined) continue;
        linking.addNames(entityId, entity);
        const forms = entity.names.length > 0 ? entity.names : [entity.name];
        const row = named.get(entityId);
        if (row) {
          row.names = unique([...row.names, ...forms]);
          row.mentions += entity.mentions;
          row.prominent ||= entity.prominent;
          row.firstSeen = Math.min(row.firstSeen, entity.firstSeen);
        } else {
          named.set(entityId, {
            articleId: article.id,
            entityId,
            names: unique(forms),
            mentions: entity.mentions,
            prominent: entity.prominent,
            firstSeen: entity.firstSeen,
            listed: article.published ? 1 : 0,
            publishedAt: article.publishedAt?.toISOString() ?? null,
          });
        }
      }
      rows.push(...[...named.values()].sort((a, b) => a.firstSeen - b.firstSeen));
    }
    return { linking, rows };
  }

  // ——— Reads ———

  /**
   * The entity, whatever its status (the newsroom shows rejected ones too; the site shows only
   * the others). A merged one also says the entity it now is, at the end of its merges, so
   * that its page can redirect there.
   */
  async get(id: number): Promise<(Entity & { mergedInto?: number }) | undefined> {
    const row = await this.db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [entity] = (await withNames(this.db, [row])) as [Entity];
    if (row.merged_into === null) return entity;
    const finals = await finalEntities(this.db, [row.merged_into]);
    return { ...entity, mergedInto: finals.get(row.merged_into) ?? row.merged_into };
  }

  /** The entities an article names, rejected ones left out: prominent first, then the most named, then in order. */
  async forArticle(articleId: number): Promise<ArticleEntity[]> {
    // Every article page asks this: built and compiled once, then only bound.
    this.#forOneArticle ??= preparedQuery(
      this.db,
      (id: number) => this.articleEntities((eb) => eb('ae.article_id', '=', id)),
      1,
    );
    return (await this.#forOneArticle(articleId)).map(toArticleEntity);
  }

  #forOneArticle: ((articleId: number) => Promise<ArticleEntityRow[]>) | undefined;

  /** forArticle for several articles at once: every id asked for is in the map, with [] when it names none. */
  async forArticles(articleIds: readonly number[]): Promise<Map<number, ArticleEntity[]>> {
    const result = new Map<number, ArticleEntity[]>(articleIds.map((id) => [id, []]));
    for (const chunk of chunked(unique(articleIds), IDS_PER_QUERY)) {
      const rows = await this.articleEntities((eb) => eb('ae.article_id', 'in', chunk)).execute();
      for (const row of rows) result.get(row.article_id)?.push(toArticleEntity(row));
    }
    return result;
  }

  /** The named entities of the articles `which` picks, in forArticle's order. */
  private articleEntities(which: (eb: ExpressionBuilder<ArticleEntityFrom, 'ae' | 'e'>) => Expression<SqlBool>) {
    return this.db
      .selectFrom('article_entities as ae')
      .innerJoin('entities as e', 'e.id', 'ae.entity_id')
      .select([
        'ae.article_id',
        'e.id',
        'e.type',
        'e.name',
        'e.slug',
        'e.status',
        'ae.names',
        'ae.mentions',
        'ae.prominent',
      ])
      .where(which)
      .where('e.status', '<>', 'rejected')
      .where('e.merged_into', 'is', null)
      .orderBy('ae.article_id')
      .orderBy('ae.prominent', 'desc')
      .orderBy('ae.mentions', 'desc')
      .orderBy('ae.position');
  }

  /** The published articles that name the entity, newest first (undated last): one range of article_entities_listing. */
  async articles(
    entityId: number,
    { limit, offset = 0 }: { limit: number; offset?: number },
  ): Promise<{ articleIds: number[]; total: number }> {
    const listed = () =>
      this.db.selectFrom('article_entities').where('entity_id', '=', entityId).where('listed', '=', 1);
    const [rows, count] = await Promise.all([
      listed()
        .select('article_id')
        .orderBy(this.newestFirst('published_at'))
        .orderBy('article_id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      listed()
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { articleIds: rows.map((r) => r.article_id), total: Number(count.n) };
  }

  /**
   * The entities most often named in the same published articles as this one, with how often:
   * read from its newest 200 listed articles, so that a much-named entity costs no more than
   * that (bench:entities at 100,000 articles, an entity in 20,000: 0.6–1.0 ms on SQLite in two
   * runs, where the newest 500 took 2.2). Rejected and merged entities are left out.
   */
  async related(entityId: number, limit: number): Promise<RelatedEntity[]> {
    const rows = await this.db
      .with('recent', (db) =>
        db
          .selectFrom('article_entities')
          .select('article_id')
          .where('entity_id', '=', entityId)
          .where('listed', '=', 1)
          .orderBy(this.newestFirst('published_at'))
          .orderBy('article_id', 'desc')
          .limit(RELATED_SAMPLE),
      )
      .selectFrom('article_entities as other')
      .innerJoin('recent', 'recent.article_id', 'other.article_id')
      .innerJoin('entities as e', 'e.id', 'other.entity_id')
      .select(['e.id', (eb) => eb.fn.countAll<number | string>().as('shared')])
      .where('other.entity_id', '<>', entityId)
      .where('e.status', '<>', 'rejected')
      .where('e.merged_into', 'is', null)
      .groupBy('e.id')
      .orderBy('shared', 'desc')
      .orderBy((eb) => eb.fn.max('e.article_count'), 'desc')
      .orderBy('e.id')
      .limit(limit)
      .execute();
    const entities = await this.entitiesById(rows.map((r) => r.id));
    return rows.flatMap((row) => {
      const entity = entities.get(row.id);
      return entity ? [{ entity, sharedArticles: Number(row.shared) }] : [];
    });
  }

  /**
   * Entities one of whose spellings is `text` as written, or has its linking key (so a reader's
   * «جانتس» finds «بيني گانتز» once that spelling was seen), each taken to the entity it was
   * merged into; rejected ones left out, the most written about first.
   */
  async findBySpelling(text: string, limit: number): Promise<Entity[]> {
    const spelled = text.trim();
    if (spelled === '' || limit <= 0) return [];
    const key = this.keyOf(spelled);
    const matches = await this.db
      .selectFrom('entity_names')
      .select('entity_id')
      .distinct()
      .where((eb) => (key === '' ? eb('name', '=', spelled) : eb.or([eb('key', '=', key), eb('name', '=', spelled)])))
      .execute();
    if (matches.length === 0) return [];
    const finals = unique([
      ...(
        await finalEntities(
          this.db,
          matches.map((m) => m.entity_id),
        )
      ).values(),
    ]);
    const rows: EntityRow[] = [];
    for (const chunk of chunked(finals, IDS_PER_QUERY)) {
      rows.push(
        ...(await this.db
          .selectFrom('entities')
          .selectAll()
          .where('id', 'in', chunk)
          .where('status', '<>', 'rejected')
          .where('merged_into', 'is', null)
          .execute()),
      );
    }
    rows.sort(byArticleCount);
    return withNames(this.db, rows.slice(0, limit));
  }

  /** The newsroom's list: entities not merged away, of a type and status if given, the most written about first. */
  async top({
    type,
    status,
    limit,
    offset = 0,
  }: {
    type?: EntityType;
    status?: EntityStatus;
    limit: number;
    offset?: number;
  }): Promise<{ entities: Entity[]; total: number }> {
    let query = this.db.selectFrom('entities').where('merged_into', 'is', null);
    if (type !== undefined) query = query.where('type', '=', type);
    if (status !== undefined) query = query.where('status', '=', status);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('article_count', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { entities: await withNames(this.db, rows), total: Number(count.n) };
  }

  /**
   * Pairs of entities that may be one, for an editor to merge: not merged, not rejected, of one
   * type, sharing the surname key or the whole name's key, neither split from the other, and
   * with some context in common: an article naming both, or another entity among the ten most
   * often named with each, among the newest 100 articles of each. The pairs with the most
   * articles come first; at most 2,000 candidate pairs are looked at.
   */
  async suspectedDuplicates(limit: number): Promise<SuspectedDuplicate[]> {
    const found: {
      first: number;
      second: number;
      sameKey: boolean;
      sharedArticles: number;
      sharedNeighbours: number;
    }[] = [];
    const candidates = limit > 0 ? await this.candidatePairs() : [];
    for (let offset = 0; found.length < limit && offset < candidates.length; ) {
      const pairs = candidates.slice(offset, offset + Math.min(400, Math.max(20, 2 * (limit - found.length))));
      offset += pairs.length;
      const context = await contextOf(this.db, this.dialect, unique(pairs.flatMap((p) => [p.first, p.second])));
      for (const pair of pairs) {
        const first = context.get(pair.first);
        const second = context.get(pair.second);
        if (!first || !second) continue;
        const sharedArticles = countShared(first.articles, second.articles);
        let sharedNeighbours = 0;
        for (const neighbour of first.neighbours) {
          if (neighbour !== pair.first && neighbour !== pair.second && second.neighbours.has(neighbour)) {
            sharedNeighbours++;
          }
        }
        if (sharedArticles === 0 && sharedNeighbours === 0) continue;
        found.push({ ...pair, sharedArticles, sharedNeighbours });
        if (found.length === limit) break;
      }
    }
    const entities = await this.entitiesById(found.flatMap((f) => [f.first, f.second]));
    return found.flatMap(({ first, second, ...rest }) => {
      const a = entities.get(first);
      const b = entities.get(second);
      return a && b ? [{ entities: [a, b] as [Entity, Entity], ...rest }] : [];
    });
  }

  /** The candidate pairs (see suspectedDuplicates), ordered, 2,000 at most: two equality joins, each along an index. */
  private async candidatePairs(): Promise<{ first: number; second: number; sameKey: boolean }[]> {
    const live = (alias: string) =>
      sql`${sql.ref(`${alias}.merged_into`)} is null and ${sql.ref(`${alias}.status`)} <> 'rejected'`;
    const { rows } = await sql<{ first_id: number; second_id: number; same_key: number | string }>`
      select pairs.first_id, pairs.second_id, max(pairs.same_key) as same_key
      from (
        select a.id as first_id, b.id as second_id, 0 as same_key
        from entities a
        join entities b on b.surname_key = a.surname_key and b.type = a.type and b.id > a.id
        where ${live('a')} and ${live('b')}
        union all
        select a.id, b.id, 1
        from entities a
        join entities b on b."key" = a."key" and b.type = a.type and b.id > a.id
        where ${live('a')} and ${live('b')}
      ) pairs
      join entities a on a.id = pairs.first_id
      join entities b on b.id = pairs.second_id
      where (a.split_from is null or a.split_from <> b.id) and (b.split_from is null or b.split_from <> a.id)
      group by pairs.first_id, pairs.second_id, a.article_count, b.article_count
      order by a.article_count + b.article_count desc, pairs.first_id, pairs.second_id
      limit ${MAX_CANDIDATES}`.execute(this.db);
    return rows.map((r) => ({ first: r.first_id, second: r.second_id, sameKey: Number(r.same_key) === 1 }));
  }

  /** Every spelling of the entity with its linking key, the canonical name first, then in string order. */
  async names(entityId: number): Promise<EntityName[]> {
    const entity = await this.db.selectFrom('entities').select('name').where('id', '=', entityId).executeTakeFirst();
    if (!entity) return [];
    const rows = await this.db
      .selectFrom('entity_names')
      .select(['name', 'key'])
      .where('entity_id', '=', entityId)
      .execute();
    return rows.sort((a, b) => (a.name === entity.name ? -1 : b.name === entity.name ? 1 : compare(a.name, b.name)));
  }

  /** The decisions about the entity (as the one decided about, or the other one of a merge or split), newest first. */
  async log(entityId: number, limit = 100): Promise<EntityDecision[]> {
    const rows = await this.db
      .selectFrom('entity_decisions as d')
      .leftJoin('users as u', 'u.id', 'd.user_id')
      .select([
        'd.id',
        'd.action',
        'd.entity_id',
        'd.other_entity_id',
        'd.user_id',
        'u.display_name',
        'd.payload',
        'd.created_at',
        'd.undone_by',
      ])
      .where((eb) => eb.or([eb('d.entity_id', '=', entityId), eb('d.other_entity_id', '=', entityId)]))
      .orderBy('d.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(
      (row) =>
        ({
          id: row.id,
          action: row.action as DecisionAction,
          entityId: row.entity_id,
          otherEntityId: row.other_entity_id,
          userId: row.user_id,
          userName: row.display_name,
          payload: JSON.parse(row.payload),
          createdAt: toDate(row.created_at),
          undoneBy: row.undone_by,
        }) as EntityDecision,
    );
  }

  /**
   * What extraction learns from the newsroom and the archive: the keys of every name of a
   * rejected entity (never proposed again); with their type, the keys of every name of a
   * confirmed entity, and of the foreign-looking names of a person or organisation the archive
   * has named in at least WELL_KNOWN_ARTICLES published articles (ترامب, فيسبوك: news writes
   * them bare, with no title or role to find them by). A key both rejected and known counts as
   * rejected, as linking drops it. `executor`: the caller's transaction, when it reads them in
   * the middle of a write.
   */
  async rules(executor: Kysely<Database> = this.db): Promise<ExtractionRules> {
    const rows = await executor
      .selectFrom('entity_names as n')
      .innerJoin('entities as e', 'e.id', 'n.entity_id')
      .select(['n.key', 'e.status', 'e.type', 'e.article_count'])
      .where((eb) =>
        eb.or([
          eb('e.status', 'in', ['rejected', 'confirmed']),
          eb.and([eb('e.article_count', '>=', WELL_KNOWN_ARTICLES), eb('e.type', 'in', ['PER', 'ORG'])]),
        ]),
      )
      .where('e.merged_into', 'is', null)
      .orderBy('e.article_count')
      .orderBy('e.id', 'desc')
      .execute();
    const rejected = new Set(rows.filter((r) => r.status === 'rejected').map((r) => r.key));
    // Ascending: the type of the entity with the most articles is written last.
    const known = new Map<string, EntityType>();
    for (const row of rows) {
      if (rejected.has(row.key) || row.status === 'rejected') continue;
      if (row.status === 'confirmed' || FOREIGN_KEY.test(row.key)) known.set(row.key, row.type as EntityType);
    }
    return { rejected, known };
  }

  // ——— Decisions ———

  /** Confirms the entity: an editor has looked at it and it is right. */
  async confirm(id: number, userId: number | null): Promise<DecisionResult> {
    return this.setStatus(id, 'confirmed', 'confirm', userId);
  }

  /**
   * Rejects the entity: it is shown nowhere (its rows stay, for an undo), articles indexed
   * afterwards drop the names it has, and extraction no longer proposes them (rules()).
   */
  async reject(id: number, userId: number | null): Promise<DecisionResult> {
    return this.setStatus(id, 'rejected', 'reject', userId);
  }

  private async setStatus(
    id: number,
    status: EntityStatus,
    action: 'confirm' | 'reject',
    userId: number | null,
  ): Promise<DecisionResult> {
    return this.db.transaction().execute(async (trx) => {
      const entity = await this.lockOne(trx, id);
      const payload: StatusPayload = { statusBefore: entity.status as EntityStatus };
      await trx.updateTable('entities').set({ status, updated_at: now() }).where('id', '=', id).execute();
      const decisionId = await record(trx, action, id, null, userId, payload);
      const changedArticleIds = await articleIdsOf(trx, [id]);
      // A rejected name relates no article any more; a confirmed one relates them as before.
      if (action === 'reject') await this.relatedLists?.queuePublishedWithin(trx, changedArticleIds);
      return { decisionId, changedArticleIds };
    });
  }

  /** Gives the entity a new canonical name (and slug, and key), kept among its spellings. */
  async rename(id: number, name: string, userId: number | null): Promise<DecisionResult> {
    const newName = checkEntityName(name);
    return this.db.transaction().execute(async (trx) => {
      const entity = await this.lockOne(trx, id);
      const after = { name: newName, slug: slugify(newName), key: this.keyOf(newName) };
      const known = await trx
        .selectFrom('entity_names')
        .select('name')
        .where('entity_id', '=', id)
        .where('name', '=', newName)
        .executeTakeFirst();
      if (!known) await addNames(trx, [{ entity_id: id, name: newName, key: after.key }]);
      await trx
        .updateTable('entities')
        .set({ ...after, updated_at: now() })
        .where('id', '=', id)
        .execute();
      const payload: RenamePayload = {
        before: { name: entity.name, slug: entity.slug, key: entity.key },
        after,
        nameAdded: !known,
      };
      const decisionId = await record(trx, 'rename', id, null, userId, payload);
      const changedArticleIds = await articleIdsOf(trx, [id]);
      // Their lists' reasons name it.
      await this.relatedLists?.queuePublishedWithin(trx, changedArticleIds);
      return { decisionId, changedArticleIds };
    });
  }

  /**
   * Merges `fromId` into `intoId`: from's article rows and spellings move to into (an article
   * that names both keeps one row, the two joined), from keeps its row with merged_into set
   * (its page redirects) and both counts are redone. Of two editors merging the same pair at
   * once, the second is refused with entity_merged_already: both rows are locked in id order
   * (PostgreSQL; SQLite runs one transaction at a time), and from is claimed by a conditional
   * update.
   */
  async merge(fromId: number, intoId: number, userId: number | null): Promise<DecisionResult> {
    if (fromId === intoId) throw ENTITY_ERRORS.mergeSelf();
    return this.db.transaction().execute(async (trx) => {
      const locked = await this.lock(trx, [fromId, intoId]);
      const from = locked.get(fromId);
      const into = locked.get(intoId);
      if (!from) throw ENTITY_ERRORS.notFound(fromId);
      if (!into) throw ENTITY_ERRORS.notFound(intoId);
      if (from.merged_into !== null) throw ENTITY_ERRORS.mergedAlready(fromId);
      if (into.merged_into !== null) throw ENTITY_ERRORS.mergedAlready(intoId);
      if (from.type !== into.type) throw ENTITY_ERRORS.typeMismatch(from.type as EntityType, into.type as EntityType);
      if (from.split_from === intoId) {
        const split = await trx
          .selectFrom('entity_decisions')
          .select('id')
          .where('action', '=', 'split')
          .where('entity_id', '=', intoId)
          .where('other_entity_id', '=', fromId)
          .where('undone_by', 'is', null)
          .executeTakeFirst();
        throw ENTITY_ERRORS.splitFrom(split?.id);
      }
      const at = now();
      const claimed = await trx
        .updateTable('entities')
        .set({ merged_into: intoId, updated_at: at })
        .where('id', '=', fromId)
        .where('merged_into', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw ENTITY_ERRORS.mergedAlready(fromId);
      const stillThere = await trx
        .updateTable('entities')
        .set({ updated_at: at })
        .where('id', '=', intoId)
        .where('merged_into', 'is', null)
        .executeTakeFirst();
      if (Number(stillThere.numUpdatedRows) !== 1) throw ENTITY_ERRORS.mergedAlready(intoId);

      const { movedArticleIds, joined } = await moveRows(trx, fromId, intoId);
      const names = await namesOf(trx, fromId);
      const intoNames = new Set((await namesOf(trx, intoId)).map((n) => n.name));
      const namesAdded = names.filter((n) => !intoNames.has(n.name));
      await addNames(
        trx,
        namesAdded.map((n) => ({ entity_id: intoId, ...n })),
      );
      await trx.deleteFrom('entity_names').where('entity_id', '=', fromId).execute();
      await recount(trx, [fromId, intoId]);
      const payload: MergePayload = {
        intoId,
        names,
        namesAdded: namesAdded.map((n) => n.name),
        movedArticleIds,
        joined: joined.map(({ articleId, from, into }) => ({ articleId, from, into })),
      };
      const decisionId = await record(trx, 'merge', fromId, intoId, userId, payload);
      const changedArticleIds = sortedIds([...movedArticleIds, ...joined.map((j) => j.articleId)]);
      await enqueueEntityMerged(trx, { decisionId, fromId, intoId, articleIds: changedArticleIds });
      // The moved articles now share a name with into's: made again, and offered to theirs.
      await this.relatedLists?.queuePublishedWithin(trx, changedArticleIds);
      return { decisionId, changedArticleIds };
    });
  }

  /**
   * Splits a new entity of the same type and status off `id`, named `newName` (split_from =
   * id): it takes the given spellings (from id's, and any others given) and the articles whose
   * forms include one of them, and the given articles. Ten thousand articles move in a few
   * statements; the decision keeps only the spellings taken (an undo moves every row of the
   * new entity back).
   */
  async split(
    id: number,
    { names = [], articleIds = [] }: SplitSelection,
    newName: string,
    userId: number | null,
  ): Promise<DecisionResult> {
    const name = checkEntityName(newName);
    const given = new Set(names.map((n) => n.trim()).filter((n) => n !== ''));
    const wanted = new Set(articleIds);
    return this.db.transaction().execute(async (trx) => {
      const entity = await this.lockOne(trx, id);
      const taken = (await namesOf(trx, id)).filter((n) => given.has(n.name));
      const rows = await trx
        .selectFrom('article_entities')
        .select(['article_id', 'names'])
        .where('entity_id', '=', id)
        .execute();
      const moving = rows
        .filter((row) => wanted.has(row.article_id) || (JSON.parse(row.names) as string[]).some((n) => given.has(n)))
        .map((row) => row.article_id);
      if (taken.length === 0 && moving.length === 0) throw ENTITY_ERRORS.splitEmpty();

      const at = now();
      const key = this.keyOf(name);
      const created = await trx
        .insertInto('entities')
        .values({
          type: entity.type,
          name,
          slug: slugify(name),
          key,
          surname_key: entity.type === 'LOC' ? null : (key.split(' ').at(-1) ?? null),
          status: entity.status,
          split_from: id,
          merged_into: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const newId = created.id;
      for (const chunk of chunked(moving, IDS_PER_QUERY)) {
        await trx
          .updateTable('article_entities')
          .set({ entity_id: newId })
          .where('entity_id', '=', id)
          .where('article_id', 'in', chunk)
          .execute();
      }
      const takenNames = new Set(taken.map((n) => n.name));
      const newNames = [
        { name, key },
        ...taken,
        ...[...given].filter((n) => !takenNames.has(n)).map((n) => ({ name: n, key: this.keyOf(n) })),
      ];
      await addNames(
        trx,
        newNames.map((n) => ({ entity_id: newId, ...n })),
      );
      for (const chunk of chunked([...takenNames], IDS_PER_QUERY)) {
        await trx.deleteFrom('entity_names').where('entity_id', '=', id).where('name', 'in', chunk).execute();
      }
      await trx.updateTable('entities').set({ updated_at: at }).where('id', '=', id).execute();
      await recount(trx, [id, newId]);
      const payload: SplitPayload = { newEntityId: newId, newName: name, names: taken, articleCount: moving.length };
      const decisionId = await record(trx, 'split', id, newId, userId, payload);
      await enqueueEntitySplit(trx, { decisionId, entityId: newId, fromId: id, articleIds: moving });
      // The articles left, as well as those moved, no longer share this name with the others.
      await this.relatedLists?.queuePublishedWithin(trx, await articleIdsOf(trx, [id, newId]));
      return { decisionId, changedArticleIds: sortedIds(moving) };
    });
  }

  /**
   * Undoes a decision exactly: the entities, their spellings, their article rows and counts
   * as they were before it (the article rows' listing state as the articles are now). A split
   * undone leaves its new entity merged into the one it came from, so that its page, if anyone
   * linked to it, redirects there. Refused for a decision already undone, for an undo, and
   * while a later decision on the same entities stands (decision_undo_blocked: undo that one
   * first, newest first); the decision row is locked, so two editors cannot undo it twice.
   */
  async undo(decisionId: number, userId: number | null): Promise<DecisionResult> {
    return this.db.transaction().execute(async (trx) => {
      const query = trx.selectFrom('entity_decisions').selectAll().where('id', '=', decisionId);
      const decision = await (this.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      if (!decision) throw ENTITY_ERRORS.decisionNotFound(decisionId);
      if (decision.undone_by !== null) throw ENTITY_ERRORS.undoneAlready(decisionId);
      if (decision.action === 'undo') throw ENTITY_ERRORS.undoOfUndo(decisionId);
      const touched = [decision.entity_id, ...(decision.other_entity_id === null ? [] : [decision.other_entity_id])];
      await this.lock(trx, touched);
      const later = await trx
        .selectFrom('entity_decisions')
        .select('id')
        .where('id', '>', decisionId)
        .where('undone_by', 'is', null)
        .where('action', '<>', 'undo')
        .where((eb) => eb.or([eb('entity_id', 'in', touched), eb('other_entity_id', 'in', touched)]))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (later) throw ENTITY_ERRORS.undoBlocked(decisionId, later.id);

      const action = decision.action as Exclude<DecisionAction, 'undo'>;
      const payload = JSON.parse(decision.payload) as DecisionPayloads[typeof action];
      const changedArticleIds = await this.reverse(trx, action, decision.entity_id, payload);
      const undoId = await record(trx, 'undo', decision.entity_id, decision.other_entity_id, userId, {
        decisionId,
        action,
      });
      const marked = await trx
        .updateTable('entity_decisions')
        .set({ undone_by: undoId })
        .where('id', '=', decisionId)
        .where('undone_by', 'is', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) throw ENTITY_ERRORS.undoneAlready(decisionId);
      await enqueueUndoEvent(
        trx,
        { action, entityId: decision.entity_id, otherEntityId: decision.other_entity_id },
        { decisionId: undoId, undoes: decisionId, articleIds: changedArticleIds },
      );
      await this.relatedLists?.queuePublishedWithin(trx, changedArticleIds);
      return { decisionId: undoId, changedArticleIds };
    });
  }

  /** Puts back what one decision changed; returns the articles whose pages change. */
  private async reverse(
    trx: Kysely<Database>,
    action: Exclude<DecisionAction, 'undo'>,
    id: number,
    payload: DecisionPayloads[Exclude<DecisionAction, 'undo'>],
  ): Promise<number[]> {
    const at = now();
    switch (action) {
      case 'confirm':
      case 'reject': {
        const { statusBefore } = payload as StatusPayload;
        await trx.updateTable('entities').set({ status: statusBefore, updated_at: at }).where('id', '=', id).execute();
        return articleIdsOf(trx, [id]);
      }
      case 'rename': {
        const { before, after, nameAdded } = payload as RenamePayload;
        await trx
          .updateTable('entities')
          .set({ ...before, updated_at: at })
          .where('id', '=', id)
          .execute();
        if (nameAdded) {
          await trx.deleteFrom('entity_names').where('entity_id', '=', id).where('name', '=', after.name).execute();
        }
        return articleIdsOf(trx, [id]);
      }
      case 'merge':
        return this.reverseMerge(trx, id, payload as MergePayload, at);
      case 'split': {
        const { newEntityId, names } = payload as SplitPayload;
        const { movedArticleIds, joined } = await moveRows(trx, newEntityId, id);
        await trx.deleteFrom('entity_names').where('entity_id', '=', newEntityId).execute();
        await addNames(
          trx,
          names.map((n) => ({ entity_id: id, ...n })),
        );
        await trx
          .updateTable('entities')
          .set({ merged_into: id, updated_at: at })
          .where('id', '=', newEntityId)
          .execute();
        await trx.updateTable('entities').set({ updated_at: at }).where('id', '=', id).execute();
        await recount(trx, [id, newEntityId]);
        return sortedIds([...movedArticleIds, ...joined.map((j) => j.articleId)]);
      }
    }
  }

  /** A merge undone: from's rows, the joined articles' two rows, and the spellings, as they were. */
  private async reverseMerge(trx: Kysely<Database>, fromId: number, payload: MergePayload, at: string) {
    const { intoId, names, namesAdded, movedArticleIds, joined } = payload;
    await trx.updateTable('entities').set({ merged_into: null, updated_at: at }).where('id', '=', fromId).execute();
    await trx.updateTable('entities').set({ updated_at: at }).where('id', '=', intoId).execute();
    for (const chunk of chunked(movedArticleIds, IDS_PER_QUERY)) {
      await trx
        .updateTable('article_entities')
        .set({ entity_id: fromId })
        .where('entity_id', '=', intoId)
        .where('article_id', 'in', chunk)
        .execute();
    }
    for (const chunk of chunked(joined, ROWS_PER_INSERT / 2)) {
      const articleIds = chunk.map((j) => j.articleId);
      const listing = new Map(
        (
          await trx
            .selectFrom('articles')
            .select(['id', 'status', 'published_at'])
            .where('id', 'in', articleIds)
            .execute()
        ).map((a) => [a.id, { listed: a.status === 'published' ? 1 : 0, published_at: a.published_at }]),
      );
      await trx
        .deleteFrom('article_entities')
        .where('entity_id', 'in', [fromId, intoId])
        .where('article_id', 'in', articleIds)
        .execute();
      const values = chunk.flatMap(({ articleId, from, into }) => {
        const state = listing.get(articleId);
        if (!state) return []; // the article has been deleted since
        return [
          { article_id: articleId, entity_id: intoId, ...mentionsRow(into), ...state },
          { article_id: articleId, entity_id: fromId, ...mentionsRow(from), ...state },
        ];
      });
      if (values.length > 0) await trx.insertInto('article_entities').values(values).execute();
    }
    for (const chunk of chunked(namesAdded, IDS_PER_QUERY)) {
      await trx.deleteFrom('entity_names').where('entity_id', '=', intoId).where('name', 'in', chunk).execute();
    }
    await addNames(
      trx,
      names.map((n) => ({ entity_id: fromId, ...n })),
    );
    await recount(trx, [fromId, intoId]);
    return sortedIds([...movedArticleIds, ...joined.map((j) => j.articleId)]);
  }

  /** Locks one entity that a decision changes; refuses one that does not exist or was merged away. */
  private async lockOne(trx: Kysely<Database>, id: number): Promise<EntityRow> {
    const entity = (await this.lock(trx, [id])).get(id);
    if (!entity) throw ENTITY_ERRORS.notFound(id);
    if (entity.merged_into !== null) throw ENTITY_ERRORS.mergedAlready(id);
    return entity;
  }

  /**
   * Reads entities for a decision, locked until it commits: on PostgreSQL `for update`, in id
   * order so that two decisions on the same pair wait for each other instead of deadlocking;
   * SQLite runs one transaction at a time already.
   */
  private async lock(trx: Kysely<Database>, ids: readonly number[]): Promise<Map<number, EntityRow>> {
    const query = trx.selectFrom('entities').selectAll().where('id', 'in', unique(ids)).orderBy('id');
    const rows = await (this.dialect === 'postgres' ? query.forUpdate() : query).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Entities with their spellings, by id. */
  private async entitiesById(ids: readonly number[]): Promise<Map<number, Entity>> {
    const rows: EntityRow[] = [];
    for (const chunk of chunked(unique(ids), IDS_PER_QUERY)) {
      rows.push(...(await this.db.selectFrom('entities').selectAll().where('id', 'in', chunk).execute()));
    }
    return new Map((await withNames(this.db, rows)).map((entity) => [entity.id, entity]));
  }

  /** Newest first, undated last, in the order of article_entities_listing (see listing-tables.ts). */
  private newestFirst(column: 'published_at') {
    return this.dialect === 'sqlite' ? sql`${sql.ref(column)} desc` : sql`${sql.ref(column)} desc nulls last`;
  }
}

/** One article's row of an entity as indexWithin builds it, before the entity has its id. */
interface NewArticleRow {
  articleId: number;
  entityId: number;
  names: string[];
  mentions: number;
  prominent: boolean;
  firstSeen: number;
  listed: number;
  publishedAt: string | null;
}

/** What linking needs to know of an entity. */
interface Candidate {
  id: number;
  type: string;
  status: string;
  mergedInto: number | null;
  articleCount: number;
}

/** An entity a batch creates, known by a placeholder id until it is inserted. */
interface NewEntity {
  placeholder: number;
  type: EntityType;
  name: string;
  key: string;
  surnameKey: string | null;
}

/**
 * Linking a batch's found entities to the newspaper's entities, from what three queries read
 * up front (the spellings with the batch's keys, the entities behind them and those they were
 * merged into, the entities with the batch's one-word surname keys) and what the batch itself
 * adds. A found entity F is linked to:
 *
 * 1. the entity of a spelling whose key is F.key, of F's type and not rejected, followed along
 *    its merges; of several, the one with the most articles, then the lowest id;
 * 2. else, for a one-word name (F.key is F.surnameKey), the entity of F's type, not merged or
 *    rejected, whose surname key is F's, with the most articles;
 * 3. else a new entity named F.name.
 *
 * F is dropped when a spelling with its key belongs to a rejected entity (as rules() tells
 * extraction). Entities created, and spellings added, by one article count for the next.
 */
class Linking {
  private readonly entities = new Map<number, Candidate>();
  /** Spelling key → entities with such a spelling (not followed along merges). */
  private readonly byKey = new Map<string, Set<number>>();
  /** `type surnameKey` → entities (not merged, not rejected). */
  private readonly bySurname = new Map<string, Set<number>>();
  private readonly created: NewEntity[] = [];
  /** The spellings linking gave entities, as `entityId name`, and as rows (some may be stored already). */
  private readonly spellings = new Set<string>();
  private readonly added: { entity_id: number; name: string; key: string }[] = [];
  /** keyOf of the batch's forms, each computed once. */
  private readonly keys = new Map<string, string>();

  private constructor(private readonly keyOf: (name: string) => string) {}

  /**
   * Reads what linking the batch needs: the spellings with a found entity's key, the entities
   * behind them and those they were merged into, and the entities with the batch's one-word
   * surname keys.
   */
  static async load(
    executor: Kysely<Database>,
    found: readonly FoundEntity[],
    keyOf: (name: string) => string,
  ): Promise<Linking> {
    const linking = new Linking(keyOf);
    for (const entity of found) linking.keys.set(entity.name, entity.key);
    for (const chunk of chunked(unique(found.map((f) => f.key)), IDS_PER_QUERY)) {
      const rows = await executor
        .selectFrom('entity_names')
        .select(['entity_id', 'key'])
        .where('key', 'in', chunk)
        .execute();
      for (const row of rows) addTo(linking.byKey, row.key, row.entity_id);
    }
    await linking.loadEntities(
      executor,
      [...linking.byKey.values()].flatMap((ids) => [...ids]),
    );
    const surnames = unique(found.filter(isOneWord).map((f) => f.surnameKey as string));
    for (const chunk of chunked(surnames, IDS_PER_QUERY)) {
      const rows = await executor
        .selectFrom('entities')
        .select(['id', 'type', 'status', 'merged_into', 'article_count', 'surname_key'])
        .where('surname_key', 'in', chunk)
        .where('merged_into', 'is', null)
        .where('status', '<>', 'rejected')
        .execute();
      for (const row of rows) {
        linking.remember(row);
        addTo(linking.bySurname, surnameSlot(row.type, row.surname_key as string), row.id);
      }
    }
    return linking;
  }

  /** Reads the entities `ids` and, until none is left, those they were merged into. */
  private async loadEntities(executor: Kysely<Database>, ids: number[]): Promise<void> {
    let wanted = unique(ids).filter((id) => !this.entities.has(id));
    while (wanted.length > 0) {
      const next: number[] = [];
      for (const chunk of chunked(wanted, IDS_PER_QUERY)) {
        const rows = await executor
          .selectFrom('entities')
          .select(['id', 'type', 'status', 'merged_into', 'article_count', 'surname_key'])
          .where('id', 'in', chunk)
          .execute();
        for (const row of rows) {
          this.remember(row);
          if (row.merged_into !== null && !this.entities.has(row.merged_into)) next.push(row.merged_into);
        }
      }
      wanted = unique(next);
    }
  }

  private remember(row: Pick<EntityRow, 'id' | 'type' | 'status' | 'merged_into' | 'article_count'>): void {
    this.entities.set(row.id, {
      id: row.id,
      type: row.type,
      status: row.status,
      mergedInto: row.merged_into,
      articleCount: row.article_count,
    });
  }

  /** The entity `id` is now, at the end of its merges. */
  private resolve(id: number): number {
    let at = id;
    for (let step = 0; step < 1000; step++) {
      const next = this.entities.get(at)?.mergedInto;
      if (next === null || next === undefined) return at;
      at = next;
    }
    return at;
  }

  /** The entity (or a placeholder of a new one) that `found` is linked to; undefined: dropped, its name rejected. */
  link(found: FoundEntity): number | undefined {
    const spelled = this.byKey.get(found.key);
    if (spelled) {
      const finals = unique([...spelled].map((id) => this.resolve(id)));
      if (finals.some((id) => this.entities.get(id)?.status === 'rejected')) return undefined;
      const best = this.best(finals.filter((id) => this.entities.get(id)?.type === found.type));
      if (best !== undefined) return best;
    }
    if (isOneWord(found)) {
      const namesakes = [...(this.bySurname.get(surnameSlot(found.type, found.surnameKey as string)) ?? [])];
      const best = this.best(
        namesakes.filter((id) => {
          const entity = this.entities.get(id);
          return entity?.mergedInto === null && entity.status !== 'rejected';
        }),
      );
      if (best !== undefined) return best;
    }
    return this.create(found);
  }

  /** The most written about, then the oldest. */
  private best(ids: readonly number[]): number | undefined {
    let best: Candidate | undefined;
    for (const id of ids) {
      const entity = this.entities.get(id);
      if (!entity) continue;
      if (
        !best ||
        entity.articleCount > best.articleCount ||
        (entity.articleCount === best.articleCount && id < best.id)
      ) {
        best = entity;
      }
    }
    return best?.id;
  }

  private create(found: FoundEntity): number {
    const placeholder = FIRST_PLACEHOLDER + this.created.length;
    const surnameKey = found.surnameKey ?? null;
    this.created.push({ placeholder, type: found.type, name: found.name, key: found.key, surnameKey });
    this.entities.set(placeholder, {
      id: placeholder,
      type: found.type,
      status: 'proposed',
      mergedInto: null,
      articleCount: 0,
    });
    if (surnameKey !== null) addTo(this.bySurname, surnameSlot(found.type, surnameKey), placeholder);
    return placeholder;
  }

  /** Gives the entity the found entity's spellings (F.name with F.key, the others keyed by `keyOf`). */
  addNames(entityId: number, found: FoundEntity): void {
    for (const name of unique([found.name, ...found.names])) {
      const slot = `${entityId} ${name}`;
      if (this.spellings.has(slot)) continue;
      const key = name === found.name ? found.key : this.keyOfForm(name);
      this.spellings.add(slot);
      this.added.push({ entity_id: entityId, name, key });
      addTo(this.byKey, key, entityId);
    }
  }

  private keyOfForm(name: string): string {
    let key = this.keys.get(name);
    if (key === undefined) {
      key = this.keyOf(name);
      this.keys.set(name, key);
    }
    return key;
  }

  /** The entities the batch is to create, by type and key. */
  creating(): { type: EntityType; key: string }[] {
    return this.created.map(({ type, key }) => ({ type, key }));
  }

  /** Whether linking read this spelling key of this entity. */
  knows(key: string, entityId: number): boolean {
    return this.byKey.get(key)?.has(entityId) ?? false;
  }

  /** Inserts the entities the batch created; returns the map from a placeholder (or a real id) to the id. */
  async createEntities(executor: Kysely<Database>): Promise<(id: number) => number> {
    const ids = new Map<number, number>();
    const at = now();
    for (const chunk of chunked(this.created, ROWS_PER_INSERT)) {
      const rows = await executor
        .insertInto('entities')
        .values(
          chunk.map((entity) => ({
            type: entity.type,
            name: entity.name,
            slug: slugify(entity.name),
            key: entity.key,
            surname_key: entity.surnameKey,
            merged_into: null,
            split_from: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .returning(['id', 'type', 'key'])
        .execute();
      // Matched by type and key, unique among a batch's new entities: SQLite does not promise the order.
      const byKey = new Map(rows.map((row) => [`${row.type} ${row.key}`, row.id]));
      for (const entity of chunk) {
        const id = byKey.get(`${entity.type} ${entity.key}`);
        if (id === undefined) throw new Error(`The new entity «${entity.name}» was not numbered.`);
        ids.set(entity.placeholder, id);
      }
    }
    return (id) => ids.get(id) ?? id;
  }

  /**
   * The spellings the batch gives entities that they lack: those of the entities that were
   * there already are read back (a few per entity) and left out.
   */
  async newNames(executor: Kysely<Database>): Promise<{ entity_id: number; name: string; key: string }[]> {
    const existing = unique(this.added.map((n) => n.entity_id).filter((id) => id < FIRST_PLACEHOLDER));
    const stored = new Set<string>();
    for (const chunk of chunked(existing, IDS_PER_QUERY)) {
      const rows = await executor
        .selectFrom('entity_names')
        .select(['entity_id', 'name'])
        .where('entity_id', 'in', chunk)
        .execute();
      for (const row of rows) stored.add(`${row.entity_id} ${row.name}`);
    }
    return this.added.filter((n) => !stored.has(`${n.entity_id} ${n.name}`));
  }
}

/** A one-word name: linked by its surname key when no spelling has its key. */
function isOneWord(found: FoundEntity): boolean {
  return found.surnameKey !== undefined && found.key === found.surnameKey;
}

function surnameSlot(type: string, surnameKey: string): string {
  return `${type} ${surnameKey}`;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

/** Adds spellings to entities, leaving those already there as they are. */
async function addNames(
  executor: Kysely<Database>,
  names: readonly { entity_id: number; name: string; key: string }[],
): Promise<void> {
  for (const chunk of chunked(names, ROWS_PER_INSERT)) {
    await executor
      .insertInto('entity_names')
      .values(chunk)
      .onConflict((oc) => oc.columns(['entity_id', 'name']).doNothing())
      .execute();
  }
}

/**
 * Moves article_count by what indexing changed, in one statement whose
 * rows are locked in id order, as every writer's are.
 */
async function addToCounts(
  executor: Kysely<Database>,
  dialect: Dialect,
  changes: ReadonlyMap<number, number>,
): Promise<void> {
  const moved = [...changes].filter(([, change]) => change !== 0).sort(([a], [b]) => a - b);
  if (moved.length === 0) return;
  // One statement of constant text however many entities moved: the changes as one JSON array
  // on SQLite, two arrays on PostgreSQL (as store/related-terms.ts counts words).
  const changed =
    dialect === 'sqlite'
      ? sql`select value ->> 0, value ->> 1 from json_each(${JSON.stringify(moved)})`
      : sql`select * from unnest(${moved.map(([id]) => id)}::int[], ${moved.map(([, change]) => change)}::int[])`;
  await sql`
    with changed (id, change) as (${changed})
    update entities set article_count = entities.article_count + changed.change
    from changed where entities.id = changed.id`.execute(executor);
}

/** The advisory lock space of entity creation (pg_advisory_xact_lock's first key): the migration's number. */
const CREATION_LOCKS = 14;

/**
 * PostgreSQL: locks what linking relied on, and tells whether another transaction changed it
 * since linking read it: the existing entities linked to (`for key share`, in id order), merged
 * away meanwhile; the names of the entities to create (an advisory lock per type and key, in
 * order), given an entity meanwhile.
 */
async function changedMeanwhile(
  executor: Kysely<Database>,
  { linking, rows }: { linking: Linking; rows: readonly NewArticleRow[] },
): Promise<boolean> {
  let changed = false;
  const ids = sortedIds(rows.map((row) => row.entityId).filter((id) => id < FIRST_PLACEHOLDER));
  for (const chunk of chunked(ids, IDS_PER_QUERY)) {
    const locked = await executor
      .selectFrom('entities')
      .select(['id', 'merged_into'])
      .where('id', 'in', chunk)
      .orderBy('id')
      .forKeyShare()
      .execute();
    changed ||= locked.some((row) => row.merged_into !== null);
  }
  const creating = linking.creating();
  if (creating.length === 0) return changed;
  const names = [...new Set(creating.map(({ type, key }) => `${type} ${key}`))].sort();
  await sql`
    select pg_advisory_xact_lock(${sql.lit(CREATION_LOCKS)}, lock)
    from (select hashtext(name) as lock from unnest(${names}::text[]) as name order by lock) as locks`.execute(
    executor,
  );
  for (const chunk of chunked(unique(creating.map((c) => c.key)), IDS_PER_QUERY)) {
    const spelled = await executor
      .selectFrom('entity_names')
      .select(['entity_id', 'key'])
      .where('key', 'in', chunk)
      .execute();
    changed ||= spelled.some((row) => !linking.knows(row.key, row.entity_id));
  }
  return changed;
}

/** Sets article_count of the entities to their listed rows: the published articles that name them. */
async function recount(executor: Kysely<Database>, ids: readonly number[]): Promise<void> {
  for (const chunk of chunked(sortedIds(ids), IDS_PER_QUERY)) {
    await executor
      .updateTable('entities')
      .set((eb) => ({
        article_count: eb
          .selectFrom('article_entities')
          .select((count) => count.fn.countAll<number>().as('n'))
          .whereRef('article_entities.entity_id', '=', 'entities.id')
          .where('article_entities.listed', '=', 1),
      }))
      .where('id', 'in', chunk)
      .execute();
  }
}

/**
 * Moves every article row of `fromId` to `intoId`; an article that has a row of both keeps
 * one, the two joined (forms of both, mentions added, prominent if either, the earlier
 * position). Returns the articles moved as they were, and those joined with both rows as they
 * were (for an undo).
 */
async function moveRows(
  trx: Kysely<Database>,
  fromId: number,
  intoId: number,
): Promise<{
  movedArticleIds: number[];
  joined: { articleId: number; from: ArticleMentions; into: ArticleMentions }[];
}> {
  const columns = ['article_id', 'names', 'mentions', 'prominent', 'position', 'listed', 'published_at'] as const;
  const fromRows = await trx
    .selectFrom('article_entities')
    .select(columns)
    .where('entity_id', '=', fromId)
    .orderBy('article_id')
    .execute();
  if (fromRows.length === 0) return { movedArticleIds: [], joined: [] };
  const intoRows = await trx
    .selectFrom('article_entities')
    .select(columns)
    .where('entity_id', '=', intoId)
    .where('article_id', 'in', (eb) =>
      eb.selectFrom('article_entities as f').select('f.article_id').where('f.entity_id', '=', fromId),
    )
    .execute();
  const intoByArticle = new Map(intoRows.map((row) => [row.article_id, row]));
  await trx
    .updateTable('article_entities')
    .set({ entity_id: intoId })
    .where('entity_id', '=', fromId)
    .where('article_id', 'not in', (eb) =>
      eb.selectFrom('article_entities as i').select('i.article_id').where('i.entity_id', '=', intoId),
    )
    .execute();
  const joined = fromRows.flatMap((row) => {
    const into = intoByArticle.get(row.article_id);
    return into ? [{ articleId: row.article_id, from: mentionsOf(row), into: mentionsOf(into), listing: into }] : [];
  });
  for (const chunk of chunked(joined, ROWS_PER_INSERT)) {
    await trx
      .deleteFrom('article_entities')
      .where('entity_id', 'in', [fromId, intoId])
      .where(
        'article_id',
        'in',
        chunk.map((j) => j.articleId),
      )
      .execute();
    await trx
      .insertInto('article_entities')
      .values(
        chunk.map(({ articleId, from, into, listing }) => ({
          article_id: articleId,
          entity_id: intoId,
          ...mentionsRow({
            names: unique([...into.names, ...from.names]),
            mentions: into.mentions + from.mentions,
            prominent: into.prominent || from.prominent,
            position: Math.min(into.position, from.position),
          }),
          listed: listing.listed,
          published_at: listing.published_at,
        })),
      )
      .execute();
  }
  return {
    movedArticleIds: fromRows.filter((row) => !intoByArticle.has(row.article_id)).map((row) => row.article_id),
    joined: joined.map(({ articleId, from, into }) => ({ articleId, from, into })),
  };
}

function mentionsOf(row: { names: string; mentions: number; prominent: number; position: number }): ArticleMentions {
  return {
    names: JSON.parse(row.names) as string[],
    mentions: row.mentions,
    prominent: row.prominent === 1,
    position: row.position,
  };
}

function mentionsRow(mentions: ArticleMentions) {
  return {
    names: JSON.stringify(mentions.names),
    mentions: mentions.mentions,
    prominent: mentions.prominent ? 1 : 0,
    position: mentions.position,
  };
}

/** An entity's spellings with their keys, in string order (the same on both dialects). */
async function namesOf(executor: Kysely<Database>, entityId: number): Promise<EntityName[]> {
  const rows = await executor
    .selectFrom('entity_names')
    .select(['name', 'key'])
    .where('entity_id', '=', entityId)
    .execute();
  return rows.sort((a, b) => compare(a.name, b.name));
}

/** The articles (any status) with a row of one of the entities, ascending. */
async function articleIdsOf(executor: Kysely<Database>, entityIds: readonly number[]): Promise<number[]> {
  const rows = await executor
    .selectFrom('article_entities')
    .select('article_id')
    .where('entity_id', 'in', entityIds)
    .execute();
  return sortedIds(rows.map((r) => r.article_id));
}

/** Writes a decision; returns its id. */
async function record<A extends DecisionAction>(
  trx: Kysely<Database>,
  action: A,
  entityId: number,
  otherEntityId: number | null,
  userId: number | null,
  payload: DecisionPayloads[A],
): Promise<number> {
  const row = await trx
    .insertInto('entity_decisions')
    .values({
      entity_id: entityId,
      other_entity_id: otherEntityId,
      action,
      user_id: userId,
      payload: JSON.stringify(payload),
      created_at: now(),
      undone_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Each entity id → the entity it now is, at the end of its merges. */
async function finalEntities(executor: Kysely<Database>, ids: readonly number[]): Promise<Map<number, number>> {
  const mergedInto = new Map<number, number | null>();
  let wanted = unique(ids);
  while (wanted.length > 0) {
    const next: number[] = [];
    for (const chunk of chunked(wanted, IDS_PER_QUERY)) {
      const rows = await executor
        .selectFrom('entities')
        .select(['id', 'merged_into'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) {
        mergedInto.set(row.id, row.merged_into);
        if (row.merged_into !== null && !mergedInto.has(row.merged_into)) next.push(row.merged_into);
      }
    }
    wanted = unique(next);
  }
  const finals = new Map<number, number>();
  for (const id of unique(ids)) {
    let at = id;
    for (let step = 0; step < 1000; step++) {
      const next = mergedInto.get(at);
      if (next === null || next === undefined) break;
      at = next;
    }
    finals.set(id, at);
  }
  return finals;
}

/** Entities with their spellings: the canonical name first, then in string order (the same on both dialects). */
async function withNames(executor: Kysely<Database>, rows: readonly EntityRow[]): Promise<Entity[]> {
  const names = new Map<number, string[]>();
  for (const chunk of chunked(
    rows.map((r) => r.id),
    IDS_PER_QUERY,
  )) {
    const found = await executor
      .selectFrom('entity_names')
      .select(['entity_id', 'name'])
      .where('entity_id', 'in', chunk)
      .execute();
    for (const row of found) names.set(row.entity_id, [...(names.get(row.entity_id) ?? []), row.name]);
  }
  return rows.map((row) => ({
    id: row.id,
    type: row.type as EntityType,
    name: row.name,
    slug: row.slug,
    names: [row.name, ...(names.get(row.id) ?? []).filter((n) => n !== row.name).sort(compare)],
    status: row.status as EntityStatus,
    articleCount: row.article_count,
  }));
}

/**
 * What each entity is seen with: its newest 100 articles (by id), and the ten entities most
 * often named with it in them. Counted by the database: a much-named entity's thousands of
 * neighbours never leave it.
 */
async function contextOf(
  executor: Kysely<Database>,
  dialect: Dialect,
  entityIds: readonly number[],
): Promise<Map<number, { articles: Set<number>; neighbours: Set<number> }>> {
  const context = new Map<number, { articles: Set<number>; neighbours: Set<number> }>();
  for (const id of entityIds) context.set(id, { articles: new Set(), neighbours: new Set() });
  for (const chunk of chunked(entityIds, IDS_PER_QUERY)) {
    // PostgreSQL reads each entity's newest rows along article_entities_entity; a window over
    // every row of much-named entities took it 300 ms. SQLite has no lateral join, and needs none.
    const recent =
      dialect === 'postgres'
        ? sql`
          select listed.id as entity_id, newest.article_id
          from unnest(${chunk}::integer[]) as listed (id)
          cross join lateral (
            select article_id from article_entities
            where entity_id = listed.id
            order by article_id desc
            limit ${CONTEXT_ARTICLES}
          ) as newest`
        : sql`
          select entity_id, article_id from (
            select entity_id, article_id,
              row_number() over (partition by entity_id order by article_id desc) as place
            from article_entities
            where entity_id in (${sql.join(chunk)})
          ) ranked
          where place <= ${CONTEXT_ARTICLES}`;
    const { rows } = await sql<{ kind: string; owner: number; item: number }>`
      with recent as (${recent})
      select 'article' as kind, entity_id as owner, article_id as item from recent
      union all
      select 'neighbour', owner, other from (
        select recent.entity_id as owner, named.entity_id as other,
          row_number() over (partition by recent.entity_id order by count(*) desc, named.entity_id) as place
        from recent
        join article_entities named on named.article_id = recent.article_id and named.entity_id <> recent.entity_id
        group by recent.entity_id, named.entity_id
      ) neighbours
      where place <= ${CONTEXT_NEIGHBOURS}`.execute(executor);
    for (const row of rows) {
      const own = context.get(row.owner);
      if (row.kind === 'article') own?.articles.add(row.item);
      else own?.neighbours.add(row.item);
    }
  }
  return context;
}

function countShared(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared;
}

function byArticleCount(a: EntityRow, b: EntityRow): number {
  return b.article_count - a.article_count || a.id - b.id;
}

/** JavaScript's string order: the same whatever the database's collation. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function now(): string {
  return new Date().toISOString();
}

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

function sortedIds(ids: Iterable<number>): number[] {
  return unique(ids).sort((a, b) => a - b);
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks;
}

type ArticleEntityFrom = Database & { ae: Database['article_entities']; e: Database['entities'] };

interface ArticleEntityRow {
  article_id: number;
  id: number;
  type: string;
  name: string;
  slug: string;
  status: string;
  names: string;
  mentions: number;
  prominent: number;
}

function toArticleEntity(row: ArticleEntityRow): ArticleEntity {
  return {
    id: row.id,
    type: row.type as EntityType,
    name: row.name,
    slug: row.slug,
    status: row.status as EntityStatus,
    names: JSON.parse(row.names) as string[],
    mentions: row.mentions,
    prominent: row.prominent === 1,
  };
}
