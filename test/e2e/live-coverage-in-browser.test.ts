/**
 * Live coverage in a real browser, on Jawhara FM articles: a reader keeps the live page open
 * while an editor posts on the live desk. The first entry appears at the top without a reload
 * (the reader is at the top); the second, posted while the reader has scrolled down, waits
 * behind «تحديث جديد» and moves nothing under their eyes until they press it; a pin moves an
 * entry on top. Without JavaScript a reload shows the same. Screenshots (live page on desktop
 * and phone, the live desk) go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/newsroom/policy.ts';
import { articlePath } from '../../src/web/site/urls.ts';
import { jawharaArticle, jawharaRecords, paragraphsOf } from '../helpers/dispatch-rewrite.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بنعلي',
  role: 'editor' as const,
  password: 'كلمة سر مكتب التغطية المباشرة',
};
const RECORDS = jawharaRecords(20);
const LINES = RECORDS.flatMap(paragraphsOf).filter(
  (p) => p.length > 40 && p.length < 400 && /^[\u0600-\u06ff\s.,0-9()-]+$/u.test(p),
);
/** Generous: the page polls every 2 s; a slow shared machine must not fail the test. */
const DEADLINE_MS = 30_000;

describe('a live page open in the browser gets two entries and a pin', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articleAt: string;
  let articleId: number;
  const problems = new PageProblems();

  before(async () => {
    assert.ok(LINES.length >= 14, `${LINES.length} corpus sentences`);
    site = await startNewsroomSite({
      accounts: [EDITOR],
      seed: async (store, [editor]) => {
        for (const record of RECORDS) await store.articles.upsertByExternalId(jawharaArticle(record));
        const [article] = await store.articles.listPublishedPage({ limit: 1 });
        const actor: Actor = { id: editor!.id, role: 'editor' };
        await store.live.start(actor, article!.id);
        // Earlier entries: enough that the page scrolls, one key event, a quote.
        for (let i = 0; i < 8; i++) {
          await store.live.add(actor, article!.id, {
            ...(i === 1 ? { title: 'وصول فرق الإنقاذ إلى المنطقة', keyEvent: true } : {}),
            body:
              i === 4
                ? [{ type: 'quote', text: LINES[i] as string, cite: 'المدير الجهوي للوقاية المدنية' }]
                : [{ type: 'paragraph', text: LINES[i] as string }],
          });
        }
      },
    });
    ({ browser, baseUrl } = site);
    const [article] = await site.store.articles.listPublishedPage({ limit: 1 });
    articleId = article!.id;
    articleAt = articlePath((await site.store.articles.findById(articleId, { publishedOnly: true }))!);
  });

  after(async () => {
    await site?.close();
  });

  async function newPage(
    options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({
      locale: 'ar-MA',
      viewport: options.viewport ?? { width: 1280, height: 900 },
      ...(options.javaScriptEnabled === false ? { javaScriptEnabled: false } : {}),
    });
    return problems.watch(await context.newPage());
  }

  async function postOnDesk(desk: Page, text: string, extra: { keyEvent?: boolean } = {}): Promise<void> {
    await desk.goto(`${baseUrl}/newsroom/articles/${articleId}/live`);
    await desk.locator('#new-text').fill(text);
    if (extra.keyEvent) await desk.locator('form.live-form').first().getByLabel('من أبرز الأحداث').check();
    await Promise.all([desk.waitForURL(/done=added/), desk.getByRole('button', { name: 'نشر التحديث' }).click()]);
  }

  test('entries arrive without a reload, held behind a button while the reader is scrolled down, and a pin moves one on top', async () => {
    const reader = await newPage();
    const desk = await newPage();
    try {
      await reader.goto(`${baseUrl}${articleAt}`);
      const entries = reader.locator('#live-entries > li');
      assert.equal(await entries.count(), 8);
      await signIn(desk, baseUrl, EDITOR);

      // 1. The reader is at the top: the entry goes in at once.
      const posted = Date.now();
      await postOnDesk(desk, LINES[10] as string, { keyEvent: true });
      await reader
        .locator('#live-entries > li')
        .first()
        .filter({ hasText: LINES[10] as string })
        .waitFor({ timeout: DEADLINE_MS });
      const firstLatency = Date.now() - posted;
      assert.equal(await entries.count(), 9);
      assert.equal(await reader.locator('#live-news').isHidden(), true, 'no button: nothing waits');
      assert.ok(
        ((await reader.locator('.live__key-events').textContent()) ?? '').includes((LINES[10] as string).slice(0, 30)),
        'the new key event is listed in «أبرز الأحداث»',
      );

      // 2. The reader has scrolled into the older entries: nothing moves until they ask.
      const watched = entries.nth(6);
      await watched.scrollIntoViewIfNeeded();
      await reader.evaluate(() => window.scrollBy(0, 200));
      const topBefore = await watched.evaluate((el) => el.getBoundingClientRect().top);
      await postOnDesk(desk, LINES[11] as string);
      const button = reader.locator('#live-news');
      await button.waitFor({ state: 'visible', timeout: DEADLINE_MS });
      assert.equal((await button.textContent())?.trim(), 'تحديث جديد');
      assert.equal(await entries.count(), 9, 'not inserted while the reader reads further down');
      const topAfter = await watched.evaluate((el) => el.getBoundingClientRect().top);
      // Within a pixel (the browser's scroll anchoring rounds to fractions of one).
      assert.ok(
        Math.abs(topAfter - topBefore) < 1,
        `the text under the reader’s eyes did not move (${topBefore} → ${topAfter})`,
      );
      await reader.screenshot({ path: path.join(SCREENSHOT_DIR, 'live-page-new-updates-button.png') });
      await button.click();
      await reader
        .locator('#live-entries > li')
        .first()
        .filter({ hasText: LINES[11] as string })
        .waitFor({ timeout: DEADLINE_MS });
      assert.equal(await entries.count(), 10);
      assert.equal(await button.isHidden(), true);

      // 3. A pin: the entry moves on top of the page, out of the list.
      await reader.evaluate(() => window.scrollTo(0, 0));
      await desk.goto(`${baseUrl}/newsroom/articles/${articleId}/live`);
      const pinned = desk.locator('li.live-desk__entry').filter({ hasText: LINES[10] as string });
      await Promise.all([
        desk.waitForURL(/done=pinned/),
        pinned.getByRole('button', { name: 'تثبيت في الأعلى' }).click(),
      ]);
      await reader
        .locator('#live-pinned > li')
        .filter({ hasText: LINES[10] as string })
        .waitFor({ timeout: DEADLINE_MS });
      assert.equal(await entries.count(), 9, 'the pinned entry left the list');
      assert.equal(
        await reader
          .locator('#live-entries > li')
          .filter({ hasText: LINES[10] as string })
          .count(),
        0,
      );
      const keyEvents = (await reader.locator('.live__key-events').textContent()) ?? '';
      assert.match(keyEvents, /وصول فرق الإنقاذ إلى المنطقة/);
      await reader.screenshot({ path: path.join(SCREENSHOT_DIR, 'live-page-desktop.png'), fullPage: true });
      await desk.screenshot({ path: path.join(SCREENSHOT_DIR, 'live-desk.png'), fullPage: true });
      console.log(`# live entry posted → on the open page in ${firstLatency} ms (one sample, poll 2 s)`);
      assert.deepEqual(problems.problems, []);
    } finally {
      await reader.context().close();
      await desk.context().close();
    }
  });

  test('on a phone, and without JavaScript a reload shows the same entries', async () => {
    const phone = await newPage({ viewport: { width: 390, height: 844 } });
    const plain = await newPage({ javaScriptEnabled: false });
    try {
      await phone.goto(`${baseUrl}${articleAt}`);
      await phone.locator('#live').scrollIntoViewIfNeeded();
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (${width}px)`);
      await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'live-page-phone.png'), fullPage: true });

      await plain.goto(`${baseUrl}${articleAt}`);
      assert.equal(await plain.locator('#live-pinned > li').count(), 1);
      assert.equal(await plain.locator('#live-entries > li').count(), 9);
      assert.equal(await plain.locator('#live-news').isHidden(), true);
      assert.deepEqual(problems.problems, []);
    } finally {
      await phone.context().close();
      await plain.context().close();
    }
  });
});
