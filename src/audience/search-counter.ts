import { calendarDay, isoCalendarDate } from '../arabic/dates.ts';
import type { DailySearches } from '../store/audience.ts';

/** Longest query kept (normalized); longer ones are cut. */
const MAX_QUERY_LENGTH = 100;

/** Harakat, the dagger alif and tatweel: what a reader may or may not type in one word. */
const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/gu;

/**
 * A reader's query as the log keeps it: Unicode NFKC, lower case, without harakat or tatweel,
 * spaces collapsed, at most 100 characters. Still readable for the newsroom (the search's own
 * normalization also folds hamzas and taa marbuta, which would show "بلديه" for "بلدية").
 */
export function loggedQuery(query: string): string {
  return query
    .normalize('NFKC')
    .toLowerCase()
    .replace(MARKS, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    .trim();
}

/** The day of `at` in the newspaper's time zone, YYYY-MM-DD. */
export function dayOf(at: Date, timeZone: string): string {
  return isoCalendarDate(calendarDay(at, timeZone));
}

/**
 * Reader searches counted in memory per normalized query and day, with how many found nothing,
 * until the next flush: nothing about who searched is kept.
 */
export class SearchCounter {
  #counts = new Map<string, DailySearches>();

  constructor(
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(query: string, total: number): void {
    const text = loggedQuery(query);
    if (text === '') return;
    const day = dayOf(this.now(), this.timeZone);
    const key = `${day}|${text}`;
    const row = this.#counts.get(key) ?? { day, query: text, searches: 0, zeroResults: 0 };
    row.searches += 1;
    if (total === 0) row.zeroResults += 1;
    this.#counts.set(key, row);
  }

  take(): DailySearches[] {
    const rows = [...this.#counts.values()];
    this.#counts = new Map();
    return rows;
  }

  giveBack(rows: readonly DailySearches[]): void {
    for (const row of rows) {
      const key = `${row.day}|${row.query}`;
      const current = this.#counts.get(key);
      if (current) {
        current.searches += row.searches;
        current.zeroResults += row.zeroResults;
      } else this.#counts.set(key, { ...row });
    }
  }
}
