import type {
  BreadcrumbList,
  Comment,
  CreativeWorkSeries,
  ImageObject,
  LiveBlogPosting,
  NewsArticle,
  NewsMediaOrganizationLeaf,
  OrganizationLeaf,
  PersonLeaf,
  PlaceLeaf,
  ProfilePage,
  SearchActionLeaf,
  WebSite,
  WithActionConstraints,
  WithContext,
} from 'schema-dts';
import type { PublicComment } from '../../comments/comment.ts';
import type { Article } from '../../content/article.ts';
import { blocksToText, excerpt } from '../../content/blocks.ts';
import type { EntityType } from '../../entities/found-entity.ts';
import { entryAnchor, entryLabel, type LiveEntry } from '../../live/live-entry.ts';
import type { SiteContext } from './site-context.ts';
import { articlePath, authorPath, entityPath, mediaUrl, sectionPath, storyPath } from './urls.ts';

/**
 * schema.org descriptions of pages, typed with schema-dts so that a misspelt property fails
 * the typecheck. What Google reads for news (https://developers.google.com/search/docs/
 * appearance/structured-data/article) is covered and tested in test/web/structured-data.test.ts.
 */

/** The newspaper as a publisher, with its logo; every article and the WebSite point to it by `@id`. */
export function publisherJsonLd(site: SiteContext): NewsMediaOrganizationLeaf {
  return {
    '@type': 'NewsMediaOrganization',
    '@id': `${site.url}/#publisher`,
    name: site.name,
    url: `${site.url}/`,
    logo: {
      '@type': 'ImageObject',
      url: `${site.url}${site.assets.logo.url}`,
      width: { '@type': 'QuantitativeValue', value: site.assets.logo.width, unitCode: 'E37' },
      height: { '@type': 'QuantitativeValue', value: site.assets.logo.height, unitCode: 'E37' },
    },
  };
}

/** A person, organisation or place as structured data names it: its canonical name and every spelling the archive has. */
export interface DescribedEntity {
  id: number;
  type: EntityType;
  name: string;
  slug: string;
  /** Every spelling seen (the canonical name among them or not): `alternateName` gives the others. */
  names: readonly string[];
}

/** What an article page shows besides the article: its stories («ملفات») and its readers' comments. */
export interface ArticleSurroundings {
  /** The stories it is in: `isPartOf`, each a CreativeWorkSeries with its name and page. */
  stories?: readonly { title: string; slug: string; description: string }[];
  /** Its approved comments: how many in all (`commentCount`), and those the page shows (`comment`). */
  comments?: { total: number; shown: readonly PublicComment[] };
}

/**
 * schema.org NewsArticle for an article page: every author, the language, the dateline, images,
 * the publisher, and the entities it names: `about` those in its headline or lead, `mentions`
 * the others; the stories it is part of, and its readers' comments.
 */
