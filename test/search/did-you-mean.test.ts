import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean } from '../../src/search/did-you-mean.ts';

/** An index that knows some spellings and the queries that find something. */
function index(variants: Record<string, string[]>, found: string[]) {
  const counted: string[] = [];
  return {
    counted,
    search: {
      variants: async (word: string) => variants[word] ?? [],
      count: async (text: string) => {
        counted.push(text);
        return found.includes(text) ? 3 : 0;
      },
    },
  };
}

describe('did you mean', () => {
  it('respells a word the way the index spells it', async () => {
    const { search } = index({ فايسبوك: ['فيسبوك'] }, ['حجب فيسبوك']);
    assert.equal(await didYouMean('حجب فايسبوك', search), 'حجب فيسبوك');
  });

  it('tries one word at a time when respelling all of them finds nothing', async () => {
    const { search } = index({ جانتس: ['گانتز'], المغرب: ['مغرب'] }, ['زيارة گانتز المغرب']);
    assert.equal(await didYouMean('زيارة جانتس المغرب', search), 'زيارة گانتز المغرب');
  });

  it('offers nothing when no respelling finds anything', async () => {
    const { search } = index({ كلمة: ['كلمات'] }, []);
    assert.equal(await didYouMean('كلمة', search), undefined);
  });

  it('leaves phrases and exclusions as they are and asks the index a bounded number of times', async () => {
    const { search, counted } = index(
      { بلديه: ['البلدية', 'بلدية', 'البلديات'], انتخابات: ['الانتخابات', 'انتخاب'] },
      [],
    );
    assert.equal(await didYouMean('انتخابات بلديه -تونس "المجلس البلدي"', search), undefined);
    assert.ok(counted.length <= 6, `${counted.length} counts`);
    assert.ok(counted.every((q) => q.endsWith('-تونس "المجلس البلدي"')));
  });
});
