import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EMBED_FRAME_ORIGINS } from '../content/embeds.ts';
import { API_DOCS_STYLE } from './api/api-docs-page.tsx';
import { VIEW_BEACON } from './site/views/most-read.tsx';

/**
 * The Content-Security-Policy of every page, and HSTS when the site is served over https.
 *
 * Reader pages are cached and shared between readers (the page cache, Varnish, a CDN), so their
 * policy is one string for the life of the process: scripts from the site and the view beacon,
 * the one inline script, by the sha256 of its exact text. The newsroom is never cached: each page
 * gets a fresh nonce that its script elements carry (`scriptNonce`), and nothing else runs there.
 * JSON answers get a policy that allows nothing, and no page may be framed by another site.
 */
export interface SecurityHeadersOptions {
  /** GHAD_SITE_URL: https turns HSTS on (and Secure cookies, in the newsroom). */
  siteUrl: string;
  /** GHAD_MEDIA_URL, a CDN the images are linked from, when there is one. */
  mediaUrl: string | undefined;
}

declare module 'fastify' {
  interface FastifyReply {
    /** This response's script nonce, once `scriptNonce` made one. */
    scriptNonce: string | undefined;
  }
}

export const HSTS = 'max-age=31536000; includeSubDomains';

/** What a JSON answer opened in a tab may do: nothing, and not inside another site's frame. */
export const JSON_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Whether the site's own address is https: what decides HSTS and Secure cookies. */
export function servedOverHttps(siteUrl: string): boolean {
  return new URL(siteUrl).protocol === 'https:';
}

/**
 * Images: the site, the media CDN, and any https address, because an import keeps the images it
 * could not copy at their own address (WordPress without --uploads, wire photos) and an API
 * client's image block may name one. An image cannot run anything.
 */
function imageSources(mediaUrl: string | undefined): string {
  const media = mediaUrl ? ` ${new URL(mediaUrl).origin}` : '';
  return `'self'${media} https:`;
}

/** Reader pages: what layout.tsx, the beacon, embed-facade.js and search-suggest.js need. */
export function readerPolicy({ mediaUrl }: Pick<SecurityHeadersOptions, 'mediaUrl'>): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${sha256Source(VIEW_BEACON)}`,
    "style-src 'self'",
    `img-src ${imageSources(mediaUrl)}`,
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${EMBED_FRAME_ORIGINS.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * Newsroom pages: only the scripts that carry this response's nonce (none at all when the page
 * made none), no inline style, never framed. Frames of embeds only for the article preview.
 */
export function newsroomPolicy(
  { mediaUrl }: Pick<SecurityHeadersOptions, 'mediaUrl'>,
  nonce: string | undefined,
): string {
  return [
    "default-src 'self'",
    `script-src ${nonce ? `'nonce-${nonce}'` : "'none'"}`,
    "style-src 'self'",
    `img-src ${imageSources(mediaUrl)}`,
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${EMBED_FRAME_ORIGINS.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** /api/v1/docs, the API's one page: its own inline stylesheet and the favicon, no script. */
export const API_DOCS_POLICY = [
  "default-src 'none'",
  `style-src ${sha256Source(API_DOCS_STYLE)}`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The nonce this response's scripts carry (made on first ask, 128 random bits): the newsroom's pages use it. */
export function scriptNonce(reply: FastifyReply): string {
  reply.scriptNonce ??= randomBytes(16).toString('base64');
  return reply.scriptNonce;
}

/**
 * Sets the headers on every response (call before the plugins register their routes). Returns
 * what sets them on one reply of a given content type: answers to malformed addresses
 * (`frameworkErrors`) are sent before any hook runs.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeadersOptions,
): (request: FastifyRequest, reply: FastifyReply) => void {
  const reader = readerPolicy(options);
  const hsts = servedOverHttps(options.siteUrl);
  const setHeaders = (request: FastifyRequest, reply: FastifyReply) => {
    if (hsts) reply.header('strict-transport-security', HSTS);
    if (!reply.hasHeader('content-security-policy')) {
      const policy = policyFor(request, reply, reader, options);
      if (policy) reply.header('content-security-policy', policy);
    }
  };
  app.decorateReply('scriptNonce', undefined);
  app.addHook('onSend', (request, reply, payload, done) => {
    setHeaders(request, reply);
    done(null, payload);
  });
  return setHeaders;
}

function policyFor(
  request: FastifyRequest,
  reply: FastifyReply,
  reader: string,
  options: SecurityHeadersOptions,
): string | undefined {
  const type = String(reply.getHeader('content-type') ?? '');
  if (type.startsWith('text/html')) {
    if (isNewsroomPath(request.url)) return newsroomPolicy(options, reply.scriptNonce);
    // routeOptions is missing on an answer to a malformed address.
    if (request.routeOptions?.url?.startsWith('/api/')) return API_DOCS_POLICY;
    return reader;
  }
  // The API, the newsroom's JSON, JSON Feed: application/json, application/feed+json, …
  if (/^application\/([\w.-]+\+)?json\b/.test(type)) return JSON_POLICY;
  // Stylesheets, scripts, images, fonts, XML: a policy would not apply to them where they are used.
  return undefined;
}

function isNewsroomPath(url: string): boolean {
  return url === '/newsroom' || url.startsWith('/newsroom/') || url.startsWith('/newsroom?');
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
