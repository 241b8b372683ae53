import { htmlEscaped, XML_DECLARATION, xmlElement, xmlParent } from '../xml.ts';
import type { Feed } from './feed.ts';

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the Atom self link, Dublin Core
 * creators (RSS's own <author> wants an e-mail address), content:encoded for full text and
 * Media RSS beside the enclosure. Dates are RFC 822. <description> is HTML to feed readers,
 * so the plain summary is HTML-escaped before it is XML-escaped: a headline or summary that
 * reads `<script>` is shown, never run.
 */
export function rssDocument(feed: Feed): string {
  const items = feed.entries.map((entry) =>
    [
      '<item>',
      xmlElement('title', entry.title),
      xmlElement('link', entry.url),
      xmlElement('guid', entry.id, { isPermaLink: 'false' }),
      entry.published ? xmlElement('pubDate', entry.published.toUTCString()) : '',
      ...entry.authors.map((author) => xmlElement('dc:creator', author.name)),
      ...entry.categories.map((category) => xmlElement('category', category)),
      xmlElement('description', htmlEscaped(entry.summary)),
      entry.contentHtml ? xmlElement('content:encoded', entry.contentHtml) : '',
      entry.image
        ? xmlElement('enclosure', null, {
            url: entry.image.url,
            length: entry.image.bytes,
            type: entry.image.mimeType,
          }) +
          xmlParent(
            'media:content',
            {
              url: entry.image.url,
              type: entry.image.mimeType,
              medium: 'image',
              width: entry.image.width,
              height: entry.image.height,
            },
            entry.image.alt ? [xmlElement('media:description', entry.image.alt, { type: 'plain' })] : [],
          )
        : '',
      '</item>',
    ].join(''),
  );
  return [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n',
    xmlElement('title', feed.title),
    xmlElement('link', feed.pageUrl),
    xmlElement('description', htmlEscaped(feed.description)),
    xmlElement('language', 'ar'),
    xmlElement('atom:link', null, { href: feed.feedUrls.rss, rel: 'self', type: 'application/rss+xml' }),
    xmlElement('lastBuildDate', feed.updated.toUTCString()),
    xmlElement('generator', 'Ghad'),
    xmlElement('ttl', '5'),
    '\n',
    items.join('\n'),
    '\n</channel>\n</rss>\n',
  ].join('');
}
