import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { browserSuiteSkip, launchChromium, PageProblems, SCREENSHOT_DIR } from './browser.ts';

/** A port nobody listens on at the moment. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('feeds and sitemaps in Chromium', { skip: browserSuiteSkip() }, () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  before(async () => {
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    await importSampleNewspaper(store);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await buildApp({ config: testConfig({ dataDir, siteUrl: base }), store, invalidationPollMs: 0 });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
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
