import type { ArticleStatus } from './article.ts';
import { DraftError } from './article-draft.ts';
import type { Block } from './blocks.ts';
import { NewsroomError } from './newsroom-error.ts';

/**
 * The article workflow: what can happen to an article in each state. Saving the text is not
 * a transition (it is allowed in every state, subject to the permission policy); everything
 * that moves an article between states, or leaves a public trace on a published one, is here.
 *
 *   draft ──submit──▶ in_review ──schedule──▶ scheduled ──(its time)──▶ published ──unpublish──▶ unpublished
 *     ▲                  │ return (note)         │ return (note)              │ correct (note)        │
 *     └──────────────────┴───────────────────────┴──── withdraw ◀─────────────┘ (stays published)    │
 *   publish: from draft, in_review, scheduled or unpublished, at once     schedule / publish again ◀┘
 */
export const WORKFLOW_ACTIONS = [
  'submit',
  'return',
  'schedule',
  'publish',
  'unpublish',
  'correct',
  'withdraw',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** What an action needs besides the article: a note for the author or the readers, a time. */
type Needs = 'nothing' | 'note' | 'time';

interface Transition {
  from: readonly ArticleStatus[];
  to: ArticleStatus;
  needs: Needs;
  /** The action as the newsroom names it. */
  nameAr: string;
}

/** The whole workflow, one row per action. */
export const TRANSITIONS: Readonly<Record<WorkflowAction, Transition>> = {
  submit: { from: ['draft'], to: 'in_review', needs: 'nothing', nameAr: 'إرسال للمراجعة' },
  return: { from: ['in_review', 'scheduled'], to: 'draft', needs: 'note', nameAr: 'إعادة إلى الكاتب' },
  schedule: {
    from: ['draft', 'in_review', 'scheduled', 'unpublished'],
    to: 'scheduled',
    needs: 'time',
    nameAr: 'جدولة النشر',
  },
  publish: {
    from: ['draft', 'in_review', 'scheduled', 'unpublished'],
    to: 'published',
    needs: 'nothing',
    nameAr: 'نشر',
  },
  unpublish: { from: ['published'], to: 'unpublished', needs: 'nothing', nameAr: 'إلغاء النشر' },
  correct: { from: ['published'], to: 'published', needs: 'note', nameAr: 'تصحيح' },
  withdraw: {
    from: ['in_review', 'scheduled', 'unpublished'],
    to: 'draft',
    needs: 'nothing',
    nameAr: 'إرجاع إلى المسودة',
  },
};

/** The states as the newsroom names them, for messages. */
export const STATUS_NAMES: Readonly<Record<ArticleStatus, string>> = {
  draft: 'مسودة',
  in_review: 'قيد المراجعة',
  scheduled: 'مجدول',
  published: 'منشور',
  unpublished: 'غير منشور',
};

/** Longest note (return to author, public correction), in characters. */
export const MAX_NOTE_LENGTH = 2000;

/** A transition that the workflow refuses: the state does not allow it, or what it needs is missing. */
export class WorkflowError extends NewsroomError {}

export interface TransitionRequest {
  action: WorkflowAction;
  /** Required by `return` and `correct`. */
  note?: string | null;
  /** Required by `schedule`: when the article goes out; must be in the future. */
  at?: Date | null;
  /** The clock, for checking `at`. */
  now: Date;
}

/** A transition the workflow accepts: where the article goes, with the note trimmed. */
export interface PlannedTransition {
  action: WorkflowAction;
  from: ArticleStatus;
  to: ArticleStatus;
  note: string | null;
  at: Date | null;
}

export function isWorkflowAction(value: unknown): value is WorkflowAction {
  return typeof value === 'string' && (WORKFLOW_ACTIONS as readonly string[]).includes(value);
}

/** The actions open to an article in `status`, in table order (for the newsroom's buttons). */
export function actionsFrom(status: ArticleStatus): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}

