/**
 * The merge view's three-way merge (web/newsroom/editor/draft-merge.ts): what one side changed
 * is taken, the body merged block by block, and what both changed differently is a clash left
 * to the person; never a saved block dropped by the defaults.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Block } from '../../src/content/blocks.ts';
import {
  type BodyPart,
  type ClashChoice,
  mergeBlocks,
  mergeDrafts,
  mergeValue,
  resolveBlocks,
  resolveDraft,
  sameValue,
} from '../../src/web/newsroom/editor/draft-merge.ts';
import type { EditorDraft } from '../../src/web/newsroom/editor/editor-model.ts';

const p = (text: string): Block => ({ type: 'paragraph', text });

const P1 = 'توقعت المديرية العامة للأرصاد الجوية أمطارا قوية بعدد من المناطق.';
const P2 = 'ودعت السلطات المواطنين إلى الحذر أثناء التنقل على الطرق.';
const P3 = 'وتستمر هذه الأحوال الجوية إلى غاية يوم الأحد المقبل.';

function draft(patch: Partial<EditorDraft> = {}): EditorDraft {
  return {
    headline: 'أمطار غزيرة مرتقبة',
    kicker: '',
    dek: '',
    body: [p(P1), p(P2), p(P3)],
    sectionSlug: 'وطنية',
    secondarySectionSlugs: [],
    slug: 'amtar',
    dateline: 'الرباط',
    bylines: [{ name: 'و.م.ع', kind: 'organization', role: null }],
    tags: [],
    featuredMediaId: null,
    featuredAlt: '',
    featuredCaption: '',
    featuredCredit: '',
    seoTitle: '',
    seoDescription: '',
    ...patch,
  };
}

const clashes = (parts: BodyPart[]) => parts.filter((part) => part.clash);
const texts = (blocks: Block[] | null) => blocks?.map((b) => (b.type === 'paragraph' ? b.text : b.type)) ?? null;

describe('three-way merge of one value', () => {
  it('takes the side that changed it, either side, and the common value', () => {
    assert.deepEqual(mergeValue('a', 'a', 'b'), { clash: false, value: 'b', from: 'theirs' });
    assert.deepEqual(mergeValue('a', 'b', 'a'), { clash: false, value: 'b', from: 'mine' });
    assert.deepEqual(mergeValue('a', 'c', 'c'), { clash: false, value: 'c', from: 'both' });
  });
  it('is a clash when both changed it differently, or when there is no base to tell', () => {
    assert.equal(mergeValue('a', 'b', 'c').clash, true);
    assert.equal(mergeValue(undefined, 'b', 'c').clash, true);
  });
  it('compares objects whatever the order of their keys', () => {
    assert.ok(sameValue({ type: 'quote', text: 'x', cite: 'y' }, { cite: 'y', text: 'x', type: 'quote' }));
    assert.ok(sameValue({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(!sameValue({ a: 1 }, { a: 2 }));
  });
});

describe('three-way merge of the body, block by block', () => {
  it('keeps both edits when the two sides changed different paragraphs', () => {
    const base = [p(P1), p(P2), p(P3)];
    const theirs = [p(`${P1} وقد تصل التساقطات إلى 60 ملم.`), p(P2), p(P3)];
    const mine = [p(P1), p(`${P2} خاصة في المناطق الجبلية.`), p(P3)];
    const parts = mergeBlocks(base, mine, theirs);
    assert.equal(clashes(parts).length, 0);
    assert.deepEqual(texts(resolveBlocks(parts, {})), [
      `${P1} وقد تصل التساقطات إلى 60 ملم.`,
      `${P2} خاصة في المناطق الجبلية.`,
      P3,
    ]);
  });

  it('keeps a paragraph one side added next to a paragraph the other edited', () => {
    const base = [p(P1), p(P3)];
    const theirs = [p(P1), p(P2), p(P3)];
    const mine = [p(`${P1} حسب النشرة الإنذارية.`), p(P3)];
    assert.deepEqual(texts(resolveBlocks(mergeBlocks(base, mine, theirs), {})), [
      `${P1} حسب النشرة الإنذارية.`,
      P2,
      P3,
    ]);
  });

  it('takes a deletion by one side when the other left the block alone', () => {
    const parts = mergeBlocks([p(P1), p(P2), p(P3)], [p(P1), p(P3)], [p(P1), p(P2), p(`${P3} مساء.`)]);
    assert.deepEqual(texts(resolveBlocks(parts, {})), [P1, `${P3} مساء.`]);
  });

  it('shows a paragraph both changed differently as a clash, and waits for a choice', () => {
    const theirs = [p(P1), p(`${P2} وأغلقت بعض الطرق.`), p(P3)];
    const mine = [p(P1), p(`${P2} واحترام إشارات المرور.`), p(P3)];
    const parts = mergeBlocks([p(P1), p(P2), p(P3)], mine, theirs);
    const [clash] = clashes(parts);
    assert.equal(clashes(parts).length, 1);
    assert.ok(clash?.clash);
    assert.deepEqual(clash.base, p(P2));
    assert.deepEqual(texts(clash.theirs), [`${P2} وأغلقت بعض الطرق.`]);
    assert.deepEqual(texts(clash.mine), [`${P2} واحترام إشارات المرور.`]);
    assert.equal(resolveBlocks(parts, {}), null, 'no default: the person chooses');
    assert.deepEqual(texts(resolveBlocks(parts, { [clash.key]: 'theirs' })), [P1, `${P2} وأغلقت بعض الطرق.`, P3]);
    assert.deepEqual(texts(resolveBlocks(parts, { [clash.key]: 'both' })), [
      P1,
      `${P2} وأغلقت بعض الطرق.`,
      `${P2} واحترام إشارات المرور.`,
      P3,
    ]);
  });

  it('takes a paragraph both changed the same way once', () => {
    const both = [p(P1), p(`${P2}!`), p(P3)];
    const parts = mergeBlocks([p(P1), p(P2), p(P3)], both, both);
    assert.deepEqual(texts(resolveBlocks(parts, {})), texts(both));
  });

  it('is a clash when one side edited a paragraph the other deleted', () => {
    const parts = mergeBlocks([p(P1), p(P2)], [p(P1)], [p(P1), p(`${P2} اليوم.`)]);
    const [clash] = clashes(parts);
    assert.ok(clash?.clash);
    assert.deepEqual(clash.mine, []);
    assert.equal(resolveBlocks(parts, {}), null);
  });

  it('keeps both new paragraphs added at the same place, shown as a clash', () => {
    const parts = mergeBlocks([p(P1)], [p(P1), p(P3)], [p(P1), p(P2)]);
    const [clash] = clashes(parts);
    assert.ok(clash?.clash);
    assert.equal(clash.base, null);
    assert.deepEqual(texts(resolveBlocks(parts, {})), [P1, P2, P3], 'the saved one first, then this one');
  });

  it('without a base, keeps every block and lets the person choose what both wrote at one place', () => {
    const parts = mergeBlocks(null, [p(P1), p(P3)], [p(P1), p(P2)]);
    assert.deepEqual(texts(resolveBlocks(parts, {})), [P1, P2, P3]);
  });
});

describe('three-way merge of a draft', () => {
  it('takes the headline only they changed and the body only I changed', () => {
    const base = draft();
    const theirs = draft({ headline: 'أمطار رعدية قوية مرتقبة الليلة' });
    const mine = draft({ body: [p(P1), p(P2), p(P3), p('فقرة جديدة.')] });
    const merge = mergeDrafts(base, mine, theirs);
    const merged = resolveDraft(merge, mine, theirs, {}, {});
    assert.equal(merged?.headline, 'أمطار رعدية قوية مرتقبة الليلة');
    assert.deepEqual(texts(merged?.body ?? null), [P1, P2, P3, 'فقرة جديدة.']);
  });

  it('waits for a choice on a field both changed, and takes it', () => {
    const theirs = draft({ headline: 'عنوانهم' });
    const mine = draft({ headline: 'عنواني' });
    const merge = mergeDrafts(draft(), mine, theirs);
    assert.equal(resolveDraft(merge, mine, theirs, {}, {}), null);
    assert.equal(resolveDraft(merge, mine, theirs, { headline: 'theirs' }, {})?.headline, 'عنوانهم');
  });

  it('lets the person override a field the rule settled', () => {
    const theirs = draft({ dek: 'موجزهم' });
    const mine = draft();
    const merge = mergeDrafts(draft(), mine, theirs);
    assert.equal(resolveDraft(merge, mine, theirs, {}, {})?.dek, 'موجزهم');
    assert.equal(resolveDraft(merge, mine, theirs, { dek: 'mine' }, {})?.dek, '');
  });
});

// Properties, over bodies made of a few words so that edited paragraphs stay alike.
const WORDS = ['المغرب', 'أمطار', 'الحكومة', 'قال', 'في', 'الرباط', 'مدينة', 'اليوم', 'غدا', 'خطة'];
const paragraph = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 })
  .map((words): Block => ({ type: 'paragraph', text: words.join(' ') }));
const heading = fc.constantFrom(...WORDS).map((word): Block => ({ type: 'heading', level: 2, text: word }));
const block = fc.oneof({ arbitrary: paragraph, weight: 4 }, { arbitrary: heading, weight: 1 });
const body = fc.array(block, { maxLength: 8 });

/** A side made from the base by random edits: keep, change a word, delete, add. */
const editedFrom = (base: Block[]) =>
  fc
    .array(fc.tuple(fc.constantFrom('keep', 'keep', 'edit', 'delete', 'add'), block), {
      minLength: base.length,
      maxLength: base.length,
    })
    .map((steps) =>
      steps.flatMap(([step, extra], i): Block[] => {
        const b = base[i]!;
        if (step === 'delete') return [];
        if (step === 'add') return [b, extra];
        if (step === 'edit' && b.type === 'paragraph') return [{ ...b, text: `${b.text} ${WORDS[i % WORDS.length]}` }];
        return [b];
      }),
    );

