/**
 * Dates found in running text, however the region writes them: "الأربعاء 24 نوفمبر 2021",
 * "18 جانفي 2017", "3 آب 2020", "le 5 mai 2019", "٢٤/١١/٢٠٢١", "2021-11-24", and Hijri dates
 * ("19 ربيع الآخر 1443 هـ") turned into Gregorian days through ICU's Umm al-Qura calendar.
 *
 * Decisions a reader of the results should know:
 * - Numbers are day/month/year as everywhere in the Arab world: 05/06/2020 is 5 June;
 *   12/25/2020 is not a date. Year first (2021-11-24) is read as ISO.
 * - A weekday is checked, never trusted over the numbers: 3.8% of the weekday dates in the
 *   Jawhara corpus contradict their own numbers, and in two cases out of three no nearby year
 *   fits the weekday either. The date is the written day; `weekday` says whether it agreed.
 * - A date without a year ("9 مارس", "غشت الماضي") takes its year from `referenceDate` (an
 *   article's publication time): الماضي the latest such day or month before it, المقبل the
 *   next one after it, الجاري its own year, nothing the nearest one. Without `referenceDate`
 *   such dates are not reported: the function stays pure and never guesses from the clock.
 * - A bare month name is a date only with a year, a day, a relative word (الماضي، المقبل …)
 *   or after شهر: مارس is also a verb, آب folds onto أب "father".
 * - A Hijri date needs its day, month and year: "فاز 1 صفر" is a football score, and a Hijri
 *   month straddles two Gregorian ones.
 * - Days named from the reference day (with `referenceDate` only): أمس / بالأمس / البارحة the
 *   day before, أول أمس / أمس الأول two days before, غدا the day after, بعد غد two after; a
 *   weekday with الماضي (or المنصرم …) the last such weekday before the reference day, with
 *   المقبل (or القادم) the next one after it. A bare weekday ("يوم الأربعاء") is not read: news
 *   writes it for the days just past and just to come alike. "اليوم" is the reference day itself
 *   and "الغد" also means "the future": neither is reported.
 */

import { calendarDay, isRealDay } from './dates.ts';
import { GREGORIAN_MONTHS_BY_REGION, HIJRI_MONTHS, type MonthTable } from './months.ts';

/** Weekdays, Sunday first as `Date.getUTCDay()` counts them. */
const WEEKDAY_NAMES: readonly (readonly string[])[] = [
  ['الأحد', 'dimanche'],
  ['الاثنين', 'الإثنين', 'lundi'],
  ['الثلاثاء', 'الثلاثا', 'mardi'],
  ['الأربعاء', 'الأربعا', 'mercredi'],
  ['الخميس', 'jeudi'],
  ['الجمعة', 'vendredi'],
  ['السبت', 'samedi'],
];

/** Words after a month that place it in time when the year is missing: "غشت الماضي". */
const RELATIVE_WORDS = {
  past: ['الماضي', 'المنصرم', 'الفارط', 'الفائت', 'السابق', 'dernier', 'passé'],
  next: ['المقبل', 'القادم', 'prochain'],
  current: ['الجاري', 'الحالي', 'courant'],
} as const;

/** Days counted from the reference day, by how many: "أمس" is −1. */
const DAYS_AWAY: Readonly<Record<string, number>> = {
  'أول أمس': -2,
  'أمس الأول': -2,
  'قبل أمس': -2,
  أمس: -1,
  الأمس: -1,
  البارحة: -1,
  غدا: 1,
  'بعد غد': 2,
};

/** Words before a month that make a bare month name a date: "شهر مارس". */
const MONTH_WORDS = ['شهر', 'mois de'];

/** Marks after a year that name its calendar: "1443 هـ", "2021م". */
const YEAR_MARKS = {
  hijri: ['هـ', 'ه', 'هجري', 'هجرية', 'للهجرة'],
  gregorian: ['م', 'ميلادي', 'ميلادية', 'للميلاد'],
} as const;

/** One-letter clitics a date may carry in front: "و24 نوفمبر", "بشهر مارس", "وديسمبر 2020". */
const CLITICS = 'وبلف';

