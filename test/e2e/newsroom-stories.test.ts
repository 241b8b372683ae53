/**
 * Stories («ملفات») in a real browser, on 60 Jawhara FM articles: an editor opens a story from
 * the newsroom's navigation, finds two articles by words of their headlines and adds them, and
 * puts the older first with the keyboard; a reader opens the story's page (its articles in the
 * editor's order, right to left) and the feed it
 * announces, which holds both. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ArticleSummary } from '../../src/content/article.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بنعلي',
  role: 'editor' as const,
  password: 'كلمة سر الملفات في المتصفح',
};
const RECORDS = jawharaRecords(60);

describe('a story («ملف») made in the newsroom and read on the site, in a browser', {
  skip: browserSuiteSkip(),
}, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      seed: (store) => store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle)),
    });
    ({ browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  async function newPage(): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    return problems.watch(await context.newPage());
  }

  test('an editor opens a story and adds two articles found by headline; a reader opens it and its feed', async () => {
    const newest = await site!.store.articles.listPublishedPage({ limit: 30 });
    const chosen: ArticleSummary[] = [newest[20]!, newest[3]!];
    const editorPage = await newPage();
    try {
      await signIn(editorPage, baseUrl, EDITOR);
      await editorPage.getByRole('navigation', { name: 'غرفة الأخبار' }).getByRole('link', { name: 'الملفات' }).click();
      await editorPage.getByRole('heading', { name: /^الملفات/ }).waitFor();
      await editorPage.getByLabel('العنوان').fill('مهرجانات الصيف');
      await editorPage
        .getByLabel('الوصف')
        .fill('المهرجانات الثقافية والفنية لصيف هذا العام: البرامج والضيوف والجمهور.');
      await Promise.all([
        editorPage.waitForURL(/\/newsroom\/stories\/\d+\?done=created$/),
        editorPage.getByRole('button', { name: 'افتح الملف' }).click(),
      ]);
      for (const article of chosen) {
        const words = article.headline.split(/\s+/).slice(0, 3).join(' ');
        await editorPage.getByRole('searchbox', { name: 'ابحث في العناوين' }).fill(words);
        await Promise.all([editorPage.waitForURL(/\?q=/), editorPage.getByRole('button', { name: 'بحث' }).click()]);
        const found = editorPage.locator(`[data-list="found"] [data-article="${article.id}"]`);
        await Promise.all([
          editorPage.waitForURL(/done=added/),
          found.getByRole('button', { name: 'أضف إلى الملف' }).click(),
        ]);
        await editorPage.getByRole('status').filter({ hasText: 'أضيف المقال إلى الملف' }).waitFor();
      }
      const members = editorPage.locator('[data-list="members"] > li');
      assert.equal(await members.count(), 2);
      // The older one to the top, with the keyboard: its «إلى الأعلى» button focused, Enter.
      const older = editorPage.locator(`[data-list="members"] [data-article="${chosen[0]!.id}"]`);
      await older.getByRole('button', { name: /اجعل .* أول الملف/ }).focus();
      await Promise.all([editorPage.waitForURL(/done=moved/), editorPage.keyboard.press('Enter')]);
      await editorPage.getByRole('status').filter({ hasText: 'تغيّر ترتيب المقالات في الملف' }).waitFor();
      assert.equal(await members.first().getAttribute('data-article'), String(chosen[0]!.id));
      await editorPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-story.png'), fullPage: true });

      // The reader follows the newsroom's link to the story's page.
      const reader = await newPage();
      try {
        const href = await editorPage.getByRole('link', { name: 'صفحة الملف في الموقع' }).getAttribute('href');
        assert.ok(href);
        await reader.goto(`${baseUrl}${href}`);
        assert.equal(await reader.locator('h1').textContent(), 'مهرجانات الصيف');
        assert.equal(await reader.locator('html').getAttribute('dir'), 'rtl');
        const headlines = await reader.locator('.list-page .card .headline a').allTextContents();
        // The editor's order: the older one, put first by hand, then the other.
        assert.deepEqual(
          headlines.map((h) => h.trim()),
          [chosen[0]!.headline, chosen[1]!.headline],
        );
        await reader.screenshot({ path: path.join(SCREENSHOT_DIR, 'story-page.png'), fullPage: true });

        // The head announces the feed by its absolute URL; the page links to it too.
        const announced = await reader
          .locator('link[rel="alternate"][type="application/rss+xml"]')
          .getAttribute('href');
        assert.equal(new URL(announced ?? '').pathname, `${href}/feed.xml`);
        const shown = reader.getByRole('navigation', { name: 'خلاصات هذه الصفحة' }).getByRole('link', { name: 'RSS' });
        assert.equal(await shown.getAttribute('href'), `${href}/feed.xml`);
        const feed = await reader.request.get(`${baseUrl}${href}/feed.xml`);
        assert.equal(feed.status(), 200);
        const xml = await feed.text();
        for (const article of chosen) assert.ok(xml.includes(article.headline), article.headline);

        // The article's page links back to the story.
        await reader.getByRole('link', { name: chosen[0]!.headline }).click();
        await reader.getByRole('link', { name: 'مهرجانات الصيف' }).waitFor();
        await reader.screenshot({ path: path.join(SCREENSHOT_DIR, 'article-story-link.png') });
      } finally {
        await reader.context().close();
      }
    } finally {
      await editorPage.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });
});
