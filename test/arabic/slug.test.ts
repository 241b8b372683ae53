import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { slugify } from '../../src/arabic/slug.ts';

describe('slugify', () => {
  it('keeps the Arabic words of a headline, joined by hyphens', () => {
    assert.equal(slugify('المغرب وإسرائيل يوقعان على اتفاق كبير'), 'المغرب-وإسرائيل-يوقعان-على-اتفاق-كبير');
  });

  it('drops harakat, tatweel and punctuation, Arabic and Latin alike', () => {
    assert.equal(slugify('مُخرِج "غدوة حيّ" : الفيلـــم؟! جديد، رائع'), 'مخرج-غدوة-حي-الفيلم-جديد-رائع');
  });

  it('lowercases Latin and folds French accents', () => {
    assert.equal(slugify('Demain Dès l’Aube à Sousse'), 'demain-des-l-aube-a-sousse');
  });

  it('keeps digits of both systems and the Moroccan letters گ ڤ', () => {
    assert.equal(slugify('بيني گانتز في ٢٠٢١ و2021'), 'بيني-گانتز-في-٢٠٢١-و2021');
  });

  it('cuts long headlines at a word boundary within 80 characters', () => {
    const headline =
      'الجانبان تناولا قضايا تهم التعاون العسكري بين القوات المسلحة الملكية وإسرائيل في إطار مذكرة التفاهم';
    const slug = slugify(headline);
    assert.ok([...slug].length <= 80);
    assert.ok([...slug].length > 60, 'as many whole words as fit');
    assert.ok(headline.startsWith(`${slug.replaceAll('-', ' ')} `), 'whole words only');
  });

  it('is empty for text with no letters or digits', () => {
    assert.equal(slugify('؟!… — «»'), '');
  });

  it('never yields characters that need escaping in a path, nor leading or trailing hyphens', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const slug = slugify(text);
        assert.ok(!/[\s/?#%&"'<>\\]/.test(slug), slug);
        assert.ok(!slug.startsWith('-') && !slug.endsWith('-'), slug);
        assert.ok([...slug].length <= 80);
        assert.equal(slugify(slug), slug);
      }),
    );
  });
});
