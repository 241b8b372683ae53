import { formatMoroccanShortDate } from '../../../arabic/dates.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

/** "29 نونبر 2026 على الساعة 18:00" in the newsroom's time zone (as views/newsroom-time.tsx says it). */
export function newsroomTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('ar-MA', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return `${formatMoroccanShortDate(date, timeZone)} على الساعة ${format.format(date)}`;
}
