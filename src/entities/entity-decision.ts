import type { EntityStatus } from './entity.ts';

/**
 * Editors' decisions about entities, as the store (store/entities.ts) records them: each one
 * is a row of entity_decisions whose payload holds everything its undo needs to put things
 * back exactly as they were. Pure data.
 */

export type DecisionAction = 'confirm' | 'reject' | 'rename' | 'merge' | 'split' | 'undo';

/** A spelling of an entity's name and its linking key. */
export interface EntityName {
  name: string;
  key: string;
}

/** An entity's row for one article, as a merge found it. */
export interface ArticleMentions {
  /** The forms the article writes it in, as written. */
  names: string[];
  mentions: number;
  prominent: boolean;
  position: number;
}

/** confirm, reject: the status before. */
export interface StatusPayload {
  statusBefore: EntityStatus;
}

/** The canonical name's fields, before and after a rename. */
export interface CanonicalName {
  name: string;
  slug: string;
  key: string;
}

/** rename: the canonical name before and after, and whether the new one was added to the names. */
export interface RenamePayload {
  before: CanonicalName;
  after: CanonicalName;
  nameAdded: boolean;
}

/**
 * merge (the decision's entity is the one merged, `intoId` the one it now is): its names, those
 * of them the other lacked (added to it), its rows moved as they were, and the articles both
 * named, with both rows as they were before they were joined into one.
 */
export interface MergePayload {
  intoId: number;
  names: EntityName[];
  namesAdded: string[];
  movedArticleIds: number[];
  joined: { articleId: number; from: ArticleMentions; into: ArticleMentions }[];
}

/**
 * split (the decision's entity is the one split): the new entity, the names taken from the
 * split one (given back by an undo), and how many articles went to the new entity. An undo
 * moves every row of the new entity back, so the articles themselves are not listed: a split
 * of 10,000 articles keeps a payload of a few hundred bytes.
 */
export interface SplitPayload {
  newEntityId: number;
  newName: string;
  names: EntityName[];
  articleCount: number;
}

/** undo: the decision undone. */
export interface UndoPayload {
  decisionId: number;
  action: Exclude<DecisionAction, 'undo'>;
}

export interface DecisionPayloads {
  confirm: StatusPayload;
  reject: StatusPayload;
  rename: RenamePayload;
  merge: MergePayload;
  split: SplitPayload;
  undo: UndoPayload;
}

/** A decision as the entity's log shows it, newest first. */
export type EntityDecision = {
  [A in DecisionAction]: {
    id: number;
    action: A;
    /** The entity decided about: the one confirmed, rejected, renamed, merged (from) or split. */
    entityId: number;
    /** The second entity of a merge (into) or a split (the new one); of an undo, the undone decision's. */
    otherEntityId: number | null;
    userId: number | null;
    /** The user's display name; null when there is no user (or no longer one). */
    userName: string | null;
    payload: DecisionPayloads[A];
    createdAt: Date;
    /** The undo's decision id, once undone. */
    undoneBy: number | null;
  };
}[DecisionAction];

/** What a decision did: its id (for an undo) and the articles whose pages show the entity differently now. */
export interface DecisionResult {
  decisionId: number;
  /** Ascending, each once: the site purges these articles' pages. */
  changedArticleIds: number[];
}
