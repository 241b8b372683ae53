import { type ChangeObject, diffWords } from 'diff';

// Arabic words are split by the browser's word segmenter: the diff library's own rules know
// only Latin letters, and would compare Arabic letter by letter.
let segmenter: Intl.Segmenter | undefined;

/** The changes between two texts, word by word. */
export function wordChanges(before: string, after: string): ChangeObject<string>[] {
  segmenter ??= new Intl.Segmenter('ar', { granularity: 'word' });
  return diffWords(before, after, { intlSegmenter: segmenter });
}

/**
 * What changed between two texts, word by word: removed words struck through, added words
 * marked, the rest as it was. Each paragraph keeps its own direction.
 */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = wordChanges(before, after);
  if (parts.every((p) => !p.added && !p.removed)) return <p class="diff diff--same">لا فرق.</p>;
  return (
    <p class="diff" dir="auto">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>{part.value}</ins>
        ) : part.removed ? (
          <del key={i}>{part.value}</del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}
