import type { MostReadLists } from '../../../audience/most-read.ts';
import type { Article, ArticleSummary, Media } from '../../../content/article.ts';
import type { ArticleEntity } from '../../../entities/entity.ts';
import type { RelatedArticle } from '../../../store/related-articles.ts';
import type { KeptDate } from '../../../store/related-lists.ts';
import type { Story } from '../../../stories/story.ts';
import { BidiText } from '../../bidi-text.tsx';
import type { SiteContext } from '../site-context.ts';
import { articlePath, authorPath, mediaPath, sectionPath, tagPath } from '../urls.ts';
import { ArticleCard } from './article-card.tsx';
import { ArticleComments, type ArticleCommentsModel } from './article-comments.tsx';
import { ArticleDate, ShortDate } from './article-date.tsx';
import { ArticleEntities } from './article-entities.tsx';
import { BodyBlocks, safeUrl } from './body-blocks.tsx';
import { CorrectionNotes } from './correction-notes.tsx';
import { Figure } from './figure.tsx';
import { imageSources } from './image-sources.ts';
import { LiveCoverageBlock, type LiveCoverageModel } from './live-coverage.tsx';
import { MostReadBlock, ViewBeacon } from './most-read.tsx';
import { StoryContext } from './story-context.tsx';
import { StoryLinks } from './story-page.tsx';

export function ArticlePage({
  site,
  article,
  related,
  readAlso = [],
  dates = [],
  datedArticles = [],
  bodyMedia,
  mostRead,
  entities = [],
  stories = [],
  comments,
  live,
  countView = false,
}: {
  site: SiteContext;
  article: Article;
  related: ArticleSummary[];
  /** «اقرأ أيضا»: articles on the same story or the same people, with why (not on a preview). */
  readAlso?: readonly RelatedArticle[];
  /** «السياق»: the dates the text refers to, placed (not on a preview). */
  dates?: readonly KeptDate[];
  /** The articles «السياق»'s dates lead to. */
  datedArticles?: readonly ArticleSummary[];
  /** The library's images that the body's image blocks name. */
  bodyMedia?: ReadonlyMap<number, Media>;
  /** The most-read block (not on a newsroom preview). */
  mostRead?: MostReadLists | undefined;
  /** «في هذا المقال»: the people, organisations and places it names, prominent first (not on a preview). */
  entities?: readonly ArticleEntity[];
  /** The stories («ملفات») it belongs to, linked above its headline (not on a preview). */
  stories?: readonly Pick<Story, 'id' | 'slug' | 'title'>[];
  /** Readers' comments and their form (not on a preview). */
  comments?: ArticleCommentsModel | undefined;
  /** A live coverage («تغطية مباشرة»): its entries under the lead. */
  live?: LiveCoverageModel | undefined;
  /** Add the view beacon (the reader site's page, never a preview). */
  countView?: boolean;
}) {
  const image = article.featuredImage;
  return (
    <>
      <article class="article" lang={article.language}>
        <nav class="breadcrumb" aria-label="مسار التصفح">
          <ol>
            <li>
              <a href="/">الرئيسية</a>
            </li>
            <li>
              <a href={sectionPath(article.section)}>{article.section.name}</a>
            </li>
          </ol>
        </nav>
        <header>
          <StoryLinks stories={stories} />
          {live && live.coverage.endedAt === null && (
            <a class="live-jump" href="#live">
              <span class="live-badge">مباشر</span> تابع التغطية المباشرة
            </a>
          )}
          {article.kicker && <span class="kicker">{article.kicker}</span>}
          <h1 class="headline">
            <BidiText text={article.headline} />
          </h1>
          {article.dek && (
            <p class="dek">
              <BidiText text={article.dek} />
            </p>
          )}
          <div class="article__meta">
            {article.bylines.length > 0 && (
              <span class="bylines">
                {article.bylines.map((byline, i) => (
                  <span key={byline.author.id}>
                    {i > 0 && (i === article.bylines.length - 1 ? ' و' : '، ')}
                    <a href={authorPath(byline.author)} rel="author">
                      {byline.author.name}
                    </a>
                    {byline.role && ` (${byline.role})`}
                  </span>
                ))}
              </span>
            )}
            {article.publishedAt && <ArticleDate date={article.publishedAt} timeZone={site.timeZone} />}
          </div>
        </header>
        {image && (
          <Figure
            class="featured"
            src={mediaPath(image)}
            alt={image.alt}
            width={image.width}
            height={image.height}
            caption={image.caption}
            credit={image.credit}
            sources={imageSources(image)}
          />
        )}
        <div class="article__body">
          <BodyBlocks blocks={article.body} dateline={article.dateline} media={bodyMedia} embeds="cards" />
        </div>
        {live && <LiveCoverageBlock model={live} timeZone={site.timeZone} />}
        <CorrectionNotes corrections={article.corrections} timeZone={site.timeZone} />
        {article.secondarySections.length > 0 && (
          <p class="also-in">
            نُشر أيضا في:{' '}
            {article.secondarySections.map((section, i) => (
              <span key={section.id}>
                {i > 0 && '، '}
                <a href={sectionPath(section)}>{section.name}</a>
              </span>
            ))}
          </p>
        )}
        <ArticleEntities entities={entities} />
        {article.tags.length > 0 && (
          <ul class="tags" aria-label="الوسوم">
            {article.tags.map((tag) => (
              <li key={tag.id}>
                <a href={tagPath(tag)} rel="tag">
                  {tag.name}
                </a>
              </li>
            ))}
          </ul>
        )}
        {article.sourceUrl && (
          <p class="source">
            المصدر:{' '}
            <a href={safeUrl(article.sourceUrl)} rel="noopener nofollow">
              {article.bylines[0]?.author.name ?? 'الرابط الأصلي'}
            </a>
          </p>
        )}
      </article>
      <StoryContext
        publishedAt={article.publishedAt}
        related={readAlso}
        dates={dates}
        datedArticles={datedArticles}
        timeZone={site.timeZone}
      />
      {readAlso.length > 0 && (
        <aside class="read-also" aria-labelledby="read-also-title">
          <h2 class="section-title" id="read-also-title">
            <span>اقرأ أيضا</span>
          </h2>
          <ul class="read-also__list">
            {readAlso.map(({ article: summary, reason }) => (
              <li key={summary.id}>
                <a href={articlePath(summary)}>
                  <BidiText text={summary.headline} />
                </a>
                <span class="read-also__why">
                  {reason}
                  {summary.publishedAt && (
                    <>
                      {' · '}
                      <ShortDate date={summary.publishedAt} timeZone={site.timeZone} />
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </aside>
      )}
      {related.length > 0 && (
        <aside class="more-from" aria-labelledby="more-from-title">
          <h2 class="section-title" id="more-from-title">
            <span>المزيد من {article.section.name}</span>
            <a class="more" href={sectionPath(article.section)}>
              كل الأخبار
            </a>
          </h2>
          {related.map((summary) => (
            <ArticleCard
              key={summary.id}
              article={summary}
              sections={site.sections}
              timeZone={site.timeZone}
              sectionOfPage={article.section.id}
            />
          ))}
        </aside>
      )}
      {comments && <ArticleComments model={comments} timeZone={site.timeZone} />}
      {mostRead && (
        <div class="most-read--article">
          <MostReadBlock lists={mostRead} />
        </div>
      )}
      {countView && <ViewBeacon articleId={article.id} />}
    </>
  );
}
