/**
 * How readers actually type a headline they remember: each perturbation takes the words of a
 * headline window and returns them changed, or null when it does not apply (nothing to change).
 */
import type { Prng } from './prng.ts';

export const PERTURBATION_KINDS = [
  'exact',
  'hamza',
  'ta-marbuta',
  'ya',
  'harakat',
  'clitic',
  'digits',
  'mixed',
] as const;
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number];
/** The kinds that change text (all but exact and mixed, which combines them). */
export type SimplePerturbation = Exclude<PerturbationKind, 'exact' | 'mixed'>;
export const SIMPLE_PERTURBATIONS: SimplePerturbation[] = ['hamza', 'ta-marbuta', 'ya', 'harakat', 'clitic', 'digits'];

type Perturb = (words: string[], random: Prng) => string[] | null;

const ARABIC_WORD = /^[\u0621-\u064A]+$/;

/** Hamza dropped: أ إ آ typed as a bare ا. */
const hamza: Perturb = (words) =>
  changed(
    words,
    words.map((w) => w.replace(/[أإآ]/g, 'ا')),
  );

/** ة typed as ه. */
const taMarbuta: Perturb = (words) =>
  changed(
    words,
    words.map((w) => w.replace(/ة/g, 'ه')),
  );

/** Final ى and ي swapped (علي ↔ على, في ↔ فى). */
const ya: Perturb = (words) =>
  changed(
    words,
    words.map((w) => (w.length < 2 ? w : w.replace(/[ىي]$/, (ch) => (ch === 'ى' ? 'ي' : 'ى')))),
  );

const VOWELS = ['\u064E', '\u064F', '\u0650', '\u0652']; // fatha, damma, kasra, sukun
const TANWEEN = ['\u064B', '\u064C', '\u064D']; // fathatan, dammatan, kasratan
const SHADDA = '\u0651';
const TATWEEL = '\u0640';
/** Letters that do not join the next one: no tatweel after them. */
const NON_JOINING = new Set([...'اأإآدذرزوؤءةى']);
/** Words that vowelled text writes with a superscript (dagger) alef. */
const DAGGER_ALEF: Record<string, string> = { هذا: 'هٰذا', هذه: 'هٰذه', ذلك: 'ذٰلك', لكن: 'لٰكن', هؤلاء: 'هٰؤلاء' };

/** Harakat and tatweel pasted in, as a vowelled or decorated headline copied from elsewhere. */
const harakat: Perturb = (words, random) => {
  if (!words.some((w) => /[\u0621-\u064A]/.test(w))) return null;
  const tatweelWord = random.int(0, words.length - 1);
  const out = words.map((word, index) => {
    if (DAGGER_ALEF[word]) return DAGGER_ALEF[word];
    const letters = [...word];
    let result = '';
    letters.forEach((ch, i) => {
      result += ch;
      if (!/[\u0628-\u064A]/.test(ch) || ch === 'ا' || ch === 'ى') return;
      const longVowel = ch === 'و' || ch === 'ي';
      const last = i === letters.length - 1;
      if (last && random.chance(0.3)) result += random.pick(TANWEEN);
      else if (random.chance(0.15)) result += SHADDA + random.pick(VOWELS.slice(0, 3));
      else if (!longVowel && random.chance(0.6)) result += random.pick(VOWELS);
      if (index === tatweelWord && !last && i >= 1 && !NON_JOINING.has(ch) && random.chance(0.5)) result += TATWEEL;
    });
    return result;
  });
  return changed(words, out);
};

/** Proclitics added or removed: الانتخابات / انتخابات / والانتخابات / للانتخابات / بالانتخابات. */
const clitic: Perturb = (words, random) => {
  // Not a word that starts with a lone و/ف: واحتجاجات → ووا… is no reader's typing, and وزير has no clitic.
  const candidates = words
    .map((w, i) => (ARABIC_WORD.test(w) && w.length >= 4 && !/^[وف](?!ال)/.test(w) ? i : -1))
    .filter((i) => i >= 0);
  if (candidates.length === 0) return null;
  const chosen = new Set(random.shuffle(candidates).slice(0, random.int(1, Math.min(2, candidates.length))));
  return changed(
    words,
    words.map((w, i) => (chosen.has(i) ? changeClitic(w, random) : w)),
  );
};

function changeClitic(word: string, random: Prng): string {
  if (/^[وفبك]ال/.test(word) && word.length >= 6) return random.chance(0.5) ? word.slice(1) : word.slice(3);
  if (word.startsWith('لل') && word.length >= 5) return random.chance(0.5) ? `ال${word.slice(2)}` : word.slice(2);
  if (word.startsWith('ال') && word.length >= 5) {
    return random.pick([word.slice(2), `و${word}`, `لل${word.slice(2)}`, `ب${word}`]);
  }
  // A word that may already carry a lone clitic (لإنقاذ) or be a verb (يستورد, تستورد): only و.
  if (/^[بلكيتنأ]/.test(word)) return `و${word}`;
  return random.pick([`ال${word}`, `و${word}`, `ل${word}`, `ب${word}`]);
}

const EASTERN_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Western digits typed as Eastern Arabic ones (2017 → ٢٠١٧), or the other way round. */
const digits: Perturb = (words) =>
  changed(
    words,
    words.map((w) =>
      w
        .replace(/[0-9]/g, (d) => EASTERN_DIGITS[Number(d)]!)
        .replace(/[٠-٩]/g, (d) => (/[0-9]/.test(w) ? d : String(EASTERN_DIGITS.indexOf(d)))),
    ),
  );

export const PERTURBATIONS: Record<SimplePerturbation, Perturb> = {
  hamza,
  'ta-marbuta': taMarbuta,
  ya,
  harakat,
  clitic,
  digits,
};

/** Which simple perturbations change these words. */
export function applicablePerturbations(words: string[], random: Prng): SimplePerturbation[] {
  return SIMPLE_PERTURBATIONS.filter((kind) => PERTURBATIONS[kind](words, random) !== null);
}

function changed(before: string[], after: string[]): string[] | null {
  return after.every((w, i) => w === before[i]) ? null : after;
}
