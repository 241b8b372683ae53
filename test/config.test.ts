import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to the demo newspaper on SQLite in ./data, port 3000, Casablanca time', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, path.resolve('data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.siteName, 'الغد 24');
    assert.equal(config.siteSlogan, 'خبر الغد تقرأه اليوم');
    assert.equal(config.siteUrl, 'http://localhost:3000');
    assert.equal(config.timeZone, 'Africa/Casablanca');
    assert.equal(config.pageCache, true);
    assert.equal(config.workers, 1);
    assert.equal(config.trustProxy, false);
    assert.equal(config.mediaMaxBytes, 20 * 1024 * 1024);
    assert.equal(config.mediaMaxPixels, 64_000_000);
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      GHAD_DATA_DIR: '/srv/ghad',
      DATABASE_URL: 'postgres://ghad@db:5432/ghad',
      GHAD_SITE_URL: 'https://alghad24.ma/',
      GHAD_SITE_NAME: 'الغد',
      GHAD_SITE_SLOGAN: 'خبر اليوم',
      GHAD_PAGE_CACHE: 'off',
      GHAD_TIME_ZONE: 'Africa/Tunis',
      GHAD_WORKERS: 'auto',
      GHAD_TRUST_PROXY: 'on',
      GHAD_MEDIA_MAX_MB: '2.5',
      GHAD_MEDIA_MAX_MEGAPIXELS: '24',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/srv/ghad');
    assert.equal(config.databaseUrl, 'postgres://ghad@db:5432/ghad');
    assert.equal(config.siteUrl, 'https://alghad24.ma');
    assert.equal(config.siteName, 'الغد');
    assert.equal(config.pageCache, false);
    assert.equal(config.timeZone, 'Africa/Tunis');
    assert.equal(config.workers, os.availableParallelism());
    assert.equal(config.trustProxy, true);
    assert.equal(config.mediaMaxBytes, 2.5 * 1024 * 1024);
    assert.equal(config.mediaMaxPixels, 24_000_000);
  });

  it('refuses bad values with a message that names the variable and the value', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /PORT .* not "abc"/],
      [{ PORT: '70000' }, /PORT/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:\/\//],
      [{ GHAD_SITE_URL: 'alghad24' }, /GHAD_SITE_URL .* absolute URL/],
      [{ GHAD_PAGE_CACHE: 'sometimes' }, /GHAD_PAGE_CACHE must be "on" or "off"/],
      [{ GHAD_TIME_ZONE: 'Mars/Olympus' }, /GHAD_TIME_ZONE .* IANA/],
      [{ GHAD_WORKERS: '0' }, /GHAD_WORKERS must be a number from 1 to 64/],
      [{ GHAD_PAGE_CACHE_MB: '-5' }, /GHAD_PAGE_CACHE_MB/],
      [{ GHAD_TRUST_PROXY: 'maybe' }, /GHAD_TRUST_PROXY must be "on" or "off"/],
      [{ GHAD_MEDIA_MAX_MB: 'lots' }, /GHAD_MEDIA_MAX_MB .* not "lots"/],
      [{ GHAD_MEDIA_MAX_MEGAPIXELS: '0' }, /GHAD_MEDIA_MAX_MEGAPIXELS/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error instanceof ConfigError && message.test(error.message),
      );
    }
  });
});
