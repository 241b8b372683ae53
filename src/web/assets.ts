import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { StaticFile } from './static-file.ts';

/**
 * The reader site's static files: one stylesheet and two small scripts under content-hashed
 * names, the self-hosted Arabic fonts, all held in memory and served with a year-long immutable cache.
 */
export interface SiteAssets {
  /** The stylesheet's URL, e.g. /assets/site.3f2a9c1b.css */
  stylesheet: string;
  favicon: string;
  /** The search page's only script: headline suggestions while typing. */
  searchScript: string;
  /** Article pages with embeds: a click swaps an embed's card for the provider's frame. */
  embedScript: string;
  /** Live coverage pages: new entries from the change list without a reload. */
  liveScript: string;
  /** Fonts worth a preload: the Arabic text face every page uses. */
  preloadFonts: string[];
  /** Raster brand images (scripts/make-brand-images.ts): link previews without a photo, and the publisher logo. */
  shareImage: BrandImage;
  logo: BrandImage;
}

export interface BrandImage {
  url: string;
  width: number;
  height: number;
}

const FAVICON = '/assets/favicon.svg';
const require = createRequire(import.meta.url);
const fontDirs: Record<string, string> = {
  'noto-naskh-arabic': path.join(path.dirname(require.resolve('@fontsource/noto-naskh-arabic/package.json')), 'files'),
  'noto-kufi-arabic': path.join(path.dirname(require.resolve('@fontsource/noto-kufi-arabic/package.json')), 'files'),
};

function loadAssets(): { assets: Map<string, StaticFile>; site: SiteAssets } {
  const assets = new Map<string, StaticFile>();
  const css = withFonts(fs.readFileSync(new URL('./site/site.css', import.meta.url)));
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 10);
  const stylesheet = `/assets/site.${hash}.css`;
  assets.set(stylesheet, new StaticFile('text/css; charset=utf-8', css));
  for (const [, url] of css.toString().matchAll(/url\("(\/assets\/fonts\/[a-z0-9-]+\.woff2)"\)/g)) {
    const file = path.basename(url as string);
    const family = Object.keys(fontDirs).find((name) => file.startsWith(`${name}-`));
    const dir = family && fontDirs[family];
    if (!dir) throw new Error(`fonts.css asks for ${url}, but no font package provides it.`);
    assets.set(url as string, new StaticFile('font/woff2', fs.readFileSync(path.join(dir, file))));
  }
  const script = (name: string): string => {
    const bytes = fs.readFileSync(new URL(`./site/${name}.js`, import.meta.url));
    const url = `/assets/${name}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.js`;
    assets.set(url, new StaticFile('text/javascript; charset=utf-8', bytes));
    return url;
  };
  const searchScript = script('search-suggest');
  const embedScript = script('embed-facade');
  const liveScript = script('live-updates');
  const favicon = fs.readFileSync(new URL('./site/favicon.svg', import.meta.url));
  assets.set(FAVICON, new StaticFile('image/svg+xml', favicon));
  const preloadFonts = ['/assets/fonts/noto-naskh-arabic-arabic-400-normal.woff2'];
  const png = (name: string, width: number, height: number): BrandImage => {
    const bytes = fs.readFileSync(new URL(`./site/${name}.png`, import.meta.url));
    const url = `/assets/${name}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.png`;
    assets.set(url, new StaticFile('image/png', bytes));
    return { url, width, height };
  };
  const shareImage = png('share-image', 1200, 630);
  const logo = png('logo', 512, 512);
  return {
    assets,
    site: { stylesheet, preloadFonts, favicon: FAVICON, searchScript, embedScript, liveScript, shareImage, logo },
  };
}

export function registerAssets(app: FastifyInstance): SiteAssets {
  const { assets, site } = loadAssets();
  app.get('/assets/*', async (request, reply) => {
    const asset = assets.get(request.url.split('?')[0] ?? '');
    if (!asset) return reply.callNotFound();
    return asset.send(request, reply);
  });
  // Browsers and crawlers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', async (_request, reply) => reply.redirect(FAVICON, 301));
  return site;
}

/** A stylesheet with the fonts' @font-face rules (fonts.css) in front of it. */
export function withFonts(css: Buffer): Buffer {
  return Buffer.concat([fs.readFileSync(new URL('./fonts.css', import.meta.url)), css]);
}
