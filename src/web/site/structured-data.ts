import type {
  BreadcrumbList,
  ImageObject,
  NewsArticle,
  NewsMediaOrganizationLeaf,
  SearchActionLeaf,
  WebSite,
  WithActionConstraints,
  WithContext,
} from 'schema-dts';
import type { Article } from '../../content/article.ts';
import { excerpt } from '../../content/blocks.ts';
import type { SiteContext } from './site-context.ts';
import { articlePath, authorPath, mediaUrl, sectionPath } from './urls.ts';

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

/** schema.org NewsArticle for an article page: every author, the language, the dateline, images, the publisher. */
export function newsArticleJsonLd(site: SiteContext, article: Article): WithContext<NewsArticle> {
  const url = `${site.url}${articlePath(article)}`;
  const images = articleImages(site, article);
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
    publisher: publisherJsonLd(site),
    isAccessibleForFree: true,
    ...(article.sourceUrl ? { isBasedOn: article.sourceUrl } : {}),
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
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [
      { '@type': 'ListItem', position: 1, name: 'الرئيسية', item: `${site.url}/` },
      {
        '@type': 'ListItem',
        position: 2,
        name: article.section.name,
        item: `${site.url}${sectionPath(article.section)}`,
      },
      { '@type': 'ListItem', position: 3, name: article.headline, item: `${site.url}${articlePath(article)}` },
    ],
  };
}
