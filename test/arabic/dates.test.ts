import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calendarDay,
  formatClockTime,
  formatHijriDate,
  formatMoroccanDate,
  formatMoroccanMonth,
  formatMoroccanShortDate,
  formatNewsroomTime,
  formatUtcOffset,
  instantOfLocalTime,
  isKnownTimeZone,
  isRealDay,
  localDateTimeValue,
  startOfLocalDay,
  utcOffsetMinutes,
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

describe("Morocco's clocks since 20 September 2026 (IANA 2026e)", () => {
  // Pinned on purpose: data older than 2026e (Node 20's ICU carries 2025c) says +01 after the
  // change, and this test fails loudly on it.
  it('is +01 until 02:00 local time on 20 September 2026 and +00 from then on', () => {
    assert.equal(utcOffsetMinutes(new Date('2026-09-20T00:59:59Z'), 'Africa/Casablanca'), 60);
    assert.equal(utcOffsetMinutes(new Date('2026-09-20T01:00:00Z'), 'Africa/Casablanca'), 0);
    assert.equal(formatUtcOffset(new Date('2026-09-19T12:00:00Z'), 'Africa/Casablanca'), 'GMT+1');
    assert.equal(formatUtcOffset(new Date('2026-11-29T23:30:00Z'), 'Africa/Casablanca'), 'GMT+0');
  });

  it('puts 23:30 UTC on 29 November 2026 on the 29th in Casablanca, at 23:30', () => {
    const lateNight = new Date('2026-11-29T23:30:00Z');
    assert.deepEqual(calendarDay(lateNight, 'Africa/Casablanca'), { year: 2026, month: 11, day: 29 });
    assert.equal(formatNewsroomTime(lateNight, 'Africa/Casablanca'), '29 نونبر 2026 على الساعة 23:30');
    assert.equal(localDateTimeValue(lateNight, 'Africa/Casablanca'), '2026-11-29T23:30');
    assert.equal(
      instantOfLocalTime({ year: 2026, month: 11, day: 29, hour: 18 }, 'Africa/Casablanca').toISOString(),
      '2026-11-29T18:00:00.000Z',
    );
  });

  it('keeps the past as it was: the seed article at +01, Ramadan 2021 at +00', () => {
    assert.equal(formatNewsroomTime(seedDay, 'Africa/Casablanca'), '24 نونبر 2021 على الساعة 12:00');
    assert.equal(formatClockTime(new Date('2021-04-20T12:00:00Z'), 'Africa/Casablanca'), '12:00');
    assert.equal(formatClockTime(new Date('2021-05-20T12:00:00Z'), 'Africa/Casablanca'), '13:00');
  });
});

describe('time zones by name', () => {
  it('knows IANA names and refuses others', () => {
    assert.equal(isKnownTimeZone('Africa/Tunis'), true);
    assert.equal(isKnownTimeZone('UTC'), true);
    assert.equal(isKnownTimeZone('Africa/Atlantis'), false);
    assert.throws(() => formatClockTime(new Date(), 'Africa/Atlantis'), /Africa\/Atlantis/);
  });

  it('writes offsets that are not whole hours', () => {
    assert.equal(formatUtcOffset(new Date('2026-01-15T12:00:00Z'), 'Asia/Kolkata'), 'GMT+5:30');
    assert.equal(formatUtcOffset(new Date('2026-01-15T12:00:00Z'), 'America/St_Johns'), 'GMT-3:30');
  });
});
