/**
 * Latin-script Darija («العربيزي»): Moroccans write Arabic words in Latin letters, with digits
 * for the letters Latin lacks — «7mar» حمار, «3afak» عافاك, «9a7ba» قحبة, «khanzir» خنزير.
 * Both scripts are brought to one consonant skeleton so that a word list written in Arabic
 * letters also finds its Latin spellings: long vowels (ا و ي and Latin a e i o u y) drop out,
 * since «7mar», «7emar» and «hmar» all write حمار; letters a Latin writer cannot tell apart
 * share a class (ح/ه «7»/«h», ق/ك «9»/«q»/«k», س/ص, ت/ط, د/ض, ز/ذ/ظ). Pure; the output is for
 * comparing words, never for display.
 */

/** Arabic letters → skeleton class. Letters not listed (ا و ي ى ء ة and the hamza seats) carry no consonant here. */
const ARABIC_CLASSES: Readonly<Record<string, string>> = {
  ب: 'b',
  ت: 't',
  ط: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  ه: 'h',
  خ: 'x',
  د: 'd',
  ض: 'd',
  ذ: 'z',
  ز: 'z',
  ظ: 'z',
  ر: 'r',
  س: 's',
  ص: 's',
  ش: 'c',
  ع: '3',
  غ: 'g',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  گ: 'g',
  ل: 'l',
  م: 'm',
  ن: 'n',
  // A word-final ه is teh marbuta once normalized (قحبة → قحبه): «9a7ba» writes it as a vowel.
};

/** Latin pairs read first: «ch»/«sh» ش, «kh» خ, «gh» غ, «ou» و (a vowel here). */
const LATIN_DIGRAPHS: Readonly<Record<string, string>> = { ch: 'c', sh: 'c', kh: 'x', gh: 'g', ou: '' };

/**
 * Latin letters and digits → skeleton class: 3 ع, 7 ح, 9 ق, 5 خ, 8 غ, 6 ط, 2 ء (no consonant).
 * «c» alone stays its own class, so that the French «club» is not «klb» (كلب).
 */
const LATIN_CLASSES: Readonly<Record<string, string>> = {
  b: 'b',
  p: 'b',
  t: 't',
  '6': 't',
  j: 'j',
  h: 'h',
  '7': 'h',
  x: 'x',
  '5': 'x',
  d: 'd',
  z: 'z',
  r: 'r',
  s: 's',
  '3': '3',
  g: 'g',
  '8': 'g',
  f: 'f',
  v: 'f',
  k: 'k',
  q: 'k',
  '9': 'k',
  l: 'l',
  m: 'm',
  n: 'n',
  c: 'c',
  '2': '',
  a: '',
  e: '',
  i: '',
  o: '',
  u: '',
  y: '',
  w: '',
};

/** A word written in Latin letters with at least one letter: what `latinSkeleton` reads. */
export const ARABIZI_WORD = /^[a-z0-9]*[a-z][a-z0-9]*$|^[a-z]*[235679][a-z0-9]*$/;

/** The consonant skeleton of a normalized Arabic word: «حمار» → «hmr», «قحبه» → «khb». */
export function arabicSkeleton(word: string): string {
  const letters = [...word];
  let out = '';
  letters.forEach((letter, i) => {
    // A final ه after a consonant is the feminine ending (كلبه، قحبه), not a consonant.
    if (letter === 'ه' && i === letters.length - 1 && i > 1) return;
    out += ARABIC_CLASSES[letter] ?? '';
  });
  return collapseRuns(out);
}

/** The consonant skeleton of a Latin-script Darija word: «7mar» → «hmr», «9a7ba» → «khb». */
export function latinSkeleton(word: string): string {
  const lower = word.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const pair = LATIN_DIGRAPHS[lower.slice(i, i + 2)];
    if (pair !== undefined) {
      out += pair;
      i++;
      continue;
    }
    out += LATIN_CLASSES[lower[i] as string] ?? '';
  }
  return collapseRuns(out);
}

/** «7maaaar» and «hmmar» are «hmr»: a repeated class counts once. */
function collapseRuns(skeleton: string): string {
  return skeleton.replace(/(.)\1+/g, '$1');
}
