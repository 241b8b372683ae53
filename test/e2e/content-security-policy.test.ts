/**
 * The Content-Security-Policy in Chromium: an editor signs in, opens the desk, uploads a photo in
 * the media library, writes an article in the editor (its script saving as she types), chooses
 * the photo from the library, publishes, and opens the statistics and the preview; a reader
 * opens the home page, an article with the photo and three embeds (and loads one), a section
 * and the search page (its suggestions script asking as she types). Every
 * `securitypolicyviolation` event in any frame and every console message about the policy is
 * recorded: there must be none. The recorder itself is shown to catch an inline script.
 * Embeds' third parties are answered by the test (page.route): the machine has no internet.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EMBED_FRAMES, embedArticle } from '../helpers/embed-article.ts';
import { photo } from '../helpers/images.ts';
import { until } from '../helpers/until.ts';
import { browserSuiteSkip, PageProblems } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor',
  password: 'سياسة أمن المحتوى',
} as const;
const PHOTO_ALT = 'ممرضة تلقح طفلا في مدرسة بالرباط';
const HEADLINE = 'انطلاق حملة التلقيح في مدارس جهة الرباط';
const READER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36';
const THIRD_PARTY = /^https:\/\/(www\.youtube-nocookie\.com|platform\.twitter\.com|www\.facebook\.com)\//;

/** Reports every violation, in every frame, to the test (window.reportCspViolation is a binding). */
const RECORD_VIOLATIONS = `
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation?.({
    page: location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
  });
}, true);
`;

