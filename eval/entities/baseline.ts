/**
 * The baseline beside Ghad: "the one or two words after a title word" as a person, and the
 * exact string as identity (two articles name the same person when they write the same
 * words). It is what a newsroom gets from a regular expression in an afternoon; Ghad's
 * extraction has to be clearly better than this on every figure to be worth its rules.
 *
 * A title word is one of TITLES, alone or with a leading و/ف/ب/ل/ك. Up to two adjectives
 * right after it are skipped («الرئيس التركي رجب…»: words of the shape ال…ي / ال…ية); the name
 * is the next word, and the one after it too unless that is a function word, an adjective, another
 * title or behind punctuation. Nothing else: no lexicon, no places, no organisations.
 */
import type { PredictedEntity } from './score.ts';

export const TITLES = [
  'السيد',
  'السيدة',
  'الرئيس',
  'الرئيسة',
  'الوزير',
  'الوزيرة',
  'وزير',
  'وزيرة',
  'الملك',
  'الأمير',
  'الأميرة',
  'اللاعب',
  'اللاعبة',
  'المدرب',
  'الدكتور',
  'الدكتورة',
  'الشيخ',
  'الجنرال',
  'النائب',
  'الفنان',
  'الفنانة',
  'المغني',
  'المغنية',
  'الرابور',
  'الأستاذ',
  'المحامي',
];

const FUNCTION_WORDS = new Set([
  'في',
  'من',
  'على',
  'إلى',
  'الى',
  'عن',
  'مع',
  'أن',
  'ان',
  'إن',
  'الذي',
  'التي',
  'هو',
  'هي',
  'قد',
  'لا',
  'ما',
  'كان',
  'كانت',
  'بعد',
  'قبل',
  'عند',
  'خلال',
  'حول',
  'ديال',
  'اللي',
  'لي',
]);

const TITLE_SET = new Set(TITLES);
const CLITIC = /^[وفبلك]/;

function isTitle(word: string): boolean {
  return TITLE_SET.has(word) || (CLITIC.test(word) && TITLE_SET.has(word.slice(1)));
}

/** Tokens with the punctuation that ends a name run marked as a break (null). */
function tokens(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw === '') continue;
    const leadingBreak = /^[«"“([]/.test(raw);
    const word = raw.replace(/^[«"“([]+/, '').replace(/[»"”)\].,،:؛;!?؟…]+$/, '');
    const trailingBreak = word !== raw.replace(/^[«"“([]+/, '');
    if (leadingBreak) out.push(null);
    if (word !== '') out.push(word);
    if (trailingBreak) out.push(null);
  }
  return out;
}

const looksLikeAdjective = (word: string) => /^ال.+(ي|ية)$/.test(word);

export function baselineExtract(text: string): PredictedEntity[] {
  const found = new Map<string, PredictedEntity>();
  for (const line of text.split('\n')) {
    const ts = tokens(line);
    for (let i = 0; i < ts.length; i++) {
      const word = ts[i];
      if (!word || !isTitle(word)) continue;
      let at = i + 1;
      while (at < i + 3 && ts[at] && looksLikeAdjective(ts[at]!)) at++;
      const first = ts[at];
      if (!first || FUNCTION_WORDS.has(first) || isTitle(first) || looksLikeAdjective(first)) continue;
      const words = [first];
      const second = ts[at + 1];
      if (second && !FUNCTION_WORDS.has(second) && !isTitle(second) && !looksLikeAdjective(second)) words.push(second);
      const name = words.join(' ');
      if (!found.has(name)) found.set(name, { id: name, type: 'PER', names: [name] });
    }
  }
  return [...found.values()];
}
