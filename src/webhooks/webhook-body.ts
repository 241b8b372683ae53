import { articlePath } from '../web/site/urls.ts';
import type { ArticleEvent, WebhookTopic } from './topics.ts';

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

/** The body of the newsroom's "send test" button. */
export function testEventBody(eventId: string, at: Date, siteUrl: string): string {
  return JSON.stringify({
    id: eventId,
    event: 'webhook.test',
    createdAt: at.toISOString(),
    data: { message: 'اختبار من غرفة الأخبار: هذا الاشتراك يصله ما يرسله الموقع.', site: siteUrl },
  });
}
