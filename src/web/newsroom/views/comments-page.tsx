import { HELD_REASONS, type HeldReason } from '../../../comments/checks.ts';
import {
  COMMENT_MODE_NAMES,
  COMMENT_MODES,
  type CommentMode,
  type CommentStatus,
  MODERATION_ACTION_NAMES,
  type ModerationLogEntry,
  type QueuedComment,
} from '../../../comments/comment.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';
import { arabicCount, NumberedPager } from './numbered-pager.tsx';

export const STATUS_NAMES: Readonly<Record<CommentStatus, string>> = {
  pending: 'بانتظار المراجعة',
  approved: 'منشورة',
  rejected: 'مرفوضة',
  spam: 'مزعجة',
};

export interface CommentsQueueModel {
  filter: {
    status: CommentStatus;
    reason: HeldReason | undefined;
    articleId: number | undefined;
    order: 'newest' | 'oldest';
  };
  items: QueuedComment[];
  total: number;
  page: number;
  pages: number;
  /** Pending comments per held reason ('' : none), for the filter. */
  pendingByReason: Map<string, number>;
  /** The filtered article's mode, when the queue is filtered by one. */
  articleMode?: CommentMode | undefined;
  log: ModerationLogEntry[];
  /** This page's address (its filters), where a decision comes back to. */
  here: string;
  pathFor: (page: number) => string;
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

/**
 * /newsroom/comments: the moderation queue. One form holds the list: each comment's buttons
 * (approve, reject, ban) post that comment alone, the bulk buttons post the checked ones; the
 * keyboard script (comments-queue.js) presses the same buttons. Filters are a GET form.
 */
export function CommentsQueuePage({ model, csrfToken }: { model: CommentsQueueModel; csrfToken: string }) {
  const { filter } = model;
  return (
    <>
      <section class="panel" aria-labelledby="comments-title">
        <h1 id="comments-title">
          تعليقات القراء: {STATUS_NAMES[filter.status]} <span class="count">({arabicCount.format(model.total)})</span>
        </h1>
        <p class="muted">
          المفاتيح: <kbd>J</kbd> التالي، <kbd>K</kbd> السابق، <kbd>A</kbd> قبول، <kbd>R</kbd> رفض، <kbd>B</kbd> حظر
          العنوان، <kbd>X</kbd> تحديد.
        </p>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        <form method="get" action="/newsroom/comments" class="comment-filters">
          <label>
            الحالة{' '}
            <select name="status">
              {(Object.keys(STATUS_NAMES) as CommentStatus[]).map((status) => (
                <option key={status} value={status} selected={status === filter.status}>
                  {STATUS_NAMES[status]}
                </option>
              ))}
            </select>
          </label>
          <label>
            سبب الانتظار{' '}
            <select name="reason">
              <option value="">كل الأسباب</option>
              {(Object.keys(HELD_REASONS) as HeldReason[]).map((reason) => (
                <option key={reason} value={reason} selected={reason === filter.reason}>
                  {HELD_REASONS[reason]} ({arabicCount.format(model.pendingByReason.get(reason) ?? 0)})
                </option>
              ))}
            </select>
          </label>
          <label>
            رقم المقال <input name="article" inputMode="numeric" size={7} value={filter.articleId ?? ''} dir="ltr" />
          </label>
          <label>
            الترتيب{' '}
            <select name="order">
              <option value="oldest" selected={filter.order === 'oldest'}>
                الأقدم أولا
              </option>
              <option value="newest" selected={filter.order === 'newest'}>
                الأحدث أولا
              </option>
            </select>
          </label>
          <button type="submit">عرض</button>
        </form>
      </section>

      {filter.articleId !== undefined && model.articleMode && (
        <section class="panel" aria-labelledby="mode-title">
          <h2 id="mode-title">تعليقات المقال {arabicCount.format(filter.articleId)}</h2>
          <form method="post" action="/newsroom/comments/mode" class="form form--inline">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="articleId" value={String(filter.articleId)} />
            <input type="hidden" name="back" value={model.here} />
            <label for="comment-mode">وضع التعليقات</label>
            <select id="comment-mode" name="mode">
              {COMMENT_MODES.map((mode) => (
                <option key={mode} value={mode} selected={mode === model.articleMode}>
                  {COMMENT_MODE_NAMES[mode]}
                </option>
              ))}
            </select>
            <button type="submit">حفظ</button>
          </form>
        </section>
      )}

      <section class="panel" aria-label="التعليقات">
        {model.items.length === 0 ? (
          <p class="empty">لا تعليقات هنا.</p>
        ) : (
          <form method="post" action="/newsroom/comments/decide" class="comment-queue" data-queue>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="back" value={model.here} />
            {/* Enter in the form must not approve the checked comments: the first button does nothing. */}
            <button type="submit" disabled hidden />
            <div class="comment-queue__bulk">
              <span>المحدد:</span>
              <button type="submit" name="action" value="approve">
                قبول المحدد
              </button>
              <button type="submit" name="action" value="reject" class="button--quiet">
                رفض المحدد
              </button>
            </div>
            <ol class="comment-queue__list">
              {model.items.map((comment) => (
                <QueuedItem key={comment.id} comment={comment} timeZone={model.timeZone} />
              ))}
            </ol>
          </form>
        )}
        <NumberedPager page={model.page} pages={model.pages} pathFor={model.pathFor} label="صفحات التعليقات" />
      </section>

      <section class="panel" aria-labelledby="log-title">
        <h2 id="log-title">سجل الإشراف</h2>
        {model.log.length === 0 ? (
          <p class="empty">لم يقرر أحد شيئا بعد.</p>
        ) : (
          <ol class="comment-log">
            {model.log.map((entry) => (
              <li key={entry.id}>
                <bdi>{entry.userName ?? 'حساب محذوف'}</bdi> · {MODERATION_ACTION_NAMES[entry.action]}
                {entry.action === 'mode' &&
                  entry.detail &&
                  `: ${COMMENT_MODE_NAMES[entry.detail as CommentMode] ?? ''}`}
                {entry.commentId !== null && ` · التعليق ${arabicCount.format(entry.commentId)}`}
                {entry.articleId !== null && (
                  <>
                    {' · '}
                    <a href={`/newsroom/comments?article=${entry.articleId}`}>
                      المقال {arabicCount.format(entry.articleId)}
                    </a>
                  </>
                )}
                {' · '}
                <NewsroomTime date={entry.createdAt} timeZone={model.timeZone} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function QueuedItem({ comment, timeZone }: { comment: QueuedComment; timeZone: string }) {
  const id = String(comment.id);
  return (
    <li class="queued" data-comment={id} tabIndex={-1}>
      <div class="queued__head">
        <label>
          <input type="checkbox" name="ids" value={id} /> <bdi class="queued__name">{comment.name}</bdi>
        </label>
        <span class="queued__meta">
          على <a href={`/newsroom/comments?article=${comment.articleId}`}>{comment.articleHeadline}</a> ·{' '}
          <NewsroomTime date={comment.createdAt} timeZone={timeZone} />
        </span>
      </div>
      {comment.heldReason && (
        <p class="queued__reason">
          {HELD_REASONS[comment.heldReason]}
          {comment.heldDetail && (
            <>
              : «<bdi>{comment.heldDetail}</bdi>»
            </>
          )}
          {comment.reportCount > 0 && ` · ${arabicCount.format(comment.reportCount)} إبلاغات`}
        </p>
      )}
      {comment.parentBody !== null && (
        <blockquote class="queued__parent" dir="auto">
          ردا على: {comment.parentBody.slice(0, 200)}
        </blockquote>
      )}
      <div class="queued__body" dir="auto">
        {comment.body.split(/\n+/).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      <div class="queued__actions">
        {comment.status !== 'approved' && (
          <button type="submit" name="one" value={`approve:${id}`}>
            قبول <kbd>A</kbd>
          </button>
        )}
        {comment.status !== 'rejected' && (
          <button type="submit" name="one" value={`reject:${id}`} class="button--quiet">
            رفض <kbd>R</kbd>
          </button>
        )}
        <button type="submit" name="one" value={`ban:${id}`} class="button--danger">
          حظر العنوان <kbd>B</kbd>
        </button>
      </div>
    </li>
  );
}
