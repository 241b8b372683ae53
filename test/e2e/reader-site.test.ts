/**
 * The reader site in a real browser (Debian's Chromium through playwright-core), on the demo
 * newspaper: open the home page, follow the top story, then its section; the page is right to
 * left, without console errors or failed requests, without horizontal scroll on a phone, in
 * dark mode and from the keyboard. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { importDemo } from '../../src/import/demo.ts';
import { browserSuiteSkip, luminance, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, startNewsroomSite } from './newsroom-site.ts';

const SITE_NAME = 'الغد 24';
const SLOGAN = 'خبر الغد تقرأه اليوم';
const TOP_STORY = 'المغرب وإسرائيل يوقعان على اتفاق كبير في مجال التعاون العسكري والأمني والاستخباراتي';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

describe('reader site in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  /** Every request the server answered, as the server saw it (the browser's own favicon requests included). */
  const served: { url: string; status: number }[] = [];
  /** Console errors, uncaught exceptions and failed requests over every page of every test. */
  const problems = new PageProblems();
  const contexts: BrowserContext[] = [];

  before(
    async () => {
      // The site's absolute URLs (canonical, JSON-LD) come from the config: the site is built
      // for its own address.
      site = await startNewsroomSite({ seed: (store) => importDemo(store), invalidationPollMs: 500 });
      ({ browser, baseUrl } = site);
      site.app.server.on('request', (request, response) =>
        response.on('finish', () => served.push({ url: request.url ?? '', status: response.statusCode })),
      );
    },
    // The whole demo (12,116 articles with their search entries and entities) is imported: a
    // minute or more on a busy machine. The limit only guards against a hang.
    { timeout: 600_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await site?.close();
  });

  /** A new page in its own context (fresh cookies, cache and colour scheme), watched for problems. */
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: DESKTOP, ...options });
    contexts.push(context);
    return problems.watch(await context.newPage());
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
  }

  async function goto(page: Page, pathname: string): Promise<void> {
    const response = await page.goto(new URL(pathname, baseUrl).toString());
    assert.equal(response?.status(), 200, `${pathname} answered ${response?.status()}`);
  }

  const text = async (page: Page, selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').trim();

  test('home page on a desktop: masthead, right to left, the top story, self-hosted fonts', async () => {
    const page = await newPage();
    await goto(page, '/');

    assert.equal((await text(page, '.masthead__name')).replace(/\s+/g, ' '), SITE_NAME);
    assert.equal(await text(page, '.masthead__slogan'), SLOGAN);
    const root = await page.evaluate(() => ({
      direction: getComputedStyle(document.documentElement).direction,
      lang: document.documentElement.lang,
      title: document.title,
    }));
    assert.deepEqual(root, { direction: 'rtl', lang: 'ar', title: `${SITE_NAME} — ${SLOGAN}` });
    assert.equal(await text(page, '.top-story .headline'), TOP_STORY);

    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return {
        kufi: document.fonts.check('700 20px "Ghad Kufi"', 'الغد'),
        naskh: document.fonts.check('400 17px "Ghad Naskh"', 'الغد'),
        loaded: Array.from(document.fonts as unknown as Iterable<FontFace>)
          .filter((f) => f.status === 'loaded')
          .map((f) => `${f.family.replace(/"/g, '')} ${f.weight}`),
      };
    });
    assert.ok(fonts.kufi && fonts.naskh, `fonts not ready: ${JSON.stringify(fonts)}`);
    // check() is also true when no face matches at all: make sure the faces really loaded.
    assert.ok(fonts.loaded.includes('Ghad Kufi 700'), `Ghad Kufi 700 did not load: ${fonts.loaded}`);
    assert.ok(fonts.loaded.includes('Ghad Naskh 400'), `Ghad Naskh 400 did not load: ${fonts.loaded}`);
    const fontResponses = served.filter((r) => r.url.startsWith('/assets/fonts/'));
    assert.ok(fontResponses.length > 0, 'the browser asked for no font under /assets/fonts/');
    assert.deepEqual(
      fontResponses.filter((r) => r.status !== 200),
      [],
    );

    await screenshot(page, 'home-desktop.png');
  });

  test('top story → article (date, dateline, byline, JSON-LD) → its section', async () => {
    const page = await newPage();
    await goto(page, '/');
    await Promise.all([page.waitForURL(/\/article\/\d+/), page.locator('.top-story .headline a').click()]);

    assert.equal(await text(page, 'h1'), TOP_STORY);
    assert.equal(await text(page, '.article__meta time'), 'الأربعاء 24 نونبر 2021');
    const hijri = await text(page, '.article__meta .hijri');
    assert.match(hijri, /هـ/);
    assert.match(hijri, /1443/);
    assert.equal(await text(page, '.article__body .dateline'), 'الرباط —');
    assert.equal(await text(page, '.article__meta .bylines'), SITE_NAME);

    const jsonLd = (await page.locator('script[type="application/ld+json"]').allTextContents()).map(
      (json) => JSON.parse(json) as Record<string, unknown>,
    );
    const newsArticle = jsonLd.find((data) => data['@type'] === 'NewsArticle');
    assert.ok(newsArticle, `no NewsArticle among ${jsonLd.map((d) => d['@type'])}`);
    assert.equal(newsArticle.headline, TOP_STORY);
    assert.equal(newsArticle.inLanguage, 'ar');
    assert.deepEqual(newsArticle.locationCreated, { '@type': 'Place', name: 'الرباط' });
    assert.equal(newsArticle.url, page.url());
    await screenshot(page, 'article-desktop.png');

    const sectionLink = page.locator('.breadcrumb a[href^="/section/"]');
    assert.equal(((await sectionLink.textContent()) ?? '').trim(), 'سياسة');
    await Promise.all([page.waitForURL(/\/section\//), sectionLink.click()]);
    assert.equal(await text(page, 'main h1'), 'سياسة');
    assert.equal(await page.locator('.sections-nav a[aria-current="page"]').textContent(), 'سياسة');
    assert.equal(await page.locator('main .card').count(), 20);
    assert.match(await text(page, '.list-page .count'), /^\d+ مقالا? — الصفحة 1 من \d+$/);
    const next = page.locator('.pagination a[rel="next"]');
    assert.equal(await next.textContent(), 'التالي');
    assert.match((await next.getAttribute('href')) ?? '', /^\/section\/[^?]+\?page=2$/);
    assert.ok((await page.locator('.pagination a[aria-label^="الصفحة "]').count()) >= 2);
    await Promise.all([page.waitForURL(/\?page=2$/), next.click()]);
    assert.equal(await text(page, '.pagination [aria-current="page"]'), '2');
    assert.equal(await page.locator('.pagination a[rel="prev"]').count(), 1);
  });

  test('on a 360 px phone, home, article and section fit the screen', async () => {
    const page = await newPage({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const overflow = () =>
      page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        // The widest element that sticks out, to name the culprit when there is one.
        culprits: Array.from(document.querySelectorAll('body *'))
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1);
          })
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      }));

    const fits = async (pageName: string) => {
      const o = await overflow();
      assert.ok(o.scrollWidth <= o.innerWidth, `${pageName} scrolls sideways at 360 px: ${JSON.stringify(o)}`);
    };

    await goto(page, '/');
    await fits('home');
    await screenshot(page, 'home-phone.png');

    await goto(page, (await page.locator('.top-story .headline a').getAttribute('href')) ?? '');
    await fits('article');
    await screenshot(page, 'article-phone.png');

    await goto(page, (await page.locator('.breadcrumb a[href^="/section/"]').getAttribute('href')) ?? '');
    await fits('section');
    await screenshot(page, 'section-phone.png');
  });

  test('dark mode: the page is dark', async () => {
    const page = await newPage({ colorScheme: 'dark' });
    await goto(page, '/');
    const href = await page.locator('.top-story .headline a').getAttribute('href');
    await goto(page, href ?? '');
    const colors = await page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
    }));
    assert.ok(luminance(colors.body) < 0.05, `body background is not dark: ${colors.body}`);
    assert.ok(luminance(colors.text) > 0.6, `body text is not light: ${colors.text}`);
    await screenshot(page, 'article-dark.png');
  });

  test('keyboard: the first Tab focuses the visible skip link', async () => {
    const page = await newPage();
    await goto(page, '/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const box = element?.getBoundingClientRect();
      return {
        text: element?.textContent?.trim(),
        href: element?.getAttribute('href'),
        box: box && { top: box.top, bottom: box.bottom, width: box.width, height: box.height },
      };
    });
    assert.equal(focused.text, 'انتقل إلى المحتوى');
    assert.equal(focused.href, '#main');
    assert.ok(focused.box, 'nothing focused');
    const { top, bottom, width, height } = focused.box;
    assert.ok(
      width > 0 && height > 0 && top >= 0 && bottom <= DESKTOP.height,
      `skip link not on screen: ${JSON.stringify(focused.box)}`,
    );
    assert.ok(await page.locator('.skip-link').isVisible());
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  test('a missing article shows the Arabic 404 page', async () => {
    const page = await newPage();
    const url = `${baseUrl}/article/999999`;
    problems.expect(404, url);
    const response = await page.goto(url);
    assert.equal(response?.status(), 404);
    assert.equal(await text(page, 'h1'), 'الصفحة غير موجودة');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).direction), 'rtl');
    assert.equal(await page.locator('meta[name="robots"]').getAttribute('content'), 'noindex');
  });

  test('search from the masthead: suggestions while typing, highlighted results, a section filter', async () => {
    const page = await newPage();
    await goto(page, '/');
    const box = page.locator('#masthead-q');
    await box.fill('جانتس');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    assert.equal(await page.locator('h1').textContent(), 'البحث');
    assert.match((await page.locator('.count').textContent()) ?? '', /«جانتس»/);
    const marks = await page.locator('.results mark').allTextContents();
    assert.ok(marks.length > 0, 'the snippets highlight what was found');
    assert.ok(
      (await page.locator('.results .headline').allTextContents()).some((h) => h.includes(TOP_STORY)),
      'the seed article, which writes جانتس, is found',
    );
    await screenshot(page, 'search-desktop.png');

    // Suggestions: the page's one script lists headlines while the reader types.
    const input = page.locator('#search-q');
    await input.fill('');
    await input.pressSequentially('المغرب وإسرا', { delay: 20 });
    await page.locator('#search-suggestions a').first().waitFor({ timeout: 5000 });
    const suggested = await page.locator('#search-suggestions a').allTextContents();
    assert.ok(suggested.includes(TOP_STORY), suggested.join(' | '));

    // A section facet narrows the results and keeps the query.
    await goto(page, `/search?q=${encodeURIComponent('الترجي')}`);
    const facet = page.locator('.facets a', { hasText: 'رياضة' }).first();
    await facet.click();
    await page.waitForURL(/section=/);
    assert.equal(await page.locator('select[name="section"]').inputValue(), 'رياضة');
    assert.equal(await page.locator('#search-q').inputValue(), 'الترجي');
  });

  test('search on a phone fits the screen', async () => {
    const page = await newPage({ viewport: PHONE, isMobile: true, deviceScaleFactor: 2 });
    await goto(page, `/search?q=${encodeURIComponent('الانتخابات البلدية')}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the search page scrolls sideways by ${overflow} px`);
    await screenshot(page, 'search-phone.png');
  });

  test('no console errors, uncaught exceptions or failed requests on any page', () => {
    assert.ok(served.length > 0, 'the server saw no request');
    assert.deepEqual(problems.problems, [], `the browser saw problems:\n${problems.problems.join('\n')}`);
    // What the server answered with an error, the browser's own requests (favicon) included.
    const errors = served.filter((r) => r.status >= 400 && r.url !== '/article/999999');
    assert.deepEqual(
      errors,
      [],
      `the server answered errors:\n${errors.map((r) => `${r.status} ${r.url}`).join('\n')}`,
    );
  });
});
