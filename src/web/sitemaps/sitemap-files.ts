import type { ListedKind } from '../../store/sitemap-listings.ts';

/**
 * The names of the sitemap files under /sitemaps/. A listing longer than one file holds is
 * split into parts: `articles-2017-05.xml`, `articles-2017-05-2.xml`, … (part 1 has no number,
 * so the name of a month stays the same when it grows past one file).
 */

export type SitemapFile =
  | { kind: 'month'; month: string; part: number }
  | { kind: 'undated'; part: number }
  | { kind: 'tags'; part: number }
  | { kind: 'authors'; part: number }
  | { kind: 'entities'; part: number }
  | { kind: 'stories'; part: number }
  | { kind: 'sections' }
  | { kind: 'news' };

export const SITEMAP_INDEX_PATH = '/sitemap.xml';

const PART = '(?:-([2-9]|[1-9]\\d{1,5}))?';
const MONTH_FILE = new RegExp(`^articles-(\\d{4})-(0[1-9]|1[0-2])${PART}\\.xml$`);
const UNDATED_FILE = new RegExp(`^articles-undated${PART}\\.xml$`);
const LISTED_FILE = new RegExp(`^(tags|authors|entities|stories)${PART}\\.xml$`);

export function sitemapPath(file: SitemapFile): string {
  const part = 'part' in file && file.part > 1 ? `-${file.part}` : '';
  switch (file.kind) {
    case 'month':
      return `/sitemaps/articles-${file.month}${part}.xml`;
    case 'undated':
      return `/sitemaps/articles-undated${part}.xml`;
    case 'tags':
    case 'authors':
    case 'entities':
    case 'stories':
      return `/sitemaps/${file.kind}${part}.xml`;
    case 'sections':
      return '/sitemaps/sections.xml';
    case 'news':
      return '/sitemaps/news.xml';
  }
}

/** The file a name under /sitemaps/ asks for; undefined for anything malformed (`articles-2017-13.xml`, `tags-1.xml`). */
export function parseSitemapFileName(name: string): SitemapFile | undefined {
  if (name === 'sections.xml') return { kind: 'sections' };
  if (name === 'news.xml') return { kind: 'news' };
  const month = MONTH_FILE.exec(name);
  if (month) return { kind: 'month', month: `${month[1]}-${month[2]}`, part: Number(month[3] ?? 1) };
  const undated = UNDATED_FILE.exec(name);
  if (undated) return { kind: 'undated', part: Number(undated[1] ?? 1) };
  const listed = LISTED_FILE.exec(name);
  if (listed) return { kind: listed[1] as ListedKind, part: Number(listed[2] ?? 1) };
  return undefined;
}