/** Separators of a numeric date: 24/11/2021, 24-11-2021, 24.11.2021, and the Arabic date separator ؍. */
const NUMERIC_SEPARATORS = '/.\\-؍';

/** Letter folds applied after NFKD has dropped hamza, madda and accents: the rest of the spelling variants. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ى: 'ي',
  ی: 'ي',
  ة: 'ه',
  ۀ: 'ه',
  ە: 'ه',
  ٱ: 'ا',
  ک: 'ك',
};

/** Arabic-Indic (٠–٩) and Persian (۰–۹) digits; other scripts' digits NFKD does not fold are not dates here. */
const DIGIT_ZEROS = [0x660, 0x6f0];

export type Calendar = 'gregorian' | 'hijri';

/** Whether a weekday written before the date agreed with it. */
export type WeekdayCheck = 'none' | 'agrees' | 'contradicts';

interface DateMention {
  /** The Gregorian year and month (1–12), whatever calendar the text used. */
  year: number;
  month: number;
  /** The calendar the text wrote the date in. */
  calendar: Calendar;
  weekday: WeekdayCheck;
  /** The date as written, from the weekday to the year mark or relative word ("الأربعاء 24 نوفمبر 2021"). */
  matched: string;
  /** Offset of `matched` in the text, in UTF-16 code units. */
  index: number;
}

/** A date found in a text: a whole day, or a month when no day was written ("ديسمبر 2020"). */
export type ParsedDate =
  | (DateMention & { precision: 'day'; day: number })
  | (DateMention & { precision: 'month'; day: undefined });

/** Where a text stands in time; the time zone decides which local day `referenceDate` falls on. */
export type DateParsingOptions =
  | { referenceDate?: undefined; timeZone?: string }
  | { referenceDate: Date; timeZone: string };

interface Day {
  year: number;
  month: number;
  day: number;
}

// ——— Folding, with the way back to the original offsets ———
// Search normalises text its own way (normalize.ts); a date's `index` and `matched` must point
// into the text as written, so every folded character here remembers where it came from.

interface FoldedText {
  text: string;
  /** For each folded UTF-16 unit, the original range it came from. */
  starts: Int32Array;
  ends: Int32Array;
}

/** Folds of the Basic Multilingual Plane, worked out on first sight; astral code points are rare enough to redo. */
const bmpFolds: (string | undefined)[] = new Array(0x10000);
const REMOVED = /^[\p{M}\p{Cf}\u0640]$/u;
const MARK = /\p{M}/u;

function foldCodePoint(codePoint: string): string {
  const code = codePoint.charCodeAt(0);
  const remembered = codePoint.length === 1 ? bmpFolds[code] : undefined;
  if (remembered !== undefined) return remembered;
  let folded = '';
  if (!REMOVED.test(codePoint)) {
    for (const char of codePoint.toLowerCase().normalize('NFKD')) {
      if (MARK.test(char)) continue;
      const value = char.charCodeAt(0);
      const zero = DIGIT_ZEROS.find((z) => value >= z && value <= z + 9);
      folded += zero === undefined ? (LETTER_FOLDS[char] ?? char) : String(value - zero);
    }
  }
  if (codePoint.length === 1) bmpFolds[code] = folded;
  return folded;
}

function fold(text: string): FoldedText {
  const pieces: string[] = [];
  let starts = new Int32Array(text.length + 16);
  let ends = new Int32Array(text.length + 16);
  let length = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    const size = code >= 0xd800 && code <= 0xdbff && (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    const folded = size === 1 ? (bmpFolds[code] ?? foldCodePoint(text[i]!)) : foldCodePoint(text.slice(i, i + size));
    if (folded === '' && length > 0) {
      // Harakat and tatweel belong to the letter before them: "هـ" ends after the tatweel.
      ends[length - 1] = i + size;
    }
    if (length + folded.length > starts.length) {
      // Ligatures unfold into several letters (ﷺ is eighteen): grow the maps.
      const grown = Math.max(starts.length * 2, length + folded.length);
      const biggerStarts = new Int32Array(grown);
      const biggerEnds = new Int32Array(grown);
      biggerStarts.set(starts);
      biggerEnds.set(ends);
      starts = biggerStarts;
      ends = biggerEnds;
    }
    for (let k = 0; k < folded.length; k++, length++) {
      starts[length] = i;
      ends[length] = i + size;
    }
    pieces.push(folded);
    i += size;
  }
  return { text: pieces.join(''), starts, ends };
}

