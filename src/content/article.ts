import type { Block } from './blocks.ts';

/** Where an article stands in the newsroom. Only `published` articles reach readers. */
export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface Section {
  id: number;
  slug: string;
  name: string;
  position: number;
  /** The section this one sits under (a WordPress category's parent); null at the top. */
  parentId: number | null;
}

export interface Tag {
  id: number;
  slug: string;
  name: string;
}

/** Whoever an article is credited to: a journalist, or an agency or outlet without a login (و.م.ع). */
export type AuthorKind = 'person' | 'organization';

export interface Author {
  id: number;
  slug: string;
  name: string;
  kind: AuthorKind;
  bio: string | null;
}

/**
 * An image of the media library. `path` is the file served at /media/<path>: for uploads the
 * largest JPEG variant (src/media/), and `width`, `height` and `bytes` are that file's.
 * `variantWidths` lists the widths stored as WebP and JPEG; it is empty for rows written
 * before uploads existed, which are shown as one plain image.
 */
export interface Media {
  id: number;
  hash: string;
  path: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  variantWidths: number[];
}

/** A byline as written: its author and an optional role ("تصوير", "ترجمة"). */
export interface Byline {
  author: Author;
  role: string | null;
}

export interface Article {
  id: number;
  externalId: string | null;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  body: Block[];
  bodyText: string;
  language: string;
  status: ArticleStatus;
  section: Section;
  /** Other sections whose pages also list the article, in the editor's order (not `section`). */
  secondarySections: Section[];
  publishedAt: Date | null;
  updatedAt: Date;
  dateline: string | null;
  featuredImage: Media | null;
  sourceUrl: string | null;
  revision: number;
  bylines: Byline[];
  tags: Tag[];
  /** What search engines and link previews show instead of the headline and dek; null: those. */
  seoTitle: string | null;
  seoDescription: string | null;
  /** Public, dated correction notes, oldest first (shown under the article). */
  corrections: CorrectionNote[];
}

/** A public correction of a published article: what was wrong, and when it was corrected. */
export interface CorrectionNote {
  note: string;
  correctedAt: Date;
}

/** What lists show of an article: enough for a headline, a date and a link. */
export interface ArticleSummary {
  id: number;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  sectionId: number;
  publishedAt: Date | null;
}

/** An article as written by an import or the newsroom, before the store gives it an id. */
export interface ArticleInput {
  externalId: string | null;
  slug?: string;
  /** Keep `slug` exactly as given (an import's own slugs, harakat and all) instead of slugifying it. */
  keepSlug?: boolean;
  headline: string;
  kicker?: string | null;
  dek?: string | null;
  body: Block[];
  language?: string;
  status: ArticleStatus;
  sectionSlug: string;
  /** Other sections to list the article in, by slug; the own section and repeats are dropped. */
  secondarySectionSlugs?: string[];
  publishedAt: Date | null;
  dateline?: string | null;
  sourceUrl?: string | null;
  /** Author names in byline order; authors are found or created by name. */
  bylines: { name: string; kind: AuthorKind; role?: string | null }[];
  /** Tag names in order; tags are found or created by name. */
  tags?: string[];
  /** Written by the newsroom's editor only (imports leave them out, and their hashes unchanged). */
  featuredMediaId?: number | null;
  featuredAlt?: string | null;
  featuredCaption?: string | null;
  featuredCredit?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
}
