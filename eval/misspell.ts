/**
 * One typing slip in one word, by rule, for the partial-matches evaluation (partial-matches.ts):
 * a letter dropped, two neighbouring letters swapped, or a letter replaced by a key beside it on
 * the Arabic keyboard. The first letter is always kept: a reader who mistypes the first letter of
 * a word usually sees it. Unlike perturb.ts (spellings readers agree on: hamza, ة/ه, ى/ي), these
 * are mistakes that no normalization undoes.
 */
import type { Prng } from './prng.ts';

export const MISSPELLING_RULES = ['drop', 'swap', 'replace'] as const;
export type MisspellingRule = (typeof MISSPELLING_RULES)[number];

/** The letter rows of the Arabic PC keyboard (Windows "Arabic (101)"), right to left as on the keys. */
const KEYBOARD_ROWS = ['ضصثقفغعهخحجد', 'شسيبلاتنمكط', 'ئءؤرىةوزظ'];

/** The keys on either side of each letter, in its row. */
const NEIGHBOURS: ReadonlyMap<string, string[]> = new Map(
  KEYBOARD_ROWS.flatMap((row) =>
    [...row].map((letter, i) => [letter, [row[i - 1], row[i + 1]].filter((n): n is string => n !== undefined)]),
  ),
);

/** `word` with one slip by `rule`; null when the rule cannot change it (too short, same letters). */
export function misspell(word: string, rule: MisspellingRule, random: Prng): string | null {
  const letters = [...word];
  if (letters.length < 3) return null;
  if (rule === 'drop') {
    const at = random.int(1, letters.length - 1);
    return [...letters.slice(0, at), ...letters.slice(at + 1)].join('');
  }
  if (rule === 'swap') {
    const places = letters.flatMap((letter, i) =>
      i >= 1 && i + 1 < letters.length && letter !== letters[i + 1] ? [i] : [],
    );
    if (places.length === 0) return null;
    const at = random.pick(places);
    const swapped = [...letters];
    [swapped[at], swapped[at + 1]] = [letters[at + 1]!, letters[at]!];
    return swapped.join('');
  }
  const places = letters.flatMap((letter, i) => (i >= 1 && NEIGHBOURS.has(letter) ? [i] : []));
  if (places.length === 0) return null;
  const at = random.pick(places);
  const replaced = [...letters];
  replaced[at] = random.pick(NEIGHBOURS.get(letters[at]!)!);
  return replaced.join('');
}
