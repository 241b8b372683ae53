/**
 * Secondary sections on the reader site: an article of one section that an editor also lists
 * in وطنية shows on وطنية's page (named with its own section), in its feed and once on the
 * home page, and its own page says where else it is published.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { ALSO_IN_NATIONAL, publishCorpus } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

const NATIONAL = encodeURIComponent('وطنية');

let dataDir: string;
let store: Store;
let app: FastifyInstance;
/** Published articles also listed in وطنية, their own section being another. */
let secondary: { id: number; section: { slug: string; name: string } }[];

before(async () => {
  dataDir = temporaryDataDir();
  store = await openStore({ dataDir });
  const ids = await publishCorpus(store, 40);
  const candidates = ids.filter((_, n) => ALSO_IN_NATIONAL(n));
  secondary = [];
  for (const id of candidates) {
    const article = await store.articles.findById(id, { publishedOnly: true });
    if (article && article.section.slug !== 'وطنية') secondary.push({ id, section: article.section });
  }
  assert.ok(secondary.length >= 3, `${secondary.length} articles listed in وطنية as a secondary section`);
  app = await buildApp({ config: testConfig({ dataDir }), store });
  await app.ready();
});

after(async () => {
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The article cards of a list page: the article's id and the section named in its line, if any. */
function cards(html: string): { id: number; sectionLabel: string | undefined }[] {
  return [...html.matchAll(/<article class="card">([\s\S]*?)<\/article>/g)].map((m) => {
    const card = m[1] as string;
    return {
      id: Number(/href="\/article\/(\d+)\//.exec(card)?.[1]),
      sectionLabel: /<p class="meta"><a href="\/section\/[^"]*">([^<]+)<\/a>/.exec(card)?.[1],
    };
  });
}

describe('secondary sections on the reader site', () => {
  it('lists them on the section page, named with their own section; its own articles are not labelled', async () => {
    const response = await app.inject(`/section/${NATIONAL}`);
    assert.equal(response.statusCode, 200);
    const listed = cards(response.body);
    for (const { id, section } of secondary) {
      const card = listed.find((c) => c.id === id);
      assert.ok(card, `article ${id} is on وطنية's page`);
      assert.equal(card.sectionLabel, section.name);
    }
    const own = listed.filter((c) => !secondary.some((s) => s.id === c.id));
    for (const card of own) assert.equal(card.sectionLabel, undefined, `article ${card.id} is وطنية's own`);
    const total = await store.articles.countPublished({ sectionId: (await store.taxonomy.sectionBySlug('وطنية'))!.id });
    assert.match(response.body, new RegExp(`${total} `));
  });

  it('says on the article page where else it is published, and in its structured data', async () => {
    const { id, section } = secondary[0]!;
    const redirect = await app.inject(`/article/${id}`);
    const page = await app.inject(String(redirect.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<p class="also-in">نُشر أيضا في: <span><a href="\/section\/[^"]+">وطنية<\/a><\/span><\/p>/);
    const ld = [...page.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)]
      .map((m) => JSON.parse(m[1] as string) as Record<string, unknown>)
      .find((o) => o['@type'] === 'NewsArticle');
    assert.deepEqual(ld?.articleSection, [section.name, 'وطنية']);
  });

  it('puts them in the section feed', async () => {
    const feed = await app.inject(`/section/${NATIONAL}/feed.xml`);
    assert.equal(feed.statusCode, 200);
    for (const { id } of secondary) assert.match(feed.body, new RegExp(`/article/${id}/`));
    // Each item names its own section first, then وطنية.
    const { id, section } = secondary[0]!;
    const item = [...feed.body.matchAll(/<item>[\s\S]*?<\/item>/g)]
      .map((m) => m[0])
      .find((x) => x.includes(`/article/${id}/`));
    const categories = [...(item ?? '').matchAll(/<category>([^<]*)<\/category>/g)].map((m) => m[1]);
    assert.deepEqual(categories.slice(0, 2), [section.name, 'وطنية']);
  });

  it('shows each story once on the home page, though two section blocks list it', async () => {
    const html = (await app.inject('/')).body;
    const links = [...html.matchAll(/<h[23] class="headline"[^>]*><a href="(\/article\/\d+)\//g)].map((m) => m[1]);
    assert.equal(new Set(links).size, links.length, 'no article twice');
    const nationalBlock =
      /<section[^>]*aria-labelledby="section-[^"]*"[^>]*>(?:(?!<\/section>)[\s\S])*?>وطنية<\/a>[\s\S]*?<\/section>/.exec(
        html,
      )?.[0];
    assert.ok(nationalBlock, 'the home page has a وطنية block');
    assert.ok(cards(nationalBlock).length > 0);
  });
});
