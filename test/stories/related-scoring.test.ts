/**
 * «اقرأ أيضا»'s scoring and its kept lists' offers, as pure functions: a rarer shared name
 * scores more, time wears a score down to its floor, and an offer takes its place by score,
 * pushes out the last, and stays out beside a near-copy of itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RELATED_WEIGHTS,
  reasonParts,
  relatedReason,
  relatedScore,
  withOffer,
} from '../../src/stories/related-scoring.ts';

const entity = (name: string, articleCount: number, prominent = false) => ({ name, articleCount, prominent });

describe('related scoring', () => {
  it('scores a rarer shared name above a common one, and the rarest first in the reason', () => {
    const rare = relatedScore({ shared: [entity('عين دراهم', 6)], sameSection: false, daysApart: 0 });
    const common = relatedScore({ shared: [entity('تونس', 3_000)], sameSection: false, daysApart: 0 });
    assert.ok(rare > RELATED_WEIGHTS.minimum && common < RELATED_WEIGHTS.minimum, `${rare} ${common}`);
    assert.equal(
      relatedReason({ shared: [entity('تونس', 3_000), entity('عين دراهم', 6)], sameSection: false, daysApart: 0 }),
      'يذكر: عين دراهم، تونس',
    );
  });

  it('adds shared rare words, rarer more, all of them below a rare name put up front', () => {
    const word = (term: string, articleCount: number) => ({ term, articleCount });
    const none = relatedScore({ shared: [], sameSection: false, daysApart: 0 });
    const one = relatedScore({ shared: [], terms: [word('الكامور', 2)], sameSection: false, daysApart: 0 });
    const commoner = relatedScore({ shared: [], terms: [word('اعتصام', 50)], sameSection: false, daysApart: 0 });
    assert.equal(none, 0);
    assert.ok(one > commoner && commoner > 0, `${one} ${commoner}`);
    // One rare word alone is not enough to be listed, even in the same section; two are.
    assert.ok(
      relatedScore({ shared: [], terms: [word('الكامور', 2)], sameSection: true, daysApart: 0 }) <
        RELATED_WEIGHTS.minimum,
    );
    assert.ok(
      relatedScore({ shared: [], terms: [word('الكامور', 2), word('تطاوين', 3)], sameSection: false, daysApart: 0 }) >=
        RELATED_WEIGHTS.minimum,
    );
    const words = Array.from({ length: 12 }, (_, i) => word(`w${i}`, 2));
    const manyWords = relatedScore({ shared: [], terms: words, sameSection: false, daysApart: 0 });
    assert.equal(manyWords, RELATED_WEIGHTS.termsAtMost);
    const rareName = relatedScore({ shared: [entity('محمد الغنوشي', 5, true)], sameSection: false, daysApart: 0 });
    assert.ok(manyWords < rareName, `${manyWords} ${rareName}`);
  });

  it('gives the names, then the shared words, three in all, and reads them back', () => {
    const reason = relatedReason({
      shared: [entity('قبلي', 300), entity('سامي الغابي', 12), entity('الفوار', 40)],
      terms: [
        { term: 'الجرسين', articleCount: 8 },
        { term: 'بشني', articleCount: 6 },
      ],
      sameSection: false,
      daysApart: 0,
    });
    assert.equal(reason, 'يذكر: سامي الغابي، الفوار؛ كلمات مشتركة: بشني');
    assert.deepEqual(reasonParts(reason), { names: ['سامي الغابي', 'الفوار'], terms: ['بشني'] });
    const wordsOnly = relatedReason({
      shared: [],
      terms: [{ term: 'الكامور', articleCount: 9 }],
      sameSection: false,
      daysApart: 0,
    });
    assert.equal(wordsOnly, 'كلمات مشتركة: الكامور');
    assert.deepEqual(reasonParts(wordsOnly), { names: [], terms: ['الكامور'] });
    assert.deepEqual(reasonParts('اختيار التحرير'), { names: [], terms: [] });
  });

  it('halves a score every half-life, down to its floor', () => {
    const at = (daysApart: number) => relatedScore({ shared: [entity('جندوبة', 30)], sameSection: true, daysApart });
    assert.ok(Math.abs(at(RELATED_WEIGHTS.halfLifeDays) - at(0) / 2) < 1e-9);
    assert.equal(at(10_000), at(0) * RELATED_WEIGHTS.timeFloor);
  });
});

describe('an offer to a kept list', () => {
  const list = [
    { id: 1, score: 3 },
    { id: 2, score: 2 },
    { id: 3, score: 1 },
  ];
  const never = () => false;

  it('takes its place by score and pushes out the last of a full list', () => {
    assert.deepEqual(
      withOffer(list, { id: 9, score: 2.5 }, 3, never)?.map((e) => e.id),
      [1, 9, 2],
    );
    assert.equal(withOffer(list, { id: 9, score: 0.5 }, 3, never), undefined);
    assert.deepEqual(
      withOffer(list, { id: 9, score: 0.5 }, 4, never)?.map((e) => e.id),
      [1, 2, 3, 9],
    );
  });

  it('leaves a list alone when it already holds the offer as scored, and moves it when its score changed', () => {
    assert.equal(withOffer(list, { id: 2, score: 2 }, 3, never), undefined);
    assert.deepEqual(
      withOffer(list, { id: 3, score: 5 }, 3, never)?.map((e) => e.id),
      [3, 1, 2],
    );
  });

  it('stays out of a list holding a near-copy of it', () => {
    assert.equal(
      withOffer(list, { id: 9, score: 9 }, 3, (a, b) => a + b === 11),
      undefined,
    );
  });
});
