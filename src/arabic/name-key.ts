/**
 * A phonetic skeleton for names written in Arabic letters from another language, so that
 * the spellings of one name meet: گانتز، جانتس، غانتس → GNS; فيسبوك، فايسبوك → FSBUK;
 * غوغل، جوجل، قوقل → GUGL; نتنياهو، نتانياهو → NTNHU. Letters that transliterators use for
 * one sound fall into one class, ا and ي go (except as the first letter), and clitics in
 * front go (لگانتز = گانتز). Search uses the key as a separate, lower-weighted match.
 *
 * The guard: most Arabic words share a skeleton with other Arabic words of the same or a
 * similar root (حسب and حزب, تحذير and تحضير), so a word that shows Arabic morphology gets
 * no key. On the Jawhara corpus (80,420 distinct words), skeletons alone put 43,542 words
 * under 5,493 keys that join different stems; with the guard, 2,176 words under 697 keys,
 * mostly one root's forms (عنصر/عناصر) or one name's spellings, and every name above meets.
 */

import { isName, withoutEndings, withoutProclitics } from './stem.ts';

/** Each consonant's class. Upper-case Latin letters, so a key never equals a normalized word. */
const CONSONANT_CLASSES: Readonly<Record<string, string>> = {
  // /g/: گ (Morocco; ڭ and كَ are folded into it), ج (Egypt), غ (the Levant, Tunisia), ق (the
  // Gulf, Maghreb), and ك, which Moroccan writers without a گ key use (كوكل، كونكو، انستكرام).
  // ك is /k/ too (كندا، فيسبوك), but a name never differs from another by /k/ against /g/ alone
  // often enough to cost precision: on the evaluation, folding it raised names P@10.
  گ: 'G',
  ك: 'G',
  ج: 'G',
  غ: 'G',
  ق: 'G',
  // /s/ and /z/; the final cluster تس / تز is one sound too (Gantz)
  ز: 'S',
  س: 'S',
  ص: 'S',
  // /v/ is written ڤ or ف, /p/ پ or ب (a first ب is kept before a long vowel, بوليس = پوليس,
  // and in words the stemmer knows keep it; elsewhere it is read as the preposition)
  ف: 'F',
  ڤ: 'F',
  ب: 'B',
  پ: 'B',
  // emphatic and plain pairs
  ت: 'T',
  ط: 'T',
  د: 'D',
  ض: 'D',
  ذ: 'D',
  ظ: 'D',
  // letters of their own. ح stays apart from ه: foreign h is written ه, and محمد is not مهمد.
  ه: 'H',
  ح: 'Ħ',
  خ: 'X',
  ش: 'C',
  چ: 'C',
  ث: 'Θ',
  ر: 'R',
  ل: 'L',
  م: 'M',
  ن: 'N',
  ع: 'E',
};

/**
 * و is a vowel too, but transliterations keep it far more often than ا and ي: it stays where
 * it tells names apart and goes where writers hesitate. Kept in the first syllable (the first
 * و, after at most one consonant: بوتين = بوتن, not بتن; ميونيخ; اوروبا = اوربا) and in the
 * last (the last letter or the one before it: نتنياهو، فيسبوك، ماكرون; محمود is not محمد);
 * dropped inside the word, where كولومبيا / كولمبيا and سامسونغ / سامسونج hesitate.
 */
const WAW = 'و';
const WAW_SYMBOL = 'U';
const FIRST_SYLLABLE_WAW = /^[اي]?[^اويى]?[اي]?و/;
function keepsWaw(letters: string, at: number): boolean {
  return at >= letters.length - 2 || (FIRST_SYLLABLE_WAW.test(letters) && letters.indexOf(WAW) === at);
}

/** Written for one sound at the end of a name: گانتز = جانتس. */
const FINAL_CLUSTERS: Readonly<Record<string, string>> = { تس: 'S', تز: 'S' };

/** Dropped, except as the first letter: ا and ي come and go in transliterations, ء and ئ too. */
const VOWELS: Readonly<Record<string, string>> = { ا: 'A', ي: 'Y', ى: 'Y', ء: '', ئ: '' };

