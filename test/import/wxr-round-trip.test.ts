/**
 * The WordPress import on a real export (test/fixtures/wordpress: WordPress 6.1's own
 * exporter, from the Arabic corpus), on SQLite and PostgreSQL. The import is checked against
 * WordPress's own counts (wordpress-counts.json) and against the export's items as read
 * here with plain regular expressions, independently of the importer: statuses, GMT dates,
 * Arabic slugs, sections and their parents, tags, authors, the featured image, the
 * converted bodies, the 301s of the old permalinks, and a second run that changes nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { blocksToText } from '../../src/content/blocks.ts';
import { wordpressExternalId } from '../../src/import/wordpress-post.ts';
import { importWxr, type WxrImportSummary } from '../../src/import/wxr.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { articlePath } from '../../src/web/site/urls.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/wordpress');
const EXPORT = path.join(FIXTURE, 'export.xml');
const UPLOADS = path.join(FIXTURE, 'uploads');
const COUNTS = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'wordpress-counts.json'), 'utf8')) as {
  posts: Record<string, number>;
  pages: number;
  categories: number;
  categoriesWithParent: number;
  tags: number;
  authors: string[];
};

/** The export's items, read with regular expressions (not with the importer's parser). */
interface RawItem {
  id: string;
  type: string;
  status: string;
  dateGmt: string;
  name: string;
  link: string;
  creator: string;
  content: string;
  thumbnail: string | undefined;
}
const XML = fs.readFileSync(EXPORT, 'utf8');
const cdata = (item: string, tag: string) =>
  new RegExp(`<${tag}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${tag}>`).exec(item)?.slice(1).join('') ?? '';
const ITEMS: RawItem[] = [...XML.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item = '']) => ({
  id: cdata(item, 'wp:post_id'),
  type: cdata(item, 'wp:post_type'),
  status: cdata(item, 'wp:status'),
  dateGmt: cdata(item, 'wp:post_date_gmt'),
  name: cdata(item, 'wp:post_name'),
  link: cdata(item, 'link'),
  creator: cdata(item, 'dc:creator'),
  content: cdata(item, 'content:encoded'),
  thumbnail: /<wp:meta_key><!\[CDATA\[_thumbnail_id\]\]><\/wp:meta_key>\s*<wp:meta_value><!\[CDATA\[(\d+)\]\]>/.exec(
    item,
  )?.[1],
}));
const POSTS = ITEMS.filter((i) => i.type === 'post');
const CATEGORIES = [...XML.matchAll(/<wp:category>([\s\S]*?)<\/wp:category>/g)].map(([, c = '']) => ({
  slug: decodeURIComponent(cdata(c, 'wp:category_nicename')),
  parent: decodeURIComponent(cdata(c, 'wp:category_parent')),
  name: cdata(c, 'wp:cat_name'),
}));
const TAG_NAMES = [...XML.matchAll(/<wp:tag_name><!\[CDATA\[(.*?)\]\]><\/wp:tag_name>/g)].map((m) => m[1]);
const AUTHORS = [...XML.matchAll(/<wp:author>([\s\S]*?)<\/wp:author>/g)].map(([, a = '']) => ({
  login: cdata(a, 'wp:author_login'),
  name: cdata(a, 'wp:author_display_name'),
}));
const STATUS_OF: Record<string, string> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'in_review',
  private: 'unpublished',
};
const externalId = (postId: string) => wordpressExternalId({ baseSiteUrl: 'https://akhbar.example' }, postId);

describe('the fixture is what WordPress counted', () => {
  it('has the posts, pages, categories, tags and authors of wordpress-counts.json', () => {
    const byStatus: Record<string, number> = {};
    for (const post of POSTS) byStatus[post.status] = (byStatus[post.status] ?? 0) + 1;
    assert.deepEqual(byStatus, COUNTS.posts);
    assert.equal(ITEMS.filter((i) => i.type === 'page').length, COUNTS.pages);
    assert.equal(CATEGORIES.length, COUNTS.categories);
    assert.equal(CATEGORIES.filter((c) => c.parent).length, COUNTS.categoriesWithParent);
    assert.equal(TAG_NAMES.length, COUNTS.tags);
    assert.deepEqual(AUTHORS.map((a) => a.login).sort(), COUNTS.authors);
  });
});

