import { XML_DECLARATION, xmlElement, xmlParent } from '../xml.ts';
import type { Feed } from './feed.ts';

/**
 * Atom 1.0 (RFC 4287): `xml:lang="ar"`, RFC 3339 dates, titles and summaries as `type="text"`
 * (plain text, so markup in a headline stays text), full text as escaped HTML, the featured
 * image as an enclosure link. The site is the feed's author, so entries without a byline
 * are still valid.
 */
export function atomDocument(feed: Feed): string {
  const entries = feed.entries.map((entry) =>
    [
      '<entry>',
      xmlElement('id', entry.id),
      xmlElement('title', entry.title, { type: 'text' }),
      xmlElement('link', null, { rel: 'alternate', type: 'text/html', href: entry.url }),
      entry.published ? xmlElement('published', entry.published.toISOString()) : '',
      xmlElement('updated', entry.updated.toISOString()),
      ...entry.authors.map((author) =>
        xmlParent('author', {}, [xmlElement('name', author.name), xmlElement('uri', author.url)]),
      ),
      ...entry.categories.map((category) => xmlElement('category', null, { term: category })),
      xmlElement('summary', entry.summary, { type: 'text' }),
      entry.contentHtml ? xmlElement('content', entry.contentHtml, { type: 'html' }) : '',
      entry.image
        ? xmlElement('link', null, {
            rel: 'enclosure',
            type: entry.image.mimeType,
            length: entry.image.bytes,
            href: entry.image.url,
            title: entry.image.alt || undefined,
          })
        : '',
      '</entry>',
    ].join(''),
  );
  return [
    XML_DECLARATION,
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">\n',
    xmlElement('id', feed.feedUrls.atom),
    xmlElement('title', feed.title, { type: 'text' }),
    xmlElement('subtitle', feed.description, { type: 'text' }),
    xmlElement('updated', feed.updated.toISOString()),
    xmlElement('link', null, { rel: 'self', type: 'application/atom+xml', href: feed.feedUrls.atom }),
    xmlElement('link', null, { rel: 'alternate', type: 'text/html', href: feed.pageUrl }),
    xmlParent('author', {}, [xmlElement('name', feed.publisher.name), xmlElement('uri', feed.publisher.url)]),
    xmlElement('icon', feed.publisher.icon),
    xmlElement('generator', 'Ghad'),
    '\n',
    entries.join('\n'),
    '\n</feed>\n',
  ].join('');
}
