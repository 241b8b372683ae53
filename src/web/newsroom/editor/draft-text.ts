import { blocksToText } from '../../../content/blocks.ts';
import type { EditorDraft } from './editor-model.ts';

/** The fields a person compares between two versions, with their Arabic names. */
export const COMPARED_FIELDS: readonly [keyof EditorDraft, string][] = [
  ['kicker', 'العنوان العلوي'],
  ['headline', 'العنوان'],
  ['dek', 'الموجز'],
  ['body', 'النص'],
  ['sectionSlug', 'القسم'],
  ['secondarySectionSlugs', 'يُنشر أيضا في'],
  ['dateline', 'مكان الخبر'],
  ['bylines', 'التوقيعات'],
  ['tags', 'الوسوم'],
  ['featuredMediaId', 'الصورة الرئيسية'],
  ['featuredAlt', 'الوصف البديل للصورة'],
  ['featuredCaption', 'تعليق الصورة'],
  ['featuredCredit', 'مصدر الصورة'],
  ['seoTitle', 'عنوان محركات البحث'],
  ['seoDescription', 'وصف محركات البحث'],
  ['slug', 'الرابط المختصر'],
];

/** A field of a draft as readable text (the body paragraph per line). */
export function fieldText(draft: EditorDraft, field: keyof EditorDraft): string {
  const value = draft[field];
  if (field === 'body') return blocksToText(draft.body);
  if (field === 'bylines') return draft.bylines.map((b) => (b.role ? `${b.name} (${b.role})` : b.name)).join('، ');
  if (field === 'tags') return draft.tags.join('، ');
  if (field === 'secondarySectionSlugs') return (draft.secondarySectionSlugs ?? []).join('، ');
  return value === null || value === undefined ? '' : String(value);
}

export function sameField(a: EditorDraft, b: EditorDraft, field: keyof EditorDraft): boolean {
  return JSON.stringify(a[field]) === JSON.stringify(b[field]);
}
