import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type DateParsingOptions,
  findDates,
  hijriToGregorian,
  type ParsedDate,
  parseDate,
} from '../../src/arabic/date-parsing.ts';
import { formatHijriDate, formatMoroccanDate } from '../../src/arabic/dates.ts';
import { GREGORIAN_MONTHS_BY_REGION, HIJRI_MONTHS } from '../../src/arabic/months.ts';
import { DEMO_DIR } from '../../src/import/demo.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

/** The seed article's publication: Wednesday 24 November 2021, noon in Rabat. */
const SEED_PUBLISHED = { referenceDate: new Date('2021-11-24T12:00:00+01:00'), timeZone: 'Africa/Casablanca' };

/** The day a parse gives, as "YYYY-MM-DD", or undefined. */
function dayOf(date: ParsedDate | undefined): string | undefined {
  if (date?.precision !== 'day') return undefined;
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The month a parse gives, as "YYYY-MM", whatever its precision. */
function monthOf(date: ParsedDate | undefined): string | undefined {
  return date && `${date.year}-${String(date.month).padStart(2, '0')}`;
}

describe('parseDate: dates as each region writes them', () => {
  const examples: [string, string][] = [
    ['الأربعاء 24 نونبر 2021', '2021-11-24'],
    ['٢٤ نونبر ٢٠٢١', '2021-11-24'],
    ['اليوم الأربعاء 24 نوفمبر 2021، بيني گانتز', '2021-11-24'],
    ['توفيت عصر اليوم الخميس (23 غشت 2018', '2018-08-23'],
    ['استضاف برنامج "سينما سينما" الأربعاء 18 جانفي 2017 في موعد استثنائي', '2017-01-18'],
    ['منذ 26 جانفي 1978', '1978-01-26'],
    ['وقع في العاصمة ستوكهولم يوم7 أفريل 2017، ارتفع', '2017-04-07'],
    ['في 3 آب 2020', '2020-08-03'],
    ['في 3 آب/أغسطس 2020', '2020-08-03'],
    ['في 15 يوليو تموز 2016', '2016-07-15'],
    ['في 9 تشرين الثاني 1989', '1989-11-09'],
    ['في 1 كانون ثاني 2020', '2020-01-01'],
    ['يوم 25 يناير 2011', '2011-01-25'],
    ['في 5 يونيه 2019', '2019-06-05'],
    ['le 5 mai 2019', '2019-05-05'],
    ['Mardi 1er janv. 2019', '2019-01-01'],
    ['le 14 Juillet 1789', '1789-07-14'],
    ['الجمعة، 5 من أيار، 2023م', '2023-05-05'],
    ['و24 نوفمبر 2021', '2021-11-24'],
    ['24/11/2021', '2021-11-24'],
    ['٢٤/١١/٢٠٢١', '2021-11-24'],
    ['۲۴/۱۱/۲۰۲۱', '2021-11-24'],
    ['24-11-2021', '2021-11-24'],
    ['24.11.2021', '2021-11-24'],
    ['2021-11-24', '2021-11-24'],
    ['نشر في 2021-11-24T12:00:00Z', '2021-11-24'],
    ['غادي تبدا الأربعاء 05/12/2018، الأربعاء12/12/2018', '2018-12-05'],
  ];
  for (const [text, expected] of examples) {
    it(`reads «${text}» as ${expected}`, () => {
      assert.equal(dayOf(parseDate(text)), expected);
    });
  }

  it('reads numbers day first, as in the Maghreb: 05/06/2020 is 5 June', () => {
    assert.equal(dayOf(parseDate('05/06/2020')), '2020-06-05');
    assert.equal(parseDate('12/25/2020'), undefined, 'month-first is not read, even when it is the only reading');
  });

  it('recognises the spellings readers type: hamza dropped, ة/ه, ى/ي, accents dropped, harakat and tatweel', () => {
    const spellings: [string, string][] = [
      ['1 ابريل 2020', '2020-04-01'],
      ['1 إبريل 2020', '2020-04-01'],
      ['1 افريل 2017', '2017-04-01'],
      ['1 اغسطس 2020', '2020-08-01'],
      ['1 اوت 2016', '2016-08-01'],
      ['1 جويليه 2016', '2016-07-01'],
      ['1 اذار 2020', '2020-03-01'],
      ['1 ايلول 2020', '2020-09-01'],
      ['1 تشرين الاول 2020', '2020-10-01'],
      ['1 fevrier 2020', '2020-02-01'],
      ['1 aout 2020', '2020-08-01'],
      ['1 DÉCEMBRE 2020', '2020-12-01'],
      ['1 Févr. 2020', '2020-02-01'],
      ['١ نـونـبـر ٢٠٢١', '2021-11-01'],
      ['1 نُوفَمْبَر 2021', '2021-11-01'],
      ['1 جمادي الاولي 1443', '2021-12-05'],
      ['1 ذو القعده 1443', '2022-05-31'],
    ];
    for (const [text, expected] of spellings) assert.equal(dayOf(parseDate(text)), expected, text);
  });

  it('knows every spelling in every month table', () => {
    for (const [region, table] of Object.entries(GREGORIAN_MONTHS_BY_REGION)) {
      table.forEach((spellings, i) => {
        for (const spelling of spellings) {
          assert.equal(monthOf(parseDate(`10 ${spelling} 2020`)), `2020-${String(i + 1).padStart(2, '0')}`, region);
        }
      });
    }
    HIJRI_MONTHS.forEach((spellings, i) => {
      for (const spelling of spellings) {
        const date = parseDate(`10 ${spelling} 1443 هـ`);
        assert.equal(date?.calendar, 'hijri', spelling);
        assert.deepEqual(date && hijriToGregorian(1443, i + 1, 10), {
          year: date?.year,
          month: date?.month,
          day: date?.day,
        });
      }
    });
  });

  it('finds no date where the day does not exist', () => {
    for (const impossible of [
      '31 فيفري 2017',
      '29 فبراير 2023',
      '31 أبريل 2021',
      '32 يناير 2020',
      '0 مارس 2020',
      '31/02/2017',
      '2021-13-01',
      '30 ربيع الآخر 1443 هـ',
    ]) {
      assert.equal(parseDate(impossible), undefined, impossible);
    }
    assert.equal(dayOf(parseDate('29 فبراير 2024')), '2024-02-29');
  });

  it('finds no date in numbers and words that only look like one', () => {
    const notDates = [
      'مارس الرياضة منذ صغره',
      'فاز الفريق 1 صفر',
      'رمضان 1443',
      'بلغ العدد 2024 نوفمبر',
      'الإصدار 1.12.2020.4',
      'رقم الهاتف 0612/11/20215',
      '',
      '   ',
    ];
    for (const text of notDates) assert.equal(parseDate(text), undefined, text);
  });

  it('does not join a number ending one line to a month starting the next', () => {
    const date = parseDate('بلغ السعر 24\nنوفمبر 2021 شهد ارتفاعا');
    assert.equal(date?.precision, 'month');
    assert.equal(date?.matched, 'نوفمبر 2021');
    assert.equal(parseDate('في 9  تشرين   الثاني 1989')?.matched, '9  تشرين   الثاني 1989');
  });

  it('finds no date where the year mark names the other calendar', () => {
    assert.equal(parseDate('24 نوفمبر 2021 هـ'), undefined);
    assert.equal(parseDate('19 ربيع الآخر 1443م'), undefined);
  });
});

describe('parseDate: the weekday is checked, the numbers are kept', () => {
  it('includes a weekday that agrees in the match', () => {
    const date = parseDate('اليوم الأربعاء 24 نوفمبر 2021، بيني گانتز');
    assert.equal(date?.weekday, 'agrees');
    assert.equal(date?.matched, 'الأربعاء 24 نوفمبر 2021');
  });

  it('keeps the written day when the weekday contradicts it, and says so (Jawhara, 13 January 2017)', () => {
    // Thursday was the 12th; the article wrote the 14th. The numbers are what a reader searches for.
    const date = parseDate('مساء أمس الخميس 14 جانفي 2017.');
    assert.equal(dayOf(date), '2017-01-14');
    assert.equal(date?.weekday, 'contradicts');
    assert.equal(date?.matched, 'الخميس 14 جانفي 2017');
  });

  it('says none when no weekday is written, and checks French weekdays too', () => {
    assert.equal(parseDate('24 نوفمبر 2021')?.weekday, 'none');
    assert.equal(parseDate('mercredi 24 novembre 2021')?.weekday, 'agrees');
    assert.equal(parseDate('jeudi 24 novembre 2021')?.weekday, 'contradicts');
  });
});

describe('parseDate: months without a day, dates without a year', () => {
  it('reports a month with its year at month precision: «ديسمبر 2020»', () => {
    const date = parseDate('في شهر ديسمبر 2020 وسط زعيق');
    assert.equal(date?.precision, 'month');
    assert.equal(monthOf(date), '2020-12');
    assert.equal(date?.day, undefined);
    assert.equal(date?.matched, 'ديسمبر 2020');
  });

  it('places «غشت الماضي» in the last August before the reference date', () => {
    assert.equal(monthOf(parseDate('في غشت الماضي', SEED_PUBLISHED)), '2021-08');
    const inAugust = { referenceDate: new Date('2021-08-20T12:00:00Z'), timeZone: 'Africa/Casablanca' };
    assert.equal(monthOf(parseDate('في غشت الماضي', inAugust)), '2020-08', 'the current August is الجاري, not الماضي');
    assert.equal(monthOf(parseDate('في غشت الجاري', inAugust)), '2021-08');
  });

  it('places المقبل and القادم after the reference date, and a bare شهر on the nearest one', () => {
    assert.equal(monthOf(parseDate('في مارس المقبل', SEED_PUBLISHED)), '2022-03');
    assert.equal(monthOf(parseDate('في شهر نونبر القادم', SEED_PUBLISHED)), '2022-11');
    assert.equal(monthOf(parseDate('خلال شهر يناير', SEED_PUBLISHED)), '2022-01');
    assert.equal(monthOf(parseDate('خلال شهر غشت', SEED_PUBLISHED)), '2021-08');
    assert.equal(monthOf(parseDate('en mai dernier', SEED_PUBLISHED)), '2021-05');
  });

  it('places a day without a year on the nearest such day, or as its relative word says', () => {
    assert.equal(dayOf(parseDate('يوم 9 مارس', SEED_PUBLISHED)), '2022-03-09');
    assert.equal(dayOf(parseDate('يوم 9 مارس الماضي', SEED_PUBLISHED)), '2021-03-09');
    assert.equal(dayOf(parseDate('منذ 3 نوفمبر', SEED_PUBLISHED)), '2021-11-03');
    assert.equal(dayOf(parseDate('في 30 نوفمبر الجاري', SEED_PUBLISHED)), '2021-11-30');
  });

  it('counts the reference date in its time zone: 23:30 UTC on 31 December is already January in Casablanca', () => {
    const newYearsEve = new Date('2021-12-31T23:30:00Z');
    assert.equal(
      monthOf(parseDate('دجنبر الماضي', { referenceDate: newYearsEve, timeZone: 'Africa/Casablanca' })),
      '2021-12',
    );
    assert.equal(monthOf(parseDate('دجنبر الماضي', { referenceDate: newYearsEve, timeZone: 'UTC' })), '2020-12');
  });

  it('reports no yearless date without a reference date: it never guesses from the clock', () => {
    assert.equal(parseDate('في غشت الماضي'), undefined);
    assert.equal(parseDate('يوم 9 مارس'), undefined);
    assert.equal(monthOf(parseDate('في غشت الماضي وفي ديسمبر 2020')), '2020-12');
  });

  it('rejects an invalid reference date with a message that says what to pass', () => {
    assert.throws(() => parseDate('غشت الماضي', { referenceDate: new Date('nope'), timeZone: 'UTC' }), /referenceDate/);
  });
});

describe('findDates: days named from the publication day', () => {
  // Thursday 10 December 2020, 11:00 in Casablanca.
  const THURSDAY = { referenceDate: new Date('2020-12-10T10:00:00Z'), timeZone: 'Africa/Casablanca' };
  const days = (text: string, options: DateParsingOptions = THURSDAY) =>
    findDates(text, options).map((d) => `${dayOf(d)} «${d.matched}»`);

  for (const [text, expected] of [
    ['وقال أمس إن الوزارة', '2020-12-09 «أمس»'],
    ['كما صرح بالأمس', '2020-12-09 «الأمس»'],
    ['وأوضح البارحة', '2020-12-09 «البارحة»'],
    ['ووقع أول أمس الثلاثاء', '2020-12-08 «أول أمس»'],
    ['وأمس الأول', '2020-12-08 «أمس الأول»'],
    ['تنطلق غدا المنافسات', '2020-12-11 «غدا»'],
    ['بعد غد', '2020-12-12 «بعد غد»'],
    ['يوم الأربعاء الماضي', '2020-12-09 «الأربعاء الماضي»'],
    ['الخميس الماضي', '2020-12-03 «الخميس الماضي»'],
    ['الأحد المنصرم', '2020-12-06 «الأحد المنصرم»'],
    ['الخميس المقبل', '2020-12-17 «الخميس المقبل»'],
    ['السبت القادم', '2020-12-12 «السبت القادم»'],
  ] as const) {
    it(`reads «${text}» as ${expected}`, () => assert.deepEqual(days(text), [expected]));
  }

  it('counts from the day in the newspaper’s zone: 23:30 UTC on 31 December 2021 is 1 January in Casablanca', () => {
    const late = { referenceDate: new Date('2021-12-31T23:30:00Z'), timeZone: 'Africa/Casablanca' };
    assert.deepEqual(days('أمس', late), ['2021-12-31 «أمس»']);
  });

  it('says the written weekday agrees, and finds none of these without a reference date', () => {
    assert.equal(findDates('الأربعاء الماضي', THURSDAY)[0]?.weekday, 'agrees');
    assert.deepEqual(days('قال أمس إن الخميس الماضي', {}), []);
  });

  it('reads neither a bare weekday, اليوم, الغد, nor words that start like أمس', () => {
    assert.deepEqual(days('يوم الأربعاء في أمسية ثقافية، مباراة الغد، اليوم، أمسك الكرة'), []);
  });
});

describe('parseDate: Hijri dates, converted through Umm al-Qura', () => {
  const examples: [string, string][] = [
    ['19 ربيع الآخر 1443 هـ', '2021-11-24'],
    ['١٩ ربيع الآخر ١٤٤٣هـ', '2021-11-24'],
    ['الأربعاء 19 ربيع الثاني 1443 هجرية', '2021-11-24'],
    ['1 رمضان 1443', '2022-04-02'],
    ['1 شوال 1443 هـ', '2022-05-02'],
    ['10 ذي الحجة 1444 هـ', '2023-06-28'],
    ['1 محرم 1445 هـ', '2023-07-19'],
    ['1443/04/19هـ', '2021-11-24'],
    ['19/4/1443 هـ', '2021-11-24'],
  ];
  for (const [text, expected] of examples) {
    it(`reads «${text}» as ${expected}`, () => {
      const date = parseDate(text);
      assert.equal(dayOf(date), expected);
      assert.equal(date?.calendar, 'hijri');
    });
  }

  it('includes the tatweel of هـ and the harakat of the month in the match', () => {
    const text = 'الموافق ١٩ ربيع الآخِر ١٤٤٣ هـ.';
    assert.equal(parseDate(text)?.matched, '١٩ ربيع الآخِر ١٤٤٣ هـ');
  });
});

describe('hijriToGregorian', () => {
  it('gives the Gregorian day of an Umm al-Qura date: 1 Ramadan 1443 is 2 April 2022', () => {
    assert.deepEqual(hijriToGregorian(1443, 9, 1), { year: 2022, month: 4, day: 2 });
    assert.deepEqual(hijriToGregorian(1443, 4, 19), { year: 2021, month: 11, day: 24 });
  });

  it('gives nothing for days that do not exist: 30 Rabi al-Akhir 1443 (a 29-day month), month 13, day 0', () => {
    assert.equal(hijriToGregorian(1443, 4, 30), undefined);
    assert.deepEqual(hijriToGregorian(1443, 3, 30), { year: 2021, month: 11, day: 5 });
    assert.equal(hijriToGregorian(1443, 13, 1), undefined);
    assert.equal(hijriToGregorian(1443, 1, 0), undefined);
    assert.equal(hijriToGregorian(1443.5, 1, 1), undefined);
  });

  it('undoes ICU on any day from the year 700 to 9000', () => {
    const hijri = new Intl.DateTimeFormat('en-US-u-ca-islamic-umalqura-nu-latn', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(700, 0, 1) / 86_400_000, max: Date.UTC(9000, 0, 1) / 86_400_000 }),
        (days) => {
          const date = new Date(days * 86_400_000);
          const parts = Object.fromEntries(hijri.formatToParts(date).map((part) => [part.type, Number(part.value)]));
          const expected = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
          assert.deepEqual(hijriToGregorian(parts.year!, parts.month!, parts.day!), expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('findDates', () => {
  const seed = fs.readFileSync(path.join(DEMO_DIR, 'seed-al-ghad-24.txt'), 'utf8');

  it('finds the three dates of the seed article, with their offsets', () => {
    const dates = findDates(seed, SEED_PUBLISHED);
    assert.deepEqual(
      dates.map((date) => [date.matched, date.precision, monthOf(date), date.day]),
      [
        ['الأربعاء 24 نوفمبر 2021', 'day', '2021-11', 24],
        ['غشت الماضي', 'month', '2021-08', undefined],
        ['ديسمبر 2020', 'month', '2020-12', undefined],
      ],
    );
    for (const date of dates) assert.equal(seed.slice(date.index, date.index + date.matched.length), date.matched);
  });

  it('finds only the dates with a year when no reference date is given', () => {
    assert.deepEqual(
      findDates(seed).map((date) => date.matched),
      ['الأربعاء 24 نوفمبر 2021', 'ديسمبر 2020'],
    );
  });

  it('finds every «day month year» of the first 1,000 Jawhara articles that a plain Tunisian pattern sees', () => {
    const plain =
      /(?<![\d])(\d{1,2}) (جانفي|فيفري|مارس|أفريل|ماي|جوان|جويلية|أوت|سبتمبر|أكتوبر|نوفمبر|ديسمبر) (\d{4})/g;
    const names = [
      'جانفي',
      'فيفري',
      'مارس',
      'أفريل',
      'ماي',
      'جوان',
      'جويلية',
      'أوت',
      'سبتمبر',
      'أكتوبر',
      'نوفمبر',
      'ديسمبر',
    ];
    let seen = 0;
    for (const line of firstCorpusLines('jawhara.jsonl.gz', 1000)) {
      const { text = '' } = JSON.parse(line) as { text?: string };
      const found = findDates(text);
      for (const match of text.matchAll(plain)) {
        seen++;
        const expected = `${match[3]}-${String(names.indexOf(match[2]!) + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
        const date = found.find(
          (d) => d.index <= match.index && d.index + d.matched.length >= match.index + match[0].length,
        );
        assert.equal(dayOf(date), expected, match[0]);
      }
    }
    assert.ok(seen > 150, `the sample should hold many dates, held ${seen}`);
  });

  it('returns the dates in order and never overlapping', () => {
    const text = 'من 24/11/2021 إلى 19 ربيع الآخر 1443 هـ الموافق الأربعاء 24 نونبر 2021، ثم 3 آب 2020.';
    const dates = findDates(text);
    assert.deepEqual(
      dates.map((d) => [d.matched, dayOf(d), d.calendar]),
      [
        ['24/11/2021', '2021-11-24', 'gregorian'],
        ['19 ربيع الآخر 1443 هـ', '2021-11-24', 'hijri'],
        ['الأربعاء 24 نونبر 2021', '2021-11-24', 'gregorian'],
        ['3 آب 2020', '2020-08-03', 'gregorian'],
      ],
    );
  });
});

describe('parseDate: properties', () => {
  /** Every Gregorian day from 1 January 1990 to 31 December 2030, at noon UTC. */
  function* everyDay() {
    for (let ms = Date.UTC(1990, 0, 1, 12); ms <= Date.UTC(2030, 11, 31, 12); ms += 86_400_000) yield new Date(ms);
  }
  const isoDay = (date: Date) => date.toISOString().slice(0, 10);

  it('reads back every day from 1990 to 2030 as formatMoroccanDate writes it, weekday agreeing', () => {
    for (const date of everyDay()) {
      const text = formatMoroccanDate(date, 'UTC');
      const parsed = parseDate(text);
      assert.equal(dayOf(parsed), isoDay(date), text);
      assert.equal(parsed?.weekday, 'agrees', text);
      assert.equal(parsed?.matched, text);
    }
  });

  it('reads back every day from 1990 to 2030 as formatHijriDate writes it', () => {
    for (const date of everyDay()) {
      const text = formatHijriDate(date, 'UTC');
      const parsed = parseDate(text);
      assert.equal(dayOf(parsed), isoDay(date), text);
      assert.equal(parsed?.calendar, 'hijri', text);
    }
  });

  /** Pieces of dates, so that random strings often come close to one. */
  const datePiece = fc.constantFrom(
    ' ',
    '/',
    '-',
    '،',
    '24',
    '٢٤',
    '2021',
    '١٤٤٣',
    'هـ',
    'نونبر',
    'جانفي',
    'كانون الثاني',
    'ربيع الآخر',
    'الأربعاء',
    'الماضي',
    'شهر',
    'ـ',
    '\u064E',
    'ﻷ',
    'ﷺ',
    'janv.',
    '1er',
  );
  const anyUnit = fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), // lone surrogates included
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    datePiece,
  );

  it('never throws, and every date it finds is a real day with its exact place in the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, maxLength: 60 }), fc.boolean(), (text, withReference) => {
        const dates = findDates(text, withReference ? SEED_PUBLISHED : {});
        let end = 0;
        for (const date of dates) {
          assert.equal(text.slice(date.index, date.index + date.matched.length), date.matched);
          assert.ok(date.index >= end, 'in order, not overlapping');
          end = date.index + date.matched.length;
          const probe = new Date(0);
          probe.setUTCFullYear(date.year, date.month - 1, date.day ?? 1);
          assert.equal(probe.getUTCDate(), date.day ?? 1);
        }
        assert.deepEqual(parseDate(text, withReference ? SEED_PUBLISHED : {}), dates[0]);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on long runs of what almost makes a date', () => {
    const spaces = ' '.repeat(100_000);
    for (const text of [
      `مارس${spaces}x`,
      `الأربعاء${spaces}x`,
      `24${spaces}،x`,
      `2021${spaces}هـx`,
      '1/'.repeat(50_000),
    ]) {
      assert.deepEqual(findDates(text, SEED_PUBLISHED), []);
    }
  });

  it('copes with a megabyte of text', () => {
    const paragraph = 'وأعلنت إسرائيل والمغرب إقامة علاقات دبلوماسية بينهما في شهر ديسمبر 2020\u064E\uD800 ';
    const text = paragraph.repeat(Math.ceil(1_000_000 / paragraph.length));
    assert.equal(findDates(text).length, Math.ceil(1_000_000 / paragraph.length));
  });
});
