/**
 * A body image from the media library (issue 17): an author writes an article, opens «صورة» in
 * the body's toolbar, picks a library photo there (its alt text and credit come along, the
 * caption is changed before inserting), publishes, and readers get that photo in the body as a
 * <picture> with every WebP and JPEG width, not as one plain JPEG.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Store } from '../../src/store/store.ts';
import { photo } from '../helpers/images.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const AUTHOR = { email: 'nadia@alghad24.ma', displayName: 'نادية العلوي', role: 'author', password: 'صور واحة فكيك' };
const HEADLINE = 'موسم جني التمور يبدأ في واحات فكيك';
const LIBRARY_ALT = 'نخيل واحة فكيك وقت جني التمور';
const LIBRARY_CREDIT = 'تصوير: نادية العلوي';
const CAPTION = 'فلاحون يجنون التمور في واحة فكيك';

describe('a body image from the media library in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let store: Store | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [AUTHOR],
      sampleNewspaper: { dated: 2, undated: 0, recent: 1 },
      ownSiteUrl: false,
    });
    ({ store, browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  test('an author picks a library photo for the body; readers get it with srcset and WebP', async () => {
    assert.ok(browser && store, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, AUTHOR);

      // A photo in the library, with its alt text and credit.
      await page.goto(`${baseUrl}/newsroom/media`);
      await page.getByLabel('النص البديل (لمن لا يرى الصورة)').fill(LIBRARY_ALT);
      await page.getByLabel('حقوق الصورة').fill(LIBRARY_CREDIT);
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'figuig.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 1000, 'jpeg', 31) });
      await page.getByRole('button', { name: 'رفع' }).click();
      await page.locator('[data-upload-status] .notice--done').first().waitFor();
      const uploaded = (await store.media.list({})).items[0];
      assert.ok(uploaded, 'the photo is in the library');

      // The article, and «صورة» in the body's toolbar.
      await page.goto(`${baseUrl}/newsroom/articles/new`);
      await page.getByLabel('العنوان', { exact: true }).fill(HEADLINE);
      const body = page.getByRole('textbox', { name: 'نص المقال' });
      await body.click();
      await body.pressSequentially('بدأ فلاحو واحات فكيك جني محصول هذه السنة من التمور.');
      await page.waitForURL(/\/newsroom\/articles\/\d+$/, { timeout: 10_000 });
      await page.getByRole('toolbar', { name: 'تنسيق النص' }).getByRole('button', { name: 'صورة' }).click();
      const panel = page.locator('form.insert-panel');
      await panel.getByRole('button', { name: 'اختيار من مكتبة الصور' }).click();
      const choice = panel.locator('.image-picker__grid button');
      await choice.first().waitFor();
      assert.equal(await choice.count(), 1);
      await choice.first().click();
      await panel.locator('.image-picker__chosen img').waitFor();
      assert.equal(await panel.getByLabel('الوصف البديل').inputValue(), LIBRARY_ALT, 'the alt text came along');
      assert.equal(await panel.getByLabel('المصدر').inputValue(), LIBRARY_CREDIT, 'the credit came along');
      assert.match(await panel.getByLabel(/رابط الصورة/).inputValue(), /^\/media\/[0-9a-f]{64}\/1600\.jpg$/);
      await panel.getByLabel('التعليق').fill(CAPTION);
      await page.evaluate(() => document.fonts.ready);
      await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-body-image.png') });
      await panel.getByRole('button', { name: 'إدراج الصورة' }).click();
      await body.locator('figure.body-image img').waitFor();
      await page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });

      await page.getByRole('button', { name: 'نشر', exact: true }).click();
      await page.locator('.status').filter({ hasText: 'منشور' }).waitFor({ timeout: 10_000 });

      const articleId = Number(/\/articles\/(\d+)$/.exec(page.url())?.[1]);
      const article = await store.articles.findById(articleId, { publishedOnly: true });
      const image = article?.body.find((b) => b.type === 'image');
      assert.deepEqual(image, {
        type: 'image',
        src: `/media/${uploaded.hash}/1600.jpg`,
        alt: LIBRARY_ALT,
        caption: CAPTION,
        credit: LIBRARY_CREDIT,
        mediaId: uploaded.id,
        width: 1600,
        height: 1000,
      });

      const reader = problems.watch(await context.newPage());
      await reader.goto(`${baseUrl}/article/${articleId}`);
      const figure = reader.locator('.article__body figure');
      assert.equal(await figure.count(), 1);
      const webp = String(await figure.locator('picture source[type="image/webp"]').getAttribute('srcset'));
      assert.match(
        webp,
        new RegExp(`^/media/${uploaded.hash}/320\\.webp 320w, .*/media/${uploaded.hash}/1600\\.webp 1600w$`),
      );
      const img = figure.locator('picture img');
      assert.match(String(await img.getAttribute('srcset')), new RegExp(`/media/${uploaded.hash}/640\\.jpg 640w`));
      assert.equal(await img.getAttribute('alt'), LIBRARY_ALT);
      assert.equal(await img.getAttribute('loading'), 'lazy');
      assert.match(String(await figure.locator('figcaption').textContent()), new RegExp(CAPTION));
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((element: HTMLImageElement) => element.decode());
      assert.match(
        await img.evaluate((element: HTMLImageElement) => element.currentSrc),
        /\/media\/[0-9a-f]{64}\/\d+\.webp$/,
        'Chromium takes a WebP width',
      );
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
