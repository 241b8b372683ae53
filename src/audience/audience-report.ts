import { calendarDay, formatClockTime } from '../arabic/dates.ts';
import type { ArticleSummary, Section } from '../content/article.ts';
import type { SearchTotal } from '../store/audience.ts';
import type { Store } from '../store/store.ts';
import { dayOf } from './search-counter.ts';
import { hourOf } from './view-counter.ts';

export const PERIODS = {
  '24h': { label: 'آخر 24 ساعة', hours: 24, step: 'hour' },
  '7d': { label: 'آخر 7 أيام', hours: 7 * 24, step: 'day' },
  '30d': { label: 'آخر 30 يوما', hours: 30 * 24, step: 'day' },
} as const;
export type Period = keyof typeof PERIODS;

export function isPeriod(value: unknown): value is Period {
  return typeof value === 'string' && Object.hasOwn(PERIODS, value);
}

/** One bar of a chart: where it starts, its label and its views. */
export interface Point {
  start: Date;
  label: string;
  views: number;
}

export interface AudienceReport {
  period: Period;
  total: number;
  /** Views of the whole site, per hour (24 h) or per Casablanca day (7 and 30 days), oldest first; empty steps are 0. */
  series: Point[];
  sections: { section: Section; views: number }[];
  topArticles: { article: ArticleSummary; views: number; series: Point[] }[];
  topSearches: SearchTotal[];
  zeroResultSearches: SearchTotal[];
}

const TOP_ARTICLES = 15;
/** Articles shown with their own small chart. */
const CHARTED_ARTICLES = 5;
const TOP_SEARCHES = 20;

/** The newsroom's statistics for a period, from the hourly views and the daily search log. */
export async function audienceReport(
  store: Store,
  options: { period: Period; sections: readonly Section[]; timeZone: string; now?: Date },
): Promise<AudienceReport> {
  const now = options.now ?? new Date();
  const spec = PERIODS[options.period];
  // Whole hours: the current one counts, the first is `hours - 1` before it.
  const since = new Date(new Date(hourOf(now)).getTime() - (spec.hours - 1) * 3600_000);
  const steps = stepsOf(since, now, spec.step, options.timeZone);
  const fromDay = dayOf(since, options.timeZone);
  const [hourly, bySection, top, topSearches, zeroResultSearches] = await Promise.all([
    store.audience.viewsByHour(since),
    store.audience.viewsBySection(since),
    store.audience.topArticles(since, TOP_ARTICLES),
    store.audience.topSearches(fromDay, TOP_SEARCHES),
    store.audience.topSearches(fromDay, TOP_SEARCHES, true),
  ]);
  const summaries = await store.articles.summariesWithText(top.map((t) => t.articleId));
  const topArticles = await Promise.all(
    summaries.map(async (article, i) => ({
      article,
      views: top.find((t) => t.articleId === article.id)?.views ?? 0,
      series:
        i < CHARTED_ARTICLES
          ? fill(steps, await store.audience.viewsByHour(since, article.id), spec.step, options.timeZone)
          : [],
    })),
  );
  return {
    period: options.period,
    total: hourly.reduce((sum, h) => sum + h.views, 0),
    series: fill(steps, hourly, spec.step, options.timeZone),
    sections: bySection.flatMap(({ sectionId, views }) => {
      const section = options.sections.find((s) => s.id === sectionId);
      return section ? [{ section, views }] : [];
    }),
    topArticles: topArticles.sort((a, b) => b.views - a.views),
    topSearches,
    zeroResultSearches,
  };
}

/** The steps of a chart: every hour, or every Casablanca day, from `since` to `now`. */
function stepsOf(since: Date, now: Date, step: 'hour' | 'day', timeZone: string): Point[] {
  const points: Point[] = [];
  const seen = new Set<string>();
  const dayLabel = (at: Date) => {
    const { month, day } = calendarDay(at, timeZone);
    return `${day}/${month}`;
  };
  for (let t = since.getTime(); t <= now.getTime(); t += 3600_000) {
    const start = new Date(t);
    const key = keyOf(start, step, timeZone);
    if (seen.has(key)) continue;
    seen.add(key);
    points.push({ start, label: step === 'hour' ? formatClockTime(start, timeZone) : dayLabel(start), views: 0 });
  }
  return points;
}

function keyOf(at: Date, step: 'hour' | 'day', timeZone: string): string {
  return step === 'hour' ? hourOf(at) : dayOf(at, timeZone);
}

function fill(
  steps: readonly Point[],
  hourly: readonly { hour: Date; views: number }[],
  step: 'hour' | 'day',
  timeZone: string,
): Point[] {
  const byKey = new Map<string, number>();
  for (const { hour, views } of hourly) {
    const key = keyOf(hour, step, timeZone);
    byKey.set(key, (byKey.get(key) ?? 0) + views);
  }
  return steps.map((p) => ({ ...p, views: byKey.get(keyOf(p.start, step, timeZone)) ?? 0 }));
}
