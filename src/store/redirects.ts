import type { Kysely } from 'kysely';
import { oldAddressKey } from '../content/old-address.ts';
import type { Database } from './schema.ts';

/**
 * Old addresses of articles (a WordPress site's permalinks), kept so that links and search
 * engines that know them reach the article with a 301. Keys are `oldAddressKey()`s.
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
    const path = oldAddressKey(address);
    if (!path) return undefined;
    const row = await this.db.selectFrom('redirects').select('article_id').where('path', '=', path).executeTakeFirst();
    return row?.article_id;
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
