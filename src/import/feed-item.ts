import type { ArticleInput, ArticleStatus } from '../content/article.ts';
import { blocksToText, paragraphsToBlocks } from '../content/blocks.ts';
import { sectionForCategory } from '../content/sections.ts';
import { htmlToBlocks } from './html-to-blocks.ts';
import { childrenNamed, childText, type XmlNode } from './xml-records.ts';

/**
 * One entry of a wire feed (an RSS 2.0 or RSS 1.0 `<item>`, an Atom `<entry>`) → an article,
 * keyed by the entry's guid (or id, or link): the same story read again is the same article.
 */
export type FeedItemMapping =
  | { ok: true; article: ArticleInput & { externalId: string }; imageUrl: string | null; warnings: string[] }
  | { ok: false; reason: string };

export interface FeedItemOptions {
  status: Extract<ArticleStatus, 'draft' | 'published'>;
  /** A section for every entry; else each entry's first category that names a section, else the fallback. */
  sectionSlug: string | undefined;
  fallbackSection: string;
  /** Credited when an entry names no author: the feed's own title (the agency). */
  feedTitle: string;
  now: Date;
}

export function mapFeedItem(entry: XmlNode, options: FeedItemOptions): FeedItemMapping {
  const atom = entry.name === 'entry';
  const link = atom ? atomLink(entry) : childText(entry, 'link');
  const key = (atom ? childText(entry, 'id') : childText(entry, 'guid')) || link;
  if (!key) return { ok: false, reason: 'no guid, id or link' };

  const title = textOf(entry.children.find((c) => c.name === 'title'));
  if (!title) return { ok: false, reason: `${key}: no title` };

  const contentNode = entry.children.find((c) => c.name === 'content:encoded' || (atom && c.name === 'content'));
  const summaryNode = entry.children.find((c) => c.name === (atom ? 'summary' : 'description'));
  const warnings: string[] = [];
  const body = bodyOf(contentNode ?? summaryNode, warnings, key);
  if (body.length === 0) return { ok: false, reason: `${key}: no text` };
  const dek = contentNode && summaryNode ? plainOf(summaryNode) : '';

  const rawDate = atom
    ? childText(entry, 'published') || childText(entry, 'updated')
    : childText(entry, 'pubDate') || childText(entry, 'dc:date');
  let date: Date | null = null;
  if (rawDate) {
    const parsed = new Date(rawDate);
    if (Number.isNaN(parsed.getTime())) warnings.push(`${key}: unreadable date "${rawDate}"`);
    else date = parsed;
  }

  const categories = atom
    ? childrenNamed(entry, 'category').map((c) => c.attributes.label || c.attributes.term || '')
    : childrenNamed(entry, 'category').map((c) => c.text.trim());
  const named = categories.map((c) => c.trim()).filter(Boolean);
  const fromCategory = named.map((c) => sectionForCategory(c)).find((s) => s !== undefined);
  const sectionSlug = options.sectionSlug ?? fromCategory ?? options.fallbackSection;

  const authors = atom
    ? childrenNamed(entry, 'author').map((a) => childText(a, 'name'))
    : [childText(entry, 'dc:creator') || rssAuthorName(childText(entry, 'author'))];
  const people = authors.map((a) => a.trim()).filter(Boolean);
  const bylines: ArticleInput['bylines'] =
    people.length > 0
      ? people.map((name) => ({ name, kind: 'person' as const }))
      : [{ name: options.feedTitle || 'وكالة', kind: 'organization' }];

  return {
    ok: true,
    warnings,
    imageUrl: imageOf(entry),
    article: {
      externalId: `feed:${key}`,
      headline: title,
      dek: dek || null,
      body,
      status: options.status,
      sectionSlug,
      // A draft is dated when an editor publishes it; published wire copy keeps the agency's time.
      publishedAt: options.status === 'published' ? (date ?? options.now) : null,
      sourceUrl: /^https?:\/\//.test(link) ? link : null,
      bylines,
      tags: named.filter((c) => sectionForCategory(c) === undefined),
    },
  };
}

/** The body of a content element: HTML (RSS, Atom type="html"), text, or XHTML children. */
function bodyOf(node: XmlNode | undefined, warnings: string[], key: string) {
  if (!node) return [];
  const type = node.attributes.type ?? 'html';
  if (type === 'text') return paragraphsToBlocks(node.text);
  const html = type === 'xhtml' ? serialize(node.children) : node.text;
  const converted = htmlToBlocks(html);
  for (const note of converted.notes) warnings.push(`${key}: ${note}`);
  return converted.blocks;
}

function plainOf(node: XmlNode): string {
  const type = node.attributes.type ?? 'html';
  const text =
    type === 'text'
      ? node.text
      : blocksToText(htmlToBlocks(type === 'xhtml' ? serialize(node.children) : node.text).blocks);
  return text.replace(/\s+/g, ' ').trim();
}

/** A title: plain in RSS, possibly HTML in Atom. */
function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  if (node.attributes.type === 'html' || node.attributes.type === 'xhtml') return plainOf(node);
  return node.text.replace(/\s+/g, ' ').trim();
}

/** XHTML content back to markup for the converter (names and text only; attributes it needs kept). */
function serialize(nodes: readonly XmlNode[]): string {
  const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return nodes
    .map((n) => {
      const name = n.name.replace(/^[a-z]+:/, '');
      const attributes = ['src', 'alt', 'href']
        .filter((a) => n.attributes[a] !== undefined)
        .map((a) => ` ${a}="${escapeText(n.attributes[a] as string).replace(/"/g, '&quot;')}"`)
        .join('');
      return `<${name}${attributes}>${escapeText(n.text)}${serialize(n.children)}</${name}>`;
    })
    .join('');
}

function atomLink(entry: XmlNode): string {
  const links = childrenNamed(entry, 'link');
  const alternate = links.find((l) => !l.attributes.rel || l.attributes.rel === 'alternate');
  return (alternate ?? links[0])?.attributes.href?.trim() ?? '';
}

/** RSS's <author> is "email (Name)" or an email: the name when there is one. */
function rssAuthorName(value: string): string {
  const named = /\(([^)]+)\)/.exec(value);
  if (named) return named[1] as string;
  return value.includes('@') ? '' : value;
}

/** An image enclosure, media:content or media:thumbnail. */
function imageOf(entry: XmlNode): string | null {
  for (const node of entry.children) {
    const url =
      node.attributes.url ??
      (node.name === 'link' && node.attributes.rel === 'enclosure' ? node.attributes.href : undefined);
    if (!url || !/^https?:\/\//.test(url)) continue;
    const type = node.attributes.type ?? '';
    if (node.name === 'enclosure' && type.startsWith('image/')) return url;
    if (node.name === 'link' && type.startsWith('image/')) return url;
    if (
      (node.name === 'media:content' && (type.startsWith('image/') || node.attributes.medium === 'image')) ||
      node.name === 'media:thumbnail'
    )
      return url;
  }
  return null;
}
