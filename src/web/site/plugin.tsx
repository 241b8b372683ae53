import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { calendarDay, formatMoroccanDate, isRealDay, startOfLocalDay } from '../../arabic/dates.ts';
import type { ArticleSummary } from '../../content/article.ts';
import { excerpt } from '../../content/blocks.ts';
import type { ArticleListQuery } from '../../store/articles.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache, RenderedPage } from '../page-cache.ts';
import { BreakingNewsBanner } from './breaking-news.ts';
import { oldAddressLocation } from './old-addresses.ts';
import { registerSearchPage } from './search-route.tsx';
import type { PageHead, SiteContext } from './site-context.ts';
import { breadcrumbJsonLd, newsArticleJsonLd, newsMediaOrganizationJsonLd, webSiteJsonLd } from './structured-data.ts';
import { articlePath, authorPath, dayArchivePath, mediaUrl, sectionPath, tagPath } from './urls.ts';
import { ArticleListPage } from './views/article-list-page.tsx';
import { ArticlePage } from './views/article-page.tsx';
import { hasEmbedCards } from './views/embed-card.tsx';
import { ErrorPage, errorTitle } from './views/error-page.tsx';
import { HomePage } from './views/home-page.tsx';
import { renderDocument } from './views/layout.tsx';

export const PAGE_SIZE = 20;
const HIGHLIGHTS_ON_HOME = 4;
const LATEST_ON_HOME = 8;
const PER_SECTION_ON_HOME = 4;
/** Read beyond a block's four, for articles an earlier block already shows. */
const SPARE_PER_SECTION_ON_HOME = 4;
const MORE_FROM_SECTION = 5;

export interface SitePluginOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
}

