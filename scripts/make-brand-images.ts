/**
 * Draws the demo newspaper's raster brand images with Chromium and the site's own fonts:
 * src/web/site/share-image.png (1200×630, the link preview of pages without a photo) and
 * src/web/site/logo.png (512×512, the publisher logo in structured data). Run it again after
 * changing the name, the slogan or the colours:
 *
 *   node --import tsx scripts/make-brand-images.ts
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const NAME = 'الغد';
const FIGURES = '24';
const SLOGAN = 'خبر الغد تقرأه اليوم';
const ACCENT = '#b3001b';

const require = createRequire(import.meta.url);
/** A font of the site as a data: URL (a page set from a string may not read file: URLs). */
const font = (pkg: string, file: string) =>
  `data:font/woff2;base64,${fs.readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files', file)).toString('base64')}`;
const fontFaces = `
  @font-face { font-family: Kufi; font-weight: 700; src: url("${font('@fontsource/noto-kufi-arabic', 'noto-kufi-arabic-arabic-700-normal.woff2')}"); }
  @font-face { font-family: Kufi; font-weight: 700; src: url("${font('@fontsource/noto-kufi-arabic', 'noto-kufi-arabic-latin-700-normal.woff2')}"); unicode-range: U+0000-00FF; }
  @font-face { font-family: Naskh; font-weight: 400; src: url("${font('@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-arabic-400-normal.woff2')}"); }
  html, body { margin: 0; }`;

const SHARE = `<!doctype html><html lang="ar" dir="rtl"><style>${fontFaces}
  body { width: 1200px; height: 630px; display: flex; flex-direction: column; justify-content: center;
         align-items: center; background: #fff; border-block-end: 40px solid ${ACCENT}; box-sizing: border-box; }
  h1 { font: 700 190px/1.2 Kufi; margin: 0; color: #121316; }
  h1 span { color: ${ACCENT}; }
  p { font: 400 64px/1.4 Naskh; margin: 0; color: #3b3f46; }
</style><h1>${NAME} <span>${FIGURES}</span></h1><p>${SLOGAN}</p></html>`;

const LOGO = `<!doctype html><html lang="ar" dir="rtl"><style>${fontFaces}
  body { width: 512px; height: 512px; display: flex; justify-content: center; align-items: center;
         background: ${ACCENT}; }
  b { font: 700 320px/1 Kufi; color: #fff; padding-block-end: 40px; }
</style><b>غ</b></html>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [html, file, width, height] of [
    [SHARE, 'share-image.png', 1200, 630],
    [LOGO, 'logo.png', 512, 512],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.setContent(html);
    const families = await page.evaluate(async () => {
      await document.fonts.ready;
      const loaded: string[] = [];
      document.fonts.forEach((f) => {
        if (f.status === 'loaded') loaded.push(f.family);
      });
      return loaded;
    });
    if (!families.includes('Kufi')) throw new Error(`the site's fonts did not load: ${families.join(', ')}`);
    const out = fileURLToPath(new URL(`../src/web/site/${file}`, import.meta.url));
    await page.screenshot({ path: out });
    console.log(`${out} (${width}×${height})`);
  }
} finally {
  await browser.close();
}
