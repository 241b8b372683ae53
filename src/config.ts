import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isKnownTimeZone } from './arabic/dates.ts';
import { type AllowedHost, parseAllowedHost } from './webhooks/webhook-target.ts';

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
  /** Prometheus' /metrics on its own listener (GHAD_METRICS_PORT; 0: a free port); undefined: none. */
  metricsPort: number | undefined;
  /** Where the metrics listener binds (GHAD_METRICS_HOST): this machine only unless told. */
  metricsHost: string;
  /** Where image files are kept (GHAD_MEDIA_STORAGE): the data directory (local, the default) or an S3 bucket. */
  mediaStorage: 'local' | 's3';
  /** The bucket (GHAD_S3_*), when one is named: images are kept there with s3, and `ghad media migrate --to s3` copies them there. */
  s3: S3Settings | undefined;
  /** Where pages, feeds and the API link images (GHAD_MEDIA_URL, a CDN), instead of /media/ on the site. */
  mediaUrl: string | undefined;
  /**
   * The HTTP caches in front (GHAD_PURGE_URLS, e.g. Varnish with deploy/varnish/ghad.vcl): every
   * page-cache purge is also sent to each as a tag purge (src/jobs/cache-node-purger.ts). Empty: none.
   */
  purgeUrls: string[];
  /**
   * Hosts on inside addresses (this machine, a private network) that webhooks may still go to
   * (GHAD_WEBHOOK_ALLOW_HOSTS, `host[:port]` separated by commas); every other such target is
   * refused (src/webhooks/webhook-target.ts).
   */
  webhookAllowHosts: AllowedHost[];
  /**
   * The key of commenters' address hashes (GHAD_COMMENT_KEY; the same on every app host of one
   * database). Unset: a key file in the data directory (src/comments/address-hash.ts).
   */
  commentKey?: string | undefined;
}

/** An S3 bucket for images; credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, …). */
export interface S3Settings {
  bucket: string;
  region: string;
  /** An S3-compatible server's address (GHAD_S3_ENDPOINT); AWS itself when unset. */
  endpoint: string | undefined;
  /** Buckets addressed as <endpoint>/<bucket>/<key>: what servers other than AWS expect. */
  forcePathStyle: boolean;
}

export class ConfigError extends Error {}

/** The newspaper's zone unless GHAD_TIME_ZONE names another. */
export const DEFAULT_TIME_ZONE = 'Africa/Casablanca';

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
  const timeZone = env.GHAD_TIME_ZONE?.trim() || DEFAULT_TIME_ZONE;
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
    ...metricsSettings(env, port),
    ...mediaStorageSettings(env),
    purgeUrls: purgeUrls(env),
    commentKey: env.GHAD_COMMENT_KEY?.trim() || undefined,
    webhookAllowHosts: webhookAllowHosts(env),
  };
}

/** GHAD_WEBHOOK_ALLOW_HOSTS: `host`, `host:port` or `[ipv6]:port`, separated by commas. */
function webhookAllowHosts(env: NodeJS.ProcessEnv): AllowedHost[] {
  return (env.GHAD_WEBHOOK_ALLOW_HOSTS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const allowed = parseAllowedHost(part);
      if (!allowed) {
        throw new ConfigError(
          `GHAD_WEBHOOK_ALLOW_HOSTS must be hosts such as 10.0.0.7, hooks.internal:8080 or [fd00::7]:443, separated by commas, not "${part}".`,
        );
      }
      return allowed;
    });
}

/** GHAD_PURGE_URLS: absolute http(s) URLs separated by commas, each once. */
function purgeUrls(env: NodeJS.ProcessEnv): string[] {
  const urls = new Set<string>();
  for (const part of (env.GHAD_PURGE_URLS ?? '').split(',')) {
    const text = part.trim();
    if (text === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '' || url.username !== '') {
      throw new ConfigError(
        `GHAD_PURGE_URLS must be absolute http:// or https:// URLs separated by commas, such as http://10.0.0.5:6081/, not "${text}".`,
      );
    }
    urls.add(url.href);
  }
  return [...urls];
}

