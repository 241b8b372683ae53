import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatClockTime, formatNewsroomTime } from '../../../arabic/dates.ts';
import { type Block, blocksToText } from '../../../content/blocks.ts';
import { HeadFields, MetaFields } from './article-fields.tsx';
import { BodyEditor } from './body-editor.tsx';
import { type Conflict, ConflictView } from './conflict-view.tsx';
import { EditorRequestError, editorApi } from './editor-api.ts';
import type { EditorAction, EditorArticle, EditorBoot, EditorDraft, RevisionText } from './editor-model.ts';
import { EntitiesPanel } from './entities-panel.tsx';
import { forgetLocalCopy, type LocalCopy, readLocalCopy, writeLocalCopy } from './local-copy.ts';
import { NearCopiesPanel } from './near-copies-panel.tsx';
import { RelatedPanel } from './related-panel.tsx';
import { RevisionDiff, RevisionsPanel } from './revisions-panel.tsx';
import { WorkflowPanel } from './workflow-panel.tsx';

/** How long after the last change the editor saves. */
export const AUTOSAVE_MS = 2500;

/** `new`: a new article nothing was written in yet, so nothing to save (and nothing saved). */
type SaveState = 'new' | 'saved' | 'saving' | 'unsaved';

const SAVE_LABELS: Record<SaveState, string> = {
  new: 'مسودة جديدة',
  saved: 'محفوظ',
  saving: 'جارٍ الحفظ',
  unsaved: 'لم يُحفظ',
};

/**
 * What the save state says. A published article's edits are kept in this browser, not saved
 * until «تحديث المقال المنشور»: they are edits readers do not have yet, not a failed save.
 */
export function saveLabel(state: SaveState, live: boolean): string {
  if (live && state === 'unsaved') return 'تعديلات لم تُنشر بعد';
  if (live && state === 'saving') return 'جارٍ النشر';
  return SAVE_LABELS[state];
}

/**
 * The article editor. Every change is kept in this browser at once and saved to the server a
 * moment later, from the revision the editor holds; a stale save opens the merge view instead
 * of overwriting anyone. A published article is saved only when the editor says so (its
 * readers would otherwise see every keystroke).
 */
