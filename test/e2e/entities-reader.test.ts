/**
 * Names and entities as a reader meets them, in a real browser, on real articles: the seed
 * article of الغد 24 (Benny Gantz written گانتز and جانتس), the two Goud.ma articles whose
 * words only look like his name (گنازة، كَينيس: the same name key), and a few more Goud.ma
 * articles. Extraction runs as the articles are imported, as it does for every write.
 *
 * The reader opens the seed article, follows «في هذا المقال» to the Gantz page, sees its
 * spellings and the seed article there, then searches «غانتس» — a spelling no article uses —
 * and gets the seed article first, with the entity's card. Screenshots go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { importSeedArticle } from '../../src/import/demo.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, startNewsroomSite } from './newsroom-site.ts';

/** The Goud.ma articles with the look-alike words, and enough others around them. */
const LOOK_ALIKES = ['goud-0363', 'goud-0911'];
const GOUD_ARTICLES = 1000;

describe('names and entities in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(
    async () => {
      site = await startNewsroomSite({
        seed: async (store) => {
          await importSeedArticle(store);
          const records = firstCorpusLines('goud.jsonl.gz', GOUD_ARTICLES)
            .map((line) => JSON.parse(line) as { id: string })
            .filter((record, at) => at < 40 || LOOK_ALIKES.includes(record.id));
          assert.equal(records.filter((r) => LOOK_ALIKES.includes(r.id)).length, LOOK_ALIKES.length);
          const articles = records.map((record) => {
            const mapped = mapCorpusRecord(record, { timeZone: 'Africa/Casablanca' });
            assert.ok(mapped.ok, `${record.id}: ${mapped.ok ? '' : mapped.reason}`);
            return mapped.article;
          });
          await store.articles.upsertManyByExternalId(articles);
        },
      });
      ({ browser, baseUrl } = site);
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await site?.close();
  });

  async function readerPage(width = 1366): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width, height: 900 } });
    return problems.watch(await context.newPage());
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
  }

  test('the seed article’s «في هذا المقال» → the Gantz page with his spellings → search «غانتس» puts the seed first', async () => {
    const page = await readerPage();
    await page.goto(`${baseUrl}/`);
    await page
      .getByRole('link', { name: /المغرب وإسرائيل يوقعان/ })
      .first()
      .click();
    await page.waitForURL(/\/article\/\d+\//);
    const seedUrl = new URL(page.url()).pathname;

    const about = page.locator('section', { hasText: 'في هذا المقال' });
    await about.scrollIntoViewIfNeeded();
    await screenshot(page, 'entities-article-chips.png');
    const gantz = about.getByRole('link', { name: /گانتز|جانتس/ });
    assert.equal(await gantz.count(), 1, 'one chip for Benny Gantz, whichever spelling');
    assert.ok((await about.getByRole('link', { name: 'المغرب' }).count()) >= 1, 'Morocco is a chip too');

    await gantz.click();
    await page.waitForURL(/\/entity\/\d+\//);
    const heading = (await page.locator('h1').textContent()) ?? '';
    assert.match(heading, /گانتز|جانتس/);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const spelling of ['گانتز', 'جانتس']) assert.ok(text.includes(spelling), `the page lists «${spelling}»`);
    assert.ok((await page.locator(`main a[href="${seedUrl}"]`).count()) >= 1, 'the entity page lists the seed article');
    await screenshot(page, 'entities-entity-page.png');

    // No article writes غانتس: the entity's other spellings find the seed, and the look-alike
    // words (گنازة، كَينيس) that share the name key come after it.
    await page.goto(`${baseUrl}/search?q=${encodeURIComponent('غانتس')}`);
    const first = page.locator('main .results a[href^="/article/"]').first();
    assert.equal(await first.getAttribute('href'), seedUrl, 'the seed article comes first');
    const card = (await page.locator('main').textContent()) ?? '';
    assert.ok(card.includes('گانتز') && card.includes('جانتس'), 'the entity card shows the other spellings');
    await screenshot(page, 'entities-search.png');

    for (const spelling of ['جانتس', 'گانتز', 'غانتز', 'كانتز', 'وغانتس']) {
      await page.goto(`${baseUrl}/search?q=${encodeURIComponent(spelling)}`);
      const top = page.locator('main .results a[href^="/article/"]').first();
      assert.equal(await top.getAttribute('href'), seedUrl, `«${spelling}» puts the seed article first`);
    }
    assert.deepEqual(problems.problems, [], 'no console errors, exceptions or failed requests');
  });
});
