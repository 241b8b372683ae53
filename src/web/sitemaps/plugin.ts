import type { FastifyInstance } from 'fastify';
import { type ListedKind, SitemapListings } from '../../store/sitemap-listings.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache, RenderedPage, StreamedPage } from '../page-cache.ts';
import { rawPath } from '../site/plugin.tsx';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath, authorPath, entityPath, sectionPath, storyPath, tagPath } from '../site/urls.ts';
import { parseSitemapFileName, SITEMAP_INDEX_PATH, type SitemapFile, sitemapPath } from './sitemap-files.ts';
import {
  NEWS_URL_SET_START,
  newsEntry,
  SITEMAP_INDEX_END,
  SITEMAP_INDEX_START,
  sitemapIndexEntry,
  URL_SET_END,
  URL_SET_START,
  urlEntry,
} from './sitemap-xml.ts';

export interface SitemapsPluginOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  /**
   * URLs per sitemap file. The protocol allows 50,000; 10,000 keeps a file of long
   * percent-encoded Arabic URLs near 4 MB, quick to compress and cheap to keep cached.
   */
  urlsPerFile?: number;
  /** Rows read from the database at a time while a file is written: each batch is one piece of the response. */
  batchSize?: number;
}

const XML = 'application/xml; charset=utf-8';
/** The page of a listed tag, author, entity or story. */
const LISTED_PATHS: Record<ListedKind, (entry: { id: number; slug: string }) => string> = {
  tags: tagPath,
  authors: authorPath,
  entities: (entity) => entityPath(entity),
  stories: storyPath,
};
/** What a listed file is tagged with, beside `home` (which every write purges). */
const LISTED_TAGS: Record<ListedKind, string[]> = {
  tags: [],
  authors: [],
  entities: [cacheTags.entities],
  stories: [cacheTags.stories],
};
/** Google News reads articles of the last two days, at most 1,000 of them. */
const NEWS_WINDOW_MS = 48 * 3600_000;
const NEWS_MAX_URLS = 1000;

/**
 * robots.txt, the sitemap index at /sitemap.xml and its files under /sitemaps/: monthly
 * article files, undated articles, sections, tags, authors, entities, stories and the Google News sitemap.
 * Every file is streamed: counted first (a part past the end is a 404 before anything is
 * sent), then written batch by batch to the response and to the page cache's copy, never
 * whole in memory (see StreamedPage). A monthly file is tagged with its month, so a write
 * purges the months it touched and no other; the index and the small files are tagged
 * `home`, which every write purges.
 */
