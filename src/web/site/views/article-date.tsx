import { formatHijriDate, formatMoroccanDate, formatMoroccanShortDate } from '../../../arabic/dates.ts';

/** "الأربعاء 24 نونبر 2021 · 19 ربيع الآخر 1443 هـ" in a <time> element. */
export function ArticleDate({
  date,
  timeZone,
  withHijri = true,
}: {
  date: Date;
  timeZone: string;
  withHijri?: boolean;
}) {
  return (
    <span class="date">
      <time dateTime={date.toISOString()}>{formatMoroccanDate(date, timeZone)}</time>
      {withHijri && <span class="hijri"> {formatHijriDate(date, timeZone)}</span>}
    </span>
  );
}

export function ShortDate({ date, timeZone }: { date: Date; timeZone: string }) {
  return <time dateTime={date.toISOString()}>{formatMoroccanShortDate(date, timeZone)}</time>;
}
