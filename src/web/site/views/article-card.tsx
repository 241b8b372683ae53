import type { ArticleSummary, Section } from '../../../content/article.ts';
import { excerpt } from '../../../content/blocks.ts';
import { articlePath, sectionPath } from '../urls.ts';
import { ShortDate } from './article-date.tsx';

/** Summaries in lists stay short: three lines or so on a phone. */
const DEK_LENGTH = 160;

/**
 * One article in a list: kicker, headline, and a line with its section and date. On a section's
 * page or block (`sectionOfPage`), the section is named only for articles of another section
 * that list themselves there too.
 */
export function ArticleCard({
  article,
  sections,
  timeZone,
  showDek = false,
  sectionOfPage,
  headingLevel = 3,
}: {
  article: ArticleSummary;
  sections: Section[];
  timeZone: string;
  showDek?: boolean;
  sectionOfPage?: number | undefined;
  headingLevel?: 2 | 3;
}) {
  const section = article.sectionId !== sectionOfPage ? sections.find((s) => s.id === article.sectionId) : undefined;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {article.kicker && <span class="kicker">{article.kicker}</span>}
      <Heading class="headline">
        <a href={articlePath(article)}>{article.headline}</a>
      </Heading>
      {showDek && article.dek && <p class="dek">{excerpt(article.dek, DEK_LENGTH)}</p>}
      {(section || article.publishedAt) && (
        <p class="meta">
          {section && <a href={sectionPath(section)}>{section.name}</a>}
          {section && article.publishedAt && ' · '}
          {article.publishedAt && <ShortDate date={article.publishedAt} timeZone={timeZone} />}
        </p>
      )}
    </article>
  );
}
