/**
 * Readable Arabic slugs: the headline's own words joined by hyphens, harakat and tatweel
 * removed, punctuation dropped, Latin lowercased. "المغرب وإسرائيل يوقعان على اتفاق" →
 * "المغرب-وإسرائيل-يوقعان-على-اتفاق". Hamza forms are kept: the slug is for reading.
 */

const MAX_SLUG_LENGTH = 80;

// Harakat U+064B–U+065F, superscript alef U+0670, Quranic marks U+06D6–U+06ED, tatweel U+0640.
const MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
// Anything that is not a letter or a digit of any script separates words.
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const words = text
    .normalize('NFKC')
    .replace(MARKS, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // French accents: é → e
    .normalize('NFC')
    .split(SEPARATORS)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if ([...next].length > maxLength) break;
    slug = next;
  }
  // A single word longer than the limit is cut rather than dropped.
  if (!slug && words[0]) slug = [...words[0]].slice(0, maxLength).join('');
  return slug;
}
