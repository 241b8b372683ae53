import type { EditorDraft } from './editor-model.ts';

/**
 * The unsaved text of an article, kept in this browser until the server has it: a closed
 * tab, a lost connection or an expired session loses nothing. One entry per article (and one
 * for a new article not saved yet), with the revision the text was written from.
 */
export interface LocalCopy {
  articleId: number | null;
  baseRevision: number | null;
  draft: EditorDraft;
  savedAt: string;
}

const key = (articleId: number | null) => `ghad-editor:${articleId ?? 'new'}`;

export function readLocalCopy(articleId: number | null): LocalCopy | undefined {
  try {
    const raw = localStorage.getItem(key(articleId));
    if (!raw) return undefined;
    const copy = JSON.parse(raw) as LocalCopy;
    // A copy kept before secondary sections existed has none.
    return { ...copy, draft: { ...copy.draft, secondarySectionSlugs: copy.draft.secondarySectionSlugs ?? [] } };
  } catch {
    return undefined;
  }
}

export function writeLocalCopy(copy: Omit<LocalCopy, 'savedAt'>): void {
  try {
    localStorage.setItem(key(copy.articleId), JSON.stringify({ ...copy, savedAt: new Date().toISOString() }));
  } catch {
    // A full or disabled storage: the server save still goes on.
  }
}

export function forgetLocalCopy(articleId: number | null): void {
  try {
    localStorage.removeItem(key(articleId));
  } catch {
    // Nothing to forget.
  }
}