/** The reader site: home, articles, sections, tags, authors and the day archive. */
export async function sitePlugin(app: FastifyInstance, { store, site, pageCache }: SitePluginOptions): Promise<void> {
  const banner = new BreakingNewsBanner(store.curation, pageCache);

  /**
   * Serves a page through the cache; the key is the requested path and the page number, if any.
   * `render` builds its page with `page`, which adds the breaking-news banner: the page is
   * tagged for the banner's purges and not served past the end of the breaking news it shows.
   */
  const serve = async (
    request: FastifyRequest,
    reply: FastifyReply,
    render: (pageNumber: number, page: PageBuilder) => Promise<RenderedPage>,
  ): Promise<FastifyReply> => {
    const pageParam = (request.query as Record<string, unknown>).page;
    const pageNumber = parsePageNumber(pageParam);
    if (pageNumber === undefined) return sendError(reply, site, 400);
    // `?page=1` and no page are different requests: the first is redirected to the second.
    const key = pageParam === undefined ? rawPath(request) : `${rawPath(request)}?page=${pageNumber}`;
    return pageCache.serve(request, reply, key, async () => {
      const breaking = await banner.current();
      const page: PageBuilder = (head, body, tags) => ({
        status: 200,
        html: renderDocument(site, { ...head, breaking: breaking.stories }, body),
        tags: [...tags, cacheTags.breakingBanner],
        expiresAt: breaking.expiresAt,
      });
      return render(pageNumber, page);
    });
  };

  registerSearchPage(app, { store, site, banner });

  app.get('/', async (request, reply) => {
    // WordPress's short links (/?p=123, /?page_id=…) of imported articles lead to them.
    const query = request.query as Record<string, unknown>;
    if (query.p !== undefined || query.page_id !== undefined) {
      const location = await oldAddressLocation(store, request.raw.url ?? request.url);
      if (location) return reply.code(301).header('location', location).send();
    }
    return serve(request, reply, async (pageNumber, page) => {
      if (pageNumber !== 1) return redirectTo('/');
      // Pinned stories lead, then the newest; each story is shown once on the page.
      const pinned = await store.articles.pinnedOnHome();
      const newest = await store.articles.listPublishedPage({
        limit: HIGHLIGHTS_ON_HOME + LATEST_ON_HOME + 1,
        excludeIds: pinned.map((a) => a.id),
      });
      const [topStory, ...rest] = [...pinned, ...newest];
      const highlights = rest.slice(0, HIGHLIGHTS_ON_HOME);
      const latest = rest.slice(HIGHLIGHTS_ON_HOME, HIGHLIGHTS_ON_HOME + LATEST_ON_HOME);
      const above = [topStory, ...highlights, ...latest].filter((a): a is ArticleSummary => a !== undefined);
      // Section blocks in the order editors set on the curation page.
      const sectionOrder = await store.curation.homeSectionOrder();
      const orderedSections = sectionOrder.flatMap((id) => site.sections.find((s) => s.id === id) ?? []);
      // An article listed in several sections is shown once, in the first block that has it:
      // each block reads a few more than it shows to fill in for those.
      const candidates = await Promise.all(
        orderedSections.map((section) =>
          store.articles.listPublishedPage({
            sectionId: section.id,
            limit: PER_SECTION_ON_HOME + SPARE_PER_SECTION_ON_HOME,
            excludeIds: above.map((a) => a.id),
          }),
        ),
      );
      const onHome = new Set(above.map((a) => a.id));
      const sectionBlocks = orderedSections.map((section, i) => {
        const articles = (candidates[i] ?? []).filter((a) => !onHome.has(a.id)).slice(0, PER_SECTION_ON_HOME);
        for (const article of articles) onHome.add(article.id);
        return { section, articles };
      });
      const topArticle =
        topStory && !topStory.dek ? await store.articles.findById(topStory.id, { publishedOnly: true }) : undefined;
      const topStoryLede = topArticle ? excerpt(topArticle.bodyText, 280) : undefined;
      const mostRead = await app.audience.mostRead.current();
      const shown = [...above, ...sectionBlocks.flatMap((b) => b.articles), ...mostRead.day, ...mostRead.week];
      return page(
        {
          title: site.name,
          description: `${site.name} — ${site.slogan}: آخر الأخبار الوطنية والدولية والسياسة والاقتصاد والرياضة والثقافة.`,
          canonicalPath: '/',
          ogType: 'website',
          feedsOf: { listPath: '', title: site.name },
          jsonLd: [webSiteJsonLd(site), newsMediaOrganizationJsonLd(site)],
        },
        <HomePage site={site} home={{ topStory, topStoryLede, highlights, latest, sectionBlocks, mostRead }} />,
        [
          cacheTags.home,
          ...site.sections.map((s) => cacheTags.section(s.id)),
          ...articleTags(shown),
          cacheTags.mostRead,
        ],
      );
    });
  });

  app.get<{ Params: { id: string; slug?: string } }>('/article/:id', (request, reply) => serveArticle(request, reply));
  app.get<{ Params: { id: string; slug?: string } }>('/article/:id/:slug', (request, reply) =>
    serveArticle(request, reply),
  );

  const serveArticle = (request: FastifyRequest<{ Params: { id: string; slug?: string } }>, reply: FastifyReply) =>
    serve(request, reply, async (pageNumber, page) => {
      const id = parseId(request.params.id);
      if (id === undefined) return errorPage(site, 404);
      const article = await store.articles.findById(id, { publishedOnly: true });
      if (!article) return errorPage(site, 404);
      const canonical = articlePath(article);
      if (rawPath(request) !== canonical || pageNumber !== 1) return redirectTo(canonical);
      const bodyMediaIds = article.body.flatMap((b) => (b.type === 'image' && b.mediaId ? [b.mediaId] : []));
      const [related, bodyMedia] = await Promise.all([
        store.articles.listPublishedPage({
          sectionId: article.section.id,
          excludeIds: [article.id],
          ...(article.publishedAt ? { to: article.publishedAt } : {}),
          limit: MORE_FROM_SECTION,
        }),
        // Only bodies with library images cost this third query.
        bodyMediaIds.length > 0 ? store.media.findByIds(bodyMediaIds) : undefined,
      ]);
      const mostRead = await app.audience.mostRead.current();
      // A correction is a transition of the article: its purge clears this page too.
      return page(
        {
          // What the newsroom wrote for search engines, where it did.
          title: article.seoTitle ?? article.headline,
          description: article.seoDescription ?? article.dek ?? excerpt(article.bodyText, 160),
          canonicalPath: canonical,
          ogType: 'article',
          ...(article.featuredImage
            ? {
                image: {
                  url: mediaUrl(site.url, article.featuredImage),
                  alt: article.featuredImage.alt,
                  width: article.featuredImage.width,
                  height: article.featuredImage.height,
                },
              }
            : {}),
          article: {
            publishedTime: article.publishedAt,
            modifiedTime: article.updatedAt,
            section: article.section.name,
            tags: article.tags.map((t) => t.name),
            authorUrls: article.bylines.map(({ author }) => `${site.url}${authorPath(author)}`),
          },
          jsonLd: [newsArticleJsonLd(site, article), breadcrumbJsonLd(site, article)],
          currentSectionId: article.section.id,
          ...(hasEmbedCards(article.body) ? { scripts: [site.assets.embedScript] } : {}),
        },
        <ArticlePage
          site={site}
          article={article}
          related={related}
          bodyMedia={bodyMedia}
          mostRead={mostRead}
          countView
        />,
        [
          cacheTags.article(article.id),
          ...articleTags(related),
          ...articleTags([...mostRead.day, ...mostRead.week]),
          cacheTags.mostRead,
        ],
      );
    });

  app.get<{ Params: { slug: string } }>('/section/:slug', (request, reply) =>
    serve(request, reply, async (pageNumber, page) => {
      const section = site.sections.find((s) => s.slug === request.params.slug);
      if (!section) return errorPage(site, 404);
      return listPage(request, pageNumber, page, {
        query: { sectionId: section.id },
        pathFor: (n) => sectionPath(section, n),
        title: section.name,
        description: `آخر أخبار ${section.name} على ${site.name}.`,
        tags: [cacheTags.section(section.id)],
        feedsOf: { listPath: sectionPath(section), title: `${section.name} — ${site.name}` },
        currentSectionId: section.id,
      });
    }),
  );

  app.get<{ Params: { slug: string } }>('/tag/:slug', (request, reply) =>
    serve(request, reply, async (pageNumber, page) => {
      const tag = await store.taxonomy.tagBySlug(request.params.slug);
      if (!tag) return errorPage(site, 404);
      return listPage(request, pageNumber, page, {
        query: { tagId: tag.id },
        pathFor: (n) => tagPath(tag, n),
        title: tag.name,
        description: `كل ما نشره ${site.name} عن ${tag.name}.`,
        tags: [cacheTags.tag(tag.id)],
        feedsOf: { listPath: tagPath(tag), title: `${tag.name} — ${site.name}` },
      });
    }),
  );

  app.get<{ Params: { slug: string } }>('/author/:slug', (request, reply) =>
    serve(request, reply, async (pageNumber, page) => {
      const author = await store.taxonomy.authorBySlug(request.params.slug);
      if (!author) return errorPage(site, 404);
      return listPage(request, pageNumber, page, {
        query: { authorId: author.id },
        pathFor: (n) => authorPath(author, n),
        title: author.name,
        description: author.bio ?? `مقالات ${author.name} على ${site.name}.`,
        tags: [cacheTags.author(author.id)],
        feedsOf: { listPath: authorPath(author), title: `${author.name} — ${site.name}` },
      });
    }),
  );

  app.get<{ Params: { year: string; month: string; day: string } }>('/archive/:year/:month/:day', (request, reply) =>
    serve(request, reply, async (pageNumber, page) => {
      const { year, month, day } = request.params;
      if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return errorPage(site, 404);
      const date = { year: Number(year), month: Number(month), day: Number(day) };
      if (!isRealDay(date.year, date.month, date.day)) return errorPage(site, 404);
      const from = startOfLocalDay(date.year, date.month, date.day, site.timeZone);
      const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
      const to = startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), site.timeZone);
      const noon = new Date((from.getTime() + to.getTime()) / 2);
      const dayName = formatMoroccanDate(noon, site.timeZone);
      // The nearest days that have articles, never a day still to come.
      const around = await store.articles.publishedAround(from, to, new Date());
      const neighbours: { rel: 'prev' | 'next'; label: string; path: string }[] = [];
      const tags = [cacheTags.day(noon, site.timeZone)];
      for (const [rel, at] of [
        ['prev', around.before],
        ['next', around.after],
      ] as const) {
        if (!at) continue;
        const path = dayArchivePath(calendarDay(at, site.timeZone));
        neighbours.push({ rel, label: formatMoroccanDate(at, site.timeZone), path });
        tags.push(cacheTags.day(at, site.timeZone));
      }
      // No later day yet: the next article published anywhere gives this page its link.
      if (!around.after) tags.push(cacheTags.home);
      return listPage(request, pageNumber, page, {
        query: { from, to },
        neighbours,
        pathFor: (n) => dayArchivePath(date, n),
        title: `أرشيف ${dayName}`,
        description: `أخبار ${dayName} على ${site.name}.`,
        tags,
      });
    }),
  );

  /** A page of a list; 404 past the last page, 301 to the canonical form of the URL. */
  async function listPage(
    request: FastifyRequest,
    pageNumber: number,
    page: PageBuilder,
    list: {
      query: Omit<ArticleListQuery, 'limit' | 'offset'>;
      pathFor: (page: number) => string;
      title: string;
      description: string;
      tags: string[];
      feedsOf?: PageHead['feedsOf'];
      currentSectionId?: number;
      /** Links to neighbouring lists (the day before and after). */
      neighbours?: { rel: 'prev' | 'next'; label: string; path: string }[];
    },
  ): Promise<RenderedPage> {
    const canonical = list.pathFor(pageNumber);
    if (requestedUrl(request) !== canonical) return redirectTo(canonical);
    const total = await store.articles.countPublished(list.query);
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pageNumber > pageCount) return errorPage(site, 404);
    const articles = await store.articles.listPublishedPage({
      ...list.query,
      limit: PAGE_SIZE,
      offset: (pageNumber - 1) * PAGE_SIZE,
    });
    return page(
      {
        title: pageNumber > 1 ? `${list.title} — الصفحة ${pageNumber}` : list.title,
        description: list.description,
        canonicalPath: canonical,
        ogType: 'website',
        ...(pageNumber > 1 ? { prevPath: list.pathFor(pageNumber - 1) } : {}),
        ...(pageNumber < pageCount ? { nextPath: list.pathFor(pageNumber + 1) } : {}),
        ...(list.currentSectionId !== undefined ? { currentSectionId: list.currentSectionId } : {}),
        ...(list.feedsOf ? { feedsOf: list.feedsOf } : {}),
      },
      <ArticleListPage
        site={site}
        title={list.title}
        description={pageNumber === 1 ? list.description : undefined}
        articles={articles}
        total={total}
        page={pageNumber}
        pageCount={pageCount}
        pathFor={list.pathFor}
        sectionOfPage={list.currentSectionId}
        neighbours={list.neighbours}
      />,
      [...list.tags, ...articleTags(articles)],
    );
  }
}

