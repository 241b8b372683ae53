import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { giveFeaturedImage, importSampleNewspaper } from '../helpers/sample-newspaper.ts';

type Json = Record<string, unknown>;
const SITE = 'https://alghad24.test';
const HOSTILE_HEADLINE = 'خبر </script><script>alert("غد")</script> & <b>';

/**
 * What schema.org and Google's structured-data documentation ask of each type a page
 * describes: `required` must be present, `recommended` too (a news site has them all).
 * Paths go into nested objects and arrays (author.name: every author has a name).
 */
const EXPECTED: Record<string, { required: string[]; recommended: string[] }> = {
  NewsArticle: {
    required: ['headline', 'datePublished', 'author', 'author.name', 'publisher', 'publisher.name'],
    recommended: [
      'author.url',
      'dateModified',
      'image',
      'image.url',
      'mainEntityOfPage',
      'inLanguage',
      'description',
      'publisher.logo',
      'publisher.logo.url',
      'articleSection',
    ],
  },
  BreadcrumbList: {
    required: ['itemListElement', 'itemListElement.position', 'itemListElement.name', 'itemListElement.item'],
    recommended: [],
  },
  WebSite: {
    required: ['name', 'url'],
    recommended: ['inLanguage', 'potentialAction', 'potentialAction.target', 'potentialAction.query-input'],
  },
  NewsMediaOrganization: { required: ['name', 'url'], recommended: ['logo', 'logo.url'] },
  ProfilePage: {
    required: ['mainEntity', 'mainEntity.name'],
    recommended: ['url', 'inLanguage', 'mainEntity.url'],
  },
};

/** Values at a dotted path; arrays are walked, so `author.name` gives each author's name. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (path.length === 0) return [value];
  if (typeof value !== 'object' || value === null) return [undefined];
  return valuesAt((value as Json)[path[0]!], path.slice(1));
}

/** Checks one JSON-LD object against the table above; returns its type. */
function validate(data: Json): string {
  assert.equal(data['@context'], 'https://schema.org');
  const type = String(data['@type']);
  const expected = EXPECTED[type];
  assert.ok(expected, `a known type: ${type}`);
  for (const path of [...expected.required, ...expected.recommended]) {
    const values = valuesAt(data, path.split('.'));
    assert.ok(values.length > 0, `${type}.${path}`);
    for (const v of values) {
      assert.ok(v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0), `${type}.${path}`);
    }
  }
  for (const path of [
    'url',
    'mainEntityOfPage.@id',
    'image.url',
    'author.url',
    'publisher.logo.url',
    'about.url',
    'mentions.url',
    'mainEntity.url',
  ]) {
    for (const v of valuesAt(data, path.split('.'))) {
      if (typeof v === 'string') assert.ok(v.startsWith(`${SITE}/`), `${type}.${path} is absolute: ${v}`);
    }
  }
  for (const path of ['datePublished', 'dateModified']) {
    for (const v of valuesAt(data, [path])) {
      if (v !== undefined) assert.match(String(v), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
  }
  return type;
}

function jsonLd(html: string): Json[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1] as string),
  );
}

/** The page's <meta property|name content> pairs, entities decoded; repeated ones keep every value. */
function metaTags(html: string): Map<string, string[]> {
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  const tags = new Map<string, string[]>();
  for (const [, , key, content] of html.matchAll(/<meta (property|name)="([^"]+)" content="([^"]*)"\/?>/g)) {
    tags.set(key!, [...(tags.get(key!) ?? []), decode(content!)]);
  }
  return tags;
}

