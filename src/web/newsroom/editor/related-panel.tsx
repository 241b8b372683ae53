import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { EditorApi } from './editor-api.ts';
import type { EditorRelated, EditorRelatedEntry } from './editor-model.ts';
import { PanelNotices } from './panel-notices.tsx';

type Change =
  | { action: 'pin'; relatedId: number }
  | { action: 'unpin' | 'remove' | 'restore'; relatedId: number }
  | { action: 'move'; relatedId: number; to: number };

/**
 * «اقرأ أيضا» as readers will see it, and the editor's hand in it: pin an article (found by its
 * headline, or taken from the automatic list) so that it leads the list, order the pinned ones,
 * remove one the automatic list should not hold, or bring it back. Each click is one change
 * (POST /newsroom/articles/:id/related), answered with the list as it now stands, so that two
 * editors at work on one list lose neither's change. The reader page follows at once (its
 * cached copy is purged).
 */
export function RelatedPanel({
  api,
  articleId,
  published,
  revision,
}: {
  api: EditorApi;
  articleId: number;
  published: boolean;
  /** Read again after each save: the automatic list follows the text's names. */
  revision: number;
}) {
  const [related, setRelated] = useState<EditorRelated | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<EditorRelatedEntry[] | null>(null);
  const base = `/newsroom/articles/${articleId}/related`;

  useEffect(() => {
    let current = true;
    api
      .get<{ related: EditorRelated }>(base)
      .then((answer) => current && setRelated(answer.related))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : 'تعذر تحميل «اقرأ أيضا».'));
    return () => {
      current = false;
    };
  }, [base, revision]);

  async function change(next: Change, done: string): Promise<void> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const answer = await api.post<{ related: EditorRelated }>(base, next);
      setRelated(answer.related);
      setNotice(done);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'تعذر تنفيذ التغيير.');
    } finally {
      setBusy(false);
    }
  }

  async function search(event: Event): Promise<void> {
    event.preventDefault();
    if (query.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.get<{ candidates: EditorRelatedEntry[] }>(
        `${base}/candidates?q=${encodeURIComponent(query.trim())}`,
      );
      setFound(answer.candidates);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'تعذر البحث.');
    } finally {
      setBusy(false);
    }
  }

  if (!related) {
    return (
      <section class="side-panel related-panel" aria-labelledby="related-panel-title" data-related-panel>
        <h2 id="related-panel-title">اقرأ أيضا</h2>
        {error ? (
          <p class="notice notice--error" role="alert">
            {error}
          </p>
        ) : (
          <p class="muted">جارٍ التحميل…</p>
        )}
      </section>
    );
  }

  const { pinned, automatic, removed, shown, pinnedAtMost, canChange } = related;
  const room = Math.max(0, shown - pinned.filter((p) => p.url !== null).length);
  const full = pinned.length >= pinnedAtMost;
  const pinnedIds = new Set(pinned.map((p) => p.id));
  const disabled = busy || !canChange;

  return (
    <section class="side-panel related-panel" aria-labelledby="related-panel-title" data-related-panel>
      <h2 id="related-panel-title">اقرأ أيضا</h2>
      <PanelNotices error={error} notice={notice} />
      <p class="muted related-panel__hint">
        {published
          ? `يرى القراء ${shown} مقالات تحت المقال: المثبّتة أولا بترتيبها، ثم المقترحة تلقائيا.`
          : `تظهر هذه القائمة تحت المقال بعد نشره: ${shown} مقالات، المثبّتة أولا.`}
      </p>

      {pinned.length > 0 && (
        <>
          <h3>مثبّتة</h3>
          <ol class="entity-list related-panel__list" data-related-pinned>
            {pinned.map((entry, index) => (
              <Row
                key={entry.id}
                entry={entry}
                note={entry.url === null ? 'غير منشور الآن: لا يظهر للقراء' : undefined}
              >
                {canChange && (
                  <>
                    <Action
                      label={`تقديم «${entry.headline}»`}
                      title="تقديم"
                      disabled={disabled || index === 0}
                      onClick={() => change({ action: 'move', relatedId: entry.id, to: index - 1 }, 'تغيّر الترتيب.')}
                    >
                      ↑
                    </Action>
                    <Action
                      label={`تأخير «${entry.headline}»`}
                      title="تأخير"
                      disabled={disabled || index === pinned.length - 1}
                      onClick={() => change({ action: 'move', relatedId: entry.id, to: index + 1 }, 'تغيّر الترتيب.')}
                    >
                      ↓
                    </Action>
                    <Action
                      label={`إلغاء تثبيت «${entry.headline}»`}
                      disabled={disabled}
                      onClick={() =>
                        change({ action: 'unpin', relatedId: entry.id }, `أُلغي تثبيت «${entry.headline}».`)
                      }
                    >
                      إلغاء التثبيت
                    </Action>
                  </>
                )}
              </Row>
            ))}
          </ol>
        </>
      )}

      <h3>مقترحة تلقائيا</h3>
      {automatic.length === 0 ? (
        <p class="muted">لا مقترحات بعد: تأتي من الأسماء التي يشترك فيها المقال مع مقالات منشورة، وتُحدَّث بعد كل حفظ.</p>
      ) : (
        <ol class="entity-list related-panel__list" data-related-automatic>
          {automatic.map((entry, index) => (
            <Row
              key={entry.id}
              entry={entry}
              spare={index >= room}
              note={index >= room ? 'احتياط: لا يظهر الآن' : undefined}
            >
              {canChange && (
                <>
                  <Action
                    label={`تثبيت «${entry.headline}»`}
                    disabled={disabled || full}
                    onClick={() => change({ action: 'pin', relatedId: entry.id }, `ثُبّت «${entry.headline}».`)}
                  >
                    تثبيت
                  </Action>
                  <Action
                    label={`إزالة «${entry.headline}»`}
                    disabled={disabled}
                    onClick={() =>
                      change(
                        { action: 'remove', relatedId: entry.id },
                        `أُزيل «${entry.headline}»: لن يُقترح تحت هذا المقال.`,
                      )
                    }
                  >
                    إزالة
                  </Action>
                </>
              )}
            </Row>
          ))}
        </ol>
      )}

      {removed.length > 0 && (
        <>
          <h3>أُزيلت</h3>
          <ul class="entity-list related-panel__list" data-related-removed>
            {removed.map((entry) => (
              <Row key={entry.id} entry={entry}>
                {canChange && (
                  <Action
                    label={`إعادة «${entry.headline}»`}
                    disabled={disabled}
                    onClick={() => change({ action: 'restore', relatedId: entry.id }, `أُعيد «${entry.headline}».`)}
                  >
                    إعادة
                  </Action>
                )}
              </Row>
            ))}
          </ul>
        </>
      )}

      {canChange && (
        <form class="related-panel__search" onSubmit={(event) => void search(event)}>
          <label for="related-search">تثبيت مقال آخر: ابحث عنه بكلمات من عنوانه</label>
          <span class="related-panel__search-row">
            <input
              id="related-search"
              type="search"
              value={query}
              maxLength={120}
              onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
            />
            <button type="submit" class="secondary" disabled={busy}>
              بحث
            </button>
          </span>
          {found !== null &&
            (found.length === 0 ? (
              <p class="muted">لا مقال منشور بعنوان فيه هذه الكلمات.</p>
            ) : (
              <ul class="entity-list related-panel__list" data-related-found>
                {found.map((entry) => (
                  <Row key={entry.id} entry={entry}>
                    <Action
                      label={`تثبيت «${entry.headline}»`}
                      disabled={disabled || full || pinnedIds.has(entry.id)}
                      onClick={() => change({ action: 'pin', relatedId: entry.id }, `ثُبّت «${entry.headline}».`)}
                    >
                      {pinnedIds.has(entry.id) ? 'مثبّت' : 'تثبيت'}
                    </Action>
                  </Row>
                ))}
              </ul>
            ))}
          {full && <p class="muted">ثُبّتت {pinnedAtMost} مقالات، وهي كل ما يعرضه «اقرأ أيضا».</p>}
        </form>
      )}
    </section>
  );
}

/** One article of the panel's lists: its headline (linked when published), why, and its buttons. */
function Row({
  entry,
  note,
  spare = false,
  children,
}: {
  entry: EditorRelatedEntry;
  note?: string | undefined;
  /** Past what readers see. */
  spare?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <li class={`entity-list__item${spare ? ' related-panel__spare' : ''}`} data-related={String(entry.id)}>
      <span class="entity-list__name">
        {entry.url ? (
          <a href={entry.url} target="_blank" rel="noopener">
            <bdi>{entry.headline}</bdi>
          </a>
        ) : (
          <bdi>{entry.headline}</bdi>
        )}
        {note && <span class="muted"> ({note})</span>}
      </span>
      {entry.reason && <span class="entity-list__forms muted">{entry.reason}</span>}
      {children && <span class="entity-list__actions">{children}</span>}
    </li>
  );
}

/** A button of a row: its label names the article, for screen readers. */
function Action({
  label,
  title,
  disabled,
  onClick,
  children,
}: {
  label: string;
  title?: string;
  disabled: boolean;
  onClick: () => Promise<void>;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class="secondary"
      aria-label={label}
      title={title}
      disabled={disabled}
      onClick={() => void onClick()}
    >
      {children}
    </button>
  );
}
