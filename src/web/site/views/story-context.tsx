import { calendarDay, formatMoroccanMonth, formatMoroccanShortDate, isoCalendarDate } from '../../../arabic/dates.ts';
import type { ArticleSummary } from '../../../content/article.ts';
import type { RelatedArticle } from '../../../store/related-articles.ts';
import type { KeptDate } from '../../../store/related-lists.ts';
import { chronological } from '../../../stories/referenced-dates.ts';
import { BidiText } from '../../bidi-text.tsx';
import { articlePath, dayArchivePath } from '../urls.ts';

interface When {
  year: number;
  month: number;
  day?: number;
}

interface Entry {
  when: When;
  /** The article read itself: its place in time, unlinked. */
  current?: boolean;
  headline?: { text: string; href: string };
  quote?: { text: string; matched: string; href?: string };
}

/**
 * «السياق»: the story in time, oldest first. The earlier related articles at their
 * publication day, and the days and months the text refers to («أمس», «غشت الماضي») with the
 * sentence that names them, each leading to the story's article of that day or to the day's
 * archive; the article read at its own day. Shown when the text refers to a date, or when two
 * related articles came before it.
 */
export function StoryContext({
  publishedAt,
  related,
  dates,
  datedArticles,
  timeZone,
}: {
  publishedAt: Date | null;
  related: readonly RelatedArticle[];
  dates: readonly KeptDate[];
  /** The published articles the dates lead to (`articleId`). */
  datedArticles: readonly ArticleSummary[];
  timeZone: string;
}) {
  if (!publishedAt) return null;
  const earlier = related.filter(({ article }) => article.publishedAt && article.publishedAt < publishedAt);
  if (dates.length === 0 && earlier.length < 2) return null;
  const byId = new Map(datedArticles.map((article) => [article.id, article]));
  const entries: Entry[] = [
    ...earlier.map(({ article }) => ({
      when: calendarDay(article.publishedAt!, timeZone),
      headline: { text: article.headline, href: articlePath(article) },
    })),
    ...dates.map((date) => {
      const story = date.articleId === undefined ? undefined : byId.get(date.articleId);
      const href = story
        ? articlePath(story)
        : date.archived && date.day !== undefined
          ? dayArchivePath({ year: date.year, month: date.month, day: date.day })
          : undefined;
      return {
        when: { year: date.year, month: date.month, ...(date.day === undefined ? {} : { day: date.day }) },
        quote: { text: date.quote, matched: date.matched, ...(href ? { href } : {}) },
      };
    }),
    { when: calendarDay(publishedAt, timeZone), current: true },
  ];
  entries.sort((a, b) => chronological(a.when, b.when) || Number(a.current ?? false) - Number(b.current ?? false));
  return (
    <aside class="story-context" aria-labelledby="story-context-title">
      <h2 class="section-title" id="story-context-title">
        <span>السياق</span>
      </h2>
      <ol class="story-context__list">
        {entries.map((entry, i) => (
          <li key={i} class={entry.current ? 'story-context__now' : undefined}>
            <WhenLabel when={entry.when} />
            {entry.current && <span class="story-context__text">هذا المقال</span>}
            {entry.headline && (
              <a class="story-context__text" href={entry.headline.href}>
                <BidiText text={entry.headline.text} />
              </a>
            )}
            {entry.quote && <Quote {...entry.quote} />}
          </li>
        ))}
      </ol>
    </aside>
  );
}

function WhenLabel({ when }: { when: When }) {
  if (when.day === undefined) {
    return (
      <time class="story-context__when" dateTime={isoCalendarDate(when)}>
        {formatMoroccanMonth(when.year, when.month)}
      </time>
    );
  }
  const noon = new Date(Date.UTC(when.year, when.month - 1, when.day, 12));
  return (
    <time class="story-context__when" dateTime={isoCalendarDate(when)}>
      {formatMoroccanShortDate(noon, 'UTC')}
    </time>
  );
}

/** The sentence naming the date, the date's words marked; a link when it leads somewhere. */
function Quote({ text, matched, href }: { text: string; matched: string; href?: string }) {
  const at = text.indexOf(matched);
  const body =
    at === -1 ? (
      <BidiText text={text} />
    ) : (
      <>
        <BidiText text={text.slice(0, at)} />
        <strong>{matched}</strong>
        <BidiText text={text.slice(at + matched.length)} />
      </>
    );
  return <q class="story-context__text">{href ? <a href={href}>{body}</a> : body}</q>;
}
