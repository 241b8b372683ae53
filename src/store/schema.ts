import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Times are ISO 8601 strings in UTC when written; SQLite
 * gives strings back and PostgreSQL `timestamptz` gives Dates, so readers go through
 * `toDate()`.
 */
export type Timestamp = string | Date;

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  position: number;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: string;
  bio: string | null;
}

export interface MediaTable {
  id: Generated<number>;
  hash: string;
  path: string;
  mime_type: string;
  width: number | null;
  height: number | null;
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  created_at: Timestamp;
  /** 007: the name as uploaded. */
  original_name: string | null;
  /** 007: widths stored as WebP and JPEG, "320,640"; null for rows older than uploads. */
  variant_widths: string | null;
  /** 007: alt, caption, credit and name, normalized, for the library's search. */
  search_text: Generated<string>;
  uploaded_by: number | null;
  updated_at: Timestamp | null;
}

export interface ArticlesTable {
  id: Generated<number>;
  external_id: string | null;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  /** JSON array of blocks. */
  body: string;
  body_text: string;
  language: string;
  status: string;
  section_id: number;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  dateline: string | null;
  featured_media_id: number | null;
  source_url: string | null;
  revision: number;
  /** Hash of everything an import writes: an unchanged record is skipped without a write. */
  content_hash: string;
}

export interface ArticleBylinesTable {
  article_id: number;
  position: number;
  author_id: number;
  role: string | null;
  /** 1 while the article is published: the byline is then listed on the author's page. */
  listed: number;
  published_at: Timestamp | null;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
  /** 1 while the article is published: it is then listed on the tag's page. */
  listed: number;
  published_at: Timestamp | null;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  /** JSON snapshot of the article as saved. */
  snapshot: string;
  note: string | null;
  created_at: Timestamp;
}

export interface HomePinsTable {
  article_id: number;
  position: number;
}

export interface CacheInvalidationsTable {
  id: Generated<number>;
  /** JSON array of page-cache tags; ["*"] purges everything. */
  tags: string;
  created_at: Timestamp;
}

export interface Database {
  sections: SectionsTable;
  tags: TagsTable;
  authors: AuthorsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_bylines: ArticleBylinesTable;
  article_tags: ArticleTagsTable;
  article_revisions: ArticleRevisionsTable;
  home_pins: HomePinsTable;
  cache_invalidations: CacheInvalidationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  article_transitions: ArticleTransitionsTable;
  article_corrections: ArticleCorrectionsTable;
  outbox: OutboxTable;
}

/** A newsroom account (src/newsroom/accounts.ts). */
export interface UsersTable {
  id: Generated<number>;
  /** Always lowercase. */
  email: string;
  display_name: string;
  role: string;
  /** argon2id, PHC string. */
  password_hash: string;
  must_change_password: number;
  author_id: number | null;
  demo: number;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface SessionsTable {
  id: Generated<number>;
  /** SHA-256 of the cookie's token, hex; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  issued_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** The newsroom's additions (migration 005). User ids have no foreign key to users yet. */
export interface ArticlesTable {
  /** The user who created the article in the newsroom; null for imports. */
  owner_user_id: number | null;
  /** Breaking news until then (a banner on every reader page); null when not breaking. */
  breaking_until: Timestamp | null;
}

export interface ArticleRevisionsTable {
  user_id: number | null;
  /** `saved`, `conflict` (a stale save kept so that nothing is lost), `restored`. */
  kind: Generated<string>;
  /** The revision the editor started from. */
  based_on: number | null;
}

export interface ArticleTransitionsTable {
  id: Generated<number>;
  article_id: number;
  action: string;
  from_status: string;
  to_status: string;
  note: string | null;
  scheduled_for: Timestamp | null;
  user_id: number | null;
  created_at: Timestamp;
}

export interface ArticleCorrectionsTable {
  id: Generated<number>;
  article_id: number;
  note: string;
  user_id: number | null;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  article_id: number | null;
  /** JSON. */
  payload: string;
  available_at: Timestamp;
  created_at: Timestamp;
  processed_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export type Dialect = 'sqlite' | 'postgres';

export function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toOptionalDate(value: Timestamp | null): Date | null {
  return value === null ? null : toDate(value);
}
