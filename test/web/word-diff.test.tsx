import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { WordDiff } from '../../src/web/newsroom/editor/word-diff.tsx';

describe('the word diff of the merge and revision views', () => {
  it('keeps a space between removed words and the words that replace them', () => {
    const html = renderToString(
      <WordDiff
        before="انطلقت صباح اليوم عملية توزيع المساعدات على الأسر المتضررة"
        after="انطلقت صباح اليوم عملية توزيع المساعدات بإقليم الحوز"
      />,
    );
    const text = html.replace(/<[^>]+>/g, '');
    assert.doesNotMatch(text, /المتضررةبإقليم/);
    assert.match(html, /<del>[^<]*المتضررة<\/del> <ins>بإقليم[^<]*<\/ins>/);
  });

  it('shows one paragraph per paragraph, in the page direction', () => {
    const html = renderToString(
      <WordDiff before={'الفقرة الأولى\n\nالفقرة الثانية'} after={'الفقرة الأولى\n\nالفقرة الثالثة'} />,
    );
    assert.equal((html.match(/<p>/g) ?? []).length, 2);
    assert.doesNotMatch(html, /dir=/);
  });
});
