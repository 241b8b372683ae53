/**
 * A journalist adds the photo where they write: an author uploads a photo to the media library,
 * writes an article, picks that photo in the editor's chooser (its alt text comes along), then
 * uploads a second one from the editor itself, which replaces it (and clears the first one's
 * alt text, which described another picture); adds alt text and a caption, publishes,
 * and readers see the photo as a <picture> with WebP and JPEG sources and the caption.
 * The body's «صورة» panel chooses from the same library: another author picks a photo there (its
 * alt text and credit come along, the caption is changed before inserting), publishes, and
 * readers get it in the body with every WebP and JPEG width, not as one plain JPEG.
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

// The body image (issue 17): the «صورة» panel of the body's toolbar chooses from the library too.
const BODY_AUTHOR = {
  email: 'nadia@alghad24.ma',
  displayName: 'نادية العلوي',
  role: 'author',
  password: 'صور واحة فكيك',
};
const BODY_HEADLINE = 'موسم جني التمور يبدأ في واحات فكيك';
const BODY_LIBRARY_ALT = 'نخيل واحة فكيك وقت جني التمور';
const BODY_LIBRARY_CREDIT = 'تصوير: نادية العلوي';
const BODY_CAPTION = 'فلاحون يجنون التمور في واحة فكيك';

describe("the media library's image choosers in a browser", { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let store: Store | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [AUTHOR, BODY_AUTHOR],
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

  test('an author picks a library photo for the body; readers get it with srcset and WebP', async () => {
    assert.ok(browser && store, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, BODY_AUTHOR);

      // A photo in the library, with its alt text and credit.
      await page.goto(`${baseUrl}/newsroom/media`);
      await page.getByLabel('النص البديل (لمن لا يرى الصورة)').fill(BODY_LIBRARY_ALT);
      await page.getByLabel('حقوق الصورة').fill(BODY_LIBRARY_CREDIT);
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'figuig.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 1000, 'jpeg', 31) });
      await page.getByRole('button', { name: 'رفع' }).click();
      await page.locator('[data-upload-status] .notice--done').first().waitFor();
      const uploaded = (await store.media.list({})).items[0];
      assert.ok(uploaded, 'the photo is in the library');

      // The article, and «صورة» in the body's toolbar.
      await page.goto(`${baseUrl}/newsroom/articles/new`);
      await page.getByLabel('العنوان', { exact: true }).fill(BODY_HEADLINE);
      const body = page.getByRole('textbox', { name: 'نص المقال' });
      await body.click();
      await body.pressSequentially('بدأ فلاحو واحات فكيك جني محصول هذه السنة من التمور.');
      await page.waitForURL(/\/newsroom\/articles\/\d+$/, { timeout: 10_000 });
      await page.getByRole('toolbar', { name: 'تنسيق النص' }).getByRole('button', { name: 'صورة' }).click();
      const panel = page.locator('form.insert-panel');
      await panel.getByRole('button', { name: 'اختيار من مكتبة الصور' }).click();
      // The library holds the first test's photos too: this author's is found by its alt text.
      const choice = panel.locator('.image-picker__grid button').filter({ hasText: BODY_LIBRARY_ALT });
      await choice.first().waitFor();
      assert.equal(await choice.count(), 1);
      await choice.first().click();
      await panel.locator('.image-picker__chosen img').waitFor();
      assert.equal(await panel.getByLabel('الوصف البديل').inputValue(), BODY_LIBRARY_ALT, 'the alt text came along');
      assert.equal(await panel.getByLabel('المصدر').inputValue(), BODY_LIBRARY_CREDIT, 'the credit came along');
      assert.match(await panel.getByLabel(/رابط الصورة/).inputValue(), /^\/media\/[0-9a-f]{64}\/1600\.jpg$/);
      await panel.getByLabel('التعليق').fill(BODY_CAPTION);
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
        alt: BODY_LIBRARY_ALT,
        caption: BODY_CAPTION,
        credit: BODY_LIBRARY_CREDIT,
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
      assert.equal(await img.getAttribute('alt'), BODY_LIBRARY_ALT);
      assert.equal(await img.getAttribute('loading'), 'lazy');
      assert.match(String(await figure.locator('figcaption').textContent()), new RegExp(BODY_CAPTION));
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
