import { COMMENT_LIMITS } from '../../../comments/checks.ts';
import type { CommentMode, PublicComment } from '../../../comments/comment.ts';
import { ShortDate } from './article-date.tsx';

/** What the article page shows of its comments (cached with the page: approved ones only). */
export interface ArticleCommentsModel {
  articleId: number;
  /** The article's canonical path: the reply links and the cancel link. */
  path: string;
  mode: CommentMode;
  /** Approved comments of this page (its threads), oldest first. */
  comments: readonly PublicComment[];
  /** How many approved comments the article has in all (the heading's count). */
  total: number;
  /** The page of older comments, when there is one (`/article/…/comments?page=2`). */
  olderHref?: string | undefined;
  /** On a page of older comments: the newer ones (the article itself, or the page before). */
  newerHref?: string | undefined;
  /** On a page of older comments: no form (it is on the article), the reply links lead there. */
  olderPage?: boolean | undefined;
  /** `?reply=ID`: the comment the form answers. */
  replyTo?: PublicComment | undefined;
  /** `?comment=held|published|reported`: what happened to the reader's last post. */
  notice?: CommentNotice | undefined;
}

export const COMMENT_NOTICES = {
  held: 'تعليقك بانتظار المراجعة: يظهر هنا بعد أن يقرأه المحررون.',
  published: 'نُشر تعليقك.',
  reported: 'شكرا، وصل إبلاغك إلى المحررين.',
} as const;
export type CommentNotice = keyof typeof COMMENT_NOTICES;

/** What a refused form held, given back so that nothing typed is lost. */
export interface CommentFormValues {
  name: string;
  email: string;
  body: string;
}

const arabicCount = new Intl.NumberFormat('ar-MA');

/**
 * The comments under an article: the approved ones, oldest first, replies under their parent
 * (once nested), each with «ردّ» (a link: `?reply=ID`) and «إبلاغ» (a button of the list's form), and the form
 * for a new one. No script and no account: plain forms that post to the site, which answers
 * with a redirect back here.
 */
export function ArticleComments({ model, timeZone }: { model: ArticleCommentsModel; timeZone: string }) {
  const top = model.comments.filter((c) => c.parentId === null);
  const replies = new Map<number, PublicComment[]>();
  for (const comment of model.comments) {
    if (comment.parentId === null) continue;
    replies.set(comment.parentId, [...(replies.get(comment.parentId) ?? []), comment]);
  }
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 class="section-title" id="comments-title">
        <span>
          التعليقات <span class="comments__count">({arabicCount.format(model.total)})</span>
        </span>
      </h2>
      {model.newerHref && (
        <p class="comments__pager">
          <a href={model.newerHref}>تعليقات أحدث</a>
        </p>
      )}
      {model.olderHref && (
        <p class="comments__pager">
          <a href={model.olderHref} rel="nofollow">
            تعليقات أقدم
          </a>
        </p>
      )}
      {model.notice && (
        <p class="comments__notice" role="status">
          {COMMENT_NOTICES[model.notice]}
        </p>
      )}
      {top.length === 0 ? (
        <p class="comments__empty">لا تعليقات بعد.</p>
      ) : (
        // One form around the list: each «إبلاغ» is a button naming its comment (a form per
        // comment made an article with 500 comments twice as heavy).
        <form method="post" action={`/article/${model.articleId}/comments/report`}>
          <ol class="comments__list">
            {top.map((comment) => (
              <CommentItem key={comment.id} comment={comment} model={model} timeZone={timeZone}>
                {(replies.get(comment.id) ?? []).length > 0 && (
                  <ol class="comments__replies">
                    {(replies.get(comment.id) ?? []).map((reply) => (
                      <CommentItem key={reply.id} comment={reply} model={model} timeZone={timeZone} />
                    ))}
                  </ol>
                )}
              </CommentItem>
            ))}
          </ol>
        </form>
      )}
      {model.olderPage ? (
        <p class="comments__pager">
          <a href={`${model.path}#comment-form`}>أضف تعليقا على المقال</a>
        </p>
      ) : model.mode === 'closed' ? (
        <p class="comments__closed">التعليقات مغلقة على هذا المقال.</p>
      ) : (
        <CommentForm articleId={model.articleId} path={model.path} mode={model.mode} replyTo={model.replyTo} />
      )}
    </section>
  );
}

