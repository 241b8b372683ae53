/**
 * Click-to-load embeds in Chromium: an article with a YouTube video, a post on X and a
 * Facebook post opens without a single request to those sites; pressing a card's button (by
 * mouse or keyboard) puts the provider's frame, with the address the server computed, in the
 * card's place, and a video's frame takes exactly the card's space. The third parties are
 * answered by the test (page.route): the machine has no internet, and the test must not need it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { EMBED_FRAMES, embedArticle } from '../helpers/embed-article.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, startNewsroomSite } from './newsroom-site.ts';

const THIRD_PARTY =
  /^https?:\/\/([^/]+\.)?(youtube(-nocookie)?\.com|youtu\.be|ytimg\.com|twitter\.com|x\.com|twimg\.com|facebook\.com|fbcdn\.net|fb\.watch)\//;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

describe('click-to-load embeds in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let articleUrl: string;
  const problems = new PageProblems();
  const contexts: BrowserContext[] = [];

  before(
    async () => {
      site = await startNewsroomSite({
        seed: async (store) => {
          const section = (await store.taxonomy.sections())[0]?.slug ?? '';
          const [written] = await store.articles.upsertManyByExternalId([embedArticle(section)]);
          articleUrl = `/article/${written?.id}`;
        },
      });
      browser = site.browser;
    },
    { timeout: 120_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await site?.close();
  });

  /** A page whose requests to YouTube, X and Facebook are listed and answered with a small page of the test's own. */
  async function newPage(options: BrowserContextOptions = {}): Promise<{ page: Page; thirdParty: string[] }> {
    assert.ok(browser && site, 'the site did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: DESKTOP, ...options });
    contexts.push(context);
    const thirdParty: string[] = [];
    await context.route(THIRD_PARTY, (route) => {
      thirdParty.push(route.request().url());
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="ar"><title>إطار</title><p id="framed">إطار من الطرف الثالث</p></html>',
      });
    });
    const page = problems.watch(await context.newPage());
    const response = await page.goto(new URL(articleUrl, site.baseUrl).toString());
    assert.equal(response?.status(), 200);
    await page.waitForLoadState('load');
    return { page, thirdParty };
  }

  test('the article asks nothing of YouTube, X or Facebook until a button is pressed, then frames exactly what the server computed', async () => {
    const { page, thirdParty } = await newPage();
    const buttons = page.locator('.embed__load');
    assert.equal(await buttons.count(), 3);
    for (const button of await buttons.all()) assert.ok(await button.isVisible(), 'the script showed the button');
    assert.equal(await page.locator('iframe').count(), 0);
    await page.waitForTimeout(300);
    assert.deepEqual(thirdParty, [], 'no request to a third party before a click');

    const youtube = page.locator('figure.embed--youtube');
    const card = await youtube.locator('.embed__frame').boundingBox();
    await page.getByRole('button', { name: 'تشغيل الفيديو' }).click();
    const frame = youtube.locator('iframe');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('src'), EMBED_FRAMES.youtube);
    assert.equal(await frame.getAttribute('title'), 'حملة التلقيح في المدارس: ما يجب أن يعرفه الآباء');
    assert.equal(await frame.getAttribute('allow'), 'autoplay; encrypted-media; picture-in-picture; fullscreen');
    assert.equal(await frame.getAttribute('referrerpolicy'), 'strict-origin-when-cross-origin');
    assert.equal(
      await frame.getAttribute('sandbox'),
      'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation',
    );
    assert.ok(await frame.getAttribute('loading'));
    const framed = page.frameLocator('figure.embed--youtube iframe').locator('#framed');
    assert.equal(await framed.textContent(), 'إطار من الطرف الثالث');
    assert.ok(
      await frame.evaluate((element) => document.activeElement === element),
      'focus moves to the frame that replaced the button',
    );
    // The video's frame takes the card's place exactly: nothing below it moves.
    const loaded = await frame.boundingBox();
    assert.ok(card && loaded);
    assert.ok(
      Math.abs(card.height - loaded.height) < 1 && Math.abs(card.width - loaded.width) < 1,
      `${JSON.stringify({ card, loaded })}`,
    );
    assert.deepEqual(thirdParty, [EMBED_FRAMES.youtube], 'only the video was asked for');

    // The keyboard presses a button as well as the mouse.
    await page.getByRole('button', { name: 'عرض التدوينة' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('figure.embed--x iframe').waitFor();
    assert.equal(await page.locator('figure.embed--x iframe').getAttribute('src'), EMBED_FRAMES.x);
    await page.getByRole('button', { name: 'عرض المنشور' }).click();
    await page.locator('figure.embed--facebook iframe').waitFor();
    assert.equal(await page.locator('figure.embed--facebook iframe').getAttribute('src'), EMBED_FRAMES.facebook);
    await page.frameLocator('figure.embed--facebook iframe').locator('#framed').waitFor();
    assert.deepEqual(thirdParty, [EMBED_FRAMES.youtube, EMBED_FRAMES.x, EMBED_FRAMES.facebook]);
    // The links to the originals stay under the frames.
    assert.equal(await page.locator('figure.embed figcaption a[rel="noopener nofollow"]').count(), 3);
    assert.deepEqual(problems.problems, []);
  });

  test('without JavaScript, a card shows no button and keeps the link to the original', async () => {
    const { page, thirdParty } = await newPage({ javaScriptEnabled: false });
    assert.equal(await page.locator('.embed__load').first().isVisible(), false);
    const link = page.locator('figure.embed--youtube').getByRole('link', { name: 'شاهد الفيديو على يوتيوب' });
    assert.equal(await link.getAttribute('href'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    assert.deepEqual(thirdParty, []);
  });

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    test(`the video card on a ${name}: 16:9, within the page, right to left`, async () => {
      const { page } = await newPage({ viewport });
      const card = page.locator('figure.embed--youtube .embed__frame');
      await card.scrollIntoViewIfNeeded();
      const box = await card.boundingBox();
      assert.ok(box);
      assert.ok(Math.abs(box.width / box.height - 16 / 9) < 0.02, `the card is ${box.width}×${box.height}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      assert.equal(await card.evaluate((element) => getComputedStyle(element).direction), 'rtl');
      await page.evaluate(() => document.fonts.ready);
      await page
        .locator('figure.embed--youtube')
        .screenshot({ path: path.join(SCREENSHOT_DIR, `embed-card-${name}.png`) });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `embed-article-${name}.png`), fullPage: true });
      assert.deepEqual(problems.problems, []);
    });
  }
});
