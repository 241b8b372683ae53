/**
 * Readers' comments in a real browser, on Jawhara FM articles: a reader without JavaScript
 * posts a comment under an article and is told it waits for review; an editor opens the
 * moderation queue and, with the keyboard only, rejects an insult written in Latin-script
 * Darija (held with the word found), moves to the reader's comment and approves it; the
 * reader's page, cached all along, then shows it with the count. Screenshots go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { articlePath } from '../../src/web/site/urls.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بنعلي',
  role: 'editor' as const,
  password: 'كلمة سر المشرفة على التعليقات',
};
const RECORDS = jawharaRecords(12);
const READER_COMMENT = 'شكرا على هذا الخبر. نتمنى أن تتابعوا الموضوع وتنشروا رأي المهنيين أيضا.';

describe('readers’ comments, posted without JavaScript and moderated with the keyboard', {
  skip: browserSuiteSkip(),
}, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articleAt: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      seed: async (store) => {
        for (const record of RECORDS) await store.articles.upsertByExternalId(jawharaArticle(record));
      },
    });
    ({ browser, baseUrl } = site);
    const [article] = await site.store.articles.listPublishedPage({ limit: 1 });
    const full = (await site.store.articles.findById(article!.id, { publishedOnly: true }))!;
    articleAt = articlePath(full);
    // Earlier in the queue: an insult in Latin-script Darija, and a question from another reader.
    for (const [body, hash] of [
      ['nta 7mar, sir t9ra', 'a'],
      ['واش كاين شي جديد فهاد الملف؟', 'b'],
    ] as const) {
      await site.store.comments.submit({
        articleId: full.id,
        name: 'قارئ',
        email: '',
        body,
        addressHash: hash.repeat(40),
      });
    }
  });

  after(async () => {
    await site?.close();
  });

  async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 }, ...options });
    return problems.watch(await context.newPage());
  }

  test('a reader posts a comment without JavaScript and is told it waits for review', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    try {
      await page.goto(`${baseUrl}${articleAt}`);
      const section = page.getByRole('region', { name: /التعليقات/ });
      assert.match((await section.textContent()) ?? '', /لا تعليقات بعد/);
      await page.getByLabel('الاسم').fill('مواطنة من مكناس');
      await page.getByLabel('التعليق', { exact: true }).fill(READER_COMMENT);
      await Promise.all([
        page.waitForURL(/\?comment=held/),
        page.getByRole('button', { name: 'أرسل التعليق' }).click(),
      ]);
      await page.getByRole('status').filter({ hasText: 'تعليقك بانتظار المراجعة' }).waitFor();
      assert.ok(
        !((await section.textContent()) ?? '').includes(READER_COMMENT),
        'not shown before an editor approves it',
      );
      await page.locator('#comments').screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-held-notice.png') });
      assert.deepEqual(problems.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('an editor rejects the insult and approves the reader’s comment with the keyboard', async () => {
    const page = await newPage();
    try {
      await signIn(page, baseUrl, EDITOR);
      await page.goto(`${baseUrl}/newsroom/comments`);
      const items = page.locator('li[data-comment]');
      assert.equal(await items.count(), 3);
      const first = items.nth(0);
      assert.match((await first.textContent()) ?? '', /كلمة من قائمة الكلمات الممنوعة: «7mar»/);
      assert.equal(await first.getAttribute('aria-current'), 'true', 'the first comment is selected');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-queue.png'), fullPage: true });

      await Promise.all([page.waitForURL(/done=reject/), page.keyboard.press('r')]);
      assert.equal(await items.count(), 2);
      await page.keyboard.press('j');
      assert.equal(await items.nth(1).getAttribute('aria-current'), 'true', 'J moves to the next comment');
      assert.match((await items.nth(1).textContent()) ?? '', /مواطنة من مكناس/);
      await Promise.all([page.waitForURL(/done=approve/), page.keyboard.press('a')]);
      assert.equal(await items.count(), 1);
      const log = (await page.getByRole('region', { name: 'سجل الإشراف' }).textContent()) ?? '';
      assert.match(log, /سلمى بنعلي · قبول/);
      assert.match(log, /سلمى بنعلي · رفض/);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-queue-after.png'), fullPage: true });
      assert.deepEqual(problems.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('the reader sees the approved comment under the article, with the count', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    try {
      await page.goto(`${baseUrl}${articleAt}`);
      const section = page.getByRole('region', { name: /التعليقات/ });
      const text = (await section.textContent()) ?? '';
      assert.ok(text.includes(READER_COMMENT));
      assert.ok(text.includes('مواطنة من مكناس'));
      assert.ok(!text.includes('7mar'), 'the rejected insult is not shown');
      assert.match(text, /التعليقات \(1\)/);
      await section.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-approved.png') });
      const phone = await newPage({ javaScriptEnabled: false });
      await phone.setViewportSize({ width: 390, height: 844 });
      const replyTo = await section.locator('li.comment').first().getAttribute('id');
      await phone.goto(`${baseUrl}${articleAt}?reply=${replyTo!.replace('comment-', '')}#comment-form`);
      await phone.getByText('ردا على').waitFor();
      await phone.locator('#comments').screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-reply-phone.png') });
      await phone.context().close();
      assert.deepEqual(problems.problems, []);
    } finally {
      await page.context().close();
    }
  });
});
