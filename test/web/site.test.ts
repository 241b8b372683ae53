import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { calendarDay } from '../../src/arabic/dates.ts';
import { importDemo } from '../../src/import/demo.ts';
import { DEMO_STORIES, importDemoStories } from '../../src/import/demo-stories.ts';
import { importJsonl } from '../../src/import/jsonl.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { storySlug } from '../../src/stories/story.ts';
import { buildApp } from '../../src/web/app.ts';
import { tagsForChanges } from '../../src/web/cache-tags.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

const SEED_HEADLINE = 'المغرب وإسرائيل يوقعان على اتفاق كبير في مجال التعاون العسكري والأمني والاستخباراتي';
const enc = encodeURIComponent;
const ZONE = 'Africa/Casablanca';

let dataDir: string;
let store: Store;
let app: FastifyInstance;
let seedPath: string;

/** The JSON-LD objects of a page. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1] as string),
  );
}

before(async () => {
  dataDir = temporaryDataDir();
  store = await openStore({ dataDir });
  await importDemo(store);
  app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 20 });
  await app.ready();
  const redirect = await app.inject('/article/1');
  seedPath = String(redirect.headers.location);
});

after(async () => {
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('home page', () => {
  it('shows the masthead, the seed article as top story, the latest news and every section', async () => {
    const response = await app.inject('/');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /text\/html; charset=utf-8/);
    const html = response.body;
    assert.match(html, /^<!doctype html><html lang="ar" dir="rtl">/);
    assert.match(html, /<a class="masthead__name"[^>]*>الغد<span> 24<\/span><\/a>/);
    assert.match(html, /خبر الغد تقرأه اليوم/);
    const topStory = /<article class="top-story"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
    assert.ok(topStory.includes(SEED_HEADLINE), 'the seed article is the top story');
    assert.ok(topStory.includes(`href="${seedPath}"`));
    assert.match(html, /آخر الأخبار/);
    for (const name of ['وطنية', 'دولية', 'سياسة', 'اقتصاد', 'مجتمع', 'رياضة', 'ثقافة', 'تكنولوجيا', 'متفرقات']) {
      assert.ok(html.includes(`<h2 class="section-title" id="section-`) && html.includes(`>${name}</a>`), name);
    }
  });

  it('puts the top story’s dek under its headline, or the first lines of its body when it has none', async () => {
    const seed = (await store.articles.findById(1, { publishedOnly: true }))!;
    const lede = (html: string) =>
      /<p class="lede">([^<]*)<\/p>/.exec(/<article class="top-story"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '')?.[1];
    const uncached = await buildApp({ config: testConfig({ dataDir, pageCache: false }), store });
    try {
      assert.equal(seed.dek, null, 'the seed article has no dek');
      const opening = lede((await uncached.inject('/')).body) ?? '';
      assert.ok(opening.length > 100, opening);
      assert.ok(seed.bodyText.startsWith(opening.replace(/…$/, '').trim()), opening);
      const dek = 'اتفاق يشمل التعاون الاستخباراتي وصفقات التسلح';
      await store.db.updateTable('articles').set({ dek }).where('id', '=', 1).execute();
      assert.equal(lede((await uncached.inject('/')).body), dek);
    } finally {
      await store.db.updateTable('articles').set({ dek: null }).where('id', '=', 1).execute();
      await uncached.close();
    }
  });

  it('shows each story once', async () => {
    const html = (await app.inject('/')).body;
    const links = [...html.matchAll(/<h[23] class="headline"[^>]*><a href="(\/article\/\d+)\//g)].map((m) => m[1]);
    assert.ok(links.length > 40, `${links.length} stories`);
    assert.equal(new Set(links).size, links.length);
  });

  it('has a title, description, canonical and OpenGraph tags', async () => {
    const html = (await app.inject('/')).body;
    assert.match(html, /<title>الغد 24 — خبر الغد تقرأه اليوم<\/title>/);
    assert.match(html, /<meta name="description" content="[^"]+"/);
    assert.match(html, /<link rel="canonical" href="https:\/\/alghad24.test\/"/);
    assert.match(html, /<meta property="og:title" content="الغد 24"/);
    assert.match(html, /<meta property="og:url" content="https:\/\/alghad24.test\/"/);
  });
});

describe('article page', () => {
  it('answers at a URL with a stable id and a readable Arabic slug of whole words', () => {
    assert.equal(
      seedPath,
      `/article/1/${enc('المغرب-وإسرائيل-يوقعان-على-اتفاق-كبير-في-مجال-التعاون-العسكري-والأمني')}`,
    );
  });

  it('shows kicker, headline, byline, Moroccan and Hijri dates, dateline, body, tags and the section', async () => {
    const response = await app.inject(seedPath);
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /<span class="kicker">تعاون عسكري<\/span>/);
    assert.match(html, new RegExp(`<h1 class="headline">${SEED_HEADLINE}</h1>`));
    assert.match(html, /<a href="\/author\/[^"]+" rel="author">الغد 24<\/a>/);
    assert.match(html, /<time dateTime="2021-11-24T11:00:00.000Z">الأربعاء 24 نونبر 2021<\/time>/i);
    assert.match(html, /19 ربيع الآخر 1443 هـ/);
    assert.match(html, /<p><span class="dateline">الرباط — <\/span>تنفيذ لتعليمات الملك محمد السادس/);
    assert.match(html, /يوقع على الدفتر الذهبي للضريح/);
    assert.match(html, /rel="tag">بيني گانتز<\/a>/);
    assert.match(html, new RegExp(`<a href="/section/${enc('سياسة')}">سياسة</a>`));
    assert.match(html, /المزيد من سياسة/);
    assert.match(html, /<title>المغرب وإسرائيل[^<]*\| الغد 24<\/title>/);
    assert.match(html, /<meta property="og:type" content="article"/);
    assert.ok(html.includes(`<link rel="canonical" href="https://alghad24.test${seedPath}"`));
  });

  it('describes itself as a NewsArticle with every author, the language and the dateline', async () => {
    const [article, breadcrumb] = jsonLd((await app.inject(seedPath)).body);
    assert.equal(article?.['@type'], 'NewsArticle');
    assert.equal(article?.headline, SEED_HEADLINE);
    assert.equal(article?.inLanguage, 'ar');
    assert.equal(article?.datePublished, '2021-11-24T11:00:00.000Z');
    assert.deepEqual(article?.locationCreated, { '@type': 'Place', name: 'الرباط' });
    const authors = (article?.author ?? []) as { name: string; '@type': string }[];
    assert.deepEqual(
      authors.map((a) => [a['@type'], a.name]),
      [['Organization', 'الغد 24']],
    );
    assert.equal(breadcrumb?.['@type'], 'BreadcrumbList');
  });

  it('answers 301 to the canonical URL for a missing, wrong or old slug', async () => {
    for (const url of ['/article/1', '/article/1/', '/article/1/slug-qadim', `/article/1/${enc('المغرب')}`]) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 301, url);
      assert.equal(response.headers.location, seedPath, url);
    }
  });

  it('answers an Arabic 404 for ids that are not articles', async () => {
    for (const url of [
      '/article/abc',
      '/article/999999',
      '/article/0',
      '/article/-1',
      '/article/1e3',
      '/article/99999999999999999999',
    ]) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(response.body, /<h1>الصفحة غير موجودة<\/h1>/, url);
      assert.match(response.body, /<meta name="robots" content="noindex"/);
      // Its own title, not the home page's.
      assert.match(response.body, /<title>الصفحة غير موجودة \| الغد 24<\/title>/, url);
    }
    for (const url of ['/no-such-page', '/section/no-such-section']) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(response.body, /<title>الصفحة غير موجودة \| الغد 24<\/title>/, url);
    }
    assert.match((await app.inject('/')).body, /<title>الغد 24 — خبر الغد تقرأه اليوم<\/title>/);
  });
});

describe('section, tag, author and day pages', () => {
  it('lists a section newest first with pagination', async () => {
    const response = await app.inject(`/section/${enc('رياضة')}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1>رياضة<\/h1>/);
    assert.match(response.body, /\d+ مقالا — الصفحة 1 من \d+/);
    assert.equal((response.body.match(/<article class="card">/g) ?? []).length, 20);
    assert.ok(response.body.includes(`<link rel="next" href="https://alghad24.test/section/${enc('رياضة')}?page=2"`));
    const dates = [...response.body.matchAll(/<time dateTime="([^"]+)"/g)].map((m) => m[1] as string);
    assert.deepEqual([...dates].sort().reverse(), dates, 'newest first');
  });

  it('serves later pages, 404 past the last, 400 for malformed numbers, 301 for page=1', async () => {
    const second = await app.inject(`/section/${enc('رياضة')}?page=2`);
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /<span aria-current="page">2<\/span>/);
    assert.equal((await app.inject(`/section/${enc('رياضة')}?page=99999`)).statusCode, 404);
    for (const page of ['abc', '0', '-1', '1.5', '%3Cscript%3E', '9999999999']) {
      assert.equal((await app.inject(`/section/${enc('رياضة')}?page=${page}`)).statusCode, 400, page);
    }
    assert.equal((await app.inject(`/section/${enc('رياضة')}?page=1&page=2`)).statusCode, 400);
    // Parameters other than `page` are ignored, whatever they look like.
    assert.equal((await app.inject(`/section/${enc('رياضة')}?page[]=2`)).statusCode, 200);
    const first = await app.inject(`/section/${enc('رياضة')}?page=1`);
    assert.equal(first.statusCode, 301);
    assert.equal(first.headers.location, `/section/${enc('رياضة')}`);
  });

  it('answers 404 for an unknown section, tag or author', async () => {
    for (const url of ['/section/sport', `/tag/${enc('لا-يوجد')}`, '/author/nobody']) {
      assert.equal((await app.inject(url)).statusCode, 404, url);
    }
  });

  it('lists a tag and an author', async () => {
    const tag = await app.inject(`/tag/${enc('بيني-گانتز')}`);
    assert.equal(tag.statusCode, 200);
    assert.match(tag.body, /<h1>بيني گانتز<\/h1>/);
    assert.ok(tag.body.includes(SEED_HEADLINE));
    const author = await app.inject(`/author/${enc('الغد-24')}`);
    assert.equal(author.statusCode, 200);
    assert.ok(author.body.includes(SEED_HEADLINE));
    const outlet = await app.inject(`/author/${enc('جوهرة-أف-أم')}?page=3`);
    assert.equal(outlet.statusCode, 200);
    assert.match(outlet.body, /الصفحة 3 من \d{3}/);
  });

  it('lists the articles of a day in Moroccan time', async () => {
    const day = await app.inject('/archive/2021/11/24');
    assert.equal(day.statusCode, 200);
    assert.match(day.body, /<h1>أرشيف الأربعاء 24 نونبر 2021<\/h1>/);
    assert.ok(day.body.includes(SEED_HEADLINE));
    // The seed's day is the last with articles: back to the one before it that has some, no way forward.
    assert.ok(day.body.includes('<a href="/archive/2017/06/20">→ الثلاثاء 20 يونيو 2017</a>'));
    assert.ok(!day.body.includes('href="/archive/2021/11/23"'), 'not the empty day before');
    assert.ok(!day.body.includes('href="/archive/2021/11/25"'), 'not the empty day after');
    assert.match(
      (await app.inject(seedPath)).body,
      /<a href="\/archive\/2021\/11\/24"><time/i,
      'the date links to its day',
    );
    const busyDay = await app.inject('/archive/2017/01/20');
    assert.equal(busyDay.statusCode, 200);
    assert.match(busyDay.body, /<article class="card">/);
  });

  it('links a day to the nearest days that have articles, never to an empty day or to a day to come', async () => {
    // The calendar days (Casablanca) that have published articles, in order.
    const rows = await store.db
      .selectFrom('articles')
      .select('published_at')
      .where('status', '=', 'published')
      .where('published_at', 'is not', null)
      .execute();
    const key = (d: { year: number; month: number; day: number }) =>
      `${d.year}/${String(d.month).padStart(2, '0')}/${String(d.day).padStart(2, '0')}`;
    const days = [
      ...new Set(rows.map((r) => key(calendarDay(new Date(r.published_at as string | number | Date), ZONE)))),
    ].sort();
    const archiveLinks = (html: string) =>
      [...html.matchAll(/<nav aria-label="أيام أخرى">([\s\S]*?)<\/nav>/g)]
        .flatMap((m) => [...m[1]!.matchAll(/href="\/archive\/([^"]+)"/g)])
        .map((m) => m[1]!);
    // A day whose calendar neighbours have no article: its links jump over the empty days.
    const lonely = days.findIndex((d, i) => {
      if (i === 0 || i === days.length - 1) return false;
      const [y, m, dd] = d.split('/').map(Number) as [number, number, number];
      const before = key(calendarDay(new Date(Date.UTC(y, m - 1, dd - 1, 12)), 'UTC'));
      return days[i - 1] !== before;
    });
    assert.ok(lonely > 0, 'the demo has a day after an empty one');
    const page = await app.inject(`/archive/${days[lonely]}`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(archiveLinks(page.body), [days[lonely - 1], days[lonely + 1]]);
    // The last day with articles has no later day to go to, and an empty day to come only a way back.
    const last = await app.inject(`/archive/${days.at(-1)}`);
    assert.deepEqual(archiveLinks(last.body), [days.at(-2)]);
    const future = await app.inject('/archive/2099/01/01');
    assert.equal(future.statusCode, 200);
    assert.deepEqual(archiveLinks(future.body), [days.at(-1)]);
  });

  it('redirects unpadded days and refuses impossible ones', async () => {
    const unpadded = await app.inject('/archive/2021/11/4');
    assert.equal(unpadded.statusCode, 301);
    assert.equal(unpadded.headers.location, '/archive/2021/11/04');
    for (const url of [
      '/archive/2021/02/30',
      '/archive/2021/13/01',
      '/archive/99999/01/01',
      '/archive/0000/01/01',
      '/archive/abcd/01/01',
    ]) {
      assert.equal((await app.inject(url)).statusCode, 404, url);
    }
  });
});

describe("the demo newspaper's stories («ملفات»)", () => {
  it("opens «ملحمة بن قردان» and «أولمبياد ريو 2016» with every article chosen, the editors' first ones first", async () => {
    for (const demo of DEMO_STORIES) {
      const story = await store.stories.bySlug(storySlug(demo.title));
      assert.ok(story, demo.title);
      const members = await store.stories.members(story.id);
      assert.equal(members.length, demo.articles.length, `${demo.title}: every article is in the demo`);
      const firstIds = await Promise.all(demo.first.map((id) => store.articles.findIdByExternalId(id)));
      assert.deepEqual(await store.stories.handOrderedPublishedIds(story.id), firstIds);
    }
    const path = `/story/${encodeURIComponent('ملحمة-بن-قردان')}`;
    const page = await app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>ملحمة بن قردان<\/h1>/);
    const listed = [...page.body.matchAll(/<h2 class="headline"><a href="\/article\/(\d+)\//g)].map((m) =>
      Number(m[1]),
    );
    const lead = await store.articles.findIdByExternalId('JA-localNews-268-07032016');
    assert.equal(listed[0], lead, 'the first report leads, as the editors ordered');
    // The article's page links to its story, in the page and in its JSON-LD.
    const article = await app.inject(String((await app.inject(`/article/${lead}`)).headers.location));
    assert.ok(article.body.includes(`ملف: <a href="${path}"><bdi>ملحمة بن قردان</bdi></a>`));
    const news = jsonLd(article.body).find((block) => block['@type'] === 'NewsArticle');
    assert.ok(news, 'the article has its NewsArticle');
    assert.equal((news.isPartOf as { name: string }).name, 'ملحمة بن قردان');
    // A second demo import opens nothing again.
    assert.equal(await importDemoStories(store), 0);
  });
});

describe('hostile requests', () => {
  it('never answers 500 to malformed or over-long URLs', async () => {
    const urls = [
      '/section/%E0%A4%A',
      '/article/1/%',
      `/article/1/${'ا'.repeat(5000)}`,
      `/${'x'.repeat(10_000)}`,
      '/archive/2021/11/24/extra',
      '/?page=%00',
      '/..%2f..%2fetc%2fpasswd',
      '/assets/..%2f..%2fpackage.json',
    ];
    for (const url of urls) {
      const response = await app.inject(url);
      assert.ok([301, 400, 404].includes(response.statusCode), `${url} → ${response.statusCode}`);
      assert.match(response.body.slice(0, 200), /lang="ar"|^$/, url);
    }
  });

  it('ignores unknown query parameters without reflecting them', async () => {
    const response = await app.inject('/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&utm_source=x');
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('<script>alert(1)'));
  });
});

describe('page cache in front of the site', () => {
  it('serves the second request from memory and 304 on If-None-Match', async () => {
    const path = `/section/${enc('ثقافة')}`;
    const first = await app.inject(path);
    const second = await app.inject(path);
    assert.equal(first.headers['x-ghad-cache'], 'miss');
    assert.equal(second.headers['x-ghad-cache'], 'hit');
    assert.match(String(second.headers['cache-control']), /s-maxage=/);
    const notModified = await app.inject({ url: path, headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(notModified.statusCode, 304);
  });

  it('refreshes the pages an import changed, and only those', async () => {
    const article = await app.inject(seedPath);
    assert.equal(article.headers['x-ghad-cache'] === 'miss' || article.headers['x-ghad-cache'] === 'hit', true);
    const sport = `/section/${enc('رياضة')}`;
    await app.inject(sport);
    assert.equal((await app.inject(sport)).headers['x-ghad-cache'], 'hit');
    const culture = `/section/${enc('ثقافة')}`;
    await app.inject(culture);
    await app.inject('/');

    // A wire update of a sport story, imported from another process's point of view: the
    // import records its purge in the database, and the server's poller applies it.
    const [sportStory] = await store.articles.listPublishedPage({
      sectionId: (await store.taxonomy.sectionBySlug('رياضة'))!.id,
      limit: 1,
    });
    assert.ok(sportStory);
    const record = await store.db
      .selectFrom('articles')
      .select(['external_id', 'body_text', 'published_at'])
      .where('id', '=', sportStory.id)
      .executeTakeFirstOrThrow();
    const file = path.join(dataDir, 'update.jsonl');
    const published = new Date(record.published_at as string).toISOString();
    fs.writeFileSync(
      file,
      `${JSON.stringify({ id: record.external_id, source: 'Jawhara FM', category: 'sport', title: 'عنوان مصحح بعد التحديث', time: published, text: record.body_text })}\n`,
    );
    const summary = await importJsonl(store, file, { timeZone: 'Africa/Tunis' });
    assert.equal(summary.updated, 1);
    await store.cacheInvalidations.record(tagsForChanges(summary.changes, 'Africa/Casablanca'));
    // What the server's next look at the recorded purges (every 20 ms) does, done now rather than waited for.
    await app.applyRecordedPurges();

    const refreshed = await app.inject(sport);
    assert.equal(refreshed.headers['x-ghad-cache'], 'miss');
    assert.ok(refreshed.body.includes('عنوان مصحح بعد التحديث'));
    assert.ok((await app.inject('/')).body.includes('عنوان مصحح بعد التحديث'));
    assert.equal((await app.inject(culture)).headers['x-ghad-cache'], 'hit', 'other sections stay cached');
  });
});

describe('assets', () => {
  it('serves the stylesheet and the self-hosted fonts with a year-long immutable cache', async () => {
    const html = (await app.inject('/')).body;
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    assert.match(String(stylesheet), /^\/assets\/site\.[0-9a-f]{10}\.css$/);
    const css = await app.inject(String(stylesheet));
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['cache-control']), /immutable/);
    assert.match(css.body, /margin-inline|padding-inline|inset-inline/);
    assert.doesNotMatch(css.body, /(margin|padding)-(left|right)\b|\bfloat:\s*(left|right)/, 'logical properties only');
    for (const font of css.body.matchAll(/url\("([^"]+\.woff2)"\)/g)) {
      const response = await app.inject(font[1] as string);
      assert.equal(response.statusCode, 200, font[1]);
      assert.equal(response.headers['content-type'], 'font/woff2');
    }
    assert.equal((await app.inject('/favicon.ico')).statusCode, 301);
    assert.equal((await app.inject('/assets/favicon.svg')).statusCode, 200);
    assert.equal((await app.inject('/assets/site.0000000000.css')).statusCode, 404);
  });
});
