import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * The JSON API's credentials and the webhooks.
 *
 * - `api_tokens`: content keys (read, higher rate limits, a partner's name) and admin tokens
 *   (write, acting as their user or with an explicit role no higher than the user's). Only the
 *   SHA-256 of a token is kept; `prefix` is its first characters, to recognise it in a list.
 * - `webhook_subscriptions`: a URL, the topics it wants and the secret its deliveries are
 *   signed with (kept as is: signing needs it).
 * - `webhook_deliveries`: one event for one subscription, with the exact body sent and when
 *   it is next due; `webhook_attempts`: every try (status code, duration, error) for the log.
 * - `articles_published_by_update`: the content API's `updatedSince` walks (updated_at, id).
 */
export function apiWebhooksSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'integer', id)
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('content', 'admin')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // Null: the token acts with its user's role of the moment.
        .addColumn('role', 'text')
        // Requests per minute; null: the default of its kind.
        .addColumn('rate_limit', 'integer')
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('last_used_at', timestamp)
        .addColumn('revoked_at', timestamp)
        .execute();
      await db.schema.createIndex('api_tokens_by_user').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('webhook_subscriptions')
        .addColumn('id', 'integer', id)
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        // JSON array of topics.
        .addColumn('topics', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('disabled_at', timestamp)
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'integer', id)
        .addColumn('subscription_id', 'integer', (c) =>
          c.notNull().references('webhook_subscriptions.id').onDelete('cascade'),
        )
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('delivered_at', timestamp)
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        // One delivery per event and subscription, even if an event were fanned out twice.
        .addUniqueConstraint('webhook_deliveries_once', ['subscription_id', 'event_id'])
        .execute();
      await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where status = 'pending'`.execute(
        db,
      );
      await db.schema
        .createIndex('webhook_deliveries_by_subscription')
        .on('webhook_deliveries')
        .columns(['subscription_id', 'id'])
        .execute();

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('id', 'integer', id)
        .addColumn('delivery_id', 'integer', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
        .addColumn('subscription_id', 'integer', (c) =>
          c.notNull().references('webhook_subscriptions.id').onDelete('cascade'),
        )
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', timestamp, (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('ok', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_attempts_by_subscription')
        .on('webhook_attempts')
        .columns(['subscription_id', 'id'])
        .execute();
      await db.schema
        .createIndex('webhook_attempts_by_delivery')
        .on('webhook_attempts')
        .column('delivery_id')
        .execute();

      await sql`create index articles_published_by_update on articles (updated_at, id) where status = 'published'`.execute(
        db,
      );
    },
  };
}
