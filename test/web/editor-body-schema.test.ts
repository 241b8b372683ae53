/**
 * The editor's body in ProseMirror and back: every kind of block survives the round trip,
 * links inside a paragraph stay on their words, and what a journalist leaves empty is dropped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block } from '../../src/content/blocks.ts';
import { blocksToDoc, bodySchema, docToBlocks } from '../../src/web/newsroom/editor/body-schema.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';

const BODY: Block[] = [
  {
    type: 'paragraph',
    text: 'قال Emmanuel Macron في الرباط إن 250 مقاولة ستستفيد من البرنامج.',
    links: [{ start: 4, end: 19, href: 'https://fr.wikipedia.org/wiki/Emmanuel_Macron' }],
  },
  { type: 'heading', level: 2, text: 'تفاصيل البرنامج' },
  { type: 'heading', level: 3, text: 'المستفيدون' },
  { type: 'quote', text: 'سنواصل العمل مع شركائنا', cite: 'وزير الصناعة' },
  { type: 'list', ordered: false, items: ['الدار البيضاء', 'طنجة'] },
  { type: 'list', ordered: true, items: ['المرحلة الأولى', 'المرحلة الثانية'] },
  {
    type: 'image',
    src: '/media/ab/cd.jpg',
    alt: 'الوزير في الرباط',
    caption: 'خلال الندوة',
    credit: 'و.م.ع',
    mediaId: 7,
  },
  { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
];

describe('the editor body schema', () => {
  it('turns every kind of block into the document and back unchanged', () => {
    const doc = blocksToDoc(BODY);
    doc.check();
    assert.deepEqual(docToBlocks(doc), BODY);
    assert.equal(doc.childCount, BODY.length);
  });

  it('keeps real articles from the corpus as they are', () => {
    for (const draft of corpusDrafts(20)) assert.deepEqual(docToBlocks(blocksToDoc(draft.body)), draft.body);
  });

  it('starts an empty body with one empty paragraph, and saves it as no blocks', () => {
    const doc = blocksToDoc([]);
    assert.equal(doc.childCount, 1);
    assert.equal(doc.firstChild?.type.name, 'paragraph');
    assert.deepEqual(docToBlocks(doc), []);
  });

  it('drops empty paragraphs and list items, and joins the pieces of one link', () => {
    const s = bodySchema;
    const link = s.marks.link!.create({ href: 'https://alghad24.ma' });
    const doc = s.nodes.doc!.create(null, [
      s.nodes.paragraph!.create(null, [
        s.text('زيارة '),
        s.text('موقع', [link]),
        s.text(' الغد', [link]),
        s.text(' اليوم'),
      ]),
      s.nodes.paragraph!.create(null, [s.text('   ')]),
      s.nodes.bullet_list!.create(null, [
        s.nodes.list_item!.create(null, s.nodes.paragraph!.create(null, s.text('بند'))),
        s.nodes.list_item!.create(null, s.nodes.paragraph!.create()),
      ]),
    ]);
    assert.deepEqual(docToBlocks(doc), [
      { type: 'paragraph', text: 'زيارة موقع الغد اليوم', links: [{ start: 6, end: 15, href: 'https://alghad24.ma' }] },
      { type: 'list', ordered: false, items: ['بند'] },
    ]);
  });

  it('ignores links that do not fit their paragraph', () => {
    const doc = blocksToDoc([
      { type: 'paragraph', text: 'نص قصير', links: [{ start: 3, end: 99, href: 'https://example.ma' }] },
    ]);
    assert.deepEqual(docToBlocks(doc), [{ type: 'paragraph', text: 'نص قصير' }]);
  });
});

describe("blocks' direction in the editor", () => {
  it('keeps the direction an editor set through the round trip, and sets none otherwise', () => {
    const body: Block[] = [
      { type: 'paragraph', text: 'Emmanuel Macron كان قد زار المغرب سنة 2024.' },
      { type: 'paragraph', text: 'Le roi a reçu le président.', dir: 'ltr' },
      { type: 'heading', level: 2, text: 'Déclaration', dir: 'ltr' },
      { type: 'quote', text: 'Merci beaucoup', dir: 'ltr' },
      { type: 'list', ordered: false, items: ['Rabat', 'Casablanca'], dir: 'ltr' },
    ];
    assert.deepEqual(docToBlocks(blocksToDoc(body)), body);
  });

  it('draws blocks in the article direction: no dir="auto", dir="ltr" only where set', () => {
    const doc = blocksToDoc([
      { type: 'paragraph', text: 'Emmanuel Macron كان قد زار المغرب.' },
      { type: 'paragraph', text: 'Le roi a reçu le président.', dir: 'ltr' },
    ]);
    const specs: unknown[] = [];
    doc.forEach((node) => {
      specs.push(node.type.spec.toDOM!(node));
    });
    assert.deepEqual(specs, [
      ['p', {}, 0],
      ['p', { dir: 'ltr' }, 0],
    ]);
  });
});
