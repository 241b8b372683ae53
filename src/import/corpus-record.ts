import { instantOfLocalTime } from '../arabic/dates.ts';
import type { ArticleInput } from '../content/article.ts';
import { paragraphsToBlocks } from '../content/blocks.ts';
import { FALLBACK_SECTION_SLUG, sectionForCategory } from '../content/sections.ts';

/**
 * One JSONL record of the news corpora mapped to an article. Two shapes are read:
 * Jawhara FM (`title`, `time`, `category`, `abstract`, `text`, `url`) and Goud.ma
 * (`headline`, `text`, no date, no section).
 */

export type RecordMapping =
  | { ok: true; article: ArticleInput & { externalId: string }; warnings: string[] }
  | { ok: false; reason: string };

/** Arabic names of the outlets the corpora come from, credited as organisation bylines. */
const OUTLET_NAMES: Record<string, string> = {
  'jawhara fm': 'جوهرة أف أم',
  'goud.ma': 'كود',
};

const MAX_HEADLINE = 500;

export interface RecordOptions {
  /** The zone of dates written without an offset ("2017-01-22T185600"). */
  timeZone: string;
}

export function mapCorpusRecord(record: unknown, options: RecordOptions): RecordMapping {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  const r = record as Record<string, unknown>;
  const id = text(r.id);
  if (!id) return { ok: false, reason: 'no "id"' };
  const headline = text(r.title) ?? text(r.headline);
  if (!headline) return { ok: false, reason: `record ${id}: no "title" or "headline"` };
  if (headline.length > MAX_HEADLINE)
    return { ok: false, reason: `record ${id}: headline longer than ${MAX_HEADLINE} characters` };
  const bodyText = text(r.text) ?? text(r.body);
  const body = bodyText ? paragraphsToBlocks(bodyText) : [];
  if (body.length === 0) return { ok: false, reason: `record ${id}: no "text"` };

  const warnings: string[] = [];
  const rawDate = text(r.time) ?? text(r.date) ?? text(r.published_at);
  let publishedAt: Date | null = null;
  if (rawDate) {
    publishedAt = parseCorpusDate(rawDate, options.timeZone);
    if (!publishedAt) return { ok: false, reason: `record ${id}: unreadable date "${rawDate}"` };
  }

  const category = text(r.category) ?? text(r.section);
  let sectionSlug = FALLBACK_SECTION_SLUG;
  if (category) {
    const mapped = sectionForCategory(category);
    if (mapped) sectionSlug = mapped;
    else warnings.push(`record ${id}: unknown category "${category}", filed under ${FALLBACK_SECTION_SLUG}`);
  }

  const source = text(r.source);
  const bylineName = source ? (OUTLET_NAMES[source.toLowerCase()] ?? source) : 'هيئة التحرير';

  return {
    ok: true,
    warnings,
    article: {
      externalId: id,
      headline,
      dek: text(r.abstract) ?? text(r.dek),
      body,
      status: 'published',
      sectionSlug,
      publishedAt,
      sourceUrl: text(r.url),
      bylines: [{ name: bylineName, kind: 'organization' }],
      tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
    },
  };
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * The corpora's date forms: ISO 8601 with an offset ("2017-01-20T21:43:00+01:00"); ISO
 * without one, also in the basic form ("2017-01-22T185600"), read in `timeZone`; and a bare
 * day "DD/MM/YYYY", read as noon UTC so that it falls on the same day in every North African
 * time zone. Returns null for anything else or an impossible day.
 */
export function parseCorpusDate(value: string, timeZone: string): Date | null {
  const trimmed = value.trim();
  const day = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (day) {
    const [d, m, y] = [Number(day[1]), Number(day[2]), Number(day[3])];
    return isPlausibleDay(y, m, d) ? new Date(Date.UTC(y, m - 1, d, 12)) : null;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(trimmed);
  if (!iso) return null;
  const [y, m, d, hour, minute, second] = iso.slice(1, 7).map((part) => Number(part ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isPlausibleDay(y, m, d) || hour > 23 || minute > 59 || second > 59) return null;
  if (!iso[8]) return instantOfLocalTime({ year: y, month: m, day: d, hour, minute, second }, timeZone);
  const offset = iso[8] === 'Z' ? 'Z' : `${iso[8].slice(0, 3)}:${iso[8].slice(-2)}`;
  const date = new Date(`${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${iso[7] ?? ''}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isPlausibleDay(year: number, month: number, day: number): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 2100 &&
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day
  );
}
