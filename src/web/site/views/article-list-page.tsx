import type { ComponentChildren } from 'preact';
import type { ArticleSummary } from '../../../content/article.ts';
import type { SiteContext } from '../site-context.ts';
import { ArticleCard } from './article-card.tsx';
import { PaginationNav } from './pagination-nav.tsx';

/**
 * A section, tag, author, entity or day: a title, a count and a page of articles. A list may
 * say more of what it lists under its title (`intro`: an entity's kind and spellings) and after
 * its articles (`after`: the entities named with it, its feeds).
 */
export function ArticleListPage({
  site,
  title,
  description,
  articles,
  total,
  page,
  pageCount,
  pathFor,
  sectionOfPage,
  neighbours,
  intro,
  after,
}: {
  site: SiteContext;
  title: string;
  description?: string | null | undefined;
  articles: ArticleSummary[];
  total: number;
  page: number;
  pageCount: number;
  pathFor: (page: number) => string;
  /** On a section's page: its own articles need no section label. */
  sectionOfPage?: number | undefined;
  neighbours?: { rel: 'prev' | 'next'; label: string; path: string }[] | undefined;
  intro?: ComponentChildren;
  after?: ComponentChildren;
}) {
  return (
    <div class="list-page">
      <h1>{title}</h1>
      {intro}
      {description && <p class="dek">{description}</p>}
      <p class="count">
        {articleCount(total)}
        {pageCount > 1 && ` — الصفحة ${page} من ${pageCount}`}
      </p>
      {articles.length === 0 ? (
        <p>لا توجد مقالات هنا بعد.</p>
      ) : (
        articles.map((article) => (
          <ArticleCard
            key={article.id}
            article={article}
            sections={site.sections}
            timeZone={site.timeZone}
            showDek
            sectionOfPage={sectionOfPage}
            headingLevel={2}
          />
        ))
      )}
      <PaginationNav page={page} pageCount={pageCount} pathFor={pathFor} />
      {neighbours && neighbours.length > 0 && (
        <nav aria-label="أيام أخرى">
          <ul class="pagination">
            {neighbours.map((n) => (
              <li key={n.rel}>
                <a href={n.path}>{n.rel === 'prev' ? `→ ${n.label}` : `${n.label} ←`}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {after}
    </div>
  );
}

/**
 * Arabic agreement of a count of articles: مقال واحد، مقالان، 3 مقالات، 11 مقالا، 100 مقال،
 * 102 مقال، 103 مقالات.
 */
export function articleCount(n: number): string {
  if (n === 0) return 'لا مقالات';
  if (n === 1) return 'مقال واحد';
  if (n === 2) return 'مقالان';
  const mod100 = n % 100;
  if (mod100 <= 2) return `${n} مقال`;
  if (mod100 <= 10) return `${n} مقالات`;
  return `${n} مقالا`;
}
