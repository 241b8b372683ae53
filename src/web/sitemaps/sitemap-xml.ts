import { XML_DECLARATION, xmlElement, xmlParent } from '../xml.ts';

/**
 * The sitemaps protocol (https://www.sitemaps.org/protocol.html) and Google's News sitemap
 * extension. Dates are W3C Datetime (RFC 3339). Documents are written in pieces, to be
 * streamed: a start, one string per URL (or per sitemap of the index), an end.
 */

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export const SITEMAP_INDEX_START = `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n`;
export const SITEMAP_INDEX_END = '</sitemapindex>\n';

export function sitemapIndexEntry(loc: string): string {
  return `${xmlParent('sitemap', {}, [xmlElement('loc', loc)])}\n`;
}

export const URL_SET_START = `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n`;
export const NEWS_URL_SET_START = `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n`;
export const URL_SET_END = '</urlset>\n';

export function urlEntry(loc: string, lastmod?: Date | null): string {
  return `${xmlParent('url', {}, [xmlElement('loc', loc), lastmod ? xmlElement('lastmod', lastmod.toISOString()) : ''])}\n`;
}

/** A News sitemap entry: the publication's name and language, the date of first publication, the headline. */
export function newsEntry(
  loc: string,
  news: { publication: string; language: string; publishedAt: Date; title: string },
): string {
  return `${xmlParent('url', {}, [
    xmlElement('loc', loc),
    xmlParent('news:news', {}, [
      xmlParent('news:publication', {}, [
        xmlElement('news:name', news.publication),
        xmlElement('news:language', news.language),
      ]),
      xmlElement('news:publication_date', news.publishedAt.toISOString()),
      xmlElement('news:title', news.title),
    ]),
  ])}\n`;
}