/** GHAD_MEDIA_STORAGE, GHAD_S3_ENDPOINT, GHAD_S3_BUCKET, GHAD_S3_REGION and GHAD_MEDIA_URL, checked. */
function mediaStorageSettings(env: NodeJS.ProcessEnv): Pick<Config, 'mediaStorage' | 's3' | 'mediaUrl'> {
  const mediaStorage = env.GHAD_MEDIA_STORAGE?.trim().toLowerCase() || 'local';
  if (mediaStorage !== 'local' && mediaStorage !== 's3') {
    throw new ConfigError(`GHAD_MEDIA_STORAGE must be "local" or "s3", not "${env.GHAD_MEDIA_STORAGE}".`);
  }
  const bucket = env.GHAD_S3_BUCKET?.trim() || undefined;
  if (mediaStorage === 's3' && !bucket) {
    throw new ConfigError('GHAD_MEDIA_STORAGE=s3 needs GHAD_S3_BUCKET, the bucket that keeps the images.');
  }
  if (bucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      `GHAD_S3_BUCKET must be a bucket name (3 to 63 lowercase letters, digits, dots and hyphens), not "${bucket}".`,
    );
  }
  const endpoint = env.GHAD_S3_ENDPOINT?.trim().replace(/\/+$/, '') || undefined;
  if (endpoint && !isHttpUrl(endpoint)) {
    throw new ConfigError(
      `GHAD_S3_ENDPOINT must be an http:// or https:// URL such as http://127.0.0.1:9000, not "${endpoint}".`,
    );
  }
  const region = env.GHAD_S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1';
  if (!/^[a-z0-9-]{2,40}$/.test(region)) {
    throw new ConfigError(`GHAD_S3_REGION must be a region name such as eu-west-3, not "${region}".`);
  }
  if (bucket && Boolean(env.AWS_ACCESS_KEY_ID?.trim()) !== Boolean(env.AWS_SECRET_ACCESS_KEY?.trim())) {
    throw new ConfigError(
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or neither, for a profile or role).',
    );
  }
  const mediaUrl = env.GHAD_MEDIA_URL?.trim().replace(/\/+$/, '') || undefined;
  if (mediaUrl && (!isHttpUrl(mediaUrl) || /[?#]/.test(mediaUrl))) {
    throw new ConfigError(
      `GHAD_MEDIA_URL must be an http:// or https:// URL without ? or #, such as https://cdn.alghad24.ma/media, not "${mediaUrl}".`,
    );
  }
  return {
    mediaStorage,
    s3: bucket ? { bucket, region, endpoint, forcePathStyle: endpoint !== undefined } : undefined,
    mediaUrl,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}

/** GHAD_METRICS_PORT (unset: no metrics listener) and GHAD_METRICS_HOST (127.0.0.1 unless told), checked. */
function metricsSettings(env: NodeJS.ProcessEnv, port: number): Pick<Config, 'metricsPort' | 'metricsHost'> {
  const setting = env.GHAD_METRICS_PORT?.trim() ?? '';
  const metricsPort = setting === '' ? undefined : Number(setting);
  if (metricsPort !== undefined && (!/^\d{1,5}$/.test(setting) || metricsPort > 65535)) {
    throw new ConfigError(
      `GHAD_METRICS_PORT must be a number between 0 and 65535 (unset: no metrics), not "${env.GHAD_METRICS_PORT}".`,
    );
  }
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError(`GHAD_METRICS_PORT must differ from PORT (${port}): the metrics have their own listener.`);
  }
  const metricsHost = env.GHAD_METRICS_HOST?.trim() || '127.0.0.1';
  if (!isIP(metricsHost) && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(metricsHost)) {
    throw new ConfigError(
      `GHAD_METRICS_HOST must be an address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name, not "${env.GHAD_METRICS_HOST}".`,
    );
  }
  return { metricsPort, metricsHost };
}
