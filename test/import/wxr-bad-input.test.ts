/**
 * The WordPress import on bad exports, built from the real fixture's header and items:
 * XML broken halfway, unknown post types, missing authors, duplicate slugs, bytes that are
 * not UTF-8, control characters, an HTML page and a plain RSS feed given as an export. Each
 * gives a clear error or a skip with its reason, and nothing read is lost or duplicated.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImportFileError } from '../../src/import/jsonl.ts';
import { wordpressExternalId } from '../../src/import/wordpress-post.ts';
import { importWxr } from '../../src/import/wxr.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/wordpress/export.xml');
const XML = fs.readFileSync(FIXTURE, 'utf8');
const HEADER = XML.slice(0, XML.indexOf('<item>'));
const FOOTER = '</channel>\n</rss>\n';
/** The fixture's published posts, as XML. */
const POSTS = [...XML.matchAll(/<item>[\s\S]*?<\/item>/g)]
  .map((m) => m[0])
  .filter((item) => item.includes('<wp:post_type><![CDATA[post]]>') && item.includes('<wp:status><![CDATA[publish]]>'));
const postId = (item: string) => /<wp:post_id>(\d+)<\/wp:post_id>/.exec(item)?.[1] as string;
const externalId = (item: string) => wordpressExternalId({ baseSiteUrl: 'https://akhbar.example' }, postId(item));
const OPTIONS = { timeZone: 'Africa/Tunis' };

