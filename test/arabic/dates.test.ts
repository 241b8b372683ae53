import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calendarDay,
  formatHijriDate,
  formatMoroccanDate,
  formatMoroccanMonth,
  formatMoroccanShortDate,
  instantOfLocalTime,
  isRealDay,
  startOfLocalDay,
} from '../../src/arabic/dates.ts';

// The seed article: Wednesday 24 November 2021, noon in Rabat.
const seedDay = new Date('2021-11-24T12:00:00+01:00');

describe('Moroccan dates', () => {
  it('writes the weekday, day, Moroccan month name and year, without a comma', () => {
    assert.equal(formatMoroccanDate(seedDay), 'الأربعاء 24 نونبر 2021');
  });

  it('uses the Moroccan month names (ماي، يوليوز، غشت، شتنبر، دجنبر)', () => {
    const months = [5, 7, 8, 9, 12].map((m) => formatMoroccanShortDate(new Date(Date.UTC(2021, m - 1, 10, 12))));
    assert.deepEqual(months, ['10 ماي 2021', '10 يوليوز 2021', '10 غشت 2021', '10 شتنبر 2021', '10 دجنبر 2021']);
    assert.equal(formatMoroccanMonth(2021, 8), 'غشت 2021');
  });

  it('writes Western digits, as Moroccan newspapers do', () => {
    assert.match(formatMoroccanDate(seedDay), /^[^\u0660-\u0669]+$/);
  });

  it('gives the Umm al-Qura Hijri date beside it', () => {
    assert.equal(formatHijriDate(seedDay), '19 ربيع الآخر 1443 هـ');
  });

  it('counts the day in the newsroom time zone, not in UTC', () => {
    // 23:30 UTC on 31 December 2021 is already 1 January 2022 in Casablanca (UTC+1).
    const lateNight = new Date('2021-12-31T23:30:00Z');
    assert.deepEqual(calendarDay(lateNight, 'Africa/Casablanca'), { year: 2022, month: 1, day: 1 });
    assert.equal(formatMoroccanShortDate(lateNight), '1 يناير 2022');
  });
});

describe('local days and times', () => {
  it('finds the instant a day starts in Casablanca, in and out of Ramadan time', () => {
    assert.equal(startOfLocalDay(2021, 11, 24, 'Africa/Casablanca').toISOString(), '2021-11-23T23:00:00.000Z');
    // During Ramadan 2021 (13 April – 16 May) Morocco moved back to UTC+0.
    assert.equal(startOfLocalDay(2021, 4, 20, 'Africa/Casablanca').toISOString(), '2021-04-20T00:00:00.000Z');
  });

  it('turns a wall-clock time into an instant: 18:00 in Tunis is 17:00 UTC', () => {
    assert.equal(
      instantOfLocalTime({ year: 2017, month: 1, day: 22, hour: 18, minute: 0 }, 'Africa/Tunis').toISOString(),
      '2017-01-22T17:00:00.000Z',
    );
  });

  it('tells real days from impossible ones', () => {
    assert.equal(isRealDay(2021, 11, 24), true);
    assert.equal(isRealDay(2024, 2, 29), true);
    assert.equal(isRealDay(2023, 2, 29), false);
    assert.equal(isRealDay(2021, 13, 1), false);
    assert.equal(isRealDay(2021, 4, 31), false);
    assert.equal(isRealDay(0, 1, 1), false);
    assert.equal(isRealDay(99999, 1, 1), false);
  });
});
