import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { directionRuns } from '../../src/arabic/bidi.ts';

const ltrRuns = (text: string) =>
  directionRuns(text)
    .filter((r) => r.ltr)
    .map((r) => r.text);

describe('left-to-right runs inside Arabic text', () => {
  it('isolates a leading Latin name, leaving the year and the full stop to the Arabic sentence', () => {
    assert.deepEqual(directionRuns('Emmanuel Macron كان قد زار المغرب سنة 2024.'), [
      { text: 'Emmanuel Macron', ltr: true },
      { text: ' كان قد زار المغرب سنة 2024.', ltr: false },
    ]);
  });

  it('finds Tifinagh, brands glued to a clitic, and addresses, but keeps brackets and commas outside', () => {
    assert.deepEqual(ltrRuns('قال ⵜⴰⵎⴰⵣⵉⵖⵜ لغة رسمية'), ['ⵜⴰⵎⴰⵣⵉⵖⵜ']);
    assert.deepEqual(ltrRuns('شركة Meta (فيسبوك) وWhatsApp.'), ['Meta', 'WhatsApp']);
    assert.deepEqual(ltrRuns('ماكرون، Emmanuel Macron, 2024, قال'), ['Emmanuel Macron']);
    assert.deepEqual(ltrRuns('الرابط https://alghad24.ma/a هنا'), ['https://alghad24.ma/a']);
    assert.deepEqual(ltrRuns('رخصة CC BY 4.0 للمحتوى'), ['CC BY 4.0']);
  });

  it('leaves Arabic, digits and percentages alone', () => {
    assert.deepEqual(ltrRuns('نسبة 5% فقط سنة 2024'), []);
    assert.deepEqual(directionRuns('نسبة 5% فقط'), [{ text: 'نسبة 5% فقط', ltr: false }]);
    assert.deepEqual(directionRuns(''), []);
  });

  it('cuts any text into runs that put it back together, every left-to-right letter inside a run that starts with one', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', 'ⵣ', 'ب', 'ة', ' ', '.', '2', '(', '-', 'é') }),
        (text) => {
          const runs = directionRuns(text);
          assert.equal(runs.map((r) => r.text).join(''), text);
          for (const run of runs.filter((r) => r.ltr))
            assert.match(run.text, /^[\p{Script=Latin}\p{Script=Tifinagh}]/u);
          // Every Latin or Tifinagh letter lies in a left-to-right run, and only there.
          const letters = (t: string) => (t.match(/[\p{Script=Latin}\p{Script=Tifinagh}]/gu) ?? []).length;
          assert.equal(
            letters(
              runs
                .filter((r) => r.ltr)
                .map((r) => r.text)
                .join(''),
            ),
            letters(text),
          );
        },
      ),
    );
  });
});
