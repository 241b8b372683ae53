import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, startNewsroomSite } from './newsroom-site.ts';

describe('feeds and sitemaps in Chromium', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser;
  let base: string;

  before(async () => {
    site = await startNewsroomSite({ sampleNewspaper: true });
    ({ browser, baseUrl: base } = site);
  });

  after(async () => {
    await site?.close();
  });

  for (const [name, url, expected] of [
    ['rss-feed', '/feed.xml', /^<rss [^>]*version="2\.0"/],
    ['atom-feed', '/feed.atom', /^<feed [^>]*xml:lang="ar"/],
    ['sitemap-index', '/sitemap.xml', /^<sitemapindex xmlns=/],
  ] as const) {
    it(`shows ${url} as a well-formed XML document with its Arabic text`, async () => {
      const problems = new PageProblems();
      const page = problems.watch(await browser.newPage());
      const response = await page.goto(`${base}${url}`);
      assert.equal(response?.status(), 200);
      // Chromium shows the sitemap as a document tree and a feed as its source text; either way
      // its own XML parser must read the bytes without an error.
      const parsed = await page.evaluate(async (href) => {
        const source = await (await fetch(href)).text();
        const document = new DOMParser().parseFromString(source, 'application/xml');
        return {
          error: document.getElementsByTagName('parsererror')[0]?.textContent ?? null,
          root: document.documentElement.outerHTML.slice(0, 400),
          text: document.documentElement.textContent ?? '',
        };
      }, `${base}${url}`);
      assert.equal(parsed.error, null);
      assert.match(parsed.root, expected);
      if (url !== '/sitemap.xml') assert.match(parsed.text, /الغد 24/);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
      assert.deepEqual(problems.problems, []);
      await page.close();
    });
  }
});
