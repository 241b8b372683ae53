/**
 * GHAD_MEDIA_STORAGE and the bucket's settings, checked at start: local by default, s3 with its
 * bucket (path-style for an endpoint other than AWS's), GHAD_MEDIA_URL for a CDN; each bad
 * value refused with one line that names the variable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { libraryFileOf, linkMediaAt, mediaPath, mediaSrcset } from '../../src/media/media-urls.ts';

const HASH = 'ab'.repeat(32);

describe('media storage settings', () => {
  it('keeps images on the local disk by default, linked at /media/', () => {
    const config = loadConfig({});
    assert.equal(config.mediaStorage, 'local');
    assert.equal(config.s3, undefined);
    assert.equal(config.mediaUrl, undefined);
  });

  it('reads a bucket on an S3-compatible server, addressed path-style', () => {
    const config = loadConfig({
      GHAD_MEDIA_STORAGE: 's3',
      GHAD_S3_BUCKET: 'alghad24-media',
      GHAD_S3_ENDPOINT: 'http://127.0.0.1:9000/',
      GHAD_S3_REGION: 'eu-west-3',
      GHAD_MEDIA_URL: 'https://cdn.alghad24.ma/media/',
    });
    assert.equal(config.mediaStorage, 's3');
    assert.deepEqual(config.s3, {
      bucket: 'alghad24-media',
      region: 'eu-west-3',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
    });
    assert.equal(config.mediaUrl, 'https://cdn.alghad24.ma/media');
  });

  it('addresses AWS itself by virtual host, in AWS_REGION when GHAD_S3_REGION is unset', () => {
    const config = loadConfig({
      GHAD_MEDIA_STORAGE: 's3',
      GHAD_S3_BUCKET: 'alghad24-media',
      AWS_REGION: 'eu-central-1',
    });
    assert.deepEqual(config.s3, {
      bucket: 'alghad24-media',
      region: 'eu-central-1',
      endpoint: undefined,
      forcePathStyle: false,
    });
  });

  for (const [env, message] of [
    [{ GHAD_MEDIA_STORAGE: 'nfs' }, /^GHAD_MEDIA_STORAGE must be "local" or "s3", not "nfs"\.$/],
    [{ GHAD_MEDIA_STORAGE: 's3' }, /^GHAD_MEDIA_STORAGE=s3 needs GHAD_S3_BUCKET/],
    [{ GHAD_S3_BUCKET: 'Alghad_Media' }, /^GHAD_S3_BUCKET must be a bucket name .* not "Alghad_Media"\.$/],
    [
      { GHAD_S3_BUCKET: 'media', GHAD_S3_ENDPOINT: '127.0.0.1:9000' },
      /^GHAD_S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL/,
    ],
    [{ GHAD_S3_BUCKET: 'media', GHAD_S3_REGION: 'Europe (Paris)' }, /^GHAD_S3_REGION must be a region name/],
    [
      { GHAD_S3_BUCKET: 'media', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' },
      /^AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together/,
    ],
    [{ GHAD_MEDIA_URL: 'cdn.alghad24.ma' }, /^GHAD_MEDIA_URL must be an http:\/\/ or https:\/\/ URL/],
    [
      { GHAD_MEDIA_URL: 'https://cdn.alghad24.ma/media?v=1' },
      /^GHAD_MEDIA_URL must be .* not "https:\/\/cdn\.alghad24\.ma\/media\?v=1"\.$/,
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(env)} with one line`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'),
      );
    });
  }

  it('links kept images at GHAD_MEDIA_URL, and still knows a CDN address typed in the editor', () => {
    const media = { hash: HASH, path: `${HASH}/640.jpg`, variantWidths: [320, 640] };
    try {
      linkMediaAt('https://cdn.alghad24.ma/media');
      assert.equal(mediaPath(media), `https://cdn.alghad24.ma/media/${HASH}/640.jpg`);
      assert.equal(
        mediaPath({ path: 'https://old.example/wp-content/uploads/a.jpg' }),
        'https://old.example/wp-content/uploads/a.jpg',
      );
      assert.equal(
        mediaSrcset(media, 'webp'),
        `https://cdn.alghad24.ma/media/${HASH}/320.webp 320w, https://cdn.alghad24.ma/media/${HASH}/640.webp 640w`,
      );
      assert.deepEqual(libraryFileOf(`https://cdn.alghad24.ma/media/${HASH}/320.webp`), { hash: HASH });
      assert.deepEqual(libraryFileOf(`/media/${HASH}/320.webp`), { hash: HASH });
    } finally {
      linkMediaAt(undefined);
    }
    assert.equal(mediaPath(media), `/media/${HASH}/640.jpg`);
  });
});