/** Checks a transition against the table; throws a WorkflowError saying why it cannot happen. */
export function planTransition(status: ArticleStatus, request: TransitionRequest): PlannedTransition {
  const { action } = request;
  const transition = TRANSITIONS[action];
  if (!transition) {
    throw new WorkflowError(
      'unknown_action',
      `There is no workflow action "${String(action)}".`,
      'إجراء غير معروف.',
      400,
    );
  }
  if (!transition.from.includes(status)) {
    throw new WorkflowError(
      'invalid_transition',
      `An article that is ${status} cannot be sent to "${action}".`,
      `لا يمكن «${transition.nameAr}» لمقال حالته «${STATUS_NAMES[status]}».`,
      409,
    );
  }
  let note: string | null = null;
  let at: Date | null = null;
  if (transition.needs === 'note') {
    note = request.note?.trim() ?? '';
    if (note === '') {
      throw new WorkflowError(
        'note_required',
        `"${action}" needs a note.`,
        action === 'correct' ? 'اكتب نص التصحيح الذي سيظهر للقراء.' : 'اكتب ملاحظة للكاتب تشرح سبب الإعادة.',
        400,
      );
    }
    if (note.length > MAX_NOTE_LENGTH) {
      throw new WorkflowError(
        'note_too_long',
        `The note is longer than ${MAX_NOTE_LENGTH} characters.`,
        `الملاحظة أطول من ${MAX_NOTE_LENGTH} حرف.`,
        400,
      );
    }
  }
  if (transition.needs === 'time') {
    at = request.at ?? null;
    if (at === null || !(at instanceof Date) || Number.isNaN(at.getTime())) {
      throw new WorkflowError('schedule_time_required', 'Give a valid publication time.', 'حدد وقتا صالحا للنشر.', 400);
    }
    if (at.getTime() <= request.now.getTime()) {
      throw new WorkflowError(
        'schedule_time_in_past',
        'The publication time has already passed: choose a later time, or publish now.',
        'وقت النشر المحدد قد مضى: اختر وقتا لاحقا أو انشر الآن.',
        400,
      );
    }
  }
  return { action, from: status, to: transition.to, note, at };
}

/**
 * Whether a body has nothing to show readers: no block, or only text blocks with no text (an
 * image or an embed is something to show, captioned or not).
 */
export function isEmptyBody(body: readonly Block[]): boolean {
  return body.every((block) => {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'quote':
        return block.text.trim() === '';
      case 'list':
        return block.items.every((item) => item.trim() === '');
      default:
        return false;
    }
  });
}

/** What would put an empty body before readers: publishing, scheduling, or saving a published or scheduled article. */
export type BodyGoingOut = 'publish' | 'schedule' | 'update_published' | 'update_scheduled';

const EMPTY_BODY_AR: Record<BodyGoingOut, string> = {
  publish: 'لا يمكن نشر مقال نصه فارغ: سيرى القراء صفحة بلا نص. اكتب نص المقال ثم انشره.',
  schedule: 'لا يمكن جدولة مقال نصه فارغ: سيرى القراء صفحة بلا نص. اكتب نص المقال ثم جدوله.',
  update_published:
    'لا يُحدَّث مقال منشور بنص فارغ: سيرى القراء صفحة بلا نص. اكتب النص، أو ألغِ نشر المقال إن كان هذا المقصود.',
  update_scheduled: 'المقال مجدول للنشر ولا يُحفظ بنص فارغ: سيُنشر صفحة بلا نص. اكتب النص، أو أرجعه إلى المسودة أولا.',
};

/**
 * An article with an empty body does not go out: refused (400, `empty_body`) when it would be
 * published or scheduled (a WorkflowError), or when the text of a published or scheduled
 * article is saved empty (a DraftError naming the body, which the editor marks).
 */
export function checkBodyGoingOut(body: readonly Block[], what: BodyGoingOut): void {
  if (!isEmptyBody(body)) return;
  if (what === 'publish' || what === 'schedule') {
    throw new WorkflowError(
      'empty_body',
      `An article with an empty body cannot be ${what === 'publish' ? 'published' : 'scheduled'}.`,
      EMPTY_BODY_AR[what],
      400,
    );
  }
  throw new DraftError(
    'empty_body',
    'body',
    `The text of a ${what === 'update_published' ? 'published' : 'scheduled'} article cannot be saved with an empty body.`,
    EMPTY_BODY_AR[what],
  );
}
