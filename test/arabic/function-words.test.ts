import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFunctionWord } from '../../src/arabic/function-words.ts';
import { normalize } from '../../src/arabic/normalize.ts';

describe('isFunctionWord', () => {
  it('knows prepositions, particles, relatives and pronouns, as normalize() writes them', () => {
    for (const word of ['في', 'من', 'على', 'إلى', 'التي', 'الذي', 'هذه', 'أن', 'قد', 'كانت', 'عليها', 'le', 'the']) {
      assert.equal(isFunctionWord(normalize(word)), true, word);
    }
  });

  it('knows them after و or ف', () => {
    for (const word of ['وفي', 'والتي', 'فقد', 'ومن', 'وعلى'])
      assert.equal(isFunctionWord(normalize(word)), true, word);
  });

  it('leaves content words, names and numbers alone, even short ones or ones that start with و', () => {
    for (const word of [
      'سوسة',
      'وزير',
      'وطن',
      'فاس',
      'تونس',
      'أحد',
      'ماي',
      'بنكيران',
      'گانتز',
      '2017',
      'مدن',
      'فيسبوك',
    ]) {
      assert.equal(isFunctionWord(normalize(word)), false, word);
    }
  });
});
