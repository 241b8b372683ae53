import { slugify } from '../arabic/slug.ts';
import { NewsroomError } from '../content/newsroom-error.ts';

/**
 * A story («ملف»): articles an editor groups under one name that a newsroom follows for months
 * («زلزال الحوز»، «كأس إفريقيا 2025»), with its own page, feed and API answer. Its slug is made
 * once, from the title, and kept when the title changes; an editor may change it, and every
 * address it had answers 301 to the one it has (store/stories.ts changeSlug).
 */
export interface Story {
  id: number;
  slug: string;
  title: string;
  /** What the story is about, shown under its title; empty when the editors wrote none. */
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A story in a list: how many articles it holds, and how many of them readers see. */
export interface StoryListing extends Story {
  articleCount: number;
  publishedCount: number;
}

/** What an editor writes of a story. */
export interface StoryText {
  title: string;
  description: string;
}

export const STORY_LIMITS = { title: 120, description: 600, slug: 80 } as const;

/** A story change that cannot be made: the reason in Arabic for the newsroom, and its status. */
export class StoryError extends NewsroomError {}

/**
 * The title and description trimmed (a description's runs of blank lines kept to one), or a
 * StoryError saying what to fix.
 */
export function checkedStoryText(text: StoryText): StoryText {
  const title = text.title.replace(/\s+/g, ' ').trim();
  const description = text.description
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!title) {
    throw new StoryError('story_title_missing', 'A story needs a title.', 'اكتب عنوان الملف.', 400);
  }
  if ([...title].length > STORY_LIMITS.title) {
    throw new StoryError(
      'story_title_too_long',
      `A story's title is at most ${STORY_LIMITS.title} characters.`,
      `عنوان الملف طويل: ${STORY_LIMITS.title} حرفا على الأكثر.`,
      400,
    );
  }
  if ([...description].length > STORY_LIMITS.description) {
    throw new StoryError(
      'story_description_too_long',
      `A story's description is at most ${STORY_LIMITS.description} characters.`,
      `وصف الملف طويل: ${STORY_LIMITS.description} حرف على الأكثر.`,
      400,
    );
  }
  return { title, description };
}

/** The slug of a new story: the editor's, or the title's words («ملف الصحراء» → ملف-الصحراء). */
export function storySlug(title: string, asked?: string): string {
  const slug = slugify(asked?.trim() ? asked : title, STORY_LIMITS.slug);
  if (!slug) {
    throw new StoryError(
      'story_slug_empty',
      'The title has no letters or digits to make an address from.',
      'لا يصلح العنوان لصنع رابط الملف: اكتب فيه كلمة واحدة على الأقل.',
      400,
    );
  }
  return slug;
}

/** The address an editor gives a story: made readable (harakat, spaces and punctuation out), or a StoryError. */
export function checkedStorySlug(asked: string): string {
  const slug = slugify(asked.trim(), STORY_LIMITS.slug);
  if (!slug) {
    throw new StoryError(
      'story_slug_empty',
      'A story address needs at least one letter or digit.',
      'اكتب رابط الملف: كلمة واحدة على الأقل، بحروف أو أرقام.',
      400,
    );
  }
  return slug;
}

export function storySlugTaken(slug: string): StoryError {
  return new StoryError(
    'story_slug_taken',
    `Another story already has the address "${slug}".`,
    `يوجد ملف آخر بالرابط «${slug}»: غيّر العنوان أو اكتب رابطا آخر.`,
    409,
  );
}

export function storyNotFound(): StoryError {
  return new StoryError('story_not_found', 'There is no such story.', 'هذا الملف غير موجود.', 404);
}

/**
 * The page-cache tag of a story's pages (its page, its feeds, its API answer) and of the article
 * pages that link to it: purged when the story changes and when one of its articles is
 * published or taken off the site.
 */
export function storyPageTag(storyId: number): string {
  return `story:${storyId}`;
}

/** The tag of the list of every story (the API's /stories, the sitemap): purged when one is made, renamed or deleted. */
export const STORIES_LIST_TAG = 'stories';
