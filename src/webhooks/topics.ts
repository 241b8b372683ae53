import type { EntityType } from '../entities/found-entity.ts';

/**
 * What a webhook can subscribe to: the public life of an article, and editors' merges and
 * splits of the entities the articles name (ids a partner keeps change). Each is also an
 * outbox topic, written by the store in the same transaction as the change, so that no event
 * is lost or sent for a change that rolled back.
 */
export const WEBHOOK_TOPICS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.corrected',
  'entity.merged',
  'entity.split',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** The topics whose outbox payload is an EntityEvent; the others' is an ArticleEvent. */
export type EntityTopic = Extract<WebhookTopic, `entity.${string}`>;

export function isEntityTopic(topic: WebhookTopic): topic is EntityTopic {
  return topic.startsWith('entity.');
}

/** The event of the newsroom's "send test" button; sent to one subscription, never retried. */
export const TEST_EVENT = 'webhook.test';

/** As the newsroom names them. */
export const WEBHOOK_TOPIC_NAMES: Readonly<Record<WebhookTopic, string>> = {
  'article.published': 'نشر مقال',
  'article.updated': 'تعديل مقال منشور',
  'article.unpublished': 'إلغاء نشر مقال',
  'article.corrected': 'تصحيح مقال',
  'entity.merged': 'دمج كيان في آخر',
  'entity.split': 'فصل كيان جديد',
};

export function isWebhookTopic(value: unknown): value is WebhookTopic {
  return typeof value === 'string' && (WEBHOOK_TOPICS as readonly string[]).includes(value);
}

/** What the store writes to the outbox with each event: enough for the webhook's body. */
export interface ArticleEvent {
  articleId: number;
  headline: string;
  /** The body carries the article's absolute URL, built from its id and slug. */
  slug: string;
  publishedAt: string | null;
  revision: number;
  /** The public correction note (article.corrected). */
  correction?: string;
  occurredAt: string;
}

/** An entity as an entity event names it; the body carries its absolute URL, built from its id and slug. */
export interface EventEntity {
  id: number;
  type: EntityType;
  name: string;
  slug: string;
  /** Every spelling it has after the decision, the name first (not for an entity merged away). */
  names?: string[];
}

/**
 * What the store writes to the outbox with an editor's merge or split (store/entity-events.ts),
 * enough for the webhook's body. An undo writes the opposite event: undoing a merge splits the
 * entity off again, undoing a split merges the new entity back.
 */
export interface EntityEvent {
  /** The entity decision (entity_decisions.id); for an undo, the undo's. */
  decisionId: number;
  /** The decision an undo undid. */
  undoes?: number;
  /** entity.merged: the entity merged away; entity.split: the entity split off (new, or back). */
  entity: EventEntity;
  /** entity.merged: the entity it now is. */
  into?: EventEntity;
  /** entity.split: the entity it was split from. */
  from?: EventEntity;
  /** Published articles that now name `into` (merged) or `entity` (split) instead. */
  articleCount: number;
  /** The first ARTICLE_IDS_IN_EVENT of them, ascending. */
  articleIds: number[];
  occurredAt: string;
}

/** How many article ids an entity event lists; `articleCount` says how many there are. */
export const ARTICLE_IDS_IN_EVENT = 100;