/**
 * The shortest key. Three symbols is a triliteral Arabic root, where nearly every skeleton is
 * taken by several words, so three are allowed only with a sign of a foreign word: a letter
 * Arabic does not have, or the final تس / تز. (Allowing them for the stemmer's known names
 * merged أريانة with إيران and بشير with بشار.)
 */
const MIN_KEY_LENGTH = 4;
const MIN_KEY_LENGTH_FOREIGN = 3;

/**
 * Signs of a foreign word, each a phenomenon rather than a list of names:
 * - a letter Arabic does not have (گ ڤ پ چ) or the final cluster تس / تز (Gantz);
 * - two different labials side by side inside the word (مب، بم، مف، فم، بف، فب): Arabic roots
 *   never join them, while transliterations do (ترمب، كولومبيا، امبراطور); not at the start,
 *   where م is the participle's prefix (مبادرة، مبني);
 * - the endings يو and يا of Latin and Greek names (فيديو، راديو، نيجيريا، كولومبيا); يا only
 *   after four letters or more, as Arabic adverbs end in يا too (جنسيا، رسميا، فعليا: with a
 *   three-symbol key جنسيا met گانتز).
 * Such a word needs only three symbols, and the Arabic templates do not refuse it its key.
 */
const LABIALS = /.(?:م[بف]|ب[مف]|ف[مب])/;
const FOREIGN_SIGN = new RegExp(`[گڤپچ]|ت[سز]$|${LABIALS.source}|يو$|^.{4,}يا$`);

/**
 * Arabic puts an alef before a foreign word that begins with s and a consonant (إسبانيا،
 * إسكتلندا، إستونيا), and Moroccan writing often leaves it out (سبانيا): it is not keyed.
 * Arabic words of that shape are form X (استقبال), which the templates refuse anyway.
 */
const PROSTHETIC_ALEF = /^ا(?=س[^اويس])/;

/**
 * ات after four consonants with none of the letters Arabic derives nouns with in front
 * (م ت ا ي ن، مفاوضات، تصريحات، انتخابات): Arabic plurals of four-consonant nouns are broken
 * (عناصر، فنادق), so such a word is a foreign name or noun (كركرات).
 */
const FOREIGN_PLURAL = /^[^امتين][^اوي][اوي]?[^اوي][اوي]?[^اوي]ات$/;

/** Final vowels of foreign names, dropped from the key anyway: not Arabic morphology. */
const FOREIGN_FINAL_VOWEL = /ا$/;

/** Frequent words that survive the rules below and would only add noise. */
const COMMON_WORDS = new Set([
  'هناك',
  'هنالك',
  'كذلك',
  'لذلك',
  'هكذا',
  'بينما',
  'عندما',
  'حينما',
  'كلما',
  'مازال',
  'مازالت',
  'لايزال',
  'لازال',
  'انهم',
  'منهم',
  'عنهم',
  'معهم',
  'لهم',
  'انها',
  'انهما',
  'نحن',
  'انتم',
  'هؤلاء',
  'اولئك',
  'لكنهم',
  'حوالي',
  'خلال',
  'ضمن',
  'نحو',
  'اكثر',
  'اقل',
  'كثيرا',
  'جميع',
  'بعض',
  'مختلف',
]);

/**
 * The article and the prepositions: الفاكسان and فاكسان, والكونغو and كونغو get one key, the
 * key of the word without them, when that word passes the guard below on its own and, after
 * the article, is long enough to be no triliteral noun (السجون، الشباب، المغرب): a loanword
 * keeps its vowels (الفيروس، السنغال، الفيديو), Arabic nouns of four letters mostly do not.
 */
const ARTICLE = /^[وف]?(?:ال|بال|كال|لل)/;
const MIN_LETTERS_AFTER_ARTICLE = 5;

