import type { AuthorKind } from '../content/article.ts';
import type { Block } from '../content/blocks.ts';

/**
 * Ghad's JSON export: JSON Lines, one record a line, in an order an import can follow
 * (sections, tags, authors, media before the articles that use them; then readers' comments;
 * home pins last).
 * Records name what they point at by slug, name or hash, never by database id, so a file
 * written from one database (SQLite) is read into another (PostgreSQL) and written again
 * byte for byte. Articles without an external id (written in the newsroom) are given
 * `ghad:<id>`, which they keep from then on.
 */
export const EXPORT_FORMAT = 'ghad-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  type: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
}

export interface SectionRecord {
  type: 'section';
  slug: string;
  name: string;
  position: number;
  parent: string | null;
}

export interface TagRecord {
  type: 'tag';
  slug: string;
  name: string;
}

export interface AuthorRecord {
  type: 'author';
  slug: string;
  name: string;
  kind: AuthorKind;
  bio: string | null;
}

export interface MediaRecord {
  type: 'media';
  hash: string;
  /** Under the data directory's media/ folder, or an absolute URL. */
  path: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** A library upload's widths stored as WebP and JPEG (the files stay in the data directory); absent otherwise. */
  variantWidths?: number[];
}

export interface ArticleRecord {
  type: 'article';
  externalId: string;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  body: Block[];
  language: string;
  status: string;
  section: string;
  /** Other sections that list the article, by slug, in order; absent when there are none. */
  secondarySections?: string[];
  publishedAt: string | null;
  dateline: string | null;
  sourceUrl: string | null;
  /** The media record's hash. */
  featuredImage: string | null;
  bylines: { name: string; kind: AuthorKind; role: string | null }[];
  /** Tag names, in order. */
  tags: string[];
  /** Old addresses that redirect to the article (redirects' keys). */
  redirects: string[];
  /** Public corrections, oldest first. */
  corrections: { note: string; at: string }[];
}

/**
 * A reader's comment, after every article: named by its article's external id and its number
 * among that article's comments in the order they came (1 first), which is what a reply names.
 * Every state is carried (pending ones are the queue). The commenter's email and address hash
 * are not: they are personal data a content export does not need, and a hash is keyed by one
 * installation's secret (comments/address-hash.ts), so it means nothing elsewhere.
 */
export interface CommentRecord {
  type: 'comment';
  /** The article's external id. */
  article: string;
  number: number;
  /** The number of the comment it answers; null for a comment on the article. */
  replyTo: number | null;
  name: string;
  body: string;
  /** pending, approved, rejected or spam. */
  status: string;
  heldReason: string | null;
  heldDetail: string | null;
  reportCount: number;
  createdAt: string;
  decidedAt: string | null;
}

export interface HomePinRecord {
  type: 'home-pin';
  externalId: string;
  position: number;
}

export type ExportRecord =
  | ExportHeader
  | SectionRecord
  | TagRecord
  | AuthorRecord
  | MediaRecord
  | ArticleRecord
  | CommentRecord
  | HomePinRecord;

/** The external id an article is exported under. */
export function exportedExternalId(article: { id: number; external_id: string | null }): string {
  return article.external_id ?? `ghad:${article.id}`;
}
