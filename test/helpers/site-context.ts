import type { Store } from '../../src/store/store.ts';
import type { SiteContext } from '../../src/web/site/site-context.ts';

/** What the site's plugins know of the newspaper, for a test that registers one alone: the store's sections, stand-in assets. */
export async function testSiteContext(
  store: Store,
  { name = 'الغد 24', url = 'https://alghad24.test' }: { name?: string; url?: string } = {},
): Promise<SiteContext> {
  return {
    name,
    slogan: 'خبر الغد تقرأه اليوم',
    url,
    timeZone: 'Africa/Casablanca',
    sections: await store.taxonomy.sections(),
    assets: {
      stylesheet: '/s.css',
      preloadFonts: [],
      favicon: '/f.svg',
      searchScript: '/s.js',
      embedScript: '/e.js',
      liveScript: '/l.js',
      shareImage: { url: '/share.png', width: 1200, height: 630 },
      logo: { url: '/logo.png', width: 512, height: 512 },
    },
  };
}
