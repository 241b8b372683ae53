import type { HeldReason } from './checks.ts';

/** Where a comment stands: waiting for an editor, shown, refused, or set aside as spam. */
export const COMMENT_STATUSES = ['pending', 'approved', 'rejected', 'spam'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/**
 * An article's comments: `pre` (the default: every comment waits for an editor; in Morocco a
 * site answers for what it publishes), `post` (shown at once unless a check holds it), `closed`.
 */
export const COMMENT_MODES = ['pre', 'post', 'closed'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];
export const DEFAULT_COMMENT_MODE: CommentMode = 'pre';
export const COMMENT_MODE_NAMES: Readonly<Record<CommentMode, string>> = {
  pre: 'مراجعة قبل النشر',
  post: 'نشر ثم مراجعة',
  closed: 'مغلقة',
};

/** What an editor does to comments in the queue. */
export const MODERATION_ACTIONS = ['approve', 'reject', 'spam', 'ban'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
export const MODERATION_ACTION_NAMES: Readonly<Record<ModerationAction | 'mode', string>> = {
  approve: 'قبول',
  reject: 'رفض',
  spam: 'مزعج',
  ban: 'حظر العنوان',
  mode: 'تغيير وضع التعليقات',
};

/** An approved comment as readers see it. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  name: string;
  body: string;
  createdAt: Date;
}

/** A comment in the moderation queue. */
export interface QueuedComment extends PublicComment {
  articleId: number;
  articleHeadline: string;
  status: CommentStatus;
  heldReason: HeldReason | null;
  heldDetail: string | null;
  reportCount: number;
  /** The comment it answers, for context. */
  parentBody: string | null;
}

/** One line of the moderation log. */
export interface ModerationLogEntry {
  id: number;
  action: ModerationAction | 'mode';
  detail: string | null;
  commentId: number | null;
  articleId: number | null;
  userName: string | null;
  createdAt: Date;
}

/** A refusal of the comments' store: a stable code, English and Arabic, the HTTP status. */
export class CommentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly messageAr: string,
    readonly status: 400 | 403 | 404 | 409 | 429,
  ) {
    super(message);
    this.name = 'CommentError';
  }
}

export const commentErrors = {
  articleNotFound: () =>
    new CommentError('article_not_found', 'There is no such article.', 'هذا المقال غير موجود.', 404),
  closed: () =>
    new CommentError('comments_closed', 'Comments are closed on this article.', 'التعليقات مغلقة على هذا المقال.', 403),
  parentGone: () =>
    new CommentError(
      'parent_not_found',
      'The comment you answer is no longer shown.',
      'التعليق الذي تردّ عليه لم يعد معروضا (حُذف أو رُفض): أرسل تعليقك تعليقا عاديا.',
      404,
    ),
  commentNotFound: () =>
    new CommentError('comment_not_found', 'There is no such comment.', 'هذا التعليق غير موجود.', 404),
  refused: (code: string, messageAr: string, status: 400 | 429) =>
    new CommentError(code, `The comment was refused (${code}).`, messageAr, status),
};
