import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { blocksToText, excerpt, isBlockList, paragraphsToBlocks } from '../../src/content/blocks.ts';

describe('body blocks', () => {
  it('turns newline-separated text into paragraphs, dropping blank lines and stray spaces', () => {
    const blocks = paragraphsToBlocks('  استضاف برنامج "سينما سينما"   الأربعاء \n\n\r\nهذه الاستضافة تأتي   \n   \n');
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: 'استضاف برنامج "سينما سينما" الأربعاء' },
      { type: 'paragraph', text: 'هذه الاستضافة تأتي' },
    ]);
  });

  it('derives the plain text of every kind of block, one per line', () => {
    const text = blocksToText([
      { type: 'heading', level: 2, text: 'اتفاق عسكري' },
      { type: 'paragraph', text: 'استقبل الجنرال الفاروق بلخير بيني گانتز.' },
      { type: 'quote', text: 'أغادر الآن في زيارة مهمة وتاريخية للمغرب', cite: 'بيني جانتس' },
      { type: 'list', ordered: false, items: ['التعاون العسكري', 'التعاون الأمني'] },
      { type: 'image', src: '/media/a.jpg', alt: 'صورة', caption: 'الرباط، 24 نونبر 2021' },
      { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=x' },
    ]);
    assert.equal(
      text,
      [
        'اتفاق عسكري',
        'استقبل الجنرال الفاروق بلخير بيني گانتز.',
        'أغادر الآن في زيارة مهمة وتاريخية للمغرب — بيني جانتس',
        'التعاون العسكري',
        'التعاون الأمني',
        'الرباط، 24 نونبر 2021',
      ].join('\n'),
    );
  });

  it('cuts an excerpt at a word boundary and marks the cut', () => {
    const text =
      'وتشكل هذه خطوة كبرى من أجل الدفع بعلاقات التعاون بين البلدين لما يخدم صالح المنطقة والسلم والأمن الإقليمي';
    const short = excerpt(text, 40);
    assert.ok(short.endsWith('…'));
    assert.ok([...short].length <= 41);
    assert.ok(text.startsWith(short.slice(0, -1)));
    assert.equal(excerpt('خبر قصير', 40), 'خبر قصير');
  });

  it('counts an excerpt in characters, with or without surrogate pairs, as one array of characters would', () => {
    // The excerpt as first written: always through an array of code points.
    const byCodePoints = (text: string, maxLength: number) => {
      const flat = text
        .slice(0, maxLength * 4 + 1)
        .replace(/\s+/g, ' ')
        .trim();
      const chars = [...flat];
      if (chars.length <= maxLength) return flat;
      const cut = chars.slice(0, maxLength).join('');
      const lastSpace = cut.lastIndexOf(' ');
      return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s،,.؛:]+$/u, '')}…`;
    };
    const pieces = fc.constantFrom('خبر', 'المغرب', ' ', '\n', '،', '.', '😀', '𝔸', 'a', 'é', '  ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 80 }), fc.integer({ min: 1, max: 60 }), (parts, maxLength) => {
        const text = parts.join('');
        assert.equal(excerpt(text, maxLength), byCodePoints(text, maxLength));
      }),
      { numRuns: 500 },
    );
  });

  it('recognises a stored block list and rejects anything else', () => {
    assert.equal(isBlockList([{ type: 'paragraph', text: 'نص' }]), true);
    assert.equal(isBlockList([{ type: 'script', text: 'alert(1)' }]), false);
    assert.equal(isBlockList({ type: 'paragraph' }), false);
    assert.equal(isBlockList([null]), false);
  });
});
