/**
 * A journalist adds the photo where they write: an author uploads a photo to the media library,
 * writes an article, picks that photo in the editor's chooser (its alt text comes along), then
 * uploads a second one from the editor itself, which replaces it (and clears the first one's
 * alt text, which described another picture); adds alt text and a caption, publishes,
 * and readers see the photo as a <picture> with WebP and JPEG sources and the caption.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Store } from '../../src/store/store.ts';
import { photo } from '../helpers/images.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const AUTHOR = { email: 'laila@alghad24.ma', displayName: 'ليلى المنصوري', role: 'author', password: 'صور ميناء طنجة' };
const HEADLINE = 'ميناء طنجة المتوسط يسجل رقما قياسيا في عدد الحاويات';
const LIBRARY_ALT = 'رافعات ميناء طنجة المتوسط عند الغروب';

describe('the featured image chooser in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let store: Store | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [AUTHOR],
      sampleNewspaper: { dated: 3, undated: 0, recent: 1 },
      ownSiteUrl: false,
    });
    ({ store, browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  test('an author picks a library photo, replaces it with an upload, publishes; readers see it', async () => {
    assert.ok(browser && store, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, AUTHOR);

      // A photo already in the library, with its alt text and credit.
      await page.goto(`${baseUrl}/newsroom/media`);
      await page.getByLabel('النص البديل (لمن لا يرى الصورة)').fill(LIBRARY_ALT);
      await page.getByLabel('حقوق الصورة').fill('تصوير: ليلى المنصوري');
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'tanger-med.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 1000, 'jpeg', 21) });
      await page.getByRole('button', { name: 'رفع' }).click();
      await page.locator('[data-upload-status] .notice--done').first().waitFor();

      // The article, and the chooser.
      await page.goto(`${baseUrl}/newsroom/articles/new`);
      await page.getByLabel('العنوان', { exact: true }).fill(HEADLINE);
      const body = page.getByRole('textbox', { name: 'نص المقال' });
      await body.click();
      await body.pressSequentially('عالجت محطات الميناء أكثر من تسعة ملايين حاوية خلال السنة.');
      await page.waitForURL(/\/newsroom\/articles\/\d+$/, { timeout: 10_000 });
      const picker = page.locator('.image-picker');
      assert.equal(await picker.locator('.image-picker__none').count(), 1, 'no photo yet');
      await picker.getByRole('button', { name: 'اختيار من مكتبة الصور' }).click();
      const choice = picker.locator('.image-picker__grid button');
      await choice.first().waitFor();
      assert.equal(await choice.count(), 1);
      await choice.first().click();
      await picker.locator('.image-picker__chosen img').waitFor();
      assert.equal(await picker.locator('.image-picker__chosen img').getAttribute('alt'), LIBRARY_ALT);
      assert.equal(await page.getByLabel('الوصف البديل').inputValue(), LIBRARY_ALT, 'the alt text came along');
      const firstId = await page.locator('input[name="featuredMediaId"]').inputValue();
      assert.match(firstId, /^\d+$/);

      // A second photo, uploaded from the editor, takes its place.
      await picker
        .locator('input[type="file"]')
        .setInputFiles({ name: 'quai.png', mimeType: 'image/png', buffer: await photo(1200, 800, 'png', 22) });
      await page.waitForFunction(
        (before) => (document.querySelector('input[name="featuredMediaId"]') as HTMLInputElement).value !== before,
        firstId,
      );
      // The first photo's alt text described it, not this one: it is cleared for the journalist.
      assert.equal(await page.getByLabel('الوصف البديل').inputValue(), '');
      await page.getByLabel('الوصف البديل').fill('أرصفة وحاويات ملونة في ميناء طنجة المتوسط');
      await page.getByLabel('التعليق').fill('أرصفة الحاويات في ميناء طنجة المتوسط');
      await page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-image-picker.png') });

      await page.getByRole('button', { name: 'نشر', exact: true }).click();
      await page.locator('.status').filter({ hasText: 'منشور' }).waitFor({ timeout: 10_000 });

      const articleId = Number(/\/articles\/(\d+)$/.exec(page.url())?.[1]);
      const article = await store.articles.findById(articleId, { publishedOnly: true });
      assert.ok(article?.featuredImage, 'the article has its featured image');
      assert.notEqual(String(article.featuredImage.id), firstId, 'the uploaded photo replaced the library one');

      const reader = problems.watch(await context.newPage());
      await reader.goto(`${baseUrl}/article/${articleId}`);
      const figure = reader.locator('article figure').first();
      assert.equal(await figure.locator('picture source[type="image/webp"]').count(), 1);
      assert.match(String(await figure.locator('img').getAttribute('srcset')), /\.jpg \d+w/);
      assert.match(String(await figure.locator('figcaption').textContent()), /أرصفة الحاويات في ميناء طنجة المتوسط/);
      await figure.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
