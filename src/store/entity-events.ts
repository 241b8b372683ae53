import type { Kysely } from 'kysely';
import type { DecisionAction } from '../entities/entity-decision.ts';
import type { EntityType } from '../entities/found-entity.ts';
import { ARTICLE_IDS_IN_EVENT, type EntityEvent, type EventEntity } from '../webhooks/topics.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import type { Database } from './schema.ts';

/**
 * The webhook events of editors' decisions that change entities' ids for a partner: a merge
 * (`entity.merged`), a split (`entity.split`), and the undo of either (the opposite event).
 * EntityRepository calls these inside the decision's transaction, after its changes and
 * recounts, so that the event commits or rolls back with it; the job loop turns it into
 * deliveries like the article events.
 *
 * Entities readers never saw raise no event: when both entities are rejected, or when no
 * published article names either of them after the decision (names found only in drafts).
 */

/** Ids per `in (…)` list, as store/entities.ts reads them. */
const IDS_PER_QUERY = 5_000;

interface DecisionEvent {
  /** The decision's id (an undo's own, for an undo). */
  decisionId: number;
  /** For an undo: the decision undone. */
  undoes?: number;
  /** The articles (any status) whose entity changed; only the published ones are told. */
  articleIds: readonly number[];
}

/** `fromId` was merged into `intoId`. */
export async function enqueueEntityMerged(
  trx: Kysely<Database>,
  { fromId, intoId, ...decision }: DecisionEvent & { fromId: number; intoId: number },
): Promise<void> {
  const entities = await readEntities(trx, [fromId, intoId], [intoId]);
  const event = await eventOf(trx, decision, entities);
  if (!event) return;
  await enqueue(trx, {
    topic: OUTBOX_TOPICS.entityMerged,
    articleId: null,
    payload: {
      ...event,
      entity: eventEntity(entities, fromId),
      into: eventEntity(entities, intoId),
    } satisfies EntityEvent,
  });
}

/** `entityId` was split off `fromId` (a new entity, or one whose merge into it was undone). */
export async function enqueueEntitySplit(
  trx: Kysely<Database>,
  { entityId, fromId, ...decision }: DecisionEvent & { entityId: number; fromId: number },
): Promise<void> {
  const entities = await readEntities(trx, [entityId, fromId], [entityId, fromId]);
  const event = await eventOf(trx, decision, entities);
  if (!event) return;
  await enqueue(trx, {
    topic: OUTBOX_TOPICS.entitySplit,
    articleId: null,
    payload: {
      ...event,
      entity: eventEntity(entities, entityId),
      from: eventEntity(entities, fromId),
    } satisfies EntityEvent,
  });
}

/**
 * The event of an undo: undoing a merge splits the merged entity (the decision's entity) off
 * the other again; undoing a split merges the new entity (the other) back. Other decisions
 * change no entity's id and raise none.
 */
export async function enqueueUndoEvent(
  trx: Kysely<Database>,
  undone: { action: DecisionAction; entityId: number; otherEntityId: number | null },
  decision: DecisionEvent,
): Promise<void> {
  const { action, entityId, otherEntityId } = undone;
  if (otherEntityId === null) return;
  if (action === 'merge') await enqueueEntitySplit(trx, { ...decision, entityId, fromId: otherEntityId });
  if (action === 'split') await enqueueEntityMerged(trx, { ...decision, fromId: otherEntityId, intoId: entityId });
}

type Read = EventEntity & { status: string; articleCount: number };

/** The entities as they are now in the transaction; `withNames` with every spelling, the name first. */
async function readEntities(
  trx: Kysely<Database>,
  ids: readonly number[],
  withNames: readonly number[],
): Promise<Map<number, Read>> {
  const rows = await trx
    .selectFrom('entities')
    .select(['id', 'type', 'name', 'slug', 'status', 'article_count'])
    .where('id', 'in', [...ids])
    .execute();
  const spellings = new Map<number, string[]>();
  const names = await trx
    .selectFrom('entity_names')
    .select(['entity_id', 'name'])
    .where('entity_id', 'in', [...withNames])
    .execute();
  for (const row of names) spellings.set(row.entity_id, [...(spellings.get(row.entity_id) ?? []), row.name]);
  return new Map(
    rows.map((row) => {
      const others = (spellings.get(row.id) ?? []).filter((n) => n !== row.name).sort(compare);
      return [
        row.id,
        {
          id: row.id,
          type: row.type as EntityType,
          name: row.name,
          slug: row.slug,
          ...(withNames.includes(row.id) ? { names: [row.name, ...others] } : {}),
          status: row.status,
          articleCount: row.article_count,
        },
      ];
    }),
  );
}

/** An entity as the event names it. */
function eventEntity(entities: ReadonlyMap<number, Read>, id: number): EventEntity {
  const read = entities.get(id);
  if (!read) throw new Error(`Entity ${id} is not there for its webhook event.`);
  const { status: _status, articleCount: _count, ...entity } = read;
  return entity;
}

/** The event's common part, or undefined when readers never saw these entities. */
async function eventOf(
  trx: Kysely<Database>,
  { decisionId, undoes, articleIds }: DecisionEvent,
  entities: ReadonlyMap<number, Read>,
): Promise<Omit<EntityEvent, 'entity'> | undefined> {
  const read = [...entities.values()];
  if (read.every((e) => e.status === 'rejected') || read.every((e) => e.articleCount === 0)) return undefined;
  const published = await publishedAmong(trx, articleIds);
  return {
    decisionId,
    ...(undoes === undefined ? {} : { undoes }),
    articleCount: published.length,
    articleIds: published.slice(0, ARTICLE_IDS_IN_EVENT),
    occurredAt: new Date().toISOString(),
  };
}

/** The published articles among `ids`, ascending. */
async function publishedAmong(trx: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  const found: number[] = [];
  const unique = [...new Set(ids)];
  for (let at = 0; at < unique.length; at += IDS_PER_QUERY) {
    const rows = await trx
      .selectFrom('articles')
      .select('id')
      .where('id', 'in', unique.slice(at, at + IDS_PER_QUERY))
      .where('status', '=', 'published')
      .execute();
    found.push(...rows.map((r) => r.id));
  }
  return found.sort((a, b) => a - b);
}

/** JavaScript's string order, as store/entities.ts sorts spellings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
