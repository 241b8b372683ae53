/**
 * When a found name and an annotated mention are "the same form": after folding what every
 * reader agrees is the same letter (judge-text.ts: hamza seats أإآٱ→ا, ى→ي, ة→ه, harakat,
 * tatweel, Persian ی ک), quotation marks and extra spaces, and allowing a leading proclitic
 * و/ف/ب/ل/ك, or the Darija د ("of": «دجامع»), or لل for ل + ال, and a leading «ال» on either side. Spellings that differ in a
 * letter (ترامب/ترمب, گ/ك/غ) are NOT the same form: that is linking's job, not matching's.
 */
import { judgeNormalize } from '../judge-text.ts';

const QUOTES = /["“”„«»'‘’`]/g;

/** The folded form of a name: judged letters, no quotation marks, single spaces. */
export function fold(name: string): string {
  return judgeNormalize(name).replace(QUOTES, '').replace(/\s+/g, ' ').trim();
}

/** A remainder shorter than this is not taken as a name with a clitic (ب+اب, ل+ال…). */
const MIN_CORE = 3;

/**
 * The folded forms a name may stand for: itself; without one leading clitic (و ف ب ل ك د);
 * with لل read as ل + ال; each of those without a leading «ال».
 */
export function nameKeys(name: string): Set<string> {
  const folded = fold(name);
  const keys = new Set<string>([folded]);
  if (/^[وفبلكد]/.test(folded) && folded.length - 1 >= MIN_CORE) {
    const rest = folded.slice(1);
    keys.add(rest);
    if (rest.startsWith('ل') && !rest.startsWith('ال')) keys.add(`ا${rest}`);
  }
  for (const key of [...keys]) {
    if (key.startsWith('ال') && key.length - 2 >= MIN_CORE) keys.add(key.slice(2));
  }
  return keys;
}

/** Same form, as above. */
export function sameName(a: string, b: string): boolean {
  const keysOfB = nameKeys(b);
  for (const key of nameKeys(a)) if (keysOfB.has(key)) return true;
  return false;
}

/**
 * The boundary-lenient relation, reported beside the strict one: one name's words are a
 * whole-word run inside the other's («مجموعة السبع» in «مجموعة السبع الصناعية الكبرى»,
 * «الأمم المتحدة» in «هيأة الأمم المتحدة»), after the same folds.
 */
export function overlappingName(a: string, b: string): boolean {
  for (const ka of nameKeys(a)) {
    for (const kb of nameKeys(b)) {
      if (` ${ka} `.includes(` ${kb} `) || ` ${kb} `.includes(` ${ka} `)) return true;
    }
  }
  return false;
}

/**
 * Whether the text writes `name` as words (with a clitic or «ال» allowed before it): the dev
 * set's check that every annotated mention is in its article.
 */
export function containsName(text: string, name: string): boolean {
  const words = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  const target = fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  if (target.length === 0) return false;
  const [first, ...rest] = target;
  for (let i = 0; i + target.length <= words.length; i++) {
    if (!sameName(words[i]!, first!)) continue;
    if (rest.every((w, j) => words[i + 1 + j] === w)) return true;
  }
  return false;
}

/**
 * The spelling a reader would type for a mention, for names recall: harakat, tatweel,
 * quotation marks and a leading clitic or «ال» do not make another spelling (they are folded
 * away in the key), but hamza seats and letters do («اردوغان» and «أردوغان» are two spellings).
 */
export function spellingKey(mention: string): string {
  const light = typedForm(mention);
  return light.startsWith('ال') && light.length - 2 >= MIN_CORE ? light.slice(2) : light;
}

/** A mention as a reader types it in a search box: no harakat, tatweel or quotation marks. */
export function typedForm(mention: string): string {
  return mention
    .normalize('NFKC')
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(QUOTES, '')
    .replace(/\s+/g, ' ')
    .trim();
}
