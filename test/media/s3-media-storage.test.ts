/**
 * Images in an S3 bucket (GHAD_MEDIA_STORAGE=s3), against an S3-compatible server started here
 * on 127.0.0.1 (s3rver, test/helpers/s3-server.ts): an upload's variants become objects and
 * the row is written after them; the reader page shows them and /media/ streams them with the
 * same caching headers; refused credentials answer 503 in Arabic with no row and no object; a
 * missing bucket is a readiness reason; WordPress-import copies go to the bucket; GHAD_MEDIA_URL
 * links images at a CDN; `ghad media migrate --to s3` copies, checks every hash, resumes, and
 * exits 1 on an object that differs.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { importWxr } from '../../src/import/wxr.ts';
import { MediaFiles } from '../../src/media/media-files.ts';
import { copiedFilePath, variantPath } from '../../src/media/media-keys.ts';
import { migrateMediaToBucket } from '../../src/media/media-migration.ts';
import { S3MediaStorage } from '../../src/media/s3-media-storage.ts';
import { renderVariants } from '../../src/media/variants.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { freshDatabase, temporaryDataDir } from '../helpers/databases.ts';
import { runGhad } from '../helpers/ghad-cli.ts';
import { photo } from '../helpers/images.ts';
import { S3_SERVER_MISSING, type S3TestServer, startS3Server } from '../helpers/s3-server.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { type MultipartPart, multipartBody } from '../web/multipart.ts';
import { NewsroomClient } from '../web/newsroom-client.ts';

const BUCKET = 'ghad-media';
const EDITOR = { email: 'photo.desk@alghad24.ma', displayName: 'سلمى بنعلي', role: 'editor' } as const;
const PASSWORD = 'كلمة سر مكتب الصور';
const ARABIC = /[\u0600-\u06ff]{3}/;
const WORDPRESS = path.join(import.meta.dirname, '../fixtures/wordpress');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(storage: S3MediaStorage, key: string): Promise<Buffer | undefined> {
  const found = await storage.read(key);
  if (!found) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of found.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('images in an S3 bucket', { skip: S3_SERVER_MISSING }, () => {
  let server: S3TestServer;
  let bucket: S3MediaStorage;
  const opened: S3MediaStorage[] = [];
  const storageWith = (name: string, credentials = server.credentials) => {
    const storage = new S3MediaStorage(server.settings(name), credentials);
    opened.push(storage);
    return storage;
  };

  before(async () => {
    server = await startS3Server([BUCKET]);
    bucket = storageWith(BUCKET);
  });
  after(async () => {
    for (const storage of opened) storage.close();
    await server?.close();
  });

  describe('the newsroom and the reader site on a bucket', () => {
    let store: Store;
    let app: FastifyInstance;
    let dataDir: string;
    let cleanup: () => Promise<void>;
    let client: NewsroomClient;
    let jpeg: Buffer;

    before(async () => {
      const fresh = await freshDatabase('sqlite');
      cleanup = fresh.cleanup;
      dataDir = fresh.options.dataDir;
      store = await openStore(fresh.options);
      await newsroomAccounts(store.db).accounts.create({ ...EDITOR, password: PASSWORD });
      app = await buildApp({
        config: testConfig({ dataDir, pageCache: false, mediaStorage: 's3', s3: server.settings(BUCKET) }),
        store,
        invalidationPollMs: 0,
        mediaStorage: bucket,
      });
      client = await NewsroomClient.signedIn(app, EDITOR.email, PASSWORD, '/newsroom/media');
      jpeg = await photo(1400, 900, 'jpeg', 11);
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    const upload = (parts: MultipartPart[], json = true) =>
      client.postMultipart('/newsroom/media', multipartBody(parts), {
        ...(json ? { accept: 'application/json' } : {}),
        'x-csrf-token': client.lastToken,
      });

    it('puts every variant of an upload in the bucket, then records it; nothing on the local disk', async () => {
      const response = await upload([
        { name: 'alt', value: 'ميناء طنجة المتوسط عند الفجر' },
        { name: 'file', filename: 'طنجة.jpg', contentType: 'image/jpeg', data: jpeg },
      ]);
      assert.equal(response.statusCode, 201, response.body);
      const hash = sha256(jpeg);
      assert.equal(response.json().url, `/media/${hash}/1400.jpg`);
      const row = await store.media.findByHash(hash);
      assert.deepEqual(row?.variantWidths, [320, 640, 960, 1400]);
      for (const width of [320, 640, 960, 1400]) {
        for (const format of ['webp', 'jpeg'] as const) {
          const object = await bytesOf(bucket, variantPath(hash, width, format));
          assert.ok(object, `${width} ${format} is in the bucket`);
          const metadata = await sharp(object).metadata();
          assert.equal(metadata.width, width);
          assert.equal(metadata.format, format);
        }
      }
      assert.equal(fs.existsSync(path.join(dataDir, 'media')), false);
    });

    it('streams an object at /media/ with the same immutable caching, 304 on its etag, 404 for none', async () => {
      const hash = sha256(jpeg);
      const key = variantPath(hash, 640, 'webp');
      const response = await app.inject({ url: `/media/${key}` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'image/webp');
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(response.rawPayload, await bytesOf(bucket, key));
      assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
      const again = await app.inject({
        url: `/media/${key}`,
        headers: { 'if-none-match': String(response.headers.etag) },
      });
      assert.equal(again.statusCode, 304);
      assert.equal((await app.inject({ url: `/media/${variantPath(hash, 1920, 'jpeg')}` })).statusCode, 404);
    });

    it('shows the uploaded image on the reader page, read from the bucket', async () => {
      const media = await store.media.findByHash(sha256(jpeg));
      assert.ok(media);
      const [id] = await importSampleNewspaper(store, { dated: 1, undated: 0, recent: 0 });
      await store.db
        .updateTable('articles')
        .set({ featured_media_id: media.id })
        .where('id', '=', id as number)
        .execute();
      const moved = await app.inject({ url: `/article/${id}` });
      const html = (await app.inject({ url: String(moved.headers.location) })).body;
      const featured = /<figure class="featured"><picture>(.*?)<\/picture>/.exec(html)?.[1] ?? '';
      assert.match(featured, new RegExp(`<img src="/media/${media.hash}/1400\\.jpg"`));
      for (const [, src] of featured.matchAll(/(\/media\/[0-9a-f]{64}\/\d+\.(?:webp|jpg))/g)) {
        assert.equal((await app.inject({ url: src as string })).statusCode, 200, src);
      }
    });

    it('answers 503 in Arabic when the bucket refuses the credentials, with no row and no object', async () => {
      const refused = storageWith(BUCKET, { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong' });
      const refusing = await buildApp({
        config: testConfig({ dataDir, pageCache: false, mediaStorage: 's3', s3: server.settings(BUCKET) }),
        store,
        invalidationPollMs: 0,
        mediaStorage: refused,
      });
      try {
        const other = await photo(800, 600, 'jpeg', 12);
        const before = (await store.media.list({})).total;
        const editor = await NewsroomClient.signedIn(refusing, EDITOR.email, PASSWORD, '/newsroom/media');
        const parts = [{ name: 'file', filename: 'مراكش.jpg', contentType: 'image/jpeg', data: other }];
        const json = await editor.postMultipart('/newsroom/media', multipartBody(parts), {
          accept: 'application/json',
          'x-csrf-token': editor.lastToken,
        });
        assert.equal(json.statusCode, 503, json.body);
        const { error } = json.json();
        assert.equal(error.code, 'storage_unavailable');
        assert.match(error.messageAr, ARABIC);
        assert.match(error.message, /refused the credentials/);

        await editor.get('/newsroom/media');
        const page = await editor.postMultipart('/newsroom/media', multipartBody(parts), {
          'x-csrf-token': editor.lastToken,
        });
        assert.equal(page.statusCode, 503);
        assert.match(page.body, /مخزن الصور لا يستجيب الآن، ولم يُحفظ منها شيء/);

        assert.equal((await store.media.list({})).total, before);
        assert.equal(await store.media.findByHash(sha256(other)), undefined);
        assert.equal(await bucket.read(variantPath(sha256(other), 320, 'jpeg')), undefined);
        assert.deepEqual(await refusing.mediaStorage.check(), {
          ok: false,
          reason: `S3 bucket "${BUCKET}" at ${server.endpoint} refused the credentials (HTTP 403): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
        });
      } finally {
        await refusing.close();
      }
    });

    it('links images at GHAD_MEDIA_URL in pages, feeds and the API when it is set', async () => {
      const linked = await buildApp({
        config: testConfig({
          dataDir,
          pageCache: false,
          mediaStorage: 's3',
          s3: server.settings(BUCKET),
          mediaUrl: 'https://cdn.alghad24.test/media',
        }),
        store,
        invalidationPollMs: 0,
        mediaStorage: bucket,
      });
      try {
        const media = await store.media.findByHash(sha256(jpeg));
        assert.ok(media);
        const article = await store.db
          .selectFrom('articles')
          .select('id')
          .where('featured_media_id', '=', media.id)
          .executeTakeFirstOrThrow();
        const moved = await linked.inject({ url: `/article/${article.id}` });
        const html = (await linked.inject({ url: String(moved.headers.location) })).body;
        const cdn = `https://cdn.alghad24.test/media/${media.hash}`;
        assert.match(html, new RegExp(`<img src="${cdn}/1400\\.jpg"`));
        assert.match(html, new RegExp(`srcset="${cdn}/320\\.webp 320w, `));
        assert.match(html, new RegExp(`<meta property="og:image" content="${cdn}/1400\\.jpg"`));
        assert.doesNotMatch(html, /https:\/\/alghad24\.test\/media\//);
        const feed = await linked.inject({ url: '/feed.json' });
        assert.match(feed.body, new RegExp(`${cdn}/1400\\.jpg`));
      } finally {
        await linked.close();
      }
    });
  });

  it('says why the media storage is not ready when the bucket does not exist, on /readyz too', async () => {
    const reason = `S3 bucket "no-such-bucket" at ${server.endpoint} does not exist`;
    const missing = storageWith('no-such-bucket');
    assert.deepEqual(await missing.check(), { ok: false, reason });
    assert.deepEqual(await bucket.check(), { ok: true });

    const fresh = await freshDatabase('sqlite');
    const store = await openStore(fresh.options);
    const app = await buildApp({
      config: testConfig({ dataDir: fresh.options.dataDir, mediaStorage: 's3', s3: server.settings('no-such-bucket') }),
      store,
      invalidationPollMs: 0,
      mediaStorage: missing,
    });
    try {
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 503);
      assert.ok(response.json().reasons.includes(`media storage: ${reason}`), response.body);
    } finally {
      await app.close();
      await store.close();
      await fresh.cleanup();
    }
  });

  it('copies WordPress images into the bucket, and stops before any row when the bucket refuses', async () => {
    const fresh = await freshDatabase('sqlite');
    const store = await openStore(fresh.options);
    try {
      const options = {
        timeZone: 'Africa/Tunis',
        uploadsDir: path.join(WORDPRESS, 'uploads'),
        dataDir: fresh.options.dataDir,
      };
      const refused = storageWith(BUCKET, { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong' });
      await assert.rejects(importWxr(store, path.join(WORDPRESS, 'export.xml'), { ...options, storage: refused }), {
        code: 'storage_unavailable',
      });
      const copiedRows = () =>
        store.db.selectFrom('media').select(['hash', 'path']).where('path', 'like', '__/%').execute();
      assert.deepEqual(await copiedRows(), []);

      const summary = await importWxr(store, path.join(WORDPRESS, 'export.xml'), { ...options, storage: bucket });
      assert.ok(summary.images.copied > 0);
      const rows = await copiedRows();
      assert.ok(rows.length > 0);
      for (const row of rows) {
        const object = await bytesOf(bucket, row.path);
        assert.ok(object, `${row.path} is in the bucket`);
        assert.equal(sha256(object), row.hash);
      }
      assert.equal(fs.existsSync(path.join(fresh.options.dataDir, 'media')), false);
    } finally {
      await store.close();
      await fresh.cleanup();
    }
  });

  describe('ghad media migrate --to s3', () => {
    const dataDir = temporaryDataDir();
    const migrateBucket = 'ghad-migrate';
    let local: MediaFiles;
    let keys: string[];
    let target: S3MediaStorage;
    const migrate = (...args: string[]) =>
      runGhad(['media', 'migrate', '--to', 's3', ...args], {
        env: {
          GHAD_DATA_DIR: dataDir,
          DATABASE_URL: '',
          GHAD_S3_BUCKET: migrateBucket,
          GHAD_S3_ENDPOINT: server.endpoint,
          GHAD_S3_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
        },
      });

    before(async () => {
      local = new MediaFiles(dataDir);
      const upload = await photo(700, 500, 'jpeg', 21);
      await local.storeVariants(sha256(upload), (await renderVariants(upload, 'jpeg', { maxPixels: 1e7 })).variants);
      const copy = await photo(300, 200, 'png', 22);
      await local.storeFile(copiedFilePath(sha256(copy), 'png'), copy);
      keys = (await local.listFiles()).map((f) => f.key);
      assert.equal(keys.length, 5, 'two widths (320, 700) in two formats, and one copy');
      target = storageWith(migrateBucket);
    });
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it('refuses a bucket that does not exist, copying nothing', async () => {
      const result = await migrate();
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /bucket "ghad-migrate" .* does not exist; nothing was copied/);
    });

    it('copies every file, checks every hash, and skips them all when run again', async () => {
      await server.createBucket(migrateBucket);
      const first = await migrate();
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /5 files, 5 copied .*, 0 already there, 0 replaced, 0 mismatched, every hash checked/);
      for (const { key, file } of await local.listFiles()) {
        assert.deepEqual(await bytesOf(target, key), fs.readFileSync(file), key);
      }
      const second = await migrate();
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /5 files, 0 copied .*, 5 already there, 0 replaced, 0 mismatched/);
    });

    it('reports an object that differs from the local file and exits 1; --overwrite puts it right', async () => {
      const damaged = keys[3] as string;
      await target.replaceFile(damaged, Buffer.from('not the image'), 'image/jpeg');
      const result = await migrate();
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(`mismatch ${damaged}: the bucket's object has SHA-256 ${sha256(Buffer.from('not the image'))}`),
      );
      assert.match(result.stdout, /5 files, 0 copied .*, 4 already there, 0 replaced, 1 mismatched/);
      assert.equal((await local.listFiles()).length, 5, 'local files are never deleted');

      const repaired = await migrate('--overwrite');
      assert.equal(repaired.code, 0, repaired.stderr);
      assert.match(repaired.stdout, /4 already there, 1 replaced, 0 mismatched/);
      const file = (await local.listFiles()).find((f) => f.key === damaged)?.file as string;
      assert.deepEqual(await bytesOf(target, damaged), fs.readFileSync(file));
    });

    it('resumes: a run copies only what is missing from the bucket', async () => {
      const lost = [keys[0], keys[4]] as string[];
      for (const key of lost) await server.deleteObject(migrateBucket, key);
      const summary = await migrateMediaToBucket(local, target);
      assert.deepEqual(
        { ...summary, bytesCopied: summary.bytesCopied > 0 },
        { files: 5, copied: 2, alreadyThere: 3, replaced: 0, bytesCopied: true, mismatched: [] },
      );
      for (const key of lost) assert.ok(await target.read(key), key);
    });
  });
});
