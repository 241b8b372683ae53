import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize } from '../../src/arabic/normalize.ts';
import {
  AMBIGUOUS_PLACE_KEYS,
  findPlace,
  isAmbiguousPlaceKey,
  MAX_PLACE_WORDS,
  PLACE_NAMES,
  type PlaceName,
  placeIndex,
  placeKey,
  placesNamed,
  SHARED_KEYS,
} from '../../src/arabic/place-names.ts';

function spellings(place: PlaceName): string[] {
  return [place.name, ...place.alternates];
}

function named(name: string, kind?: PlaceName['kind']): PlaceName {
  const found = PLACE_NAMES.find((place) => place.name === name && (kind === undefined || place.kind === kind));
  assert.ok(found, `${name} ${kind ?? ''}`);
  return found;
}

describe('PLACE_NAMES', () => {
  it('has the 12 Moroccan regions of 2015 and the 75 provinces and prefectures', () => {
    const regions = PLACE_NAMES.filter((place) => place.kind === 'region' && place.country === 'MA');
    assert.equal(regions.length, 12);
    const provinces = PLACE_NAMES.filter((place) => place.kind === 'province' && place.country === 'MA');
    assert.equal(provinces.length, 75);
    for (const name of ['الشرق', 'سوس ماسة', 'الداخلة وادي الذهب', 'كلميم واد نون']) named(name, 'region');
    for (const name of ['المضيق الفنيدق', 'الصخيرات تمارة', 'أوسرد', 'الفقيه بن صالح', 'مولاي يعقوب'])
      named(name, 'province');
  });

  it('has the 24 Tunisian governorates', () => {
    const governorates = PLACE_NAMES.filter((place) => place.kind === 'governorate');
    assert.equal(governorates.length, 24);
    assert.ok(governorates.every((place) => place.country === 'TN'));
    for (const name of ['تونس', 'أريانة', 'بن عروس', 'منوبة', 'سيدي بوزيد', 'القصرين', 'قبلي', 'توزر', 'تطاوين'])
      named(name, 'governorate');
  });

  it('has every ISO country once, each with its own code', () => {
    const countries = PLACE_NAMES.filter((place) => place.kind === 'country');
    assert.ok(countries.length >= 195, String(countries.length));
    const codes = countries.map((place) => place.country);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.every((code) => code !== undefined && /^[A-Z]{2}$/.test(code)));
  });

  it('has at least 150 Moroccan places besides the regions', () => {
    const moroccan = PLACE_NAMES.filter((place) => place.country === 'MA' && place.kind !== 'region');
    assert.ok(moroccan.length >= 150, String(moroccan.length));
  });

  it('every spelling normalizes to something, and no entry lists one spelling twice', () => {
    for (const place of PLACE_NAMES) {
      const keys = spellings(place).map(placeKey);
      for (const key of keys) assert.notEqual(key, '', place.name);
      assert.equal(new Set(keys).size, keys.length, `${place.name}: ${keys.join(' / ')}`);
    }
  });

  it('writes names as news does: the hamza kept, no harakat, no stray spaces', () => {
    for (const place of PLACE_NAMES) {
      for (const spelling of spellings(place)) {
        assert.equal(spelling, spelling.trim(), spelling);
        assert.doesNotMatch(spelling, /[\u064B-\u0652]| {2}/u, spelling);
      }
    }
    assert.equal(named('إسبانيا').name, 'إسبانيا');
    assert.equal(named('الجزائر', 'country').country, 'DZ');
  });

  it('keys shared by two places of one kind are the listed ones', () => {
    for (const key of placeIndex().keys()) {
      const readings = placesNamed(key);
      const kinds = readings.map((place) => place.kind);
      if (new Set(kinds).size !== kinds.length) assert.ok(key in SHARED_KEYS, key);
    }
    for (const key of Object.keys(SHARED_KEYS)) assert.ok(placesNamed(key).length >= 2, key);
  });
});

