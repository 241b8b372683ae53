import { formatMoroccanShortDate } from '../../../arabic/dates.ts';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "29/11/2026 على الساعة 14:05" in the newsroom's time zone. */
export function NewsroomTime({ date, timeZone }: { date: Date; timeZone: string }) {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('ar-MA', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, format);
  }
  return (
    <time dateTime={date.toISOString()}>
      {formatMoroccanShortDate(date, timeZone)} على الساعة {format.format(date)}
    </time>
  );
}
