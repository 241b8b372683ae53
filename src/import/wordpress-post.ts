import { instantOfLocalTime } from '../arabic/dates.ts';
import type { ArticleInput, ArticleStatus } from '../content/article.ts';
import { DRAFT_LIMITS } from '../content/article-draft.ts';
import { blocksToText } from '../content/blocks.ts';
import { htmlToBlocks } from './html-to-blocks.ts';
import { childrenNamed, childText, type XmlNode } from './xml-records.ts';

/**
 * One `<item>` of a WordPress export (WXR 1.0–1.2) → an article, or the reason it is not
 * one. What the export's header holds (authors, categories, attachments) comes in `site`.
 */

/** What the first pass over an export learns: the header and the attachments. */
export interface WordPressSite {
  baseSiteUrl: string;
  baseBlogUrl: string;
  /** Login → display name. */
  authors: Map<string, string>;
  categories: WordPressCategory[];
  tags: { slug: string; name: string }[];
  /** Attachment post id → the file. */
  attachments: Map<string, WordPressAttachment>;
}

export interface WordPressCategory {
  termId: string;
  /** Percent-decoded: أخبار, not %d8%a3…. */
  slug: string;
  name: string;
  parentSlug: string | null;
}

export interface WordPressAttachment {
  url: string;
  /** Path under wp-content/uploads (`2017/01/photo.jpg`), from `_wp_attached_file`. */
  file: string | null;
  alt: string;
  caption: string | null;
  width: number | null;
  height: number | null;
}

export type WordPressPostMapping =
  | {
      ok: true;
      postId: string;
      article: ArticleInput & { externalId: string };
      /** The post's old addresses: permalink and `?p=` short link. */
      addresses: string[];
      featuredImage: WordPressAttachment | null;
      warnings: string[];
    }
  | { ok: false; postId: string; reason: string };

export interface WordPressPostOptions {
  /** Zone of local dates used when a GMT date is missing. */
  timeZone: string;
  /** Decoded category slug → Ghad section slug. */
  sectionOf: Map<string, string>;
  fallbackSection: string;
}

/** WordPress statuses → Ghad's. Private posts are kept out of the reader's sight as unpublished. */
const STATUSES: Record<string, ArticleStatus> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'in_review',
  private: 'unpublished',
};

const NOT_IMPORTED_STATUSES: Record<string, string> = {
  trash: 'in the trash',
  'auto-draft': 'an automatic draft WordPress keeps while editing',
  inherit: 'a revision',
};

const OTHER_TYPES: Record<string, string> = {
  page: 'a page, not a post (pages are not imported)',
  attachment: 'a media attachment (used for featured images)',
  revision: 'a revision',
  nav_menu_item: 'a menu item',
  wp_block: 'a reusable block',
  wp_template: 'a theme template',
  wp_template_part: 'a theme template part',
  wp_global_styles: 'theme styles',
  wp_navigation: 'a navigation menu',
  custom_css: 'custom CSS',
  customize_changeset: 'a customizer change set',
  oembed_cache: 'an oEmbed cache entry',
  user_request: 'a privacy request',
};

/** An external id per WordPress site and post: two sites' post 12 stay two articles. */
export function wordpressExternalId(site: Pick<WordPressSite, 'baseSiteUrl'>, postId: string): string {
  let host = 'wordpress';
  try {
    host = new URL(site.baseSiteUrl).host || host;
  } catch {}
  return `wordpress:${host}:${postId}`;
}