describe('placeIndex', () => {
  it('finds every spelling by its normalized words joined with one space', () => {
    const index = placeIndex();
    for (const place of PLACE_NAMES) {
      for (const spelling of spellings(place)) assert.ok(placesNamed(placeKey(spelling)).includes(place), spelling);
    }
    assert.equal(index.get(normalize('اسبانيا'))?.name, 'إسبانيا');
    assert.equal(index.get(normalize('سبانيا'))?.name, 'إسبانيا');
    assert.equal(index.get(normalize('أميركا'))?.name, 'الولايات المتحدة');
    assert.equal(index.get(placeKey('الولايات المتحدة الأميركية'))?.country, 'US');
    assert.equal(index.get(normalize('موريطانيا'))?.name, 'موريتانيا');
    assert.equal(index.get(normalize('أفريقيا'))?.name, 'إفريقيا');
    assert.equal(index.get(normalize('أوربا'))?.name, 'أوروبا');
    assert.equal(index.get(normalize('كازا'))?.name, 'الدار البيضاء');
    assert.equal(index.get(placeKey('الدار البيضاء'))?.kind, 'city');
    assert.equal(index.get(normalize('اكادير'))?.name, 'أكادير');
    assert.equal(index.get(normalize('الكَركَرات'))?.name, 'الكركرات');
    assert.equal(index.get(normalize('بريطانيا'))?.country, 'GB');
    assert.equal(index.get(placeKey('المملكة المتحدة'))?.country, 'GB');
  });

  it('reads a hyphen between words as a space', () => {
    assert.equal(placeKey('طنجة-تطوان-الحسيمة'), placeKey('طنجة تطوان الحسيمة'));
    assert.equal(placeIndex().get(placeKey('فاس-مكناس'))?.kind, 'region');
  });

  it('gives the country first where a country and a city share a name, then city over province', () => {
    assert.equal(placeIndex().get(normalize('تونس'))?.kind, 'country');
    assert.deepEqual(
      placesNamed(normalize('تونس')).map((place) => place.kind),
      ['country', 'city', 'governorate'],
    );
    assert.equal(placeIndex().get(normalize('الحسيمة'))?.kind, 'city');
    assert.equal(placeIndex().get(normalize('الكاف'))?.kind, 'city');
    assert.equal(placeIndex().get(normalize('عمان'))?.country, 'OM');
    assert.deepEqual(
      placesNamed(normalize('عمان')).map((place) => place.country),
      ['OM', 'JO'],
    );
  });

  it('MAX_PLACE_WORDS is the longest key', () => {
    const longest = Math.max(...[...placeIndex().keys()].map((key) => key.split(' ').length));
    assert.equal(MAX_PLACE_WORDS, longest);
    assert.ok(MAX_PLACE_WORDS >= 3);
  });
});

describe('findPlace', () => {
  it('finds a key as it is', () => {
    assert.equal(findPlace(normalize('الرباط'))?.name, 'الرباط');
    assert.equal(findPlace(normalize('فرنسا'))?.country, 'FR');
  });

  it('finds a name with the article from the key without it (what withoutProclitics leaves)', () => {
    assert.equal(findPlace('مغرب')?.name, 'المغرب');
    assert.equal(findPlace('رباط')?.name, 'الرباط');
    assert.equal(findPlace(normalize('جزائر'))?.name, 'الجزائر');
  });

  it('does not take the article off a key that has it', () => {
    assert.equal(findPlace('الفرنسا'), undefined);
    assert.equal(findPlace('المدينه'), undefined);
  });

  it('knows nothing of ordinary words', () => {
    for (const word of ['قال', 'الحكومة', 'وزير', 'في', 'كيف'])
      assert.equal(findPlace(normalize(word)), undefined, word);
  });
});

describe('isAmbiguousPlaceKey', () => {
  it('marks places that are also everyday words or given names', () => {
    for (const word of ['الجديدة', 'مالي', 'العيون', 'بشار', 'الشرق', 'البيضاء', 'الكاف'])
      assert.equal(isAmbiguousPlaceKey(placeKey(word)), true, word);
  });

  it('leaves plain place names and whole multi-word names alone', () => {
    for (const word of ['الرباط', 'فرنسا', 'صفاقس', 'الدار البيضاء', 'الصحراء المغربية'])
      assert.equal(isAmbiguousPlaceKey(placeKey(word)), false, word);
  });

  it('lists only keys the index has', () => {
    for (const key of AMBIGUOUS_PLACE_KEYS) assert.ok(placeIndex().has(key), key);
  });
});