export function newsArticleJsonLd(
  site: SiteContext,
  article: Article,
  entities: readonly (DescribedEntity & { prominent: boolean })[] = [],
  around: ArticleSurroundings = {},
): WithContext<NewsArticle> {
  const url = `${site.url}${articlePath(article)}`;
  const series = (around.stories ?? []).map(
    (story): CreativeWorkSeries => ({
      '@type': 'CreativeWorkSeries',
      name: story.title,
      url: `${site.url}${storyPath(story)}`,
      ...(story.description ? { description: story.description } : {}),
      inLanguage: 'ar',
    }),
  );
  const comments = around.comments;
  const images = articleImages(site, article);
  const about = entities.filter((e) => e.prominent).map((e) => entityJsonLd(site, e));
  const mentions = entities.filter((e) => !e.prominent).map((e) => entityJsonLd(site, e));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.headline,
    ...(article.dek || article.bodyText ? { description: article.dek ?? excerpt(article.bodyText, 160) } : {}),
    inLanguage: article.language,
    // Its own section first; schema.org takes one name or several.
    articleSection:
      article.secondarySections.length > 0
        ? [article.section.name, ...article.secondarySections.map((s) => s.name)]
        : article.section.name,
    ...(article.publishedAt ? { datePublished: article.publishedAt.toISOString() } : {}),
    dateModified: article.updatedAt.toISOString(),
    author: article.bylines.map(({ author }) => ({
      '@type': author.kind === 'organization' ? 'Organization' : 'Person',
      name: author.name,
      url: `${site.url}${authorPath(author)}`,
    })),
    ...(article.dateline ? { locationCreated: { '@type': 'Place', name: article.dateline } } : {}),
    ...(images.length > 0 ? { image: images } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name).join('، ') } : {}),
    ...(about.length > 0 ? { about } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
    publisher: publisherJsonLd(site),
    isAccessibleForFree: true,
    ...(article.sourceUrl ? { isBasedOn: article.sourceUrl } : {}),
    ...(series.length === 1 ? { isPartOf: series[0] } : series.length > 1 ? { isPartOf: series } : {}),
    ...(comments
      ? {
          commentCount: comments.total,
          ...(comments.shown.length > 0
            ? {
                comment: comments.shown.map(
                  (c): Comment => ({
                    '@type': 'Comment',
                    url: `${url}#comment-${c.id}`,
                    text: c.body,
                    dateCreated: c.createdAt.toISOString(),
                    author: { '@type': 'Person', name: c.name },
                    ...(c.parentId !== null ? { parentItem: { '@id': `${url}#comment-${c.parentId}` } } : {}),
                  }),
                ),
              }
            : {}),
        }
      : {}),
    ...(article.corrections.length > 0
      ? {
          correction: article.corrections.map((c) => ({
            '@type': 'CorrectionComment' as const,
            text: c.note,
            datePublished: c.correctedAt.toISOString(),
          })),
        }
      : {}),
  };
}

/** The featured image first, then the images of the body, as absolute URLs with their sizes. */
function articleImages(site: SiteContext, article: Article): ImageObject[] {
  const absolute = (src: string) => (/^\/(?!\/)/.test(src) ? `${site.url}${src}` : src);
  const images: ImageObject[] = [];
  const featured = article.featuredImage;
  if (featured) {
    images.push({
      '@type': 'ImageObject',
      url: mediaUrl(site.url, featured),
      ...(featured.width ? { width: { '@type': 'QuantitativeValue', value: featured.width, unitCode: 'E37' } } : {}),
      ...(featured.height ? { height: { '@type': 'QuantitativeValue', value: featured.height, unitCode: 'E37' } } : {}),
      ...(featured.caption ? { caption: featured.caption } : {}),
      ...(featured.credit ? { creditText: featured.credit } : {}),
    });
  }
  for (const block of article.body) {
    if (block.type !== 'image' || !/^(https?:\/\/|\/(?!\/))/i.test(block.src)) continue;
    images.push({
      '@type': 'ImageObject',
      url: absolute(block.src),
      ...(block.caption ? { caption: block.caption } : {}),
    });
  }
  return images;
}

/** schema.org WebSite for the home page, with the search box search engines may offer (SearchAction → /search). */
export function webSiteJsonLd(site: SiteContext): WithContext<WebSite> {
  const search: WithActionConstraints<SearchActionLeaf> = {
    '@type': 'SearchAction',
    target: { '@type': 'EntryPoint', urlTemplate: `${site.url}/search?q={search_term_string}` },
    'query-input': 'required name=search_term_string',
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    '@id': `${site.url}/#website`,
    name: site.name,
    alternateName: site.slogan,
    url: `${site.url}/`,
    inLanguage: 'ar',
    publisher: { '@id': `${site.url}/#publisher` },
    potentialAction: search,
  };
}

/** The publisher on its own, for the home page. */
export function newsMediaOrganizationJsonLd(site: SiteContext): WithContext<NewsMediaOrganizationLeaf> {
  return { '@context': 'https://schema.org', ...publisherJsonLd(site) };
}

