import type { Store } from '../../store/store.ts';
import { articlePath } from './urls.ts';

/**
 * Where an old address (a WordPress permalink or `?p=123` short link kept by the import)
 * now lives: the canonical path of its article while the article is published.
 */
export async function oldAddressLocation(store: Store, requestUrl: string): Promise<string | undefined> {
  const articleId = await store.redirects.articleFor(requestUrl);
  if (articleId === undefined) return undefined;
  const article = await store.articles.findById(articleId, { publishedOnly: true });
  return article ? articlePath(article) : undefined;
}
