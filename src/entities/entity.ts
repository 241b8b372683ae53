import type { EntityType } from './found-entity.ts';

/**
 * The newspaper's entities as readers and editors see them: a person, an organisation or a
 * place, with every spelling the archive has used for it, linked to the articles about it.
 * store/entities.ts keeps them; editors' decisions (entity-decision.ts) change them.
 */

/** How far an editor has looked at an entity. Rejected entities are shown nowhere. */
export type EntityStatus = 'proposed' | 'confirmed' | 'rejected';

export interface Entity {
  id: number;
  type: EntityType;
  /** The canonical name: the fullest and most written form, or an editor's choice. */
  name: string;
  /** The address's readable part: /entity/<id>/<slug>. */
  slug: string;
  /** Every spelling seen in the archive (and kept by merges), the canonical name first. */
  names: string[];
  status: EntityStatus;
  /** Published articles about it. */
  articleCount: number;
}

/** An entity as one article names it. */
export interface ArticleEntity {
  id: number;
  type: EntityType;
  name: string;
  slug: string;
  status: EntityStatus;
  /** The forms this article writes it in, as written. */
  names: string[];
  /** How many times the article names it. */
  mentions: number;
  /** Named in the headline, kicker or dek. */
  prominent: boolean;
}

/**
 * The page-cache tag of an entity's pages (its page, its feeds): the store purges it when the
 * entity's articles or names change, the site tags those pages with it.
 */
export function entityPageTag(entityId: number): string {
  return `entity:${entityId}`;
}
