import { analyze } from '../arabic/analyzer.ts';
import { type SearchToken, searchToken } from './search-document.ts';

/**
 * "Did you mean": the spellings of a word that articles use, found through what they share
 * with it, the stem (الانتخابات, للانتخابات) or the name key (فيسبوك, فايسبوك). Each backend
 * fetches a sample of the articles that hold the word's stem or name key; the spellings are
 * read from their text here, so the index needs no word list and only offers spellings that
 * published articles still use.
 */

/** Articles read per request: the newest that hold the stem or name key. */
export const VARIANT_SAMPLE = 30;

/** The word's forms, from the first word of what was typed; undefined when there is none. */
export function variantWord(typed: string): SearchToken | undefined {
  for (const token of analyze(typed.slice(0, 200))) {
    const word = searchToken(token);
    if (word) return word;
  }
  return undefined;
}

/**
 * The other spellings of `word` in `texts`, most widespread first (by how many texts use
 * them), then alphabetically; each as first written.
 */
export function spellingVariants(word: SearchToken, texts: readonly string[], limit: number): string[] {
  const found = new Map<string, { spelling: string; texts: number }>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const token of analyze(text)) {
      const form = searchToken(token);
      if (!form || form.exact === word.exact || seen.has(form.exact)) continue;
      const related = form.stem === word.stem || (word.nameKey !== undefined && form.nameKey === word.nameKey);
      if (!related) continue;
      seen.add(form.exact);
      const entry = found.get(form.exact);
      if (entry) entry.texts++;
      else found.set(form.exact, { spelling: text.slice(token.start, token.end), texts: 1 });
    }
  }
  return [...found.values()]
    .sort((a, b) => b.texts - a.texts || a.spelling.localeCompare(b.spelling, 'ar'))
    .slice(0, limit)
    .map((v) => v.spelling);
}
