import { renderToString } from 'preact-render-to-string';
import type { Article } from '../../content/article.ts';
import { type Block, excerpt } from '../../content/blocks.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath, authorPath, type FeedFormat, feedPath, mediaUrl } from '../site/urls.ts';
import { BodyBlocks } from '../site/views/body-blocks.tsx';
import { CorrectionNotes } from '../site/views/correction-notes.tsx';

/** Whether feed entries carry the whole article or its summary (GHAD_FEED_CONTENT). */
export type FeedContent = 'summary' | 'full';

/** One feed, whatever its format: a list of the site (all, a section, a tag, an author) and its newest articles. */
export interface Feed {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed follows. */
  pageUrl: string;
  /** Absolute URL of the feed in each format (each format links to itself). */
  feedUrls: Record<FeedFormat, string>;
  /** The newest change among the entries; the render time when there are none. */
  updated: Date;
  publisher: { name: string; url: string; icon: string };
  entries: FeedEntry[];
}

export interface FeedEntry {
  /** Stable for the article's life: `<site>/article/<id>`, which redirects to the canonical URL. */
  id: string;
  url: string;
  title: string;
  /** Plain text: the dek, or the start of the body. */
  summary: string;
  /** The body as HTML, only when feeds carry full text. */
  contentHtml?: string;
  published: Date | null;
  updated: Date;
  authors: { name: string; url: string }[];
  /** The section first, then the tags. */
  categories: string[];
  image?: FeedImage;
}

export interface FeedImage {
  url: string;
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  alt: string;
}

export const FEED_LENGTH = 30;
const SUMMARY_LENGTH = 300;

/** The feed of a list, its entries built from the list's newest articles. */
export function buildFeed(
  site: SiteContext,
  list: { title: string; description: string; listPath: string },
  articles: readonly Article[],
  content: FeedContent,
): Feed {
  const entries = articles.map((article) => feedEntry(site, article, content));
  const newest = Math.max(...entries.map((e) => e.updated.getTime()));
  return {
    title: list.title,
    description: list.description,
    pageUrl: `${site.url}${list.listPath || '/'}`,
    feedUrls: {
      rss: `${site.url}${feedPath(list.listPath, 'rss')}`,
      atom: `${site.url}${feedPath(list.listPath, 'atom')}`,
      json: `${site.url}${feedPath(list.listPath, 'json')}`,
    },
    updated: entries.length > 0 ? new Date(newest) : new Date(),
    publisher: { name: site.name, url: `${site.url}/`, icon: `${site.url}${site.assets.favicon}` },
    entries,
  };
}

function feedEntry(site: SiteContext, article: Article, content: FeedContent): FeedEntry {
  const image = article.featuredImage;
  return {
    id: `${site.url}/article/${article.id}`,
    url: `${site.url}${articlePath(article)}`,
    title: article.headline,
    summary: article.dek ?? excerpt(article.bodyText, SUMMARY_LENGTH),
    ...(content === 'full' ? { contentHtml: bodyHtml(site, article) } : {}),
    published: article.publishedAt,
    updated: article.updatedAt,
    authors: article.bylines.map(({ author }) => ({ name: author.name, url: `${site.url}${authorPath(author)}` })),
    // Its own section first, then the others that list it, then its tags.
    categories: [
      article.section.name,
      ...article.secondarySections.map((s) => s.name),
      ...article.tags.map((t) => t.name),
    ],
    ...(image
      ? {
          image: {
            url: mediaUrl(site.url, image),
            mimeType: image.mimeType,
            bytes: image.bytes,
            width: image.width,
            height: image.height,
            alt: image.alt,
          },
        }
      : {}),
  };
}

/** The body as the article page renders it (with its correction notes), site-relative links made absolute for readers elsewhere. */
function bodyHtml(site: SiteContext, article: Article): string {
  const absolute = (url: string) => (/^\/(?!\/)/.test(url) ? `${site.url}${url}` : url);
  const blocks = article.body.map((block): Block => {
    if (block.type === 'image') return { ...block, src: absolute(block.src) };
    if (block.type === 'embed') return { ...block, url: absolute(block.url) };
    return block;
  });
  const corrections = CorrectionNotes({ corrections: article.corrections, timeZone: site.timeZone });
  return (
    renderToString(BodyBlocks({ blocks, dateline: article.dateline })) +
    (corrections ? renderToString(corrections) : '')
  );
}
