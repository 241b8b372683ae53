import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../schema.ts';
import { columnTypes } from './column-types.ts';

/**
 * Newsroom accounts: users (one role each), their sessions and administrator-issued
 * password reset links. Session and reset tokens are stored as SHA-256 hashes only, so a
 * copy of the database does not sign anyone in.
 */
export function accountsSchema(dialect: Dialect) {
  const { id, timestamp } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', id)
        // Lowercased before it is written, so uniqueness is case-insensitive on both dialects.
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        // The roles of src/newsroom/roles.ts.
        .addColumn('role', 'text', (c) =>
          c.notNull().check(sql`role in ('owner', 'administrator', 'editor', 'author', 'contributor')`),
        )
        .addColumn('password_hash', 'text', (c) => c.notNull())
        // Set for a one-time password (the first owner): the newsroom asks for a new one.
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        // The byline this user writes under, so that their bylines are theirs.
        .addColumn('author_id', 'integer', (c) => c.references('authors.id').onDelete('set null'))
        // Demo accounts, whose passwords are in the README: created only with the demo newspaper.
        .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('disabled_at', timestamp)
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'integer', id)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', timestamp, (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'integer', id)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('issued_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .addColumn('used_at', timestamp)
        .execute();
      await db.schema.createIndex('password_resets_by_user').on('password_resets').column('user_id').execute();
    },
  };
}
