import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { calendarDay, formatMoroccanDate, isRealDay, startOfLocalDay } from '../../arabic/dates.ts';
import type { ArticleSummary } from '../../content/article.ts';
import { excerpt } from '../../content/blocks.ts';
import type { Entity } from '../../entities/entity.ts';
import type { LiveCoverage } from '../../live/live-entry.ts';
import type { ArticleListQuery } from '../../store/articles.ts';
import { entitySpellings } from '../../store/entity-spellings.ts';
import type { Store } from '../../store/store.ts';
import { withoutNearCopies } from '../../stories/near-copy.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache, RenderedPage } from '../page-cache.ts';
import { BreakingNewsBanner } from './breaking-news.ts';
import { registerCommentRoutes } from './comment-routes.tsx';
import { liveChangesPath, registerLiveChangeList } from './live-routes.ts';
import { oldAddressLocation } from './old-addresses.ts';
import { registerSearchPage } from './search-route.tsx';
import type { PageHead, SiteContext } from './site-context.ts';
import {
  breadcrumbJsonLd,
  entityBreadcrumbJsonLd,
  liveBlogPostingJsonLd,
  newsArticleJsonLd,
  newsMediaOrganizationJsonLd,
  profilePageJsonLd,
  webSiteJsonLd,
} from './structured-data.ts';
import {
  articlePath,
  authorPath,
  dayArchivePath,
  entityPath,
  mediaUrl,
  sectionPath,
  storyPath,
  tagPath,
} from './urls.ts';
import { ArticleComments, COMMENT_NOTICES, type CommentNotice } from './views/article-comments.tsx';
import { ArticleListPage } from './views/article-list-page.tsx';
import { ArticlePage } from './views/article-page.tsx';
import { hasEmbedCards } from './views/embed-card.tsx';
import { EntityAside, EntityContext, EntityIntro } from './views/entity-page.tsx';
import { ErrorPage, errorTitle } from './views/error-page.tsx';
import { HomePage } from './views/home-page.tsx';
import { renderDocument } from './views/layout.tsx';
import type { LiveCoverageModel } from './views/live-coverage.tsx';
import { StoryAside, StoryIntro } from './views/story-page.tsx';

export const PAGE_SIZE = 20;
const HIGHLIGHTS_ON_HOME = 4;
const LATEST_ON_HOME = 8;
const PER_SECTION_ON_HOME = 4;
/** Read beyond a block's four, for articles an earlier block already shows. */
const SPARE_PER_SECTION_ON_HOME = 4;
const MORE_FROM_SECTION = 5;
/** Comment threads (a comment and its replies) on the article page, and on each page of older ones. */
export const COMMENTS_PER_PAGE = 50;
/** «في هذا المقال»: at most this many names, prominent first (their spellings are one query). */
const ENTITIES_ON_ARTICLE = 24;
/** «يُذكر معه كثيرا» on an entity's page. */
const RELATED_ENTITIES = 12;

export interface SitePluginOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  /** The time the breaking-news banner is read at (and comments are dated); tests move it. */
  clock?: (() => Date) | undefined;
  /** The key of commenters' address hashes (comments/address-hash.ts). */
  commentKey: string;
}

