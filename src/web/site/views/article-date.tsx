import {
  calendarDay,
  formatClockTime,
  formatHijriDate,
  formatMoroccanDate,
  formatMoroccanShortDate,
} from '../../../arabic/dates.ts';
import { dayArchivePath } from '../urls.ts';

/**
 * "الأربعاء 24 نونبر 2021 · 12:00 · 19 ربيع الآخر 1443 هـ" in a <time> element, the hour on the
 * newsroom's clock; the Gregorian date links to the archive of its day.
 */
export function ArticleDate({ date, timeZone }: { date: Date; timeZone: string }) {
  return (
    <span class="date">
      <a href={dayArchivePath(calendarDay(date, timeZone))}>
        <time dateTime={date.toISOString()}>{formatMoroccanDate(date, timeZone)}</time>
      </a>
      <span class="clock">{formatClockTime(date, timeZone)}</span>
      <span class="hijri">{formatHijriDate(date, timeZone)}</span>
    </span>
  );
}

export function ShortDate({ date, timeZone }: { date: Date; timeZone: string }) {
  return <time dateTime={date.toISOString()}>{formatMoroccanShortDate(date, timeZone)}</time>;
}