export function EditorApp({ boot }: { boot: EditorBoot }) {
  const api = useMemo(() => editorApi(boot.csrfToken), []);
  const [article, setArticleState] = useState<EditorArticle | null>(boot.article);
  const [draft, setDraftState] = useState<EditorDraft>(boot.article?.draft ?? boot.blank);
  const [bodyVersion, setBodyVersion] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>(boot.article ? 'saved' : 'new');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflictState] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const [compared, setCompared] = useState<RevisionText | null>(null);
  /** The revision whose «استرجع» waits for its confirmation. */
  const [restoreAsked, setRestoreAsked] = useState<number | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  /** The field a refused save named (DraftError.field), marked until a save goes through. */
  const [invalidField, setInvalidField] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const [offer, setOffer] = useState<LocalCopy | null>(() => {
    const local = readLocalCopy(boot.article?.id ?? null);
    const server = boot.article?.draft ?? boot.blank;
    return local && JSON.stringify(local.draft) !== JSON.stringify(server) ? local : null;
  });

  const articleRef = useRef(article);
  const draftRef = useRef(draft);
  const conflictRef = useRef(conflict);
  const baseRevision = useRef<number | null>(boot.article?.revision ?? null);
  const edits = useRef(0);
  const savedEdits = useRef(0);
  const saving = useRef(false);
  /** The edit a save was refused at (4xx): autosave waits for the next change instead of repeating it. */
  const refusedAt = useRef(-1);
  const localTimer = useRef<ReturnType<typeof setTimeout>>();

  const setArticle = (next: EditorArticle | null) => {
    articleRef.current = next;
    setArticleState(next);
  };
  const setConflict = (next: Conflict | null) => {
    conflictRef.current = next;
    setConflictState(next);
  };
  const replaceDraft = (next: EditorDraft) => {
    draftRef.current = next;
    setDraftState(next);
    setBodyVersion((v) => v + 1);
  };
  /** Writes the text to this browser now (every save starts with it, so no request can lose it). */
  const flushLocally = () => {
    clearTimeout(localTimer.current);
    writeLocalCopy({
      articleId: articleRef.current?.id ?? null,
      baseRevision: baseRevision.current,
      draft: draftRef.current,
    });
  };
  const keepLocally = () => {
    clearTimeout(localTimer.current);
    localTimer.current = setTimeout(flushLocally, 300);
  };
  const update = (patch: Partial<EditorDraft>) => {
    const next = { ...draftRef.current, ...patch };
    draftRef.current = next;
    setDraftState(next);
    edits.current++;
    setSaveState('unsaved');
    keepLocally();
  };

  const canEdit = article ? article.canEdit : true;

  async function saveNow(): Promise<boolean> {
    if (saving.current || conflictRef.current) return false;
    const current = articleRef.current;
    const sent = draftRef.current;
    const at = edits.current;
    if (!current && sent.headline.trim() === '') {
      setError('اكتب عنوانا للمقال ليُحفظ.');
      return false;
    }
    saving.current = true;
    setSaveState('saving');
    flushLocally();
    try {
      const answer = current
        ? await api.put<{ article: EditorArticle }>(`/newsroom/articles/${current.id}`, {
            baseRevision: baseRevision.current,
            draft: payload(sent),
          })
        : await api.post<{ article: EditorArticle }>('/newsroom/articles', payload(sent));
      const saved = answer.article;
      if (!current) {
        forgetLocalCopy(null);
        history.replaceState(null, '', `/newsroom/articles/${saved.id}`);
      }
      baseRevision.current = saved.revision;
      setArticle(saved);
      savedEdits.current = at;
      if (draftRef.current.slug === '' && saved.draft.slug) {
        draftRef.current = { ...draftRef.current, slug: saved.draft.slug };
        setDraftState(draftRef.current);
      }
      setSavedAt(new Date().toISOString());
      if (edits.current === at) {
        clearTimeout(localTimer.current);
        forgetLocalCopy(saved.id);
        setSaveState('saved');
      } else {
        setSaveState('unsaved');
        keepLocally();
      }
      setError(null);
      setInvalidField(null);
      return true;
    } catch (e) {
      setSaveState('unsaved');
      setInvalidField(e instanceof EditorRequestError ? (e.body.error.field ?? null) : null);
      if (e instanceof EditorRequestError && e.status >= 400 && e.status < 500) refusedAt.current = at;
      if (e instanceof EditorRequestError && e.status === 409 && e.body.conflict) {
        const c = e.body.conflict;
        setArticle(c.article);
        setConflict({
          message: e.message,
          currentRevision: c.currentRevision,
          keptAsRevision: c.keptAsRevision,
          current: c.current,
          base: c.base,
        });
      } else {
        setError(e instanceof Error ? e.message : 'تعذر الحفظ.');
      }
      return false;
    } finally {
      saving.current = false;
    }
  }

  // Autosave: a moment after the last change, unless the article is live or in conflict.
  useEffect(() => {
    const timer = setInterval(() => {
      const current = articleRef.current;
      if (edits.current === savedEdits.current || saving.current || conflictRef.current) return;
      if (edits.current === refusedAt.current) return;
      if (current && (!current.canEdit || current.status === 'published')) return;
      if (!current && draftRef.current.headline.trim() === '') return;
      void saveNow();
    }, AUTOSAVE_MS);
    const warn = (event: BeforeUnloadEvent) => {
      if (edits.current !== savedEdits.current) event.preventDefault();
    };
    // Ctrl+S / ⌘S saves now (a published article too), instead of the browser's "save page".
    const saveKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (edits.current !== savedEdits.current && (articleRef.current?.canEdit ?? true)) void saveNow();
      }
    };
    addEventListener('beforeunload', warn);
    addEventListener('keydown', saveKey);
    return () => {
      clearInterval(timer);
      removeEventListener('beforeunload', warn);
      removeEventListener('keydown', saveKey);
    };
  }, []);

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    for (const marked of Array.from(el.querySelectorAll('[aria-invalid="true"]'))) {
      marked.removeAttribute('aria-invalid');
    }
    if (!invalidField) return;
    const target =
      invalidField === 'body'
        ? el.querySelector('.body-editor__text')
        : el.querySelector(`[name="${CSS.escape(invalidField)}"]`);
    target?.setAttribute('aria-invalid', 'true');
  }, [invalidField]);

  async function act(action: EditorAction, input: { note?: string; scheduledAt?: string }): Promise<boolean> {
    const current = articleRef.current;
    if (!current) return false;
    if (edits.current !== savedEdits.current && current.canEdit && !(await saveNow())) return false;
    setBusy(true);
    try {
      const answer = await api.post<{ article: EditorArticle }>(`/newsroom/articles/${current.id}/transitions`, {
        action: action.action,
        ...input,
      });
      setArticle(answer.article);
      setError(null);
      setNotice(`تم: ${action.name}. الحالة الآن «${answer.article.statusName}».`);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : 'تعذر تنفيذ الإجراء.');
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** «استرجع» asks first (restoreAsked), above the editor; the answer runs restore(). */
  function askRestore(revision: number): void {
    setRestoreAsked(revision);
    scrollTo({ top: 0, behavior: 'smooth' });
  }

  /**
   * Restores a revision. A published article's text reaches readers only through «تحديث المقال
   * المنشور»: the revision is loaded into the editor as a change like any other (the server
   * refuses a direct restore of a published article). Any other article saves it as its newest revision.
   */
  async function restore(revision: number): Promise<void> {
    setRestoreAsked(null);
    const current = articleRef.current;
    if (!current) return;
    if (current.status === 'published') {
      try {
        const answer = await api.get<{ revision: RevisionText }>(
          `/newsroom/articles/${current.id}/revisions/${revision}`,
        );
        replaceDraft(answer.revision.draft);
        edits.current++;
        setSaveState('unsaved');
        keepLocally();
        setCompared(null);
        setError(null);
        setNotice(`حُمّل نص النسخة ${revision} في المحرر ولم يصل إلى القراء بعد: راجعه ثم اضغط «تحديث المقال المنشور».`);
      } catch (e) {
        setError(e instanceof Error ? e.message : 'تعذر تحميل النسخة.');
      }
      return;
    }
    if (edits.current !== savedEdits.current && !(await saveNow())) return;
    try {
      const answer = await api.post<{ article: EditorArticle }>(
        `/newsroom/articles/${current.id}/revisions/${revision}/restore`,
        { baseRevision: baseRevision.current },
      );
      baseRevision.current = answer.article.revision;
      setArticle(answer.article);
      replaceDraft(answer.article.draft);
      savedEdits.current = edits.current;
      setSaveState('saved');
      setCompared(null);
      setNotice(`استُرجعت النسخة ${revision}: صارت النسخة ${answer.article.revision}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'تعذر الاسترجاع.');
    }
  }

  /** Opens the preview (in a new tab, opened at the click so that no popup blocker stops it) once the text is saved. */
  async function preview(id: number) {
    const tab = open('about:blank', '_blank');
    if (edits.current !== savedEdits.current && articleRef.current?.canEdit && !live) await saveNow();
    const url = `/newsroom/articles/${id}/preview`;
    if (tab) tab.location.href = url;
    else location.href = url;
  }

  function merge(merged: EditorDraft) {
    const c = conflictRef.current;
    if (!c) return;
    baseRevision.current = c.currentRevision;
    setConflict(null);
    replaceDraft(merged);
    edits.current++;
    keepLocally();
    void saveNow();
  }

  function takeLocalCopy(copy: LocalCopy) {
    setOffer(null);
    // Saved from the revision it was written on: if someone saved since, the merge view opens.
    if (copy.baseRevision !== null) baseRevision.current = copy.baseRevision;
    replaceDraft(copy.draft);
    edits.current++;
    setSaveState('unsaved');
  }

  // The editor stays open during a conflict: typing goes on, and the merge takes it along.
  const editable = canEdit;
  const live = article?.status === 'published';
  return (
    <div class="editor" ref={root}>
      <div class="editor__bar">
        <span class={`save-state save-state--${saveState}`} role="status" aria-live="polite" data-state={saveState}>
          {saveLabel(saveState, live)}
        </span>
        {savedAt && <span class="muted">آخر حفظ {formatClockTime(new Date(savedAt), boot.zone.name)}</span>}
        {article && <span class="muted">النسخة {article.revision}</span>}
        <span class="muted word-count">{wordCount(draft)} كلمة</span>
        {live && canEdit && (
          <button type="button" class="primary" disabled={saveState !== 'unsaved'} onClick={() => void saveNow()}>
            تحديث المقال المنشور
          </button>
        )}
        {!article && (
          <button type="button" class="secondary" onClick={() => void saveNow()}>
            حفظ المسودة
          </button>
        )}
        {article && (
          <button type="button" class="secondary" onClick={() => void preview(article.id)}>
            معاينة
          </button>
        )}
        {article && (
          <a class="button secondary" href={`/newsroom/articles/${article.id}/live`}>
            التغطية المباشرة
          </a>
        )}
      </div>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {notice && !error && <p class="notice notice--ok">{notice}</p>}
      {offer && (
        <div class="notice notice--info" role="alert">
          <p>
            في هذا المتصفح نص لهذا المقال لم يصل إلى الخادم (آخر تعديل{' '}
            {formatNewsroomTime(new Date(offer.savedAt), boot.zone.name)}).
          </p>
          <button type="button" class="primary" onClick={() => takeLocalCopy(offer)}>
            استرجاع النص غير المحفوظ
          </button>{' '}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              forgetLocalCopy(boot.article?.id ?? null);
              setOffer(null);
            }}
          >
            تجاهله
          </button>
        </div>
      )}
      {article && !article.canEdit && (
        <p class="notice notice--info">لا يمكنك تعديل نص هذا المقال في حالته الحالية («{article.statusName}»).</p>
      )}
      {live && canEdit && (
        <p class="notice notice--info">
          المقال منشور: تعديلاتك تُحفظ في هذا المتصفح ولا تصل إلى القراء إلا بزر «تحديث المقال المنشور».
        </p>
      )}
      {conflict && <ConflictView conflict={conflict} mine={draft} onMerge={merge} />}
      {restoreAsked !== null && article && (
        <RestoreConfirm
          revision={restoreAsked}
          live={live}
          unsaved={saveState !== 'saved' && saveState !== 'new'}
          onConfirm={() => void restore(restoreAsked)}
          onCancel={() => setRestoreAsked(null)}
        />
      )}
      {compared && article && (
        <RevisionDiff
          shown={compared}
          draft={draft}
          canRestore={article.canEdit && compared.revision !== article.revision}
          onRestore={async (revision) => askRestore(revision)}
          onClose={() => setCompared(null)}
        />
      )}
      <div class="editor__columns">
        <div class="editor__main">
          <HeadFields draft={draft} update={update} boot={boot} disabled={!editable} />
          <BodyEditor
            blocks={draft.body}
            version={bodyVersion}
            editable={editable}
            onChange={(body: Block[]) => update({ body })}
            api={api}
            csrfToken={boot.csrfToken}
          />
        </div>
        <aside class="editor__side">
          {article ? (
            <WorkflowPanel
              article={article}
              userId={boot.user.id}
              timeZone={boot.zone.name}
              busy={busy}
              onAction={act}
            />
          ) : (
            <section class="side-panel">
              <h2>سير العمل</h2>
              <p class="muted">يُحفظ المقال مسودة بمجرد كتابة عنوانه، ثم تظهر هنا أزرار إرساله للمراجعة ونشره.</p>
            </section>
          )}
          {article ? <NearCopiesPanel copies={article.nearCopies} /> : null}
          {article ? (
            <EntitiesPanel
              api={api}
              articleId={article.id}
              entities={article.entities}
              canDecide={boot.canDecideEntities}
            />
          ) : null}
          {article ? (
            <RelatedPanel
              api={api}
              articleId={article.id}
              published={article.status === 'published'}
              revision={article.revision}
            />
          ) : null}
          <section class="side-panel">
            <h2>بيانات المقال</h2>
            <MetaFields draft={draft} update={update} boot={boot} disabled={!editable} api={api} />
          </section>
          {article && (
            <RevisionsPanel
              api={api}
              article={article}
              timeZone={boot.zone.name}
              onRestore={async (revision) => askRestore(revision)}
              onShow={(revision) => {
                setCompared(revision);
                scrollTo({ top: 0, behavior: 'smooth' });
              }}
            />
          )}
        </aside>
      </div>
    </div>
  );
}

/** Words of the headline, dek and body, as a journalist counts them for a commissioned length. */
function wordCount(draft: EditorDraft): number {
  const text = `${draft.headline} ${draft.dek} ${blocksToText(draft.body)}`;
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** What the server's checkDraft takes: empty fields left out, unnamed byline rows dropped. */
function payload(draft: EditorDraft): Record<string, unknown> {
  return { ...draft, bylines: draft.bylines.filter((b) => b.name.trim() !== '') };
}

/**
 * The question before a restore, above the editor (the newsroom asks in the page, never with
 * the browser's own dialogs): what will happen, for a published article that readers see
 * nothing until «تحديث المقال المنشور».
 */
function RestoreConfirm({
  revision,
  live,
  unsaved,
  onConfirm,
  onCancel,
}: {
  revision: number;
  live: boolean;
  unsaved: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), [revision]);
  return (
    <section
      class="confirm-step"
      role="alertdialog"
      aria-labelledby="restore-confirm-title"
      aria-describedby="restore-confirm-text"
    >
      <h2 id="restore-confirm-title">استرجاع النسخة {revision}؟</h2>
      <p id="restore-confirm-text">
        {live
          ? `المقال منشور: يحل نص النسخة ${revision} محل النص في المحرر${unsaved ? ' (ومحل تعديلاتك التي لم تُنشر بعد)' : ''}، ولا يصل إلى القراء إلا حين تضغط «تحديث المقال المنشور».`
          : `يحل نص النسخة ${revision} محل النص الحالي ويُحفظ نسخة جديدة. يبقى النص الحالي بين النسخ السابقة.`}
      </p>
      <div class="confirm-step__actions">
        <button type="button" class="primary" ref={confirm} onClick={onConfirm}>
          نعم، استرجع النسخة {revision}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          إلغاء
        </button>
      </div>
    </section>
  );
}
