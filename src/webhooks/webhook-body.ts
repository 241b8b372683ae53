import { articlePath, entityPath } from '../web/site/urls.ts';
import {
  type ArticleEvent,
  type EntityEvent,
  type EntityTopic,
  type EventEntity,
  isEntityTopic,
  type WebhookTopic,
} from './topics.ts';

/** The body of an event of any topic, from the payload the store wrote to the outbox. */
export function webhookEventBody(eventId: string, event: WebhookTopic, payload: unknown, siteUrl: string): string {
  return isEntityTopic(event)
    ? entityEventBody(eventId, event, payload as EntityEvent, siteUrl)
    : articleEventBody(eventId, event, payload as ArticleEvent, siteUrl);
}

/**
 * The JSON a webhook receives, the same on every attempt:
 *   { "id": "evt_…", "event": "article.published", "createdAt": "…",
 *     "data": { "article": { "id", "title", "url", "publishedAt", "revision" }, "correction"? } }
 * `id` is the event's: receivers that see it twice (a retry after a lost answer) ignore the copy.
 */
export function articleEventBody(eventId: string, event: WebhookTopic, payload: ArticleEvent, siteUrl: string): string {
  return JSON.stringify({
    id: eventId,
    event,
    createdAt: payload.occurredAt,
    data: {
      article: {
        id: payload.articleId,
        title: payload.headline,
        url: `${siteUrl}${articlePath({ id: payload.articleId, slug: payload.slug })}`,
        publishedAt: payload.publishedAt,
        revision: payload.revision,
      },
      ...(payload.correction ? { correction: payload.correction } : {}),
    },
  });
}

/**
 * The JSON of an entity event, the same on every attempt:
 *   { "id": "evt_…", "event": "entity.merged", "createdAt": "…",
 *     "data": { "entity": { "id", "type", "name", "url" },
 *               "into": { "id", "type", "name", "names", "url" },
 *               "decisionId", "undoes"?, "articleCount", "articleIds" } }
 *   { …, "event": "entity.split",
 *     "data": { "entity": { "id", "type", "name", "names", "url" },
 *               "from": { "id", "type", "name", "names", "url" }, … } }
 * merged: `entity` is gone, its address (API and site) now redirects to `into`'s. split:
 * `entity` was split off `from` (a new entity, or for an undo of a merge the one merged back
 * out). `articleIds`: the first 100 published articles that changed entity, ascending;
 * `articleCount` all of them.
 */
export function entityEventBody(eventId: string, event: EntityTopic, payload: EntityEvent, siteUrl: string): string {
  const entity = (e: EventEntity) => ({
    id: e.id,
    type: e.type,
    name: e.name,
    ...(e.names ? { names: e.names } : {}),
    url: `${siteUrl}${entityPath(e)}`,
  });
  return JSON.stringify({
    id: eventId,
    event,
    createdAt: payload.occurredAt,
    data: {
      entity: entity(payload.entity),
      ...(payload.into ? { into: entity(payload.into) } : {}),
      ...(payload.from ? { from: entity(payload.from) } : {}),
      decisionId: payload.decisionId,
      ...(payload.undoes !== undefined ? { undoes: payload.undoes } : {}),
      articleCount: payload.articleCount,
      articleIds: payload.articleIds,
    },
  });
}

/** The body of the newsroom's "send test" button. */
export function testEventBody(eventId: string, at: Date, siteUrl: string): string {
  return JSON.stringify({
    id: eventId,
    event: 'webhook.test',
    createdAt: at.toISOString(),
    data: { message: 'اختبار من غرفة الأخبار: هذا الاشتراك يصله ما يرسله الموقع.', site: siteUrl },
  });
}
