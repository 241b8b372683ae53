import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleCount } from '../../src/web/site/views/article-list-page.tsx';

describe('counting articles in Arabic', () => {
  it('agrees the noun with the number', () => {
    assert.deepEqual([0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 110, 111, 514, 1000, 4817].map(articleCount), [
      'لا مقالات',
      'مقال واحد',
      'مقالان',
      '3 مقالات',
      '10 مقالات',
      '11 مقالا',
      '99 مقالا',
      '100 مقال',
      '101 مقال',
      '102 مقال',
      '103 مقالات',
      '110 مقالات',
      '111 مقالا',
      '514 مقالا',
      '1000 مقال',
      '4817 مقالا',
    ]);
  });
});
