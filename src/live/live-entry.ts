import { blockProblem } from '../content/block-shape.ts';
import { type Block, blocksToText, excerpt } from '../content/blocks.ts';
import { embedFromUrl } from '../content/embeds.ts';
import { NewsroomError } from '../content/newsroom-error.ts';

/**
 * Live coverage («تغطية مباشرة»): an article an editor turned into a live page, and its short
 * entries. An entry's body is the article body's blocks (a subset: paragraphs, quotes, lists,
 * images, embeds), so the reader site, the feeds and the API render it as they render articles
 * and trust it only once checked here. No I/O.
 */

export const LIVE_ENTRY_KINDS = ['text', 'image', 'embed', 'quote'] as const;
export type LiveEntryKind = (typeof LIVE_ENTRY_KINDS)[number];
export const LIVE_ENTRY_KIND_NAMES: Readonly<Record<LiveEntryKind, string>> = {
  text: 'نص',
  image: 'صورة',
  embed: 'تضمين',
  quote: 'اقتباس',
};

/** What a change in the change list says happened (live_changes.action). */
export const LIVE_CHANGE_ACTIONS = ['started', 'added', 'edited', 'deleted', 'pinned', 'unpinned', 'ended'] as const;
export type LiveChangeAction = (typeof LIVE_CHANGE_ACTIONS)[number];

export const LIVE_LIMITS = {
  /** Characters of text in one entry, all blocks together: an entry is short. */
  text: 5000,
  blocks: 10,
  title: 200,
  /** Entries per page of the reader's live page. */
  perPage: 20,
  /** Changes in the change list readers' pages poll: older ones are not listed (the page reloads). */
  changes: 50,
} as const;

const ENTRY_BLOCKS = new Set<Block['type']>(['paragraph', 'quote', 'list', 'image', 'embed']);

