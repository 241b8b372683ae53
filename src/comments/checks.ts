import { BannedWordList } from './banned-words.ts';

/**
 * The checks a reader's comment goes through, in order; the first that has a verdict decides
 * (Coral's chain). A refusal sends the comment back to its writer with the reason (nothing is
 * stored); a hold keeps it for an editor with the reason shown in the queue; `spam` keeps it
 * out of sight (an address an editor banned). A comment no check holds is published at once
 * under post-moderation, and waits for an editor under pre-moderation (the default).
 *
 * Pure: the store gathers the facts about the writer's address (store/comments.ts) and asks.
 */

export const COMMENT_LIMITS = {
  /** Characters of a comment's text. */
  body: 5000,
  name: 80,
  email: 200,
  /** Comments from one address in the last minute, and the last hour. */
  perMinute: 5,
  perHour: 30,
  /** A new commenter's comments are held until this many of theirs were approved. */
  trustedAfter: 2,
  /** Reports (from different addresses) that take an approved comment back to the queue. */
  reportsToHold: 3,
  /** The same text from the same address within this time is held. */
  repeatWindowMs: 24 * 60 * 60 * 1000,
  /** The form's whole request: a 1 MB body is refused before it is parsed. */
  requestBytes: 64 * 1024,
} as const;

/** Why a comment waits for an editor. */
export const HELD_REASONS = {
  link: 'فيه رابط',
  banned_words: 'كلمة من قائمة الكلمات الممنوعة',
  repeated: 'النص نفسه من العنوان نفسه',
  new_commenter: 'معلّق جديد',
  reported: 'أبلغ عنه القراء',
  pre_moderation: 'المراجعة المسبقة',
  banned_address: 'عنوان محظور',
} as const;
export type HeldReason = keyof typeof HELD_REASONS;

export type CheckVerdict =
  | { kind: 'refuse'; code: string; status: 400 | 429; messageAr: string }
  | { kind: 'hold'; reason: HeldReason; detail?: string }
  | { kind: 'spam'; reason: HeldReason };

/** What the checks read: the comment as typed, and what the store knows of its address. */
export interface CommentFacts {
  name: string;
  email: string;
  body: string;
  /** This address's comments in the last minute and the last hour. */
  lastMinute: number;
  lastHour: number;
  /** Whether the same text (normalized) came from this address within the repeat window. */
  sameTextRecently: boolean;
  /** This address's approved comments (that the store still remembers: 30 days). */
  approvedBefore: number;
  /** An editor banned this address. */
  banned: boolean;
}

export type CommentCheck = (facts: CommentFacts) => CheckVerdict | undefined;

const bannedWords = new BannedWordList();

/** Nothing to say, or more than the limit: refused with the reason, the text given back. */
export const lengthCheck: CommentCheck = ({ name, email, body }) => {
  if (body.trim() === '') return refuse('empty_comment', 'اكتب تعليقك قبل الإرسال: النموذج وصل فارغا.');
  const length = [...body].length;
  if (length > COMMENT_LIMITS.body) {
    return refuse(
      'comment_too_long',
      `تعليقك أطول من ${COMMENT_LIMITS.body.toLocaleString('en')} حرف (${length.toLocaleString('en')}): اختصره ثم أرسله من جديد.`,
    );
  }
  if (name.trim() === '') return refuse('name_required', 'اكتب اسمك أو اسما مستعارا ليظهر مع تعليقك.');
  if ([...name].length > COMMENT_LIMITS.name) {
    return refuse('name_too_long', `الاسم أطول من ${COMMENT_LIMITS.name} حرفا: اختصره.`);
  }
  if (email !== '' && (email.length > COMMENT_LIMITS.email || !/^[^\s@]+@[^\s@]+$/.test(email))) {
    return refuse('email_invalid', 'البريد الإلكتروني غير صحيح: صحّحه أو اترك الحقل فارغا (هو اختياري).');
  }
  return undefined;
};

/** Too many from one address: 429, whatever they say. */
export const floodCheck: CommentCheck = ({ lastMinute, lastHour }) => {
  if (lastMinute >= COMMENT_LIMITS.perMinute || lastHour >= COMMENT_LIMITS.perHour) {
    return {
      kind: 'refuse',
      code: 'too_many_comments',
      status: 429,
      messageAr: 'أرسلت تعليقات كثيرة في وقت قصير: انتظر دقيقة ثم أعد الإرسال. تعليقك لم يضع، تجده في النموذج.',
    };
  }
  return undefined;
};

/** An address an editor banned: kept as spam, never shown, and its writer is not told. */
export const bannedAddressCheck: CommentCheck = ({ banned }) =>
  banned ? { kind: 'spam', reason: 'banned_address' } : undefined;

/** Addresses in the text: spam's main vehicle, held for a look. */
const LINK = /https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|net|org|ma|info|biz|xyz|io|ly|me|co|fr|online|site|top)\b/i;
export const linkCheck: CommentCheck = ({ body, name }) => {
  const found = LINK.exec(body) ?? LINK.exec(name);
  return found ? { kind: 'hold', reason: 'link', detail: found[0] } : undefined;
};

export const bannedWordCheck: CommentCheck = ({ body, name }) => {
  const found = bannedWords.firstMatch(body) ?? bannedWords.firstMatch(name);
  return found ? { kind: 'hold', reason: 'banned_words', detail: found.written } : undefined;
};

export const repeatedTextCheck: CommentCheck = ({ sameTextRecently }) =>
  sameTextRecently ? { kind: 'hold', reason: 'repeated' } : undefined;

export const newCommenterCheck: CommentCheck = ({ approvedBefore }) =>
  approvedBefore < COMMENT_LIMITS.trustedAfter ? { kind: 'hold', reason: 'new_commenter' } : undefined;

/** The chain, in order. */
export const COMMENT_CHECKS: readonly CommentCheck[] = [
  lengthCheck,
  floodCheck,
  bannedAddressCheck,
  linkCheck,
  bannedWordCheck,
  repeatedTextCheck,
  newCommenterCheck,
];

/** The first verdict of the chain, or undefined: nothing holds the comment. */
export function firstVerdict(facts: CommentFacts, checks: readonly CommentCheck[] = COMMENT_CHECKS) {
  for (const check of checks) {
    const verdict = check(facts);
    if (verdict) return verdict;
  }
  return undefined;
}

/** After a report: whether an approved comment goes back to the queue. */
export function heldByReports(reports: number): boolean {
  return reports >= COMMENT_LIMITS.reportsToHold;
}

/** The text compared for "the same comment again": spacing, harakat and case aside. */
export function textKey(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u0652\u0640]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function refuse(code: string, messageAr: string): CheckVerdict {
  return { kind: 'refuse', code, status: 400, messageAr };
}
