import { useEffect, useState } from 'preact/hooks';
import { COMPARED_FIELDS, fieldText, sameField } from './draft-text.ts';
import { type EditorApi, EditorRequestError } from './editor-api.ts';
import type { EditorArticle, EditorDraft, RevisionListEntry, RevisionText } from './editor-model.ts';
import { newsroomTime } from './newsroom-clock.ts';
import { WordDiff } from './word-diff.tsx';

const KINDS: Record<string, string> = {
  saved: 'حفظ',
  conflict: 'نص متعارض محفوظ',
  restored: 'استرجاع',
};

/**
 * The article's revisions, newest first, with who saved each and when; any one compared
 * word by word with the text in the editor, and restored as the newest revision.
 */
export function RevisionsPanel({
  api,
  article,
  draft,
  timeZone,
  onRestore,
}: {
  api: EditorApi;
  article: EditorArticle;
  draft: EditorDraft;
  timeZone: string;
  onRestore: (revision: number) => Promise<void>;
}) {
  const [revisions, setRevisions] = useState<RevisionListEntry[] | null>(null);
  const [shown, setShown] = useState<RevisionText | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api
      .get<{ revisions: RevisionListEntry[] }>(`/newsroom/articles/${article.id}/revisions`)
      .then((answer) => setRevisions(answer.revisions))
      .catch((e: unknown) => setError(e instanceof EditorRequestError ? e.message : 'تعذر تحميل النسخ.'));
  }, [article.id, article.revision]);

  const show = async (revision: number) => {
    try {
      const answer = await api.get<{ revision: RevisionText }>(
        `/newsroom/articles/${article.id}/revisions/${revision}`,
      );
      setShown(answer.revision);
    } catch (e) {
      setError(e instanceof EditorRequestError ? e.message : 'تعذر تحميل النسخة.');
    }
  };

  return (
    <section class="side-panel revisions" aria-labelledby="revisions-title">
      <h2 id="revisions-title">النسخ السابقة</h2>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      {revisions === null ? (
        <p class="muted">جارٍ التحميل…</p>
      ) : (
        <ol class="revision-list">
          {revisions.map((r) => (
            <li key={r.revision} class={r.revision === article.revision ? 'revision revision--current' : 'revision'}>
              <span class="revision__number">النسخة {r.revision}</span>
              <span class="revision__meta">
                {r.userName ?? (r.kind.startsWith('import') ? 'استيراد' : 'النظام')} ·{' '}
                {newsroomTime(r.createdAt, timeZone)} · {KINDS[r.kind] ?? 'استيراد'}
                {r.revision === article.revision && ' · الحالية'}
              </span>
              <span class="revision__actions">
                <button type="button" class="link-button" onClick={() => show(r.revision)}>
                  قارن
                </button>
                {article.canEdit && r.revision !== article.revision && (
                  <button type="button" class="link-button" onClick={() => onRestore(r.revision)}>
                    استرجع
                  </button>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
      {shown && (
        <div class="revision-diff" aria-live="polite">
          <h3>
            الفرق بين النسخة {shown.revision} والنص الحالي
            <button type="button" class="link-button" onClick={() => setShown(null)}>
              إغلاق
            </button>
          </h3>
          <p class="muted">المحذوف مشطوب، والمضاف منذ تلك النسخة مظلل.</p>
          {COMPARED_FIELDS.filter(([field]) => !sameField(shown.draft, draft, field)).map(([field, label]) => (
            <div key={field} class="revision-diff__field">
              <h4>{label}</h4>
              <WordDiff before={fieldText(shown.draft, field)} after={fieldText(draft, field)} />
            </div>
          ))}
          {COMPARED_FIELDS.every(([field]) => sameField(shown.draft, draft, field)) && <p>لا فرق بين النسختين.</p>}
        </div>
      )}
    </section>
  );
}
