import type { Store } from '../../store/store.ts';
import { articlePath, storyPath } from './urls.ts';

/**
 * Where an old address now lives: an imported article's (a WordPress permalink or `?p=123`
 * short link) is the canonical path of its article while the article is published; a story's
 * earlier slug (`/story/<old>`, and its feeds and pages under it) is the story's address now.
 */
export async function oldAddressLocation(store: Store, requestUrl: string): Promise<string | undefined> {
  const target = await store.redirects.targetOf(requestUrl);
  if (target && 'articleId' in target) {
    const article = await store.articles.findById(target.articleId, { publishedOnly: true });
    return article ? articlePath(article) : undefined;
  }
  if (target) return storyLocation(store, target.storyId, '');
  // A story's feed or later page under its old address: /story/<old>/feed.xml, ?page=2.
  const under = /^(\/story\/[^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/.exec(requestUrl);
  if (!under) return undefined;
  const story = await store.redirects.targetOf(under[1] as string);
  if (!story || !('storyId' in story)) return undefined;
  return storyLocation(store, story.storyId, `${under[2] ?? ''}${under[3] ?? ''}`);
}

async function storyLocation(store: Store, storyId: number, rest: string): Promise<string | undefined> {
  const story = await store.stories.byId(storyId);
  return story ? `${storyPath(story)}${rest}` : undefined;
}
