/**
 * Corpus records to articles: the real shapes of the Jawhara FM and Goud.ma corpora, and
 * the date forms they use.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { calendarDay } from '../../src/arabic/dates.ts';
import { paragraphsToBlocks } from '../../src/content/blocks.ts';
import { mapCorpusRecord, parseCorpusDate, type RecordMapping } from '../../src/import/corpus-record.ts';
import { DEMO_DIR } from '../../src/import/demo.ts';

type CorpusRecord = Record<string, unknown> & { id: string };

/** Records of a demo corpus by id, read from the whole gzipped file. */
function corpusRecords(file: string, ids: readonly string[]): Map<string, CorpusRecord> {
  const wanted = new Set(ids);
  const found = new Map<string, CorpusRecord>();
  const text = zlib.gunzipSync(fs.readFileSync(path.join(DEMO_DIR, file))).toString('utf8');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const record = JSON.parse(line) as CorpusRecord;
    if (wanted.has(record.id)) found.set(record.id, record);
    if (found.size === wanted.size) break;
  }
  for (const id of ids) assert.ok(found.has(id), `${id} is not in ${file}`);
  return found;
}

const JAWHARA = corpusRecords('jawhara.jsonl.gz', [
  'JA-culture-1-20170120', // ISO 8601 with an offset, empty abstract
  'JA-culture-10-20161210', // with an abstract
  'JA-culture-101-20150517', // "17/05/2015"
  'JA-diverse-31-20170122', // "2017-01-22T185600", no offset
  '92', // no source, no category
]);
const GOUD = corpusRecords('goud.jsonl.gz', ['goud-0001']);

function jawhara(id: string): CorpusRecord {
  return JAWHARA.get(id)!;
}

const TUNIS = { timeZone: 'Africa/Tunis' };

