import { calendarDay, isoCalendarDate } from '../arabic/dates.ts';
import type { ChangeSet } from '../content/change.ts';
import { entityPageTag } from '../entities/entity.ts';
import { BREAKING_BANNER_TAG } from '../store/outbox.ts';
import { STORIES_LIST_TAG, storyPageTag } from '../stories/story.ts';

/**
 * The page cache's vocabulary. A page is tagged with everything whose change must refresh
 * it; a change purges the tags it touched. An article page carries `article:<id>` for itself
 * and for each article it links to, so a corrected headline refreshes every page showing it.
 */
export const cacheTags = {
  home: 'home',
  article: (id: number) => `article:${id}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  author: (id: number) => `author:${id}`,
  entity: entityPageTag,
  /** A story's page, feeds and API answer, and the article pages linking to it («ملف: …»). */
  story: storyPageTag,
  /**
   * What a live coverage's entries change: its article page, its change list (/live/<id>.json)
   * and its feeds. An entry purges only these, never the pages that merely link to the article.
   */
  live: (articleId: number) => `live:${articleId}`,
  /** The list of every story (the API's /stories, the stories sitemap). */
  stories: STORIES_LIST_TAG,
  /** The lists of every entity (the entity sitemaps): an editor's decision changes who is in them. */
  entities: 'entities',
  day: (date: Date, timeZone: string) => {
    return `day:${isoCalendarDate(calendarDay(date, timeZone))}`;
  },
  /** A month of publication in UTC, as the monthly article sitemaps split them. */
  month: (date: Date) => `month:${date.toISOString().slice(0, 7)}`,
  /** Every HTML page, which shows the breaking-news banner (or would): not feeds or sitemaps. */
  breakingBanner: BREAKING_BANNER_TAG,
  /**
   * Every page that shows the most-read block (home, articles). Not purged when counts change
   * (that would empty the cache every few seconds): such pages show a block up to the page
   * cache's lifetime old; the articles listed carry their own tags, so an unpublished or
   * corrected headline leaves at once.
   */
  mostRead: 'most-read',
  /** Purges everything: used when a change touches too much to list. */
  all: '*',
};

const MAX_TAGS = 5000;

/** The tags of every page that a set of article changes can have made stale. */
export function tagsForChanges(changes: ChangeSet, timeZone: string): string[] {
  if (changes.isEmpty) return [];
  const tags = new Set<string>([cacheTags.home]);
  for (const id of changes.articleIds) tags.add(cacheTags.article(id));
  for (const id of changes.sectionIds) tags.add(cacheTags.section(id));
  for (const id of changes.authorIds) tags.add(cacheTags.author(id));
  for (const id of changes.tagIds) tags.add(cacheTags.tag(id));
  for (const date of changes.publishedAt) {
    tags.add(cacheTags.day(date, timeZone));
    tags.add(cacheTags.month(date));
  }
  return tags.size > MAX_TAGS ? [cacheTags.all] : [...tags];
}
