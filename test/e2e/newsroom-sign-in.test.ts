/**
 * The newsroom in a real browser: an editor signs in through the form (after one wrong
 * password), lands on the newsroom desk, opens the account page and signs out. The pages are
 * Arabic and right to left, without console errors or failed requests. Screenshots go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSuiteSkip, PageProblems, SCREENSHOT_DIR } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

const ADMIN = {
  email: 'rachid@alghad24.ma',
  displayName: 'رشيد بنعلي',
  role: 'administrator',
  password: 'إدارة غرفة الأخبار',
};
const EDITOR = {
  email: 'salma.bennani@alghad24.ma',
  displayName: 'سلمى بناني',
  role: 'editor',
  password: 'مقال الغد الطويل',
};

describe('newsroom sign-in in a browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const problems = new PageProblems();

  before(async () => {
    // Behind a proxy that names the client (X-Forwarded-For): two browsers, two addresses.
    site = await startNewsroomSite({ accounts: [EDITOR, ADMIN], config: { trustProxy: true } });
    ({ browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
  }

  test('an editor signs in through the form, sees the newsroom home, and signs out', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 800 } });
    const page = problems.watch(await context.newPage());
    try {
      const first = await page.goto(`${baseUrl}/newsroom`);
      assert.equal(new URL(page.url()).pathname, '/newsroom/sign-in', 'sent to the sign-in page');
      assert.equal(first?.status(), 200);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
      assert.equal(await page.locator('h1').textContent(), 'تسجيل الدخول');
      const fontFamily = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      assert.match(fontFamily, /Ghad Naskh/);
      await screenshot(page, 'newsroom-sign-in.png');

      // A wrong password: the Arabic message, the email kept.
      problems.expect(401, `${baseUrl}/newsroom/sign-in`);
      await page.getByLabel('البريد الإلكتروني').fill(EDITOR.email);
      await page.getByLabel('كلمة المرور').fill('ليست كلمة المرور');
      await page.getByRole('button', { name: 'دخول' }).click();
      await page.waitForLoadState();
      assert.equal(await page.getByRole('alert').textContent(), 'البريد الإلكتروني أو كلمة المرور غير صحيحة.');
      assert.equal(await page.getByLabel('البريد الإلكتروني').inputValue(), EDITOR.email);
      await screenshot(page, 'newsroom-sign-in-wrong-password.png');

      await page.getByLabel('كلمة المرور').fill(EDITOR.password);
      await Promise.all([page.waitForURL(`${baseUrl}/newsroom`), page.getByRole('button', { name: 'دخول' }).click()]);
      assert.equal(await page.locator('h1').textContent(), 'مكتب التحرير');
      assert.match((await page.locator('.lead').textContent()) ?? '', new RegExp(`مرحبا، ${EDITOR.displayName}.*محرر`));
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'ghad_session');
      assert.ok(session, 'a session cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.path, '/newsroom');
      assert.equal(await page.evaluate(() => document.cookie), '', 'no cookie is readable by scripts');
      await screenshot(page, 'newsroom-home.png');

      await Promise.all([
        page.waitForURL(`${baseUrl}/newsroom/account`),
        page.getByRole('link', { name: 'حسابي', exact: true }).click(),
      ]);
      assert.match((await page.locator('.sessions').textContent()) ?? '', /هذا الجهاز/);

      await Promise.all([
        page.waitForURL(/\/newsroom\/sign-in\?done=signed-out$/),
        page.getByRole('button', { name: 'تسجيل الخروج', exact: true }).click(),
      ]);
      assert.equal(await page.getByRole('status').textContent(), 'خرجت من غرفة الأخبار.');
      assert.equal(
        (await context.cookies()).some((c) => c.name === 'ghad_session'),
        false,
      );
      await page.goto(`${baseUrl}/newsroom`);
      assert.equal(new URL(page.url()).pathname, '/newsroom/sign-in', 'signed out for good');
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });

  test('an administrator adds a user, who chooses a password through the link and signs in', async () => {
    assert.ok(browser, 'the browser did not start');
    const adminContext = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const newcomerContext = await browser.newContext({ locale: 'ar-MA', viewport: { width: 360, height: 740 } });
    try {
      const admin = problems.watch(await adminContext.newPage());
      await signIn(admin, baseUrl, ADMIN);
      await Promise.all([
        admin.waitForURL(`${baseUrl}/newsroom/users`),
        admin.getByRole('link', { name: 'المستخدمون', exact: true }).click(),
      ]);
      await admin.getByLabel('البريد الإلكتروني').fill('mehdi@alghad24.ma');
      await admin.getByLabel('الاسم كما يظهر في غرفة الأخبار').fill('مهدي الصحراوي');
      await admin.getByLabel('الدور').selectOption('author');
      await admin.getByRole('button', { name: 'إضافة' }).click();
      await admin.waitForLoadState();
      const link = await admin.getByLabel('رابط تعيين كلمة المرور').inputValue();
      assert.match(link, /\/newsroom\/reset\/[A-Za-z0-9_-]{43}$/);
      assert.match((await admin.locator('table.users').textContent()) ?? '', /مهدي الصحراوي/);
      await screenshot(admin, 'newsroom-users.png');

      const newcomer = problems.watch(await newcomerContext.newPage());
      await newcomer.goto(link);
      assert.match((await newcomer.locator('main').textContent()) ?? '', /مهدي الصحراوي/);
      await newcomer.getByLabel('كلمة المرور الجديدة (10 أحرف على الأقل)').fill('صحراء مهدي 2026');
      await newcomer.getByLabel('أعد كتابتها').fill('صحراء مهدي 2026');
      await Promise.all([
        newcomer.waitForURL(/done=password-set$/),
        newcomer.getByRole('button', { name: 'حفظ كلمة المرور' }).click(),
      ]);
      await newcomer.getByLabel('البريد الإلكتروني').fill('mehdi@alghad24.ma');
      await newcomer.getByLabel('كلمة المرور').fill('صحراء مهدي 2026');
      await Promise.all([
        newcomer.waitForURL(`${baseUrl}/newsroom`),
        newcomer.getByRole('button', { name: 'دخول' }).click(),
      ]);
      assert.equal(await newcomer.locator('h1').textContent(), 'مكتب التحرير');
      assert.match((await newcomer.locator('.lead').textContent()) ?? '', /مرحبا، مهدي الصحراوي/);
      const overflow = await newcomer.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, 'no horizontal scroll on a phone');
      await screenshot(newcomer, 'newsroom-home-phone.png');
      assert.deepEqual(problems.problems, []);
    } finally {
      await adminContext.close();
      await newcomerContext.close();
    }
  });

  test("a guesser's wrong passwords slow down only their own address: the editor still signs in elsewhere", async () => {
    assert.ok(browser, 'the browser did not start');
    const guesser = await browser.newContext({
      locale: 'ar-MA',
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.66' },
    });
    const owner = await browser.newContext({
      locale: 'ar-MA',
      extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.20' },
    });
    try {
      const page = problems.watch(await guesser.newPage());
      problems.expect(401, `${baseUrl}/newsroom/sign-in`);
      problems.expect(429, `${baseUrl}/newsroom/sign-in`);
      await page.goto(`${baseUrl}/newsroom/sign-in`);
      const attempt = async (password: string) => {
        await page.getByLabel('البريد الإلكتروني').fill(EDITOR.email);
        await page.getByLabel('كلمة المرور').fill(password);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url() === `${baseUrl}/newsroom/sign-in` && r.request().method() === 'POST'),
          page.getByRole('button', { name: 'دخول' }).click(),
        ]);
        await page.waitForLoadState();
        return response.status();
      };
      // Ten wrong passwords (the default limit per email and address in 15 minutes).
      for (let i = 0; i < 10; i++) assert.equal(await attempt(`تخمين رقم ${i}`), 401);
      // From this address even the right password now waits, with the wait said in Arabic.
      assert.equal(await attempt(EDITOR.password), 429);
      assert.match((await page.locator('main').textContent()) ?? '', /محاولات دخول كثيرة في وقت قصير/);
      await screenshot(page, 'newsroom-sign-in-slowed-down.png');

      // The editor, from their own address, is not locked out.
      const editorPage = problems.watch(await owner.newPage());
      await signIn(editorPage, baseUrl, EDITOR);
      assert.equal(await editorPage.locator('h1').textContent(), 'مكتب التحرير');
      assert.deepEqual(problems.problems, []);
    } finally {
      await guesser.close();
      await owner.close();
    }
  });
});
