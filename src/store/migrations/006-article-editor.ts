import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * What the newsroom's article editor writes beyond the text:
 *
 * - `articles.seo_title`, `articles.seo_description`: the title and description search engines
 *   and link previews show, when the editor wants them to differ from the headline and dek.
 * - `articles.featured_alt`, `featured_caption`, `featured_credit`: the featured image's text
 *   as this article gives it (the same photo is captioned differently in two stories); null
 *   falls back to the media library's own text.
 */
export function articleEditorSchema(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['seo_title', 'seo_description', 'featured_alt', 'featured_caption', 'featured_credit']) {
        await db.schema.alterTable('articles').addColumn(column, 'text').execute();
      }
    },
  };
}