/** The folded form of a table entry, spaces collapsed, as the lookups below key it. */
function key(spelling: string): string {
  return spaced(fold(spelling).text.trim());
}

/** A piece of folded text as a lookup key: "تشرين   الاول" → "تشرين الاول". */
function spaced(folded: string): string {
  return folded.replace(/\s+/g, ' ');
}

// ——— Lookups and patterns built from the tables ———

interface MonthName {
  calendar: Calendar;
  month: number;
}

function monthLookup(): Map<string, MonthName> {
  const lookup = new Map<string, MonthName>();
  const add = (table: MonthTable, calendar: Calendar) =>
    table.forEach((spellings, i) => {
      for (const spelling of spellings) {
        const k = key(spelling);
        const known = lookup.get(k);
        if (known && (known.calendar !== calendar || known.month !== i + 1)) {
          throw new Error(`Month tables disagree: "${spelling}" names two months; fix src/arabic/months.ts`);
        }
        lookup.set(k, { calendar, month: i + 1 });
      }
    });
  for (const table of Object.values(GREGORIAN_MONTHS_BY_REGION)) add(table, 'gregorian');
  add(HIJRI_MONTHS, 'hijri');
  return lookup;
}

const MONTHS = monthLookup();
const WEEKDAYS = new Map(WEEKDAY_NAMES.flatMap((names, weekday) => names.map((name) => [key(name), weekday] as const)));
const RELATIVES = new Map(
  Object.entries(RELATIVE_WORDS).flatMap(([when, words]) =>
    words.map((word) => [key(word), when as Relative] as const),
  ),
);

type Relative = keyof typeof RELATIVE_WORDS | 'nearest';

/** An alternation of folded spellings, longest first so that "تشرين الأول" beats "تشرين". */
function alternation(spellings: Iterable<string>): string {
  return [...new Set(spellings)]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, () => `${SPACE}+`))
    .join('|');
}

/** Spaces within a line: a number ending one line and a month starting the next are no date. */
const SPACE = '[\\p{Zs}\\t]';
const NOT_WORD = '[^\\p{L}\\p{N}]';
const WORD_START = `(?<=^|${NOT_WORD}|(?:^|${NOT_WORD})[${CLITICS}])`;
const WORD_END = '(?![\\p{L}\\p{N}])';
const MONTH = alternation(MONTHS.keys());
const YEAR_MARK = `(?:${SPACE}*(?:(?<hijriMark>${alternation(YEAR_MARKS.hijri.map(key))})|(?<gregorianMark>${alternation(YEAR_MARKS.gregorian.map(key))}))${WORD_END})?`;

/** A weekday before the day, a comma after it allowed: "الأربعاء، ". */
const WEEKDAY = `(?:(?<weekday>${alternation(WEEKDAYS.keys())})${SPACE}*(?:[,،]${SPACE}*)?)?`;

/** "الأربعاء، 24 من نوفمبر/تشرين الثاني، 2021م", "1er mai 2019", "غشت الماضي", "ديسمبر 2020". */
const WRITTEN_DATE = new RegExp(
  // A day's digits need no space before them: "يوم7 أفريل 2017" (Jawhara).
  `(?:(?:${WORD_START}${WEEKDAY})?(?<!\\p{N})(?<day>\\d{1,2})(?!\\d)(?:er)?${SPACE}*(?:من${SPACE}+)?|${WORD_START})` +
    `(?<month>${MONTH})(?:(?:${SPACE}*[/(]${SPACE}*|${SPACE}+)(?<otherMonth>${MONTH})${SPACE}*\\)?)?${WORD_END}` +
    `(?:${SPACE}*(?:[,،]${SPACE}*)?(?<year>\\d{4})(?!\\d)${YEAR_MARK}|${SPACE}+(?<relative>${alternation(RELATIVES.keys())})${WORD_END})?`,
  'gu',
);