/** schema.org BreadcrumbList: home › section › article. */
export function breadcrumbJsonLd(site: SiteContext, article: Article): WithContext<BreadcrumbList> {
  return breadcrumbList(site, [
    { name: article.section.name, path: sectionPath(article.section) },
    { name: article.headline, path: articlePath(article) },
  ]);
}

/** schema.org BreadcrumbList of an entity's page: home › the entity. */
export function entityBreadcrumbJsonLd(site: SiteContext, entity: DescribedEntity): WithContext<BreadcrumbList> {
  return breadcrumbList(site, [{ name: entity.name, path: entityPath(entity) }]);
}

/** The home page, then each crumb, with absolute URLs. */
function breadcrumbList(site: SiteContext, crumbs: { name: string; path: string }[]): WithContext<BreadcrumbList> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [
      { '@type': 'ListItem', position: 1, name: 'الرئيسية', item: `${site.url}/` },
      ...crumbs.map((crumb, i) => ({
        '@type': 'ListItem' as const,
        position: i + 2,
        name: crumb.name,
        item: `${site.url}${crumb.path}`,
      })),
    ],
  };
}

/**
 * schema.org ProfilePage of an entity's page: its `mainEntity` is the person, organisation or
 * place, with every spelling the archive has.
 */
export function profilePageJsonLd(site: SiteContext, entity: DescribedEntity): WithContext<ProfilePage> {
  const url = `${site.url}${entityPath(entity)}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url,
    name: entity.name,
    inLanguage: 'ar',
    mainEntity: entityJsonLd(site, entity),
  };
}

/** A Person, Organization or Place: the canonical name, its page, and the other spellings as `alternateName`. */
export function entityJsonLd(site: SiteContext, entity: DescribedEntity): PersonLeaf | OrganizationLeaf | PlaceLeaf {
  // In string order, whatever order the spellings came in: the same on every page naming it.
  const alternateName = [...new Set(entity.names)]
    .filter((name) => name !== entity.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const described = {
    name: entity.name,
    url: `${site.url}${entityPath(entity)}`,
    ...(alternateName.length > 0 ? { alternateName } : {}),
  };
  switch (entity.type) {
    case 'PER':
      return { '@type': 'Person', ...described };
    case 'ORG':
      return { '@type': 'Organization', ...described };
    case 'LOC':
      return { '@type': 'Place', ...described };
  }
}

/**
 * A live coverage: the article's description as a LiveBlogPosting (a kind of article, so every
 * property above still applies), with when the coverage started and ended and the entries on
 * this page as `liveBlogUpdate` (BlogPosting each, with its headline and text).
 */
export function liveBlogPostingJsonLd(
  site: SiteContext,
  described: WithContext<NewsArticle>,
  live: {
    coverage: { startedAt: Date; endedAt: Date | null };
    path: string;
    page: number;
    pinned: LiveEntry | undefined;
    entries: readonly LiveEntry[];
  },
): WithContext<LiveBlogPosting> {
  const { '@type': _type, ...rest } = described as unknown as Record<string, unknown>;
  const pageUrl = `${site.url}${live.path}${live.page === 1 ? '' : `?page=${live.page}`}`;
  const entries = [...(live.pinned && live.page === 1 ? [live.pinned] : []), ...live.entries];
  return {
    ...(rest as object),
    '@context': 'https://schema.org',
    '@type': 'LiveBlogPosting',
    coverageStartTime: live.coverage.startedAt.toISOString(),
    ...(live.coverage.endedAt ? { coverageEndTime: live.coverage.endedAt.toISOString() } : {}),
    liveBlogUpdate: entries.map((entry) => ({
      '@type': 'BlogPosting',
      '@id': `${pageUrl}#${entryAnchor(entry.id)}`,
      url: `${pageUrl}#${entryAnchor(entry.id)}`,
      headline: entryLabel(entry),
      articleBody: blocksToText(entry.body),
      datePublished: entry.createdAt.toISOString(),
      dateModified: entry.updatedAt.toISOString(),
    })),
  } as WithContext<LiveBlogPosting>;
}
