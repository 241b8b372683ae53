/**
 * Dates as Moroccan readers say them: Gregorian months in their Moroccan names
 * (ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر — ICU's `ar-MA`) with the Hijri date
 * (Umm al-Qura) beside it, Western digits.
 */

const MOROCCAN_LOCALE = 'ar-MA-u-nu-latn';
const HIJRI_LOCALE = 'ar-MA-u-ca-islamic-umalqura-nu-latn';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

function parts(date: Date, locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const byType: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter(locale, timeZone, options).formatToParts(date)) byType[part.type] = part.value;
  return byType;
}

/** "الأربعاء 24 نونبر 2021" */
export function formatMoroccanDate(date: Date, timeZone = 'Africa/Casablanca'): string {
  const p = parts(date, MOROCCAN_LOCALE, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "24 نونبر 2021", for lists where the weekday is noise. */
export function formatMoroccanShortDate(date: Date, timeZone = 'Africa/Casablanca'): string {
  const p = parts(date, MOROCCAN_LOCALE, timeZone, { day: 'numeric', month: 'long', year: 'numeric' });
  return `${p.day} ${p.month} ${p.year}`;
}

/** "19 ربيع الآخر 1443 هـ" */
export function formatHijriDate(date: Date, timeZone = 'Africa/Casablanca'): string {
  const p = parts(date, HIJRI_LOCALE, timeZone, { day: 'numeric', month: 'long', year: 'numeric' });
  return `${p.day} ${p.month} ${p.year} هـ`;
}

/** "نونبر 2021" */
export function formatMoroccanMonth(year: number, month: number): string {
  const p = parts(new Date(Date.UTC(year, month - 1, 15, 12)), MOROCCAN_LOCALE, 'UTC', {
    month: 'long',
    year: 'numeric',
  });
  return `${p.month} ${p.year}`;
}

/** The calendar day a moment falls on in a time zone: `{ year, month, day }`, month 1–12. */
export function calendarDay(date: Date, timeZone: string): { year: number; month: number; day: number } {
  const p = parts(date, 'en-US-u-nu-latn', timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' });
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
}

/** The offset of a time zone from UTC at a moment, in minutes (Casablanca: 0 or +60). */
function offsetMinutes(date: Date, timeZone: string): number {
  const p = parts(date, 'en-US-u-nu-latn', timeZone, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant of a wall-clock time in a time zone ("18:00 in Casablanca"). */
export function instantOfLocalTime(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
  // Two passes settle times on days when the offset itself changes (DST, Ramadan in Morocco).
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60000;
  return new Date(instant);
}

/** The UTC instant at which a local calendar day begins in a time zone. */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  return instantOfLocalTime({ year, month, day }, timeZone);
}

/** True when year-month-day names a real day of the Gregorian calendar. */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