/** "أمس", "بالأمس", "أول أمس", "الأربعاء الماضي", "السبت المقبل". */
const NAMED_DAY = new RegExp(
  `${WORD_START}(?:(?<away>${alternation(Object.keys(DAYS_AWAY).map(key))})|` +
    `(?<weekday>${alternation(WEEKDAYS.keys())})${SPACE}+(?<relative>${alternation(
      [...RELATIVE_WORDS.past, ...RELATIVE_WORDS.next].map(key),
    )}))${WORD_END}`,
  'gu',
);
const AWAY = new Map(Object.entries(DAYS_AWAY).map(([words, days]) => [key(words), days]));

const NUMBER_START = `(?<![\\p{N}${NUMERIC_SEPARATORS}])`;
const NUMBER_END = `(?!\\p{N}|[${NUMERIC_SEPARATORS}]\\p{N})`;

/** "24/11/2021", "الأربعاء 05/12/2018", "٢٤-١١-٢٠٢١", "19/4/1443 هـ". */
const DAY_FIRST = new RegExp(
  `(?:${WORD_START}${WEEKDAY})?${NUMBER_START}(?<day>\\d{1,2})(?<sep>[${NUMERIC_SEPARATORS}])(?<month>\\d{1,2})\\k<sep>(?<year>\\d{4})${NUMBER_END}${YEAR_MARK}`,
  'gu',
);

/** "2021-11-24", "1443/04/19هـ": ISO order, no weekday before it. */
const YEAR_FIRST = new RegExp(
  `${NUMBER_START}(?<year>\\d{4})(?<sep>[${NUMERIC_SEPARATORS}])(?<month>\\d{1,2})\\k<sep>(?<day>\\d{1,2})${NUMBER_END}${YEAR_MARK}`,
  'gu',
);

const MONTH_WORD_BEFORE = new RegExp(
  `(?<![\\p{L}\\p{N}])[${CLITICS}]?(?:${alternation(MONTH_WORDS.map(key))})${SPACE}+$`,
  'u',
);

// ——— Calendars ———

const DAY_MS = 86_400_000;
/** 1 Muharram 1 AH, 19 July 622 in the proleptic Gregorian calendar. */
const HIJRI_EPOCH_MS = Date.UTC(622, 6, 19);
const HIJRI_YEAR_DAYS = 354.367;
const HIJRI_MONTH_DAYS = 29.5306;
/** Umm al-Qura months start up to two days from the arithmetic estimate; look a little wider. */
const HIJRI_SEARCH_DAYS = 5;

const hijriParts = new Intl.DateTimeFormat('en-US-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

function hijriDayAt(ms: number): Day {
  const day: Day = { year: 0, month: 0, day: 0 };
  for (const part of hijriParts.formatToParts(ms)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') day[part.type] = Number(part.value);
  }
  return day;
}

function gregorianDayAt(ms: number): Day {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function msOfGregorianDay(day: Day): number {
  const date = new Date(0);
  date.setUTCFullYear(day.year, day.month - 1, day.day);
  return date.getTime();
}

/**
 * The Gregorian day of an Umm al-Qura Hijri date (19 ربيع الآخر 1443 → 24 November 2021), or
 * undefined when that Hijri day does not exist (30 of a 29-day month). ICU does the astronomy:
 * this only walks the days around an arithmetic estimate until ICU names the same Hijri day.
 */
export function hijriToGregorian(year: number, month: number, day: number): Day | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 30) return undefined;
  const estimate =
    HIJRI_EPOCH_MS + Math.round((year - 1) * HIJRI_YEAR_DAYS + (month - 1) * HIJRI_MONTH_DAYS + day - 1) * DAY_MS;
  for (let step = 0; step <= 2 * HIJRI_SEARCH_DAYS; step++) {
    const offset = step % 2 === 0 ? step / 2 : -(step + 1) / 2;
    const ms = estimate + offset * DAY_MS;
    const hijri = hijriDayAt(ms);
    if (hijri.year === year && hijri.month === month && hijri.day === day) return gregorianDayAt(ms);
  }
  return undefined;
}

