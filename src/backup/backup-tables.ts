import type { Database } from '../store/schema.ts';

/** How one table travels in a backup. */
export interface BackupTable {
  name: keyof Database;
  /** The primary key: rows are written in its order, and read in pages along it. */
  key: readonly string[];
  /** Key columns that are text: PostgreSQL compares them byte by byte (collate "C"), as SQLite does. */
  textKey?: readonly string[];
  /** Points in time: written as ISO 8601 in UTC whichever dialect they come from. */
  timestamps: readonly string[];
  /** A column that names a row of the same table: restored in a second pass, once every row is in. */
  selfReference?: string;
  /** Only these rows are kept (a column that must be null). */
  onlyWhereNull?: string;
}

/**
 * Every table a backup carries, in foreign-key order: a table comes after those it refers to,
 * so restore inserts them in this order and empties them in the reverse one.
 */
export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'sections', key: ['id'], timestamps: [], selfReference: 'parent_id' },
  { name: 'tags', key: ['id'], timestamps: [] },
  { name: 'authors', key: ['id'], timestamps: [] },
  { name: 'users', key: ['id'], timestamps: ['created_at', 'disabled_at'] },
  { name: 'media', key: ['id'], timestamps: ['created_at', 'updated_at'] },
  {
    name: 'articles',
    key: ['id'],
    timestamps: ['published_at', 'created_at', 'updated_at', 'breaking_until'],
  },
  { name: 'article_bylines', key: ['article_id', 'position'], timestamps: ['published_at'] },
  { name: 'article_tags', key: ['article_id', 'tag_id'], timestamps: ['published_at'] },
  { name: 'article_sections', key: ['article_id', 'section_id'], timestamps: ['published_at'] },
  { name: 'article_revisions', key: ['id'], timestamps: ['created_at'] },
  { name: 'article_transitions', key: ['id'], timestamps: ['scheduled_for', 'created_at'] },
  { name: 'article_corrections', key: ['id'], timestamps: ['created_at'] },
  { name: 'home_pins', key: ['article_id'], timestamps: [] },
  { name: 'home_sections', key: ['section_id'], timestamps: [] },
  { name: 'article_views', key: ['article_id', 'hour'], timestamps: ['hour'] },
  { name: 'search_log', key: ['day', 'query'], textKey: ['day', 'query'], timestamps: [] },
  // A merge may point an entity at a newer one: merged_into is set once every entity is in.
  // split_from needs no second pass: a split's new entity is always newer than the one it
  // came from, so restoring in id order has put that one in already.
  { name: 'entities', key: ['id'], timestamps: ['created_at', 'updated_at'], selfReference: 'merged_into' },
  { name: 'entity_names', key: ['entity_id', 'name'], textKey: ['name'], timestamps: [] },
  { name: 'article_entities', key: ['article_id', 'entity_id'], timestamps: ['published_at'] },
  { name: 'near_copy_bands', key: ['key', 'band', 'article_id'], timestamps: [] },
  { name: 'near_copies', key: ['article_id', 'copy_id'], timestamps: [] },
  { name: 'related_lists', key: ['article_id'], timestamps: [] },
  { name: 'related_pending', key: ['article_id'], timestamps: [] },
  { name: 'related_term_counts', key: ['term'], timestamps: [] },
  { name: 'related_term_sets', key: ['article_id'], timestamps: [] },
  { name: 'related_term_postings', key: ['article_id', 'term'], timestamps: ['published_at'] },
  { name: 'related_choices', key: ['article_id', 'related_id'], timestamps: ['chosen_at'] },
  { name: 'stories', key: ['id'], timestamps: ['created_at', 'updated_at'] },
  { name: 'story_articles', key: ['story_id', 'article_id'], timestamps: ['added_at'] },
  // Old addresses lead to an article or (024) to a story: after both.
  { name: 'redirects', key: ['path'], textKey: ['path'], timestamps: ['created_at'] },
  // A reply is always newer than the comment it answers: id order puts its parent in first.
  { name: 'comments', key: ['id'], timestamps: ['created_at', 'decided_at'] },
  { name: 'comment_addresses', key: ['comment_id'], timestamps: ['created_at'] },
  { name: 'comment_reports', key: ['id'], timestamps: ['created_at'] },
  { name: 'comment_bans', key: ['address_hash'], textKey: ['address_hash'], timestamps: ['created_at'] },
  { name: 'comment_moderation_log', key: ['id'], timestamps: ['created_at'] },
  { name: 'comment_settings', key: ['article_id'], timestamps: ['updated_at'] },
  // Live coverage (023): its entries, every text they had, and the change list readers poll.
  { name: 'live_coverages', key: ['article_id'], timestamps: ['started_at', 'ended_at'] },
  { name: 'live_entries', key: ['id'], timestamps: ['created_at', 'updated_at', 'deleted_at'] },
  { name: 'live_entry_revisions', key: ['id'], timestamps: ['created_at'] },
  { name: 'live_changes', key: ['id'], timestamps: ['created_at'] },
  // An undo is newer than the decision it undoes.
  { name: 'entity_decisions', key: ['id'], timestamps: ['created_at'], selfReference: 'undone_by' },
  // Work still to do (a scheduled article's publication, a purge, a webhook fan-out): without
  // it a scheduled article would never publish. Done messages are only a log the job loop prunes.
  {
    name: 'outbox',
    key: ['id'],
    timestamps: ['available_at', 'created_at', 'processed_at'],
    onlyWhereNull: 'processed_at',
  },
  {
    name: 'api_tokens',
    key: ['id'],
    timestamps: ['created_at', 'last_used_at', 'revoked_at'],
  },
  { name: 'webhook_subscriptions', key: ['id'], timestamps: ['created_at', 'disabled_at'] },
  {
    name: 'webhook_deliveries',
    key: ['id'],
    timestamps: ['next_attempt_at', 'created_at', 'delivered_at'],
  },
  { name: 'webhook_attempts', key: ['id'], timestamps: ['started_at'] },
];

/**
 * What a backup leaves out, and why. Restore empties these tables too (their rows would name
 * articles or users that are no longer there) and then rebuilds the search index.
 */
export const LEFT_OUT_TABLES: Readonly<Record<string, string>> = {
  search_documents: 'the search index, rebuilt from the articles after a restore',
  sessions: 'sign-ins: everyone signs in again after a restore',
  password_resets: 'one-time reset links, valid for hours',
  cache_invalidations: 'purges of the page caches of running servers',
  cache_nodes: 'how far each HTTP cache in front has received those purges: a restore makes them drop everything',
};

/** The search index's own tables (SQLite's FTS5 tables and their shadow tables). */
const SEARCH_INDEX_TABLE = /^search_(fts|headlines)(_|$)/;

export function isLeftOut(table: string): boolean {
  return table in LEFT_OUT_TABLES || SEARCH_INDEX_TABLE.test(table);
}
