/**
 * The newsroom's entities in a real browser. An editor opens «الكيانات» from the navigation,
 * finds two spellings of one man among the suspected duplicates and presses «دمج»: the reader
 * page of the merged one, served from the page cache a moment before, now redirects to the
 * other. Then the article editor's «ما وجدناه في النص» panel lists what the saved text names,
 * and ✓ confirms one there. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { entityPath } from '../../src/web/site/urls.ts';
import { clearEntities, entityNamed, found, indexFound } from '../helpers/entities.ts';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const EDITOR = {
  email: 'salma@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor' as const,
  password: 'كلمة سر الكيانات في المتصفح',
};
const GANTZ = 'بيني گانتز';
const GANTZ_TOO = 'بني غانتس';

describe('the newsroom’s entities in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      sampleNewspaper: { dated: 6, undated: 0, recent: 0 },
      seed: async (store) => {
        const ids = await store.db.selectFrom('articles').select('id').orderBy('id').execute();
        const a = ids.map((row) => row.id);
        await clearEntities(store);
        await indexFound(store, [
          [a[0]!, [found('PER', GANTZ, ['گانتز']), found('LOC', 'إسرائيل')]],
          [a[1]!, [found('PER', GANTZ, ['گانتز']), found('LOC', 'إسرائيل')]],
          [a[2]!, [found('PER', GANTZ)]],
          [a[3]!, [found('PER', GANTZ_TOO), found('LOC', 'إسرائيل')]],
        ]);
      },
    });
    ({ browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  async function editorPage(): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    const page = problems.watch(await context.newPage());
    await signIn(page, baseUrl, EDITOR);
    return page;
  }

  /** A reader who has never been to the site (nothing in the browser's cache). */
  async function readerPage(): Promise<Page> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA' });
    return problems.watch(await context.newPage());
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
  }

  test('an editor merges a suspected duplicate, and its reader page redirects to the other', async () => {
    const store = site!.store;
    const from = await entityNamed(store, GANTZ_TOO);
    const into = await entityNamed(store, GANTZ);
    const fromEntity = (await store.entities.get(from))!;
    const intoEntity = (await store.entities.get(into))!;
    const page = await editorPage();
    try {
      // The reader page of the smaller one, in the page cache before the merge.
      const firstReader = await readerPage();
      const before = await firstReader.goto(`${baseUrl}${entityPath(fromEntity)}`);
      assert.equal(before?.status(), 200);
      assert.match((await firstReader.locator('h1').first().textContent()) ?? '', /بني غانتس/);
      await firstReader.context().close();
      const cached = site!.app.pageCache.stats.entries;
      assert.ok(cached > 0, 'the page is in the page cache');

      await page.goto(`${baseUrl}/newsroom`);
      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/entities`),
        page.getByRole('navigation', { name: 'غرفة الأخبار' }).getByRole('link', { name: 'الكيانات' }).click(),
      ]);
      const pair = page.locator(`[data-list="duplicates"] li[data-from="${from}"][data-into="${into}"]`);
      await pair.waitFor();
      await screenshot(page, 'newsroom-entities.png');
      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/entities?done=merged`),
        pair.getByRole('button', { name: `دمج «${GANTZ_TOO}» في «${GANTZ}»` }).click(),
      ]);
      await page.getByText('دُمج الكيانان').waitFor();
      assert.equal(await page.locator(`[data-list="duplicates"] li[data-from="${from}"]`).count(), 0);
      assert.equal((await store.entities.get(from))?.mergedInto, into);

      // The same address now leads readers to the one it was merged into: the cached page was purged.
      assert.ok(site!.app.pageCache.stats.entries < cached, 'the merge purged the cached page');
      const answer = await site!.app.inject(entityPath(fromEntity));
      assert.equal(answer.statusCode, 301);
      assert.equal(answer.headers.location, entityPath(intoEntity));
      const reader = await readerPage();
      const after = await reader.goto(`${baseUrl}${entityPath(fromEntity)}`);
      assert.equal(after?.status(), 200);
      assert.equal(new URL(reader.url()).pathname, entityPath(intoEntity));
      assert.match((await reader.locator('h1').first().textContent()) ?? '', /بيني گانتز/);
      assert.equal((await after?.request().redirectedFrom()?.response())?.status(), 301);
      await reader.context().close();

      // The newsroom page of the merged one says where it went.
      await page.goto(`${baseUrl}/newsroom/entities/${from}`);
      await page.locator(`[data-merged-into="${into}"]`).waitFor();
      await page.goto(`${baseUrl}/newsroom/entities/${into}`);
      await page.locator(`[data-list="log"] li[data-action="merge"]`).waitFor();
      await screenshot(page, 'newsroom-entity.png');
    } finally {
      await page.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });

  test('the editor lists what the saved text names, and ✓ confirms one there', async () => {
    const store = site!.store;
    const [editor] = site!.accounts;
    const actor = { id: editor!.id, role: editor!.role };
    const draft = {
      headline: 'أخنوش يستقبل وزير الخارجية الفرنسي',
      body: [
        {
          type: 'paragraph' as const,
          text: 'استقبل رئيس الحكومة عزيز أخنوش، اليوم الثلاثاء بالرباط، وزير الخارجية الفرنسي. وقال أخنوش إن المغرب وفرنسا تجمعهما شراكة استثنائية.',
        },
      ],
      sectionSlug: 'وطنية',
      bylines: [{ name: 'و.م.ع', kind: 'organization' as const }],
    };
    const { id } = await store.newsroomArticles.create(actor, draft);
    await store.newsroomArticles.save(actor, id, 1, draft);
    const page = await editorPage();
    try {
      await page.goto(`${baseUrl}/newsroom/articles/${id}`);
      const panel = page.locator('[data-entities-panel]');
      await panel.getByRole('heading', { name: 'ما وجدناه في النص' }).waitFor();
      const akhannouch = panel.locator('li', { has: page.getByRole('link', { name: 'عزيز أخنوش' }) });
      await akhannouch.waitFor();
      assert.match((await akhannouch.textContent()) ?? '', /شخص/);
      assert.match((await akhannouch.textContent()) ?? '', /مقترح/);
      assert.match((await akhannouch.textContent()) ?? '', /كما ورد:.*أخنوش/);
      const entityId = Number(await akhannouch.getAttribute('data-entity'));
      assert.equal(
        await akhannouch.getByRole('link', { name: 'عزيز أخنوش' }).getAttribute('href'),
        `/newsroom/entities/${entityId}`,
      );
      await akhannouch.getByRole('button', { name: 'تأكيد «عزيز أخنوش»' }).click();
      await panel.getByText('أُكّد «عزيز أخنوش».').waitFor();
      assert.match((await akhannouch.textContent()) ?? '', /مؤكد/);
      assert.equal(await akhannouch.getByRole('button', { name: 'تأكيد «عزيز أخنوش»' }).count(), 0);
      assert.equal((await store.entities.get(entityId))?.status, 'confirmed');
      await screenshot(page, 'newsroom-editor-entities.png');
      await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-entities-panel.png') });
    } finally {
      await page.context().close();
    }
    assert.deepEqual(problems.problems, []);
  });
});
