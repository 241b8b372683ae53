/**
 * Hostile text stays text, in a real browser: an article whose headline, kicker, dek, body,
 * link, tag, byline and correction carry script payloads is published and marked breaking (so
 * its headline is in the banner of every page). Chromium opens the reader pages (home, the
 * article, its section, search) and the newsroom pages (desk, editor, preview): no payload
 * runs (a script that ran would set window.__xss or open a dialog), no element from the
 * payload exists, and the payload is shown as the characters it is. Readers' comments carry
 * them too, in the name and the text: under the article and in the moderation queue. The
 * article is a live coverage whose entries carry them in the title, the text and a quote's
 * author: on the page, in an entry the page's script inserts from the change list while it is
 * open, and on the live desk.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Store } from '../../src/store/store.ts';
import { browserSuiteSkip, PageProblems } from './browser.ts';
import { type NewsroomSite, signIn, startNewsroomSite } from './newsroom-site.ts';

/** Each payload marks the page if it runs, in a different context (element, attribute, URL). */
const PAYLOADS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '"><svg onload="window.__xss = \'svg\'">',
  "'><iframe src=\"javascript:window.top.__xss='iframe'\"></iframe>",
];
const HEADLINE = `عاجل: الحكومة تعلن ${PAYLOADS[0]} خطة جديدة ${PAYLOADS[1]}`;

const EDITOR = { email: 'nadia@alghad24.ma', displayName: 'نادية العلوي', role: 'editor', password: 'نص لا يُنفَّذ أبدا' };

