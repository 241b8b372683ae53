import type { ColumnType, Generated } from 'kysely';

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
  /** The section this one sits under (migration 010); null at the top. */
  parent_id: Generated<number | null>;
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

/** 013: every section an article is listed in, its own at position 0 (see the migration). */
export interface ArticleSectionsTable {
  article_id: number;
  section_id: number;
  position: number;
  /** 1 while the article is published: it is then listed on the section's page. */
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

/** 016: how far one HTTP cache node (GHAD_PURGE_URLS) has received the purges (see the migration). */
export interface CacheNodesTable {
  /** The node's purge URL, as configured. */
  node: string;
  acknowledged_id: number;
  /** JSON array of ids above acknowledged_id the node has also answered. */
  acknowledged_beyond: Generated<string>;
  full_purge: Generated<number>;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  failures: Generated<number>;
  retry_at: Timestamp | null;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface Database {
  sections: SectionsTable;
  tags: TagsTable;
  authors: AuthorsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_bylines: ArticleBylinesTable;
  article_tags: ArticleTagsTable;
  article_sections: ArticleSectionsTable;
  article_revisions: ArticleRevisionsTable;
  home_pins: HomePinsTable;
  cache_invalidations: CacheInvalidationsTable;
  cache_nodes: CacheNodesTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  article_transitions: ArticleTransitionsTable;
  article_corrections: ArticleCorrectionsTable;
  outbox: OutboxTable;
  home_sections: HomeSectionsTable;
  redirects: RedirectsTable;
  api_tokens: ApiTokensTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  article_views: ArticleViewsTable;
  search_log: SearchLogTable;
  entities: EntitiesTable;
  entity_names: EntityNamesTable;
  article_entities: ArticleEntitiesTable;
  entity_decisions: EntityDecisionsTable;
  near_copy_bands: NearCopyBandsTable;
  near_copies: NearCopiesTable;
  related_lists: RelatedListsTable;
  related_pending: RelatedPendingTable;
  related_term_counts: RelatedTermCountsTable;
  related_term_sets: RelatedTermSetsTable;
  related_term_postings: RelatedTermPostingsTable;
  related_choices: RelatedChoicesTable;
  stories: StoriesTable;
  story_articles: StoryArticlesTable;
  comments: CommentsTable;
  comment_addresses: CommentAddressesTable;
  comment_reports: CommentReportsTable;
  comment_bans: CommentBansTable;
  comment_moderation_log: CommentModerationLogTable;
  comment_settings: CommentSettingsTable;
  live_coverages: LiveCoveragesTable;
  live_entries: LiveEntriesTable;
  live_entry_revisions: LiveEntryRevisionsTable;
  live_changes: LiveChangesTable;
}

/** 022: a reader's comment (see the migration and store/comments.ts). */
export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  /** The comment it answers (once nested: never a reply's reply). */
  parent_id: number | null;
  author_name: string;
  /** Never shown. */
  email: string | null;
  body: string;
  /** `pending`, `approved`, `rejected`, `spam`. */
  status: string;
  /** Why it waits or was set aside (src/comments/checks.ts HELD_REASONS); null: nothing held it. */
  held_reason: string | null;
  /** What the check found (the word, the link). */
  held_detail: string | null;
  report_count: Generated<number>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
}

/** 022: a comment's keyed address hash, forgotten after 30 days. */
export interface CommentAddressesTable {
  comment_id: number;
  address_hash: string;
  created_at: Timestamp;
}

/** 022: a reader's «إبلاغ»; the hash (one report per address) forgotten after 30 days. */
export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  address_hash: string | null;
  created_at: Timestamp;
}

/** 022: an address hash an editor banned (for 30 days, like every hash). */
export interface CommentBansTable {
  address_hash: string;
  banned_by: number | null;
  created_at: Timestamp;
}

/** 022: who did what in the moderation queue. */
export interface CommentModerationLogTable {
  id: Generated<number>;
  comment_id: number | null;
  article_id: number | null;
  action: string;
  detail: string | null;
  user_id: number | null;
  created_at: Timestamp;
}

