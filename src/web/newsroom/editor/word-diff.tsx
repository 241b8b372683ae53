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
 * marked, the rest as it was. One paragraph per paragraph of the text, each in the article's
 * direction (never the direction of its first letter).
 */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = wordChanges(before, after);
  if (parts.every((p) => !p.added && !p.removed)) return <p class="diff diff--same">لا فرق.</p>;
  const paragraphs: preact.ComponentChild[][] = [[]];
  parts.forEach((part, i) => {
    // Removed words and the words that replace them are separate words on screen: a space
    // between them («<del>المتضررة</del> <ins>بإقليم</ins>»), never «المتضررةبإقليم».
    const before = parts[i - 1];
    const replacing = before && (before.added || before.removed) && (part.added || part.removed);
    if (replacing && !/\s$/.test(before.value) && !/^\s/.test(part.value)) paragraphs[paragraphs.length - 1]!.push(' ');
    part.value.split(/\n+/).forEach((piece, j) => {
      if (j > 0) paragraphs.push([]);
      if (piece === '') return;
      const key = `${i}.${j}`;
      paragraphs[paragraphs.length - 1]!.push(
        part.added ? (
          <ins key={key}>{piece}</ins>
        ) : part.removed ? (
          <del key={key}>{piece}</del>
        ) : (
          <span key={key}>{piece}</span>
        ),
      );
    });
  });
  return (
    <div class="diff">
      {paragraphs
        .filter((nodes) => nodes.length > 0)
        .map((nodes, i) => (
          <p key={i}>{nodes}</p>
        ))}
    </div>
  );
}
