import type { EditorNearCopy } from './editor-model.ts';

/**
 * «يشبه مقالاً منشوراً»: the published articles whose body the saved text is a near-copy of
 * (the same dispatch: paragraphs dropped or moved, a few words changed), with how much of the
 * shorter text is in the longer. Shown only when there are some; every save looks again.
 */
export function NearCopiesPanel({ copies }: { copies: EditorNearCopy[] }) {
  if (copies.length === 0) return null;
  return (
    <section class="side-panel near-copies-panel" aria-labelledby="near-copies-title" data-near-copies>
      <h2 id="near-copies-title">يشبه مقالاً منشوراً</h2>
      <p class="notice notice--info" role="status">
        {copies.length === 1
          ? 'النص المحفوظ نسخة قريبة من مقال منشور:'
          : `النص المحفوظ نسخة قريبة من ${copies.length} مقالات منشورة:`}
      </p>
      <ul class="near-copies-panel__list">
        {copies.map((copy) => (
          <li key={copy.id} data-near-copy={String(copy.id)}>
            <a href={copy.url} target="_blank" rel="noopener">
              <bdi>{copy.headline}</bdi>
            </a>{' '}
            <span class="muted">(تطابق {Math.round(copy.similarity * 100)}٪)</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
