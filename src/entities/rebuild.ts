import type { Kysely } from 'kysely';
import { INDEXABLE_COLUMNS, indexableArticle } from '../search/rebuild.ts';
import type { EntityRepository } from '../store/entities.ts';
import { enqueue, OUTBOX_TOPICS } from '../store/outbox.ts';
import type { Database, Dialect } from '../store/schema.ts';
import { writeTransaction } from '../store/write-transaction.ts';
import { extractEntities } from './extract.ts';
import type { FoundEntity } from './found-entity.ts';

/** Articles per transaction: as the search index's rebuild (search/rebuild.ts). */
const BATCH = 500;

/** What a rebuild did. */
export interface EntityRebuildSummary {
  /** Articles read again, of every status. */
  articles: number;
  /** Entities (not merged away) that some article names now. */
  entities: number;
  /** Entities the rebuild created: names no entity had. */
  created: number;
}

/**
 * Extracts the entities of every article again — every status, as the newsroom lists drafts'
 * entities too — in id order and batches of 500, each replacing the batch's article_entities
 * rows in one transaction through `EntityRepository.indexWithin`, as an article write does.
 * The search index is left alone (`ghad reindex` rebuilds that).
 *
 * Editors' decisions stay: the rules (rejected and confirmed names) are read once at the start,
 * and linking goes through the spellings (entity_names), so a rejected name is dropped again,
 * a confirmed entity keeps its rows and a merged one's names lead to the entity it was merged
 * into. What linking cannot know is kept only as far as the spellings carry it: articles that
 * a split moved by hand, not by spelling, go back to the entity their spelling leads to.
 *
 * Each batch reads its articles inside its transaction with the write lock held (SQLite:
 * BEGIN IMMEDIATE; PostgreSQL: the rows `for share`), so an article saved meanwhile is either
 * read after its save or saved after the batch: never indexed from text older than its own.
 * The pages showing entities are purged once at the end (everything: any article page may
 * show other names now).
 */
export async function rebuildEntities(
  db: Kysely<Database>,
  dialect: Dialect,
  entities: Pick<EntityRepository, 'rules' | 'indexWithin'>,
  onProgress?: (done: number, total: number) => void,
): Promise<EntityRebuildSummary> {
  const total = await countRows(db, 'articles');
  const entitiesBefore = await countRows(db, 'entities');
  const rules = await entities.rules(db);
  onProgress?.(0, total);
  let done = 0;
  let after = 0;
  for (;;) {
    const read = await writeTransaction(db, dialect, async (trx) => {
      const query = trx
        .selectFrom('articles')
        .select(INDEXABLE_COLUMNS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH);
      const rows = await (dialect === 'postgres' ? query.forShare() : query).execute();
      const articles = rows.map(indexableArticle);
      const found = new Map<number, FoundEntity[]>();
      for (const article of articles) found.set(article.id, extractEntities(article, rules));
      await entities.indexWithin(trx, articles, found);
      return { count: rows.length, last: rows.at(-1)?.id };
    });
    if (read.last === undefined) break;
    after = read.last;
    done += read.count;
    onProgress?.(done, Math.max(total, done));
  }
  if (done > 0) {
    // '*' (cacheTags.all): every article page lists the names it shows.
    await enqueue(db, { topic: OUTBOX_TOPICS.pagesPurge, articleId: null, payload: { tags: ['*'] } });
  }
  const named = await db
    .selectFrom('article_entities as ae')
    .innerJoin('entities as e', 'e.id', 'ae.entity_id')
    .select((eb) => eb.fn.count('ae.entity_id').distinct().as('n'))
    .where('e.merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    articles: done,
    entities: Number(named.n),
    created: (await countRows(db, 'entities')) - entitiesBefore,
  };
}

/**
 * Whether published articles exist but no article has entity rows: a database from before
 * entities (migration 014 made the tables empty). `serve` then rebuilds them before it listens.
 */
export async function entitiesAreMissing(db: Kysely<Database>): Promise<boolean> {
  const published = await db.selectFrom('articles').select('id').where('status', '=', 'published').limit(1).execute();
  if (published.length === 0) return false;
  const rows = await db.selectFrom('article_entities').select('article_id').limit(1).execute();
  return rows.length === 0;
}

async function countRows(db: Kysely<Database>, table: 'articles' | 'entities'): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
