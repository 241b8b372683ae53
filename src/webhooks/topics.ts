/**
 * What a webhook can subscribe to: the public life of an article. Each is also an outbox
 * topic, written by the newsroom's store in the same transaction as the change, so that no
 * event is lost or sent for a change that rolled back.
 */
export const WEBHOOK_TOPICS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.corrected',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** The event of the newsroom's "send test" button; sent to one subscription, never retried. */
export const TEST_EVENT = 'webhook.test';

/** As the newsroom names them. */
export const WEBHOOK_TOPIC_NAMES: Readonly<Record<WebhookTopic, string>> = {
  'article.published': 'نشر مقال',
  'article.updated': 'تعديل مقال منشور',
  'article.unpublished': 'إلغاء نشر مقال',
  'article.corrected': 'تصحيح مقال',
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
