import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ChangeSet } from '../../src/content/change.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { tagsForChanges } from '../../src/web/cache-tags.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { checkAtom, checkJsonFeed, checkRss } from '../helpers/feed-checks.ts';
import { giveFeaturedImage, importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { child, childrenNamed } from '../helpers/xml-tree.ts';

const enc = encodeURIComponent;
const HOSTILE_HEADLINE = 'عاجل <script>alert("غد")</script> & ]]> \u0001\u000b\ufffe<![CDATA[x]]> نهاية';
const HOSTILE_DEK = '<img src=x onerror=alert(1)> ملخص & "اقتباس"';
/** What survives of the headline: XML's forbidden characters dropped, everything else kept as text. */
const HOSTILE_HEADLINE_AS_TEXT = 'عاجل <script>alert("غد")</script> & ]]> <![CDATA[x]]> نهاية';

for (const dialect of DIALECTS) {
  describe(`feeds (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let ids: number[];
    let hostileId: number;
    let dataDir: string;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      dataDir = database.options.dataDir;
      store = await openStore(database.options);
      ids = await importSampleNewspaper(store);
      await giveFeaturedImage(store, ids[0]!, {
        path: '2026/11/mokhrij.jpg',
        alt: 'المخرج لطفي عاشور',
        bytes: 48_213,
        width: 1200,
        height: 800,
      });
      const hostile = await store.articles.upsertByExternalId({
        externalId: 'hostile-1',
        headline: HOSTILE_HEADLINE,
        dek: HOSTILE_DEK,
        body: [
          { type: 'paragraph', text: 'نص <b>عادي</b> ]]> مع رموز' },
          { type: 'image', src: '/media/2026/11/saha.jpg', alt: 'الساحة', width: 800, height: 533 },
        ],
        status: 'published',
        sectionSlug: 'وطنية',
        publishedAt: new Date(Date.now() - 60_000),
        bylines: [{ name: 'مراسل <غد> & شركاؤه', kind: 'person' }],
        tags: ['وسم <خطير>'],
      });
      hostileId = hostile.id;
      app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0 });
      await app.ready();
    });

    after(async () => {
      await app.close();
      await store.close();
      await cleanup();
    });

    it('serves the whole site in RSS 2.0, Atom 1.0 and JSON Feed 1.1 with their content types', async () => {
      const rss = await app.inject('/feed.xml');
      assert.equal(rss.statusCode, 200);
      assert.equal(rss.headers['content-type'], 'application/rss+xml; charset=utf-8');
      const channel = checkRss(rss.body);
      assert.equal(child(channel, 'title').text, 'الغد 24');
      const items = childrenNamed(channel, 'item');
      assert.equal(items.length, 30);
      // Newest first: the hostile story was published a minute ago, the three recent ones hours ago.
      assert.equal(child(items[0]!, 'guid').text, `https://alghad24.test/article/${hostileId}`);

      const atom = await app.inject('/feed.atom');
      assert.equal(atom.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.equal(childrenNamed(checkAtom(atom.body), 'entry').length, 30);

      const json = await app.inject('/feed.json');
      assert.equal(json.headers['content-type'], 'application/feed+json; charset=utf-8');
      const feed = checkJsonFeed(json.body);
      assert.equal(feed.items.length, 30);
      assert.equal(feed.feed_url, 'https://alghad24.test/feed.json');
    });

    it('gives the featured image as an enclosure, a media element and a JSON Feed image', async () => {
      const path = `/section/${enc('ثقافة')}`;
      const channel = checkRss((await app.inject(`${path}/feed.xml`)).body);
      const item = childrenNamed(channel, 'item').find(
        (i) => child(i, 'guid').text === `https://alghad24.test/article/${ids[0]}`,
      );
      assert.ok(item, 'the culture feed lists the story with the image');
      assert.deepEqual(child(item, 'enclosure').attributes, {
        url: 'https://alghad24.test/media/2026/11/mokhrij.jpg',
        length: '48213',
        type: 'image/jpeg',
      });
      const media = child(item, 'media:content');
      assert.equal(media.attributes.medium, 'image');
      assert.equal(media.attributes.width, '1200');
      assert.equal(child(media, 'media:description').text, 'المخرج لطفي عاشور');

      const entry = childrenNamed(checkAtom((await app.inject(`${path}/feed.atom`)).body), 'entry').find(
        (e) => child(e, 'id').text === `https://alghad24.test/article/${ids[0]}`,
      );
      const enclosure = childrenNamed(entry!, 'link').find((l) => l.attributes.rel === 'enclosure');
      assert.equal(enclosure?.attributes.href, 'https://alghad24.test/media/2026/11/mokhrij.jpg');
      assert.equal(enclosure?.attributes.length, '48213');

      const jsonItem = checkJsonFeed((await app.inject(`${path}/feed.json`)).body).items.find(
        (i) => i.id === `https://alghad24.test/article/${ids[0]}`,
      );
      assert.equal(jsonItem?.image, 'https://alghad24.test/media/2026/11/mokhrij.jpg');
    });

    it('has a feed for every section, tag and author, listing only their articles, in Arabic', async () => {
      const [culture, sport] = ['ثقافة', 'رياضة'].map((slug) => ({ slug, path: `/section/${enc(slug)}` }));
      const cultureChannel = checkRss((await app.inject(`${culture!.path}/feed.xml`)).body);
      assert.equal(child(cultureChannel, 'title').text, 'ثقافة — الغد 24');
      assert.equal(child(cultureChannel, 'link').text, `https://alghad24.test${culture!.path}`);
      const cultureItems = childrenNamed(cultureChannel, 'item');
      assert.ok(cultureItems.length > 0);
      for (const item of cultureItems) assert.equal(childrenNamed(item, 'category')[0]?.text, 'ثقافة');
      const sportTitles = childrenNamed(checkRss((await app.inject(`${sport!.path}/feed.xml`)).body), 'item').map(
        (i) => child(i, 'title').text,
      );
      assert.ok(sportTitles.every((t) => !cultureItems.some((c) => child(c, 'title').text === t)));

      const author = await store.taxonomy.authorBySlug('جوهرة-أف-أم');
      assert.ok(author, 'the Jawhara FM byline');
      const authorFeed = checkAtom((await app.inject(`/author/${enc(author.slug)}/feed.atom`)).body);
      assert.equal(child(authorFeed, 'title').text, 'جوهرة أف أم — الغد 24');
      for (const entry of childrenNamed(authorFeed, 'entry')) {
        assert.equal(child(child(entry, 'author'), 'name').text, 'جوهرة أف أم');
      }

      const tag = await store.db.selectFrom('tags').select(['slug', 'name']).executeTakeFirstOrThrow();
      const tagFeed = checkJsonFeed((await app.inject(`/tag/${enc(tag.slug)}/feed.json`)).body);
      assert.equal(tagFeed.title, `${tag.name} — الغد 24`);
      assert.ok(tagFeed.items.length > 0);
      for (const item of tagFeed.items) assert.ok((item.tags as string[]).includes(tag.name));
    });

    it('announces its feeds in the head of the home, section, tag and author pages', async () => {
      const home = (await app.inject('/')).body;
      for (const [type, href] of [
        ['application/rss+xml', '/feed.xml'],
        ['application/atom+xml', '/feed.atom'],
        ['application/feed+json', '/feed.json'],
      ]) {
        assert.ok(
          home.includes(`<link rel="alternate" type="${type}" title="الغد 24" href="https://alghad24.test${href}"/>`),
          type,
        );
      }
      const sectionPath = `/section/${enc('ثقافة')}`;
      const section = (await app.inject(sectionPath)).body;
      const links = [...section.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"/g)];
      assert.equal(links.length, 3);
      for (const [, type, title, href] of links) {
        assert.equal(title, 'ثقافة — الغد 24');
        const response = await app.inject(String(href).replace('https://alghad24.test', ''));
        assert.equal(response.statusCode, 200, href);
        assert.equal(String(response.headers['content-type']).split(';')[0], type);
      }
    });

    it('keeps hostile headlines, bylines and summaries as inert text in well-formed XML', async () => {
      const rss = (await app.inject(`/section/${enc('وطنية')}/feed.xml`)).body;
      assert.ok(!rss.includes('<script'), 'no markup reaches the document');
      const item = childrenNamed(checkRss(rss), 'item').find(
        (i) => child(i, 'guid').text === `https://alghad24.test/article/${hostileId}`,
      );
      assert.ok(item);
      assert.equal(child(item, 'title').text, HOSTILE_HEADLINE_AS_TEXT);
      assert.equal(child(item, 'dc:creator').text, 'مراسل <غد> & شركاؤه');
      // RSS readers treat <description> as HTML: the summary is escaped for HTML too, so it shows as text.
      const description = child(item, 'description').text;
      assert.ok(!description.includes('<'), description);
      assert.equal(description, '&lt;img src=x onerror=alert(1)&gt; ملخص &amp; &quot;اقتباس&quot;');

      const atom = checkAtom((await app.inject(`/section/${enc('وطنية')}/feed.atom`)).body);
      const entry = childrenNamed(atom, 'entry').find(
        (e) => child(e, 'id').text === `https://alghad24.test/article/${hostileId}`,
      );
      assert.equal(child(entry!, 'title').attributes.type, 'text');
      assert.equal(child(entry!, 'title').text, HOSTILE_HEADLINE_AS_TEXT);
      assert.equal(child(entry!, 'summary').attributes.type, 'text');

      const json = checkJsonFeed((await app.inject(`/section/${enc('وطنية')}/feed.json`)).body);
      const jsonItem = json.items.find((i) => i.id === `https://alghad24.test/article/${hostileId}`);
      assert.equal(jsonItem?.title, HOSTILE_HEADLINE_AS_TEXT);
      assert.equal(jsonItem?.content_text, HOSTILE_DEK);
      assert.equal(jsonItem?.content_html, undefined, 'summaries are never sent as HTML');
    });

    it('answers 404 for the feeds of unknown sections, tags and authors: plain text, or the JSON error', async () => {
      for (const path of [
        `/section/${enc('لا-يوجد')}/feed.xml`,
        `/tag/${enc('لا-يوجد')}/feed.atom`,
        `/author/${enc('لا-يوجد')}/feed.xml`,
      ]) {
        const response = await app.inject(path);
        assert.equal(response.statusCode, 404, path);
        assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
        assert.match(response.body, /لا توجد خلاصة/);
        assert.equal(response.headers['cache-control'], 'no-store');
      }
      const json = await app.inject(`/tag/${enc('لا-يوجد')}/feed.json`);
      assert.equal(json.statusCode, 404);
      assert.deepEqual(JSON.parse(json.body), {
        error: { code: 'feed_not_found', message: 'No such feed.', messageAr: 'لا توجد خلاصة بهذا العنوان.' },
      });
      const page = await app.inject(`/section/${enc('لا-يوجد')}`);
      assert.equal(page.statusCode, 404);
      assert.match(String(page.headers['content-type']), /text\/html/);
    });

    it('is served from the page cache and purged with the pages it lists, and only those', async () => {
      const culture = `/section/${enc('ثقافة')}/feed.xml`;
      const sport = `/section/${enc('رياضة')}/feed.atom`;
      for (const path of [culture, sport, '/feed.json']) await app.inject(path);
      for (const path of [culture, sport, '/feed.json']) {
        assert.equal((await app.inject(path)).headers['x-ghad-cache'], 'hit', path);
      }
      const cached = await app.inject(culture);
      assert.match(String(cached.headers['surrogate-key']), /\bsection:\d+\b/);
      const notModified = await app.inject({ url: culture, headers: { 'if-none-match': String(cached.headers.etag) } });
      assert.equal(notModified.statusCode, 304);

      // A correction to the culture story, as the newsroom or an import would write it.
      const record = await store.db
        .selectFrom('articles')
        .select(['external_id', 'published_at'])
        .where('id', '=', ids[0]!)
        .executeTakeFirstOrThrow();
      const article = await store.articles.findById(ids[0]!, { publishedOnly: true });
      const result = await store.articles.upsertByExternalId({
        externalId: String(record.external_id),
        headline: 'عنوان مصحح للمخرج لطفي عاشور',
        body: article!.body,
        status: 'published',
        sectionSlug: 'ثقافة',
        publishedAt: article!.publishedAt,
        bylines: article!.bylines.map(({ author }) => ({ name: author.name, kind: author.kind })),
      });
      assert.equal(result.outcome, 'updated');
      const changes = new ChangeSet();
      changes.add(result.change!);
      await app.purgePages(tagsForChanges(changes, 'Africa/Casablanca'));

      const refreshed = await app.inject(culture);
      assert.equal(refreshed.headers['x-ghad-cache'], 'miss');
      assert.ok(refreshed.body.includes('عنوان مصحح للمخرج لطفي عاشور'));
      const site = await app.inject('/feed.json');
      assert.equal(site.headers['x-ghad-cache'], 'miss');
      assert.ok(site.body.includes('عنوان مصحح للمخرج لطفي عاشور'));
      assert.equal((await app.inject(sport)).headers['x-ghad-cache'], 'hit', 'the sport feed does not list it');
    });

    it('carries the whole article when GHAD_FEED_CONTENT=full, with absolute links', async () => {
      const full = await buildApp({
        config: testConfig({ dataDir, feedContent: 'full' }),
        store,
        invalidationPollMs: 0,
      });
      try {
        const channel = checkRss((await full.inject(`/section/${enc('وطنية')}/feed.xml`)).body);
        const item = childrenNamed(channel, 'item').find(
          (i) => child(i, 'guid').text === `https://alghad24.test/article/${hostileId}`,
        );
        assert.equal(
          child(item!, 'content:encoded').text,
          '<p>نص &lt;<bdi dir="ltr">b</bdi>>عادي&lt;/<bdi dir="ltr">b</bdi>> ]]> مع رموز</p>' +
            '<figure><img src="https://alghad24.test/media/2026/11/saha.jpg" alt="الساحة" width="800" height="533" loading="lazy" decoding="async"/></figure>',
        );
        const json = checkJsonFeed((await full.inject('/feed.json')).body);
        assert.ok(json.items.every((i) => typeof i.content_html === 'string' && i.content_text === undefined));
        const summaryOnly = checkRss((await app.inject('/feed.xml')).body);
        assert.equal(childrenNamed(childrenNamed(summaryOnly, 'item')[0]!, 'content:encoded').length, 0);
      } finally {
        await full.close();
      }
    });
  });
}