/** An entry as the newsroom, the API and the reader's page read it. */
export interface LiveEntry {
  id: number;
  articleId: number;
  kind: LiveEntryKind;
  title: string | null;
  body: Block[];
  keyEvent: boolean;
  pinned: boolean;
  version: number;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An article's coverage: started, perhaps ended, and the number of its last change. */
export interface LiveCoverage {
  articleId: number;
  startedAt: Date;
  endedAt: Date | null;
  sequence: number;
}

/** What an editor (or the admin API) writes: checked by `checkEntry`. */
export interface LiveEntryInput {
  title?: string | null | undefined;
  body: Block[];
  keyEvent?: boolean | undefined;
  pinned?: boolean | undefined;
}

export interface LiveEntryRevision {
  id: number;
  version: number;
  reason: 'edit' | 'conflict' | 'delete';
  title: string | null;
  body: Block[];
  keyEvent: boolean;
  writtenBy: number | null;
  createdAt: Date;
}

export class LiveError extends NewsroomError {}

export const liveErrors = {
  articleNotFound: () => new LiveError('article_not_found', 'There is no such article.', 'هذا المقال غير موجود.', 404),
  notLive: () =>
    new LiveError(
      'article_not_live',
      'This article is not a live coverage: start the coverage first.',
      'هذا المقال ليس تغطية مباشرة: ابدأ التغطية أولا.',
      409,
    ),
  ended: () =>
    new LiveError(
      'live_coverage_ended',
      'This live coverage has ended: no more entries.',
      'انتهت هذه التغطية المباشرة: لا تُضاف إليها تحديثات.',
      409,
    ),
  alreadyLive: () =>
    new LiveError('already_live', 'This article is already a live coverage.', 'هذا المقال تغطية مباشرة من قبل.', 409),
  entryNotFound: () =>
    new LiveError('live_entry_not_found', 'There is no such live entry.', 'هذا التحديث غير موجود.', 404),
  /** A delete from a stale version: the entry changed since it was shown (nothing deleted). */
  staleDelete: (version: number) =>
    new LiveError(
      'live_entry_conflict',
      `The entry changed since it was shown (now version ${version}): nothing was deleted.`,
      'عدّل محرر آخر هذا التحديث بعد أن فتحته: لم يُحذف شيء، راجعه ثم احذفه من جديد.',
      409,
    ),
  invalid: (messageAr: string, message = 'The live entry is not valid.') =>
    new LiveError('invalid_live_entry', message, messageAr, 400),
};

/**
 * Two editors saved the same entry: the one whose version was stale loses, and its text is kept
 * as a revision (`keptAsRevision`) beside the entry as it now stands (`current`): nothing lost.
 */
export class LiveConflictError extends LiveError {
  constructor(
    readonly current: LiveEntry,
    readonly baseVersion: number,
    readonly keptAsRevision: number,
  ) {
    super(
      'live_entry_conflict',
      `The entry changed since version ${baseVersion} (now ${current.version}); your text was kept as a revision.`,
      `عدّل محرر آخر هذا التحديث منذ فتحته (النسخة ${current.version} بعد ${baseVersion}): حُفظ نصك نسخةً جانبية ولم يضع شيء.`,
      409,
    );
  }
}

/** A checked entry: its blocks trimmed, its kind read from them. Throws LiveError (400) with an Arabic reason. */
export function checkEntry(input: LiveEntryInput): {
  kind: LiveEntryKind;
  title: string | null;
  body: Block[];
  keyEvent: boolean;
} {
  if (!Array.isArray(input.body) || input.body.length === 0)
    throw liveErrors.invalid('التحديث فارغ: اكتب نصا أو أضف صورة أو تضمينا.');
  if (input.body.length > LIVE_LIMITS.blocks) throw liveErrors.invalid(`التحديث أطول من ${LIVE_LIMITS.blocks} فقرات.`);
  const body: Block[] = [];
  for (const block of input.body) {
    if (typeof block !== 'object' || block === null || !ENTRY_BLOCKS.has(block.type)) {
      throw liveErrors.invalid('التحديث يقبل فقرات واقتباسات وقوائم وصورا وتضمينات فقط.');
    }
    const problem = blockProblem(block);
    if (problem) throw liveErrors.invalid(problem);
    body.push(trimmed(block));
  }
  const text = blocksToText(body);
  if (text.length > LIVE_LIMITS.text) throw liveErrors.invalid(`التحديث أطول من ${LIVE_LIMITS.text} حرف.`);
  const hasSomething = body.some((b) => b.type === 'image' || b.type === 'embed') || text.trim().length > 0;
  if (!hasSomething) throw liveErrors.invalid('التحديث فارغ: اكتب نصا أو أضف صورة أو تضمينا.');
  const title = typeof input.title === 'string' && input.title.trim() ? input.title.replace(/\s+/g, ' ').trim() : null;
  if (title !== null && title.length > LIVE_LIMITS.title) {
    throw liveErrors.invalid(`عنوان التحديث أطول من ${LIVE_LIMITS.title} حرف.`);
  }
  return { kind: kindOf(body), title, body, keyEvent: input.keyEvent === true };
}

function trimmed(block: Block): Block {
  switch (block.type) {
    case 'paragraph':
      return block.links ? block : { ...block, text: block.text.trim() };
    case 'quote':
      return { ...block, text: block.text.trim(), ...(block.cite ? { cite: block.cite.trim() } : {}) };
    default:
      return block;
  }
}

/** An entry's kind: its first image, embed or quote says it; otherwise it is text. */
export function kindOf(body: readonly Block[]): LiveEntryKind {
  const first = body.find((b) => b.type === 'image' || b.type === 'embed' || b.type === 'quote');
  return first?.type === 'image'
    ? 'image'
    : first?.type === 'embed'
      ? 'embed'
      : first?.type === 'quote'
        ? 'quote'
        : 'text';
}

/** What the live desk's form sends: one kind, its fields. */
export interface LiveDeskForm {
  kind: string;
  title: string;
  text: string;
  cite: string;
  imageUrl: string;
  alt: string;
  embedUrl: string;
  keyEvent: boolean;
  pinned: boolean;
}

/** The desk's form as an entry's input (the text is paragraphs, one per line). Throws LiveError (400). */
export function entryFromForm(form: LiveDeskForm): LiveEntryInput {
  const paragraphs: Block[] = form.text
    .split(/\r?\n+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', text: line }));
  let body: Block[];
  switch (form.kind) {
    case 'quote':
      if (paragraphs.length === 0) throw liveErrors.invalid('اكتب نص الاقتباس.');
      body = [
        {
          type: 'quote',
          text: paragraphs.map((p) => (p as { text: string }).text).join('\n'),
          ...(form.cite.trim() ? { cite: form.cite.trim() } : {}),
        },
      ];
      break;
    case 'image': {
      const src = form.imageUrl.trim();
      if (!/^(https?:\/\/|\/(?!\/))/i.test(src))
        throw liveErrors.invalid('رابط الصورة غير صالح: يبدأ بـ https:// أو /media/.');
      if (!form.alt.trim()) throw liveErrors.invalid('اكتب وصفا بديلا للصورة لمن لا يراها.');
      body = [{ type: 'image', src, alt: form.alt.trim() }, ...paragraphs];
      break;
    }
    case 'embed': {
      const embed = embedFromUrl(form.embedUrl);
      if (!embed) throw liveErrors.invalid('رابط التضمين غير معروف: يوتيوب أو إكس أو فيسبوك.');
      body = [embed, ...paragraphs];
      break;
    }
    case 'text':
      body = paragraphs;
      break;
    default:
      throw liveErrors.invalid('اختر نوع التحديث: نص أو صورة أو تضمين أو اقتباس.');
  }
  return { title: form.title, body, keyEvent: form.keyEvent, pinned: form.pinned };
}

/** A short label for an entry (the key events list, feeds): its title, or the start of its text. */
export function entryLabel(entry: Pick<LiveEntry, 'title' | 'body' | 'kind'>): string {
  if (entry.title) return entry.title;
  const text = excerpt(blocksToText(entry.body), 90);
  return text || LIVE_ENTRY_KIND_NAMES[entry.kind];
}

/** The anchor of an entry on the reader's page. */
export function entryAnchor(id: number): string {
  return `entry-${id}`;
}