export async function sitemapsPlugin(
  app: FastifyInstance,
  { store, site, pageCache, urlsPerFile = 10_000, batchSize = 1000 }: SitemapsPluginOptions,
): Promise<void> {
  const listings = new SitemapListings(store.db, store.dialect);
  const parts = (count: number) => Math.ceil(count / urlsPerFile);
  const slice = (part: number) => ({ offset: (part - 1) * urlsPerFile, limit: urlsPerFile, batchSize });
  const xml = (body: AsyncIterable<string>, tags: string[]): StreamedPage => ({
    status: 200,
    body,
    contentType: XML,
    tags,
  });

  app.get('/robots.txt', (request, reply) =>
    pageCache.serve(request, reply, '/robots.txt', async () => ({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      html: [
        'User-agent: *',
        'Disallow: /search',
        'Disallow: /api/',
        '',
        `Sitemap: ${site.url}${SITEMAP_INDEX_PATH}`,
        `Sitemap: ${site.url}${sitemapPath({ kind: 'news' })}`,
        '',
      ].join('\n'),
      tags: [],
    })),
  );

  app.get(SITEMAP_INDEX_PATH, (request, reply) =>
    pageCache.serve(request, reply, SITEMAP_INDEX_PATH, async () => {
      const [months, undated, tags, authors, entities, stories] = await Promise.all([
        listings.publicationMonths(),
        listings.countUndated(),
        listings.countListed('tags'),
        listings.countListed('authors'),
        listings.countListed('entities'),
        listings.countListed('stories'),
      ]);
      const files: SitemapFile[] = [{ kind: 'sections' }, { kind: 'news' }];
      const partsOf = (count: number, file: (part: number) => SitemapFile) => {
        for (let part = 1; part <= parts(count); part++) files.push(file(part));
      };
      for (const { month, count } of months) partsOf(count, (part) => ({ kind: 'month', month, part }));
      partsOf(undated, (part) => ({ kind: 'undated', part }));
      partsOf(tags, (part) => ({ kind: 'tags', part }));
      partsOf(authors, (part) => ({ kind: 'authors', part }));
      partsOf(entities, (part) => ({ kind: 'entities', part }));
      partsOf(stories, (part) => ({ kind: 'stories', part }));
      return xml(sitemapIndex(files), [cacheTags.home, cacheTags.entities, cacheTags.stories]);
    }),
  );

  app.get<{ Params: { file: string } }>('/sitemaps/:file', (request, reply) =>
    pageCache.serve(request, reply, rawPath(request), async () => {
      const file = parseSitemapFileName(request.params.file);
      if (!file) return notFound();
      if (rawPath(request) !== sitemapPath(file))
        return { status: 301, location: sitemapPath(file), html: '', tags: [] };
      switch (file.kind) {
        case 'sections':
          return xml(sectionsSitemap(), [cacheTags.home]);
        case 'news':
          return xml(newsSitemap(), [cacheTags.home]);
        case 'month': {
          if (file.part > parts(await listings.countInMonth(file.month))) return notFound();
          const body = urlSet(listings.articlesOfMonth(file.month, slice(file.part)), (a) => [
            `${site.url}${articlePath(a)}`,
            a.updatedAt,
          ]);
          const [year, month] = file.month.split('-').map(Number) as [number, number];
          return xml(body, [cacheTags.month(new Date(Date.UTC(year, month - 1, 1)))]);
        }
        case 'undated': {
          if (file.part > parts(await listings.countUndated())) return notFound();
          const body = urlSet(listings.undatedArticles(slice(file.part)), (a) => [
            `${site.url}${articlePath(a)}`,
            a.updatedAt,
          ]);
          return xml(body, [cacheTags.home]);
        }
        case 'tags':
        case 'authors':
        case 'entities':
        case 'stories': {
          const { kind } = file;
          if (file.part > parts(await listings.countListed(kind))) return notFound();
          const pathOf = LISTED_PATHS[kind];
          const body = urlSet(listings.listed(kind, slice(file.part)), (entry) => [
            `${site.url}${pathOf(entry)}`,
            null,
          ]);
          return xml(body, [cacheTags.home, ...LISTED_TAGS[kind]]);
        }
      }
    }),
  );

  /** The index: one entry per file, in the order the route lists them. */
  async function* sitemapIndex(files: readonly SitemapFile[]): AsyncGenerator<string> {
    yield SITEMAP_INDEX_START;
    yield files.map((file) => sitemapIndexEntry(`${site.url}${sitemapPath(file)}`)).join('');
    yield SITEMAP_INDEX_END;
  }

  /** A urlset, one piece per batch of rows as they arrive. */
  async function* urlSet<Row>(
    batches: AsyncIterable<Row[]>,
    entry: (row: Row) => [loc: string, lastmod: Date | null],
  ): AsyncGenerator<string> {
    yield URL_SET_START;
    for await (const batch of batches) yield batch.map((row) => urlEntry(...entry(row))).join('');
    yield URL_SET_END;
  }

  /** The home page and every section, each with the time of its newest article. */
  async function* sectionsSitemap(): AsyncGenerator<string> {
    const newest = async (sectionId?: number) =>
      (await store.articles.listPublishedPage({ ...(sectionId ? { sectionId } : {}), limit: 1 }))[0]?.publishedAt ??
      null;
    yield URL_SET_START;
    yield urlEntry(`${site.url}/`, await newest());
    for (const section of site.sections) yield urlEntry(`${site.url}${sectionPath(section)}`, await newest(section.id));
    yield URL_SET_END;
  }

  /** Articles of the last 48 hours, for Google News: at most 1,000, read at once. */
  async function* newsSitemap(): AsyncGenerator<string> {
    const recent = await store.articles.listPublishedPage({
      from: new Date(Date.now() - NEWS_WINDOW_MS),
      limit: NEWS_MAX_URLS,
    });
    yield NEWS_URL_SET_START;
    yield recent
      .map((article) =>
        newsEntry(`${site.url}${articlePath(article)}`, {
          publication: site.name,
          language: 'ar',
          publishedAt: article.publishedAt!,
          title: article.headline,
        }),
      )
      .join('');
    yield URL_SET_END;
  }
}

function notFound(): RenderedPage {
  return {
    status: 404,
    contentType: 'text/plain; charset=utf-8',
    html: 'لا توجد خريطة موقع بهذا العنوان.\nNo such sitemap.\n',
    tags: [],
  };
}
