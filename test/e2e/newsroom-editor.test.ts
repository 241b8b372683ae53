/**
 * The article editor in a real browser. A contributor writes an article (a French name and a
 * number inside Arabic sentences) and sends it for review; an editor schedules it a few
 * seconds ahead; the job loop publishes it, and it is on its page, the home page and the RSS
 * feed. Then two editors open the same article: the second one's save is refused, the merge
 * view shows both versions, and the merged article keeps both editors' work (edits of
 * different paragraphs merged by themselves, one paragraph edited by both shown as a clash).
 * A restore on a published article asks first and waits for «تحديث المقال المنشور».
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  calendarDay,
  formatClockTime,
  formatMoroccanDate,
  formatNewsroomTime,
  formatUtcOffset,
  instantOfLocalTime,
  localDateTimeValue,
} from '../../src/arabic/dates.ts';
import type { Block } from '../../src/content/blocks.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import type { Store } from '../../src/store/store.ts';
import { cacheTags } from '../../src/web/cache-tags.ts';
import { AUTOSAVE_MS } from '../../src/web/newsroom/editor/editor-app.tsx';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const PASSWORD = 'كلمة سر غرفة الأخبار';
const ZONE = 'Africa/Casablanca';
const PEOPLE = {
  contributor: { email: 'hajar@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' },
  editor: { email: 'salma@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
  secondEditor: { email: 'youssef@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'editor' },
} as const;

const HEADLINE = 'الحكومة تعلن خطة جديدة لدعم المقاولات الصغيرة';
const PARAGRAPH = 'قال الوزير إن Emmanuel Macron وعد بدعم 250 مقاولة مغربية خلال سنة 2026 في إطار الشراكة.';

describe('the article editor in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  let jobs: JobLoop | undefined;
  /** How far ahead of the real time the job loop's clock runs: a test moves it to a scheduled time. */
  let jobsAhead = 0;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();
  /** Waiting for the job loop to purge a tag: the moment a change reaches readers. */
  const purgeWaiters: { tag: string; resolve: () => void }[] = [];
  const purgeOf = (tag: string) => new Promise<void>((resolve) => purgeWaiters.push({ tag, resolve }));

  before(async () => {
    site = await startNewsroomSite({
      accounts: Object.values(PEOPLE).map((person) => ({ ...person, password: PASSWORD })),
    });
    ({ store, app, browser, baseUrl } = site);
    const server = site.app;
    jobs = new JobLoop({
      store: site.store,
      timeZone: 'Africa/Casablanca',
      pollMs: 100,
      clock: () => new Date(Date.now() + jobsAhead),
      onPurge: (tags) => {
        server.pageCache.purge(tags);
        for (const waiter of purgeWaiters.filter((w) => tags.includes(w.tag))) {
          purgeWaiters.splice(purgeWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
    });
    jobs.start();
  });

  after(async () => {
    await jobs?.stop();
    await site?.close();
  });

  async function signedIn(person: keyof typeof PEOPLE): Promise<{ context: BrowserContext; page: Page }> {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1366, height: 900 } });
    const page = problems.watch(await context.newPage());
    await signIn(page, baseUrl, { email: PEOPLE[person].email, password: PASSWORD });
    return { context, page };
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
  }

  const saveState = (page: Page) => page.locator('.save-state');

  /** A draft of the editor's in «وطنية», by و.م.ع. */
  async function draftByEditor(headline: string, body: Block[]) {
    const owner = await newsroomAccounts(store!.db).accounts.findByEmail(PEOPLE.editor.email);
    return store!.newsroomArticles.create(
      { id: owner!.id, role: 'editor' },
      { headline, body, sectionSlug: 'وطنية', bylines: [{ name: 'و.م.ع', kind: 'organization' }] },
    );
  }

  test('a contributor writes and submits, an editor schedules, the job loop publishes it everywhere', async () => {
    const contributor = await signedIn('contributor');
    const editor = await signedIn('editor');
    try {
      const page = contributor.page;
      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/articles/new`),
        // The navigation's link (the desk has a button to the same page).
        page.getByRole('navigation', { name: 'غرفة الأخبار' }).getByRole('link', { name: 'مقال جديد' }).click(),
      ]);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
      await page.getByLabel('العنوان العلوي').fill('اقتصاد');
      await page.getByLabel('العنوان', { exact: true }).fill(HEADLINE);
      await page.getByLabel('الموجز').fill('خطة بقيمة مليار درهم تستهدف المقاولات الصغيرة والمتوسطة.');
      await page.getByLabel('مكان الخبر').fill('الرباط');
      const body = page.getByRole('textbox', { name: 'نص المقال' });
      await body.click();
      await page.keyboard.type(PARAGRAPH);
      await page.keyboard.press('Enter');
      await page.keyboard.type('وأضاف أن الخطة تبدأ الشهر المقبل.');
      await page.locator('#tag-input').fill('المقاولات');
      await page.locator('#tag-input').press('Enter');
      const seoTitle = page.getByLabel('عنوان محركات البحث');
      await seoTitle.fill('خطة حكومية لدعم المقاولات الصغيرة');
      assert.match((await page.locator('#field-seoTitle-count').textContent()) ?? '', /^33 \/ 60/);

      // The first save makes the draft and moves the address to the article's own.
      await page.waitForURL(/\/newsroom\/articles\/\d+$/, { timeout: 10_000 });
      await assert.doesNotReject(saveState(page).filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 }));
      const id = Number(/\/articles\/(\d+)$/.exec(page.url())?.[1]);
      const words = [HEADLINE, 'خطة بقيمة مليار درهم تستهدف المقاولات الصغيرة والمتوسطة.', PARAGRAPH]
        .join(' ')
        .split(' ').length;
      assert.equal(await page.locator('.word-count').textContent(), `${words + 6} كلمة`);
      const paragraphs = page.locator('.body-editor__text p');
      // The paragraph takes the article's direction, as readers will see it (no dir="auto").
      assert.equal(await paragraphs.first().getAttribute('dir'), null);
      assert.equal(await paragraphs.first().evaluate((p) => getComputedStyle(p).direction), 'rtl');
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'newsroom-editor.png');

      const saved = await store!.articles.findById(id, { publishedOnly: false });
      assert.equal(saved?.headline, HEADLINE);
      assert.deepEqual(
        saved?.body.map((b) => (b.type === 'paragraph' ? b.text : b.type)),
        [PARAGRAPH, 'وأضاف أن الخطة تبدأ الشهر المقبل.'],
      );
      assert.deepEqual(
        saved?.tags.map((t) => t.name),
        ['المقاولات'],
      );
      assert.equal(saved?.dateline, 'الرباط');

      // The preview shows the saved draft as readers will see it, in a new tab.
      const [preview] = await Promise.all([
        contributor.context.waitForEvent('page'),
        page.getByRole('button', { name: 'معاينة' }).click(),
      ]);
      await preview.waitForURL(/\/preview$/);
      assert.equal(await preview.locator('h1.headline').textContent(), HEADLINE);
      await preview.close();

      // A contributor has no publish button, and sends the article for review.
      assert.equal(await page.getByRole('button', { name: 'نشر', exact: true }).count(), 0);
      await page.getByRole('button', { name: 'إرسال للمراجعة' }).click();
      await page.locator('.status').filter({ hasText: 'قيد المراجعة' }).waitFor();
      // The text is no longer the contributor's to change (the editor's effect follows the render).
      await assert.doesNotReject(
        page.locator('.body-editor__text[contenteditable="false"]').waitFor({ timeout: 5_000 }),
      );
      assert.equal(await page.getByLabel('العنوان', { exact: true }).isDisabled(), true);

      // The editor schedules it a few seconds ahead, in Casablanca time.
      const desk = editor.page;
      await desk.goto(`${baseUrl}/newsroom/articles/${id}`);
      assert.equal(await desk.getByLabel('العنوان', { exact: true }).inputValue(), HEADLINE);
      await desk.getByRole('button', { name: 'جدولة النشر' }).click();
      await desk.getByLabel('موعد النشر (بتوقيت الدار البيضاء)').fill(casablancaLocal(new Date(Date.now() - 60_000)));
      problems.expect(400, `${baseUrl}/newsroom/articles/${id}/transitions`);
      await desk.locator('.workflow__form').getByRole('button', { name: 'جدولة النشر' }).click();
      await desk.getByRole('alert').filter({ hasText: 'وقت النشر المحدد قد مضى' }).waitFor();

      // An hour ahead, so that neither a slow browser makes it past nor the loop publishes it
      // before the check below; then the loop's clock is moved to it.
      const due = new Date(Date.now() + 3600_000);
      await desk.getByLabel('موعد النشر (بتوقيت الدار البيضاء)').fill(casablancaLocal(due));
      await desk.locator('.workflow__form').getByRole('button', { name: 'جدولة النشر' }).click();
      await desk.locator('.status').filter({ hasText: 'مجدول' }).waitFor();
      await screenshot(desk, 'newsroom-editor-scheduled.png');
      const readerPath = `/article/${id}/${encodeURIComponent(saved!.slug)}`;
      assert.equal((await app!.inject(readerPath)).statusCode, 404, 'not public before its time');

      // The job loop publishes it at its time: its page, the home page and the feed show it.
      jobsAhead = due.getTime() - Date.now();
      const deadline = Date.now() + 60_000;
      let status = 404;
      try {
        while (Date.now() < deadline && status !== 200) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          status = (await app!.inject(readerPath)).statusCode;
        }
      } finally {
        jobsAhead = 0;
      }
      assert.equal(status, 200, 'published by the job loop');
      const reader = problems.watch(await editor.context.newPage());
      await reader.goto(`${baseUrl}${readerPath}`);
      assert.equal(await reader.locator('h1').textContent(), HEADLINE);
      assert.equal(await reader.title(), `خطة حكومية لدعم المقاولات الصغيرة | ${site!.config.siteName}`);
      assert.match((await reader.locator('article').textContent()) ?? '', /Emmanuel Macron وعد بدعم 250 مقاولة/);
      await reader.goto(baseUrl);
      assert.ok((await reader.content()).includes(HEADLINE), 'on the home page');
      const rss = await reader.request.get(`${baseUrl}/feed.xml`);
      assert.ok((await rss.text()).includes(HEADLINE), 'in the RSS feed');
      assert.deepEqual(problems.problems, []);
    } finally {
      await contributor.context.close();
      await editor.context.close();
    }
  });

  test("schedules on Casablanca's clock whatever the browser's: the server stores the instant, the reader page shows the hour", async () => {
    const created = await draftByEditor('افتتاح معرض الكتاب بالرباط في موعده', [
      { type: 'paragraph', text: 'يفتتح المعرض الدولي للنشر والكتاب أبوابه أمام الزوار.' },
    ]);
    // A browser whose own clock is in Tokyo: every Casablanca time it shows comes from the server.
    const context = await browser!.newContext({
      locale: 'ar-MA',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1366, height: 900 },
    });
    const page = problems.watch(await context.newPage());
    try {
      await signIn(page, baseUrl, { email: PEOPLE.editor.email, password: PASSWORD });
      const before = Date.now();
      await page.goto(`${baseUrl}/newsroom/articles/${created.id}`);
      await page.getByRole('button', { name: 'جدولة النشر' }).click();
      const field = page.getByLabel('موعد النشر (بتوقيت الدار البيضاء)');
      const clockNow = await page.locator('.workflow__form .muted').textContent();
      const after = Date.now();
      // The page was made between the two: any minute from one to the other.
      const minutes = [];
      for (let t = before; t < after + 60_000; t += 60_000)
        minutes.push(formatClockTime(new Date(Math.min(t, after)), ZONE));
      assert.ok(
        minutes.some((minute) => clockNow?.includes(minute)),
        `the time now in Casablanca, not in Tokyo: ${clockNow}`,
      );

      // 18:00 tomorrow on Casablanca's clocks: the server turns it into the instant.
      const today = calendarDay(new Date(after), ZONE);
      const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
      const local = {
        year: tomorrow.getUTCFullYear(),
        month: tomorrow.getUTCMonth() + 1,
        day: tomorrow.getUTCDate(),
        hour: 18,
      };
      const expected = instantOfLocalTime(local, ZONE);
      await field.fill(localDateTimeValue(expected, ZONE));
      await page.locator('.workflow__form').getByRole('button', { name: 'جدولة النشر' }).click();
      await page.locator('.status').filter({ hasText: 'مجدول' }).waitFor();
      const stored = await store!.articles.findById(created.id, { publishedOnly: false });
      assert.equal(stored?.publishedAt?.toISOString(), expected.toISOString(), 'the instant the server stores');
      const statusLine = (await page.locator('.status-line__time').textContent()) ?? '';
      assert.ok(statusLine.includes(formatNewsroomTime(expected, ZONE)), statusLine);
      assert.ok(statusLine.includes('على الساعة 18:00'), statusLine);
      assert.ok(statusLine.includes(formatUtcOffset(expected, ZONE)), statusLine);
      await screenshot(page, 'newsroom-editor-scheduled-casablanca.png');

      // Rescheduling starts from the schedule set, then moves it ten minutes ahead.
      await page.getByRole('button', { name: 'جدولة النشر' }).click();
      assert.equal(await field.inputValue(), localDateTimeValue(expected, ZONE));
      const due = new Date(Math.ceil((Date.now() + 600_000) / 1000) * 1000);
      await field.fill(casablancaLocal(due));
      await page.locator('.workflow__form').getByRole('button', { name: 'جدولة النشر' }).click();
      await page
        .locator('.status-line__time')
        .filter({ hasText: formatClockTime(due, ZONE) })
        .waitFor();
      const rescheduled = await store!.articles.findById(created.id, { publishedOnly: false });
      assert.equal(rescheduled?.publishedAt?.toISOString(), due.toISOString());
      const readerPath = `/article/${created.id}/${encodeURIComponent(rescheduled!.slug)}`;
      assert.equal((await app!.inject(readerPath)).statusCode, 404, 'not public before its time');

      // The job loop's round at that instant (its clock given, not waited for) publishes it: the
      // reader page shows the same hour, and the same instant.
      await jobs!.runDue(() => due);
      assert.equal((await app!.inject(readerPath)).statusCode, 200, 'published by the job loop');
      await page.goto(`${baseUrl}${readerPath}`);
      const date = page.locator('header .date, .date').first();
      assert.equal(await date.locator('time').getAttribute('datetime'), due.toISOString());
      assert.equal(await date.locator('.clock').textContent(), formatClockTime(due, ZONE));
      assert.equal(await date.locator('time').textContent(), formatMoroccanDate(due, ZONE));
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });

  test('two editors on one article: the second gets the merge view and nothing is lost', async () => {
    const created = await draftByEditor('أمطار غزيرة مرتقبة بعدد من مناطق المملكة', [
      { type: 'paragraph', text: 'توقعت المديرية العامة للأرصاد الجوية أمطارا قوية.' },
    ]);
    const first = await signedIn('editor');
    const second = await signedIn('secondEditor');
    try {
      const url = `${baseUrl}/newsroom/articles/${created.id}`;
      await first.page.goto(url);
      await second.page.goto(url);

      // The first editor changes the headline and it is saved.
      await first.page.getByLabel('العنوان', { exact: true }).fill('أمطار رعدية قوية مرتقبة الليلة بعدد من المناطق');
      await first.page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });
      await first.page.locator('.muted').filter({ hasText: 'النسخة 2' }).waitFor();

      // The second, still on revision 1, adds a paragraph: refused, and shown both versions.
      problems.expect(409, `${url}`);
      const body = second.page.getByRole('textbox', { name: 'نص المقال' });
      await body.click();
      await second.page.keyboard.press('End');
      await second.page.keyboard.press('Enter');
      await second.page.keyboard.type('ودعت السلطات المواطنين إلى الحذر.');
      const conflict = second.page.locator('.conflict');
      await conflict.waitFor({ timeout: 10_000 });
      assert.match((await conflict.textContent()) ?? '', /عدّل شخص آخر هذا المقال/);
      // Typing goes on during the conflict, and every keystroke reaches this browser's copy.
      await assert.doesNotReject(
        second.page.waitForFunction(
          (id) => (localStorage.getItem(`ghad-editor:${id}`) ?? '').includes('ودعت السلطات المواطنين إلى الحذر.'),
          created.id,
          { timeout: 5_000 },
        ),
        'the unsaved text is kept in the browser',
      );
      await screenshot(second.page, 'newsroom-editor-conflict.png');

      // The headline only the first editor changed starts on their side; the body on this one's.
      const headlineSide = conflict.locator('fieldset', { hasText: 'العنوان' }).first();
      assert.equal(await headlineSide.locator('input[type=radio]').first().isChecked(), true);
      await conflict.getByRole('button', { name: 'حفظ الدمج' }).click();
      await second.page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });

      const merged = await store!.articles.findById(created.id, { publishedOnly: false });
      assert.equal(merged?.headline, 'أمطار رعدية قوية مرتقبة الليلة بعدد من المناطق');
      assert.deepEqual(
        merged?.body.map((b) => (b.type === 'paragraph' ? b.text : b.type)),
        ['توقعت المديرية العامة للأرصاد الجوية أمطارا قوية.', 'ودعت السلطات المواطنين إلى الحذر.'],
      );
      const owner = await newsroomAccounts(store!.db).accounts.findByEmail(PEOPLE.editor.email);
      const revisions = await store!.newsroomArticles.revisions({ id: owner!.id, role: 'editor' }, created.id);
      assert.ok(
        revisions.some((r) => r.kind === 'conflict'),
        'the refused save is kept as a revision',
      );
      assert.equal(
        await second.page.evaluate((id) => localStorage.getItem(`ghad-editor:${id}`), created.id),
        null,
        'forgotten once saved',
      );

      // The revisions panel lists who saved what, and shows a word-level diff.
      await second.page
        .locator('.revision')
        .filter({ hasText: 'النسخة 1' })
        .getByRole('button', { name: 'قارن' })
        .click();
      const diff = second.page.locator('.revision-diff');
      await diff.waitFor();
      assert.match((await diff.locator('ins').allTextContents()).join(' '), /رعدية/);
      assert.match((await second.page.locator('.revision-list').textContent()) ?? '', /يوسف الإدريسي/);
      await second.page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(second.page, 'newsroom-editor-revisions.png');
      assert.deepEqual(problems.problems, []);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  /** Puts the cursor at the end of the body's paragraph `index` and types there. */
  async function typeAtEndOf(page: Page, index: number, text: string): Promise<void> {
    await page.locator('.body-editor__text p').nth(index).click();
    await page.keyboard.press('End');
    // All at once, as a paste or an input method does: typed a key at a time, a slow machine can
    // pause long enough between two keys for the autosave to save half the words as a revision.
    await page.keyboard.insertText(text);
  }

  /** An article two editors open at revision 1: the first one's save makes revision 2. */
  async function twoEditorsOn(paragraphs: string[]) {
    const owner = await newsroomAccounts(store!.db).accounts.findByEmail(PEOPLE.editor.email);
    const actor = { id: owner!.id, role: 'editor' as const };
    const created = await store!.newsroomArticles.create(actor, {
      headline: 'حركة السير تعود إلى طبيعتها بعد الأمطار',
      body: paragraphs.map((text) => ({ type: 'paragraph' as const, text })),
      sectionSlug: 'وطنية',
      bylines: [{ name: 'و.م.ع', kind: 'organization' }],
    });
    const first = await signedIn('editor');
    const second = await signedIn('secondEditor');
    const url = `${baseUrl}/newsroom/articles/${created.id}`;
    await first.page.goto(url);
    await second.page.goto(url);
    const bodyOf = async () =>
      (await store!.articles.findById(created.id, { publishedOnly: false }))?.body.map((b) =>
        b.type === 'paragraph' ? b.text : b.type,
      );
    return { id: created.id, url, first, second, bodyOf };
  }

  test('merge after a conflict: edits of different paragraphs are both kept with the defaults', async () => {
    const P1 = 'أعلنت المديرية الإقليمية للتجهيز عن فتح الطريق.';
    const P2 = 'وكانت الطريق قد أغلقت بسبب الحجارة المتساقطة.';
    const { url, first, second, bodyOf } = await twoEditorsOn([P1, P2]);
    try {
      // The first editor adds words to paragraph 1: saved, revision 2.
      await typeAtEndOf(first.page, 0, ' صباح اليوم');
      await first.page.locator('.muted').filter({ hasText: 'النسخة 2' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(await bodyOf(), [`${P1} صباح اليوم`, P2]);

      // The second, still on revision 1, edits paragraph 2: the merge view opens.
      problems.expect(409, url);
      await typeAtEndOf(second.page, 1, ' ليلة أمس');
      const conflict = second.page.locator('.conflict');
      await conflict.waitFor({ timeout: 10_000 });
      assert.equal(await conflict.locator('.conflict__block').count(), 0, 'no clash: different paragraphs');
      await screenshot(second.page, 'newsroom-editor-merge-paragraphs.png');

      // «حفظ الدمج» with what it starts with: both editors' words.
      await conflict.getByRole('button', { name: 'حفظ الدمج' }).click();
      await second.page.locator('.muted').filter({ hasText: 'النسخة 4' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(await bodyOf(), [`${P1} صباح اليوم`, `${P2} ليلة أمس`]);
      assert.equal(await second.page.locator('.conflict').count(), 0);
      assert.deepEqual(problems.problems, []);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  test('merge after a conflict: one paragraph edited by both is shown as a clash, and no saved word is lost', async () => {
    const P1 = 'انطلقت صباح اليوم عملية توزيع المساعدات.';
    const P2 = 'وتشمل العملية عشرات الدواوير بالمنطقة.';
    const { url, first, second, bodyOf } = await twoEditorsOn([P1, P2]);
    try {
      await typeAtEndOf(first.page, 0, ' على الأسر المتضررة');
      await first.page.locator('.muted').filter({ hasText: 'النسخة 2' }).waitFor({ timeout: 10_000 });

      problems.expect(409, url);
      await typeAtEndOf(second.page, 0, ' بإقليم الحوز');
      const conflict = second.page.locator('.conflict');
      await conflict.waitFor({ timeout: 10_000 });

      // The clash is that paragraph, both versions shown, no side chosen for the person.
      const clash = conflict.locator('.conflict__block');
      assert.equal(await clash.count(), 1);
      assert.match((await clash.textContent()) ?? '', /الفقرة 1/);
      assert.match((await clash.textContent()) ?? '', /على الأسر المتضررة/);
      assert.match((await clash.textContent()) ?? '', /بإقليم الحوز/);
      assert.deepEqual(
        await clash
          .locator('input[type=radio]')
          .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).checked)),
        [false, false, false],
      );
      const save = conflict.getByRole('button', { name: 'حفظ الدمج' });
      assert.equal(await save.isDisabled(), true, 'the merge waits for a choice');
      assert.match((await conflict.textContent()) ?? '', /بقي اختلاف واحد لم تختر له بعد/);
      assert.deepEqual(await bodyOf(), [`${P1} على الأسر المتضررة`, P2], 'the saved words stand meanwhile');
      await screenshot(second.page, 'newsroom-editor-merge-clash.png');

      // Keeping both: the saved paragraph, then this editor's.
      await clash.getByLabel('الاثنتان: المحفوظة ثم نسختك').check();
      assert.equal(await save.isDisabled(), false);
      await save.click();
      await second.page.locator('.muted').filter({ hasText: 'النسخة 4' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(await bodyOf(), [`${P1} على الأسر المتضررة`, `${P1} بإقليم الحوز`, P2]);
      assert.deepEqual(problems.problems, []);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  test('«استرجع» on a published article asks first, and reaches readers only with «تحديث المقال المنشور»', async () => {
    const owner = await newsroomAccounts(store!.db).accounts.findByEmail(PEOPLE.editor.email);
    const actor = { id: owner!.id, role: 'editor' as const };
    const OLD = 'افتتح الملعب الجديد أبوابه أمام الجمهور.';
    const NEW = 'افتتح الملعب الكبير أبوابه أمام الجمهور مساء الجمعة.';
    const draft = {
      headline: 'افتتاح الملعب الجديد',
      body: [{ type: 'paragraph' as const, text: OLD }],
      sectionSlug: 'وطنية',
      bylines: [{ name: 'و.م.ع', kind: 'organization' as const }],
    };
    const created = await store!.newsroomArticles.create(actor, draft);
    await store!.newsroomArticles.save(actor, created.id, 1, { ...draft, body: [{ type: 'paragraph', text: NEW }] });
    await store!.newsroomArticles.transition(actor, created.id, { action: 'publish' });
    const published = await store!.articles.findById(created.id, { publishedOnly: true });
    const readerPath = `/article/${created.id}/${encodeURIComponent(published!.slug)}`;
    const readerText = async () => (await app!.inject(readerPath)).body;
    assert.ok((await readerText()).includes(NEW));

    const { context, page } = await signedIn('editor');
    // The page's timers run when the test says (autosave), not when the machine gets to them.
    await page.clock.install();
    try {
      await page.goto(`${baseUrl}/newsroom/articles/${created.id}`);
      const update = page.getByRole('button', { name: 'تحديث المقال المنشور' });
      assert.equal(await update.isDisabled(), true);
      const restoreOne = page
        .locator('.revision')
        .filter({ hasText: 'النسخة 1' })
        .getByRole('button', { name: 'استرجع' });

      // Asked first; «إلغاء» leaves everything as it was.
      await restoreOne.click();
      const ask = page.getByRole('alertdialog', { name: 'استرجاع النسخة 1؟' });
      await ask.waitFor();
      assert.match((await ask.textContent()) ?? '', /لا يصل إلى القراء إلا حين تضغط «تحديث المقال المنشور»/);
      await screenshot(page, 'newsroom-editor-restore-confirm.png');
      await ask.getByRole('button', { name: 'إلغاء' }).click();
      assert.equal(await ask.count(), 0);
      assert.equal(await page.locator('.body-editor__text').textContent(), NEW);

      // Confirmed: the old text is in the editor, not yet for readers.
      await restoreOne.click();
      await ask.getByRole('button', { name: 'نعم، استرجع النسخة 1' }).click();
      await page.locator('.notice--ok').filter({ hasText: 'لم يصل إلى القراء بعد' }).waitFor();
      // The notice can be drawn a moment before the editor holds the restored text.
      await page.locator('.body-editor__text').filter({ hasText: OLD }).waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('.body-editor__text').textContent(), OLD);
      assert.equal(await saveState(page).getAttribute('data-state'), 'unsaved');
      // Kept, not failed: the edit is waiting to be published, and the label says so.
      assert.equal(await saveState(page).textContent(), 'تعديلات لم تُنشر بعد');
      assert.equal(await update.isDisabled(), false);
      // Past the autosave's delay on the page's own clock: a published article's edit waits.
      await page.clock.runFor(AUTOSAVE_MS + 1_000);
      assert.equal(await saveState(page).getAttribute('data-state'), 'unsaved');
      const still = await store!.articles.findById(created.id, { publishedOnly: true });
      assert.deepEqual(still?.body, [{ type: 'paragraph', text: NEW }]);
      assert.equal(still?.revision, 2);
      assert.ok((await readerText()).includes(NEW), 'readers still see the published text');

      // «تحديث المقال المنشور» sends it to readers: the job loop purges the article's pages.
      const purged = purgeOf(cacheTags.article(created.id));
      await update.click();
      await page.locator('.muted').filter({ hasText: 'النسخة 3' }).waitFor({ timeout: 10_000 });
      await purged;
      assert.ok((await readerText()).includes(OLD), 'the update reaches readers');
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });

  test('on a phone: links and embeds from the toolbar, an unknown address refused in Arabic, no sideways scroll', async () => {
    assert.ok(browser, 'the browser did not start');
    const { context, page } = await signedIn('editor');
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.goto(`${baseUrl}/newsroom/articles/new`);
      // Nothing written, nothing saved: the label does not say «محفوظ».
      await page.getByLabel('العنوان', { exact: true }).waitFor();
      assert.equal(await saveState(page).textContent(), 'مسودة جديدة');
      await page.getByLabel('العنوان', { exact: true }).fill('مهرجان موازين يعود في دورة جديدة');
      assert.equal(await saveState(page).textContent(), 'لم يُحفظ');
      const body = page.getByRole('textbox', { name: 'نص المقال' });
      await body.click();
      await page.keyboard.type('أعلنت جمعية مغرب الثقافات عن البرنامج الكامل.');
      // Select the last word (in right-to-left text, the right arrow goes back) and link it.
      for (let i = 0; i < 'الكامل.'.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.getByRole('button', { name: 'رابط', exact: true }).click();
      await page.getByLabel('رابط النص المحدد (اتركه فارغا لإزالة الرابط)').fill('https://festivalmawazine.ma');
      await page.getByRole('button', { name: 'تطبيق' }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');

      await page.getByRole('button', { name: 'تضمين', exact: true }).click();
      const address = page.getByLabel('رابط يوتيوب أو إكس أو فيسبوك');
      await address.fill('https://vimeo.com/123456');
      await page.locator('.insert-panel').getByRole('button', { name: 'تضمين' }).click();
      assert.match((await page.locator('.insert-panel [role=alert]').textContent()) ?? '', /رابط غير مدعوم/);
      await address.fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
      await page.locator('.insert-panel').getByRole('button', { name: 'تضمين' }).click();
      await page.locator('.body-embed--youtube').waitFor();

      await page.waitForURL(/\/newsroom\/articles\/\d+$/, { timeout: 10_000 });
      await page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });
      const id = Number(/\/articles\/(\d+)$/.exec(page.url())?.[1]);
      const saved = await store!.articles.findById(id, { publishedOnly: false });
      assert.deepEqual(saved?.body, [
        {
          type: 'paragraph',
          text: 'أعلنت جمعية مغرب الثقافات عن البرنامج الكامل.',
          links: [{ start: 38, end: 45, href: 'https://festivalmawazine.ma' }],
        },
        { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
      ]);

      // A featured image number that the media library does not have: said in Arabic, the field marked.
      problems.expect(400, `${baseUrl}/newsroom/articles/${id}`);
      // The image chooser looks the number up for its thumbnail, and finds nothing.
      problems.expect(404, `${baseUrl}/newsroom/media/999`);
      const mediaField = page.getByLabel('رقم الصورة في مكتبة الصور');
      await mediaField.fill('999');
      await page.getByRole('alert').filter({ hasText: 'لا توجد في مكتبة الصور صورة رقمها 999' }).waitFor();
      // The chooser's own lookup may say it first; the field is marked when the save is refused.
      await mediaField.and(page.locator('[aria-invalid="true"]')).waitFor({ timeout: 10_000 });
      assert.equal(await mediaField.getAttribute('aria-invalid'), 'true');
      await mediaField.fill('');
      await page.locator('.save-state').filter({ hasText: 'محفوظ' }).waitFor({ timeout: 10_000 });
      await mediaField.and(page.locator(':not([aria-invalid])')).waitFor({ timeout: 10_000 });
      assert.equal(await mediaField.getAttribute('aria-invalid'), null);

      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, 'no horizontal scroll on a phone');
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'newsroom-editor-phone.png');
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});

/** "2026-11-29T18:00:05": a moment as Casablanca's clocks show it (what the schedule field takes). */
function casablancaLocal(date: Date): string {
  const seconds = String(date.getUTCSeconds()).padStart(2, '0');
  return `${localDateTimeValue(date, 'Africa/Casablanca')}:${seconds}`;
}
