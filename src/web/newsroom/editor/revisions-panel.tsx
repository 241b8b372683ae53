import { useEffect, useState } from 'preact/hooks';
import { formatNewsroomTime } from '../../../arabic/dates.ts';
import { COMPARED_FIELDS, fieldText, sameField } from './draft-text.ts';
import { type EditorApi, EditorRequestError } from './editor-api.ts';
import type { EditorArticle, EditorDraft, RevisionListEntry, RevisionText } from './editor-model.ts';
import { WordDiff } from './word-diff.tsx';

const KINDS: Record<string, string> = {
  saved: 'حفظ',
  conflict: 'نص متعارض محفوظ',
  restored: 'استرجاع',
};

/**
 * The article's revisions, newest first, with who saved each and when; any one can be
 * compared with the text in the editor (RevisionDiff, shown above the editor) and restored
 * as the newest revision.
 */
export function RevisionsPanel({
  api,
  article,
  timeZone,
  onRestore,
  onShow,
}: {
  api: EditorApi;
  article: EditorArticle;
  timeZone: string;
  onRestore: (revision: number) => Promise<void>;
  onShow: (revision: RevisionText) => void;
}) {
  const [revisions, setRevisions] = useState<RevisionListEntry[] | null>(null);
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
      onShow(answer.revision);
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
                {formatNewsroomTime(new Date(r.createdAt), timeZone)} · {KINDS[r.kind] ?? 'استيراد'}
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
    </section>
  );
}

/** One revision against the text in the editor, word by word, field by field. */
export function RevisionDiff({
  shown,
  draft,
  canRestore,
  onRestore,
  onClose,
}: {
  shown: RevisionText;
  draft: EditorDraft;
  canRestore: boolean;
  onRestore: (revision: number) => Promise<void>;
  onClose: () => void;
}) {
  const differing = COMPARED_FIELDS.filter(([field]) => !sameField(shown.draft, draft, field));
  return (
    <section class="revision-diff" aria-labelledby="revision-diff-title">
      <h2 id="revision-diff-title">الفرق بين النسخة {shown.revision} والنص الحالي</h2>
      <p class="muted">المحذوف منذ تلك النسخة مشطوب، والمضاف مظلل.</p>
      {differing.length === 0 && <p>لا فرق بين النسختين.</p>}
      {differing.map(([field, label]) => (
        <div key={field} class="revision-diff__field">
          <h3>{label}</h3>
          <WordDiff before={fieldText(shown.draft, field)} after={fieldText(draft, field)} />
        </div>
      ))}
      <div class="revision-diff__actions">
        {canRestore && (
          <button type="button" class="primary" onClick={() => onRestore(shown.revision)}>
            استرجع النسخة {shown.revision}
          </button>
        )}
        <button type="button" class="secondary" onClick={onClose}>
          إغلاق
        </button>
      </div>
    </section>
  );
}
