/**
 * The editor's workflow panel, rendered to a string: a returned draft's note says «إليك» ("to
 * you") only to the article's owner; anyone else (the editor who returned it) reads whom it was
 * returned to.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import type { EditorArticle } from '../../src/web/newsroom/editor/editor-model.ts';
import { WorkflowPanel } from '../../src/web/newsroom/editor/workflow-panel.tsx';

const OWNER = { id: 7, name: 'هاجر الفاسي' };
const EDITOR = { id: 3, name: 'سلمى بناني' };
const NOTE = 'أضيفي مصدر الأرقام في الفقرة الثانية.';

function returnedArticle(owner: EditorArticle['owner']): EditorArticle {
  return {
    id: 12,
    revision: 2,
    status: 'draft',
    statusName: 'مسودة',
    owner,
    publishedAt: null,
    draft: {} as EditorArticle['draft'],
    canEdit: true,
    actions: [],
    readerUrl: null,
    corrections: [],
    history: [
      { action: 'submit', name: 'إرسال للمراجعة', note: null, userName: OWNER.name, createdAt: '2026-11-30T09:00:00Z' },
      {
        action: 'return',
        name: 'إعادة إلى الكاتب',
        note: NOTE,
        userName: EDITOR.name,
        createdAt: '2026-11-30T10:00:00Z',
      },
    ],
    entities: [],
    nearCopies: [],
  };
}

function returnedNote(article: EditorArticle, userId: number): string {
  const html = renderToString(
    <WorkflowPanel
      article={article}
      userId={userId}
      timeZone="Africa/Casablanca"
      busy={false}
      onAction={async () => true}
    />,
  );
  const note = /<div class="notice notice--error returned-note">([\s\S]*?)<\/div>/.exec(html);
  assert.ok(note, 'the returned note is shown');
  return note[1]!.replace(/<[^>]+>/g, '');
}

describe('the workflow panel’s return note', () => {
  it('says «إليك» to the article’s owner', () => {
    const text = returnedNote(returnedArticle(OWNER), OWNER.id);
    assert.match(text, new RegExp(`أعاده ${EDITOR.name} إليك`));
    assert.ok(text.includes(NOTE));
  });

  it('names whom it was returned to for anyone else, the editor who returned it first', () => {
    for (const viewer of [EDITOR.id, 99]) {
      const text = returnedNote(returnedArticle(OWNER), viewer);
      assert.doesNotMatch(text, /إليك/, `viewer ${viewer}`);
      assert.match(text, new RegExp(`أعاده ${EDITOR.name} إلى ${OWNER.name}`), `viewer ${viewer}`);
    }
  });

  it('says «إلى كاتبه» when the owner’s name is not known', () => {
    const text = returnedNote(returnedArticle({ id: OWNER.id, name: null }), EDITOR.id);
    assert.match(text, /إلى كاتبه/);
    assert.doesNotMatch(text, /إليك/);
  });
});
