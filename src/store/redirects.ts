import type { Kysely } from 'kysely';
import { oldAddressKey } from '../content/old-address.ts';
import type { Database } from './schema.ts';

/**
 * Old addresses of articles (a WordPress site's permalinks) and of stories (a slug an editor
 * changed, store/stories.ts), kept so that links and search engines that know them reach the
 * article or story with a 301. Keys are `oldAddressKey()`s.
 */
export class RedirectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Points each old address at its article; an address already kept moves to the new article. */
  async record(entries: readonly { address: string; articleId: number }[], db = this.db): Promise<number> {
    let written = 0;
    const now = new Date().toISOString();
    for (const { address, articleId } of entries) {
      const path = oldAddressKey(address);
      if (!path) continue;
      await db
        .insertInto('redirects')
        .values({ path, article_id: articleId, created_at: now })
        .onConflict((oc) => oc.column('path').doUpdateSet({ article_id: articleId }))
        .execute();
      written++;
    }
    return written;
  }

  /** The article an old address (a request's path and query) points at, if any. */
  async articleFor(address: string): Promise<number | undefined> {
    const target = await this.targetOf(address);
    return target && 'articleId' in target ? target.articleId : undefined;
  }

  /** The article or story an old address (a request's path and query) points at, if any. */
  async targetOf(address: string): Promise<{ articleId: number } | { storyId: number } | undefined> {
    const path = oldAddressKey(address);
    if (!path) return undefined;
    const row = await this.db
      .selectFrom('redirects')
      .select(['article_id', 'story_id'])
      .where('path', '=', path)
      .executeTakeFirst();
    if (row?.article_id != null) return { articleId: row.article_id };
    if (row?.story_id != null) return { storyId: row.story_id };
    return undefined;
  }

  /** Every earlier address of a story (`/story/<old slug>`), sorted. */
  async addressesOfStory(storyId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('redirects')
      .select('path')
      .where('story_id', '=', storyId)
      .orderBy('path')
      .execute();
    return rows.map((r) => r.path);
  }

  /** Every kept address of an article, sorted. */
  async addressesOf(articleId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('redirects')
      .select('path')
      .where('article_id', '=', articleId)
      .orderBy('path')
      .execute();
    return rows.map((r) => r.path);
  }
}
