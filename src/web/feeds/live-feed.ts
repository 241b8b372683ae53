import type { FastifyInstance } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { Article } from '../../content/article.ts';
import { type Block, blocksToText, excerpt } from '../../content/blocks.ts';
import { entryAnchor, entryLabel, type LiveEntry } from '../../live/live-entry.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache, RenderedPage } from '../page-cache.ts';
import { rawPath } from '../site/plugin.tsx';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath, authorPath, FEED_FILES, type FeedFormat, feedPath } from '../site/urls.ts';
import { BodyBlocks } from '../site/views/body-blocks.tsx';
import { FEED_LENGTH, type Feed, type FeedContent, type FeedEntry } from './feed.ts';

/**
 * A live coverage's own feeds, beside its page: /article/<id>/<slug>/feed.xml|.atom|.json, its
 * newest 30 entries (the pinned one among them by its time), each linking to its place on the
 * page. Cached under the coverage's live tag, which every change purges.
 */
export function registerLiveFeeds(
  app: FastifyInstance,
  {
    store,
    site,
    pageCache,
    content,
    writers,
    contentTypes,
    notFound,
  }: {
    store: Store;
    site: SiteContext;
    pageCache: PageCache;
    content: FeedContent;
    writers: Record<FeedFormat, (feed: Feed) => string>;
    contentTypes: Record<FeedFormat, string>;
    notFound: (format: FeedFormat) => RenderedPage;
  },
): void {
  for (const format of Object.keys(FEED_FILES) as FeedFormat[]) {
    app.get<{ Params: { id: string; slug: string } }>(`/article/:id/:slug/${FEED_FILES[format]}`, (request, reply) =>
      pageCache.serve(request, reply, rawPath(request), async (): Promise<RenderedPage> => {
        const id = /^[1-9]\d{0,9}$/.test(request.params.id) ? Number(request.params.id) : undefined;
        if (id === undefined || id > 2_147_483_647) return notFound(format);
        const [article, coverage] = await Promise.all([
          store.articles.findById(id, { publishedOnly: true }),
          store.live.coverage(id),
        ]);
        if (!article || !coverage) return notFound(format);
        const canonical = feedPath(articlePath(article), format);
        if (rawPath(request) !== canonical) return { status: 301, location: canonical, html: '', tags: [] };
        const page = await store.live.page(id, 1, FEED_LENGTH);
        const entries = [...page.entries, ...(page.pinned ? [page.pinned] : [])]
          .sort((a, b) => b.id - a.id)
          .slice(0, FEED_LENGTH);
        return {
          status: 200,
          html: writers[format](liveFeed(site, article, entries, content)),
          contentType: contentTypes[format],
          tags: [cacheTags.live(id), cacheTags.article(id)],
        };
      }),
    );
  }
}

export function liveFeed(
  site: SiteContext,
  article: Article,
  entries: readonly LiveEntry[],
  content: FeedContent,
): Feed {
  const listPath = articlePath(article);
  const pageUrl = `${site.url}${listPath}`;
  const absolute = (url: string) => (/^\/(?!\/)/.test(url) ? `${site.url}${url}` : url);
  const authors = article.bylines.map(({ author }) => ({ name: author.name, url: `${site.url}${authorPath(author)}` }));
  const feedEntries = entries.map((entry): FeedEntry => {
    const blocks = entry.body.map(
      (block): Block => (block.type === 'image' ? { ...block, src: absolute(block.src) } : block),
    );
    return {
      id: `${site.url}/article/${article.id}#${entryAnchor(entry.id)}`,
      url: `${pageUrl}#${entryAnchor(entry.id)}`,
      title: entryLabel(entry),
      summary: excerpt(blocksToText(entry.body), 300),
      ...(content === 'full' ? { contentHtml: renderToString(BodyBlocks({ blocks })) } : {}),
      published: entry.createdAt,
      updated: entry.updatedAt,
      authors,
      categories: [article.section.name],
    };
  });
  return {
    title: `${article.headline} — تغطية مباشرة`,
    description: `تحديثات التغطية المباشرة على ${site.name}: ${article.headline}`,
    pageUrl,
    feedUrls: {
      rss: `${site.url}${feedPath(listPath, 'rss')}`,
      atom: `${site.url}${feedPath(listPath, 'atom')}`,
      json: `${site.url}${feedPath(listPath, 'json')}`,
    },
    updated: new Date(Math.max(article.updatedAt.getTime(), ...feedEntries.map((e) => e.updated.getTime()))),
    publisher: { name: site.name, url: `${site.url}/`, icon: `${site.url}${site.assets.favicon}` },
    entries: feedEntries,
  };
}
