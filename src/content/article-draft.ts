import type { AuthorKind } from './article.ts';
import { blockProblem } from './block-shape.ts';
import { type Block, isBlockList } from './blocks.ts';
import { NewsroomError } from './newsroom-error.ts';

/**
 * What the newsroom's editor sends when it saves an article: the text and its metadata, never
 * its state (that moves only through the workflow) nor its id or revision.
 */
export interface ArticleDraft {
  headline: string;
  kicker?: string | null;
  dek?: string | null;
  body: Block[];
  sectionSlug: string;
  /** Other sections whose pages also list the article (slugs). */
  secondarySectionSlugs?: string[];
  slug?: string;
  dateline?: string | null;
  language?: string;
  bylines: { name: string; kind: AuthorKind; role?: string | null }[];
  tags?: string[];
  /** The featured image (a media library id) and its text in this article. */
  featuredMediaId?: number | null;
  featuredAlt?: string | null;
  featuredCaption?: string | null;
  featuredCredit?: string | null;
  /** What search engines show, when it should differ from the headline and dek. */
  seoTitle?: string | null;
  seoDescription?: string | null;
}

/** Limits of each field, in characters (the body: characters of its JSON). */
export const DRAFT_LIMITS = {
  headline: 300,
  kicker: 120,
  dek: 600,
  slug: 200,
  dateline: 120,
  bylineName: 120,
  bylines: 20,
  tag: 80,
  tags: 30,
  secondarySections: 5,
  body: 1_000_000,
  featuredAlt: 300,
  featuredCaption: 600,
  featuredCredit: 120,
  /** Search engines cut titles near 60 characters and descriptions near 160; these are hard limits. */
  seoTitle: 120,
  seoDescription: 320,
  /**
   * How deep a draft's JSON may nest (the draft, the body, a block, its links, a link, a value:
   * 6) and how many values it may hold in all: checked before anything serialises it.
   */
  depth: 8,
  values: 250_000,
} as const;

/** What search engines show before cutting: the editor's counters turn red past these. */
export const SEO_ADVICE = { seoTitle: 60, seoDescription: 160 } as const;

/** A draft that cannot be saved as sent; `field` says which part, the message says why in Arabic. */
export class DraftError extends NewsroomError {
  constructor(
    code: string,
    readonly field: string,
    message: string,
    messageAr: string,
  ) {
    super(code, message, messageAr, 400);
  }
}

const FIELD_NAMES: Record<string, string> = {
  headline: 'العنوان',
  kicker: 'العنوان الفرعي العلوي',
  dek: 'الموجز',
  slug: 'الرابط المختصر',
  dateline: 'مكان الخبر',
  sectionSlug: 'القسم',
  language: 'اللغة',
  featuredAlt: 'الوصف البديل للصورة',
  featuredCaption: 'تعليق الصورة',
  featuredCredit: 'مصدر الصورة',
  seoTitle: 'عنوان محركات البحث',
  seoDescription: 'وصف محركات البحث',
  bylines: 'التوقيعات',
  tags: 'الوسوم',
  secondarySectionSlugs: 'الأقسام الإضافية',
};

