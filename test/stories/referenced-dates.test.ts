/**
 * «السياق»'s dates: what an article's text refers to, placed from its publication time in the
 * newspaper's zone, each once, without the publication day itself, with the sentence naming
 * it; impossible dates and unpublished articles give nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chronological, referencedDates } from '../../src/stories/referenced-dates.ts';

// Thursday 10 December 2020, 11:00 in Casablanca.
const PUBLISHED = new Date('2020-12-10T10:00:00Z');
const ZONE = 'Africa/Casablanca';
const days = (text: string, publishedAt: Date | null = PUBLISHED) =>
  referencedDates(text, publishedAt, ZONE).map((d) => `${d.year}-${d.month}${d.day ? `-${d.day}` : ''}`);

describe('referenced dates', () => {
  it('places relative, yearless, month and Hijri dates from the publication day, in the text’s order', () => {
    const text =
      'قال الوزير أمس إن الاتفاق الموقع في دجنبر 2019 سيُجدد. وكان الطرفان قد التقيا الأربعاء الماضي، ' +
      'بعد لقاء غشت الماضي. ويعود الملف إلى 19 ربيع الآخر 1443 هـ.';
    assert.deepEqual(days(text), ['2020-12-9', '2019-12', '2020-8', '2021-11-24']);
  });

  it('names each date once, and never the publication day or month itself', () => {
    assert.deepEqual(days('اليوم 10 دجنبر 2020 في دجنبر الجاري، كما أمس، وبالأمس'), ['2020-12-9']);
  });

  it('quotes the sentence that names the date, cut around it when long', () => {
    const [date] = referencedDates('مقدمة أولى. وأعلنت الوزارة أمس عن خطة جديدة! وخاتمة.', PUBLISHED, ZONE);
    assert.equal(date?.quote, 'وأعلنت الوزارة أمس عن خطة جديدة!');
    assert.equal(date?.matched, 'أمس');
    const long = `${'كلمة '.repeat(60)}وقع ذلك أمس ${'كلمة '.repeat(60)}`;
    const [cut] = referencedDates(long, PUBLISHED, ZONE);
    assert.ok(cut!.quote.length <= 164 && cut!.quote.includes('أمس'), cut!.quote);
    assert.ok(cut!.quote.startsWith('… ') && cut!.quote.endsWith(' …'));
  });

  it('gives nothing for impossible dates, a Hijri date out of range, an unpublished article or no text', () => {
    assert.deepEqual(days('يوم 31 فبراير 2020 و30 ربيع الآخر 1443 هـ'), []);
    assert.deepEqual(days('قال أمس', null), []);
    assert.deepEqual(days(''), []);
  });

  it('keeps at most six', () => {
    const text = Array.from({ length: 10 }, (_, i) => `في ${i + 1} مارس 2019.`).join(' ');
    assert.equal(days(text).length, 6);
  });

  it('orders months before the days in them', () => {
    const sorted = [
      { year: 2020, month: 3, day: 2 },
      { year: 2019, month: 12 },
      { year: 2020, month: 3 },
    ].sort(chronological);
    assert.deepEqual(sorted, [
      { year: 2019, month: 12 },
      { year: 2020, month: 3 },
      { year: 2020, month: 3, day: 2 },
    ]);
  });
});
