/**
 * Direction inside Arabic text. A block takes the article's direction, never its first strong
 * letter (dir="auto" lays «Emmanuel Macron كان قد زار المغرب.» out left to right, the full stop
 * at the wrong end); what is isolated instead is each run of left-to-right script inside it —
 * a French name, an English brand, Tifinagh — so the run keeps its own order and its
 * neighbours (digits, dashes, the full stop) keep theirs.
 */

/** Letters of scripts written left to right that Moroccan and Tunisian news quotes. */
const LTR_LETTER = '[\\p{Script=Latin}\\p{Script=Tifinagh}\\p{Script=Greek}\\p{Script=Cyrillic}]';

/**
 * A left-to-right run: from a letter of such a script to the last such letter or digit before
 * Arabic script, taking along what sits between them in a name or a phrase (spaces, digits,
 * marks, apostrophes, hyphens, dots, slashes, @ and &): «CC BY 4.0», «iPhone 15». Punctuation
 * at its ends stays outside, with the sentence.
 */
const INSIDE = `${LTR_LETTER.slice(1, -1)}\\p{M}\\p{N}\\s'’.\\-/@&_:`;
const LTR_RUN = new RegExp(`${LTR_LETTER}(?:[${INSIDE}]*[${LTR_LETTER.slice(1, -1)}\\p{N}]\\p{M}*)?`, 'gu');

export interface DirectionRun {
  text: string;
  /** True for a left-to-right run to isolate (<bdi dir="ltr">). */
  ltr: boolean;
}

/** The text cut into right-to-left stretches and the left-to-right runs between them. */
export function directionRuns(text: string): DirectionRun[] {
  const runs: DirectionRun[] = [];
  let at = 0;
  for (const match of text.matchAll(LTR_RUN)) {
    const start = match.index;
    if (start > at) runs.push({ text: text.slice(at, start), ltr: false });
    runs.push({ text: match[0], ltr: true });
    at = start + match[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), ltr: false });
  return runs;
}