describe('script payloads stay inert in the browser', { skip: browserSuiteSkip() }, () => {
  let site: NewsroomSite | undefined;
  let store: Store | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let articleId: number;
  const problems = new PageProblems();

  before(async () => {
    site = await startNewsroomSite({
      accounts: [EDITOR],
      sampleNewspaper: { dated: 10, undated: 0, recent: 2 },
      ownSiteUrl: false,
      seed: async (store, [editor]) => {
        const actor = { id: editor!.id, role: editor!.role };
        const linkText = 'التفاصيل هنا';
        const paragraph = `قال المتحدث ${PAYLOADS[2]} إن ${linkText} ${PAYLOADS[3]}`;
        const start = paragraph.indexOf(linkText);
        const written = await store.newsroomArticles.create(actor, {
          headline: HEADLINE,
          kicker: PAYLOADS[2]!,
          dek: `موجز ${PAYLOADS[3]}`,
          sectionSlug: (await store.taxonomy.sections())[0]!.slug,
          body: [
            {
              type: 'paragraph',
              text: paragraph,
              // javascript: addresses are refused when a draft is saved; quotes in an address stay in it.
              links: [
                {
                  start,
                  end: start + linkText.length,
                  href: 'https://example.org/"><img/src=x/onerror=window.__xss=1>',
                },
              ],
            },
            { type: 'heading', level: 2, text: PAYLOADS[1]! },
            { type: 'quote', text: PAYLOADS[0]! },
            { type: 'list', ordered: false, items: [PAYLOADS[2]!, PAYLOADS[3]!] },
          ],
          bylines: [{ name: `مراسل ${PAYLOADS[1]}`, kind: 'person' }],
          tags: [`وسم ${PAYLOADS[2]}`],
        });
        articleId = written.id;
        await store.newsroomArticles.transition(actor, articleId, { action: 'publish' });
        await store.newsroomArticles.transition(actor, articleId, {
          action: 'correct',
          note: `تصحيح ${PAYLOADS[1]}`,
        });
        await store.curation.markBreaking(actor, articleId, new Date(Date.now() + 3600_000));
        // Readers' comments carrying every payload, in the name and the text: shown under the
        // article once approved, and one left waiting in the moderation queue.
        const commentIds: number[] = [];
        for (const [i, payload] of PAYLOADS.entries()) {
          const { id } = await store.comments.submit({
            articleId,
            name: `قارئ ${payload}`,
            email: '',
            body: `تعليق ${payload}`,
            addressHash: `reader-${i}`.padEnd(40, '0'),
          });
          commentIds.push(id);
        }
        await store.comments.decide(actor, commentIds.slice(0, -1), 'approve');
        // A live coverage whose entries carry every payload.
        await store.live.start(actor, articleId);
        for (const payload of PAYLOADS) {
          await store.live.add(actor, articleId, {
            title: `عنوان ${payload}`,
            body: [
              { type: 'paragraph', text: `تحديث ${payload}` },
              { type: 'quote', text: `قال ${payload}`, cite: `المصدر ${payload}` },
            ],
          });
        }
      },
    });
    ({ store, browser, baseUrl } = site);
  });

  after(async () => {
    await site?.close();
  });

  /** Opens `url` and checks that nothing of the payloads ran or became an element. */
  async function assertInert(page: Page, dialogs: string[], url: string): Promise<string> {
    await page.goto(url, { waitUntil: 'load' });
    // Scripts that an injected element would run have had their chance once the page has loaded.
    await page.waitForTimeout(100);
    const ran = await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null);
    assert.equal(ran, null, `a payload ran on ${url}`);
    assert.deepEqual(dialogs, [], `a dialog opened on ${url}`);
    const injected = await page.evaluate(
      () => document.querySelectorAll('img[src="x"], svg[onload], iframe, [onerror], a[href^="javascript:"]').length,
    );
    assert.equal(injected, 0, `an element from a payload is on ${url}`);
    return (await page.locator('body').textContent()) ?? '';
  }

  test('reader pages show the payloads as text and run none of them', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA' });
    const page = problems.watch(await context.newPage());
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      const article = store!.articles.findById(articleId, { publishedOnly: true });
      const { section } = (await article)!;
      const home = await assertInert(page, dialogs, `${baseUrl}/`);
      assert.ok(home.includes(PAYLOADS[0]!), 'the banner shows the headline as written');
      const articleText = await assertInert(page, dialogs, `${baseUrl}/article/${articleId}`);
      for (const payload of PAYLOADS) assert.ok(articleText.includes(payload), `the article shows ${payload}`);
      const comments = (await page.locator('#comments').textContent()) ?? '';
      for (const payload of PAYLOADS.slice(0, -1)) {
        assert.ok(comments.includes(`تعليق ${payload}`), `the comments show ${payload}`);
        assert.ok(comments.includes(`قارئ ${payload}`), `the commenter's name shows ${payload}`);
      }
      const live = (await page.locator('#live').textContent()) ?? '';
      for (const payload of PAYLOADS) {
        for (const shown of [`عنوان ${payload}`, `تحديث ${payload}`, `قال ${payload}`, `المصدر ${payload}`]) {
          assert.ok(live.includes(shown), `the live entries show ${shown}`);
        }
      }
      // An entry the open page's script inserts from the change list (as HTML) stays text too.
      const editor = (await store!.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
      await store!.live.add({ id: editor, role: 'editor' }, articleId, {
        title: `جديد ${PAYLOADS[1]}`,
        keyEvent: true,
        body: [{ type: 'paragraph', text: `مباشر ${PAYLOADS[0]} ${PAYLOADS[3]}` }],
      });
      site!.app.pageCache.purge([`live:${articleId}`]);
      await page
        .locator('#live-entries > li')
        .first()
        .filter({ hasText: `جديد ${PAYLOADS[1]}` })
        .waitFor({ timeout: 30_000 });
      const inserted = (await page.locator('#live-entries > li').first().textContent()) ?? '';
      assert.ok(
        inserted.includes(`مباشر ${PAYLOADS[0]} ${PAYLOADS[3]}`),
        'the inserted entry shows the payloads as text',
      );
      // As a key event its title also comes into «أبرز الأحداث» from the change list.
      assert.ok(
        ((await page.locator('.live__key-events').textContent()) ?? '').includes(`جديد ${PAYLOADS[1]}`),
        'the key events show its title as text',
      );
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null), null);
      assert.equal(
        await page.evaluate(
          () =>
            document.querySelectorAll('img[src="x"], svg[onload], iframe, [onerror], a[href^="javascript:"]').length,
        ),
        0,
        'no element from a payload after the insertion',
      );
      assert.deepEqual(dialogs, []);
      await assertInert(page, dialogs, `${baseUrl}/section/${encodeURIComponent(section.slug)}`);
      await assertInert(page, dialogs, `${baseUrl}/search?q=${encodeURIComponent('الحكومة تعلن خطة جديدة')}`);
      await assertInert(page, dialogs, `${baseUrl}/search?q=${encodeURIComponent(PAYLOADS[1]!)}`);
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });

  test('newsroom pages (desk, editor, preview) show the payloads as text and run none of them', async () => {
    assert.ok(browser, 'the browser did not start');
    const context = await browser.newContext({ locale: 'ar-MA' });
    const page = problems.watch(await context.newPage());
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await signIn(page, baseUrl, EDITOR);
      const desk = await assertInert(page, dialogs, `${baseUrl}/newsroom`);
      assert.ok(desk.includes(PAYLOADS[0]!), 'the desk lists the headline as written');
      await assertInert(page, dialogs, `${baseUrl}/newsroom/articles/${articleId}`);
      await page.locator('.head-fields textarea[name="headline"]').waitFor();
      assert.equal(await page.locator('.head-fields textarea[name="headline"]').inputValue(), HEADLINE);
      await assertInert(page, dialogs, `${baseUrl}/newsroom/articles/${articleId}/preview`);
      await assertInert(page, dialogs, `${baseUrl}/newsroom/curation`);
      const liveDesk = await assertInert(page, dialogs, `${baseUrl}/newsroom/articles/${articleId}/live`);
      for (const payload of PAYLOADS)
        assert.ok(liveDesk.includes(`تحديث ${payload}`), `the live desk shows ${payload}`);
      const queue = await assertInert(page, dialogs, `${baseUrl}/newsroom/comments`);
      assert.ok(queue.includes(`تعليق ${PAYLOADS.at(-1)}`), 'the queue shows the waiting comment as written');
      assert.deepEqual(problems.problems, []);
    } finally {
      await context.close();
    }
  });
});