/** Builds a page of the site from its head, body and cache tags. */
type PageBuilder = (head: PageHead, body: ComponentChildren, tags: string[]) => RenderedPage;

function articleTags(articles: readonly ArticleSummary[]): string[] {
  return articles.map((a) => cacheTags.article(a.id));
}

function redirectTo(location: string): RenderedPage {
  return { status: 301, location, html: '', tags: [] };
}

export function errorPage(site: SiteContext, status: number): RenderedPage {
  return {
    status,
    html: renderDocument(
      site,
      {
        title: errorTitle(status),
        description: errorTitle(status),
        canonicalPath: '/',
        ogType: 'website',
        noindex: true,
      },
      <ErrorPage status={status} />,
    ),
    tags: [],
  };
}

export function sendError(reply: FastifyReply, site: SiteContext, status: number): FastifyReply {
  const { html } = errorPage(site, status);
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

/** The path as the client sent it, still percent-encoded. */
export function rawPath(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The path and the only query parameter that matters (page); other parameters are ignored. */
function requestedUrl(request: FastifyRequest): string {
  const page = (request.query as Record<string, unknown>).page;
  return page === undefined ? rawPath(request) : `${rawPath(request)}?page=${page}`;
}

/** `?page=` as a number from 1 up; undefined when malformed (abc, 0, -1, 1.5, repeated, huge). */
export function parsePageNumber(value: unknown): number | undefined {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  return Number(value);
}

function parseId(value: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= 2147483647 ? id : undefined;
}