/** 022: an article's comment mode when it is not pre-moderation. */
export interface CommentSettingsTable {
  article_id: number;
  /** `closed`, `pre`, `post`. */
  mode: string;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** 023: an article's live coverage (see the migration and store/live-coverage.ts). */
export interface LiveCoveragesTable {
  article_id: number;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  started_by: number | null;
  /** The number of the article's last change (live_changes.sequence). */
  last_sequence: Generated<number>;
}

/** 023: one entry of a live coverage; deleted softly. */
export interface LiveEntriesTable {
  id: Generated<number>;
  article_id: number;
  /** `text`, `image`, `embed`, `quote`. */
  kind: string;
  title: string | null;
  /** JSON: Block[]. */
  body: string;
  key_event: number;
  pinned: number;
  version: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

/** 023: a text an entry had (before an edit or a delete, or the losing side of a conflict). */
export interface LiveEntryRevisionsTable {
  id: Generated<number>;
  entry_id: number;
  version: number;
  /** `edit`, `conflict`, `delete`. */
  reason: string;
  title: string | null;
  body: string;
  key_event: number;
  written_by: number | null;
  created_at: Timestamp;
}

/** 023: the change list readers' pages poll, numbered per article. */
export interface LiveChangesTable {
  id: Generated<number>;
  article_id: number;
  sequence: number;
  /** `started`, `added`, `edited`, `deleted`, `pinned`, `unpinned`, `ended`. */
  action: string;
  entry_id: number | null;
  created_at: Timestamp;
}

/** 019: an article's «اقرأ أيضا» and «السياق» dates, kept (see the migration and store/related-lists.ts). */
export interface RelatedListsTable {
  article_id: number;
  /** JSON: `StoredRelated[]`, best first. */
  entries: string;
  /** JSON: `KeptDate[]`, «السياق»'s dates the text refers to, in the text's order. */
  dates: string;
}

/** 019: an article whose «اقرأ أيضا» is to be worked out again. */
export interface RelatedPendingTable {
  article_id: number;
  /** Counts the writes that queued it, so that a list made from older text never ends a newer write's turn. */
  version: number;
  /** 1: the article is also offered to the lists of the articles it is related to (it is new, or its text changed). */
  offer: number;
}

/** 025: how many published articles use a term (stories/rare-terms.ts: its stem's 32-bit key). */
export interface RelatedTermCountsTable {
  term: number;
  article_count: number;
}

/** 025: the terms a published article was counted with, their keys separated by spaces. */
export interface RelatedTermSetsTable {
  article_id: number;
  terms: string;
  /** JSON array: how the article first writes each term it puts forward (the first of `terms`), in their order. */
  spellings: string;
}

/** 025: a published article putting forward a term that was rare when the article was written. */
export interface RelatedTermPostingsTable {
  article_id: number;
  term: number;
  published_at: Timestamp | null;
}

/** 021: a story («ملف»): articles grouped under one name (see the migration). */
export interface StoriesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  description: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 021: an article in a story, and who put it there. */
export interface StoryArticlesTable {
  story_id: number;
  article_id: number;
  added_by: number | null;
  added_at: Timestamp;
  /** 024: its place in the story's hand order (0 first); null in the automatic order. */
  position: ColumnType<number | null, number | null | undefined, number | null>;
}

/** 020: an editor's choice in an article's «اقرأ أيضا» (see the migration). */
export interface RelatedChoicesTable {
  article_id: number;
  related_id: number;
  /** 'pinned' (leads the list, in `position` order) or 'removed' (never in it). */
  choice: string;
  position: number;
  user_id: number | null;
  chosen_at: Timestamp;
}

/** 018: two articles found near-copies of each other, stored both ways (see the migration). */
export interface NearCopiesTable {
  article_id: number;
  copy_id: number;
  /** Containment, 0.7–1, to two decimals. */
  similarity: number;
}

/** 017: an article's near-copy fingerprint, a row per band (see the migration). */
export interface NearCopyBandsTable {
  key: number;
  band: number;
  article_id: number;
}

/** 014: a person, organisation or place the articles name (see the migration). */
export interface EntitiesTable {
  id: Generated<number>;
  /** `PER`, `ORG` or `LOC`. */
  type: string;
  /** The canonical name, as written. */
  name: string;
  slug: string;
  /** The linking key of the canonical name (src/entities/entity-key.ts). */
  key: string;
  /** The key of the name's last word; null for places. */
  surname_key: string | null;
  /** `proposed`, `confirmed` or `rejected`. */
  status: Generated<string>;
  /** Set once merged: the entity it now is (follow the chain to its end). */
  merged_into: number | null;
  /** The entity an editor split this one from. */
  split_from: number | null;
  /** Published articles about it (its listed article_entities rows). */
  article_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 014: a spelling of an entity's name, as written, and its linking key. */
export interface EntityNamesTable {
  entity_id: number;
  name: string;
  key: string;
}

/** 014: an entity as one article names it. */
export interface ArticleEntitiesTable {
  article_id: number;
  entity_id: number;
  /** JSON array of the forms this article writes it in, as written. */
  names: string;
  mentions: number;
  /** 1 when named in the headline, kicker or dek. */
  prominent: number;
  /** Its order in the article (first mention first), from 0. */
  position: number;
  /** 1 while the article is published: it is then listed on the entity's page. */
  listed: number;
  published_at: Timestamp | null;
}

/** 014: an editor's decision about an entity, with what its undo needs. */
export interface EntityDecisionsTable {
  id: Generated<number>;
  entity_id: number;
  /** The second entity a merge (into) or a split (the new one) touched. */
  other_entity_id: number | null;
  /** `confirm`, `reject`, `rename`, `merge`, `split` or `undo`. */
  action: string;
  user_id: number | null;
  /** JSON (src/entities/entity-decision.ts). */
  payload: string;
  created_at: Timestamp;
  /** The decision that undid this one. */
  undone_by: number | null;
}

/** Views of an article in one UTC hour, the hour's start (migration 012). */
export interface ArticleViewsTable {
  article_id: number;
  hour: Timestamp;
  views: number;
}

/** A normalized reader search on one Casablanca day (YYYY-MM-DD), run `searches` times (migration 012). */
export interface SearchLogTable {
  day: string;
  query: string;
  searches: number;
  zero_results: number;
}

/** Old addresses of articles, answered with a 301 (migration 010). */
export interface RedirectsTable {
  /** Decoded path, and query when it has one, without a trailing slash: `/2017/01/خبر`, `/?p=12`. */
  path: string;
  /** The article it leads to; null for a story's old address (024). */
  article_id: number | null;
  /** 024: the story an old `/story/<slug>` leads to; null for an article's. */
  story_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
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
  /** What search engines and link previews show instead of the headline and dek; null: those. */
  seo_title: string | null;
  seo_description: string | null;
  /** The featured image's text as this article gives it; null: the media library's. */
  featured_alt: string | null;
  featured_caption: string | null;
  featured_credit: string | null;
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

/** The order of the section blocks on the reader home page (migration 008). */
export interface HomeSectionsTable {
  section_id: number;
  position: number;
}

/** The JSON API's content keys and admin tokens (migration 009). */
export interface ApiTokensTable {
  id: Generated<number>;
  /** `content` (read) or `admin` (write). */
  kind: string;
  name: string;
  /** SHA-256 of the token, hex; the token itself is shown once and never stored. */
  token_hash: string;
  /** The token's first characters, to recognise it in a list. */
  prefix: string;
  user_id: number;
  /** An explicit role; null: the user's own role at the time of each request. */
  role: string | null;
  /** Requests per minute; null: the default of its kind. */
  rate_limit: number | null;
  created_by: number | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  url: string;
  description: string;
  /** JSON array of topics. */
  topics: string;
  /** HMAC-SHA256 key of the signatures. */
  secret: string;
  created_by: number | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  event: string;
  event_id: string;
  /** The exact JSON body, the same on every attempt. */
  body: string;
  /** `pending`, `delivered`, `failed` (gave up). */
  status: string;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  subscription_id: number;
  attempt: number;
  started_at: Timestamp;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  ok: number;
}

export type Dialect = 'sqlite' | 'postgres';

export function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toOptionalDate(value: Timestamp | null): Date | null {
  return value === null ? null : toDate(value);
}
