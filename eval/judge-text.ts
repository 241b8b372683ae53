/**
 * The evaluation's own text normalisation, used only to JUDGE relevance (which headline a
 * query window came from, which articles mention a name). It is deliberately simple and
 * independent of Ghad's analyzer (src/arabic/), so that the judgement is not circular: it
 * folds only what every reader agrees is the same letter, and does no stemming.
 */

const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

const LETTER_FOLDS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ة: 'ه',
  ک: 'ك',
};

/** NFKC, lowercase, harakat/Quranic marks/tatweel removed, alef forms, ى, ة and Persian ی ک folded. */
export function judgeNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(MARKS, '')
    .replace(/[أإآٱىیةک]/g, (ch) => LETTER_FOLDS[ch] ?? ch);
}

/** Words of a judged text: runs of letters and digits (after judgeNormalize). */
export function judgeWords(text: string): string[] {
  return judgeNormalize(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * The proclitics a name can carry in running text: optional و/ف, then optional ب/ل/ك, then
 * optional ال; or لل. `فايسبوك` matches `فايسبوك`, `الفايسبوك`, `بالفايسبوك`, `ففايسبوك`, `للفايسبوك`.
 */
const PROCLITICS = /^(?:لل|(?:[وف])?(?:[بلك])?(?:ال)?)/;

/** Whether a judged word is `spelling` (judged) with proclitics only. */
export function wordIsSpelling(word: string, spelling: string): boolean {
  if (!word.endsWith(spelling)) return false;
  const prefix = word.slice(0, word.length - spelling.length);
  if (prefix === '') return true;
  const match = PROCLITICS.exec(prefix);
  return match !== null && match[0] === prefix;
}
