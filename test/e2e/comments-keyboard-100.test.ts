/**
 * The keyboard bar: an editor moderates 100 waiting comments in /newsroom/comments with
 * the keyboard only (A approve, R reject, B ban the address), reading each one's id from the
 * selected comment, in a real browser. Asserts the outcome (every comment decided, each in the
 * state its key gives, the queue empty, the log holding the decisions); prints the script's time
 * (the issue asks under two minutes; the time is reported, not asserted: it depends on the
 * machine). Screenshot: test-output/screenshots/comments-queue-100-done.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'nadia@alghad24.ma',
  displayName: 'نادية الشرقاوي',
  role: 'editor' as const,
  password: 'كلمة سر مئة تعليق',
};
const RECORDS = jawharaRecords(10);
const COMMENTS = 100;

/** Which key the editor presses for the i-th comment: most approved, some rejected, a few banned. */
function keyFor(i: number): 'a' | 'r' | 'b' {
  if (i % 20 === 7) return 'b';
  if (i % 5 === 3) return 'r';
  return 'a';
}
const STATE_OF = { a: 'approved', r: 'rejected', b: 'spam' } as const;

describe('moderating 100 comments with the keyboard', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  /** Each comment's key, by its id. */
  const planned = new Map<number, 'a' | 'r' | 'b'>();
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      seed: (store) => store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle)),
    });
    ({ browser, baseUrl } = site);
    const { store } = site;
    const articles = await store.articles.listPublishedPage({ limit: 10 });
    for (let i = 0; i < COMMENTS; i++) {
      const article = articles[i % articles.length]!;
      const saved = await store.comments.submit({
        articleId: article.id,
        name: `قارئ رقم ${i + 1}`,
        email: '',
        body: `تعليق رقم ${i + 1} على «${article.headline}»: نتمنى أن تتابعوا الموضوع في الأيام المقبلة.`,
        addressHash: String(i).padStart(40, '0'),
      });
      assert.equal(saved.status, 'pending', 'pre-moderated: every comment waits');
      planned.set(saved.id, keyFor(i));
    }
  });

  after(async () => {
    await site?.close();
  });

  test('an editor decides all 100 with A, R and B; each ends in the state its key gives', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, EDITOR);
      await page.goto(`${baseUrl}/newsroom/comments`);
      const current = page.locator('li[data-comment][aria-current="true"]');
      const started = performance.now();
      let pressed = 0;
      for (;;) {
        if ((await page.locator('li[data-comment]').count()) === 0) break;
        const id = Number(await current.getAttribute('data-comment'));
        const key = planned.get(id);
        assert.ok(key, `comment ${id} is one of the 100`);
        // The key presses the comment's own button: the form posts and the queue comes back.
        await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
        pressed++;
        assert.ok(pressed <= COMMENTS, 'no comment needed a second key');
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `moderated ${pressed} comments with the keyboard in ${seconds.toFixed(1)} s of script time (${((seconds / pressed) * 1000).toFixed(0)} ms a comment; the issue's bar: under 120 s)`,
      );
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-queue-100-done.png'), fullPage: true });

      assert.equal(pressed, COMMENTS);
      const rows = await site!.store.db.selectFrom('comments').select(['id', 'status']).execute();
      assert.equal(rows.length, COMMENTS);
      for (const row of rows) assert.equal(row.status, STATE_OF[planned.get(row.id)!], `comment ${row.id}`);
      const counts = { a: 0, r: 0, b: 0 };
      for (const key of planned.values()) counts[key]++;
      assert.deepEqual(counts, { a: 75, r: 20, b: 5 });
      const bans = await site!.store.db.selectFrom('comment_bans').select('address_hash').execute();
      assert.equal(bans.length, counts.b, 'each B banned its comment’s address');
      assert.match((await page.locator('main').textContent()) ?? '', /لا تعليقات/);
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
