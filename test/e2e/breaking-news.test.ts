/**
 * Breaking news in a real browser: an editor opens the desk (stories waiting for review,
 * scheduled, published), goes to the home page's curation, marks a published story breaking
 * for two hours; the banner is on the reader home page and on an article page; the editor ends
 * it and the banner is gone from the (cached) home page. Screenshots of the desk, the curation
 * page and the banner go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma.bennani@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor',
  password: 'مقال الغد الطويل',
};
const CONTRIBUTOR = {
  email: 'hajar@alghad24.ma',
  displayName: 'هاجر الفاسي',
  role: 'contributor',
  password: 'مساهمة هاجر الأولى',
};

describe('breaking news in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let breakingHeadline: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR, CONTRIBUTOR],
      sampleNewspaper: { dated: 30, undated: 3, recent: 3 },
      seed: async (store, [editor, contributor]) => {
        // A desk with work on it: two stories waiting for review, one scheduled, one returned.
        const drafts = corpusDrafts(36).slice(32);
        const n = store.newsroomArticles;
        const asContributor = { id: contributor!.id, role: contributor!.role };
        const asEditor = { id: editor!.id, role: editor!.role };
        for (const draft of drafts.slice(0, 2)) {
          const { id } = await n.create(asContributor, draft);
          await n.transition(asContributor, id, { action: 'submit' });
        }
        const scheduled = await n.create(asEditor, drafts[2]!);
        await n.transition(asEditor, scheduled.id, { action: 'schedule', at: new Date(Date.now() + 5 * 3600_000) });
        await n.create(asEditor, drafts[3]!);
      },
    });
    ({ browser, baseUrl } = site);
    breakingHeadline = (await site.store.articles.findById(site.sampleIds[0]!, { publishedOnly: true }))!.headline;
  });

  after(async () => {
    await site?.close();
  });

  async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage });
  }

  test('an editor marks a story breaking: the banner is on the home page, then cleared, gone', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, EDITOR);
      assert.equal(await page.locator('h1').textContent(), 'مكتب التحرير');
      assert.equal(await page.locator('[data-lane="review"] .desk-item').count(), 2);
      assert.equal(await page.locator('[data-lane="scheduled"] .desk-item').count(), 1);
      assert.match(
        (await page.locator('[data-lane="scheduled"] .desk-item__meta').textContent()) ?? '',
        /يُنشر .* على الساعة \d\d:\d\d/,
      );
      await screenshot(page, 'newsroom-desk.png');

      // The reader home page, cached, without a banner.
      const reader = problems.watch(await context.newPage());
      await reader.goto(`${baseUrl}/`);
      assert.equal(await reader.locator('.breaking').count(), 0);

      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/curation`),
        page.getByRole('link', { name: 'الصفحة الرئيسية والعاجل' }).click(),
      ]);
      const row = page.locator('[data-list="candidates"] li', { hasText: breakingHeadline });
      await row.getByRole('spinbutton').fill('2');
      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/curation?done=breaking`),
        row.getByRole('button', { name: 'عاجل' }).click(),
      ]);
      assert.match((await page.getByRole('status').textContent()) ?? '', /صار المقال خبرا عاجلا/);
      assert.match((await page.locator('[data-list="breaking"]').textContent()) ?? '', /عاجل حتى/);
      await screenshot(page, 'newsroom-curation.png');

      // Browsers keep a page 30 s (max-age); a reload asks the server, whose cache was purged.
      await reader.goto(`${baseUrl}/`);
      await reader.reload();
      const banner = reader.locator('aside.breaking');
      assert.equal(await banner.count(), 1, 'the banner is on the home page');
      assert.equal(await banner.locator('a').textContent(), breakingHeadline);
      assert.equal(
        await reader.evaluate(() => getComputedStyle(document.querySelector('aside.breaking')!).direction),
        'rtl',
      );
      await screenshot(reader, 'site-breaking-banner.png', false);
      await Promise.all([reader.waitForURL(/\/article\//), banner.locator('a').click()]);
      assert.equal(await reader.locator('aside.breaking').count(), 1, 'and on the article page');
      assert.equal(await reader.locator('h1.headline').textContent(), breakingHeadline);

      const breakingRow = page.locator('[data-list="breaking"] li', { hasText: breakingHeadline });
      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/curation?done=cleared`),
        breakingRow.getByRole('button', { name: 'إنهاء العاجل' }).click(),
      ]);
      await reader.goto(`${baseUrl}/`);
      await reader.reload();
      assert.equal(await reader.locator('aside.breaking').count(), 0, 'the banner is gone');

      // On a phone, the desk and the curation page fit the screen.
      await page.setViewportSize({ width: 360, height: 740 });
      for (const [url, shot] of [
        [`${baseUrl}/newsroom`, 'newsroom-desk-phone.png'],
        [`${baseUrl}/newsroom/curation`, 'newsroom-curation-phone.png'],
      ] as const) {
        await page.goto(url);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.equal(overflow, 0, `no horizontal scroll on a phone: ${url}`);
        await screenshot(page, shot);
      }
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
