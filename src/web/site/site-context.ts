import type { Section } from '../../content/article.ts';
import type { SiteAssets } from '../assets.ts';
import type { BreakingStory } from './breaking-news.ts';

/** What every reader page knows about the newspaper. */
export interface SiteContext {
  name: string;
  slogan: string;
  /** Absolute base URL without a trailing slash, for canonical links and structured data. */
  url: string;
  timeZone: string;
  sections: Section[];
  assets: SiteAssets;
}

/** The head of one page: what search engines and link previews read. */
export interface PageHead {
  title: string;
  description: string;
  /** Percent-encoded path of the canonical URL. */
  canonicalPath: string;
  ogType: 'website' | 'article';
  /** The share image: absolute URL, with its text alternative and size when known. */
  image?: { url: string; alt: string; width: number | null; height: number | null };
  /** What OpenGraph's article namespace says of an article page. */
  article?: { publishedTime: Date | null; modifiedTime: Date; section: string; tags: string[]; authorUrls: string[] };
  jsonLd?: object[];
  /** Pages that must not be indexed (errors). */
  noindex?: boolean;
  prevPath?: string;
  nextPath?: string;
  /** Module scripts of the page: the search page's suggestions, an article's embed cards; other reader pages have none. */
  scripts?: string[];
  /** The nonce those scripts carry: only on the newsroom's preview, whose policy runs nothing else. */
  scriptNonce?: string;
  /** The section the page belongs to, highlighted in the navigation. */
  currentSectionId?: number;
  /** The list whose feeds the page announces (`<link rel="alternate">`): '' for the whole site, else the list's path. */
  feedsOf?: { listPath: string; title: string };
  /** Breaking news for the banner under the masthead; none, no banner. */
  breaking?: readonly BreakingStory[];
}