for (const dialect of DIALECTS) {
  describe(`structured data and link previews (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let ids: number[];
    let hostileId: number;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      ids = await importSampleNewspaper(store);
      await giveFeaturedImage(store, ids[0]!, {
        path: '2026/11/mokhrij.jpg',
        alt: 'المخرج لطفي عاشور',
        bytes: 48_213,
        width: 1200,
        height: 800,
      });
      hostileId = (
        await store.articles.upsertByExternalId({
          externalId: 'hostile-ld',
          headline: HOSTILE_HEADLINE,
          body: [
            { type: 'paragraph', text: 'نص الخبر.' },
            { type: 'image', src: '/media/2026/11/saha.jpg', alt: 'الساحة', caption: 'ساحة محمد الخامس' },
            { type: 'image', src: 'javascript:alert(1)', alt: 'ليست صورة' },
          ],
          status: 'published',
          sectionSlug: 'وطنية',
          publishedAt: new Date('2026-11-20T10:00:00Z'),
          dateline: 'الدار البيضاء',
          bylines: [
            { name: 'سلمى بنعلي', kind: 'person' },
            { name: 'و.م.ع', kind: 'organization' },
          ],
          tags: ['الدار البيضاء'],
        })
      ).id;
      app = await buildApp({ config: testConfig({ dataDir: database.options.dataDir }), store, invalidationPollMs: 0 });
      await app.ready();
    });

    after(async () => {
      await app.close();
      await store.close();
      await cleanup();
    });

    const articleHtml = async (id: number) => {
      const redirect = await app.inject(`/article/${id}`);
      return (await app.inject(String(redirect.headers.location))).body;
    };

    it('describes an article as a NewsArticle with every author, its images, dates and the publisher with a logo', async () => {
      const html = await articleHtml(hostileId);
      const [article, breadcrumb] = jsonLd(html);
      assert.equal(validate(article!), 'NewsArticle');
      assert.equal(validate(breadcrumb!), 'BreadcrumbList');
      assert.equal(article!.headline, HOSTILE_HEADLINE);
      assert.equal(article!.inLanguage, 'ar');
      assert.equal(article!.datePublished, '2026-11-20T10:00:00.000Z');
      assert.deepEqual(article!.locationCreated, { '@type': 'Place', name: 'الدار البيضاء' });
      assert.deepEqual(
        (article!.author as Json[]).map((a) => [a['@type'], a.name]),
        [
          ['Person', 'سلمى بنعلي'],
          ['Organization', 'و.م.ع'],
        ],
      );
      assert.deepEqual(article!.image, [
        { '@type': 'ImageObject', url: `${SITE}/media/2026/11/saha.jpg`, caption: 'ساحة محمد الخامس' },
      ]);
      const publisher = article!.publisher as Json;
      assert.equal(publisher['@type'], 'NewsMediaOrganization');
      assert.equal(publisher.name, 'الغد 24');
      const logo = await app.inject(String((publisher.logo as Json).url).slice(SITE.length));
      assert.equal(logo.statusCode, 200);
      assert.equal(logo.headers['content-type'], 'image/png');
      assert.equal(logo.rawPayload.readUInt32BE(16), 512, 'a logo of at least 112 px, as Google asks');
      // The headline cannot close the script element that carries it.
      assert.ok(!html.includes('</script><script>alert'));
      assert.equal((breadcrumb!.itemListElement as Json[])[2]!.name, HOSTILE_HEADLINE);
    });

    it('names the stories («ملفات») an article is part of as CreativeWorkSeries, and counts its comments', async () => {
      const editor = { id: null, role: 'editor' as const };
      const plain = jsonLd(await articleHtml(ids[1]!))[0]!;
      assert.equal(plain.isPartOf, undefined, 'in no story: no isPartOf');
      assert.equal(plain.commentCount, 0);
      assert.equal(plain.comment, undefined);

      const story = await store.stories.create(editor, {
        title: 'الدار البيضاء الكبرى',
        description: 'أخبار العاصمة الاقتصادية ومشاريعها.',
      });
      await store.stories.addArticle(editor, story.id, hostileId);
      // The purge the job loop makes of the outbox's message (none runs here).
      app.pageCache.purge([`article:${hostileId}`]);
      const one = jsonLd(await articleHtml(hostileId))[0]!;
      assert.equal(validate(one), 'NewsArticle');
      assert.deepEqual(one.isPartOf, {
        '@type': 'CreativeWorkSeries',
        name: 'الدار البيضاء الكبرى',
        url: `${SITE}/story/${encodeURIComponent('الدار-البيضاء-الكبرى')}`,
        description: 'أخبار العاصمة الاقتصادية ومشاريعها.',
        inLanguage: 'ar',
      });
      const second = await store.stories.create(editor, { title: 'انتخابات 2026', description: '' });
      await store.stories.addArticle(editor, second.id, hostileId);
      // A comment that tries to close the script element stays inside it, as text.
      await store.comments.setMode(editor, hostileId, 'post');
      const hostile = await store.comments.submit({
        articleId: hostileId,
        name: 'قارئ </script>',
        email: '',
        body: 'تعليق </script><script>alert("تعليق")</script>',
        addressHash: 'f'.repeat(40),
      });
      await store.comments.decide(editor, [hostile.id], 'approve');
      app.pageCache.purge([`article:${hostileId}`]);
      const html = await articleHtml(hostileId);
      assert.ok(!html.includes('</script><script>alert("تعليق")'));
      const two = jsonLd(html)[0]!;
      assert.deepEqual(
        (two.isPartOf as Json[]).map((s) => [s['@type'], s.name]),
        [
          ['CreativeWorkSeries', 'الدار البيضاء الكبرى'],
          ['CreativeWorkSeries', 'انتخابات 2026'],
        ],
      );
      assert.equal(two.commentCount, 1);
      const [comment] = two.comment as Json[];
      assert.equal(comment!['@type'], 'Comment');
      assert.equal(comment!.text, 'تعليق </script><script>alert("تعليق")</script>');
      assert.deepEqual(comment!.author, { '@type': 'Person', name: 'قارئ </script>' });
      assert.equal(comment!.url, `${two.url}#comment-${hostile.id}`);
    });

    it('names the people, organisations and places of an article, each with its page: a ProfilePage', async () => {
      const [article] = jsonLd(await articleHtml(ids[0]!));
      validate(article!);
      const named = [...((article!.about as Json[] | undefined) ?? []), ...((article!.mentions as Json[]) ?? [])];
      assert.ok(named.length > 0, 'the story names someone or somewhere');
      for (const entity of named) {
        assert.ok(['Person', 'Organization', 'Place'].includes(String(entity['@type'])));
        assert.ok(String(entity.name).length > 0);
        for (const alternate of (entity.alternateName as string[] | undefined) ?? []) {
          assert.notEqual(alternate, entity.name);
        }
      }
      const page = await app.inject(String(named[0]!.url).slice(SITE.length));
      assert.equal(page.statusCode, 200);
      const [profile, breadcrumb] = jsonLd(page.body);
      assert.deepEqual([validate(profile!), validate(breadcrumb!)], ['ProfilePage', 'BreadcrumbList']);
      assert.deepEqual(profile!.mainEntity, named[0]);
    });

    it('gives the featured image with its size as the first image', async () => {
      const [article] = jsonLd(await articleHtml(ids[0]!));
      validate(article!);
      const [image] = article!.image as Json[];
      assert.equal(image!.url, `${SITE}/media/2026/11/mokhrij.jpg`);
      assert.deepEqual(image!.width, { '@type': 'QuantitativeValue', value: 1200, unitCode: 'E37' });
    });

    it('describes the home page as a WebSite whose SearchAction leads to the search page', async () => {
      const data = jsonLd((await app.inject('/')).body);
      assert.deepEqual(data.map(validate), ['WebSite', 'NewsMediaOrganization']);
      const action = data[0]!.potentialAction as Json;
      assert.equal(action['@type'], 'SearchAction');
      assert.equal(action['query-input'], 'required name=search_term_string');
      const template = String((action.target as Json).urlTemplate);
      assert.equal(template, `${SITE}/search?q={search_term_string}`);
      const search = await app.inject(
        template.slice(SITE.length).replace('{search_term_string}', encodeURIComponent('مهرجان')),
      );
      assert.equal(search.statusCode, 200);
      assert.match(search.body, /مهرجان/);
    });

    it('has complete OpenGraph and Twitter tags on an article with an image', async () => {
      const html = await articleHtml(ids[0]!);
      const meta = metaTags(html);
      const one = (key: string) => {
        const values = meta.get(key);
        assert.equal(values?.length, 1, key);
        return values![0]!;
      };
      for (const key of ['og:title', 'og:description', 'og:site_name', 'twitter:title', 'twitter:description']) {
        assert.ok(one(key).length > 0, key);
      }
      assert.equal(one('og:type'), 'article');
      assert.equal(one('og:locale'), 'ar_MA');
      assert.match(one('og:url'), new RegExp(`^${SITE}/article/${ids[0]}/`));
      assert.equal(one('og:image'), `${SITE}/media/2026/11/mokhrij.jpg`);
      assert.equal(one('og:image:width'), '1200');
      assert.equal(one('og:image:height'), '800');
      assert.equal(one('og:image:alt'), 'المخرج لطفي عاشور');
      assert.equal(one('twitter:card'), 'summary_large_image');
      assert.equal(one('twitter:image'), `${SITE}/media/2026/11/mokhrij.jpg`);
      assert.equal(one('twitter:image:alt'), 'المخرج لطفي عاشور');
      assert.match(one('article:published_time'), /^\d{4}-\d{2}-\d{2}T/);
      assert.match(one('article:modified_time'), /^\d{4}-\d{2}-\d{2}T/);
      assert.equal(one('article:section'), 'ثقافة');
      assert.deepEqual(meta.get('article:author'), [`${SITE}/author/${encodeURIComponent('جوهرة-أف-أم')}`]);
    });

    it('lists every tag and author in the article namespace, and previews a page without a photo with the brand image', async () => {
      const meta = metaTags(await articleHtml(hostileId));
      assert.deepEqual(meta.get('og:title'), [HOSTILE_HEADLINE]);
      assert.deepEqual(meta.get('article:tag'), ['الدار البيضاء']);
      assert.equal(meta.get('article:author')?.length, 2);
      for (const html of [
        await articleHtml(hostileId),
        (await app.inject(`/section/${encodeURIComponent('ثقافة')}`)).body,
      ]) {
        const tags = metaTags(html);
        const image = tags.get('og:image')?.[0] ?? '';
        assert.match(image, /^https:\/\/alghad24\.test\/assets\/share-image\.[0-9a-f]{10}\.png$/);
        assert.deepEqual(tags.get('og:image:width'), ['1200']);
        assert.deepEqual(tags.get('og:image:height'), ['630']);
        assert.deepEqual(tags.get('og:image:alt'), ['الغد 24']);
        assert.deepEqual(tags.get('twitter:image'), [image]);
        assert.deepEqual(tags.get('twitter:card'), ['summary_large_image']);
        const response = await app.inject(image.slice(SITE.length));
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['content-type'], 'image/png');
        assert.equal(response.rawPayload.subarray(1, 4).toString(), 'PNG');
        assert.equal(response.rawPayload.readUInt32BE(16), 1200, 'the width the tags announce');
        assert.equal(response.rawPayload.readUInt32BE(20), 630);
      }
    });
  });
}
