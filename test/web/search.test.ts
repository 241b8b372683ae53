import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { importDemo } from '../../src/import/demo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

const SEED_HEADLINE = 'المغرب وإسرائيل يوقعان على اتفاق كبير في مجال التعاون العسكري والأمني والاستخباراتي';
const enc = encodeURIComponent;

let dataDir: string;
let store: Store;
let app: FastifyInstance;

interface ApiResult {
  id: number;
  externalId: string | null;
  title: string;
  url: string;
  publishedAt: string | null;
  snippet: string;
  highlights: { start: number; end: number }[];
}

async function api(query: string): Promise<{
  status: number;
  body: {
    results: ApiResult[];
    total: number;
    didYouMean?: string;
    error?: { code: string; message: string; messageAr: string };
  };
}> {
  const response = await app.inject(`/api/v1/search?${query}`);
  return { status: response.statusCode, body: response.json() };
}

before(async () => {
  dataDir = temporaryDataDir();
  store = await openStore({ dataDir });
  await importDemo(store);
  app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0 });
  await app.ready();
});

after(async () => {
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('search API', () => {
  it('answers with results and a total in the documented shape', async () => {
    const { status, body } = await api(`q=${enc('التعاون العسكري')}&limit=5`);
    assert.equal(status, 200);
    assert.ok(body.total > 0);
    assert.ok(body.results.length <= 5);
    const [first] = body.results;
    assert.ok(first);
    assert.deepEqual(Object.keys(first).sort(), [
      'externalId',
      'highlights',
      'id',
      'match',
      'publishedAt',
      'snippet',
      'title',
      'url',
    ]);
    assert.match(first.url, /^https:\/\/alghad24\.test\/article\/\d+\//);
  });

  it('finds the seed article by the other spelling of its name: گانتز and جانتس', async () => {
    for (const q of ['گانتز', 'جانتس', 'غانتس']) {
      const { body } = await api(`q=${enc(q)}`);
      assert.ok(
        body.results.some((r) => r.title === SEED_HEADLINE),
        `${q}: ${body.results.map((r) => r.title).join(' | ')}`,
      );
    }
  });

  it('ranks a pasted, vowelled headline first', async () => {
    const { body } = await api(`q=${enc('المَغْرِب وإسْرائيل يُوَقِّعان على اتّفاق كبير')}`);
    assert.equal(body.results[0]?.title, SEED_HEADLINE);
  });

  it('highlights the matches in a snippet of the original text', async () => {
    const { body } = await api(`q=${enc('جانتس')}&limit=50`);
    const seed = body.results.find((r) => r.title === SEED_HEADLINE);
    assert.ok(seed);
    const marked = seed.highlights.map(({ start, end }) => seed.snippet.slice(start, end));
    assert.ok(
      marked.some((word) => /جانتس|گانتز/.test(word)),
      marked.join(','),
    );
  });

  it('filters by section and dates', async () => {
    const sport = await api(`q=${enc('الترجي')}&section=${enc('رياضة')}&limit=50`);
    assert.ok(sport.body.total > 0);
    const all = await api(`q=${enc('الترجي')}&limit=50`);
    assert.ok(all.body.total >= sport.body.total);
    const dated = await api(`q=${enc('الترجي')}&from=2017-01-01&to=2017-01-31&limit=50`);
    assert.ok(
      dated.body.results.every((r) => r.publishedAt && r.publishedAt >= '2016-12-31' && r.publishedAt < '2017-02-01'),
    );
  });

  it('refuses bad parameters with a stable code and Arabic and English messages', async () => {
    const cases: [string, string][] = [
      [`q=${enc('تونس')}&section=sport`, 'unknown_section'],
      [`q=${enc('تونس')}&from=2017-02-30`, 'bad_date'],
      [`q=${enc('تونس')}&from=2018-01-01&to=2017-01-01`, 'bad_date_range'],
      [`q=${enc('تونس')}&limit=0`, 'bad_parameter'],
      [`q=${enc('تونس')}&limit=abc`, 'bad_parameter'],
      [`q=${'ا'.repeat(10_000)}`, 'query_too_long'],
      ['q=', 'empty_query'],
      [`q=a&q=b`, 'bad_parameter'],
    ];
    for (const [query, code] of cases) {
      const { status, body } = await api(query);
      assert.equal(status, 400, query.slice(0, 60));
      assert.equal(body.error?.code, code, query.slice(0, 60));
      assert.ok(body.error?.message && body.error.messageAr);
    }
  });

  it('treats search syntax and SQL as text, never as an error', async () => {
    for (const q of ['"', '*', 'NEAR(', 'OR OR', '-', '"تونس', "'; drop table articles; --", 'a* OR b', '(((', '؟!،']) {
      const { status } = await api(`q=${enc(q)}`);
      assert.equal(status, 200, q);
    }
    assert.ok((await store.articles.countAll()) > 12_000, 'nothing was dropped');
  });

  it('suggests headlines while the reader types', async () => {
    const response = await app.inject(`/api/v1/search/suggest?q=${enc('المغرب وإسرا')}`);
    assert.equal(response.statusCode, 200);
    const { suggestions } = response.json() as { suggestions: { title: string; url: string }[] };
    assert.ok(
      suggestions.some((s) => s.title === SEED_HEADLINE),
      suggestions.map((s) => s.title).join(' | '),
    );
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await app.inject('/api/v1/nothing');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'not_found');
  });
});

describe('search page', () => {
  it('shows the form, the count, highlighted results and facets', async () => {
    const response = await app.inject(`/search?q=${enc('جانتس')}`);
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /<input id="search-q" type="search" name="q" value="جانتس"/);
    assert.match(html, /(نتيجة واحدة|نتيجتان|\d+ نتائج|\d+ نتيجة) لـ «<bdi>جانتس<\/bdi>»/);
    assert.match(html, /<mark>[^<]*(جانتس|گانتز)[^<]*<\/mark>/);
    assert.match(html, /حسب القسم/);
    assert.match(html, /<meta name="robots" content="noindex"/);
    assert.match(html, /<script type="module" src="\/assets\/search-suggest\.[0-9a-f]{10}\.js">/);
  });

  it('shows the empty form for an empty query, and a clear message for a bad one', async () => {
    const empty = await app.inject('/search');
    assert.equal(empty.statusCode, 200);
    assert.doesNotMatch(empty.body, /نتيجة|نتائج/);
    const bad = await app.inject(`/search?q=${enc('تونس')}&section=nowhere`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<p class="search-error" role="alert">لا يوجد قسم باسم «nowhere»\.<\/p>/);
    const longQuery = await app.inject(`/search?q=${'ب'.repeat(10_000)}`);
    assert.equal(longQuery.statusCode, 400);
    assert.match(longQuery.body, /نص البحث طويل جدا/);
  });

  it('escapes the query wherever it shows it', async () => {
    const response = await app.inject(`/search?q=${enc('<script>alert(1)</script>')}`);
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('<script>alert(1)'));
  });

  it('offers another spelling when a query finds nothing', async () => {
    const found = await api(`q=${enc('فايسبوك')}`);
    assert.ok(found.body.total > 0, 'the corpus writes فايسبوك');
    const none = await app.inject(`/search?q=${enc('جانتسس')}`);
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /لا نتائج|هل تقصد/);
  });

  it('says "more than 1,000" for a common word, and that the facets count the newest 1,000', async () => {
    const response = await app.inject(`/search?q=${enc('تونس')}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /أكثر من 1000 نتيجة/);
    assert.match(response.body, /حسب القسم<small> \(في أحدث 1000 نتيجة\)/);
    const { body } = await api(`q=${enc('تونس')}&limit=1`);
    assert.equal(body.total, 1000);
    assert.equal((body as { totalIsLowerBound?: boolean }).totalIsLowerBound, true);
    // A rarer word is counted exactly, and says nothing of the kind.
    const rare = await app.inject(`/search?q=${enc('گانتز')}`);
    assert.doesNotMatch(rare.body, /أكثر من|في أحدث/);
  });

  it('paginates', async () => {
    const first = await app.inject(`/search?q=${enc('تونس')}`);
    assert.match(first.body, /الصفحة 1 من \d+/);
    const second = await app.inject(`/search?q=${enc('تونس')}&page=2`);
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /<span aria-current="page">2<\/span>/);
    assert.equal((await app.inject(`/search?q=${enc('تونس')}&page=0`)).statusCode, 400);
  });

  it('limits how fast one client may search', async () => {
    const responses = [];
    for (let i = 0; i < 40; i++)
      responses.push(await app.inject({ url: `/api/v1/search?q=${enc('تونس')}`, remoteAddress: '10.9.9.9' }));
    const limited = responses.filter((r) => r.statusCode === 429);
    assert.ok(limited.length > 0, 'some requests were refused');
    assert.equal(limited[0]?.json().error.code, 'rate_limited');
    const other = await app.inject({ url: `/api/v1/search?q=${enc('تونس')}`, remoteAddress: '10.9.9.10' });
    assert.equal(other.statusCode, 200, 'another client is not affected');
  });
});
