import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinCompoundNames } from '../../src/arabic/compound-names.ts';
import { normalize } from '../../src/arabic/normalize.ts';

function joined(text: string): string[] {
  return joinCompoundNames(normalize(text).split(' ')).map((compound) => compound.joined);
}

describe('joinCompoundNames', () => {
  it('joins the spaced spellings of brands and places into their one-word form', () => {
    assert.deepEqual(joined('نشر على فيس بوك صورة'), ['فيسبوك']);
    assert.deepEqual(joined('تدوينة على فايس بوك'), ['فايسبوك']);
    assert.deepEqual(joined('عبر واتس آب'), ['واتساب']);
    assert.deepEqual(joined('عبر واتس اب'), ['واتساب']);
    assert.deepEqual(joined('قناته على يو تيوب'), ['يوتيوب']);
    assert.deepEqual(joined('سناب شات'), ['سنابشات']);
    assert.deepEqual(joined('شركة كوكا كولا'), ['كوكاكولا']);
    assert.deepEqual(joined('في بوركينا فاسو'), ['بوركينافاسو']);
    assert.deepEqual(joined('زار بيونغ يانغ'), ['بيونغيانغ']);
  });

  it('gives تيك توك, written apart, the one-word key تيكتوك', () => {
    assert.deepEqual(joined('فيديو على تيك توك'), ['تيكتوك']);
  });

  it('keeps the proclitics of the first word in front of the joined form', () => {
    assert.deepEqual(joined('والفايس بوك'), ['والفايسبوك']);
    assert.deepEqual(joined('بالفيس بوك'), ['بالفيسبوك']);
    assert.deepEqual(joined('للدار البيضاء'), ['للدارالبيضاء']);
    assert.deepEqual(joined('بالدار البيضاء'), ['بالدارالبيضاء']);
  });

  it('joins بن، أبو، بو to the name after them', () => {
    assert.deepEqual(joined('معتمدية بن قردان'), ['بنقردان']);
    assert.deepEqual(joined('ببن قردان وبن عروس'), ['ببنقردان', 'وبنعروس']);
    assert.deepEqual(joined('زين العابدين بن علي'), ['بنعلي']);
    assert.deepEqual(joined('أبو ظبي'), ['ابوظبي']);
    assert.deepEqual(joined('عبد العزيز بو تفليقة'), ['عبدالعزيز', 'بوتفليقه']);
  });

  it('does not join ابن (the noun "son"), a name with the article, or a function word', () => {
    assert.deepEqual(joined('ابن كيران'), []);
    assert.deepEqual(joined('ابن الرئيس'), []);
    assert.deepEqual(joined('بن الشيخ'), []);
    assert.deepEqual(joined('أبو الغيط'), []);
    assert.deepEqual(joined('بن في'), []);
    assert.deepEqual(joined('لبن طبيعي'), []);
  });

  it('joins عبد to a divine name, and the compounds of الدين', () => {
    assert.deepEqual(joined('عبد الله'), ['عبدالله']);
    assert.deepEqual(joined('وعبد الإله'), ['وعبدالاله']);
    assert.deepEqual(joined('عبد الرحمان'), ['عبدالرحمان']);
    assert.deepEqual(joined('نور الدين'), ['نورالدين']);
    assert.deepEqual(joined('وزين الدين'), ['وزينالدين']);
    assert.deepEqual(joined('عبد المدرسة'), []);
    assert.deepEqual(joined('أمور الدين'), []);
  });

  it('reports word positions, left to right, without overlap', () => {
    const words = normalize('قال عبد الله بن عبد الله على فيس بوك').split(' ');
    assert.deepEqual(joinCompoundNames(words), [
      { start: 1, end: 3, joined: 'عبدالله', rule: 'abd' },
      { start: 3, end: 5, joined: 'بنعبد', rule: 'particle' },
      { start: 7, end: 9, joined: 'فيسبوك', rule: 'spaced' },
    ]);
  });

  it('gives nothing for ordinary text, a lone word or no words', () => {
    assert.deepEqual(joined('قال وزير الداخلية إن الحكومة ستعلن القرار'), []);
    assert.deepEqual(joinCompoundNames(['فيس']), []);
    assert.deepEqual(joinCompoundNames([]), []);
  });

  it('leaves a spelling already joined alone', () => {
    assert.deepEqual(joined('فيسبوك بنقردان عبدالله'), []);
  });
});
