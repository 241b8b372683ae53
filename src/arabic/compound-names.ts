/**
 * Names written as two words by some writers and as one by others: فيس بوك / فيسبوك،
 * بن قردان / بنقردان، عبد الله / عبدالله، نور الدين / نورالدين. `joinCompoundNames()` finds,
 * in a run of normalized words, the pairs (or triples) that are one name and gives their
 * one-word form, so that both spellings can meet (the analyzer indexes it beside the words).
 *
 * Where the facts come from: bigram counts over the shared corpus (12,000 articles, Goud.ma
 * and Jawhara FM), after normalize(), with و ب ل ف ال in front of the first word included;
 * "apart / joined" below:
 * - brands and platforms: فيس بوك 13 / فيسبوك 230, فايس بوك 6 / فايسبوك 249, واتس اب 2 /
 *   واتساب 53, سناب شات 6 / سنابشات 1, اي فون 3 / ايفون 59, كوكا كولا 8 / كوكاكولا 10,
 *   تي في 12 / تيفي 16 (شوف تيفي), باي بال 12 / بايبال 2; تيك توك 1 / تيكتوك 0 (see below);
 *   يو تيوب, انستا غرام, ماك دونالدز, نت فليكس, مايكرو سوفت: 0 apart in the corpus, listed
 *   as the spellings other papers use;
 * - places: بوركينا فاسو 21 / 8, بيونغ يانغ 15 / 6, أبو ظبي 7 / 14, الدار البيضاء 71 /
 *   الدارالبيضاء 7, هونغ كونغ, كوالا لمبور, نيو دلهي, بور سعيد;
 * - the particles of Maghrebi names, as rules rather than lists: بن + name (بن قردان 372 / 87,
 *   بن عروس 120 / 13, بن صالح 74 / 18, بن عيسى 11 / 9, بن مسيك 11 / 4; ببن قردان 82 / 21),
 *   أبو + name (أبو ظبي 7 / 14, أبو بكر 25 / 2, أبو تريكة 7 / 3), بو + name (بو تفليقة 1 /
 *   29); عبد + a divine name (عبد الله 97 / 30, عبد العزيز 74 / 19, عبد الرحمن 14 / 6, عبد
 *   الناصر 9 / 3); نور الدين 131 / 18, فخر الدين 28 / 7, عز الدين 24 / 7 and the other
 *   compounds of الدين; نصر الله 30 / 8.
 *
 * تيك توك: always two words in news (1 apart, 0 joined in the corpus), but one name. It gets
 * the joined form تيكتوك like the others, so that a search for either finds it; the name as
 * printed stays تيك توك (organisation-cues.ts).
 *
 * ابن is NOT joined: it is the noun "son" far more often than a particle (ابن الرئيس), and
 * news writes ابن كيران apart; بن in front of a word with the article is not joined either
 * (بن الشيخ: such names are never written as one word).
 */

import { isFunctionWord } from './function-words.ts';
import { normalize } from './normalize.ts';
import { ABD_COMPOUNDS, DIN_COMPOUNDS, isGivenName } from './person-cues.ts';

/** Spaced spellings (as written) → the one-word form (as written). */
const SPACED_NAMES: readonly (readonly [string, string])[] = [
  ['فيس بوك', 'فيسبوك'],
  ['فايس بوك', 'فايسبوك'],
  ['واتس اب', 'واتساب'],
  ['واتس آب', 'واتساب'],
  ['وتس اب', 'واتساب'],
  ['يو تيوب', 'يوتيوب'],
  ['يو توب', 'يوتوب'],
  ['انستا غرام', 'انستغرام'],
  ['انستا گرام', 'انستگرام'],
  ['إنستا غرام', 'إنستغرام'],
  ['سناب شات', 'سنابشات'],
  ['تيك توك', 'تيكتوك'],
  ['نت فليكس', 'نتفليكس'],
  ['لينكد إن', 'لينكدإن'],
  ['مايكرو سوفت', 'مايكروسوفت'],
  ['ماك دونالدز', 'ماكدونالدز'],
  ['ماك دونالد', 'ماكدونالد'],
  ['كوكا كولا', 'كوكاكولا'],
  ['بيبسي كولا', 'بيبسيكولا'],
  ['فولكس فاغن', 'فولكسفاغن'],
  ['بلاي ستيشن', 'بلايستيشن'],
  ['آي فون', 'آيفون'],
  ['اي فون', 'آيفون'],
  ['آي باد', 'آيباد'],
  ['باي بال', 'بايبال'],
  ['تي في', 'تيفي'],
  ['بوركينا فاسو', 'بوركينافاسو'],
  ['بيونغ يانغ', 'بيونغيانغ'],
  ['هونغ كونغ', 'هونغكونغ'],
  ['كوالا لمبور', 'كوالالمبور'],
  ['نيو دلهي', 'نيودلهي'],
  ['بور سعيد', 'بورسعيد'],
  ['الدار البيضاء', 'الدارالبيضاء'],
  ['نصر الله', 'نصرالله'],
];

const DIN = 'الدين';

/** Particles that are written joined to the name after them (بنقردان، أبوظبي، بوتفليقة). */
const JOINING_PARTICLES = ['بن', 'أبو', 'بو'];

/**
 * Letters that may stand in front of the first word and stay in front of the joined form
 * (والفايس بوك → والفايسبوك، ببن قردان → ببنقردان). For بن only و and ب: لبن is "milk".
 */
