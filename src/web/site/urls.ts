/**
 * Every reader URL is built here. Paths carry a stable id and a readable Arabic slug, and
 * are returned percent-encoded, ready for an href, a Location header or a sitemap.
 */

import { mediaPath } from '../../media/media-urls.ts';

export { mediaPath };

const segment = (value: string | number) => encodeURIComponent(String(value));

export function articlePath(article: { id: number; slug: string }): string {
  return `/article/${article.id}/${segment(article.slug)}`;
}

export function sectionPath(section: { slug: string }, page = 1): string {
  return withPage(`/section/${segment(section.slug)}`, page);
}

export function tagPath(tag: { slug: string }, page = 1): string {
  return withPage(`/tag/${segment(tag.slug)}`, page);
}

export function authorPath(author: { slug: string }, page = 1): string {
  return withPage(`/author/${segment(author.slug)}`, page);
}

/** An entity's page: /entity/<id>/<slug>, its articles newest first. */
export function entityPath(entity: { id: number; slug: string }, page = 1): string {
  return withPage(`/entity/${entity.id}/${segment(entity.slug)}`, page);
}

/** A story's page («ملف»): /story/<slug>, its published articles newest first. */
export function storyPath(story: { slug: string }, page = 1): string {
  return withPage(`/story/${segment(story.slug)}`, page);
}

export function dayArchivePath(day: { year: number; month: number; day: number }, page = 1): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return withPage(`/archive/${day.year}/${pad(day.month)}/${pad(day.day)}`, page);
}

/** mediaPath as an absolute URL on `siteUrl`. */
export function mediaUrl(siteUrl: string, media: { path: string }): string {
  const path = mediaPath(media);
  return path.startsWith('/') ? `${siteUrl}${path}` : path;
}

function withPage(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path;
}

/** The three formats every feed is offered in. */
export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FILES: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'feed.atom', json: 'feed.json' };

/** A list's feed sits under the list's own URL: `/feed.xml`, `/section/<slug>/feed.atom`, `/tag/<slug>/feed.json`. */
export function feedPath(listPath: string, format: FeedFormat): string {
  return `${listPath}/${FEED_FILES[format]}`;
}
