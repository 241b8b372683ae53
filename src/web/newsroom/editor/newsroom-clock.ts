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

/** A moment as the newsroom's clocks show it, in the form a datetime-local field takes ("2026-11-29T18:00"). */
export function localInputValue(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
