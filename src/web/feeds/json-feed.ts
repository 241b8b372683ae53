import { withoutInvalidXmlCharacters } from '../xml.ts';
import type { Feed } from './feed.ts';

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): `language`, `authors`, RFC 3339
 * dates, the summary as `content_text` or the body as `content_html`, the featured image as
 * `image` and as an attachment. Control characters are dropped as in the XML feeds.
 */
export function jsonFeedDocument(feed: Feed): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.pageUrl,
    feed_url: feed.feedUrls.json,
    description: feed.description,
    language: 'ar',
    favicon: feed.publisher.icon,
    authors: [{ name: feed.publisher.name, url: feed.publisher.url }],
    items: feed.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      summary: entry.summary,
      ...(entry.contentHtml ? { content_html: entry.contentHtml } : { content_text: entry.summary }),
      ...(entry.published ? { date_published: entry.published.toISOString() } : {}),
      date_modified: entry.updated.toISOString(),
      ...(entry.authors.length > 0 ? { authors: entry.authors } : {}),
      tags: entry.categories,
      language: 'ar',
      ...(entry.image
        ? {
            image: entry.image.url,
            attachments: [
              {
                url: entry.image.url,
                mime_type: entry.image.mimeType,
                size_in_bytes: entry.image.bytes,
                ...(entry.image.alt ? { title: entry.image.alt } : {}),
              },
            ],
          }
        : {}),
    })),
  };
  return JSON.stringify(document, (_key, value: unknown) =>
    typeof value === 'string' ? withoutInvalidXmlCharacters(value) : value,
  );
}