for (const dialect of DIALECTS) {
  describe(`importWxr on the real WordPress export (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let dataDir: string;
    let first: WxrImportSummary;
    let app: FastifyInstance;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      dataDir = fresh.options.dataDir;
      store = await openStore(fresh.options);
      first = await importWxr(store, EXPORT, { timeZone: 'Africa/Tunis', uploadsDir: UPLOADS, dataDir });
      app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0 });
    });

    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    it('imports every post and skips the page, with its reason', async () => {
      const total = Object.values(COUNTS.posts).reduce((a, b) => a + b, 0);
      assert.equal(first.error, null);
      assert.equal(first.imported, total);
      assert.equal(first.updated + first.unchanged, 0);
      assert.equal(first.skipped.length, COUNTS.pages);
      assert.match(first.skipped[0]?.reason ?? '', /a page, not a post/);
      assert.equal(await store.articles.countAll(), total);
    });

    it('gives each post its Ghad status, counted as WordPress counted them', async () => {
      const rows = await store.db
        .selectFrom('articles')
        .select(['status'])
        .select((eb) => eb.fn.countAll().as('count'))
        .groupBy('status')
        .execute();
      const ghad = Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
      const expected = Object.fromEntries(Object.entries(COUNTS.posts).map(([s, n]) => [STATUS_OF[s], n]));
      assert.deepEqual(ghad, expected);
    });

    it('keeps GMT dates, Arabic slugs and the author of every post', async () => {
      for (const post of POSTS) {
        const id = await store.articles.findIdByExternalId(externalId(post.id));
        assert.ok(id, `post ${post.id}`);
        const article = await store.articles.findById(id, { publishedOnly: false });
        assert.ok(article);
        assert.equal(article.status, STATUS_OF[post.status]);
        if (post.status === 'draft' || post.status === 'pending') {
          assert.equal(article.publishedAt, null, `post ${post.id} is not dated yet`);
        } else {
          assert.equal(article.publishedAt?.toISOString(), `${post.dateGmt.replace(' ', 'T')}.000Z`, `post ${post.id}`);
        }
        if (post.name) assert.equal(article.slug, decodeURIComponent(post.name), `post ${post.id}`);
        assert.match(article.slug, /^[\p{L}\p{M}\p{N}-]+$/u);
        const author = AUTHORS.find((a) => a.login === post.creator);
        assert.deepEqual(
          article.bylines.map((b) => b.author.name),
          [author?.name],
        );
      }
    });

    it('makes every category a section, parents kept', async () => {
      const sections = await store.taxonomy.sections();
      for (const category of CATEGORIES) {
        const section = sections.find((s) => s.slug === category.slug);
        assert.ok(section, `category ${category.slug}`);
        assert.equal(section.name, category.name);
        const parent = category.parent ? sections.find((s) => s.slug === category.parent) : undefined;
        assert.equal(section.parentId, parent?.id ?? null, `parent of ${category.slug}`);
      }
      assert.equal(sections.filter((s) => CATEGORIES.some((c) => c.slug === s.slug)).length, COUNTS.categories);
      assert.deepEqual(first.sections.created.sort(), ['أخبار', 'كرة القدم'].sort());
    });

    it('files a post under its category and keeps tags and authors', async () => {
      const tags = await store.db.selectFrom('tags').select('name').execute();
      for (const name of TAG_NAMES)
        assert.ok(
          tags.some((t) => t.name === name),
          `tag ${name}`,
        );
      const authors = await store.db.selectFrom('authors').select('name').orderBy('name').execute();
      assert.deepEqual(
        authors.map((a) => a.name),
        AUTHORS.map((a) => a.name).sort((a, b) => (a < b ? -1 : 1)),
      );
      // Every published post is listed in its first category's section.
      for (const post of POSTS.filter((p) => p.status === 'publish')) {
        const item = XML.slice(XML.indexOf(`<wp:post_id>${post.id}</wp:post_id>`));
        const nicename = /<category domain="category" nicename="([^"]+)"/.exec(item)?.[1] as string;
        const id = await store.articles.findIdByExternalId(externalId(post.id));
        const article = await store.articles.findById(id as number, { publishedOnly: true });
        assert.equal(article?.section.slug, decodeURIComponent(nicename), `post ${post.id}`);
      }
    });

    it('copies the featured image into the data directory, with its alt text, caption and size', async () => {
      const withImage = POSTS.filter((p) => p.thumbnail);
      assert.ok(withImage.length >= 2);
      for (const post of withImage) {
        const id = await store.articles.findIdByExternalId(externalId(post.id));
        const article = await store.articles.findById(id as number, { publishedOnly: false });
        const image = article?.featuredImage;
        assert.ok(image, `post ${post.id}`);
        assert.equal(image.alt, 'مدرجات ملعب رادس');
        assert.equal(image.caption, 'ملعب رادس قبل المباراة');
        assert.deepEqual([image.width, image.height, image.mimeType], [320, 180, 'image/jpeg']);
        const copied = path.join(dataDir, 'media', image.path);
        assert.deepEqual(fs.readFileSync(copied), fs.readFileSync(path.join(UPLOADS, '2017/01/stade-rades.jpg')));
        const served = await app.inject(`/media/${image.path}`);
        assert.equal(served.statusCode, 200);
        assert.equal(served.headers['content-type'], 'image/jpeg');
      }
      assert.equal(first.images.copied, withImage.length);
      assert.equal(first.images.bodyCopied, 1);
    });

    it('turns the HTML into blocks: [caption], block editor markup, oEmbed URLs; scripts dropped', async () => {
      const body = async (match: (p: RawItem) => boolean) => {
        const post = POSTS.find(match);
        assert.ok(post);
        const id = await store.articles.findIdByExternalId(externalId(post.id));
        return (await store.articles.findById(id as number, { publishedOnly: false }))?.body ?? [];
      };
      const captioned = await body((p) => p.content.startsWith('[caption'));
      // The image is in --uploads: copied, and the block points at the copy (the featured image's file).
      const featured = await store.media.findById(
        (await store.db.selectFrom('media').select('id').executeTakeFirstOrThrow()).id,
      );
      assert.deepEqual(captioned[0], {
        type: 'image',
        src: `/media/${featured?.path}`,
        alt: 'مدرجات ملعب رادس',
        caption: 'جماهير الترجي في ملعب رادس',
        width: 320,
        height: 180,
      });
      const blockEditor = await body((p) => p.content.includes('<!-- wp:heading -->'));
      assert.deepEqual(
        blockEditor.map((b) => b.type),
        ['paragraph', 'heading', 'quote', 'list', 'embed'],
      );
      assert.deepEqual(blockEditor[4], {
        type: 'embed',
        provider: 'youtube',
        url: 'https://www.youtube.com/watch?v=ScMzIvxBSi4',
        title: 'تسجيل الندوة الصحفية',
      });
      assert.equal(blockEditor[2]?.type === 'quote' && blockEditor[2].cite, 'جوهرة أف أم');
      const classic = await body((p) => p.content.includes('\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n'));
      assert.deepEqual(classic[1], {
        type: 'embed',
        provider: 'youtube',
        url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      });
      const scripted = await body((p) => p.content.includes('<script>'));
      const text = JSON.stringify(scripted);
      assert.doesNotMatch(text, /alert|steal|<|onclick/);
      assert.equal(blocksToText(scripted).split('\n').at(-1), 'نص مهم يبقى.');
      assert.ok(first.warnings.some((w) => /<script> dropped/.test(w.message)));
    });

    it('answers the old permalinks and ?p= short links with a 301 to the article', async () => {
      const published = POSTS.filter((p) => p.status === 'publish');
      for (const post of published.slice(0, 8)) {
        const id = await store.articles.findIdByExternalId(externalId(post.id));
        const article = await store.articles.findById(id as number, { publishedOnly: true });
        assert.ok(article);
        const permalink = new URL(post.link).pathname;
        // As WordPress writes it (%d8…), as browsers send it (%D8…), and the short link.
        const upper = permalink.replace(/%[0-9a-f]{2}/g, (sequence) => sequence.toUpperCase());
        for (const address of [permalink, upper, `/?p=${post.id}`]) {
          const response = await app.inject(address);
          assert.equal(response.statusCode, 301, address);
          assert.equal(response.headers.location, articlePath(article), address);
        }
      }
      const draft = POSTS.find((p) => p.status === 'draft');
      assert.equal((await app.inject(`/?p=${draft?.id}`)).statusCode, 200, 'a draft: the home page');
      assert.equal((await app.inject('/2099/01/not-an-article/')).statusCode, 404);
    });

    it('leaves the scheduled post to the job loop, at its time', async () => {
      const future = POSTS.find((p) => p.status === 'future');
      const id = await store.articles.findIdByExternalId(externalId(future?.id as string));
      const due = await store.db
        .selectFrom('outbox')
        .select(['available_at', 'payload'])
        .where('topic', '=', 'article.publish_due')
        .where('article_id', '=', id as number)
        .execute();
      assert.equal(due.length, 1);
      assert.equal(new Date(due[0]?.available_at as string).toISOString(), `${future?.dateGmt.replace(' ', 'T')}.000Z`);
    });

    it('changes nothing on a second run, and updates a post that changed', async () => {
      const again = await importWxr(store, EXPORT, { timeZone: 'Africa/Tunis', uploadsDir: UPLOADS, dataDir });
      assert.equal(again.imported, 0);
      assert.equal(again.updated, 0);
      assert.equal(again.unchanged, first.imported);
      assert.equal(await store.articles.countAll(), first.imported);
      const sections = await store.taxonomy.sections();
      assert.equal(sections.length, new Set(sections.map((s) => s.slug)).size);

      const post = POSTS.find((p) => p.status === 'publish') as RawItem;
      const edited = path.join(dataDir, 'edited.xml');
      const title = /<title><!\[CDATA\[(.*?)\]\]><\/title>/;
      const itemStart = XML.indexOf(`<wp:post_id>${post.id}</wp:post_id>`);
      const titleAt = XML.lastIndexOf('<title>', itemStart);
      const changed = `${XML.slice(0, titleAt)}${XML.slice(titleAt).replace(title, '<title><![CDATA[عنوان معدل بعد النشر]]></title>')}`;
      fs.writeFileSync(edited, changed);
      const third = await importWxr(store, edited, { timeZone: 'Africa/Tunis', uploadsDir: UPLOADS, dataDir });
      assert.equal(third.updated, 1);
      assert.equal(third.imported, 0);
      const id = await store.articles.findIdByExternalId(externalId(post.id));
      assert.equal(
        (await store.articles.findById(id as number, { publishedOnly: false }))?.headline,
        'عنوان معدل بعد النشر',
      );
      assert.equal(await store.articles.countAll(), first.imported);
    });
  });
}
