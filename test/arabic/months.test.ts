import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EGYPTIAN_GULF_MONTHS,
  FRENCH_MONTHS,
  GREGORIAN_MONTHS_BY_REGION,
  HIJRI_MONTHS,
  LEVANTINE_MONTHS,
  MOROCCAN_MONTHS,
  type MonthTable,
  TUNISIAN_ALGERIAN_MONTHS,
} from '../../src/arabic/months.ts';

/** The twelve month names ICU prints for a locale, January (or Muharram) first. */
function icuMonths(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  if (locale.includes('islamic')) {
    // 1443 AH began on 9 August 2021; walk its months by their first days.
    const names: string[] = [];
    for (let day = 0; names.length < 12; day += 1) {
      const name = format.format(new Date(Date.UTC(2021, 7, 9 + day)));
      if (names.at(-1) !== name) names.push(name);
    }
    return names;
  }
  return Array.from({ length: 12 }, (_, month) => format.format(new Date(Date.UTC(2021, month, 15))));
}

const usual = (table: MonthTable) => table.map((spellings) => spellings[0]);

describe('month tables', () => {
  it('list twelve months each, every month with at least one spelling', () => {
    for (const table of [...Object.values(GREGORIAN_MONTHS_BY_REGION), HIJRI_MONTHS]) {
      assert.equal(table.length, 12);
      for (const spellings of table) assert.ok(spellings.length >= 1 && spellings.every((s) => s.trim() === s && s));
    }
  });

  it('put the Moroccan names first as ICU ar-MA prints them: ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر', () => {
    assert.deepEqual(usual(MOROCCAN_MONTHS), icuMonths('ar-MA'));
    assert.deepEqual(usual(MOROCCAN_MONTHS).slice(7, 9), ['غشت', 'شتنبر']);
  });

  it('put the Tunisian and Algerian names first as ICU ar-TN and ar-DZ print them: جانفي، فيفري، جوان، أوت', () => {
    assert.deepEqual(usual(TUNISIAN_ALGERIAN_MONTHS), icuMonths('ar-TN'));
    assert.deepEqual(usual(TUNISIAN_ALGERIAN_MONTHS), icuMonths('ar-DZ'));
  });

  it('put the Egyptian and Gulf names first as ICU ar-EG and ar-SA print them: مايو، يوليو، أغسطس', () => {
    assert.deepEqual(usual(EGYPTIAN_GULF_MONTHS), icuMonths('ar-EG'));
    assert.deepEqual(usual(EGYPTIAN_GULF_MONTHS), icuMonths('ar-SA'));
  });

  it('put the Levantine and Iraqi names first as ICU ar-LB and ar-IQ print them: كانون الثاني، آب، أيلول', () => {
    assert.deepEqual(usual(LEVANTINE_MONTHS), icuMonths('ar-LB'));
    assert.deepEqual(usual(LEVANTINE_MONTHS), icuMonths('ar-IQ'));
  });

  it('put the French names first as ICU fr prints them, abbreviations after', () => {
    assert.deepEqual(usual(FRENCH_MONTHS), icuMonths('fr'));
    assert.ok(FRENCH_MONTHS[1]!.includes('févr.') && FRENCH_MONTHS[8]!.includes('sept.'));
  });

  it('put the Hijri names first as ICU islamic-umalqura prints them, with ربيع الثاني and جمادى الثانية beside', () => {
    assert.deepEqual(usual(HIJRI_MONTHS), icuMonths('ar-u-ca-islamic-umalqura'));
    assert.ok(HIJRI_MONTHS[3]!.includes('ربيع الثاني') && HIJRI_MONTHS[5]!.includes('جمادى الثانية'));
  });
});