/** Checks an untrusted value (an API body) and returns it as a draft; throws DraftError. */
export function checkDraft(value: unknown): ArticleDraft {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DraftError('invalid_draft', 'draft', 'The article must be an object.', 'بيانات المقال غير صالحة.');
  }
  const input = value as Record<string, unknown>;
  // First the shape as a whole, walked without recursion: nothing below (JSON.stringify, the
  // store's snapshot) may meet a value nested deeper than a draft can be, or too many of them.
  const tooDeep = nestingProblem(input);
  if (tooDeep) {
    throw new DraftError(
      'draft_too_deep',
      tooDeep,
      `The ${tooDeep} field is nested deeper than ${DRAFT_LIMITS.depth} levels or holds more than ${DRAFT_LIMITS.values} values.`,
      `${FIELD_NAMES[tooDeep] ?? 'بيانات المقال'}: بنية غير صالحة (متداخلة أكثر من المسموح به أو كبيرة جدا).`,
    );
  }
  const headline = text(input, 'headline', DRAFT_LIMITS.headline, true)!;
  const sectionSlug = text(input, 'sectionSlug', 100, true)!;
  const body = input.body ?? [];
  if (!isBlockList(body)) {
    throw new DraftError('invalid_body', 'body', 'The body must be a list of blocks.', 'نص المقال غير صالح.');
  }
  body.forEach((block, index) => {
    const problem = blockProblem(block);
    if (problem) {
      throw new DraftError(
        'invalid_block',
        'body',
        `Block ${index + 1} of the body is malformed.`,
        `الجزء رقم ${index + 1} من نص المقال غير صالح: ${problem}`,
      );
    }
  });
  if (JSON.stringify(body).length > DRAFT_LIMITS.body) {
    throw new DraftError(
      'body_too_long',
      'body',
      `The body is longer than ${DRAFT_LIMITS.body} characters.`,
      'نص المقال أطول من المسموح به: قسّمه إلى أكثر من مقال.',
    );
  }
  const bylines = list(input, 'bylines', DRAFT_LIMITS.bylines).map((byline) => {
    const entry = (typeof byline === 'object' && byline !== null ? byline : {}) as Record<string, unknown>;
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (name === '' || name.length > DRAFT_LIMITS.bylineName) {
      throw new DraftError(
        'invalid_byline',
        'bylines',
        `Each byline needs a name of at most ${DRAFT_LIMITS.bylineName} characters.`,
        `لكل توقيع اسم لا يتجاوز ${DRAFT_LIMITS.bylineName} حرفا.`,
      );
    }
    const kind: AuthorKind = entry.kind === 'organization' ? 'organization' : 'person';
    const role = typeof entry.role === 'string' && entry.role.trim() !== '' ? entry.role.trim().slice(0, 60) : null;
    return { name, kind, role };
  });
  const tags = list(input, 'tags', DRAFT_LIMITS.tags).map((tag) => {
    if (typeof tag !== 'string' || tag.trim() === '' || tag.trim().length > DRAFT_LIMITS.tag) {
      throw new DraftError(
        'invalid_tag',
        'tags',
        `Each tag is a word or phrase of at most ${DRAFT_LIMITS.tag} characters.`,
        `كل وسم كلمة أو عبارة لا تتجاوز ${DRAFT_LIMITS.tag} حرفا.`,
      );
    }
    return tag.trim();
  });
  const secondarySectionSlugs = list(input, 'secondarySectionSlugs', DRAFT_LIMITS.secondarySections).map((slug) => {
    if (typeof slug !== 'string' || slug.trim() === '' || slug.trim().length > 100) {
      throw new DraftError(
        'invalid_secondary_section',
        'secondarySectionSlugs',
        'Each secondary section is a section slug.',
        'قسم إضافي غير صالح: اختر الأقسام من القائمة.',
      );
    }
    return slug.trim();
  });
  const draft: ArticleDraft = {
    headline,
    kicker: text(input, 'kicker', DRAFT_LIMITS.kicker, false),
    dek: text(input, 'dek', DRAFT_LIMITS.dek, false),
    body,
    sectionSlug,
    secondarySectionSlugs: [...new Set(secondarySectionSlugs)].filter((slug) => slug !== sectionSlug),
    dateline: text(input, 'dateline', DRAFT_LIMITS.dateline, false),
    bylines,
    tags,
  };
  const mediaId = input.featuredMediaId;
  if (mediaId !== undefined && mediaId !== null && mediaId !== '') {
    const id = typeof mediaId === 'string' ? Number(mediaId.trim()) : mediaId;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
      throw new DraftError(
        'invalid_featured_media_id',
        'featuredMediaId',
        'The featured image is a media library id.',
        'رقم الصورة الرئيسية غير صالح: اختر صورة من مكتبة الصور.',
      );
    }
    draft.featuredMediaId = id;
  } else {
    draft.featuredMediaId = null;
  }
  for (const field of ['featuredAlt', 'featuredCaption', 'featuredCredit', 'seoTitle', 'seoDescription'] as const) {
    draft[field] = text(input, field, DRAFT_LIMITS[field], false);
  }
  const slug = text(input, 'slug', DRAFT_LIMITS.slug, false);
  if (slug) draft.slug = slug;
  const language = text(input, 'language', 10, false);
  if (language) draft.language = language;
  return draft;
}

/**
 * The top-level field holding a value nested deeper than `DRAFT_LIMITS.depth` (the draft itself
 * is level 1), or where the count of values passed `DRAFT_LIMITS.values`; undefined when the
 * draft is within both. Iterative: a hostile nesting cannot exhaust the stack here.
 */
function nestingProblem(draft: Record<string, unknown>): string | undefined {
  let values = 0;
  const pending: { value: unknown; depth: number; field: string }[] = Object.entries(draft).map(([field, value]) => ({
    value,
    depth: 2,
    field,
  }));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    values += 1;
    if (values > DRAFT_LIMITS.values) return next.field;
    const { value, depth, field } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= DRAFT_LIMITS.depth) return field;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      pending.push({ value: child, depth: depth + 1, field });
    }
  }
  return undefined;
}

function text(input: Record<string, unknown>, field: string, max: number, required: boolean): string | null {
  const value = input[field];
  const name = FIELD_NAMES[field] ?? field;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (!required) return null;
    throw new DraftError(`${snake(field)}_required`, field, `${field} is required.`, `${name} مطلوب.`);
  }
  if (typeof value !== 'string') {
    throw new DraftError(`invalid_${snake(field)}`, field, `${field} must be text.`, `${name} يجب أن يكون نصا.`);
  }
  const trimmed = value.trim();
  if (trimmed.length > max) {
    throw new DraftError(
      `${snake(field)}_too_long`,
      field,
      `${field} is longer than ${max} characters (${trimmed.length}).`,
      `${name} أطول من ${max} حرف (${trimmed.length}).`,
    );
  }
  return trimmed;
}

function list(input: Record<string, unknown>, field: string, max: number): unknown[] {
  const value = input[field] ?? [];
  if (!Array.isArray(value)) {
    throw new DraftError(
      `invalid_${snake(field)}`,
      field,
      `${field} must be a list.`,
      `${FIELD_NAMES[field]}: قائمة غير صالحة.`,
    );
  }
  if (value.length > max) {
    throw new DraftError(
      `too_many_${snake(field)}`,
      field,
      `At most ${max} ${field}.`,
      `${FIELD_NAMES[field]}: العدد الأقصى ${max}.`,
    );
  }
  return value;
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
