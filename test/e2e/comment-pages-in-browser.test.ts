/**
 * Pages of comments in a real browser without JavaScript: an article with 60 approved comments
 * shows the newest 50 and «تعليقات أقدم»; the reader follows it to the 10 before, then
 * «تعليقات أحدث» back to the article. Screenshots: test-output/screenshots/comments-older-link.png
 * and comments-older-page.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { articlePath } from '../../src/web/site/urls.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, startNewsroomSite } from './newsroom-site.ts';

const COMMENTS = 60;

describe('older comments on their own pages, without JavaScript', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articleAt: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      seed: (store) => store.articles.upsertManyByExternalId(jawharaRecords(4).map(jawharaArticle)),
    });
    ({ browser, baseUrl } = site);
    const { store } = site;
    const [summary] = await store.articles.listPublishedPage({ limit: 1 });
    const article = (await store.articles.findById(summary!.id, { publishedOnly: true }))!;
    articleAt = articlePath(article);
    for (let i = 0; i < COMMENTS; i++) {
      const saved = await store.comments.submit({
        articleId: article.id,
        name: `قارئ من سوسة ${i + 1}`,
        email: '',
        body: `التعليق ${i + 1}: شكرا على المتابعة، ونرجو نشر التفاصيل حين تتوفر.`,
        addressHash: String(i).padStart(40, '0'),
      });
      await store.comments.decide({ id: null, role: 'editor' }, [saved.id], 'approve');
    }
  });

  after(async () => {
    await site?.close();
  });

  test('a reader goes from the article to its older comments and back', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({
      locale: 'ar-MA',
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = problems.watch(await context.newPage());
    try {
      await page.goto(`${baseUrl}${articleAt}#comments`);
      assert.equal(await page.locator('li.comment').count(), 50);
      const older = page.getByRole('link', { name: 'تعليقات أقدم' });
      await older.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-older-link.png') });
      await Promise.all([page.waitForURL(/\/comments\?page=2#comments$/), older.click()]);
      const names = await page.locator('li.comment .comment__name').allTextContents();
      assert.deepEqual(
        names,
        Array.from({ length: COMMENTS - 50 }, (_, i) => `قارئ من سوسة ${i + 1}`),
      );
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-older-page.png'), fullPage: true });
      await Promise.all([
        page.waitForURL((url) => url.pathname === encodeURI(decodeURI(articleAt)) || url.pathname === articleAt),
        page.getByRole('link', { name: 'تعليقات أحدث' }).click(),
      ]);
      assert.equal(await page.locator('li.comment').count(), 50);
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
