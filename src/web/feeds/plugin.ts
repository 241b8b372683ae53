import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Article } from '../../content/article.ts';
import type { ArticleListQuery } from '../../store/articles.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache, RenderedPage } from '../page-cache.ts';
import { rawPath, readerEntity } from '../site/plugin.tsx';
import type { SiteContext } from '../site/site-context.ts';
import {
  authorPath,
  entityPath,
  FEED_FILES,
  type FeedFormat,
  feedPath,
  sectionPath,
  storyPath,
  tagPath,
} from '../site/urls.ts';
import { atomDocument } from './atom.ts';
import { buildFeed, FEED_LENGTH, type Feed, type FeedContent } from './feed.ts';
import { jsonFeedDocument } from './json-feed.ts';
import { registerLiveFeeds } from './live-feed.ts';
import { rssDocument } from './rss.ts';

export interface FeedsPluginOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  content: FeedContent;
}

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const WRITERS: Record<FeedFormat, (feed: Feed) => string> = {
  rss: rssDocument,
  atom: atomDocument,
  json: jsonFeedDocument,
};

/** A list a feed follows: what the page of the list shows, as a query, and what purges it. */
interface FeedList {
  title: string;
  description: string;
  listPath: string;
  /** The list as a listing query; or `newestIds`, for a list no listing holds (a story's). */
  query?: Omit<ArticleListQuery, 'limit' | 'offset'>;
  newestIds?: (limit: number) => Promise<number[]>;
  tag: string;
}

/**
 * RSS, Atom and JSON Feed for the whole site and for every section, tag, author, entity and story, served
 * through the page cache and tagged like the HTML list they follow, so that a write purges
 * a feed exactly when it purges its page.
 */
export async function feedsPlugin(
  app: FastifyInstance,
  { store, site, pageCache, content }: FeedsPluginOptions,
): Promise<void> {
  /** The three feeds of the lists at `pattern`; `findList` gets the pattern's parameters (`:slug`, `:id`). */
  const route = (pattern: string, findList: (params: FeedParams) => Promise<FeedList | undefined>) => {
    for (const format of Object.keys(FEED_FILES) as FeedFormat[]) {
      app.get<{ Params: FeedParams }>(`${pattern}/${FEED_FILES[format]}`, (request, reply) =>
        serveFeed(request, reply, format, () => findList(request.params)),
      );
    }
  };

  const serveFeed = (
    request: FastifyRequest,
    reply: FastifyReply,
    format: FeedFormat,
    findList: () => Promise<FeedList | undefined>,
  ) =>
    pageCache.serve(request, reply, rawPath(request), async (): Promise<RenderedPage> => {
      const list = await findList();
      if (!list) return notFound(format);
      const canonical = feedPath(list.listPath, format);
      if (rawPath(request) !== canonical) return { status: 301, location: canonical, html: '', tags: [] };
      const ids = list.newestIds
        ? await list.newestIds(FEED_LENGTH)
        : (await store.articles.listPublishedPage({ ...list.query, limit: FEED_LENGTH })).map((s) => s.id);
      const articles = (
        await Promise.all(ids.map((id) => store.articles.findById(id, { publishedOnly: true })))
      ).filter((a): a is Article => a !== undefined);
      const feed = buildFeed(site, list, articles, content);
      return {
        status: 200,
        html: WRITERS[format](feed),
        contentType: FEED_CONTENT_TYPES[format],
        tags: [list.tag, ...articles.map((a) => cacheTags.article(a.id))],
      };
    });

  registerLiveFeeds(app, {
    store,
    site,
    pageCache,
    content,
    writers: WRITERS,
    contentTypes: FEED_CONTENT_TYPES,
    notFound,
  });

  route('', async () => ({
    title: site.name,
    description: `${site.name} — ${site.slogan}`,
    listPath: '',
    query: {},
    tag: cacheTags.home,
  }));

  route('/section/:slug', async ({ slug }) => {
    const section = site.sections.find((s) => s.slug === slug);
    return (
      section && {
        title: `${section.name} — ${site.name}`,
        description: `آخر أخبار ${section.name} على ${site.name}.`,
        listPath: sectionPath(section),
        query: { sectionId: section.id },
        tag: cacheTags.section(section.id),
      }
    );
  });

  route('/tag/:slug', async ({ slug = '' }) => {
    const tag = await store.taxonomy.tagBySlug(slug);
    return (
      tag && {
        title: `${tag.name} — ${site.name}`,
        description: `كل ما نشره ${site.name} عن ${tag.name}.`,
        listPath: tagPath(tag),
        query: { tagId: tag.id },
        tag: cacheTags.tag(tag.id),
      }
    );
  });

  route('/author/:slug', async ({ slug = '' }) => {
    const author = await store.taxonomy.authorBySlug(slug);
    return (
      author && {
        title: `${author.name} — ${site.name}`,
        description: author.bio ?? `مقالات ${author.name} على ${site.name}.`,
        listPath: authorPath(author),
        query: { authorId: author.id },
        tag: cacheTags.author(author.id),
      }
    );
  });

  // An entity's feeds follow its page: a wrong slug, or a merged entity's id, is a 301 to the
  // entity's own feed; a rejected entity, or one without published articles, has none.
  route('/entity/:id/:slug', async ({ id }) => {
    const entity = (await readerEntity(store, id))?.entity;
    if (!entity) return undefined;
    return {
      title: `${entity.name} — ${site.name}`,
      description: `كل ما نشره ${site.name} عن ${entity.name}.`,
      listPath: entityPath(entity),
      query: { entityId: entity.id },
      tag: cacheTags.entity(entity.id),
    };
  });

  // A story's feeds («ملف»): purged with its page, by its changes and its articles' publications.
  route('/story/:slug', async ({ slug = '' }) => {
    // An earlier address of the story: the list is found, and its feed answers 301 to the address now.
    const story = (await store.stories.bySlugOrOld(slug))?.story;
    return (
      story && {
        title: `${story.title} — ${site.name}`,
        description: story.description || `كل ما نشره ${site.name} في ملف ${story.title}.`,
        listPath: storyPath(story),
        newestIds: (limit: number) => store.stories.newestPublishedIds(story.id, limit),
        tag: cacheTags.story(story.id),
      }
    );
  });
}

/** The parameters of a feed's list in its address. */
interface FeedParams {
  slug?: string;
  id?: string;
}

/** A feed that does not exist: plain text for the XML formats, the API's error object for JSON. */
function notFound(format: FeedFormat): RenderedPage {
  if (format === 'json') {
    return {
      status: 404,
      contentType: 'application/json; charset=utf-8',
      html: JSON.stringify({
        error: { code: 'feed_not_found', message: 'No such feed.', messageAr: 'لا توجد خلاصة بهذا العنوان.' },
      }),
      tags: [],
    };
  }
  return {
    status: 404,
    contentType: 'text/plain; charset=utf-8',
    html: 'لا توجد خلاصة بهذا العنوان.\nNo such feed.\n',
    tags: [],
  };
}
