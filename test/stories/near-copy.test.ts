/**
 * Near-copies as pure functions: a text and its rewrite share band keys and most shingles,
 * texts too short for a fingerprint have none, and a list shows one story once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandKeys, containment, MIN_SHINGLES, shingles, withoutNearCopies } from '../../src/stories/near-copy.ts';
import { deskRewriteText, jawharaRecords, paragraphsOf } from '../helpers/dispatch-rewrite.ts';

const DISPATCH = jawharaRecords(60).find((r) => paragraphsOf(r).length >= 4 && String(r.text).length > 1000)!;

describe('near-copy fingerprints', () => {
  it('finds most of a rewrite’s shingles in its dispatch, and a shared band key', () => {
    const original = String(DISPATCH.text);
    const rewrite = deskRewriteText(DISPATCH);
    assert.ok(containment(shingles(rewrite), shingles(original)) >= 0.7);
    const [a, b] = [bandKeys(original), bandKeys(rewrite)];
    assert.ok(a.some((key, band) => b[band] === key));
  });

  it('gives no fingerprint to a text of fewer than MIN_SHINGLES shingles', () => {
    assert.ok(shingles('جملة قصيرة واحدة فقط').size < MIN_SHINGLES);
    assert.deepEqual(bandKeys('جملة قصيرة واحدة فقط'), []);
  });
});

describe('a list without near-copies', () => {
  const items = [1, 2, 3, 4, 5];

  it('keeps the first of each story, in order, either way the pair is written', () => {
    assert.deepEqual(
      withoutNearCopies(items, (id) => id, [
        [2, 4],
        [5, 1],
      ]),
      [1, 2, 3],
    );
  });

  it('leaves out the copies of what the page already shows', () => {
    assert.deepEqual(
      withoutNearCopies(items, (id) => id, [[3, 9]], [9]),
      [1, 2, 4, 5],
    );
    assert.deepEqual(
      withoutNearCopies(items, (id) => id, []),
      items,
    );
  });
});
