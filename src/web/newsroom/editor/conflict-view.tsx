import { useState } from 'preact/hooks';
import { COMPARED_FIELDS, fieldText, sameField } from './draft-text.ts';
import type { EditorDraft } from './editor-model.ts';
import { WordDiff } from './word-diff.tsx';

export interface Conflict {
  message: string;
  currentRevision: number;
  keptAsRevision: number | null;
  /** The version someone else saved. */
  current: EditorDraft;
  /** The revision both started from, when known. */
  base: EditorDraft | null;
}

/**
 * Someone saved the article after this editor opened it: both versions side by side, field
 * by field where they differ, the other version's words marked against this one. The editor
 * picks one side per field (a field only one side changed starts on that side); "save the
 * merge" saves the result from the other's revision.
 * This editor's text is already kept as a revision on the server and in this browser, and the
 * editor stays open meanwhile: `mine` is the text as it is now, typing included.
 */
export function ConflictView({
  conflict,
  mine,
  onMerge,
}: {
  conflict: Conflict;
  mine: EditorDraft;
  onMerge: (merged: EditorDraft) => void;
}) {
  const differing = COMPARED_FIELDS.filter(([field]) => !sameField(conflict.current, mine, field));
  const [chosen, setChoice] = useState<Record<string, 'mine' | 'theirs'>>({});
  // A field this editor did not touch takes the other's version; one this editor changed keeps its own.
  const choice = Object.fromEntries(
    differing.map(([field]) => [
      field,
      chosen[field] ?? (conflict.base && sameField(conflict.base, mine, field) ? 'theirs' : 'mine'),
    ]),
  );
  const merged = (): EditorDraft => {
    const result = { ...mine } as Record<string, unknown>;
    for (const [field] of differing) {
      if (choice[field] === 'theirs') result[field] = conflict.current[field];
    }
    return result as unknown as EditorDraft;
  };
  return (
    <section class="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">تعارض: عدّل شخص آخر هذا المقال</h2>
      <p role="alert">{conflict.message}</p>
      <p class="muted">
        لم يضع شيء: نصك محفوظ
        {conflict.keptAsRevision !== null ? ` في النسخة ${conflict.keptAsRevision} على الخادم` : ''} وفي هذا المتصفح.
        اختر لكل حقل مختلف النسخة التي تبقى، ثم احفظ الدمج.
      </p>
      {differing.length === 0 && <p>النسختان متطابقتان: احفظ لتأكيد ذلك.</p>}
      <div class="conflict__fields">
        {differing.map(([field, label]) => (
          <fieldset key={field} class="conflict__field">
            <legend>{label}</legend>
            <div class="conflict__sides">
              <label class={choice[field] === 'theirs' ? 'side side--chosen' : 'side'}>
                <span class="side__title">
                  <input
                    type="radio"
                    name={`merge-${field}`}
                    checked={choice[field] === 'theirs'}
                    onChange={() => setChoice({ ...chosen, [field]: 'theirs' })}
                  />{' '}
                  النسخة المحفوظة (رقم {conflict.currentRevision})
                </span>
                <p class="side__text" dir="auto">
                  {fieldText(conflict.current, field) || '—'}
                </p>
              </label>
              <label class={choice[field] !== 'theirs' ? 'side side--chosen' : 'side'}>
                <span class="side__title">
                  <input
                    type="radio"
                    name={`merge-${field}`}
                    checked={choice[field] !== 'theirs'}
                    onChange={() => setChoice({ ...chosen, [field]: 'mine' })}
                  />{' '}
                  نسختك
                </span>
                <WordDiff before={fieldText(conflict.current, field)} after={fieldText(mine, field)} />
              </label>
            </div>
          </fieldset>
        ))}
      </div>
      <button type="button" class="primary" onClick={() => onMerge(merged())}>
        حفظ الدمج
      </button>
    </section>
  );
}
