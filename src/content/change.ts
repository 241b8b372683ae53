/**
 * What a write to an article touched: the article itself and every section, author, tag
 * and publication day it belonged to before or after. The page cache turns this into the
 * tags of the pages to purge.
 */
export interface ArticleChange {
  articleId: number;
  sectionIds: number[];
  authorIds: number[];
  tagIds: number[];
  publishedAt: Date[];
}

/** Many changes folded into one, as an import reports them. */
export class ChangeSet {
  readonly articleIds = new Set<number>();
  readonly sectionIds = new Set<number>();
  readonly authorIds = new Set<number>();
  readonly tagIds = new Set<number>();
  readonly publishedAt: Date[] = [];

  add(change: ArticleChange): void {
    this.articleIds.add(change.articleId);
    for (const id of change.sectionIds) this.sectionIds.add(id);
    for (const id of change.authorIds) this.authorIds.add(id);
    for (const id of change.tagIds) this.tagIds.add(id);
    this.publishedAt.push(...change.publishedAt);
  }

  get isEmpty(): boolean {
    return this.articleIds.size === 0;
  }
}
