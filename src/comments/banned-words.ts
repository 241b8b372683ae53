import { ARABIZI_WORD, arabicSkeleton, latinSkeleton } from '../arabic/arabizi.ts';
import { normalize } from '../arabic/normalize.ts';

/**
 * The banned-word list, and how a comment's words are compared with it. The list is modest
 * and general on purpose: insults and slurs that a Moroccan newsroom will not publish under
 * any article, written once in Arabic letters. What readers do to slip past a plain list is
 * undone before comparing, word by word:
 *
 *   harakat and tatweel      «حِمَـــار»            normalize() (arabic/normalize.ts)
 *   stretched letters        «حماااار» «كلللب»      a letter repeated counts once
 *   proclitics               «وبحمار» «ياكلب»       و ف ب ل ك ال يا and their pairs, stripped
 *   feminine, your, my       «حمارة» «بغلك»         ة/ه ك ي ها هم كم, stripped
 *   Latin-script Darija      «7mar» «khanzir»       arabic/arabizi.ts: one consonant skeleton for both scripts
 *
 * What it cannot do: read intent. «الكلاب الضالة» in a comment on stray dogs is not held (the
 * plural is not listed), but «كلب» in «عضه كلب» is. Insults built from ordinary words («سير
 * تقرا») and sarcasm pass; the moderation queue is for those.
 */

/** Insults and slurs, as a newsroom writes them. Phrases are not needed: one word of them is enough. */
export const BANNED_WORDS: readonly string[] = [
  'حمار',
  'حمير',
  'بغل',
  'كلب',
  'خنزير',
  'حيوان',
  'قحبة',
  'عاهرة',
  'زامل',
  'مكلخ',
  'شمكار',
  'حقير',
  'حثالة',
  'زبل',
  'مسخوط',
  'خماج',
  'ينعل',
  'تفو',
];

/** Letters attached before a word: and, so, with, for, like, the, O (vocative), and their pairs. */
const PROCLITICS: readonly string[] = [
  'وبال',
  'فبال',
  'وال',
  'فال',
  'بال',
  'كال',
  'لل',
  'يا',
  'ال',
  'وب',
  'ول',
  'فب',
  'و',
  'ف',
  'ب',
  'ل',
  'ك',
];

/** Endings after a word: the feminine (normalized ة → ه), your, my, her, their. */
const ENCLITICS: readonly string[] = ['هم', 'كم', 'ها', 'ه', 'ك', 'ي'];

/** Latin-script Darija's article and conjunction before a word: «lkelb», «l7mar», «wel7mar». */
const LATIN_PROCLITICS: readonly string[] = ['wel', 'wl', 'el', 'l', 'w', 'ya'];

/** Shorter skeletons match too much of everything else in Latin script. */
const MIN_LATIN_SKELETON = 3;

/** A word: letters, marks and (for Latin-script Darija) the digits that stand for letters. */
const WORD = /[\p{L}\p{M}\d]+/gu;

export interface BannedWordMatch {
  /** The word as the comment wrote it. */
  written: string;
  /** The listed word it is. */
  listed: string;
}

/** Compares words with a list; made once per list. */
export class BannedWordList {
  private readonly arabic = new Map<string, string>();
  private readonly skeletons = new Map<string, string>();

  constructor(words: readonly string[] = BANNED_WORDS) {
    for (const word of words) {
      const form = arabicForm(word);
      this.arabic.set(form, word);
      const skeleton = arabicSkeleton(form);
      if (skeleton.length >= MIN_LATIN_SKELETON) this.skeletons.set(skeleton, word);
    }
  }

  /** The first listed word in the text, or undefined. */
  firstMatch(text: string): BannedWordMatch | undefined {
    for (const [written] of text.matchAll(WORD)) {
      const listed = this.match(written);
      if (listed) return { written, listed };
    }
    return undefined;
  }

  private match(written: string): string | undefined {
    const word = normalize(written);
    if (ARABIZI_WORD.test(word)) return this.matchLatin(word);
    const form = collapseRuns(word);
    for (const stem of withoutProclitics(form)) {
      for (const candidate of withoutEnclitics(stem)) {
        const listed = this.arabic.get(candidate);
        if (listed) return listed;
      }
    }
    return undefined;
  }

  private matchLatin(word: string): string | undefined {
    const candidates = [word, ...LATIN_PROCLITICS.filter((p) => word.startsWith(p)).map((p) => word.slice(p.length))];
    for (const candidate of candidates) {
      const skeleton = latinSkeleton(candidate);
      if (skeleton.length < MIN_LATIN_SKELETON) continue;
      const listed = this.skeletons.get(skeleton);
      if (listed) return listed;
    }
    return undefined;
  }
}

/** A listed word as comments are compared with it: normalized, a repeated letter once. */
function arabicForm(word: string): string {
  return collapseRuns(normalize(word));
}

/** «حماااار» → «حمار». (A doubled letter is rare in written Arabic: the shadda marks it.) */
function collapseRuns(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

/** The word, and the word without each proclitic it starts with (leaving at least three letters). */
function withoutProclitics(word: string): string[] {
  const forms = [word];
  for (const prefix of PROCLITICS) {
    if (word.startsWith(prefix) && [...word].length - prefix.length >= 3) forms.push(word.slice(prefix.length));
  }
  return forms;
}

function withoutEnclitics(word: string): string[] {
  const forms = [word];
  for (const suffix of ENCLITICS) {
    if (word.endsWith(suffix) && [...word].length - suffix.length >= 3) forms.push(word.slice(0, -suffix.length));
  }
  return forms;
}
