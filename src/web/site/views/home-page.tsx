import type { MostReadLists } from '../../../audience/most-read.ts';
import type { ArticleSummary, Section } from '../../../content/article.ts';
import type { SiteContext } from '../site-context.ts';
import { articlePath, sectionPath } from '../urls.ts';
import { ArticleCard } from './article-card.tsx';
import { ShortDate } from './article-date.tsx';
import { MostReadBlock } from './most-read.tsx';

export interface HomeContent {
  topStory: ArticleSummary | undefined;
  /** The top story's opening, shown under its headline. */
  topStoryLede: string | undefined;
  /** The next stories after the top one, shown with their summary under it. */
  highlights: ArticleSummary[];
  /** Headlines only, in the side column. */
  latest: ArticleSummary[];
  sectionBlocks: { section: Section; articles: ArticleSummary[] }[];
  /** Most read of the last 24 hours and 7 days. */
  mostRead: MostReadLists;
}

/**
 * The front page: the top story with the next stories under it, the latest headlines beside
 * them, then one block per section. No story appears twice.
 */
export function HomePage({ site, home }: { site: SiteContext; home: HomeContent }) {
  const { topStory } = home;
  return (
    <>
      <h1 class="visually-hidden">
        {site.name} — {site.slogan}
      </h1>
      <div class="front">
        <div class="front__main">
          {topStory ? (
            <article class="top-story" aria-labelledby="top-story-title">
              {topStory.kicker && <span class="kicker">{topStory.kicker}</span>}
              <h2 class="headline" id="top-story-title">
                <a href={articlePath(topStory)}>{topStory.headline}</a>
              </h2>
              {(topStory.dek ?? home.topStoryLede) && <p class="lede">{topStory.dek ?? home.topStoryLede}</p>}
              {topStory.publishedAt && (
                <p class="meta">
                  <ShortDate date={topStory.publishedAt} timeZone={site.timeZone} />
                </p>
              )}
            </article>
          ) : (
            <p>لا توجد أخبار منشورة بعد.</p>
          )}
          {home.highlights.length > 0 && (
            <section class="highlights" aria-label="أبرز الأخبار">
              {home.highlights.map((article) => (
                <ArticleCard
                  key={article.id}
                  article={article}
                  sections={site.sections}
                  timeZone={site.timeZone}
                  showDek
                />
              ))}
            </section>
          )}
        </div>
        <section class="latest" aria-labelledby="latest-title">
          <h2 class="section-title" id="latest-title">
            آخر الأخبار
          </h2>
          {home.latest.map((article) => (
            <ArticleCard key={article.id} article={article} sections={site.sections} timeZone={site.timeZone} />
          ))}
        </section>
      </div>
      <div class="section-blocks">
        {home.sectionBlocks.map(({ section, articles }) => (
          <section key={section.id} aria-labelledby={`section-${section.id}`}>
            <h2 class="section-title" id={`section-${section.id}`}>
              <a href={sectionPath(section)}>{section.name}</a>
              <a class="more" href={sectionPath(section)} aria-label={`المزيد من ${section.name}`}>
                المزيد
              </a>
            </h2>
            {articles.map((article, i) => (
              <ArticleCard
                key={article.id}
                article={article}
                sections={site.sections}
                timeZone={site.timeZone}
                sectionOfPage={section.id}
                showDek={i === 0}
              />
            ))}
          </section>
        ))}
      </div>
      <MostReadBlock lists={home.mostRead} />
    </>
  );
}