function mapped(record: unknown, options = TUNIS) {
  const result = mapCorpusRecord(record, options);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

function reasonOf(result: RecordMapping): string {
  assert.equal(result.ok, false, 'the record should be refused');
  return result.ok ? '' : result.reason;
}

describe('parseCorpusDate', () => {
  it('reads ISO 8601 with an offset as that instant', () => {
    assert.equal(
      parseCorpusDate('2017-01-20T21:43:00+01:00', 'Africa/Tunis')?.toISOString(),
      '2017-01-20T20:43:00.000Z',
    );
    // The zone does not matter when the offset is written.
    assert.equal(
      parseCorpusDate('2017-01-20T21:43:00+01:00', 'Africa/Casablanca')?.toISOString(),
      '2017-01-20T20:43:00.000Z',
    );
    assert.equal(parseCorpusDate('2017-01-20T21:43:00Z', 'Africa/Tunis')?.toISOString(), '2017-01-20T21:43:00.000Z');
    assert.equal(
      parseCorpusDate('2017-01-20T21:43:00-0300', 'Africa/Tunis')?.toISOString(),
      '2017-01-21T00:43:00.000Z',
    );
    assert.equal(
      parseCorpusDate('2017-01-20T21:43:07.250+01:00', 'Africa/Tunis')?.toISOString(),
      '2017-01-20T20:43:07.250Z',
    );
    assert.equal(parseCorpusDate('2017-01-20T21:43+01:00', 'Africa/Tunis')?.toISOString(), '2017-01-20T20:43:00.000Z');
  });

  it('reads a bare day DD/MM/YYYY as noon UTC, the same day everywhere in North Africa', () => {
    const date = parseCorpusDate('17/05/2015', 'Africa/Tunis');
    assert.equal(date?.toISOString(), '2015-05-17T12:00:00.000Z');
    for (const zone of ['Africa/Casablanca', 'Africa/Algiers', 'Africa/Tunis', 'Africa/Tripoli', 'Africa/Cairo']) {
      assert.deepEqual(calendarDay(date!, zone), { year: 2015, month: 5, day: 17 }, zone);
    }
    assert.equal(parseCorpusDate('2/5/2016', 'Africa/Tunis')?.toISOString(), '2016-05-02T12:00:00.000Z');
    assert.equal(parseCorpusDate(' 02/05/2016 ', 'Africa/Tunis')?.toISOString(), '2016-05-02T12:00:00.000Z');
    assert.equal(parseCorpusDate('29/02/2016', 'Africa/Tunis')?.toISOString(), '2016-02-29T12:00:00.000Z');
  });

  it('reads the basic form "2017-01-22T185600" in the given zone', () => {
    assert.equal(parseCorpusDate('2017-01-22T185600', 'Africa/Tunis')?.toISOString(), '2017-01-22T17:56:00.000Z');
    // Morocco was on UTC+0 in January 2017.
    assert.equal(parseCorpusDate('2017-01-22T185600', 'Africa/Casablanca')?.toISOString(), '2017-01-22T18:56:00.000Z');
    assert.equal(parseCorpusDate('2017-01-22T18:56:00', 'Africa/Tunis')?.toISOString(), '2017-01-22T17:56:00.000Z');
    assert.equal(parseCorpusDate('2017-01-22T1856', 'Africa/Tunis')?.toISOString(), '2017-01-22T17:56:00.000Z');
  });

  it('refuses impossible days and times', () => {
    for (const value of [
      '31/02/2017',
      '29/02/2017',
      '00/01/2017',
      '32/01/2017',
      '15/13/2017',
      '01/01/1850',
      '2017-02-29T10:00:00+01:00',
      '2017-13-01T10:00:00+01:00',
      '2017-04-31T10:00:00',
      '2017-01-22T245600',
      '2017-01-22T186000',
      '2017-01-22T18:56:60',
    ]) {
      assert.equal(parseCorpusDate(value, 'Africa/Tunis'), null, value);
    }
  });

  it('refuses anything that is not one of the corpus forms', () => {
    for (const value of [
      '',
      '   ',
      'أمس',
      'الأحد 22 جانفي 2017',
      '2017-01-22',
      '22-01-2017',
      '2017/01/22',
      '1485107760',
    ]) {
      assert.equal(parseCorpusDate(value, 'Africa/Tunis'), null, JSON.stringify(value));
    }
  });
});

describe('mapCorpusRecord', () => {
  describe('the Jawhara FM shape', () => {
    it('maps a record dated with an offset', () => {
      const record = jawhara('JA-culture-1-20170120');
      const { article, warnings } = mapped(record);
      assert.deepEqual(warnings, []);
      assert.equal(article.externalId, 'JA-culture-1-20170120');
      assert.equal(article.headline, 'مخرج "غدوة حيّ" : الفيلم يجمع التشويق و المغامرة و الفرجة و الموسيقى');
      assert.equal(article.dek, null, 'an empty abstract is no dek');
      assert.deepEqual(article.body, paragraphsToBlocks(record.text as string));
      assert.match((article.body[0] as { text: string }).text, /^استضاف برنامج "سينما سينما"/);
      assert.equal(article.status, 'published');
      assert.equal(article.sectionSlug, 'ثقافة');
      assert.equal(article.publishedAt?.toISOString(), '2017-01-20T20:43:00.000Z');
      assert.equal(article.sourceUrl, record.url);
      assert.match(article.sourceUrl ?? '', /^http:\/\/www\.jawharafm\.net\/ar\/article\/مخرج-غدوة/);
      assert.deepEqual(article.bylines, [{ name: 'جوهرة أف أم', kind: 'organization' }]);
      assert.deepEqual(article.tags, []);
    });

    it('keeps the abstract as the dek', () => {
      const record = jawhara('JA-culture-10-20161210');
      const { article } = mapped(record);
      assert.equal(article.dek, (record.abstract as string).trim());
      assert.match(article.dek ?? '', /فيلم كوميدي تونسي جديد/);
    });

    it('maps a record dated with a bare day', () => {
      const { article } = mapped(jawhara('JA-culture-101-20150517'));
      assert.equal(article.publishedAt?.toISOString(), '2015-05-17T12:00:00.000Z');
    });

    it('maps a record dated in the basic form, in the newsroom zone', () => {
      const { article } = mapped(jawhara('JA-diverse-31-20170122'));
      assert.equal(article.headline, 'مياه البحار قد ترتفع أكثر من المتوقع ب6 أمتار');
      assert.equal(article.publishedAt?.toISOString(), '2017-01-22T17:56:00.000Z');
      assert.equal(article.sectionSlug, 'متفرقات', 'diverse');
    });

    it('credits the newsroom and files under متفرقات when source and category are null', () => {
      const { article, warnings } = mapped(jawhara('92'));
      assert.deepEqual(warnings, []);
      assert.equal(article.externalId, '92');
      assert.equal(article.sectionSlug, 'متفرقات');
      assert.deepEqual(article.bylines, [{ name: 'هيئة التحرير', kind: 'organization' }]);
      assert.equal(article.publishedAt?.toISOString(), '2017-02-01T22:08:00.000Z');
    });

    it('maps every corpus category key to its section', () => {
      const record = jawhara('JA-culture-1-20170120');
      const cases: [string, string][] = [
        ['localNews', 'وطنية'],
        ['internationalNews', 'دولية'],
        ['politic', 'سياسة'],
        ['economy', 'اقتصاد'],
        ['society', 'مجتمع'],
        ['sport', 'رياضة'],
        ['culture', 'ثقافة'],
        ['technology', 'تكنولوجيا'],
        ['diverse', 'متفرقات'],
        ['LocalNews', 'وطنية'],
        ['رياضة', 'رياضة'],
      ];
      for (const [category, section] of cases) {
        const { article, warnings } = mapped({ ...record, category });
        assert.equal(article.sectionSlug, section, category);
        assert.deepEqual(warnings, [], category);
      }
    });

    it('files an unknown category under متفرقات with a warning', () => {
      const { article, warnings } = mapped({ ...jawhara('JA-culture-1-20170120'), category: 'weather' });
      assert.equal(article.sectionSlug, 'متفرقات');
      assert.deepEqual(warnings, ['record JA-culture-1-20170120: unknown category "weather", filed under متفرقات']);
    });

    it('keeps the string tags of a record', () => {
      const { article } = mapped({ ...jawhara('JA-culture-1-20170120'), tags: ['سينما', 42, 'تونس', null] });
      assert.deepEqual(article.tags, ['سينما', 'تونس']);
    });
  });

  describe('the Goud.ma shape', () => {
    it('maps headline and text, without date or section', () => {
      const record = GOUD.get('goud-0001')!;
      assert.deepEqual(Object.keys(record).sort(), ['headline', 'id', 'source', 'text']);
      const { article, warnings } = mapped(record, { timeZone: 'Africa/Casablanca' });
      assert.deepEqual(warnings, []);
      assert.equal(article.externalId, 'goud-0001');
      assert.equal(article.headline, 'كوريا داعمة المغرب على الصحرا ديالو');
      assert.equal(article.publishedAt, null);
      assert.equal(article.sectionSlug, 'متفرقات');
      assert.equal(article.dek, null);
      assert.equal(article.sourceUrl, null);
      assert.deepEqual(article.bylines, [{ name: 'كود', kind: 'organization' }]);
      assert.match((article.body[0] as { text: string }).text, /^أكدت جمهورية كوريا دعمها/);
    });
  });

  describe('records that are refused', () => {
    const base = () => jawhara('JA-culture-1-20170120');

    it('refuses what is not a JSON object', () => {
      for (const value of [null, 'مخرج "غدوة حيّ"', 42, [base()]]) {
        assert.equal(reasonOf(mapCorpusRecord(value, TUNIS)), 'not a JSON object');
      }
    });

    it('refuses a record without id', () => {
      const { id: _id, ...noId } = base();
      assert.equal(reasonOf(mapCorpusRecord(noId, TUNIS)), 'no "id"');
      assert.equal(reasonOf(mapCorpusRecord({ ...base(), id: '  ' }, TUNIS)), 'no "id"');
    });

    it('refuses a record without title or headline', () => {
      const { title: _title, ...noTitle } = base();
      assert.equal(reasonOf(mapCorpusRecord(noTitle, TUNIS)), 'record JA-culture-1-20170120: no "title" or "headline"');
      assert.equal(
        reasonOf(mapCorpusRecord({ ...base(), title: ' ' }, TUNIS)),
        'record JA-culture-1-20170120: no "title" or "headline"',
      );
    });

    it('refuses a headline longer than 500 characters', () => {
      const long = `${base().title as string} `.repeat(8);
      assert.ok(long.length > 500);
      assert.match(reasonOf(mapCorpusRecord({ ...base(), title: long }, TUNIS)), /headline longer than 500/);
    });

    it('refuses a record without text', () => {
      assert.equal(
        reasonOf(mapCorpusRecord({ ...base(), text: '\n  \n' }, TUNIS)),
        'record JA-culture-1-20170120: no "text"',
      );
    });

    it('refuses an unreadable date instead of guessing', () => {
      assert.equal(
        reasonOf(mapCorpusRecord({ ...base(), time: '31/02/2017' }, TUNIS)),
        'record JA-culture-1-20170120: unreadable date "31/02/2017"',
      );
    });
  });
});
