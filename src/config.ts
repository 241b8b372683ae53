import os from 'node:os';
import path from 'node:path';
import { isKnownTimeZone } from './arabic/dates.ts';

/** Ghad's configuration, read once from the environment at start and validated. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `undefined` means SQLite in the data directory. */
  databaseUrl: string | undefined;
  siteUrl: string;
  siteName: string;
  siteSlogan: string;
  pageCache: boolean;
  /** Upper bound of the page cache, in bytes of stored (compressed and plain) pages. */
  pageCacheBytes: number;
  /** The newsroom's clock: dates are shown and archived in this time zone. */
  timeZone: string;
  logLevel: string;
  /** Server processes sharing the port (node:cluster); 1 runs the server in this process. */
  workers: number;
  /** What feed entries carry: the summary (default) or the whole article. */
  feedContent: 'summary' | 'full';
  /**
   * Whether X-Forwarded-For/-Proto are believed (behind a reverse proxy that sets them). Off by
   * default: anyone could otherwise pick their address and dodge per-address limits.
   */
  trustProxy: boolean;
  /** The largest image file the newsroom takes, in bytes (GHAD_MEDIA_MAX_MB). */
  mediaMaxBytes: number;
  /** The largest image canvas, in pixels (GHAD_MEDIA_MAX_MEGAPIXELS): decompression bombs stop here. */
  mediaMaxPixels: number;
  /**
   * The demo newspaper (GHAD_DEMO, or `ghad serve --demo` as `npm start` runs it): an empty
   * database receives the demo content and the demo accounts, whose passwords are public. Off
   * by default: a real newspaper never gets them, and demo accounts cannot sign in (nor their
   * sessions and API tokens work) while it is off.
   */
  demo: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a number between 0 and 65535, not "${env.PORT}".`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// (leave it unset for SQLite), not "${databaseUrl}".`,
    );
  }
  const siteUrl = (env.GHAD_SITE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(siteUrl);
  } catch {
    throw new ConfigError(`GHAD_SITE_URL must be an absolute URL such as https://alghad24.ma, not "${siteUrl}".`);
  }
  const cacheSetting = (env.GHAD_PAGE_CACHE ?? 'on').toLowerCase();
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(cacheSetting)) {
    throw new ConfigError(`GHAD_PAGE_CACHE must be "on" or "off", not "${env.GHAD_PAGE_CACHE}".`);
  }
  const cacheMb = env.GHAD_PAGE_CACHE_MB === undefined ? 128 : Number(env.GHAD_PAGE_CACHE_MB);
  if (!Number.isFinite(cacheMb) || cacheMb <= 0) {
    throw new ConfigError(
      `GHAD_PAGE_CACHE_MB must be a positive number of megabytes, not "${env.GHAD_PAGE_CACHE_MB}".`,
    );
  }
  const timeZone = env.GHAD_TIME_ZONE?.trim() || 'Africa/Casablanca';
  if (!isKnownTimeZone(timeZone)) {
    throw new ConfigError(`GHAD_TIME_ZONE must be an IANA time zone such as Africa/Casablanca, not "${timeZone}".`);
  }
  const workersSetting = env.GHAD_WORKERS?.trim() || '1';
  const workers = workersSetting === 'auto' ? os.availableParallelism() : Number(workersSetting);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new ConfigError(`GHAD_WORKERS must be a number from 1 to 64 or "auto", not "${env.GHAD_WORKERS}".`);
  }
  const feedContent = env.GHAD_FEED_CONTENT?.trim() || 'summary';
  if (feedContent !== 'summary' && feedContent !== 'full') {
    throw new ConfigError(`GHAD_FEED_CONTENT must be "summary" or "full", not "${env.GHAD_FEED_CONTENT}".`);
  }
  const proxySetting = env.GHAD_TRUST_PROXY?.trim().toLowerCase() || 'off';
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(proxySetting)) {
    throw new ConfigError(`GHAD_TRUST_PROXY must be "on" or "off", not "${env.GHAD_TRUST_PROXY}".`);
  }
  const mediaMb = env.GHAD_MEDIA_MAX_MB?.trim() ? Number(env.GHAD_MEDIA_MAX_MB) : 20;
  if (!Number.isFinite(mediaMb) || mediaMb <= 0 || mediaMb > 1024) {
    throw new ConfigError(
      `GHAD_MEDIA_MAX_MB must be a number of megabytes from 0 to 1024, not "${env.GHAD_MEDIA_MAX_MB}".`,
    );
  }
  const mediaMegapixels = env.GHAD_MEDIA_MAX_MEGAPIXELS?.trim() ? Number(env.GHAD_MEDIA_MAX_MEGAPIXELS) : 64;
  if (!Number.isFinite(mediaMegapixels) || mediaMegapixels <= 0 || mediaMegapixels > 268) {
    throw new ConfigError(
      `GHAD_MEDIA_MAX_MEGAPIXELS must be a number of millions of pixels from 0 to 268, not "${env.GHAD_MEDIA_MAX_MEGAPIXELS}".`,
    );
  }
  const demoSetting = env.GHAD_DEMO?.trim().toLowerCase() || 'off';
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(demoSetting)) {
    throw new ConfigError(`GHAD_DEMO must be "on" or "off", not "${env.GHAD_DEMO}".`);
  }
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: path.resolve(env.GHAD_DATA_DIR?.trim() || './data'),
    databaseUrl,
    siteUrl,
    siteName: env.GHAD_SITE_NAME?.trim() || 'الغد 24',
    siteSlogan: env.GHAD_SITE_SLOGAN?.trim() || 'خبر الغد تقرأه اليوم',
    pageCache: ['on', '1', 'true'].includes(cacheSetting),
    pageCacheBytes: Math.round(cacheMb * 1024 * 1024),
    timeZone,
    logLevel: env.GHAD_LOG_LEVEL?.trim() || 'info',
    workers,
    feedContent,
    trustProxy: ['on', '1', 'true'].includes(proxySetting),
    mediaMaxBytes: Math.round(mediaMb * 1024 * 1024),
    mediaMaxPixels: Math.round(mediaMegapixels * 1_000_000),
    demo: ['on', '1', 'true'].includes(demoSetting),
  };
}
