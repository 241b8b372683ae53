/**
 * An article in its story, in a real browser, on 60 Jawhara FM articles: a reader's article
 * page shows «اقرأ أيضا» with the articles GET /api/v1/articles/:id/related gives, each with its
 * reason, and following one opens it; an author who saves a published dispatch rewritten sees
 * «يشبه مقالاً منشوراً» with the dispatch's link and the similarity; «السياق» shows the days the
 * text refers to, with the sentence, and leads to that day; an editor removes an article from
 * «اقرأ أيضا» and pins another found by its headline, and the reader page follows. Screenshots go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { articlePath, dayArchivePath } from '../../src/web/site/urls.ts';
import { deskRewrite, jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const AUTHOR = {
  email: 'youssef@alghad24.ma',
  displayName: 'يوسف الإدريسي',
  role: 'author' as const,
  password: 'كلمة سر القصص في المتصفح',
};
const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بنعلي',
  role: 'editor' as const,
  password: 'كلمة سر المحررة في المتصفح',
};
const RECORDS = jawharaRecords(60);
const DISPATCH = RECORDS.find((r) => r.id === 'JA-culture-1-20170120')!;

describe('an article in its story, in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const ids = new Map<string, number>();
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [AUTHOR, EDITOR],
      seed: async (store) => {
        for (const record of RECORDS) {
          ids.set(String(record.id), (await store.articles.upsertByExternalId(jawharaArticle(record))).id);
        }
      },
    });
    ({ browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  async function newPage(): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    return problems.watch(await context.newPage());
  }

  test('a reader finds «اقرأ أيضا» under the article, with why, and follows one', async () => {
    // The first article with related ones, as the API gives them.
    let read: { id: number; related: { id: number; title: string; url: string; reason: string }[] } | undefined;
    for (const id of ids.values()) {
      const answer = await site!.app.inject(`/api/v1/articles/${id}/related`);
      const related = (answer.json() as { related: { id: number; title: string; url: string; reason: string }[] })
        .related;
      if (related.length >= 2) {
        read = { id, related };
        break;
      }
    }
    assert.ok(read, 'an article among 60 with two related ones');
    const article = (await site!.store.articles.findById(read.id, { publishedOnly: true }))!;
    const page = await newPage();
    try {
      await page.goto(`${baseUrl}${articlePath(article)}`);
      const box = page.getByRole('complementary', { name: 'اقرأ أيضا' });
      await box.waitFor();
      const items = box.getByRole('listitem');
      assert.equal(await items.count(), read.related.length);
      for (const [i, related] of read.related.entries()) {
        const item = items.nth(i);
        assert.equal(
          await item.getByRole('link', { name: related.title }).getAttribute('href'),
          new URL(related.url).pathname,
        );
        assert.match((await item.textContent()) ?? '', new RegExp(related.reason));
      }
      await box.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'read-also.png') });
      await Promise.all([
        page.waitForURL(`${baseUrl}${new URL(read.related[0]!.url).pathname}`),
        items.first().getByRole('link', { name: read.related[0]!.title }).click(),
      ]);
      assert.equal(await page.locator('h1').first().textContent(), read.related[0]!.title);
    } finally {
      await page.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });

  test('a reader finds «السياق»: the days the text refers to, each leading to that day', async () => {
    // The lists and dates a running server's job loop keeps.
    while ((await site!.store.related.refreshDue({ timeZone: site!.config.timeZone })) > 0) {}
    let found: { id: number; matched: string; href: string } | undefined;
    for (const id of ids.values()) {
      const kept = await site!.store.related.storyOf(
        { ...(await site!.store.articles.findById(id, { publishedOnly: true }))!, sectionId: 0 },
        { timeZone: site!.config.timeZone },
      );
      const date = kept.dates.find((d) => d.archived && d.day !== undefined && d.articleId === undefined);
      if (date) {
        found = {
          id,
          matched: date.matched,
          href: dayArchivePath({ year: date.year, month: date.month, day: date.day! }),
        };
        break;
      }
    }
    assert.ok(found, 'an article among 60 that refers to a day the archive holds');
    const article = (await site!.store.articles.findById(found.id, { publishedOnly: true }))!;
    const page = await newPage();
    try {
      await page.goto(`${baseUrl}${articlePath(article)}`);
      const box = page.getByRole('complementary', { name: 'السياق' });
      await box.waitFor();
      const quote = box.locator('q', { has: page.locator('strong', { hasText: found.matched }) });
      const link = quote.getByRole('link');
      assert.equal(await link.getAttribute('href'), found.href);
      assert.equal(
        await box
          .locator('li.story-context__now')
          .textContent()
          .then((t) => t?.includes('هذا المقال')),
        true,
      );
      await box.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'story-context.png') });
      await Promise.all([page.waitForURL(`${baseUrl}${found.href}`), link.click()]);
      assert.match((await page.locator('h1').first().textContent()) ?? '', /أرشيف/);
    } finally {
      await page.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });

  test('an author who saves a published dispatch rewritten is told which, with the similarity', async () => {
    const [author] = site!.accounts;
    const actor = { id: author!.id, role: author!.role };
    const rewrite = deskRewrite(DISPATCH, 'unused', 'عنوان الديسك للبرقية');
    const draft = { headline: rewrite.headline, body: rewrite.body, sectionSlug: 'ثقافة', bylines: [] };
    const { id } = await site!.store.newsroomArticles.create(actor, draft);
    const dispatchId = ids.get(String(DISPATCH.id))!;
    const dispatch = (await site!.store.articles.findById(dispatchId, { publishedOnly: true }))!;
    const page = await newPage();
    try {
      await signIn(page, baseUrl, AUTHOR);
      await page.goto(`${baseUrl}/newsroom/articles/${id}`);
      const panel = page.locator('[data-near-copies]');
      await panel.getByRole('heading', { name: 'يشبه مقالاً منشوراً' }).waitFor();
      const link = panel.getByRole('link', { name: dispatch.headline });
      assert.equal(await link.getAttribute('href'), articlePath(dispatch));
      assert.match((await panel.locator(`[data-near-copy="${dispatchId}"]`).textContent()) ?? '', /تطابق \d+٪/);
      await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-near-copy.png') });
    } finally {
      await page.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });

  test('an editor removes an automatic article from «اقرأ أيضا» and pins one found by its headline', async () => {
    // The last article with three related ones (the first test's page may be in the page cache).
    let chosen: { id: number; related: number[] } | undefined;
    for (const id of [...ids.values()].reverse()) {
      const answer = await site!.app.inject(`/api/v1/articles/${id}/related`);
      const related = (answer.json() as { related: { id: number }[] }).related.map((r) => r.id);
      if (related.length >= 3) {
        chosen = { id, related };
        break;
      }
    }
    assert.ok(chosen, 'an article among 60 with three related ones');
    const store = site!.store;
    const [removed] = await store.articles.publishedSummaries([chosen.related[0]!]);
    const outside = [...ids.values()].filter((id) => id !== chosen.id && !chosen.related.includes(id));
    const [pinned] = await store.articles.publishedSummaries(outside.slice(0, 1));
    const page = await newPage();
    try {
      await signIn(page, baseUrl, EDITOR);
      await page.goto(`${baseUrl}/newsroom/articles/${chosen.id}`);
      const panel = page.locator('[data-related-panel]');
      await panel.locator('[data-related-automatic]').waitFor();
      await panel.getByRole('button', { name: `إزالة «${removed!.headline}»` }).click();
      await panel.locator(`[data-related-removed] [data-related="${removed!.id}"]`).waitFor();

      await panel.getByLabel('تثبيت مقال آخر: ابحث عنه بكلمات من عنوانه').fill(pinned!.headline);
      await panel.getByRole('button', { name: 'بحث' }).click();
      await panel
        .locator('[data-related-found]')
        .getByRole('button', { name: `تثبيت «${pinned!.headline}»` })
        .click();
      await panel.locator(`[data-related-pinned] [data-related="${pinned!.id}"]`).waitFor();
      assert.match((await panel.getByRole('status').textContent()) ?? '', /ثُبّت/);
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-related.png') });

      const article = (await store.articles.findById(chosen.id, { publishedOnly: true }))!;
      await page.goto(`${baseUrl}${articlePath(article)}`);
      const box = page.getByRole('complementary', { name: 'اقرأ أيضا' });
      const first = box.getByRole('listitem').first();
      assert.equal(await first.getByRole('link').textContent(), pinned!.headline);
      assert.match((await first.textContent()) ?? '', /اختيار التحرير/);
      assert.equal(await box.getByRole('link', { name: removed!.headline }).count(), 0);
    } finally {
      await page.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });
});
