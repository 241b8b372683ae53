/**
 * Arabic direction in a real browser: a paragraph that starts with a Latin name or with
 * Tifinagh stays right to left in an Arabic article, its full stop at the left end; a
 * paragraph an editor marked left to right reads left to right; a breaking headline that starts
 * with a Latin name keeps its lines in order. Checked on the computed direction and on where
 * the final punctuation is drawn, at phone width (screenshots in test-output/screenshots/).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, publishArticle, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = { email: 'salma@alghad24.ma', displayName: 'سلمى بناني', role: 'editor', password: 'اتجاه النص العربي' };
const LATIN_FIRST = 'Emmanuel Macron كان قد زار المغرب سنة 2024.';
const TIFINAGH_FIRST = 'ⵜⴰⵎⴰⵣⵉⵖⵜ لغة رسمية للمملكة منذ دستور 2011.';
const FRENCH = 'Le roi a reçu le président français au palais royal.';
const BREAKING = 'Emmanuel Macron يصل إلى الرباط في زيارة دولة تستمر ثلاثة أيام ويلتقي الملك محمد السادس';

describe('Arabic direction in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articlePath: string;
  let articleId: number;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      seed: async (store, [editor]) => {
        ({ id: articleId, path: articlePath } = await publishArticle(store, editor!, {
          headline: BREAKING,
          body: [
            { type: 'paragraph', text: LATIN_FIRST },
            { type: 'paragraph', text: TIFINAGH_FIRST },
            { type: 'paragraph', text: FRENCH, dir: 'ltr' },
            { type: 'paragraph', text: 'وقال المتحدث: «Merci» — ثم غادر القاعة.' },
            { type: 'list', ordered: false, items: ['البند الأول في القائمة', 'البند الثاني'] },
          ],
        }));
        const actor = { id: editor!.id, role: editor!.role };
        await store.curation.markBreaking(actor, articleId, new Date(Date.now() + 3600_000));
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
    return problems.watch(await context.newPage());
  }

  /**
   * Where the block's first character, its last one (the full stop) and the one before the last
   * are drawn: left edges in px. Right to left, the full stop is left of the word it ends.
   */
  async function ends(block: Locator): Promise<{ first: number; beforeLast: number; last: number; direction: string }> {
    // No named functions inside: tsx would name them with a helper the page does not have.
    return block.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      // Every drawn character, in logical order: its text node and offset.
      const chars: [Text, number][] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const data = (node as Text).data;
        for (let i = 0; i < data.length; i++) if (data[i]!.trim()) chars.push([node as Text, i]);
      }
      const edges = [chars[0]!, chars[chars.length - 2]!, chars[chars.length - 1]!].map(([node, offset]) => {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        return range.getBoundingClientRect().left;
      });
      return {
        first: edges[0]!,
        beforeLast: edges[1]!,
        last: edges[2]!,
        direction: getComputedStyle(element).direction,
      };
    });
  }

  test('paragraphs starting with Latin or Tifinagh stay right to left, the full stop at the left end', async () => {
    const page = await phonePage();
    try {
      await page.goto(`${baseUrl}${articlePath}`);
      const paragraphs = page.locator('.article__body p');
      for (const text of [LATIN_FIRST, TIFINAGH_FIRST]) {
        const p = paragraphs.filter({ hasText: text.slice(-12) });
        const { beforeLast, last, direction } = await ends(p);
        assert.equal(direction, 'rtl', text);
        assert.ok(
          last < beforeLast,
          `the full stop is drawn left of the year it ends: ${text} (${last} vs ${beforeLast})`,
        );
        assert.equal(await p.getAttribute('dir'), null, 'the paragraph takes the article direction');
        assert.equal(await p.locator('bdi[dir="ltr"]').count(), 1, 'the foreign run is isolated');
      }
      // The paragraph the editor marked left to right reads left to right.
      const french = paragraphs.filter({ hasText: 'Le roi a reçu' });
      const { beforeLast, last, direction } = await ends(french);
      assert.equal(direction, 'ltr');
      assert.ok(last > beforeLast, 'left to right, the full stop is right of its word');
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'direction-article-phone.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  test('a breaking headline that starts with a Latin name keeps its wrapped lines in order', async () => {
    const page = await phonePage();
    try {
      await page.goto(baseUrl);
      const link = page.locator('.breaking__stories a').first();
      assert.equal(await link.evaluate((a) => getComputedStyle(a).direction), 'rtl');
      // Right to left: the headline's first word (the Latin name) is drawn at the right of the
      // first line, its last word at the left of the last line, below it.
      const lines = await link.evaluate((a) => {
        const range = document.createRange();
        range.selectNodeContents(a);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        return { count: new Set(rects.map((r) => Math.round(r.top))).size, right: a.getBoundingClientRect().right };
      });
      assert.ok(lines.count >= 2, 'the headline wraps on a phone');
      const { first, last } = await ends(link);
      const firstRight = await link.locator('bdi').evaluate((b) => b.getBoundingClientRect().right);
      assert.ok(
        firstRight > lines.right - 40,
        `the Latin name starts the first line at the right (${firstRight} vs ${lines.right})`,
      );
      assert.ok(last < first, 'the last word ends at the left');
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'direction-breaking-phone.png') });
      assert.deepEqual(problems.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('the editor shows the blocks as readers will, and «من اليسار» turns one block left to right', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, { email: EDITOR.email, password: EDITOR.password });
      await page.goto(`${baseUrl}/newsroom/articles/${articleId}`);
      const headline = page.getByLabel('العنوان', { exact: true });
      assert.equal(await headline.evaluate((e) => getComputedStyle(e).direction), 'rtl');
      const body = page.locator('.body-editor__text');
      const latinFirst = body.locator('p').filter({ hasText: 'Emmanuel Macron كان' });
      const { beforeLast, last, direction } = await ends(latinFirst);
      assert.equal(direction, 'rtl', 'as on the reader page');
      assert.ok(last < beforeLast, 'the full stop at the left end, as readers see it');
      const french = body.locator('p').filter({ hasText: 'Le roi a reçu' });
      assert.equal(await french.getAttribute('dir'), 'ltr');
      // A list's bullets stand at the start of its items, on the right: the strip between an
      // item and its list's right edge holds the bullet (it stood at the far left before).
      const item = body.locator('li').first();
      const strip = await item.evaluate((li) => {
        const r = li.getBoundingClientRect();
        const list = li.parentElement!.getBoundingClientRect();
        return { x: r.right, y: r.top, width: list.right - r.right, height: r.height };
      });
      assert.ok(strip.width >= 16, `the list is indented on the right (${strip.width} px)`);
      const { data } = await sharp(await page.screenshot({ clip: strip }))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      assert.ok(Math.min(...data) < 100, 'the bullet is drawn right of the item');
      // The editor turns the Tifinagh paragraph left to right, then back.
      await body.locator('p').filter({ hasText: 'لغة رسمية' }).click();
      const button = page.getByRole('button', { name: 'من اليسار' });
      await button.click();
      const tifinagh = body.locator('p').filter({ hasText: 'لغة رسمية' });
      assert.equal(await tifinagh.getAttribute('dir'), 'ltr');
      assert.equal(await button.getAttribute('aria-pressed'), 'true');
      await button.click();
      assert.equal(await tifinagh.getAttribute('dir'), null);
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
