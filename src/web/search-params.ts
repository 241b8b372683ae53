import { isRealDay } from '../arabic/dates.ts';
import type { Section } from '../content/article.ts';

/** A search as the reader site and the API receive it, checked. */
export interface SearchParams {
  q: string;
  section: Section | undefined;
  /** Calendar days, inclusive, as typed (YYYY-MM-DD). */
  from: string | undefined;
  to: string | undefined;
}

/** Why a search request was refused: a stable code and the message in Arabic and English. */
export interface SearchParamsError {
  code: 'query_too_long' | 'unknown_section' | 'bad_date' | 'bad_date_range' | 'bad_parameter';
  ar: string;
  en: string;
}

export const MAX_QUERY_LENGTH = 300;

/**
 * Reads q, section, from and to from a query string object. Repeated or non-text values,
 * an unknown section, impossible dates and over-long queries are refused with a message;
 * an empty query is not an error (the page shows the form).
 */
export function readSearchParams(
  query: Record<string, unknown>,
  sections: readonly Section[],
): { ok: true; params: SearchParams } | { ok: false; error: SearchParamsError } {
  for (const name of ['q', 'section', 'from', 'to'] as const) {
    const value = query[name];
    if (value !== undefined && typeof value !== 'string') {
      return {
        ok: false,
        error: {
          code: 'bad_parameter',
          ar: `المعامل «${name}» مكرر أو غير صالح.`,
          en: `The parameter "${name}" is repeated or malformed.`,
        },
      };
    }
  }
  const q = ((query.q as string | undefined) ?? '').replace(/\s+/g, ' ').trim();
  if ([...q].length > MAX_QUERY_LENGTH) {
    return {
      ok: false,
      error: {
        code: 'query_too_long',
        ar: `نص البحث طويل جدا: ${MAX_QUERY_LENGTH} حرف على الأكثر.`,
        en: `The search text is too long: at most ${MAX_QUERY_LENGTH} characters.`,
      },
    };
  }
  const sectionSlug = (query.section as string | undefined)?.trim() || undefined;
  const section = sectionSlug === undefined ? undefined : sections.find((s) => s.slug === sectionSlug);
  if (sectionSlug !== undefined && !section) {
    return {
      ok: false,
      error: {
        code: 'unknown_section',
        ar: `لا يوجد قسم باسم «${sectionSlug}».`,
        en: `There is no section "${sectionSlug}".`,
      },
    };
  }
  const from = (query.from as string | undefined)?.trim() || undefined;
  const to = (query.to as string | undefined)?.trim() || undefined;
  for (const day of [from, to]) {
    if (day !== undefined && !isDay(day)) {
      return {
        ok: false,
        error: {
          code: 'bad_date',
          ar: `التاريخ «${day}» غير صالح: اكتبه على شكل 2021-11-24.`,
          en: `The date "${day}" is not valid: write it as 2021-11-24.`,
        },
      };
    }
  }
  if (from && to && from > to) {
    return {
      ok: false,
      error: {
        code: 'bad_date_range',
        ar: 'تاريخ البداية بعد تاريخ النهاية.',
        en: 'The start date is after the end date.',
      },
    };
  }
  return { ok: true, params: { q, section, from, to } };
}

function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}
