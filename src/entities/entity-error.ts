import { NewsroomError } from '../content/newsroom-error.ts';
import type { EntityType } from './found-entity.ts';

/**
 * An editor's decision about an entity that cannot be done as asked: a stable code for
 * programs, the reason in English and in Arabic (as the newsroom reads it), and the HTTP status.
 * The store (store/entities.ts) throws them; the newsroom's one handler shows them.
 */
export class EntityError extends NewsroomError {
  constructor(
    override readonly code: EntityErrorCode,
    message: string,
    messageAr: string,
    status: 400 | 404 | 409,
  ) {
    super(code, message, messageAr, status);
  }
}

export type EntityErrorCode =
  | 'entity_not_found'
  | 'entity_merge_self'
  | 'entity_merged_already'
  | 'entity_type_mismatch'
  | 'entity_split_from'
  | 'entity_split_empty'
  | 'entity_name_invalid'
  | 'decision_not_found'
  | 'decision_undone_already'
  | 'decision_undo_blocked';

/** The longest canonical name an editor may give, in characters. */
export const MAX_ENTITY_NAME_LENGTH = 200;

/** Entity types as the newsroom says them, after «دمج …»: a person, an organisation, a place. */
const TYPE_NAMES: Readonly<Record<EntityType, { en: string; ar: string }>> = {
  PER: { en: 'a person', ar: 'شخص' },
  ORG: { en: 'an organisation', ar: 'هيئة' },
  LOC: { en: 'a place', ar: 'مكان' },
};

export const ENTITY_ERRORS = {
  notFound: (id: number) =>
    new EntityError('entity_not_found', `There is no entity ${id}.`, 'هذا الاسم غير موجود في لائحة الأسماء.', 404),
  mergeSelf: () =>
    new EntityError(
      'entity_merge_self',
      'An entity cannot be merged into itself.',
      'لا يمكن دمج الاسم في نفسه: اختر الاسم الذي سيُدمج فيه.',
      400,
    ),
  mergedAlready: (id: number) =>
    new EntityError(
      'entity_merged_already',
      `Entity ${id} has already been merged into another one: reload the page.`,
      'سبق دمج هذا الاسم في اسم آخر، ربما من طرف زميل قبل لحظات. أعد تحميل الصفحة وتحقق من الاسم قبل المتابعة.',
      409,
    ),
  typeMismatch: (from: EntityType, into: EntityType) =>
    new EntityError(
      'entity_type_mismatch',
      `${capitalized(TYPE_NAMES[from].en)} cannot be merged into ${TYPE_NAMES[into].en}.`,
      `لا يمكن دمج ${TYPE_NAMES[from].ar} في ${TYPE_NAMES[into].ar}: لا يُدمج إلا اسمان من النوع نفسه.`,
      409,
    ),
  splitFrom: (splitDecisionId: number | undefined) =>
    new EntityError(
      'entity_split_from',
      `This entity was split from the other one: undo the split${splitDecisionId ? ` (decision ${splitDecisionId})` : ''} instead of merging.`,
      `هذا الاسم فُصل عن الاسم الآخر بقرار سابق${splitDecisionId ? ` (رقم ${splitDecisionId})` : ''}: لإرجاعهما اسما واحدا، ألغِ قرار الفصل من سجل القرارات بدل الدمج.`,
      409,
    ),
  splitEmpty: () =>
    new EntityError(
      'entity_split_empty',
      'Nothing to split: none of the given names or articles belong to this entity.',
      'لا شيء للفصل: لا الصيغ ولا المقالات المختارة تخص هذا الاسم.',
      400,
    ),
  nameInvalid: () =>
    new EntityError(
      'entity_name_invalid',
      `A name must have 1 to ${MAX_ENTITY_NAME_LENGTH} characters, without control characters.`,
      `يجب أن يتكون الاسم من حرف واحد على الأقل و${MAX_ENTITY_NAME_LENGTH} حرف على الأكثر، دون رموز تحكم.`,
      400,
    ),
  decisionNotFound: (id: number) =>
    new EntityError('decision_not_found', `There is no decision ${id}.`, 'هذا القرار غير موجود في السجل.', 404),
  undoneAlready: (id: number) =>
    new EntityError(
      'decision_undone_already',
      `Decision ${id} has already been undone.`,
      'سبق إلغاء هذا القرار، ربما من طرف زميل. أعد تحميل السجل.',
      409,
    ),
  undoBlocked: (id: number, laterId: number) =>
    new EntityError(
      'decision_undo_blocked',
      `Decision ${id} cannot be undone while decision ${laterId}, taken after it on the same entities, stands: undo that one first.`,
      `لا يمكن إلغاء هذا القرار لأن قرارا لاحقا (رقم ${laterId}) اتُّخذ على الأسماء نفسها: ألغِ القرار اللاحق أولا.`,
      409,
    ),
  undoOfUndo: (id: number) =>
    new EntityError(
      'decision_undo_blocked',
      `Decision ${id} is an undo, which cannot be undone: take the decision again.`,
      'هذا القرار إلغاء لقرار سابق ولا يمكن إلغاؤه: أعد اتخاذ القرار الأصلي من جديد.',
      409,
    ),
};

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Control characters (C0, DEL, C1): a pasted name that carries them would break pages and feeds.
const CONTROL = /\p{Cc}/u;

/** An editor's name for an entity, trimmed, runs of spaces made one; throws entity_name_invalid. */
export function checkEntityName(value: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  const name = trimmed.replace(/ +/g, ' ');
  if (name === '' || [...name].length > MAX_ENTITY_NAME_LENGTH || CONTROL.test(trimmed)) {
    throw ENTITY_ERRORS.nameInvalid();
  }
  return name;
}