describe('Content-Security-Policy in a browser: no violation on any page', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let embedArticleId: number;
  const violations: string[] = [];
  const problems = new PageProblems();
  const contexts: BrowserContext[] = [];

  before(
    async () => {
      site = await startNewsroomSite({
        accounts: [EDITOR],
        sampleNewspaper: { dated: 6, undated: 0, recent: 2 },
        seed: async (store) => {
          const section = (await store.taxonomy.sections())[0]?.slug ?? '';
          const [written] = await store.articles.upsertManyByExternalId([embedArticle(section)]);
          embedArticleId = written?.id as number;
        },
      });
      ({ browser, baseUrl } = site);
    },
    { timeout: 120_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await site?.close();
  });

  /**
   * A page in a fresh context that records violations and answers the embeds' third parties,
   * watched for other problems (console errors, failed requests) unless told.
   */
  async function newPage({ watched = true } = {}): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    await context.exposeBinding('reportCspViolation', ({ frame }, report: Record<string, string>) => {
      violations.push(
        `${report.directive} blocked ${report.blocked} on ${report.page} (${frame.url()}) ${report.sample}`,
      );
    });
    await context.addInitScript(RECORD_VIOLATIONS);
    await context.route(THIRD_PARTY, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="ar"><title>إطار</title><p id="framed">إطار من الطرف الثالث</p></html>',
      }),
    );
    const page = await context.newPage();
    if (watched) problems.watch(page);
    page.on('console', (message) => {
      if (/content.security.policy/i.test(message.text()))
        violations.push(`console on ${page.url()}: ${message.text()}`);
    });
    return page;
  }

  /** Opens a path and waits for it to load; lazy images are brought into view and decoded. */
  async function open(page: Page, path: string): Promise<void> {
    const response = await page.goto(new URL(path, baseUrl).toString());
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    await settle(page);
  }

  /** Every image decoded (lazy ones scrolled to first) and the fonts ready: all the page asks for has been asked. */
  async function settle(page: Page): Promise<void> {
    await page.waitForLoadState('load');
    for (const image of await page.locator('img:visible').all()) {
      await image.scrollIntoViewIfNeeded();
      await image.evaluate((img: HTMLImageElement) => img.decode());
    }
    await page.evaluate(() => document.fonts.ready);
  }

  test('the recorder sees a violation: an inline script added to a reader page is refused and reported', async () => {
    // Not watched for console errors: this one makes one on purpose.
    const page = await newPage({ watched: false });
    await open(page, '/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.body.append(script);
    });
    // Both the event and Chromium's console message, so that neither arrives after the list is emptied.
    await until('the violation is reported', () =>
      violations.some((v) => v.startsWith('script-src-elem blocked inline')),
    );
    await until('the console says so', () => violations.some((v) => v.startsWith('console on')));
    assert.equal(await page.evaluate(() => (window as { injected?: boolean }).injected), undefined, 'it did not run');
    violations.length = 0;
    await page.close();
  });

  test('the newsroom: sign-in, desk, media library upload, editor with the library chooser, statistics, preview', async () => {
    const page = await newPage();
    await signIn(page, baseUrl, EDITOR);
    await settle(page);
    assert.ok((await page.locator('main').textContent())?.includes('مرحبا'), 'the desk lists the articles');

    // The media library's script uploads a photo.
    await page.getByRole('link', { name: 'مكتبة الصور' }).first().click();
    await page.waitForURL(`${baseUrl}/newsroom/media`);
    await page.getByLabel('النص البديل (لمن لا يرى الصورة)').fill(PHOTO_ALT);
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'tlqih.jpg', mimeType: 'image/jpeg', buffer: await photo(1200, 800, 'jpeg', 31) });
    await page.getByRole('button', { name: 'رفع' }).click();
    await page.locator('[data-upload-status] .notice--done').first().waitFor();
    await settle(page);

    // The editor's script: typing makes a draft, saved by fetch; the chooser shows the library.
    await open(page, '/newsroom/articles/new');
    await page.getByLabel('العنوان', { exact: true }).fill(HEADLINE);
    const body = page.getByRole('textbox', { name: 'نص المقال' });
    await body.click();
    await body.pressSequentially('بدأت حملة التلقيح صباح اليوم في المدارس الابتدائية.');
    await page.waitForURL(/\/newsroom\/articles\/\d+$/, { timeout: 10_000 });
    const picker = page.locator('.image-picker');
    await picker.getByRole('button', { name: 'اختيار من مكتبة الصور' }).click();
    await picker.locator('.image-picker__grid button').first().click();
    await picker.locator('.image-picker__chosen img').waitFor();
    await page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'نشر', exact: true }).click();
    await page.locator('.status').filter({ hasText: 'منشور' }).waitFor({ timeout: 10_000 });
    await settle(page);

    // The preview of the article with embeds: its card script (by nonce) and a provider's frame.
    await open(page, `/newsroom/articles/${embedArticleId}/preview`);
    await page.getByRole('button', { name: 'عرض التدوينة' }).click();
    await page.frameLocator('figure.embed--x iframe').locator('#framed').waitFor();

    // A view, so that the statistics draw their charts and the sections' bars.
    assert.ok(site, 'the site did not start');
    const view = await site.app.inject({
      method: 'POST',
      url: '/api/v1/views',
      payload: { articleId: embedArticleId },
      headers: { 'user-agent': READER_AGENT },
    });
    assert.equal(view.statusCode, 204);
    await site.app.audience.flush();
    await open(page, '/newsroom/stats');
    assert.equal(await page.locator('.section-bars svg rect').count(), 1);
    for (const path of ['/newsroom/curation', '/newsroom/entities', '/newsroom/account']) await open(page, path);
    assert.deepEqual(violations, []);
    assert.deepEqual(problems.problems, []);
  });

  test('the reader site: home, an article with a photo and embeds, a section, search with suggestions', async () => {
    assert.ok(site, 'the site did not start');
    // The photo the editor uploaded becomes the embed article's featured image.
    const [media] = (await site.store.media.list({})).items;
    assert.ok(media, 'the newsroom test uploaded a photo');
    await site.store.db
      .updateTable('articles')
      .set({ featured_media_id: media.id })
      .where('id', '=', embedArticleId)
      .execute();

    const page = await newPage();
    await open(page, '/');
    await open(page, `/article/${embedArticleId}`);
    assert.equal(await page.locator('figure.featured img').getAttribute('alt'), PHOTO_ALT);
    // The view beacon (the page's one inline script, allowed by its hash) counts the view.
    const beacon = page.waitForResponse((response) => response.url().endsWith('/api/v1/views'));
    await page.reload();
    assert.equal((await beacon).status(), 204);
    await settle(page);
    for (const [kind, button] of [
      ['youtube', 'تشغيل الفيديو'],
      ['x', 'عرض التدوينة'],
      ['facebook', 'عرض المنشور'],
    ] as const) {
      await page.locator(`figure.embed--${kind}`).getByRole('button', { name: button }).click();
      const frame = page.locator(`figure.embed--${kind} iframe`);
      assert.equal(await frame.getAttribute('src'), EMBED_FRAMES[kind]);
      await page.frameLocator(`figure.embed--${kind} iframe`).locator('#framed').waitFor();
    }

    await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link').nth(1).click();
    await page.waitForURL(/\/section\//);
    await settle(page);

    await open(page, '/search?q=%D8%AD%D9%85%D9%84%D8%A9');
    const input = page.locator('input[data-suggest]');
    await input.fill('');
    await input.pressSequentially('حملة التلقيح');
    await page.locator('#search-suggestions li a').first().waitFor();
    assert.deepEqual(violations, []);
    assert.deepEqual(problems.problems, []);
  });
});