/** The year a yearless day or month falls in, seen from the reference day. */
function placeInYear(month: number, day: number | undefined, relative: Relative, reference: Day): number | undefined {
  const position = (year: number) =>
    day === undefined ? year * 12 + month : msOfGregorianDay({ year, month, day }) / DAY_MS;
  const now = day === undefined ? reference.year * 12 + reference.month : msOfGregorianDay(reference) / DAY_MS;
  const years = [reference.year - 1, reference.year, reference.year + 1].filter(
    (year) => day === undefined || isRealDay(year, month, day),
  );
  switch (relative) {
    case 'past':
      return years.filter((year) => position(year) < now).at(-1);
    case 'next':
      return years.find((year) => position(year) > now);
    case 'current':
      return years.find((year) => year === reference.year);
    case 'nearest': {
      let best: number | undefined;
      for (const year of years) {
        if (best === undefined || Math.abs(position(year) - now) < Math.abs(position(best) - now)) best = year;
      }
      return best;
    }
  }
}

// ——— Reading one match ———

interface Reading {
  calendar: Calendar;
  year: number | undefined;
  month: number;
  day: number | undefined;
  weekday: number | undefined;
  relative: Relative | undefined;
  mark: Calendar | undefined;
}

function markOf(groups: Record<string, string | undefined>): Calendar | undefined {
  if (groups.hijriMark !== undefined) return 'hijri';
  if (groups.gregorianMark !== undefined) return 'gregorian';
  return undefined;
}

function readWrittenDate(groups: Record<string, string | undefined>, before: string): Reading | undefined {
  const name = MONTHS.get(spaced(groups.month ?? ''));
  if (!name) return undefined;
  if (groups.otherMonth !== undefined) {
    const other = MONTHS.get(spaced(groups.otherMonth));
    if (other?.calendar !== name.calendar || other.month !== name.month) return undefined;
  }
  const relative = groups.relative === undefined ? undefined : RELATIVES.get(spaced(groups.relative));
  if (
    groups.day === undefined &&
    groups.year === undefined &&
    relative === undefined &&
    !MONTH_WORD_BEFORE.test(before)
  ) {
    return undefined;
  }
  return {
    calendar: name.calendar,
    year: groups.year === undefined ? undefined : Number(groups.year),
    month: name.month,
    day: groups.day === undefined ? undefined : Number(groups.day),
    weekday: groups.weekday === undefined ? undefined : WEEKDAYS.get(spaced(groups.weekday)),
    relative: groups.year === undefined ? (relative ?? 'nearest') : undefined,
    mark: markOf(groups),
  };
}

function readNumericDate(groups: Record<string, string | undefined>): Reading {
  const mark = markOf(groups);
  return {
    calendar: mark ?? 'gregorian',
    year: Number(groups.year),
    month: Number(groups.month),
    day: Number(groups.day),
    weekday: groups.weekday === undefined ? undefined : WEEKDAYS.get(spaced(groups.weekday)),
    relative: undefined,
    mark,
  };
}

/** A day named from the reference day ("أمس", "الأربعاء الماضي"), as the written day it is. */
function readNamedDay(groups: Record<string, string | undefined>, reference: Day): Reading | undefined {
  const referenceMs = msOfGregorianDay(reference);
  let weekday: number | undefined;
  let days: number | undefined;
  if (groups.away !== undefined) {
    days = AWAY.get(spaced(groups.away));
  } else if (groups.weekday !== undefined && groups.relative !== undefined) {
    weekday = WEEKDAYS.get(spaced(groups.weekday));
    const relative = RELATIVES.get(spaced(groups.relative));
    if (weekday === undefined || (relative !== 'past' && relative !== 'next')) return undefined;
    const today = new Date(referenceMs).getUTCDay();
    // The last such weekday before the reference day (1–7 days back), or the next after it.
    days = relative === 'past' ? -(((today - weekday + 6) % 7) + 1) : ((weekday - today + 6) % 7) + 1;
  }
  if (days === undefined) return undefined;
  const { year, month, day } = gregorianDayAt(referenceMs + days * DAY_MS);
  return { calendar: 'gregorian', year, month, day, weekday, relative: undefined, mark: undefined };
}

