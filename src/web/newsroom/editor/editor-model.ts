import type { ZoneTable } from '../../../arabic/zone-rules.ts';
import type { ArticleStatus, AuthorKind } from '../../../content/article.ts';
import type { Block } from '../../../content/blocks.ts';
import type { WorkflowAction } from '../../../content/workflow.ts';
import type { EntityType } from '../../../entities/found-entity.ts';

/**
 * What the server and the editor app (in the browser) say to each other: the article as the
 * editor shows it, the workflow buttons the signed-in user may press, and the answers of the
 * JSON endpoints. Types only: both sides import this file.
 */

/** A draft (content/article-draft.ts) with every field present, as the editor's form holds it: '' for empty. */
export interface EditorDraft {
  headline: string;
  kicker: string;
  dek: string;
  body: Block[];
  sectionSlug: string;
  /** Other sections that list the article, in the sections' order. */
  secondarySectionSlugs: string[];
  slug: string;
  dateline: string;
  bylines: { name: string; kind: AuthorKind; role: string | null }[];
  tags: string[];
  featuredMediaId: number | null;
  featuredAlt: string;
  featuredCaption: string;
  featuredCredit: string;
  seoTitle: string;
  seoDescription: string;
}

/** One workflow button: the action, its Arabic name and what it asks for. */
export interface EditorAction {
  action: WorkflowAction;
  name: string;
  needs: 'nothing' | 'note' | 'time';
}

export interface EditorArticle {
  id: number;
  revision: number;
  status: ArticleStatus;
  statusName: string;
  /** Whose article it is (who created it): null for imported articles, which belong to nobody. */
  owner: { id: number; name: string | null } | null;
  /** ISO; for a scheduled article, when it goes out. */
  publishedAt: string | null;
  draft: EditorDraft;
  /** May the user save this article's text (the policy's article.edit)? */
  canEdit: boolean;
  actions: EditorAction[];
  /** The reader page, once published. */
  readerUrl: string | null;
  corrections: { note: string; createdAt: string }[];
  /** The workflow steps so far, oldest first, with their notes (why it was returned, for instance). */
  history: { action: string; name: string; note: string | null; userName: string | null; createdAt: string }[];
  /** What the saved text names (extraction, at every save): «ما وجدناه في النص». */
  entities: EditorEntity[];
  /** Published articles the saved text is a near-copy of, at every save: «يشبه مقالاً منشوراً». */
  nearCopies: EditorNearCopy[];
}

/** A published article the saved text is a near-copy of (store.nearCopies). */
export interface EditorNearCopy {
  id: number;
  headline: string;
  /** Its reader page. */
  url: string;
  /** How much of the shorter text is in the longer, 0.7–1. */
  similarity: number;
}

/** An article in the editor's «اقرأ أيضا» panel. */
export interface EditorRelatedEntry {
  id: number;
  headline: string;
  /** Its reader page; null when it is not published (a pin then waits, unseen, for its return). */
  url: string | null;
  /** Why the automatic list holds it («يذكر: …»); absent for pinned and removed ones. */
  reason?: string;
}

/**
 * «اقرأ أيضا» as the editor shows it (GET /newsroom/articles/:id/related): readers see the
 * pinned articles, then the automatic ones, `shown` in all.
 */
export interface EditorRelated {
  pinned: EditorRelatedEntry[];
  automatic: EditorRelatedEntry[];
  removed: EditorRelatedEntry[];
  /** How many articles readers see. */
  shown: number;
  /** How many may be pinned. */
  pinnedAtMost: number;
  /** The user may change the list (article.edit). */
  canChange: boolean;
}

/**
 * A person, organisation or place the saved text names (store.entities.forArticle): rejected
 * ones are left out. Its page is /newsroom/entities/<id>.
 */
export interface EditorEntity {
  id: number;
  type: EntityType;
  /** شخص، هيئة، مكان. */
  typeName: string;
  /** The entity's canonical name. */
  name: string;
  /** The forms this article writes it in, as written. */
  names: string[];
  status: 'proposed' | 'confirmed';
  /** How many times the text names it. */
  mentions: number;
  /** Named in the headline, kicker or dek. */
  prominent: boolean;
}

/** What a decision about an entity answers a JSON caller (POST /newsroom/entities/:id/confirm|reject|…). */
export interface EntityDecisionAnswer {
  decisionId: number;
  /** The articles whose pages show the entity differently now (their pages were purged). */
  changedArticleIds: number[];
  /** The entities the decision touched (their pages were purged). */
  entityIds: number[];
}

/** What the editor page hands the app when it starts. */
export interface EditorBoot {
  /** null on /newsroom/articles/new until the first save. */
  article: EditorArticle | null;
  /** An empty draft for a new article (its section chosen). */
  blank: EditorDraft;
  sections: { slug: string; name: string }[];
  csrfToken: string;
  /** The newsroom's time zone and its rules: the browser keeps none of its own (zone-rules.ts). */
  zone: ZoneTable;
  user: { id: number; name: string };
  /** May the user confirm or reject the entities the text names (the policy's entities.decide)? */
  canDecideEntities: boolean;
  /** Character limits of each field, and what search engines show before cutting. */
  limits: Record<string, number>;
  seoAdvice: { seoTitle: number; seoDescription: number };
}

export interface RevisionListEntry {
  revision: number;
  kind: string;
  basedOn: number | null;
  note: string | null;
  createdAt: string;
  headline: string;
  /** Who saved it; null for imports and the scheduler. */
  userName: string | null;
}

/** A revision's full text, as the diff and the merge view read it. */
export interface RevisionText extends RevisionListEntry {
  draft: EditorDraft;
}

/** Every refusal of the JSON endpoints. */
export interface EditorApiError {
  error: { code: string; message: string; messageAr: string; field?: string };
  /** A stale save (409): the version saved since, and what this save tried, kept as a revision. */
  conflict?: {
    currentRevision: number;
    keptAsRevision: number | null;
    current: EditorDraft;
    attempted: EditorDraft;
    /** The revision both started from (for a three-way merge), when it is still there. */
    base: EditorDraft | null;
    article: EditorArticle;
  };
}
