import { formatMoroccanDate } from '../../../arabic/dates.ts';
import type { CorrectionNote } from '../../../content/article.ts';
import { BidiText } from '../../bidi-text.tsx';

/** The public correction notes under an article: "تصحيح", the day it was corrected, and what was wrong. */
export function CorrectionNotes({
  corrections,
  timeZone,
}: {
  corrections: readonly CorrectionNote[];
  timeZone: string;
}) {
  if (corrections.length === 0) return null;
  return (
    <aside class="corrections" aria-label="تصحيحات">
      {corrections.map((correction) => (
        <p class="correction" key={correction.correctedAt.toISOString()}>
          <strong>تصحيح</strong>{' '}
          <time dateTime={correction.correctedAt.toISOString()}>
            ({formatMoroccanDate(correction.correctedAt, timeZone)})
          </time>
          : <BidiText text={correction.note} />
        </p>
      ))}
    </aside>
  );
}
