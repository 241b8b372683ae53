import type { Article } from '../../content/article.ts';
import { excerpt } from '../../content/blocks.ts';
import type { SiteContext } from './site-context.ts';
import { articlePath, authorPath, sectionPath } from './urls.ts';

/** schema.org NewsArticle for an article page: every author, the language, the dateline. */
export function newsArticleJsonLd(site: SiteContext, article: Article): object {
  const url = `${site.url}${articlePath(article)}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.headline,
    ...(article.dek || article.bodyText ? { description: article.dek ?? excerpt(article.bodyText, 160) } : {}),
    inLanguage: article.language,
    articleSection: article.section.name,
    ...(article.publishedAt ? { datePublished: article.publishedAt.toISOString() } : {}),
    dateModified: article.updatedAt.toISOString(),
    author: article.bylines.map(({ author }) => ({
      '@type': author.kind === 'organization' ? 'Organization' : 'Person',
      name: author.name,
      url: `${site.url}${authorPath(author)}`,
    })),
    ...(article.dateline ? { locationCreated: { '@type': 'Place', name: article.dateline } } : {}),
    ...(article.featuredImage ? { image: [`${site.url}/media/${article.featuredImage.path}`] } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name).join('، ') } : {}),
    publisher: { '@type': 'NewsMediaOrganization', name: site.name, url: `${site.url}/` },
    ...(article.sourceUrl ? { isBasedOn: article.sourceUrl } : {}),
  };
}

/** schema.org BreadcrumbList: home › section › article. */
export function breadcrumbJsonLd(site: SiteContext, article: Article): object {
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