/** The reader site: home, articles, sections, tags, authors and the day archive. */
export async function sitePlugin(
  app: FastifyInstance,
  { store, site, pageCache, clock, commentKey }: SitePluginOptions,
): Promise<void> {
  // Readers' comment forms (comment-routes.tsx) are the site's only posted forms.
  await app.register(formbody);
  const banner = new BreakingNewsBanner(store.curation, pageCache, { maxAgeMs: 5000, clock });
  // A reader past the search limit (@fastify/rate-limit throws) gets the Arabic page, with the
  // Retry-After the limit set; any other error goes on to the handler above, as before.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.statusCode === 429) return sendError(reply, site, 429);
    // A body past a route's bodyLimit (a 1 MB comment), refused before it is read.
    if (error.statusCode === 413) return sendError(reply, site, 413);
    throw error;
  });

  /**
   * Serves a page through the cache; the key is the requested path and the page number, if any.
   * `render` builds its page with `page`, which adds the breaking-news banner: the page is
   * tagged for the banner's purges and not served past the end of the breaking news it shows.
   */
  const serve = async (
    request: FastifyRequest,
    reply: FastifyReply,
    render: (pageNumber: number, page: PageBuilder) => Promise<RenderedPage>,
    /** A query that makes another page of the same path (the article's `?reply=` and `?comment=`). */
    variant = '',
  ): Promise<FastifyReply> => {
    const pageParam = (request.query as Record<string, unknown>).page;
    const pageNumber = parsePageNumber(pageParam);
    if (pageNumber === undefined) return sendError(reply, site, 400);
    // `?page=1` and no page are different requests: the first is redirected to the second.
    const key = (pageParam === undefined ? rawPath(request) : `${rawPath(request)}?page=${pageNumber}`) + variant;
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

  /** The near-copies among a list's articles (one prepared read). */
  const nearCopiesAmong = (articles: readonly { id: number }[]) =>
    store.nearCopies.pairsAmong(articles.map((a) => a.id));

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
      const leading = [...pinned, ...newest];
      // Section blocks in the order editors set on the curation page.
      const sectionOrder = await store.curation.homeSectionOrder();
      const orderedSections = sectionOrder.flatMap((id) => site.sections.find((s) => s.id === id) ?? []);
      // An article listed in several sections is shown once, in the first block that has it:
      // each block reads a few more ids than it shows to fill in for those, and only the shown
      // ones are then read.
      const candidates = await Promise.all(
        orderedSections.map((section) =>
          store.articles.listPublishedIds({
            sectionId: section.id,
            limit: PER_SECTION_ON_HOME + SPARE_PER_SECTION_ON_HOME,
            excludeIds: leading.map((a) => a.id),
          }),
        ),
      );
      // One dispatch rewritten is one story: its later copies stay off the page (the latest
      // list is one shorter for each), read once for the whole page.
      const copies = await store.nearCopies.pairsAmong([...leading.map((a) => a.id), ...new Set(candidates.flat())]);
      const [topStory, ...rest] = withoutNearCopies(leading, (a) => a.id, copies);
      const highlights = rest.slice(0, HIGHLIGHTS_ON_HOME);
      const latest = rest.slice(HIGHLIGHTS_ON_HOME, HIGHLIGHTS_ON_HOME + LATEST_ON_HOME);
      const above = [topStory, ...highlights, ...latest].filter((a): a is ArticleSummary => a !== undefined);
      const onHome = new Set(above.map((a) => a.id));
      const blockIds = candidates.map((ids) => {
        const unseen = ids.filter((id) => !onHome.has(id));
        const shownIds = withoutNearCopies(unseen, (id) => id, copies, onHome).slice(0, PER_SECTION_ON_HOME);
        for (const id of shownIds) onHome.add(id);
        return shownIds;
      });
      const summaries = new Map((await store.articles.publishedSummaries(blockIds.flat())).map((a) => [a.id, a]));
      const sectionBlocks = orderedSections.map((section, i) => ({
        section,
        articles: (blockIds[i] ?? []).flatMap((id) => summaries.get(id) ?? []),
      }));
      // The top story without a dek gets its body's first lines: its text alone, not the whole article.
      const [topText] = topStory && !topStory.dek ? await store.articles.summariesWithText([topStory.id]) : [];
      const topStoryLede = topText ? excerpt(topText.bodyText, 280) : undefined;
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

  const serveArticle = (request: FastifyRequest<{ Params: { id: string; slug?: string } }>, reply: FastifyReply) => {
    const comments = commentQuery(request.query as Record<string, unknown>);
    return serve(
      request,
      reply,
      async (pageNumber, page) => {
        const id = parseId(request.params.id);
        if (id === undefined) return errorPage(site, 404);
        const article = await store.articles.findById(id, { publishedOnly: true });
        if (!article) return errorPage(site, 404);
        const canonical = articlePath(article);
        // A live coverage's entries come 20 a page (?page=2 …); other articles have one page.
        const coverage = await store.live.coverage(article.id);
        if (rawPath(request) !== canonical || (pageNumber !== 1 && !coverage)) return redirectTo(canonical);
        // A notice or a reply the page does not know goes to the article itself (never cached).
        if (comments === 'unknown') return seeOther(`${canonical}#comments`);
        const bodyMediaIds = article.body.flatMap((b) => (b.type === 'image' && b.mediaId ? [b.mediaId] : []));
        const [related, bodyMedia, named, story, stories, approvedComments, commentMode] = await Promise.all([
          store.articles.listPublishedPage({
            sectionId: article.section.id,
            excludeIds: [article.id],
            ...(article.publishedAt ? { to: article.publishedAt } : {}),
            limit: MORE_FROM_SECTION,
          }),
          // Only bodies with library images cost this third query.
          bodyMediaIds.length > 0 ? store.media.findByIds(bodyMediaIds) : undefined,
          store.entities.forArticle(article.id),
          store.related.storyOf(
            {
              id: article.id,
              sectionId: article.section.id,
              publishedAt: article.publishedAt,
              bodyText: article.bodyText,
            },
            { timeZone: site.timeZone },
          ),
          store.stories.ofArticle(article.id),
          // The newest threads only: 500 comments made the page 12 ms; older ones are a link away.
          store.comments.approvedPage(article.id, 1, COMMENTS_PER_PAGE),
          store.comments.mode(article.id),
        ]);
        const live = coverage ? await liveModel(coverage, canonical, pageNumber) : undefined;
        if (coverage && !live) return redirectTo(canonical);
        const replyTo =
          comments.reply === undefined
            ? undefined
            : (approvedComments.comments.find((c) => c.id === comments.reply) ??
              (await store.comments.approvedOne(article.id, comments.reply)));
        if (comments.reply !== undefined && (!replyTo || commentMode === 'closed')) {
          return seeOther(`${canonical}#comments`);
        }
        const entities = named.slice(0, ENTITIES_ON_ARTICLE);
        // Every spelling the archive has of each, for structured data: one more query.
        const spellings =
          entities.length > 0
            ? await entitySpellings(
                store.db,
                entities.map((e) => e.id),
              )
            : undefined;
        const mostRead = await app.audience.mostRead.current();
        // A correction is a transition of the article: its purge clears this page too.
        return page(
          {
            // What the newsroom wrote for search engines, where it did.
            title: article.seoTitle ?? article.headline,
            description: article.seoDescription ?? article.dek ?? excerpt(article.bodyText, 160),
            // A live coverage's older pages are pages of their own, linked in order.
            canonicalPath: live && live.page > 1 ? `${canonical}?page=${live.page}` : canonical,
            ...(live && live.page > 1
              ? { prevPath: live.page === 2 ? canonical : `${canonical}?page=${live.page - 1}` }
              : {}),
            ...(live && live.page < live.pages ? { nextPath: `${canonical}?page=${live.page + 1}` } : {}),
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
            jsonLd: [
              ((described) => (live ? liveBlogPostingJsonLd(site, described, live) : described))(
                newsArticleJsonLd(
                  site,
                  article,
                  entities.map((entity) => ({
                    ...entity,
                    names: [...entity.names, ...(spellings?.get(entity.id) ?? [])],
                  })),
                  { stories, comments: { total: approvedComments.total, shown: approvedComments.comments } },
                ),
              ),
              breadcrumbJsonLd(site, article),
            ],
            currentSectionId: article.section.id,
            // A live coverage has its own feeds: its entries.
            ...(live ? { feedsOf: { listPath: canonical, title: `${article.headline} — تغطية مباشرة` } } : {}),
            ...(live
              ? {
                  scripts: [
                    site.assets.embedScript,
                    ...(live.coverage.endedAt === null && live.page === 1 ? [site.assets.liveScript] : []),
                  ],
                }
              : hasEmbedCards(article.body)
                ? { scripts: [site.assets.embedScript] }
                : {}),
          },
          <ArticlePage
            site={site}
            article={article}
            related={related}
            readAlso={story.related}
            dates={story.dates}
            datedArticles={story.datedArticles}
            bodyMedia={bodyMedia}
            mostRead={mostRead}
            entities={entities}
            stories={stories}
            live={live}
            comments={{
              articleId: article.id,
              path: canonical,
              mode: commentMode,
              comments: approvedComments.comments,
              total: approvedComments.total,
              olderHref:
                approvedComments.threads > COMMENTS_PER_PAGE ? `${commentsPath(canonical)}?page=2#comments` : undefined,
              replyTo,
              notice: comments.notice,
            }}
            countView
          />,
          [
            cacheTags.article(article.id),
            // A live coverage's entries: each change purges this tag only.
            ...(coverage ? [cacheTags.live(article.id)] : []),
            // A story renamed or deleted changes the «ملف» link.
            ...stories.map((s) => cacheTags.story(s.id)),
            // A rename, merge or rejection of a name shown here purges the page.
            ...entities.map((entity) => cacheTags.entity(entity.id)),
            ...articleTags(related),
            ...articleTags([...story.related.map((r) => r.article), ...story.datedArticles]),
            ...articleTags([...mostRead.day, ...mostRead.week]),
            cacheTags.mostRead,
          ],
        );
      },
      // An unknown value still needs its own key: the plain page's would answer it from the cache.
      comments === 'unknown' ? '?comment' : comments.variant,
    );
  };

  /**
   * Older comments of an article (`/article/<id>/<slug>/comments?page=N`, N ≥ 2): the article
   * page shows the newest COMMENTS_PER_PAGE threads, each further page the ones before, with
   * no script. Tagged with the article like its page, so every approval and removal purges it.
   */
  app.get<{ Params: { id: string; slug: string } }>('/article/:id/:slug/comments', (request, reply) =>
    serve(request, reply, async (pageNumber, page) => {
      const id = parseId(request.params.id);
      if (id === undefined) return errorPage(site, 404);
      const article = await store.articles.findById(id, { publishedOnly: true });
      if (!article) return errorPage(site, 404);
      const canonical = articlePath(article);
      const path = commentsPath(canonical);
      if (pageNumber === 1) return redirectTo(`${canonical}#comments`);
      if (rawPath(request) !== path) return redirectTo(`${path}?page=${pageNumber}`);
      const [shown, mode] = await Promise.all([
        store.comments.approvedPage(article.id, pageNumber, COMMENTS_PER_PAGE),
        store.comments.mode(article.id),
      ]);
      const pages = Math.max(1, Math.ceil(shown.threads / COMMENTS_PER_PAGE));
      if (pageNumber > pages) return errorPage(site, 404);
      const title = `تعليقات القراء على: ${article.headline}`;
      return page(
        {
          title: pageNumber > 1 ? `${title} (الصفحة ${pageNumber})` : title,
          description: `تعليقات أقدم على «${article.headline}».`,
          canonicalPath: `${path}?page=${pageNumber}`,
          ogType: 'website',
          noindex: true,
          currentSectionId: article.section.id,
        },
        <div class="comments-page">
          <p class="comments-page__article">
            تعليقات على: <a href={canonical}>{article.headline}</a>
          </p>
          <ArticleComments
            model={{
              articleId: article.id,
              path: canonical,
              mode,
              comments: shown.comments,
              total: shown.total,
              olderHref: pageNumber < pages ? `${path}?page=${pageNumber + 1}#comments` : undefined,
              newerHref: pageNumber === 2 ? `${canonical}#comments` : `${path}?page=${pageNumber - 1}#comments`,
              olderPage: true,
            }}
            timeZone={site.timeZone}
          />
        </div>,
        [cacheTags.article(article.id)],
      );
    }),
  );

  registerCommentRoutes(app, { store, site, pageCache, commentKey, clock });
  registerLiveChangeList(app, { store, site, pageCache });

  /** A live article's page of entries, its pinned one and key events; undefined past its last page. */
  async function liveModel(coverage: LiveCoverage, path: string, page: number): Promise<LiveCoverageModel | undefined> {
    const [listed, keyEvents] = await Promise.all([
      store.live.page(coverage.articleId, page),
      store.live.keyEvents(coverage.articleId),
    ]);
    if (page > listed.pages) return undefined;
    return {
      coverage,
      path,
      pinned: listed.pinned,
      entries: listed.entries,
      total: listed.total,
      page,
      pages: listed.pages,
      keyEvents,
      changesUrl: liveChangesPath(coverage.articleId),
    };
  }

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

  app.get<{ Params: { id: string; slug?: string } }>('/entity/:id', (request, reply) => serveEntity(request, reply));
  app.get<{ Params: { id: string; slug?: string } }>('/entity/:id/:slug', (request, reply) =>
    serveEntity(request, reply),
  );

  /** A person's, organisation's or place's page: its published articles, newest first (see readerEntity). */
  const serveEntity = (request: FastifyRequest<{ Params: { id: string; slug?: string } }>, reply: FastifyReply) =>
    serve(request, reply, async (pageNumber, page) => {
      const shown = await readerEntity(store, request.params.id);
      if (!shown) return errorPage(site, 404);
      const { entity } = shown;
      if (shown.merged) return redirectTo(entityPath(entity));
      const months = pageNumber === 1 ? await store.entityTimeline.of(entity.id, { timeZone: site.timeZone }) : [];
      return listPage(request, pageNumber, page, {
        query: { entityId: entity.id },
        // Kept by the store with every write: no count of thousands of listing rows per page.
        total: entity.articleCount,
        pathFor: (n) => entityPath(entity, n),
        title: entity.name,
        description: `كل ما نشره ${site.name} عن ${entity.name}.`,
        tags: [cacheTags.entity(entity.id), ...months.map(({ lead }) => cacheTags.article(lead.id))],
        feedsOf: { listPath: entityPath(entity), title: `${entity.name} — ${site.name}` },
        jsonLd: [profilePageJsonLd(site, entity), entityBreadcrumbJsonLd(site, entity)],
        intro: <EntityIntro entity={entity} />,
        after: async () => (
          <>
            <EntityContext entity={entity} months={months} />
            <EntityAside entity={entity} related={await store.entities.related(entity.id, RELATED_ENTITIES)} />
          </>
        ),
      });
    });

  /**
   * A story («ملف»): the articles its editors ordered by hand first, then the others newest
   * first, under its title and description. An earlier address of the story answers 301.
   */
  app.get<{ Params: { slug: string } }>('/story/:slug', (request, reply) =>
    serve(request, reply, async (pageNumber, page) => {
      const found = await store.stories.bySlugOrOld(request.params.slug);
      if (!found) return errorPage(site, 404);
      const story = found.story;
      if (found.moved) return redirectTo(storyPath(story, pageNumber));
      return listPage(request, pageNumber, page, {
        read: {
          total: await store.stories.countPublished(story.id),
          page: async (offset, limit) =>
            store.articles.publishedSummaries(await store.stories.publishedIds(story.id, { offset, limit })),
        },
        pathFor: (n) => storyPath(story, n),
        title: story.title,
        description: story.description || `كل ما نشره ${site.name} في ملف ${story.title}.`,
        // Its articles' tags follow from the list; a draft of the story published later reaches
        // the page through this tag (the job loop adds it to the publication's purge).
        tags: [cacheTags.story(story.id)],
        feedsOf: { listPath: storyPath(story), title: `${story.title} — ${site.name}` },
        intro: <StoryIntro />,
        after: async () => <StoryAside story={story} />,
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
      /** What the page lists, as a listing query; or `read`, a list no listing holds (a story's). */
      query?: Omit<ArticleListQuery, 'limit' | 'offset'>;
      read?: { total: number; page: (offset: number, limit: number) => Promise<ArticleSummary[]> };
      pathFor: (page: number) => string;
      title: string;
      description: string;
      tags: string[];
      feedsOf?: PageHead['feedsOf'];
      currentSectionId?: number;
      /** Links to neighbouring lists (the day before and after). */
      neighbours?: { rel: 'prev' | 'next'; label: string; path: string }[];
      jsonLd?: object[];
      /** Under the title. */
      intro?: ComponentChildren;
      /** After the articles: read only for a page that is shown (not for a redirect or a page past the end). */
      after?: () => Promise<ComponentChildren>;
      /** How many articles the list has, when the caller knows it already (an entity's count). */
      total?: number;
    },
  ): Promise<RenderedPage> {
    const canonical = list.pathFor(pageNumber);
    if (requestedUrl(request) !== canonical) return redirectTo(canonical);
    const query = list.query ?? {};
    const total = list.read?.total ?? list.total ?? (await store.articles.countPublished(query));
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pageNumber > pageCount) return errorPage(site, 404);
    const offset = (pageNumber - 1) * PAGE_SIZE;
    const [listed, after] = await Promise.all([
      list.read
        ? list.read.page(offset, PAGE_SIZE)
        : store.articles.listPublishedPage({ ...query, limit: PAGE_SIZE, offset }),
      list.after?.(),
    ]);
    // A dispatch rewritten is shown once on a page, where it came first.
    const articles = withoutNearCopies(listed, (a) => a.id, await nearCopiesAmong(listed));
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
        ...(list.jsonLd ? { jsonLd: list.jsonLd } : {}),
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
        intro={list.intro}
        after={after}
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

/**
 * The article page's comment variants: `?comment=held|published|reported` (the notice after a
 * post) and `?reply=ID` (the form answering a comment). Each is its own cached page, tagged like
 * the article; a value the page does not know is 'unknown' (answered with a redirect, never kept).
 */
function commentQuery(
  query: Record<string, unknown>,
): { variant: string; notice?: CommentNotice; reply?: number } | 'unknown' {
  const { comment, reply } = query;
  if (reply !== undefined) {
    if (typeof reply !== 'string' || !/^[1-9]\d{0,9}$/.test(reply)) return 'unknown';
    return { variant: `?reply=${reply}`, reply: Number(reply) };
  }
  if (comment !== undefined) {
    if (typeof comment !== 'string' || !(comment in COMMENT_NOTICES)) return 'unknown';
    return { variant: `?comment=${comment}`, notice: comment as CommentNotice };
  }
  return { variant: '' };
}

/** Where an article's older comments are paged: under its own address. */
function commentsPath(articlePathNow: string): string {
  return `${articlePathNow}/comments`;
}

function seeOther(location: string): RenderedPage {
  return { status: 302, location, html: '', tags: [] };
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

/**
 * The entity whose page (and feeds) the id `value` of an address names: the entity itself, or
 * the one it was merged into (`merged`: the address leads there); undefined for an id that is
 * no entity, a rejected one, and one without published articles.
 */
export async function readerEntity(
  store: Store,
  value: string | undefined,
): Promise<{ entity: Entity; merged: boolean } | undefined> {
  const id = parseId(value ?? '');
  const found = id === undefined ? undefined : await store.entities.get(id);
  // get() names the entity at the end of the merges.
  const entity = found?.mergedInto !== undefined ? await store.entities.get(found.mergedInto) : found;
  if (!found || !entity || entity.mergedInto !== undefined || entity.status === 'rejected') return undefined;
  if (entity.articleCount === 0) return undefined;
  return { entity, merged: entity !== found };
}

function parseId(value: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= 2147483647 ? id : undefined;
}
