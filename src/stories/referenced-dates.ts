import { findDates } from '../arabic/date-parsing.ts';
import { calendarDay } from '../arabic/dates.ts';

/**
 * «السياق»: the days and months an article's text refers to («أمس», «الأربعاء الماضي», «غشت
 * الماضي», «دجنبر 2020», «19 ربيع الآخر 1443 هـ»), resolved against its publication time in
 * the newspaper's zone (arabic/date-parsing.ts), each with the sentence that names it.
 */
export interface ReferencedDate {
  year: number;
  month: number;
  /** Absent when the text names a month only. */
  day?: number;
  /** The words as written: «الأربعاء الماضي». */
  matched: string;
  /** The sentence that names it, at most QUOTE_LENGTH characters. */
  quote: string;
}

/** Dates kept per article at most. */
export const REFERENCED_DATES_KEPT = 6;
const QUOTE_LENGTH = 160;
/** Where a sentence ends: a full stop, ! ? ؟ or a new paragraph. */
const SENTENCE_END = /[.!?؟\n]/;

/**
 * The distinct dates the text refers to, in the order it names them, without the publication
 * day (or month) itself: those say nothing a reader does not see. An unpublished article
 * (no publication time) refers to none, as no relative date can be placed.
 */
export function referencedDates(
  text: string,
  publishedAt: Date | null,
  timeZone: string,
  limit = REFERENCED_DATES_KEPT,
): ReferencedDate[] {
  if (!publishedAt || text === '') return [];
  const today = calendarDay(publishedAt, timeZone);
  const seen = new Set<string>();
  const dates: ReferencedDate[] = [];
  for (const date of findDates(text, { referenceDate: publishedAt, timeZone })) {
    if (date.year === today.year && date.month === today.month && (date.day === undefined || date.day === today.day)) {
      continue;
    }
    const key = `${date.year}-${date.month}-${date.day ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    dates.push({
      year: date.year,
      month: date.month,
      ...(date.day === undefined ? {} : { day: date.day }),
      matched: date.matched,
      quote: sentenceAround(text, date.index, date.matched.length),
    });
    if (dates.length >= limit) break;
  }
  return dates;
}

/** Orders dates and days in time; a month comes before the days in it. */
export function chronological(a: { year: number; month: number; day?: number }, b: typeof a): number {
  return a.year - b.year || a.month - b.month || (a.day ?? 0) - (b.day ?? 0);
}

/** The sentence around text[index, index + length), cut around the date when too long. */
function sentenceAround(text: string, index: number, length: number): string {
  let start = index;
  while (start > 0 && !SENTENCE_END.test(text[start - 1]!)) start--;
  let end = index + length;
  while (end < text.length && !SENTENCE_END.test(text[end]!)) end++;
  if (end < text.length && text[end] !== '\n') end++;
  let sentence = text.slice(start, end).trim();
  if (sentence.length > QUOTE_LENGTH) {
    const at = index - start;
    const from = Math.max(0, Math.min(at - QUOTE_LENGTH / 2, sentence.length - QUOTE_LENGTH));
    // No half of a surrogate pair at either cut.
    const cut = sentence
      .slice(from, from + QUOTE_LENGTH)
      .replace(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/g, '')
      .trim();
    sentence = `${from > 0 ? '… ' : ''}${cut}${from + QUOTE_LENGTH < sentence.length ? ' …' : ''}`;
  }
  return sentence;
}
