import { blocksToText } from '../../../content/blocks.ts';
import {
  LIVE_ENTRY_KIND_NAMES,
  LIVE_ENTRY_KINDS,
  type LiveCoverage,
  type LiveDeskForm,
  type LiveEntry,
  type LiveEntryRevision,
} from '../../../live/live-entry.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';
import { arabicCount } from './numbered-pager.tsx';

export interface LiveDeskModel {
  article: { id: number; headline: string; status: string; url: string | null };
  coverage: LiveCoverage | undefined;
  pinned: LiveEntry | undefined;
  entries: LiveEntry[];
  total: number;
  page: number;
  pages: number;
  /** Revisions of the entries shown, by entry. */
  revisions: ReadonlyMap<number, LiveEntryRevision[]>;
  /** The form as it was sent when it was refused (nothing typed is lost). */
  draft?: Partial<LiveDeskForm> | undefined;
  /** An edit that lost to another editor's: the entry's id, and the text sent (kept as a revision). */
  conflict?: { entryId: number; sent: LiveDeskForm; keptAsRevision: number } | undefined;
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

/** An entry's fields as the desk's form holds them (the inverse of entryFromForm). */
export function formOf(entry: Pick<LiveEntry, 'kind' | 'title' | 'body' | 'keyEvent' | 'pinned'>): LiveDeskForm {
  const image = entry.body.find((b) => b.type === 'image');
  const embed = entry.body.find((b) => b.type === 'embed');
  const quote = entry.body.find((b) => b.type === 'quote');
  const rest = entry.body.filter((b) => b.type !== 'image' && b.type !== 'embed' && b.type !== 'quote');
  return {
    kind: entry.kind,
    title: entry.title ?? '',
    text: entry.kind === 'quote' && quote ? quote.text : blocksToText(rest),
    cite: quote?.type === 'quote' ? (quote.cite ?? '') : '',
    imageUrl: image?.type === 'image' ? image.src : '',
    alt: image?.type === 'image' ? image.alt : '',
    embedUrl: embed?.type === 'embed' ? embed.url : '',
    keyEvent: entry.keyEvent,
    pinned: entry.pinned,
  };
}

/**
 * /newsroom/articles/:id/live: the live desk. Start the coverage; post short entries (text, a
 * quote, an image, an embed), mark key events, pin one on top; edit (from the version shown),
 * delete and end. Plain forms with the form token: it works without a script.
 */
export function LiveDeskPage({ model, csrfToken }: { model: LiveDeskModel; csrfToken: string }) {
  const { article, coverage } = model;
  const base = `/newsroom/articles/${article.id}/live`;
  const ended = coverage?.endedAt != null;
  return (
    <>
      <section class="panel live-desk" aria-labelledby="live-title">
        <h1 id="live-title">
          التغطية المباشرة: <span class="live-desk__headline">{article.headline}</span>
        </h1>
        <p class="muted">
          {coverage === undefined ? (
            'هذا المقال ليس تغطية مباشرة بعد.'
          ) : ended ? (
            <>
              انتهت التغطية <NewsroomTime date={coverage.endedAt as Date} timeZone={model.timeZone} />.
            </>
          ) : (
            <>
              <span class="live-badge">مباشر</span> بدأت التغطية{' '}
              <NewsroomTime date={coverage.startedAt} timeZone={model.timeZone} />،{' '}
              {arabicCount.format(model.total + (model.pinned ? 1 : 0))} تحديث.
            </>
          )}{' '}
          <a href={`/newsroom/articles/${article.id}`}>المقال في المحرر</a>
          {article.url && (
            <>
              {' · '}
              <a href={article.url}>الصفحة كما يراها القراء</a>
            </>
          )}
        </p>
        <Notice kind="error">{model.error}</Notice>
        <Notice kind="done">{model.done}</Notice>
        {(coverage === undefined || ended) && (
          <form method="post" action={`${base}/start`} class="live-desk__start">
            <CsrfField token={csrfToken} />
            <button type="submit">{ended ? 'استئناف التغطية المباشرة' : 'بدء التغطية المباشرة'}</button>
          </form>
        )}
        {/* A refused entry's form stays, as typed, even when the coverage is not going. */}
        {(model.draft !== undefined || (coverage !== undefined && !ended)) && (
          <EntryForm
            action={`${base}/entries`}
            csrfToken={csrfToken}
            form={model.draft}
            submit="نشر التحديث"
            legend="تحديث جديد"
            idPrefix="new"
            withPin
          />
        )}
      </section>
      {model.conflict && (
        <section class="panel live-conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">نصك المحفوظ جانبا (النسخة {arabicCount.format(model.conflict.keptAsRevision)})</h2>
          <p class="muted">
            حفظ محرر آخر هذا التحديث قبلك. نصه منشور أدناه، ونصك محفوظ هنا: انسخ منه ما تريد ثم احفظ من جديد.
          </p>
          <blockquote class="live-conflict__sent">{model.conflict.sent.text}</blockquote>
        </section>
      )}
      {coverage !== undefined && (
        <section class="panel" aria-labelledby="entries-title">
          <h2 id="entries-title">
            التحديثات <span class="count">({arabicCount.format(model.total + (model.pinned ? 1 : 0))})</span>
          </h2>
          {model.pinned === undefined && model.entries.length === 0 && <p class="muted">لا تحديثات بعد.</p>}
          <ol class="live-desk__entries" reversed>
            {[...(model.pinned ? [model.pinned] : []), ...model.entries].map((entry) => (
              <DeskEntry
                key={entry.id}
                entry={entry}
                csrfToken={csrfToken}
                model={model}
                conflictForm={model.conflict?.entryId === entry.id ? model.conflict.sent : undefined}
              />
            ))}
          </ol>
          {model.pages > 1 && (
            <nav class="pager" aria-label="صفحات التحديثات">
              {model.page > 1 && <a href={model.page === 2 ? base : `${base}?page=${model.page - 1}`}>الأحدث</a>}
              <span>
                الصفحة {arabicCount.format(model.page)} من {arabicCount.format(model.pages)}
              </span>
              {model.page < model.pages && <a href={`${base}?page=${model.page + 1}`}>الأقدم</a>}
            </nav>
          )}
          {!ended && (
            <form method="post" action={`${base}/end`} class="live-desk__end">
              <CsrfField token={csrfToken} />
              <button type="submit" class="button--danger">
                إنهاء التغطية
              </button>
            </form>
          )}
        </section>
      )}
    </>
  );
}

function DeskEntry({
  entry,
  csrfToken,
  model,
  conflictForm,
}: {
  entry: LiveEntry;
  csrfToken: string;
  model: LiveDeskModel;
  conflictForm: LiveDeskForm | undefined;
}) {
  const revisions = model.revisions.get(entry.id) ?? [];
  return (
    <li class={`live-desk__entry${entry.pinned ? ' is-pinned' : ''}`} id={`entry-${entry.id}`} data-entry={entry.id}>
      <p class="live-desk__meta">
        <NewsroomTime date={entry.createdAt} timeZone={model.timeZone} /> · {LIVE_ENTRY_KIND_NAMES[entry.kind]}
        {entry.pinned && <span class="tag-pinned">مثبّت</span>}
        {entry.keyEvent && <span class="tag-key">من أبرز الأحداث</span>}
        <span class="muted"> · النسخة {arabicCount.format(entry.version)}</span>
      </p>
      {entry.title && <p class="live-desk__title">{entry.title}</p>}
      <p class="live-desk__text">{blocksToText(entry.body)}</p>
      <div class="live-desk__actions">
        <form method="post" action={`/newsroom/live-entries/${entry.id}/pin`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="pinned" value={entry.pinned ? '0' : '1'} />
          <button type="submit" class="secondary">
            {entry.pinned ? 'إلغاء التثبيت' : 'تثبيت في الأعلى'}
          </button>
        </form>
        <form method="post" action={`/newsroom/live-entries/${entry.id}/delete`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="version" value={String(entry.version)} />
          <button type="submit" class="button--danger">
            حذف
          </button>
        </form>
      </div>
      <details class="live-desk__edit" open={conflictForm !== undefined}>
        <summary>تعديل</summary>
        <EntryForm
          action={`/newsroom/live-entries/${entry.id}`}
          csrfToken={csrfToken}
          form={conflictForm ?? formOf(entry)}
          version={entry.version}
          submit="حفظ التعديل"
          legend="تعديل التحديث"
          idPrefix={`e${entry.id}`}
        />
      </details>
      {revisions.length > 0 && (
        <details class="live-desk__revisions">
          <summary>النسخ السابقة ({arabicCount.format(revisions.length)})</summary>
          <ol>
            {revisions.map((r) => (
              <li key={r.id}>
                <NewsroomTime date={r.createdAt} timeZone={model.timeZone} /> ·{' '}
                {r.reason === 'conflict' ? 'نص لم يُحفظ (تعارض)' : r.reason === 'delete' ? 'قبل الحذف' : 'قبل التعديل'}:{' '}
                {blocksToText(r.body)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

function EntryForm({
  action,
  csrfToken,
  form = {},
  version,
  submit,
  legend,
  idPrefix,
  withPin = false,
}: {
  action: string;
  csrfToken: string;
  form?: Partial<LiveDeskForm> | undefined;
  version?: number;
  submit: string;
  legend: string;
  idPrefix: string;
  withPin?: boolean;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const kind = form.kind ?? 'text';
  return (
    <form method="post" action={action} class="live-form">
      <CsrfField token={csrfToken} />
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      <fieldset>
        <legend>{legend}</legend>
        <fieldset class="live-form__kinds">
          <legend>النوع</legend>
          {LIVE_ENTRY_KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} /> {LIVE_ENTRY_KIND_NAMES[k]}
            </label>
          ))}
        </fieldset>
        <label for={id('title')}>عنوان قصير (اختياري)</label>
        <input id={id('title')} name="title" maxLength={200} value={form.title ?? ''} />
        <label for={id('text')}>النص (للاقتباس: نص الاقتباس)</label>
        <textarea id={id('text')} name="text" rows={4} maxLength={5000}>
          {form.text ?? ''}
        </textarea>
        <div class="live-form__extra">
          <label for={id('cite')}>قائل الاقتباس</label>
          <input id={id('cite')} name="cite" maxLength={500} value={form.cite ?? ''} />
          <label for={id('image')}>رابط الصورة</label>
          <input id={id('image')} name="imageUrl" dir="ltr" value={form.imageUrl ?? ''} />
          <label for={id('alt')}>وصف الصورة</label>
          <input id={id('alt')} name="alt" maxLength={1000} value={form.alt ?? ''} />
          <label for={id('embed')}>رابط التضمين (يوتيوب، إكس، فيسبوك)</label>
          <input id={id('embed')} name="embedUrl" dir="ltr" value={form.embedUrl ?? ''} />
        </div>
        <label class="check">
          <input type="checkbox" name="keyEvent" value="1" checked={form.keyEvent === true} /> من أبرز الأحداث
        </label>
        {withPin && (
          <label class="check">
            <input type="checkbox" name="pinned" value="1" checked={form.pinned === true} /> تثبيت في الأعلى
          </label>
        )}
      </fieldset>
      <button type="submit">{submit}</button>
    </form>
  );
}