export function mapWordPressItem(
  item: XmlNode,
  site: WordPressSite,
  options: WordPressPostOptions,
): WordPressPostMapping {
  const postId = childText(item, 'wp:post_id');
  const type = childText(item, 'wp:post_type') || 'post';
  const wpStatus = childText(item, 'wp:status');
  if (!/^\d+$/.test(postId)) return { ok: false, postId, reason: 'no wp:post_id' };
  if (type !== 'post') {
    return { ok: false, postId, reason: OTHER_TYPES[type] ?? `unknown post type "${type}"` };
  }
  const notImported = NOT_IMPORTED_STATUSES[wpStatus];
  if (notImported) return { ok: false, postId, reason: notImported };
  let status = STATUSES[wpStatus];
  if (!status) return { ok: false, postId, reason: `unknown status "${wpStatus}"` };

  const warnings: string[] = [];
  const content = htmlToBlocks(childText(item, 'content:encoded'), { baseUrl: site.baseBlogUrl || site.baseSiteUrl });
  for (const note of content.notes) warnings.push(`post ${postId}: ${note}`);
  let headline = plain(childText(item, 'title'));
  if (!headline) {
    const start = blocksToText(content.blocks).split('\n')[0] ?? '';
    headline = [...start].slice(0, 80).join('').trim();
    if (!headline) return { ok: false, postId, reason: 'no title and no text' };
    warnings.push(`post ${postId}: no title; the start of its text is used`);
  }
  if (content.blocks.length === 0) warnings.push(`post ${postId}: no text`);

  if (childText(item, 'wp:post_password')) {
    status = 'draft';
    warnings.push(
      `post ${postId}: password-protected in WordPress; imported as a draft (Ghad has no passwords on articles)`,
    );
  }
  if (wpStatus === 'private') warnings.push(`post ${postId}: private in WordPress; imported as unpublished`);

  // GMT first; a draft has none ("0000-00-00 00:00:00") and is not dated yet.
  let publishedAt = wordpressDate(childText(item, 'wp:post_date_gmt'), 'UTC');
  if (!publishedAt && (status === 'published' || status === 'scheduled' || status === 'unpublished')) {
    publishedAt = wordpressDate(childText(item, 'wp:post_date'), options.timeZone);
    if (publishedAt) warnings.push(`post ${postId}: no GMT date; its local date was read in ${options.timeZone}`);
    else if (status !== 'unpublished') return { ok: false, postId, reason: 'no readable date' };
  }
  if (status === 'draft' || status === 'in_review') publishedAt = null;

  const categories = childrenNamed(item, 'category');
  const postCategories = categories
    .filter((c) => c.attributes.domain === 'category')
    .map((c) => ({ slug: decodeSlug(c.attributes.nicename ?? '') || plain(c.text), name: plain(c.text) }));
  const categorySlugs = postCategories.map((c) => c.slug);
  /** The names the post gives its categories: those of a category missing from the header. */
  const postCategoryNames = new Map(postCategories.map((c) => [c.slug, c.name]));
  const primaryTerm = postMeta(item, '_yoast_wpseo_primary_category');
  const primary = site.categories.find((c) => c.termId === primaryTerm)?.slug;
  const ordered =
    primary && categorySlugs.includes(primary)
      ? [primary, ...categorySlugs.filter((s) => s !== primary)]
      : categorySlugs;
  let sectionSlug = options.fallbackSection;
  const first = ordered[0];
  if (first !== undefined) {
    const mapped = options.sectionOf.get(first);
    if (mapped) sectionSlug = mapped;
    else warnings.push(`post ${postId}: category "${first}" is not in the export's list; filed under ${sectionSlug}`);
  }
  const tags = categories.filter((c) => c.attributes.domain === 'post_tag').map((c) => plain(c.text));
  // The other categories become secondary sections (up to the newsroom's limit); any beyond,
  // or not in the export's list, become tags, so none is lost.
  const secondarySectionSlugs: string[] = [];
  const keptAsTags: string[] = [];
  for (const slug of ordered.slice(1)) {
    const mapped = options.sectionOf.get(slug);
    if (mapped === sectionSlug || (mapped && secondarySectionSlugs.includes(mapped))) continue;
    if (mapped && secondarySectionSlugs.length < DRAFT_LIMITS.secondarySections) secondarySectionSlugs.push(mapped);
    else keptAsTags.push(site.categories.find((c) => c.slug === slug)?.name ?? postCategoryNames.get(slug) ?? slug);
  }
  if (keptAsTags.length > 0) {
    warnings.push(`post ${postId}: also in ${keptAsTags.join('، ')}; kept as tags`);
    tags.push(...keptAsTags);
  }

  const login = childText(item, 'dc:creator');
  let bylines: ArticleInput['bylines'];
  if (!login) {
    bylines = [{ name: 'هيئة التحرير', kind: 'organization' }];
    warnings.push(`post ${postId}: no author; credited to هيئة التحرير`);
  } else {
    const name = site.authors.get(login);
    if (!name)
      warnings.push(`post ${postId}: author "${login}" is not in the export's list of authors; credited by login`);
    bylines = [{ name: name || login, kind: 'person' }];
  }

  const dek = plain(blocksToText(htmlToBlocks(childText(item, 'excerpt:encoded')).blocks).replace(/\n/g, ' '));
  const slug = decodeSlug(childText(item, 'wp:post_name'));
  const thumbnail = postMeta(item, '_thumbnail_id');
  const featuredImage = thumbnail ? (site.attachments.get(thumbnail) ?? null) : null;
  if (thumbnail && !featuredImage) warnings.push(`post ${postId}: featured image ${thumbnail} is not in the export`);

  const base = (site.baseBlogUrl || site.baseSiteUrl).replace(/\/+$/, '');
  const addresses = [childText(item, 'link'), childText(item, 'guid'), base ? `${base}/?p=${postId}` : '']
    .filter((a) => /^https?:\/\//.test(a))
    .filter((a, i, all) => all.indexOf(a) === i);

  return {
    ok: true,
    postId,
    warnings,
    addresses,
    featuredImage,
    article: {
      externalId: wordpressExternalId(site, postId),
      ...(slug ? { slug, keepSlug: true } : {}),
      headline,
      dek: dek || null,
      body: content.blocks,
      status,
      sectionSlug,
      ...(secondarySectionSlugs.length > 0 ? { secondarySectionSlugs } : {}),
      publishedAt,
      bylines,
      tags: [...new Set(tags.filter(Boolean))],
    },
  };
}

/** An attachment `<item>` → the file it describes (first pass). */
export function readAttachment(item: XmlNode): { id: string; attachment: WordPressAttachment } | undefined {
  if (childText(item, 'wp:post_type') !== 'attachment') return undefined;
  const id = childText(item, 'wp:post_id');
  const url = childText(item, 'wp:attachment_url') || childText(item, 'guid');
  if (!id || !url) return undefined;
  const metadata = postMeta(item, '_wp_attachment_metadata') ?? '';
  const size = (key: string) => {
    const m = /^a:\d+:\{s:\d+:"width";i:(\d+);s:\d+:"height";i:(\d+);/.exec(metadata);
    return m ? Number(m[key === 'width' ? 1 : 2]) : null;
  };
  return {
    id,
    attachment: {
      url,
      file: postMeta(item, '_wp_attached_file') ?? null,
      alt: plain(postMeta(item, '_wp_attachment_image_alt') ?? ''),
      caption: plain(childText(item, 'excerpt:encoded')) || null,
      width: size('width'),
      height: size('height'),
    },
  };
}

/** A `<wp:category>` of the header. */
export function readCategory(node: XmlNode): WordPressCategory | undefined {
  const slug = decodeSlug(childText(node, 'wp:category_nicename'));
  const name = plain(childText(node, 'wp:cat_name')) || slug;
  if (!slug) return undefined;
  const parent = decodeSlug(childText(node, 'wp:category_parent'));
  return { termId: childText(node, 'wp:term_id'), slug, name, parentSlug: parent || null };
}

/** A `<wp:author>` of the header: login and display name. */
export function readAuthor(node: XmlNode): { login: string; name: string } | undefined {
  const login = childText(node, 'wp:author_login');
  if (!login) return undefined;
  const first = childText(node, 'wp:author_first_name');
  const last = childText(node, 'wp:author_last_name');
  const name = plain(childText(node, 'wp:author_display_name')) || plain(`${first} ${last}`) || login;
  return { login, name };
}

/** A `<wp:tag>` of the header. */
export function readTag(node: XmlNode): { slug: string; name: string } | undefined {
  const name = plain(childText(node, 'wp:tag_name'));
  if (!name) return undefined;
  return { slug: decodeSlug(childText(node, 'wp:tag_slug')) || name, name };
}

function postMeta(item: XmlNode, key: string): string | undefined {
  for (const meta of childrenNamed(item, 'wp:postmeta')) {
    if (childText(meta, 'wp:meta_key') === key) return childText(meta, 'wp:meta_value');
  }
  return undefined;
}

/** WordPress keeps slugs percent-encoded (`%d8%a3%d8%ae…`); Ghad keeps the letters. */
export function decodeSlug(value: string): string {
  const trimmed = value.trim();
  try {
    return decodeURIComponent(trimmed);
  } catch {
    return trimmed;
  }
}

/** "2017-01-20 21:43:00" in a zone; null for WordPress's empty "0000-00-00 00:00:00" or nonsense. */
export function wordpressDate(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return null;
  if (timeZone === 'UTC') return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return instantOfLocalTime({ year, month, day, hour, minute, second }, timeZone);
}

function plain(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}
