/**
 * The media library in Chromium: an author signs in, uploads one photo with the file input
 * and drops another on the drop zone; both appear in the library at once and after a reload;
 * a text file named .jpg dropped there gets the Arabic refusal. The article given the first
 * photo as its featured image (and in its body) shows it on the reader page through
 * <picture>/srcset, the browser choosing a WebP variant, with no layout shift.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Store } from '../../src/store/store.ts';
import { photo } from '../helpers/images.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const AUTHOR = {
  email: 'youssef@alghad24.ma',
  displayName: 'يوسف الإدريسي',
  role: 'author',
  password: 'صور من الرباط',
};

describe('media library in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let store: Store | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articleId: number;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [AUTHOR],
      sampleNewspaper: { dated: 2, undated: 0, recent: 0 },
      config: { pageCache: false },
    });
    ({ store, browser, baseUrl } = site);
    [articleId] = site.sampleIds as [number];
  });

  after(async () => {
    await site?.close();
  });

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
  }

  /** Drops files on the drop zone as a person dragging them from their desktop would. */
  async function drop(page: Page, files: { name: string; type: string; data: Buffer }[]): Promise<void> {
    const dataTransfer = await page.evaluateHandle(
      (list) => {
        const transfer = new DataTransfer();
        for (const file of list) {
          const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
          transfer.items.add(new File([bytes], file.name, { type: file.type }));
        }
        return transfer;
      },
      files.map((f) => ({ name: f.name, type: f.type, base64: f.data.toString('base64') })),
    );
    const zone = page.locator('[data-drop-zone]');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
  }

  test('an author uploads by file input and by drop; the article shows the photo with srcset', async () => {
    assert.ok(browser && store, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, AUTHOR);
      await page.getByRole('link', { name: 'مكتبة الصور' }).first().click();
      await page.waitForURL(`${baseUrl}/newsroom/media`);
      assert.equal(await page.locator('[data-media-grid] li').count(), 0);

      // 1. The file input and the upload button.
      await page.getByLabel('النص البديل (لمن لا يرى الصورة)').fill('ساحة جامع الفنا في مراكش مساء');
      await page.getByLabel('حقوق الصورة').fill('تصوير: يوسف الإدريسي');
      await page.locator('input[type="file"]').setInputFiles({
        name: 'jamaa-el-fna.jpg',
        mimeType: 'image/jpeg',
        buffer: await photo(2000, 1300, 'jpeg', 11),
      });
      await page.getByRole('button', { name: 'رفع' }).click();
      await page.locator('[data-upload-status] .notice--done').first().waitFor();
      assert.match(String(await page.locator('[data-upload-status]').textContent()), /رُفعت jamaa-el-fna\.jpg/);
      const card = page.locator('[data-media-grid] li').first();
      assert.equal(await card.locator('img').getAttribute('alt'), 'ساحة جامع الفنا في مراكش مساء');
      await card.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      assert.ok(await card.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth > 0));

      // 2. Two files dropped on the zone: a photo, and a text file that calls itself .jpg.
      await page.getByLabel('النص البديل (لمن لا يرى الصورة)').fill('');
      await page.getByLabel('حقوق الصورة').fill('');
      problems.expect(415, `${baseUrl}/newsroom/media`);
      await drop(page, [
        { name: 'rabat-coast.png', type: 'image/png', data: await photo(800, 500, 'png', 12) },
        { name: 'notes.jpg', type: 'image/jpeg', data: Buffer.from('ملاحظات المراسل، وليست صورة') },
      ]);
      await page.locator('[data-upload-status] .notice--error').waitFor();
      const status = String(await page.locator('[data-upload-status]').textContent());
      assert.match(status, /رُفعت rabat-coast\.png/);
      assert.match(status, /notes\.jpg: هذا الملف ليس صورة/);
      assert.equal(await page.locator('[data-media-grid] li').count(), 2);
      assert.equal((await page.locator('[data-media-count]').textContent())?.trim(), '2 صور');
      await screenshot(page, 'newsroom-media-library.png');

      // After a reload both are in the library, newest first.
      await page.reload();
      assert.equal(await page.locator('[data-media-grid] li').count(), 2);
      assert.match(String(await page.locator('[data-media-count]').textContent()), /٢|2/);
      const entries = await store.media.list({});
      assert.deepEqual(
        entries.items.map((m) => m.originalName),
        ['rabat-coast.png', 'jamaa-el-fna.jpg'],
      );
      const featured = entries.items[1];
      assert.ok(featured);

      // The article gets the first photo as its featured image and in its body.
      const row = await store.db
        .selectFrom('articles')
        .select('body')
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow();
      const body = JSON.parse(row.body);
      body.splice(2, 0, {
        type: 'image',
        mediaId: featured.id,
        src: `/media/${featured.path}`,
        alt: 'الساحة من الأعلى',
      });
      await store.db
        .updateTable('articles')
        .set({ featured_media_id: featured.id, body: JSON.stringify(body) })
        .where('id', '=', articleId)
        .execute();

      await page.goto(`${baseUrl}/article/${articleId}`);
      const image = page.locator('figure.featured img');
      await image.evaluate((img: HTMLImageElement) => img.decode());
      const shown = await image.evaluate((img: HTMLImageElement) => ({
        srcset: img.getAttribute('srcset'),
        width: img.getAttribute('width'),
        height: img.getAttribute('height'),
        currentSrc: img.currentSrc,
        naturalWidth: img.naturalWidth,
        alt: img.alt,
        boxRatio: img.getBoundingClientRect().width / img.getBoundingClientRect().height,
      }));
      assert.match(String(shown.srcset), /\/320\.jpg 320w, .*\/1920\.jpg 1920w$/);
      assert.deepEqual([shown.width, shown.height], ['1920', '1248']);
      assert.match(shown.currentSrc, /\/media\/[0-9a-f]{64}\/\d+\.webp$/, 'the browser picked a WebP variant');
      assert.ok(shown.naturalWidth >= 320);
      assert.equal(shown.alt, 'ساحة جامع الفنا في مراكش مساء');
      assert.ok(Math.abs(shown.boxRatio - 1920 / 1248) < 0.02, `laid out at the image's ratio (${shown.boxRatio})`);
      const bodyImage = page.locator('.article__body picture img');
      assert.equal(await bodyImage.getAttribute('loading'), 'lazy');
      assert.equal(await bodyImage.getAttribute('alt'), 'الساحة من الأعلى');
      await screenshot(page, 'article-with-uploaded-photo.png');
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