for (const dialect of DIALECTS) {
  describe(`importWxr on bad input (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let dir: string;
    const write = (name: string, content: string | Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      dir = fresh.options.dataDir;
      store = await openStore(fresh.options);
    });

    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('keeps the posts read before XML that breaks halfway, says on which line, and completes on a re-run', async () => {
      const whole = POSTS.slice(0, 10);
      // The seventh post stops after its id: </channel> then closes an element that is still open.
      const seventh = whole[6] as string;
      const cut = seventh.slice(0, seventh.indexOf('<wp:post_date>'));
      const broken = `${HEADER}${whole.slice(0, 6).join('\n')}\n${cut}</channel>\n</rss>\n`;
      const line = broken.slice(0, broken.lastIndexOf('</channel>')).split('\n').length;
      const summary = await importWxr(store, write('broken.xml', broken), { ...OPTIONS, dataDir: dir });
      assert.match(summary.error ?? '', new RegExp(`^broken\\.xml is broken at line ${line}, column \\d+: `));
      assert.equal(summary.imported, 6);
      for (const item of whole.slice(0, 6)) assert.ok(await store.articles.findIdByExternalId(externalId(item)));
      assert.equal(await store.articles.findIdByExternalId(externalId(whole[6] as string)), undefined);

      const fixed = await importWxr(store, write('fixed.xml', `${HEADER}${whole.join('\n')}${FOOTER}`), {
        ...OPTIONS,
        dataDir: dir,
      });
      assert.equal(fixed.error, null);
      assert.deepEqual([fixed.imported, fixed.unchanged], [4, 6]);
      const count = await store.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('external_id', 'in', whole.map(externalId))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 10);
    });

    it('skips unknown post types and other statuses with their reason', async () => {
      const [a, b, c] = POSTS.slice(10, 13) as [string, string, string];
      const product = a.replace('<wp:post_type><![CDATA[post]]>', '<wp:post_type><![CDATA[product]]>');
      const trashed = b.replace('<wp:status><![CDATA[publish]]>', '<wp:status><![CDATA[trash]]>');
      const odd = c.replace('<wp:status><![CDATA[publish]]>', '<wp:status><![CDATA[archived]]>');
      const summary = await importWxr(store, write('types.xml', `${HEADER}${product}${trashed}${odd}${FOOTER}`), {
        ...OPTIONS,
        dataDir: dir,
      });
      assert.equal(summary.imported, 0);
      assert.deepEqual(
        summary.skipped.map((s) => s.reason),
        [
          `post ${postId(a)}: unknown post type "product"`,
          `post ${postId(b)}: in the trash`,
          `post ${postId(c)}: unknown status "archived"`,
        ],
      );
      assert.ok(summary.skipped.every((s) => s.line > 1));
    });

    it('credits posts whose author is missing, and says so', async () => {
      const [a, b] = POSTS.slice(13, 15) as [string, string];
      const ghost = a.replace(
        /<dc:creator><!\[CDATA\[[^\]]*\]\]><\/dc:creator>/,
        '<dc:creator><![CDATA[ghost]]></dc:creator>',
      );
      const nobody = b.replace(/<dc:creator><!\[CDATA\[[^\]]*\]\]><\/dc:creator>/, '<dc:creator></dc:creator>');
      const summary = await importWxr(store, write('authors.xml', `${HEADER}${ghost}${nobody}${FOOTER}`), {
        ...OPTIONS,
        dataDir: dir,
      });
      assert.equal(summary.imported, 2);
      const byline = async (item: string) => {
        const id = await store.articles.findIdByExternalId(externalId(item));
        return (await store.articles.findById(id as number, { publishedOnly: false }))?.bylines.map((x) => [
          x.author.name,
          x.author.kind,
        ]);
      };
      assert.deepEqual(await byline(a), [['ghost', 'person']]);
      assert.deepEqual(
        (await byline(b))?.map(([name]) => name),
        ['هيئة التحرير'],
      );
      assert.ok(summary.warnings.some((w) => w.message.includes('author "ghost" is not in the export')));
      assert.ok(summary.warnings.some((w) => w.message.includes(`post ${postId(b)}: no author`)));
    });

    it('lists a post in every category: its first as section, the others as secondary sections, unknown ones as tags', async () => {
      const item = POSTS[20] as string;
      const own = /<category domain="category"[^>]*><!\[CDATA\[([^\]]+)\]\]><\/category>/.exec(item);
      assert.ok(own, 'the post has a category');
      const economy =
        '<category domain="category" nicename="%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af"><![CDATA[اقتصاد]]></category>';
      const unknown = '<category domain="category" nicename="ghost-cat"><![CDATA[تصنيف مجهول]]></category>';
      const several = item.replace(own[0], `${own[0]}\n${economy}\n${unknown}`);
      const summary = await importWxr(store, write('categories.xml', `${HEADER}${several}${FOOTER}`), {
        ...OPTIONS,
        dataDir: dir,
      });
      assert.equal(summary.imported, 1);
      const id = await store.articles.findIdByExternalId(externalId(item));
      const article = await store.articles.findById(id as number, { publishedOnly: false });
      assert.equal(own[1], 'وطنية');
      assert.equal(article?.section.name, 'وطنية');
      assert.deepEqual(
        article?.secondarySections.map((s) => s.name),
        ['اقتصاد'],
      );
      assert.ok(
        article?.tags.some((t) => t.name === 'تصنيف مجهول'),
        'the unknown category is kept as a tag',
      );
      assert.ok(summary.warnings.some((w) => w.message.includes('تصنيف مجهول; kept as tags')));
    });

    it('makes duplicate slugs unique, and each old address still leads to its own article', async () => {
      const [a, b] = POSTS.slice(15, 17) as [string, string];
      const name = /<wp:post_name><!\[CDATA\[([^\]]*)\]\]>/.exec(a)?.[1] as string;
      const twin = b.replace(/<wp:post_name><!\[CDATA\[[^\]]*\]\]>/, `<wp:post_name><![CDATA[${name}]]>`);
      const file = write('slugs.xml', `${HEADER}${a}${twin}${FOOTER}`);
      const summary = await importWxr(store, file, { ...OPTIONS, dataDir: dir });
      assert.equal(summary.imported, 2);
      const idA = (await store.articles.findIdByExternalId(externalId(a))) as number;
      const idB = (await store.articles.findIdByExternalId(externalId(twin))) as number;
      const slugA = (await store.articles.findById(idA, { publishedOnly: false }))?.slug;
      const slugB = (await store.articles.findById(idB, { publishedOnly: false }))?.slug;
      assert.equal(slugA, decodeURIComponent(name));
      assert.equal(slugB, `${decodeURIComponent(name)}-2`);
      const linkOf = (item: string) => new URL(/<link>([^<]*)<\/link>/.exec(item)?.[1] as string).pathname;
      assert.equal(await store.redirects.articleFor(linkOf(a)), idA);
      assert.equal(await store.redirects.articleFor(linkOf(b)), idB);
      assert.equal(await store.redirects.articleFor(`/?p=${postId(twin)}`), idB);
      // The same slugs on a second run: nothing changes.
      const again = await importWxr(store, file, { ...OPTIONS, dataDir: dir });
      assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 2]);
    });

    it('reads bytes that are not UTF-8 and control characters as replaced or dropped, and says how many', async () => {
      const [a] = POSTS.slice(17, 18) as [string];
      const [before, after] = a.split('<title><![CDATA[') as [string, string];
      const latin1 = Buffer.concat([
        Buffer.from(`${HEADER}${before}<title><![CDATA[`, 'utf8'),
        Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20]), // "Café " in Latin-1
        Buffer.from(after.replace('</p>', '\u000b</p>').replace('\n\n', '\u000c\n\n'), 'utf8'),
        Buffer.from(FOOTER, 'utf8'),
      ]);
      const summary = await importWxr(store, write('latin1.xml', latin1), { ...OPTIONS, dataDir: dir });
      assert.equal(summary.error, null);
      assert.equal(summary.imported, 1);
      assert.ok(summary.unreadableCharacters >= 2, String(summary.unreadableCharacters));
      assert.ok(summary.warnings.some((w) => /not UTF-8 or not allowed in XML/.test(w.message)));
      const id = await store.articles.findIdByExternalId(externalId(a));
      const article = await store.articles.findById(id as number, { publishedOnly: false });
      assert.match(article?.headline ?? '', /^Caf\uFFFD /);
      assert.ok(!/[\v\f]/.test(article?.bodyText ?? ''));
    });

    it('refuses an HTML page and a plain RSS feed with a clear message, writing nothing', async () => {
      const before = await store.articles.countAll();
      const html = write(
        'login.xml',
        '<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>دخول</title></head><body><p>سجل الدخول</body></html>',
      );
      await assert.rejects(importWxr(store, html, { ...OPTIONS, dataDir: dir }), (error: Error) => {
        assert.ok(error instanceof ImportFileError);
        assert.match(error.message, /is an HTML page, not a WordPress export/);
        return true;
      });
      const rss = write(
        'feed.xml',
        '<?xml version="1.0"?><rss version="2.0"><channel><title>غد</title><item><title>خبر</title></item></channel></rss>',
      );
      await assert.rejects(
        importWxr(store, rss, { ...OPTIONS, dataDir: dir }),
        /not a WordPress export .*ghad import rss/,
      );
      await assert.rejects(
        importWxr(store, path.join(dir, 'missing.xml'), { ...OPTIONS, dataDir: dir }),
        /no such file/,
      );
      await assert.rejects(
        importWxr(store, write('empty.xml', ''), { ...OPTIONS, dataDir: dir }),
        /not a WordPress export|empty or not XML/,
      );
      assert.equal(await store.articles.countAll(), before);
    });
  });
}
