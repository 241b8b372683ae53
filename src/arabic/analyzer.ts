/**
 * The one analysis chain that indexing and querying share: tokenize → normalize → stem and
 * name key. Both search backends receive exactly these tokens, so the analyzer, not the
 * engine, decides what matches.
 *
 * This first version only tokenizes and lowercases; normalize.ts, stem.ts and name-key.ts
 * take over the three forms.
 */

/** One word of a text, in the three forms search matches on. */
export interface AnalyzedToken {
  /** Offsets of the word in the original text (UTF-16), for highlighting snippets. */
  start: number;
  end: number;
  /** The normalized word: hamza forms, ى/ي, ة/ه, harakat, digits folded. "Exact" matches compare this. */
  exact: string;
  /** The light stem of `exact` (equal to it when nothing is stripped or the word is protected). */
  stem: string;
  /** Phonetic skeleton of a word that may be a transliterated name (گانتز = جانتس); undefined otherwise. */
  nameKey: string | undefined;
}

const segmenter = new Intl.Segmenter('ar', { granularity: 'word' });

export function analyze(text: string): AnalyzedToken[] {
  const tokens: AnalyzedToken[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    const exact = segment.segment.toLowerCase();
    tokens.push({
      start: segment.index,
      end: segment.index + segment.segment.length,
      exact,
      stem: exact,
      nameKey: undefined,
    });
  }
  return tokens;
}
