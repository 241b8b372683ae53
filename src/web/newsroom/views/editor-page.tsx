import { BidiText } from '../../bidi-text.tsx';
import type { EditorBoot } from '../editor/editor-model.ts';

/**
 * The editor page as the server sends it: a heading and what the app needs to start (as
 * JSON in a script element that no browser runs); the app (editor/main.tsx) takes over the
 * <div>. Without JavaScript, the page says so in Arabic.
 */
export function EditorPage({ boot }: { boot: EditorBoot }) {
  const article = boot.article;
  return (
    <section class="editor-shell" aria-labelledby="editor-title">
      <h1 id="editor-title" class="visually-hidden">
        {article ? `تحرير: ${article.draft.headline}` : 'مقال جديد'}
      </h1>
      <div id="editor-app" data-article-id={article ? String(article.id) : undefined}>
        <p class="editor-loading">
          <BidiText text={article ? article.draft.headline : 'مقال جديد'} /> — جارٍ تحميل المحرر…
        </p>
        <noscript>
          <p class="notice notice--error">المحرر يحتاج إلى تفعيل JavaScript في متصفحك.</p>
        </noscript>
      </div>
      {/* JSON with every "<" escaped cannot end the script element. */}
      <script type="application/json" id="editor-boot" dangerouslySetInnerHTML={{ __html: scriptJson(boot) }} />
    </section>
  );
}

/** JSON safe inside <script>: "<", ">" and "&" become \u escapes, and so do the two line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
