/**
 * The reader site on a phone, where a layout mistake hides things: a portrait photo in the body
 * stays within the screen, and a keyboard user tabbing through the sections bar (which scrolls
 * sideways, its far end faded) sees every focused link and its ring, clear of the fade.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, publishArticle, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor',
  password: 'صورة طولية في المقال',
};
const PORTRAIT = '/media/2026/12/portrait-test.jpg';

describe('the reader site on a phone', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articlePath: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      seed: async (store, [editor]) => {
        ({ path: articlePath } = await publishArticle(store, editor!, {
          headline: 'صورة طولية من ساحة الفنا',
          body: [
            { type: 'paragraph', text: 'التقط المصور هذه الصورة من أعلى الصومعة.' },
            { type: 'image', src: PORTRAIT, alt: 'الصومعة من الأسفل', width: 600, height: 1800 },
            { type: 'paragraph', text: 'وتظهر الساحة في أسفل الصورة.' },
          ],
        }));
      },
    });
    ({ browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  async function phonePage(): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 390, height: 844 } });
    const page = problems.watch(await context.newPage());
    // The photo itself: a portrait JPEG made here (three times as tall as wide).
    const photo = await sharp({ create: { width: 200, height: 600, channels: 3, background: '#7a5c3e' } })
      .jpeg()
      .toBuffer();
    await page.route(`**${PORTRAIT}`, (route) => route.fulfill({ contentType: 'image/jpeg', body: photo }));
    return page;
  }

  test('a portrait photo in the body takes no more than most of the screen', async () => {
    const page = await phonePage();
    try {
      await page.goto(`${baseUrl}${articlePath}`);
      const image = page.locator('.article__body figure img');
      await image.scrollIntoViewIfNeeded();
      await image.evaluate((img: HTMLImageElement) => img.decode());
      const box = await image.boundingBox();
      assert.ok(box, 'the photo is drawn');
      assert.ok(box.height <= 844 * 0.8 + 1, `the photo is ${box.height} px tall on an 844 px screen`);
      assert.ok(box.width <= 390, 'and no wider than the screen');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-portrait-photo.png') });
      assert.deepEqual(problems.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('tabbing through the sections bar shows each focused link clear of the faded end', async () => {
    const page = await phonePage();
    try {
      await page.goto(baseUrl);
      const links = page.locator('.sections-nav a');
      const count = await links.count();
      assert.ok(count > 4, 'the bar has more sections than a phone shows');
      await links.first().focus();
      for (let i = 1; i < count; i++) {
        await page.keyboard.press('Tab');
        const focused = links.nth(i);
        assert.equal(await focused.evaluate((a) => a === document.activeElement), true, `link ${i} has the focus`);
        // Inside the bar, and its left edge past the 2.5rem (40 px) fade at the bar's far end.
        const { link, bar } = await focused.evaluate((a) => ({
          link: a.getBoundingClientRect().toJSON() as DOMRect,
          bar: a.closest('ul')!.getBoundingClientRect().toJSON() as DOMRect,
        }));
        assert.ok(
          link.left >= bar.left + 40 - 1,
          `link ${i} starts at ${link.left}, the fade ends at ${bar.left + 40}`,
        );
        assert.ok(link.right <= bar.right + 1, `link ${i} ends within the bar`);
        // The ring is drawn inside the link's box, where the bar's sideways scroll cannot clip it.
        assert.ok(
          Number.parseFloat(await focused.evaluate((a) => getComputedStyle(a).outlineOffset)) < 0,
          'the focus ring is inset',
        );
      }
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-sections-focus.png') });
      assert.deepEqual(problems.problems, []);
    } finally {
      await page.context().close();
    }
  });
});