const PROCLITICS = ['', 'و', 'ف', 'ب', 'ل', 'ال', 'وال', 'فال', 'بال', 'لل', 'ولل', 'وب', 'ول', 'فب', 'فل'];
const PARTICLE_PROCLITICS = ['', 'و', 'ب'];
const NAME_PROCLITICS = ['', 'و', 'ف', 'ب', 'ل'];

/** One name found over several words. */
export interface CompoundName {
  /** Index of its first word. */
  start: number;
  /** Index after its last word. */
  end: number;
  /** The one-word form, normalized, with the first word's proclitics in front (الفيسبوك). */
  joined: string;
  /** Which rule found it: the table of spaced names, or a particle's or a compound's rule. */
  rule: 'spaced' | 'particle' | 'abd' | 'din';
}

const SPACED: ReadonlyMap<string, readonly { rest: readonly string[]; joined: string }[]> = (() => {
  const byFirst = new Map<string, { rest: readonly string[]; joined: string }[]>();
  for (const [spaced, joined] of SPACED_NAMES) {
    const [first, ...rest] = normalize(spaced).split(' ') as [string, ...string[]];
    const list = byFirst.get(first) ?? [];
    list.push({ rest, joined: normalize(joined) });
    byFirst.set(first, list);
  }
  return byFirst;
})();

const ABD = normalize('عبد');
const ABD_SECOND: ReadonlySet<string> = new Set(ABD_COMPOUNDS.map(normalize));
const DIN_FIRST_SET: ReadonlySet<string> = new Set(DIN_COMPOUNDS.map(normalize));
const PARTICLES: ReadonlySet<string> = new Set(JOINING_PARTICLES.map(normalize));
const ARABIC_LETTERS = /^[\u0621-\u064A\u067E\u0686\u06A4\u06AF]{2,}$/u;
const ARTICLE = 'ال';

/**
 * `joined` with the proclitics that stand in front of `base` in `word` (from `allowed`), or
 * undefined when `word` is not `base` with some of them. لل before a base with the article is
 * ل + ال with one lam merged: للدار + البيضاء → للدارالبيضاء.
 */
function withProclitics(word: string, base: string, joined: string, allowed: readonly string[]): string | undefined {
  for (const prefix of allowed) {
    if (word === prefix + base) return prefix + joined;
  }
  if (allowed.includes('لل') && base.startsWith(ARTICLE) && joined.startsWith(ARTICLE)) {
    for (const prefix of ['لل', 'ولل', 'فلل']) {
      if (word === prefix + base.slice(ARTICLE.length)) return prefix + joined.slice(ARTICLE.length);
    }
  }
  return undefined;
}

/**
 * Every word a compound can begin with (each first word with each proclitic it allows): most
 * words begin none, and one lookup says so before any rule is tried.
 */
const FIRST_WORDS: ReadonlySet<string> = (() => {
  const firsts = new Set<string>();
  const add = (bases: Iterable<string>, prefixes: readonly string[]) => {
    for (const base of bases) {
      for (const prefix of prefixes) firsts.add(prefix + base);
      if (prefixes.includes('لل') && base.startsWith(ARTICLE)) {
        for (const prefix of ['لل', 'ولل', 'فلل']) firsts.add(prefix + base.slice(ARTICLE.length));
      }
    }
  };
  add(SPACED.keys(), PROCLITICS);
  add([ABD, ...DIN_FIRST_SET], NAME_PROCLITICS);
  add(PARTICLES, PARTICLE_PROCLITICS);
  return firsts;
})();

/** The compound that begins at `start`, or undefined. */
function compoundAt(words: readonly string[], start: number): CompoundName | undefined {
  const word = words[start]!;
  const next = words[start + 1];
  if (next === undefined || !FIRST_WORDS.has(word)) return undefined;
  // the table: the first word with its proclitics, the others as they are
  for (const [first, entries] of SPACED) {
    for (const { rest, joined } of entries) {
      if (!rest.every((part, at) => words[start + 1 + at] === part)) continue;
      const written = withProclitics(word, first, joined, PROCLITICS);
      if (written !== undefined) return { start, end: start + 1 + rest.length, joined: written, rule: 'spaced' };
    }
  }
  // عبد + a divine name
  if (ABD_SECOND.has(next) && withProclitics(word, ABD, ABD, NAME_PROCLITICS) !== undefined) {
    return { start, end: start + 2, joined: word + next, rule: 'abd' };
  }
  // X + الدين
  if (next === DIN && [...DIN_FIRST_SET].some((first) => withProclitics(word, first, first, NAME_PROCLITICS))) {
    return { start, end: start + 2, joined: word + next, rule: 'din' };
  }
  // بن، أبو، بو + a name without the article (a given name may look like a function word: علي)
  const nameLike =
    ARABIC_LETTERS.test(next) && !next.startsWith(ARTICLE) && (!isFunctionWord(next) || isGivenName(next));
  if (nameLike && [...PARTICLES].some((particle) => withProclitics(word, particle, particle, PARTICLE_PROCLITICS))) {
    return { start, end: start + 2, joined: word + next, rule: 'particle' };
  }
  return undefined;
}

/**
 * The compound names in `words` (normalized, in text order), left to right, never
 * overlapping: [فيس، بوك، و، ببن، قردان] → فيسبوك over 0–2, ببنقردان over 3–5.
 */
export function joinCompoundNames(words: readonly string[]): CompoundName[] {
  const found: CompoundName[] = [];
  for (let at = 0; at < words.length - 1; at++) {
    const compound = compoundAt(words, at);
    if (compound === undefined) continue;
    found.push(compound);
    at = compound.end - 1;
  }
  return found;
}
