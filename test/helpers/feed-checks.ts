import assert from 'node:assert/strict';
import { child, childrenNamed, parseXml, type XmlElement } from './xml-tree.ts';

/** What the three feed formats require, checked on a served document (test/web/feeds.test.ts, the entity feeds). */

const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks an RSS 2.0 document for what the specification requires, and returns its channel. */
export function checkRss(body: string): XmlElement {
  const rss = parseXml(body);
  assert.equal(rss.name, 'rss');
  assert.equal(rss.attributes.version, '2.0');
  const channel = child(rss, 'channel');
  for (const name of ['title', 'link', 'description']) assert.ok(child(channel, name).text.length > 0, name);
  assert.equal(child(channel, 'language').text, 'ar');
  assert.match(child(channel, 'lastBuildDate').text, RFC_822);
  const self = childrenNamed(channel, 'atom:link')[0];
  assert.equal(self?.attributes.rel, 'self');
  for (const item of childrenNamed(channel, 'item')) {
    assert.ok(child(item, 'title').text || child(item, 'description').text);
    assert.match(child(item, 'link').text, /^https:\/\/alghad24\.test\/article\/\d+\//);
    assert.match(child(item, 'guid').text, /^https:\/\/alghad24\.test\/article\/\d+$/);
    for (const date of childrenNamed(item, 'pubDate')) {
      assert.match(date.text, RFC_822);
      assert.ok(!Number.isNaN(Date.parse(date.text)));
    }
    for (const enclosure of childrenNamed(item, 'enclosure')) {
      assert.match(enclosure.attributes.url ?? '', /^https:\/\//);
      assert.match(enclosure.attributes.length ?? '', /^\d+$/);
      assert.match(enclosure.attributes.type ?? '', /^image\//);
    }
  }
  return channel;
}

/** Checks an Atom 1.0 document for what RFC 4287 requires, and returns its root. */
export function checkAtom(body: string): XmlElement {
  const feed = parseXml(body);
  assert.equal(feed.name, 'feed');
  assert.equal(feed.attributes.xmlns, 'http://www.w3.org/2005/Atom');
  assert.equal(feed.attributes['xml:lang'], 'ar');
  for (const name of ['id', 'title', 'updated']) assert.ok(child(feed, name).text.length > 0, name);
  assert.match(child(feed, 'updated').text, RFC_3339);
  assert.ok(childrenNamed(feed, 'link').some((l) => l.attributes.rel === 'self'));
  assert.ok(childrenNamed(feed, 'author').length > 0, 'a feed-level author covers entries without one');
  for (const entry of childrenNamed(feed, 'entry')) {
    for (const name of ['id', 'title', 'updated']) assert.ok(child(entry, name).text.length > 0, name);
    assert.match(child(entry, 'updated').text, RFC_3339);
    for (const published of childrenNamed(entry, 'published')) assert.match(published.text, RFC_3339);
    assert.ok(childrenNamed(entry, 'link').some((l) => l.attributes.rel === 'alternate'));
    assert.ok(childrenNamed(entry, 'summary').length + childrenNamed(entry, 'content').length > 0);
  }
  return feed;
}

export interface JsonFeed {
  version: string;
  title: string;
  language: string;
  feed_url: string;
  items: Record<string, unknown>[];
}

/** Checks a JSON Feed 1.1 document for the schema's required fields and types. */
export function checkJsonFeed(body: string): JsonFeed {
  const feed = JSON.parse(body) as JsonFeed;
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(typeof feed.title, 'string');
  assert.equal(feed.language, 'ar');
  assert.ok(Array.isArray(feed.items));
  for (const item of feed.items) {
    assert.equal(typeof item.id, 'string');
    assert.ok(typeof item.content_text === 'string' || typeof item.content_html === 'string');
    for (const key of ['date_published', 'date_modified']) {
      if (item[key] !== undefined) assert.match(String(item[key]), RFC_3339);
    }
    if (item.authors !== undefined) {
      for (const author of item.authors as { name: string }[]) assert.equal(typeof author.name, 'string');
    }
  }
  return feed;
}