function CommentItem({
  comment,
  model,
  timeZone,
  children,
}: {
  comment: PublicComment;
  model: ArticleCommentsModel;
  timeZone: string;
  children?: preact.ComponentChildren;
}) {
  return (
    <li class="comment" id={`comment-${comment.id}`}>
      <p class="comment__meta">
        <bdi class="comment__name">{comment.name}</bdi> · <ShortDate date={comment.createdAt} timeZone={timeZone} />
      </p>
      <div class="comment__body" dir="auto">
        {comment.body.split(/\n+/).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      <div class="comment__actions">
        {model.mode !== 'closed' && (
          // Relative to the article's own address: its percent-encoded slug, 500 times, was half the page.
          // From a page of older comments, the article's address: the form is there.
          <a href={`${model.olderPage ? model.path : ''}?reply=${comment.id}#comment-form`} rel="nofollow">
            ردّ
          </a>
        )}
        <button type="submit" name="comment" value={String(comment.id)} class="comment__report">
          إبلاغ
        </button>
      </div>
      {children}
    </li>
  );
}

/** The form for a new comment or a reply; `values` and `error` when a post was refused. */
export function CommentForm({
  articleId,
  path,
  mode,
  replyTo,
  values = { name: '', email: '', body: '' },
  error,
}: {
  articleId: number;
  path: string;
  mode: CommentMode;
  replyTo?: PublicComment | undefined;
  values?: CommentFormValues;
  error?: string | undefined;
}) {
  return (
    <form id="comment-form" class="comment-form" method="post" action={`/article/${articleId}/comments`}>
      <h3>{replyTo ? 'ردّ على تعليق' : 'أضف تعليقا'}</h3>
      {error && (
        <p class="comment-form__error" role="alert">
          {error}
        </p>
      )}
      {replyTo && (
        <p class="comment-form__reply">
          ردا على <bdi>{replyTo.name}</bdi>: «{excerpt(replyTo.body)}» · <a href={`${path}#comments`}>إلغاء الرد</a>
          <input type="hidden" name="parent" value={String(replyTo.id)} />
        </p>
      )}
      <label for="comment-name">الاسم</label>
      <input
        id="comment-name"
        name="name"
        required
        maxLength={COMMENT_LIMITS.name}
        autocomplete="nickname"
        value={values.name}
        dir="auto"
      />
      <label for="comment-body">التعليق</label>
      <textarea id="comment-body" name="body" required rows={5} maxLength={COMMENT_LIMITS.body} dir="auto">
        {values.body}
      </textarea>
      <label for="comment-email">البريد الإلكتروني (اختياري، لا يُنشر)</label>
      <input
        id="comment-email"
        name="email"
        type="email"
        maxLength={COMMENT_LIMITS.email}
        autocomplete="email"
        value={values.email}
        dir="ltr"
      />
      {/* A field people never see: scripts that fill every field fill it too. */}
      <div class="comment-form__trap" aria-hidden="true">
        <label for="comment-website">اترك هذا الحقل فارغا</label>
        <input id="comment-website" name="website" tabIndex={-1} autocomplete="off" />
      </div>
      <p class="comment-form__rules">
        {mode === 'pre'
          ? 'تُنشر التعليقات بعد أن يراجعها المحررون. لا تُقبل الشتائم ولا الروابط الدعائية.'
          : 'تُنشر التعليقات مباشرة، ويراجعها المحررون. لا تُقبل الشتائم ولا الروابط الدعائية.'}
      </p>
      <button type="submit">أرسل التعليق</button>
    </form>
  );
}

function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : chars.join('');
}