const threeBodies = body.chain((base) =>
  fc.tuple(fc.constant(base), fc.oneof(editedFrom(base), body), fc.oneof(editedFrom(base), body)),
);

const allBoth = (parts: BodyPart[]): Record<string, ClashChoice> =>
  Object.fromEntries(parts.flatMap((part) => (part.clash ? [[part.key, 'both' as const]] : [])));

describe('three-way merge properties', () => {
  it('merging with an unchanged side gives the other side, with no clash', () => {
    fc.assert(
      fc.property(threeBodies, ([base, side]) => {
        for (const parts of [mergeBlocks(base, base, side), mergeBlocks(base, side, base)]) {
          assert.equal(clashes(parts).length, 0);
          assert.deepEqual(resolveBlocks(parts, {}), side);
        }
      }),
    );
  });

  it('two sides that made the same changes merge to them', () => {
    fc.assert(
      fc.property(threeBodies, ([base, side]) => {
        const parts = mergeBlocks(base, side, side);
        assert.equal(clashes(parts).length, 0);
        assert.deepEqual(resolveBlocks(parts, {}), side);
      }),
    );
  });

  it('no block either side wrote (not in the base) is dropped when every clash keeps both', () => {
    fc.assert(
      fc.property(threeBodies, fc.boolean(), ([base, mine, theirs], withBase) => {
        const parts = mergeBlocks(withBase ? base : null, mine, theirs);
        const merged = resolveBlocks(parts, allBoth(parts));
        assert.ok(merged);
        const origin = withBase ? base : [];
        for (const written of [...mine, ...theirs]) {
          if (origin.some((b) => sameValue(b, written))) continue;
          assert.ok(
            merged.some((b) => sameValue(b, written)),
            `kept: ${JSON.stringify(written)}`,
          );
        }
      }),
    );
  });

  it('the defaults never drop a block the saved side wrote: they keep it or wait for a choice', () => {
    fc.assert(
      fc.property(threeBodies, ([base, mine, theirs]) => {
        const merged = resolveBlocks(mergeBlocks(base, mine, theirs), {});
        if (merged === null) return;
        for (const written of theirs) {
          if (base.some((b) => sameValue(b, written))) continue;
          assert.ok(merged.some((b) => sameValue(b, written)));
        }
      }),
    );
  });
});