/**
 * A lone ب ف ل in front of the long vowels و and ي belongs to the word: بوتن، بوجبا، فيديو،
 * فيروس (the stemmer, which needs word lists for this, reads them as ب + وتن, ف + يديو); so
 * does ف before ا (فايروس، فاكسان), where the conjunction is rare in front of a name, unlike
 * ب and ل before ا (بأمريكا، لإنستغرام). The cost is the rarer preposition before و or ي
 * (بيوتيوب), which exact and stem matching still find. ك is a /k/ far more often than a
 * preposition in front of a name (كركرات، كولومبيا، كونغو).
 */
const LETTER_BEFORE_LONG_VOWEL = /^(?:[بفلك][وي]|ف[ا])/;
const KAF = 'ك';

/** Arabic derivational templates: the letters of such a word are not a transliterator's choice. */
const ARABIC_TEMPLATES = [
  /^[امينت]ست/, // form X: استقبال، مستوى، يستهدف، تستعد
  /^[تي]ت/, // forms V and VI: تتعلق، يتطلب، تتواصل
  /^[تي]...$/, // four letters from ت or ي: تقدم، توتر، يكون، يمكن
  /^ت..ي.$/, // تفعيل: تقديم، تحويل، تعليق
  /^م.ا..$/, // مفاعل: مواقع، مراكز، مصادر
  /^ا..ا.$/, // إفعال and أفعال: اعلان، اصدار، اسعار
  /^ا.ت.ا.$/, // افتعال: اختيار، انتظار، اجتماع
];

const ARABIC_WORD = /^[\u0621-\u064A\u067E\u0686\u06A4\u06AF]+$/;

/** The key of one normalized word, or undefined when the word is no candidate for a name. */
export function nameKey(word: string): string | undefined {
  if (!ARABIC_WORD.test(word)) return undefined;
  const bare = keyedPart(word);
  if (COMMON_WORDS.has(bare) || (!isName(bare) && looksArabic(bare))) return undefined;
  if (ARTICLE.test(word) && !isName(bare) && bare.length < MIN_LETTERS_AFTER_ARTICLE) return undefined;
  const key = skeleton(bare.replace(/ه$/, '').replace(PROSTHETIC_ALEF, ''));
  return key.length >= (FOREIGN_SIGN.test(bare) ? MIN_KEY_LENGTH_FOREIGN : MIN_KEY_LENGTH) ? key : undefined;
}

/** The word without its proclitics, except a letter that belongs to it (see above). */
function keyedPart(word: string): string {
  if (isName(word)) return word;
  const withoutConjunction = word.startsWith(WAW) && word.length > 3 ? word.slice(1) : word;
  for (const start of [word, withoutConjunction]) {
    if (isName(start)) return start;
    if (!ARTICLE.test(start) && (LETTER_BEFORE_LONG_VOWEL.test(start) || start.startsWith(KAF))) return start;
  }
  return withoutProclitics(word);
}

function looksArabic(bare: string): boolean {
  if (LABIALS.test(bare)) return false;
  const ended = withoutEndings(bare);
  const arabicEnding =
    ended !== bare && !(FOREIGN_SIGN.test(bare) || FOREIGN_FINAL_VOWEL.test(bare) || FOREIGN_PLURAL.test(bare));
  return arabicEnding || ARABIC_TEMPLATES.some((template) => template.test(bare));
}

function skeleton(letters: string): string {
  let key = '';
  let previous = '';
  for (let at = 0; at < letters.length; at++) {
    const cluster = at === letters.length - 2 ? FINAL_CLUSTERS[letters.slice(at)] : undefined;
    const letter = letters[at]!;
    let symbol: string;
    if (cluster !== undefined) {
      symbol = cluster;
      at++;
    } else if (letter === WAW) {
      symbol = keepsWaw(letters, at) ? WAW_SYMBOL : '';
    } else if (letter in VOWELS) {
      symbol = at === 0 ? VOWELS[letter]! : '';
    } else {
      symbol = CONSONANT_CLASSES[letter] ?? '';
    }
    // A doubled letter counts once; غوغل keeps both G, with a vowel between them.
    if (symbol !== previous) key += symbol;
    previous = symbol;
  }
  return key;
}
