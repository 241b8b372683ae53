import type { EntityStatus } from '../../entities/entity.ts';
import type { DecisionAction } from '../../entities/entity-decision.ts';
import type { EntityType } from '../../entities/found-entity.ts';

/**
 * How the newsroom says what an entity is, where an editor stands on it, and what a decision
 * did: the entity pages (entity-routes.tsx) and the editor's «ما وجدناه في النص» panel (in the
 * browser bundle) read the same words. Plain data, no I/O.
 */

export const ENTITY_TYPE_NAMES: Readonly<Record<EntityType, string>> = {
  PER: 'شخص',
  ORG: 'هيئة',
  LOC: 'مكان',
};

/** The kinds as a list's filter offers them, in that order. */
export const ENTITY_TYPE_CHOICES: readonly EntityType[] = ['PER', 'ORG', 'LOC'];

export const ENTITY_STATUS_NAMES: Readonly<Record<EntityStatus, string>> = {
  proposed: 'مقترح',
  confirmed: 'مؤكد',
  rejected: 'مرفوض',
};

export const DECISION_NAMES: Readonly<Record<DecisionAction, string>> = {
  confirm: 'تأكيد',
  reject: 'رفض',
  rename: 'تغيير الاسم',
  merge: 'دمج',
  split: 'فصل',
  undo: 'تراجع',
};

/** The newsroom page of an entity. */
export function newsroomEntityPath(id: number): string {
  return `/newsroom/entities/${id}`;
}

export function isEntityType(value: unknown): value is EntityType {
  return value === 'PER' || value === 'ORG' || value === 'LOC';
}

export function isEntityStatus(value: unknown): value is EntityStatus {
  return value === 'proposed' || value === 'confirmed' || value === 'rejected';
}
