/** Blocks from the editor's JSON are checked field by field before they are stored. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDraft, DraftError } from '../../src/content/article-draft.ts';
import { blockProblem } from '../../src/content/block-shape.ts';
import type { Block } from '../../src/content/blocks.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';

const bad = (value: object) => value as unknown as Block;

describe('block shapes', () => {
  it('accepts every block the corpus and the editor make', () => {
    for (const draft of corpusDrafts(50)) for (const block of draft.body) assert.equal(blockProblem(block), undefined);
    for (const block of [
      { type: 'paragraph', text: 'نص', links: [{ start: 0, end: 2, href: 'https://alghad24.ma' }] },
      { type: 'heading', level: 3, text: 'عنوان' },
      { type: 'quote', text: 'قول', cite: 'قائل' },
      { type: 'list', ordered: true, items: ['أ', 'ب'] },
      { type: 'image', src: '/media/aa/b.jpg', alt: 'صورة', width: 800, height: 600, mediaId: 3 },
      { type: 'embed', provider: 'x', url: 'https://x.com/a/status/1' },
    ] as Block[]) {
      assert.equal(blockProblem(block), undefined, JSON.stringify(block));
    }
  });

  it('says in Arabic what is wrong with a malformed block', () => {
    for (const block of [
      bad({ type: 'paragraph', text: 42 }),
      bad({ type: 'paragraph', text: 'نص', links: [{ start: 0, end: 9, href: 'https://a.ma' }] }),
      bad({ type: 'paragraph', text: 'نص', links: [{ start: 0, end: 2, href: 'javascript:alert(1)' }] }),
      bad({ type: 'heading', level: 1, text: 'عنوان' }),
      bad({ type: 'list', ordered: false, items: 'أ' }),
      bad({ type: 'image', src: 'javascript:alert(1)', alt: '' }),
      bad({ type: 'image', src: '//evil.example/x.png', alt: 'x' }),
      bad({ type: 'image', src: '/media/a.jpg', alt: 'x', width: -3 }),
      bad({ type: 'embed', provider: 'myspace', url: 'https://myspace.com/x' }),
      bad({ type: 'embed', provider: 'youtube', url: 'data:text/html,<script>' }),
    ]) {
      assert.match(blockProblem(block) ?? '', /[\u0600-\u06ff]/, JSON.stringify(block));
    }
  });

  it('checkDraft refuses a body with a malformed block, naming its position', () => {
    assert.throws(
      () =>
        checkDraft({
          headline: 'عنوان',
          sectionSlug: 'وطنية',
          body: [
            { type: 'paragraph', text: 'فقرة' },
            { type: 'list', ordered: false, items: [1, 2] },
          ],
        }),
      (error: unknown) =>
        error instanceof DraftError && error.code === 'invalid_block' && /رقم 2/.test(error.messageAr),
    );
  });
});
