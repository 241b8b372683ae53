import type { Block } from './blocks.ts';

/**
 * Whether an untrusted block (from the editor's JSON) has the shape its type promises: text
 * where text is read, whole numbers where offsets are, a known embed provider. Returns what is
 * wrong, in Arabic, or undefined. The reader site, the feeds and search all trust stored blocks.
 */
export function blockProblem(block: Block): string | undefined {
  const b = block as unknown as Record<string, unknown>;
  const isText = (v: unknown) => typeof v === 'string';
  const optionalText = (v: unknown) => v === undefined || v === null || typeof v === 'string';
  const optionalSize = (v: unknown) => v === undefined || v === null || (Number.isSafeInteger(v) && (v as number) > 0);
  if (b.dir !== undefined && b.dir !== 'ltr' && b.dir !== 'rtl') return 'اتجاه الفقرة غير صالح.';
  switch (block.type) {
    case 'paragraph':
      if (!isText(b.text)) return 'فقرة بلا نص.';
      if (b.links !== undefined && !validLinks(b.links, (b.text as string).length)) return 'رابط داخل الفقرة غير صالح.';
      return undefined;
    case 'heading':
      if (!isText(b.text)) return 'عنوان فرعي بلا نص.';
      return b.level === 2 || b.level === 3 ? undefined : 'مستوى العنوان الفرعي غير صالح.';
    case 'quote':
      return isText(b.text) && optionalText(b.cite) ? undefined : 'اقتباس غير صالح.';
    case 'list':
      return typeof b.ordered === 'boolean' && Array.isArray(b.items) && b.items.every(isText)
        ? undefined
        : 'قائمة غير صالحة.';
    case 'image':
      if (!isText(b.src) || !/^(https?:\/\/|\/(?!\/))/i.test((b.src as string).trim())) return 'رابط الصورة غير صالح.';
      if (!isText(b.alt)) return 'الصورة بلا وصف بديل.';
      if (!optionalText(b.caption) || !optionalText(b.credit)) return 'تعليق الصورة أو مصدرها غير صالح.';
      if (!optionalSize(b.width) || !optionalSize(b.height) || !optionalSize(b.mediaId))
        return 'أبعاد الصورة غير صالحة.';
      return undefined;
    case 'embed':
      if (!['youtube', 'x', 'facebook', 'link'].includes(b.provider as string)) return 'مصدر التضمين غير معروف.';
      if (!isText(b.url) || !/^https?:\/\//i.test(b.url as string)) return 'رابط التضمين غير صالح.';
      return optionalText(b.title) ? undefined : 'عنوان التضمين غير صالح.';
    default:
      return 'نوع غير معروف.';
  }
}

function validLinks(value: unknown, length: number): boolean {
  if (!Array.isArray(value)) return false;
  let at = 0;
  for (const link of value as Record<string, unknown>[]) {
    if (typeof link !== 'object' || link === null) return false;
    const { start, end, href } = link;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || typeof href !== 'string') return false;
    if ((start as number) < at || (end as number) <= (start as number) || (end as number) > length) return false;
    if (!/^https?:\/\/\S+$/i.test(href)) return false;
    at = end as number;
  }
  return true;
}
