/**
 * The audience in a real browser: a reader (an ordinary Chrome, by its user agent) opens three
 * articles, one of them twice; the pages' beacon counts each view (the second visit is served
 * from the page cache); the home page then shows "الأكثر قراءة"; an editor opens the statistics
 * page: the chart is drawn and the most read article leads the list. Screenshots (desktop and
 * phone) go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { cacheTags } from '../../src/web/cache-tags.ts';
import { articlePath } from '../../src/web/site/urls.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { browserSuiteSkip, launchChromium, PageProblems, SCREENSHOT_DIR } from './browser.ts';

const EDITOR = {
  email: 'salma.bennani@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor' as const,
  password: 'مقال الغد الطويل',
};
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';

describe('the statistics page in a browser', { skip: browserSuiteSkip() }, () => {
  let dataDir: string;
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let ids: number[];
  const problems = new PageProblems();

  before(async () => {
    browser = await launchChromium();
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    await newsroomAccounts(store.db).accounts.create(EDITOR);
    ids = await importSampleNewspaper(store, { dated: 12, undated: 0, recent: 4 });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = await buildApp({
      config: testConfig({ dataDir, siteUrl: baseUrl, trustProxy: true }),
      store,
      invalidationPollMs: 0,
      // Views are written when the test flushes, never by the 5-second timer on a slow machine.
      audienceFlushMs: 0,
    });
    await app.listen({ port, host: '127.0.0.1' });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage });
  }

  test('views recorded by the beacon show on the home page and in the chart and top list', async () => {
    assert.ok(browser && app && store, 'the browser or the server did not start');
    const summaries = await store.articles.summariesWithText(ids.slice(0, 3));
    const [most, second, third] = summaries;
    assert.ok(most && second && third);

    // Two readers behind the proxy, each with their own address (X-Forwarded-For).
    const readerContext = (address: string) =>
      browser!.newContext({
        locale: 'ar-MA',
        userAgent: CHROME,
        viewport: { width: 1280, height: 900 },
        extraHTTPHeaders: { 'x-forwarded-for': address },
      });
    const reader = await readerContext('203.0.113.10');
    const otherReader = await readerContext('203.0.113.20');
    const page = problems.watch(await reader.newPage());
    const otherPage = problems.watch(await otherReader.newPage());
    try {
      const beacons: number[] = [];
      for (const p of [page, otherPage]) {
        p.on('response', (response) => {
          if (response.url().endsWith('/api/v1/views')) beacons.push(response.status());
        });
      }
      // The first reader reads the most read one twice: one view per reader and article.
      for (const [tab, article] of [
        [page, most],
        [page, second],
        [otherPage, most],
        [page, third],
        [page, most],
      ] as const) {
        await Promise.all([
          tab.waitForResponse((r) => r.url().endsWith('/api/v1/views')),
          tab.goto(`${baseUrl}${articlePath(article)}`),
        ]);
      }
      assert.deepEqual(beacons, [204, 204, 204, 204, 204]);
      // Two searches: one that finds the article, one that finds nothing.
      const word = most.headline.split(/\s+/).find((w) => w.length >= 4) as string;
      await page.goto(`${baseUrl}/search?q=${encodeURIComponent(word)}`);
      await page.goto(`${baseUrl}/search?q=${encodeURIComponent('زرافة قطبية')}`);
      assert.equal(app.audience.views.pending, 4, 'four views counted, none written yet');
      await app.audience.flush();
      app.audience.mostRead.forget();
      await app.purgePages([cacheTags.mostRead]);

      await page.goto(`${baseUrl}/`);
      const block = page.locator('aside.most-read');
      await block.waitFor();
      assert.equal(await block.locator('#most-read-day + ol li').first().textContent(), most.headline);
      await block.scrollIntoViewIfNeeded();
      await page.evaluate(() => document.fonts.ready);
      await block.screenshot({ path: path.join(SCREENSHOT_DIR, 'site-most-read.png') });
    } finally {
      await reader.close();
      await otherReader.close();
    }

    const newsroom = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const editor = problems.watch(await newsroom.newPage());
    try {
      await editor.goto(`${baseUrl}/newsroom/sign-in`);
      await editor.getByLabel('البريد الإلكتروني').fill(EDITOR.email);
      await editor.getByLabel('كلمة المرور').fill(EDITOR.password);
      await Promise.all([
        editor.waitForURL(`${baseUrl}/newsroom`),
        editor.getByRole('button', { name: 'دخول' }).click(),
      ]);
      await Promise.all([
        editor.waitForURL(`${baseUrl}/newsroom/stats`),
        editor.getByRole('link', { name: 'الإحصاءات' }).click(),
      ]);
      assert.equal(await editor.locator('h1').textContent(), 'إحصاءات القراءة والبحث');
      assert.equal(await editor.locator('.stat-total').textContent(), '4');
      const bars = editor.locator('svg.chart rect.chart__bar');
      assert.equal(await bars.count(), 24, 'one column per hour');
      const tallest = await bars.evaluateAll((rects) =>
        Math.max(...rects.map((r) => r.getBoundingClientRect().height)),
      );
      assert.ok(tallest > 50, `the hour with the views is drawn (${tallest}px)`);
      const top = editor.locator('ol.top-articles > li');
      assert.equal(await top.count(), 3);
      assert.match(
        (await top.first().textContent()) ?? '',
        new RegExp(`${escapeRegExp(most.headline)}[\\s\\S]*2 مشاهدة`),
      );
      assert.equal(await editor.locator('ol.top-articles svg.sparkline').count(), 3);
      assert.match((await editor.locator('#zero-title + table').textContent()) ?? '', /زرافة قطبية/);
      assert.equal(await editor.locator('#searches-title + table tbody tr').count(), 2);
      await screenshot(editor, 'newsroom-stats.png');

      await Promise.all([
        editor.waitForURL(`${baseUrl}/newsroom/stats?period=30d`),
        editor.getByRole('link', { name: 'آخر 30 يوما' }).click(),
      ]);
      assert.ok((await editor.locator('svg.chart rect.chart__bar').count()) >= 30, 'one column per day');

      await editor.setViewportSize({ width: 390, height: 844 });
      await editor.goto(`${baseUrl}/newsroom/stats?period=7d`);
      const overflow = await editor.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, 'no horizontal scroll on a phone');
      await screenshot(editor, 'newsroom-stats-phone.png');
      assert.deepEqual(problems.problems, []);
    } finally {
      await newsroom.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
