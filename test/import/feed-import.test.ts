/**
 * Wire copy from feeds (ghad import rss), on SQLite and PostgreSQL: an RSS 2.0 file and an
 * Atom feed served over HTTP, built from real Jawhara FM records; drafts by default, published
 * with its flag; idempotent by guid; the desk's edits never overwritten; an HTML page, a
 * broken feed, a missing file and a failing server refused or reported clearly.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importFeed } from '../../src/import/feed-import.ts';
import { ImportFileError } from '../../src/import/jsonl.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

type Record = { id: string; title: string; text: string; time: string; category: string; url: string };
const RECORDS = firstCorpusLines('jawhara.jsonl.gz', 40)
  .map((line) => JSON.parse(line) as Record)
  .filter((r) => r.time.includes('T'))
  .slice(0, 6);
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const paragraphs = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 2)
    .map((l) => `<p>${xml(l)}</p>`)
    .join('');

function rss(records: Record[]): string {
  const items = records
    .map(
      (r, i) => `
    <item>
      <title>${xml(r.title)}</title>
      <link>${xml(r.url)}</link>
      <guid isPermaLink="false">${r.id}</guid>
      <pubDate>${new Date(r.time).toUTCString()}</pubDate>
      ${i === 0 ? '<dc:creator>سلمى الإدريسي</dc:creator>' : ''}
      <category>${r.category}</category>
      <category>تونس</category>
      <description>${xml(r.text.split('\n')[0] ?? '')}</description>
      <content:encoded><![CDATA[${paragraphs(r.text)}<script>alert(1)</script>]]></content:encoded>
      ${i === 1 ? '<enclosure url="https://www.jawharafm.net/images/photo.jpg" type="image/jpeg" length="1000"/>' : ''}
    </item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>جوهرة أف أم</title>
    <link>https://www.jawharafm.net/ar</link>
    <description>أخبار</description>${items}
  </channel>
</rss>
`;
}

function atom(records: Record[]): string {
  const entries = records
    .map(
      (r) => `
  <entry>
    <title type="html">${xml(xml(r.title))}</title>
    <link rel="alternate" href="${xml(r.url)}"/>
    <id>tag:jawharafm.net,2017:${r.id}</id>
    <published>${r.time}</published>
    <updated>${r.time}</updated>
    <author><name>مريم الشابي</name></author>
    <category term="${r.category}"/>
    <content type="html">${xml(paragraphs(r.text))}</content>
  </entry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
  <title>جوهرة أف أم</title>
  <id>tag:jawharafm.net,2017:feed</id>
  <updated>2017-01-22T00:00:00Z</updated>${entries}
</feed>
`;
}

const HTML_PAGE = `<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>جوهرة أف أم</title>
<link rel="alternate" type="application/rss+xml" href="/ar/rss.xml"></head><body><h1>أخبار</h1></body></html>`;

for (const dialect of DIALECTS) {
  describe(`importFeed (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let dir: string;
    let server: http.Server;
    let base: string;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      dir = fresh.options.dataDir;
      store = await openStore(fresh.options);
      server = http.createServer((request, response) => {
        if (request.url === '/atom.xml') {
          response.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atom(RECORDS.slice(3, 6)));
        } else if (request.url === '/ar') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_PAGE);
        } else {
          response.writeHead(503).end('down');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await store?.close();
      await cleanup?.();
    });

    it('imports an RSS 2.0 file as drafts, keyed by guid, with bylines, sections, tags and the image', async () => {
      const file = path.join(dir, 'wire.xml');
      fs.writeFileSync(file, rss(RECORDS.slice(0, 3)));
      const summary = await importFeed(store, file, { status: 'draft' });
      assert.deepEqual([summary.imported, summary.skipped.length, summary.error], [3, 0, null]);
      const [first, second] = RECORDS;
      const id = (await store.articles.findIdByExternalId(`feed:${first?.id}`)) as number;
      const article = await store.articles.findById(id, { publishedOnly: false });
      assert.ok(article);
      assert.equal(article.status, 'draft');
      assert.equal(article.publishedAt, null);
      assert.equal(article.headline, first?.title);
      assert.equal(article.sourceUrl, first?.url);
      assert.equal(article.section.slug, 'ثقافة');
      assert.deepEqual(
        article.tags.map((t) => t.name),
        ['تونس'],
      );
      assert.deepEqual(
        article.bylines.map((b) => b.author.name),
        ['سلمى الإدريسي'],
      );
      assert.doesNotMatch(article.bodyText, /alert/);
      assert.equal(article.bodyText.split('\n')[0], first?.text.split('\n')[0]?.replace(/\s+/g, ' ').trim());
      const other = await store.articles.findById(
        (await store.articles.findIdByExternalId(`feed:${second?.id}`)) as number,
        { publishedOnly: false },
      );
      assert.deepEqual(
        other?.bylines.map((b) => [b.author.name, b.author.kind]),
        [['جوهرة أف أم', 'organization']],
      );
      assert.equal(other?.featuredImage?.path, 'https://www.jawharafm.net/images/photo.jpg');

      const again = await importFeed(store, file, { status: 'draft' });
      assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 3]);
    });

    it('never overwrites an entry the newsroom has touched since', async () => {
      const file = path.join(dir, 'wire.xml');
      const [first, second] = RECORDS;
      const id = (await store.articles.findIdByExternalId(`feed:${first?.id}`)) as number;
      await store.db
        .insertInto('article_transitions')
        .values({
          article_id: id,
          action: 'submit',
          from_status: 'draft',
          to_status: 'in_review',
          note: null,
          scheduled_for: null,
          user_id: 1,
          created_at: new Date().toISOString(),
        })
        .execute();
      const changed = RECORDS.slice(0, 3).map((r) => ({ ...r, title: `${r.title} (محدث)` }));
      fs.writeFileSync(file, rss(changed));
      const summary = await importFeed(store, file, { status: 'draft' });
      assert.deepEqual([summary.imported, summary.updated], [0, 2]);
      assert.equal(summary.skipped.length, 1);
      assert.match(summary.skipped[0]?.reason ?? '', /edited in the newsroom since it was imported; left as it is/);
      assert.equal((await store.articles.findById(id, { publishedOnly: false }))?.headline, first?.title);
      const secondId = (await store.articles.findIdByExternalId(`feed:${second?.id}`)) as number;
      assert.equal(
        (await store.articles.findById(secondId, { publishedOnly: false }))?.headline,
        `${second?.title} (محدث)`,
      );
    });

    it('imports an Atom feed over HTTP, published with its own dates when asked', async () => {
      const summary = await importFeed(store, `${base}/atom.xml`, { status: 'published', sectionSlug: 'وطنية' });
      assert.deepEqual([summary.imported, summary.error], [3, null]);
      for (const record of RECORDS.slice(3, 6)) {
        const id = (await store.articles.findIdByExternalId(`feed:tag:jawharafm.net,2017:${record.id}`)) as number;
        const article = await store.articles.findById(id, { publishedOnly: true });
        assert.ok(article, record.id);
        assert.equal(article.headline, record.title);
        assert.equal(article.publishedAt?.getTime(), new Date(record.time).getTime());
        assert.equal(article.section.slug, 'وطنية');
        assert.deepEqual(
          article.bylines.map((b) => b.author.name),
          ['مريم الشابي'],
        );
      }
    });

    it('refuses an HTML page, pointing at the feed it announces', async () => {
      await assert.rejects(importFeed(store, `${base}/ar`, { status: 'draft' }), (error: Error) => {
        assert.ok(error instanceof ImportFileError);
        assert.equal(
          error.message,
          `${base}/ar is an HTML page, not a feed (RSS 2.0 or Atom). The page names its feed: ${base}/ar/rss.xml`,
        );
        return true;
      });
      const file = path.join(dir, 'page.xml');
      fs.writeFileSync(file, HTML_PAGE);
      await assert.rejects(importFeed(store, file, { status: 'draft' }), /is an HTML page, not a feed/);
    });

    it('reports failing servers, missing files, unknown sections and broken feeds clearly', async () => {
      await assert.rejects(importFeed(store, `${base}/down.xml`, { status: 'draft' }), /HTTP 503/);
      await assert.rejects(importFeed(store, path.join(dir, 'nothing.xml'), { status: 'draft' }), /no such file/);
      await assert.rejects(
        importFeed(store, `${base}/atom.xml`, { status: 'draft', sectionSlug: 'طقس' }),
        /No section "طقس"/,
      );
      const json = path.join(dir, 'feed.json');
      fs.writeFileSync(json, '{"version":"https://jsonfeed.org/version/1.1"}');
      await assert.rejects(importFeed(store, json, { status: 'draft' }), /is not a feed/);
      const sitemap = path.join(dir, 'sitemap.xml');
      fs.writeFileSync(sitemap, '<?xml version="1.0"?><urlset><url><loc>https://x</loc></url></urlset>');
      await assert.rejects(importFeed(store, sitemap, { status: 'draft' }), /root element is <urlset>/);

      const before = await store.articles.countAll();
      const whole = rss(RECORDS.slice(0, 3).map((r) => ({ ...r, id: `${r.id}-b` })));
      const cut = whole.slice(0, whole.lastIndexOf('<item>') + 20);
      const broken = path.join(dir, 'broken.xml');
      fs.writeFileSync(broken, cut);
      const summary = await importFeed(store, broken, { status: 'draft' });
      assert.match(summary.error ?? '', /is broken at line \d+, column \d+/);
      assert.equal(summary.imported, 2);
      assert.equal(await store.articles.countAll(), before + 2);
    });
  });
}
