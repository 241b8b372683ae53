import type { EntityType } from '../../../entities/found-entity.ts';

/** What a reader is told an entity is: one (on its page, on the search card), or a group of them (on an article). */
export const ENTITY_KINDS: Readonly<Record<EntityType, { one: string; many: string }>> = {
  PER: { one: 'شخص', many: 'أشخاص' },
  ORG: { one: 'هيئة', many: 'هيئات' },
  LOC: { one: 'مكان', many: 'أماكن' },
};