/** The Gregorian day or month a reading names, or undefined when it names none. */
function resolve(
  reading: Reading,
  reference: Day | undefined,
): { year: number; month: number; day?: number } | undefined {
  const { calendar, month, day } = reading;
  if (reading.mark !== undefined && reading.mark !== calendar) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  if (calendar === 'hijri') {
    if (reading.year === undefined || day === undefined) return undefined;
    return hijriToGregorian(reading.year, month, day);
  }
  let year = reading.year;
  if (year === undefined) {
    if (reference === undefined || reading.relative === undefined) return undefined;
    year = placeInYear(month, day, reading.relative, reference);
    if (year === undefined) return undefined;
  }
  if (day === undefined) return month >= 1 && month <= 12 && year >= 1 ? { year, month } : undefined;
  return isRealDay(year, month, day) ? { year, month, day } : undefined;
}

function referenceDay(options: DateParsingOptions): Day | undefined {
  const { referenceDate, timeZone } = options;
  if (referenceDate === undefined) return undefined;
  if (Number.isNaN(referenceDate.getTime())) {
    throw new RangeError('Dates without a year: referenceDate is an invalid Date; pass the article’s publication time');
  }
  return calendarDay(referenceDate, timeZone ?? 'UTC');
}

// ——— The public functions ———

/**
 * Every date written in a text, in order, with its offsets in the original text:
 * findDates("… الأربعاء 24 نوفمبر 2021 …") → [{ year: 2021, month: 11, day: 24, … }].
 */
export function findDates(text: string, options: DateParsingOptions = {}): ParsedDate[] {
  if (typeof text !== 'string' || text === '') return [];
  const reference = referenceDay(options);
  const folded = fold(text);
  const candidates: { start: number; end: number; reading: Reading }[] = [];
  for (const match of folded.text.matchAll(WRITTEN_DATE)) {
    const before = folded.text.slice(Math.max(0, match.index - 24), match.index);
    const reading = readWrittenDate(match.groups ?? {}, before);
    if (reading) candidates.push({ start: match.index, end: match.index + match[0].length, reading });
  }
  for (const pattern of [DAY_FIRST, YEAR_FIRST]) {
    for (const match of folded.text.matchAll(pattern)) {
      candidates.push({
        start: match.index,
        end: match.index + match[0].length,
        reading: readNumericDate(match.groups ?? {}),
      });
    }
  }
  if (reference) {
    for (const match of folded.text.matchAll(NAMED_DAY)) {
      const reading = readNamedDay(match.groups ?? {}, reference);
      if (reading) candidates.push({ start: match.index, end: match.index + match[0].length, reading });
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);

  const dates: ParsedDate[] = [];
  let taken = 0;
  for (const { start, end, reading } of candidates) {
    if (start < taken) continue;
    const day = resolve(reading, reference);
    if (!day) continue;
    taken = end;
    const index = folded.starts[start]!;
    const mention = {
      year: day.year,
      month: day.month,
      calendar: reading.calendar,
      matched: text.slice(index, folded.ends[end - 1]),
      index,
    };
    if (day.day === undefined) {
      dates.push({ ...mention, weekday: 'none', precision: 'month', day: undefined });
    } else {
      const weekday: WeekdayCheck =
        reading.weekday === undefined
          ? 'none'
          : new Date(msOfGregorianDay({ year: day.year, month: day.month, day: day.day })).getUTCDay() ===
              reading.weekday
            ? 'agrees'
            : 'contradicts';
      dates.push({ ...mention, weekday, precision: 'day', day: day.day });
    }
  }
  return dates;
}

/** The first date written in a text ("18 جانفي 2017", "١٩ ربيع الآخر ١٤٤٣ هـ"), or undefined if none. */
export function parseDate(text: string, options: DateParsingOptions = {}): ParsedDate | undefined {
  return findDates(text, options)[0];
}
