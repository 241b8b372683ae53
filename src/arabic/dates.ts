import { findZoneTable, offsetAt, zoneTable } from './zone-rules.ts';

/**
 * Dates as Moroccan readers say them: Gregorian months in their Moroccan names
 * (ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر — ICU's `ar-MA`) with the Hijri date
 * (Umm al-Qura) beside it, Western digits.
 *
 * The newsroom's clock: every local day and time Ghad shows or reads goes through here. The
 * offset comes from the IANA rules in zone-rules.ts, never from the runtime's own time-zone
 * data; Intl only names months, weekdays and the Hijri calendar of the instant already moved
 * to local time, and always formats it in UTC.
 */

const MOROCCAN_LOCALE = 'ar-MA-u-nu-latn';
const HIJRI_LOCALE = 'ar-MA-u-ca-islamic-umalqura-nu-latn';

const DAY_MONTH_YEAR: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const WEEKDAY_DAY_MONTH_YEAR: Intl.DateTimeFormatOptions = { weekday: 'long', ...DAY_MONTH_YEAR };

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(date: Date, locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${Object.entries(options).join()}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formatters.set(key, formatter);
  }
  const local = new Date(date.getTime() + utcOffsetMinutes(date, timeZone) * 60_000);
  const byType: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter.formatToParts(local)) byType[part.type] = part.value;
  return byType;
}

/** The offset of a time zone from UTC at a moment, in minutes east (Casablanca: 0 since 2026-09-20). */
export function utcOffsetMinutes(date: Date, timeZone: string): number {
  return offsetAt(zoneTable(timeZone), date.getTime());
}

/** True when the IANA data Ghad reads knows the zone ("Africa/Casablanca", "UTC"). */
export function isKnownTimeZone(timeZone: string): boolean {
  return findZoneTable(timeZone) !== undefined;
}

/**
 * A day-level format remembered per quarter hour: every time zone's offset is a multiple of
 * 15 minutes, so all instants of a quarter hour fall on the same local day. Pages format
 * the same few days over and over, and ICU's formatToParts is not cheap.
 */
function rememberedPerDay<T>(compute: (date: Date, timeZone: string) => T) {
  const memory = new Map<string, T>();
  return (date: Date, timeZone = 'Africa/Casablanca'): T => {
    const key = `${timeZone}|${Math.floor(date.getTime() / 900_000)}`;
    let value = memory.get(key);
    if (value === undefined) {
      if (memory.size >= 20_000) memory.clear();
      value = compute(date, timeZone);
      memory.set(key, value);
    }
    return value;
  };
}

/** "الأربعاء 24 نونبر 2021" */
export const formatMoroccanDate = rememberedPerDay((date, timeZone) => {
  const p = parts(date, MOROCCAN_LOCALE, timeZone, WEEKDAY_DAY_MONTH_YEAR);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
});

/** "24 نونبر 2021", for lists where the weekday is noise. */
export const formatMoroccanShortDate = rememberedPerDay((date, timeZone) => {
  const p = parts(date, MOROCCAN_LOCALE, timeZone, DAY_MONTH_YEAR);
  return `${p.day} ${p.month} ${p.year}`;
});

/** "19 ربيع الآخر 1443 هـ" */
export const formatHijriDate = rememberedPerDay((date, timeZone) => {
  const p = parts(date, HIJRI_LOCALE, timeZone, DAY_MONTH_YEAR);
  return `${p.day} ${p.month} ${p.year} هـ`;
});

/** "نونبر 2021" */
export function formatMoroccanMonth(year: number, month: number): string {
  const p = parts(new Date(Date.UTC(year, month - 1, 15, 12)), MOROCCAN_LOCALE, 'UTC', {
    month: 'long',
    year: 'numeric',
  });
  return `${p.month} ${p.year}`;
}

/** The calendar day a moment falls on in a time zone: `{ year, month, day }`, month 1–12. */
export const calendarDay: (date: Date, timeZone: string) => Readonly<{ year: number; month: number; day: number }> =
  rememberedPerDay((date, timeZone) => {
    const p = parts(date, 'en-US-u-nu-latn', timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' });
    return Object.freeze({ year: Number(p.year), month: Number(p.month), day: Number(p.day) });
  });

/** The wall-clock time of a moment in a time zone: `{ year, month, day, hour, minute }`. */
export function localTime(date: Date, timeZone: string) {
  const local = new Date(date.getTime() + utcOffsetMinutes(date, timeZone) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** A calendar day as ISO 8601 writes it, "2020-12-04"; a month without its day, "2020-12". */
export function isoCalendarDate({ year, month, day }: { year: number; month: number; day?: number }): string {
  const yearMonth = `${String(year).padStart(4, '0')}-${twoDigits(month)}`;
  return day === undefined ? yearMonth : `${yearMonth}-${twoDigits(day)}`;
}

/** "18:05", the newsroom's 24-hour clock. */
export function formatClockTime(date: Date, timeZone: string): string {
  const { hour, minute } = localTime(date, timeZone);
  return `${twoDigits(hour)}:${twoDigits(minute)}`;
}

/** "29 نونبر 2026 على الساعة 18:00": a moment as the newsroom says it. */
export function formatNewsroomTime(date: Date, timeZone: string): string {
  return `${formatMoroccanShortDate(date, timeZone)} على الساعة ${formatClockTime(date, timeZone)}`;
}

/** A moment in the form a datetime-local field takes, in a time zone ("2026-11-29T18:00"). */
export function localDateTimeValue(date: Date, timeZone: string): string {
  const t = localTime(date, timeZone);
  return `${String(t.year).padStart(4, '0')}-${twoDigits(t.month)}-${twoDigits(t.day)}T${twoDigits(t.hour)}:${twoDigits(t.minute)}`;
}

/** "GMT+1", "GMT+0", "GMT+5:30": the offset in force at a moment, as clocks label it. */
export function formatUtcOffset(date: Date, timeZone: string): string {
  const offset = utcOffsetMinutes(date, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `GMT${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${twoDigits(abs % 60)}` : ''}`;
}

/** The UTC instant of a wall-clock time in a time zone ("18:00 in Casablanca"). */
export function instantOfLocalTime(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
  // Two passes settle times on days when the offset itself changes (DST, Ramadan in Morocco).
  let instant = guess - utcOffsetMinutes(new Date(guess), timeZone) * 60000;
  instant = guess - utcOffsetMinutes(new Date(instant), timeZone) * 60000;
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
