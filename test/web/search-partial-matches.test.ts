/**
 * Partial matches as readers get them (search/partial-matches.ts): the search page lists them
 * below the full matches under «نتائج تطابق بعض الكلمات», with the word each one misses, and
 * the API marks them. A few stories written from real sentences, on SQLite; the contract suite
 * runs the engines' side on both databases.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { ArticleInput } from '../../src/content/article.ts';
import { paragraphsToBlocks } from '../../src/content/blocks.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { PARTIAL_RESULTS_HEADING } from '../../src/web/site/views/search-page.tsx';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

const enc = encodeURIComponent;

function story(externalId: string, headline: string, text: string, day: number): ArticleInput & { externalId: string } {
  return {
    externalId,
    status: 'published',
    sectionSlug: 'مجتمع',
    headline,
    publishedAt: new Date(Date.UTC(2017, 2, day, 10)),
    bylines: [{ name: 'غد', kind: 'organization' }],
    body: paragraphsToBlocks(text),
  };
}

const ARGAN = 'زيت الأركان يغزو الأسواق العالمية';
const MARKETS = 'الأسواق الأسبوعية في سوس';
const STORIES = [
  story('argan', ARGAN, 'تصدر تعاونيات نسائية في سوس زيت الأركان إلى أوروبا وآسيا.', 1),
  story('markets', MARKETS, 'تعرض الأسواق الأسبوعية منتجات الفلاحين من الخضر والفواكه.', 2),
  ...[3, 4, 5].map((day) =>
    story(`saffron-${day}`, 'موسم جني الزعفران في تالوين', 'بدأ الفلاحون في تالوين جني الزعفران مع الصباح.', day),
  ),
];
/** Four words, the last misspelled: الأسواق typed الأسواغ. */
const MISSPELLED = 'زيت الأركان يغزو الأسواغ';

interface ApiResult {
  id: number;
  title: string;
  match: 'all' | 'some';
  missing?: string[];
}
interface ApiBody {
  results: ApiResult[];
  total: number;
  partialTotal?: number;
}

let dataDir: string;
let store: Store;
let app: FastifyInstance;

async function api(query: string): Promise<ApiBody> {
  const response = await app.inject(`/api/v1/search?${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

before(async () => {
  dataDir = temporaryDataDir();
  store = await openStore({ dataDir });
  await store.articles.upsertManyByExternalId(STORIES);
  app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0 });
  await app.ready();
});

after(async () => {
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('partial matches on the search page', () => {
  it('a misspelled word: no full match, the article under «نتائج تطابق بعض الكلمات», with the word it misses', async () => {
    const response = await app.inject(`/search?q=${enc(MISSPELLED)}`);
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /لا نتائج تطابق كل الكلمات لـ «<bdi>زيت الأركان يغزو الأسواغ<\/bdi>»/);
    assert.match(html, /<h2 id="partial-results-heading">نتائج تطابق بعض الكلمات<\/h2>/);
    assert.ok(html.indexOf(PARTIAL_RESULTS_HEADING) < html.indexOf(ARGAN), 'the article is under the heading');
    assert.match(html, /ينقصها: <s><bdi>الأسواغ<\/bdi><\/s>/, 'the word as the reader typed it');
    assert.doesNotMatch(html, /جرّب كلمات أقل/);
  });

  it('full matches first, then the partial ones under the heading', async () => {
    const html = (await app.inject(`/search?q=${enc('الأركان الأسواق')}`)).body;
    const full = html.indexOf(ARGAN);
    const heading = html.indexOf(PARTIAL_RESULTS_HEADING);
    const partial = html.indexOf(MARKETS);
    assert.ok(full !== -1 && heading !== -1 && partial !== -1, 'all three are on the page');
    assert.ok(full < heading && heading < partial, `${full} < ${heading} < ${partial}`);
    assert.match(html, /نتيجة واحدة لـ/, 'the count is of the full matches');
  });

  it('no heading when three articles hold every word, nor for a one-word query', async () => {
    for (const q of ['الزعفران تالوين', 'الأسواغ', 'الأركان']) {
      const html = (await app.inject(`/search?q=${enc(q)}`)).body;
      assert.ok(!html.includes(PARTIAL_RESULTS_HEADING), q);
    }
  });
});

describe('partial matches in the API', () => {
  it('marks every result: all for full matches, some with the missing words for partial ones', async () => {
    const misspelled = await api(`q=${enc(MISSPELLED)}`);
    assert.equal(misspelled.total, 0);
    assert.equal(misspelled.partialTotal, misspelled.results.length);
    assert.deepEqual(
      misspelled.results.map((r) => [r.title, r.match, r.missing]),
      [[ARGAN, 'some', ['الأسواغ']]],
    );

    const mixed = await api(`q=${enc('الأركان الأسواق')}`);
    assert.equal(mixed.total, 1);
    assert.deepEqual(
      mixed.results.map((r) => r.match),
      ['all', ...Array(mixed.results.length - 1).fill('some')],
    );
    assert.equal(mixed.results[0]!.title, ARGAN);
    assert.equal(mixed.results[0]!.missing, undefined);
    assert.ok(mixed.results.some((r) => r.title === MARKETS && r.match === 'some'));
    assert.equal(mixed.partialTotal, mixed.results.length - 1);
  });

  it('offset and limit page through the full matches, then the partial ones', async () => {
    const whole = await api(`q=${enc('الأركان الأسواق')}`);
    const paged: ApiResult[] = [];
    for (let offset = 0; offset < whole.results.length; offset++) {
      const page = await api(`q=${enc('الأركان الأسواق')}&limit=1&offset=${offset}`);
      assert.equal(page.total, whole.total);
      assert.equal(page.partialTotal, whole.partialTotal);
      paged.push(...page.results);
    }
    assert.deepEqual(
      paged.map((r) => [r.id, r.match]),
      whole.results.map((r) => [r.id, r.match]),
    );
  });

  it('no partial matches when three articles hold every word', async () => {
    const body = await api(`q=${enc('الزعفران تالوين')}`);
    assert.equal(body.total, 3);
    assert.equal(body.partialTotal, undefined);
    assert.ok(body.results.every((r) => r.match === 'all'));
  });

  it('the OpenAPI document describes the marks', async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json();
    const schema = document.paths['/api/v1/search'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(schema.properties.results.items.properties.match.enum, ['all', 'some']);
    assert.equal(schema.properties.partialTotal.type, 'integer');
  });
});
