/**
 * What readers see of the people, organisations and places the articles name: «في هذا المقال»
 * on an article, the entity's page with its spellings, articles and neighbours, its feeds, the
 * sitemap, the search page's card, and their structured data. Articles are written through the
 * store's own paths (the seed page, corpus records, a draft), which extract and link the names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Entity } from '../../src/entities/entity.ts';
import { importSeedArticle } from '../../src/import/demo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { cacheTags } from '../../src/web/cache-tags.ts';
import { entityPath } from '../../src/web/site/urls.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { entitySpelt, gantzStories, writeBouritaDraft } from '../helpers/entities.ts';
import { checkAtom, checkJsonFeed, checkRss } from '../helpers/feed-checks.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { child, childrenNamed, parseXml } from '../helpers/xml-tree.ts';

type Json = Record<string, unknown>;
const SITE = 'https://alghad24.test';
const HOSTILE_NAME = '<script>alert("غد")</script> & <b>الجزائر</b>';
/** Older than the seed (2021-11-24): twenty more articles about Gantz make his page two pages long. */
const GANTZ_STORIES = 20;

function jsonLd(html: string): Json[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1] as string),
  );
}

/** The «في هذا المقال» block of an article page. */
function entitiesBlock(html: string): string {
  return /<section class="entities"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

for (const dialect of DIALECTS) {
  describe(`entities on the reader site (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let seedPath: string;
    let gantz: Entity;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      await importSeedArticle(store);
      await importSampleNewspaper(store);
      await store.articles.upsertManyByExternalId(gantzStories(GANTZ_STORIES));
      // A draft names someone no published article names: no page for him yet.
      await writeBouritaDraft(store);
      app = await buildApp({ config: testConfig({ dataDir: database.options.dataDir }), store, invalidationPollMs: 0 });
      await app.ready();
      seedPath = String((await app.inject('/article/1')).headers.location);
      gantz = await entitySpelt(store, 'جانتس');
    });

    after(async () => {
      await app.close();
      await store.close();
      await cleanup();
    });

    describe('the article page', () => {
      it('says «في هذا المقال» with a link to the Gantz page, grouped by kind, prominent names first', async () => {
        const response = await app.inject(seedPath);
        assert.equal(response.statusCode, 200);
        const block = entitiesBlock(response.body);
        assert.match(block, /<h2 id="entities-title">في هذا المقال<\/h2>/);
        assert.match(block, /aria-labelledby="entities-title"/);
        assert.ok(block.includes(`<a class="chip" href="${entityPath(gantz)}">بيني گانتز</a>`), block);
        // The headline names Morocco and Israel: places lead, marked prominent.
        const groups = [...block.matchAll(/<h3 id="entities-(\w+)">([^<]+)<\/h3>/g)].map((m) => [m[1], m[2]]);
        assert.deepEqual(groups[0], ['LOC', 'أماكن']);
        assert.deepEqual(
          new Set(groups.map((g) => g[1])),
          new Set(['أماكن', 'أشخاص', 'هيئات']),
          'people, organisations and places, each under its Arabic name',
        );
        const places = /<ul class="chips" aria-labelledby="entities-LOC">([\s\S]*?)<\/ul>/.exec(block)?.[1] ?? '';
        const firstPlace = /<a class="([^"]+)"[^>]*>([^<]+)<\/a>/.exec(places);
        assert.deepEqual([firstPlace?.[1], firstPlace?.[2]], ['chip chip--prominent', 'المغرب']);
        // After the body, before the tags.
        const html = response.body;
        assert.ok(html.indexOf('class="article__body"') < html.indexOf('class="entities"'));
        assert.ok(html.indexOf('class="entities"') < html.indexOf('class="tags"'));
      });

      it('is tagged with the entity of every chip, so a rename or merge purges it', async () => {
        const response = await app.inject(seedPath);
        const keys = String(response.headers['surrogate-key']).split(' ');
        assert.ok(keys.includes(cacheTags.entity(gantz.id)));
        const chips = [...entitiesBlock(response.body).matchAll(/href="\/entity\/(\d+)\//g)].map((m) => Number(m[1]));
        assert.ok(chips.length > 5);
        for (const id of chips) assert.ok(keys.includes(cacheTags.entity(id)), `entity:${id}`);
      });

      it('describes the entities in NewsArticle as `about` (prominent) and `mentions`, with every spelling', async () => {
        const [article] = jsonLd((await app.inject(seedPath)).body);
        assert.equal(article?.['@type'], 'NewsArticle');
        const about = article!.about as Json[];
        const mentions = article!.mentions as Json[];
        assert.deepEqual(
          about.map((e) => [e['@type'], e.name]),
          [
            ['Place', 'المغرب'],
            ['Place', 'إسرائيل'],
          ],
        );
        const person = mentions.find((e) => e.name === 'بيني گانتز');
        assert.equal(person?.['@type'], 'Person');
        assert.equal(person?.url, `${SITE}${entityPath(gantz)}`);
        const alternate = person?.alternateName as string[];
        for (const spelling of ['گانتز', 'جانتس', 'بيني جانتس']) assert.ok(alternate.includes(spelling), spelling);
        assert.ok(!alternate.includes('بيني گانتز'), 'the name itself is not an alternate name');
        assert.ok(mentions.some((e) => e['@type'] === 'Organization'));
        for (const entity of [...about, ...mentions]) {
          assert.match(String(entity.url), /^https:\/\/alghad24\.test\/entity\/\d+\//);
        }
      });
    });

    describe("an entity's page", () => {
      it('redirects the bare id and a wrong slug to the canonical address', async () => {
        for (const url of [`/entity/${gantz.id}`, `/entity/${gantz.id}/gantz`, `/entity/${gantz.id}/${'غانتس'}`]) {
          const response = await app.inject(url);
          assert.equal(response.statusCode, 301, url);
          assert.equal(response.headers.location, entityPath(gantz), url);
        }
        const wrongSlugPage = await app.inject(`/entity/${gantz.id}/gantz?page=2`);
        assert.equal(wrongSlugPage.headers.location, entityPath(gantz, 2));
      });

      it('shows the name, its kind, every spelling, the count and the articles newest first', async () => {
        const response = await app.inject(entityPath(gantz));
        assert.equal(response.statusCode, 200);
        const html = response.body;
        assert.match(html, /^<!doctype html><html lang="ar" dir="rtl">/);
        assert.ok(!/<script(?! type="application\/ld\+json")/.test(html), 'no JavaScript');
        assert.match(html, /<h1>بيني گانتز<\/h1>/);
        assert.match(html, /<p class="entity-kind">شخص<\/p>/);
        const spellings = /<p class="spellings">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
        for (const spelling of ['بيني گانتز', 'گانتز', 'جانتس']) {
          assert.ok(spellings.includes(`<bdi>${spelling}</bdi>`), spelling);
        }
        assert.match(html, /<p class="count">21 مقالا — الصفحة 1 من 2<\/p>/);
        const headlines = [...html.matchAll(/<h2 class="headline"><a href="(\/article\/\d+)\//g)].map((m) => m[1]);
        assert.equal(headlines.length, 20);
        assert.equal(headlines[0], '/article/1', 'the seed article, the newest, comes first');
        assert.ok(html.includes(`<link rel="canonical" href="${SITE}${entityPath(gantz)}"`));
        assert.ok(html.includes(`<link rel="next" href="${SITE}${entityPath(gantz, 2)}"`));
        assert.match(html, /<title>بيني گانتز \| الغد 24<\/title>/);
      });

      it('shows «السياق»: its coverage month by month, oldest first, each with its count and first story', async () => {
        const response = await app.inject(entityPath(gantz));
        const context = /<aside class="story-context" aria-labelledby="entity-context-title">[\s\S]*?<\/aside>/.exec(
          response.body,
        )?.[0];
        assert.ok(context, 'the page has «السياق»');
        const months = [
          ...context.matchAll(
            /<li><time class="story-context__when" datetime="([\d-]+)">([^<]+)<\/time><a class="story-context__text" href="(\/article\/\d+)\/[^"]*"[\s\S]*?<span class="story-context__count">([^<]+)<\/span><\/li>/g,
          ),
        ].map((m) => ({ month: m[1], name: m[2], href: m[3], count: m[4] }));
        const first = await store.articles.findIdByExternalId('gantz-1');
        assert.deepEqual(months, [
          // Twenty stories in January 2020; the first of them leads.
          { month: '2020-01', name: 'يناير 2020', href: `/article/${first}`, count: '20 مقالا' },
          // The seed page, November 2021.
          { month: '2021-11', name: 'نونبر 2021', href: '/article/1', count: 'مقال واحد' },
        ]);
        const keys = String(response.headers['surrogate-key']).split(' ');
        assert.ok(keys.includes(cacheTags.article(first!)), 'a renamed lead purges the page');
        // Only on the first page.
        assert.ok(!(await app.inject(entityPath(gantz, 2))).body.includes('entity-context-title'));
      });

      it('names the entities most often named with it, and links to its feeds', async () => {
        const html = (await app.inject(entityPath(gantz))).body;
        const related = /<aside class="related-entities"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';
        assert.match(related, /يُذكر معه كثيرا/);
        const morocco = await entitySpelt(store, 'المغرب');
        assert.ok(related.includes(`href="${entityPath(morocco)}">المغرب`), related);
        assert.ok(!related.includes(`href="${entityPath(gantz)}"`), 'not itself');
        for (const file of ['feed.xml', 'feed.atom', 'feed.json']) {
          assert.ok(html.includes(`<a href="${entityPath(gantz)}/${file}"`), file);
          assert.ok(html.includes(`href="${SITE}${entityPath(gantz)}/${file}"`), `${file} in the head`);
        }
      });

      it('is served from the page cache, tagged with the entity and the articles it shows', async () => {
        const first = await app.inject(entityPath(gantz));
        const second = await app.inject(entityPath(gantz));
        assert.equal(second.headers['x-ghad-cache'], 'hit');
        assert.equal(second.headers.etag, first.headers.etag);
        const keys = String(second.headers['surrogate-key']).split(' ');
        assert.ok(keys.includes(cacheTags.entity(gantz.id)));
        assert.ok(keys.includes(cacheTags.article(1)));
      });

      it('pages like the other lists: ?page=1 redirects, a malformed page is 400, past the end 404', async () => {
        const two = await app.inject(entityPath(gantz, 2));
        assert.equal(two.statusCode, 200);
        assert.match(two.body, /<p class="count">21 مقالا — الصفحة 2 من 2<\/p>/);
        assert.equal([...two.body.matchAll(/<h2 class="headline">/g)].length, 1);
        const one = await app.inject(`${entityPath(gantz)}?page=1`);
        assert.equal(one.statusCode, 301);
        assert.equal(one.headers.location, entityPath(gantz));
        for (const page of ['0', 'abc', '-1', '1.5']) {
          assert.equal((await app.inject(`${entityPath(gantz)}?page=${page}`)).statusCode, 400, page);
        }
        assert.equal((await app.inject(entityPath(gantz, 3))).statusCode, 404);
      });

      it('is described as a ProfilePage of a Person with every spelling, and by a breadcrumb', async () => {
        const [profile, breadcrumb] = jsonLd((await app.inject(entityPath(gantz))).body);
        assert.equal(profile?.['@context'], 'https://schema.org');
        assert.equal(profile?.['@type'], 'ProfilePage');
        assert.equal(profile?.url, `${SITE}${entityPath(gantz)}`);
        const person = profile?.mainEntity as Json;
        assert.equal(person['@type'], 'Person');
        assert.equal(person.name, 'بيني گانتز');
        assert.equal(person.url, `${SITE}${entityPath(gantz)}`);
        assert.deepEqual(new Set(person.alternateName as string[]), new Set(['بيني جانتس', 'جانتس', 'گانتز']));
        assert.equal(breadcrumb?.['@type'], 'BreadcrumbList');
        assert.deepEqual(
          (breadcrumb!.itemListElement as Json[]).map((item) => [item.position, item.name, item.item]),
          [
            [1, 'الرئيسية', `${SITE}/`],
            [2, 'بيني گانتز', `${SITE}${entityPath(gantz)}`],
          ],
        );
      });

      it('answers 404 for an unknown id, and for an entity without published articles', async () => {
        for (const url of ['/entity/999999', '/entity/999999/x', '/entity/abc', '/entity/0', '/entity/-1']) {
          const response = await app.inject(url);
          assert.equal(response.statusCode, 404, url);
          assert.match(response.body, /lang="ar"/);
        }
        const drafted = await entitySpelt(store, 'ناصر بوريطة');
        assert.equal(drafted.articleCount, 0);
        assert.equal((await app.inject(entityPath(drafted))).statusCode, 404);
        assert.equal((await app.inject(`${entityPath(drafted)}/feed.xml`)).statusCode, 404);
      });
    });

    describe('feeds', () => {
      it('offers RSS, Atom and JSON Feed of its articles, newest first', async () => {
        const path = entityPath(gantz);
        const rss = await app.inject(`${path}/feed.xml`);
        assert.equal(rss.statusCode, 200);
        assert.equal(rss.headers['content-type'], 'application/rss+xml; charset=utf-8');
        const channel = checkRss(rss.body);
        assert.equal(child(channel, 'title').text, 'بيني گانتز — الغد 24');
        const items = childrenNamed(channel, 'item');
        assert.equal(items.length, 21);
        assert.equal(child(items[0]!, 'guid').text, `${SITE}/article/1`);
        assert.ok(String(rss.headers['surrogate-key']).split(' ').includes(cacheTags.entity(gantz.id)));

        const atom = checkAtom((await app.inject(`${path}/feed.atom`)).body);
        assert.equal(childrenNamed(atom, 'entry').length, 21);
        const json = checkJsonFeed((await app.inject(`${path}/feed.json`)).body);
        assert.equal(json.feed_url, `${SITE}${path}/feed.json`);
        assert.equal(json.items.length, 21);
      });

      it('redirects a wrong slug to the feed at its canonical address', async () => {
        const response = await app.inject(`/entity/${gantz.id}/gantz/feed.atom`);
        assert.equal(response.statusCode, 301);
        assert.equal(response.headers.location, `${entityPath(gantz)}/feed.atom`);
        assert.equal((await app.inject('/entity/999999/x/feed.json')).statusCode, 404);
      });
    });

    describe('sitemaps', () => {
      it('lists the entities that have published articles', async () => {
        const index = parseXml((await app.inject('/sitemap.xml')).body);
        const files = childrenNamed(index, 'sitemap').map((s) => child(s, 'loc').text);
        assert.ok(files.includes(`${SITE}/sitemaps/entities.xml`));
        const response = await app.inject('/sitemaps/entities.xml');
        assert.equal(response.statusCode, 200);
        const urlset = parseXml(response.body);
        assert.equal(urlset.name, 'urlset');
        const locs = childrenNamed(urlset, 'url').map((u) => child(u, 'loc').text);
        assert.ok(locs.includes(`${SITE}${entityPath(gantz)}`));
        const drafted = await entitySpelt(store, 'ناصر بوريطة');
        assert.ok(!locs.some((loc) => loc.startsWith(`${SITE}/entity/${drafted.id}/`)), 'none without articles');
        for (const loc of locs) assert.doesNotMatch(loc, /[^\x21-\x7e]/, 'percent-encoded');
        assert.equal((await app.inject('/sitemaps/entities-2.xml')).statusCode, 404);
      });
    });

    describe('search', () => {
      it('shows the card of the entity a query names, in any spelling, above the results', async () => {
        for (const query of ['جانتس', 'گانتز', 'بيني غانتس']) {
          const response = await app.inject(`/search?q=${encodeURIComponent(query)}`);
          assert.equal(response.statusCode, 200);
          const html = response.body;
          const card = /<aside class="entity-card"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';
          assert.ok(card, query);
          assert.ok(card.includes(`<a href="${entityPath(gantz)}">بيني گانتز</a>`), card);
          assert.match(card, /<p class="entity-kind">شخص<\/p>/);
          assert.match(card, /يُكتب أيضا: .*<bdi>جانتس<\/bdi>/);
          assert.ok(!card.includes('<bdi>بيني گانتز</bdi>'), 'the other spellings only');
          assert.match(card, /21 مقالا/);
          assert.ok(html.indexOf('class="entity-card"') < html.indexOf('class="results"'), 'above the results');
        }
        const plain = await app.inject(`/search?q=${encodeURIComponent('مهرجان الزيارة')}`);
        assert.ok(!plain.body.includes('class="entity-card"'));
        const drafted = await app.inject(`/search?q=${encodeURIComponent('ناصر بوريطة')}`);
        assert.ok(!drafted.body.includes('class="entity-card"'), 'no card for an entity without a page');
      });
    });

    describe("editors' decisions", () => {
      it('leads a merged entity, its feeds too, to the entity it was merged into', async () => {
        const fifth = await entitySpelt(store, 'محمد الخامس');
        const sixth = await entitySpelt(store, 'محمد السادس');
        const fifthPath = entityPath(fifth);
        assert.equal((await app.inject(fifthPath)).statusCode, 200);
        await store.entities.merge(fifth.id, sixth.id, null);
        await app.purgePages([cacheTags.entity(fifth.id), cacheTags.entity(sixth.id)]);
        for (const url of [fifthPath, `/entity/${fifth.id}`, `${fifthPath}?page=2`]) {
          const response = await app.inject(url);
          assert.equal(response.statusCode, 301, url);
          assert.equal(response.headers.location, entityPath(sixth), url);
        }
        const feed = await app.inject(`${fifthPath}/feed.xml`);
        assert.equal(feed.statusCode, 301);
        assert.equal(feed.headers.location, `${entityPath(sixth)}/feed.xml`);
        const sixthPage = (await app.inject(entityPath(sixth))).body;
        assert.ok(sixthPage.includes('<bdi>محمد الخامس</bdi>'), 'the merged name is a spelling of the other');
        const block = entitiesBlock((await app.inject(seedPath)).body);
        assert.ok(!block.includes(`href="/entity/${fifth.id}/`), 'the article page links the merged entity no more');
        assert.ok(block.includes(`href="${entityPath(sixth)}"`));
      });

      it('shows a rejected entity nowhere: its page and feeds are 404, the article and sitemap leave it out', async () => {
        const rejected = await entitySpelt(store, 'دوكور');
        assert.ok(entitiesBlock((await app.inject(seedPath)).body).includes(`href="${entityPath(rejected)}"`));
        await store.entities.reject(rejected.id, null);
        await app.purgePages([cacheTags.entity(rejected.id), cacheTags.home]);
        for (const url of [entityPath(rejected), `/entity/${rejected.id}`, `${entityPath(rejected)}/feed.json`]) {
          assert.equal((await app.inject(url)).statusCode, 404, url);
        }
        const html = (await app.inject(seedPath)).body;
        assert.ok(!entitiesBlock(html).includes(`/entity/${rejected.id}/`));
        const [article] = jsonLd(html);
        const described = [...((article?.about as Json[]) ?? []), ...((article?.mentions as Json[]) ?? [])];
        assert.ok(!described.some((e) => e.name === 'دوكور'));
        const sitemap = (await app.inject('/sitemaps/entities.xml')).body;
        assert.ok(!sitemap.includes(`/entity/${rejected.id}/`));
        const search = await app.inject(`/search?q=${encodeURIComponent('دوكور')}`);
        assert.ok(!search.body.includes('class="entity-card"'));
      });

      it('escapes a hostile name everywhere it is shown', async () => {
        const algeria = await entitySpelt(store, 'الجزائر');
        await store.entities.rename(algeria.id, HOSTILE_NAME, null);
        await app.purgePages([cacheTags.entity(algeria.id)]);
        const renamed = await store.entities.get(algeria.id);
        assert.ok(renamed);
        const page = await app.inject(entityPath(renamed));
        assert.equal(page.statusCode, 200);
        const article = (await app.inject(seedPath)).body;
        const search = (await app.inject(`/search?q=${encodeURIComponent('الجزائر')}`)).body;
        for (const html of [page.body, article, search]) {
          assert.ok(!html.includes('<script>alert'), 'no script element from the name');
          assert.ok(!html.includes('<b>الجزائر</b>'));
          assert.ok(html.includes('&lt;script>alert(&quot;غد&quot;)&lt;/script> &amp; &lt;b>الجزائر&lt;/b>'));
        }
        assert.equal(
          (jsonLd(page.body)[0]!.mainEntity as Json).name,
          HOSTILE_NAME,
          'the JSON-LD carries the name as text',
        );
        const feed = checkRss((await app.inject(`${entityPath(renamed)}/feed.xml`)).body);
        assert.equal(child(feed, 'title').text, `${HOSTILE_NAME} — الغد 24`);
      });
    });
  });
}
