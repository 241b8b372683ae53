import { useState } from 'preact/hooks';
import { formatClockTime, formatNewsroomTime, formatUtcOffset, localDateTimeValue } from '../../../arabic/dates.ts';
import { BidiText } from '../../bidi-text.tsx';
import type { EditorAction, EditorArticle } from './editor-model.ts';

/**
 * Where the article stands and the workflow buttons this user may press in that state (the
 * server sends only those, and refuses the others anyway). An action that needs a note or a
 * time opens its field first.
 */
export function WorkflowPanel({
  article,
  userId,
  timeZone,
  busy,
  onAction,
}: {
  article: EditorArticle;
  /** The signed-in user: a returned draft says «إليك» only to its owner. */
  userId: number;
  timeZone: string;
  busy: boolean;
  onAction: (action: EditorAction, input: { note?: string; scheduledAt?: string }) => Promise<boolean>;
}) {
  const [open, setOpen] = useState<EditorAction | null>(null);
  const [note, setNote] = useState('');
  const [when, setWhen] = useState('');
  const last = article.history[article.history.length - 1];
  const returned = article.status === 'draft' && last?.action === 'return' ? last : undefined;
  return (
    <section class="side-panel workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">سير العمل</h2>
      <p class="status-line">
        الحالة: <strong class={`status status--${article.status}`}>{article.statusName}</strong>
        {article.status === 'scheduled' && article.publishedAt && (
          <span class="status-line__time">
            {' '}
            · يُنشر في{' '}
            <time dateTime={article.publishedAt} title={article.publishedAt}>
              {formatNewsroomTime(new Date(article.publishedAt), timeZone)} (
              <bdi dir="ltr">{formatUtcOffset(new Date(article.publishedAt), timeZone)}</bdi>)
            </time>
          </span>
        )}
        {article.status === 'published' && article.publishedAt && (
          <span class="status-line__time"> · نُشر في {formatNewsroomTime(new Date(article.publishedAt), timeZone)}</span>
        )}
      </p>
      {returned && (
        <div class="notice notice--error returned-note">
          <p>
            أعاده {returned.userName ?? 'المحرر'}{' '}
            {article.owner?.id === userId ? 'إليك' : `إلى ${article.owner?.name ?? 'كاتبه'}`} (
            {formatNewsroomTime(new Date(returned.createdAt), timeZone)}) مع هذه الملاحظة:
          </p>
          <p>
            <BidiText text={returned.note ?? ''} />
          </p>
        </div>
      )}
      {article.readerUrl && (
        <p>
          <a href={article.readerUrl} target="_blank" rel="noopener">
            المقال كما يراه القراء
          </a>
        </p>
      )}
      {article.actions.length === 0 && <p class="muted">لا إجراء متاحا لك على هذا المقال في حالته الحالية.</p>}
      <div class="workflow__buttons">
        {article.actions.map((action) => (
          <button
            key={action.action}
            type="button"
            class={action.action === 'publish' ? 'primary' : 'secondary'}
            data-action={action.action}
            disabled={busy}
            aria-expanded={action.needs === 'nothing' ? undefined : open?.action === action.action}
            onClick={() => {
              if (action.needs === 'nothing') {
                void onAction(action, {});
                return;
              }
              // A schedule starts from the one already set, else at the next full hour, as
              // Casablanca's clocks show it; the server turns the field's local time into the instant.
              if (action.needs === 'time' && when === '') {
                const current = article.status === 'scheduled' && article.publishedAt;
                const start = current
                  ? new Date(current)
                  : new Date(Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000);
                setWhen(localDateTimeValue(start, timeZone));
              }
              setOpen(open?.action === action.action ? null : action);
            }}
          >
            {action.name}
          </button>
        ))}
      </div>
      {open && (
        <form
          class="workflow__form"
          onSubmit={async (event) => {
            event.preventDefault();
            const done = await onAction(open, open.needs === 'note' ? { note } : { scheduledAt: when });
            if (done) {
              setOpen(null);
              setNote('');
              setWhen('');
            }
          }}
        >
          {open.needs === 'note' ? (
            <label class="field">
              <span class="field__label">
                {open.action === 'correct' ? 'نص التصحيح (يظهر للقراء تحت المقال مع تاريخه)' : 'ملاحظة للكاتب'}
              </span>
              <textarea rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
          ) : (
            <label class="field">
              <span class="field__label">موعد النشر (بتوقيت الدار البيضاء)</span>
              <input
                type="datetime-local"
                step={1}
                dir="ltr"
                value={when}
                onInput={(e) => setWhen(e.currentTarget.value)}
              />
              <span class="muted">
                الساعة الآن في الدار البيضاء: {formatClockTime(new Date(), timeZone)} (
                <bdi dir="ltr">{formatUtcOffset(new Date(), timeZone)}</bdi>)
              </span>
            </label>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {open.name}
          </button>
        </form>
      )}
      {article.history.length > 0 && (
        <details class="history">
          <summary>سجل سير العمل ({article.history.length})</summary>
          <ol>
            {article.history.map((step, i) => (
              <li key={i}>
                <strong>{step.name}</strong> · {step.userName ?? 'آليا في موعده'} ·{' '}
                <span class="muted">{formatNewsroomTime(new Date(step.createdAt), timeZone)}</span>
                {step.note && (
                  <p>
                    <BidiText text={step.note} />
                  </p>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {article.corrections.length > 0 && (
        <div class="corrections">
          <h3>التصحيحات المنشورة</h3>
          <ul>
            {article.corrections.map((c) => (
              <li key={c.createdAt}>
                <span class="muted">{formatNewsroomTime(new Date(c.createdAt), timeZone)}:</span>{' '}
                <BidiText text={c.note} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
