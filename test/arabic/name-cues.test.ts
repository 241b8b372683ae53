import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize } from '../../src/arabic/normalize.ts';
import {
  AMBIGUOUS_ORGANISATION_KEYS,
  findOrganisation,
  findOrganisationHead,
  isAmbiguousOrganisationKey,
  KNOWN_ORGANISATIONS,
  MAX_HEAD_WORDS,
  MAX_ORGANISATION_WORDS,
  ORGANISATION_HEADS,
  orgKey,
} from '../../src/arabic/organisation-cues.ts';
import {
  ABD_COMPOUNDS,
  cueKey,
  DIN_COMPOUNDS,
  findNameParticle,
  findPersonTitle,
  GIVEN_NAME_ALSO_WORD_KEYS,
  GIVEN_NAMES,
  givenNameGender,
  isGivenName,
  isGivenNameAlsoWord,
  isRoleAfterName,
  isSpeechVerb,
  MAX_GIVEN_NAME_WORDS,
  MAX_TITLE_WORDS,
  NAME_PARTICLES,
  PERSON_ROLE_AFTER,
  PERSON_TITLES,
  SPEECH_VERBS,
} from '../../src/arabic/person-cues.ts';

function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const key of keys) {
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return repeated;
}

describe('PERSON_TITLES', () => {
  it('lists each title once, each normalizing to something', () => {
    const keys = PERSON_TITLES.map((title) => cueKey(title.title));
    assert.ok(keys.every((key) => key !== ''));
    assert.deepEqual(duplicates(keys), []);
    assert.ok(PERSON_TITLES.length >= 150, String(PERSON_TITLES.length));
  });

  it('tells direct titles from roles that take a complement', () => {
    for (const title of ['السيد', 'السيدة', 'الآنسة', 'الشيخ', 'الدكتور', 'الأستاذ', 'الحاج', 'المهندس'])
      assert.equal(findPersonTitle(cueKey(title))?.kind, 'direct', title);
    for (const title of ['الوزير', 'رئيس الحكومة', 'المدرب', 'الرئيس', 'الملك', 'اللاعب', 'الرابور', 'الناطق الرسمي'])
      assert.equal(findPersonTitle(cueKey(title))?.kind, 'role', title);
  });

  it('finds a role without its article, as the head of an idafa, but not a direct title', () => {
    assert.equal(findPersonTitle(cueKey('وزير'))?.title, 'الوزير');
    assert.equal(findPersonTitle(cueKey('رئيس'))?.title, 'الرئيس');
    assert.equal(findPersonTitle(cueKey('مدرب'))?.title, 'المدرب');
    assert.equal(findPersonTitle(cueKey('سيد')), undefined);
    assert.equal(findPersonTitle(cueKey('دكتور'))?.weak, true);
  });

  it('reads abbreviations without their dot and marks weak cues', () => {
    assert.equal(cueKey('د.'), 'د');
    assert.equal(findPersonTitle('د')?.weak, true);
    assert.equal(findPersonTitle(cueKey('سي'))?.weak, true);
    assert.equal(findPersonTitle(cueKey('المتهم'))?.weak, true);
    assert.equal(findPersonTitle(cueKey('السيد'))?.weak, undefined);
  });

  it('knows nothing of ordinary words', () => {
    for (const word of ['قال', 'الحكومة', 'في', 'المغرب'])
      assert.equal(findPersonTitle(normalize(word)), undefined, word);
  });

  it('MAX_TITLE_WORDS is the longest title', () => {
    const longest = Math.max(...PERSON_TITLES.map((title) => cueKey(title.title).split(' ').length));
    assert.equal(MAX_TITLE_WORDS, longest);
  });
});

describe('PERSON_ROLE_AFTER', () => {
  it('lists role nouns that follow a name, once each', () => {
    assert.deepEqual(duplicates(PERSON_ROLE_AFTER.map(cueKey)), []);
    for (const role of ['وزير', 'رئيس', 'الناطق الرسمي', 'الأمين العام', 'عامل', 'والي'])
      assert.equal(isRoleAfterName(cueKey(role)), true, role);
    assert.equal(isRoleAfterName(cueKey('قال')), false);
  });
});

describe('isSpeechVerb', () => {
  it('knows the verbs of saying, masculine and feminine, alone or after و or ف', () => {
    for (const verb of ['قال', 'قالت', 'أكد', 'أكدت', 'أوضح', 'أشارت', 'صرح', 'اعتبر', 'كشفت', 'أعلن', 'دعا', 'دعت'])
      assert.equal(isSpeechVerb(normalize(verb)), true, verb);
    for (const verb of ['وقال', 'فأكد', 'وأضافت']) assert.equal(isSpeechVerb(normalize(verb)), true, verb);
  });

  it('knows the Darija verbs of the Moroccan press', () => {
    for (const verb of ['گال', 'كال', 'دوا', 'هضر']) assert.equal(isSpeechVerb(normalize(verb)), true, verb);
  });

  it('leaves other words alone', () => {
    for (const word of ['الوزير', 'في', 'قالب', 'وزير']) assert.equal(isSpeechVerb(normalize(word)), false, word);
  });

  it('lists each verb once', () => {
    assert.deepEqual(duplicates(SPEECH_VERBS.map(cueKey)), []);
  });
});

describe('NAME_PARTICLES', () => {
  it('knows the particles of Arab, Maghrebi and Amazigh names', () => {
    for (const particle of ['بن', 'ابن', 'بنت', 'ولد', 'أبو', 'أم', 'آيت', 'أيت', 'مولاي', 'سيدي', 'لالة'])
      assert.ok(findNameParticle(cueKey(particle)), particle);
    assert.equal(findNameParticle(cueKey('آيت')), findNameParticle(cueKey('أيت')));
    assert.equal(findNameParticle(cueKey('ولد'))?.starts, false);
    assert.equal(findNameParticle(cueKey('مولاي'))?.joins, false);
    assert.equal(findNameParticle(cueKey('بن'))?.joins, true);
    assert.equal(findNameParticle(cueKey('في')), undefined);
  });

  it('every particle normalizes to something', () => {
    for (const { particle } of NAME_PARTICLES) assert.notEqual(cueKey(particle), '', particle);
  });
});

describe('given names', () => {
  it('has at least 600 spellings, each normalizing to one or two words', () => {
    assert.ok(GIVEN_NAMES.length >= 600, String(GIVEN_NAMES.length));
    const keys = new Set(GIVEN_NAMES.map(cueKey));
    assert.ok(keys.size >= 600, String(keys.size));
    for (const key of keys) assert.ok(key !== '' && key.split(' ').length <= MAX_GIVEN_NAME_WORDS, key);
    assert.equal(MAX_GIVEN_NAME_WORDS, 2);
  });

  it('knows Arabic, Maghrebi, Amazigh and foreign given names', () => {
    for (const name of [
      'محمد',
      'أحمد',
      'امحمد',
      'لحسن',
      'الحسين',
      'فاطمة',
      'خديجة',
      'يوبا',
      'ماسينيسا',
      'تودة',
      'دونالد',
      'إيمانويل',
      'بنيامين',
      'فلاديمير',
      'أنجيلا',
      'كريستيانو',
      'ليونيل',
      'بيني',
      'جو',
    ])
      assert.equal(isGivenName(cueKey(name)), true, name);
  });

  it('knows عبد + a divine name, in two words and in one, and the compounds of الدين', () => {
    for (const name of ['عبد الله', 'عبدالله', 'عبد الرحمن', 'عبد الإله', 'عبد الرحمان', 'زين الدين', 'نورالدين'])
      assert.equal(isGivenName(cueKey(name)), true, name);
    assert.equal(isGivenName(cueKey('عبد')), false);
    assert.equal(isGivenName(cueKey('الدين')), false);
    assert.ok(ABD_COMPOUNDS.length >= 60);
    assert.deepEqual(duplicates(ABD_COMPOUNDS.map(cueKey)), []);
    assert.deepEqual(duplicates(DIN_COMPOUNDS.map(cueKey)), []);
    for (const divine of ABD_COMPOUNDS) assert.ok(cueKey(divine).startsWith('ال'), divine);
  });

  it('does not take particles, titles or function words for given names', () => {
    for (const word of ['بن', 'أبو', 'أم', 'عبد', 'الحاج', 'لالة', 'في', 'أنا', 'أن', 'الدين', 'السيد'])
      assert.equal(isGivenName(cueKey(word)), false, word);
  });

  it('gives a name its gender', () => {
    assert.equal(givenNameGender(cueKey('محمد')), 'masculine');
    assert.equal(givenNameGender(cueKey('فاطمة الزهراء')), 'feminine');
    assert.equal(givenNameGender(cueKey('أنجيلا')), 'feminine');
    assert.equal(givenNameGender(cueKey('تودة')), 'feminine');
    assert.equal(givenNameGender(cueKey('عبد الله')), 'masculine');
    assert.equal(givenNameGender(cueKey('الحكومة')), undefined);
  });

  it('marks given names that are also everyday words, all of them given names', () => {
    for (const name of ['حياة', 'صباح', 'رمضان', 'أمل', 'جمال', 'العربي'])
      assert.equal(isGivenNameAlsoWord(cueKey(name)), true, name);
    assert.equal(isGivenNameAlsoWord(cueKey('محمد')), false);
    for (const key of GIVEN_NAME_ALSO_WORD_KEYS) assert.equal(isGivenName(key), true, key);
  });
});

describe('ORGANISATION_HEADS', () => {
  it('lists each head once, each normalizing to something', () => {
    const keys = ORGANISATION_HEADS.map((head) => orgKey(head.head));
    assert.ok(keys.every((key) => key !== ''));
    assert.deepEqual(duplicates(keys), []);
  });

  it('tells heads that always make an organisation from those that need a name', () => {
    for (const head of ['وزارة', 'حزب', 'جمعية', 'شركة', 'المديرية العامة', 'المندوبية السامية', 'نادي', 'هيأة'])
      assert.equal(findOrganisationHead(orgKey(head))?.kind, 'always', head);
    for (const head of ['موقع', 'مركز', 'مجلس', 'جماعة', 'ولاية', 'مكتب'])
      assert.equal(findOrganisationHead(orgKey(head))?.kind, 'with-name', head);
    assert.equal(findOrganisationHead(orgKey('قال')), undefined);
  });

  it('MAX_HEAD_WORDS is the longest head', () => {
    assert.equal(MAX_HEAD_WORDS, Math.max(...ORGANISATION_HEADS.map((head) => orgKey(head.head).split(' ').length)));
  });
});

describe('KNOWN_ORGANISATIONS', () => {
  it('gives every spelling one organisation, and each normalizes to something', () => {
    const owner = new Map<string, string>();
    for (const organisation of KNOWN_ORGANISATIONS) {
      const keys = [organisation.name, ...organisation.alternates].map(orgKey);
      assert.equal(new Set(keys).size, keys.length, organisation.name);
      for (const key of keys) {
        assert.notEqual(key, '', organisation.name);
        assert.ok(!owner.has(key), `${key}: ${owner.get(key)} and ${organisation.name}`);
        owner.set(key, organisation.name);
      }
    }
  });

  it('finds organisations by their names, acronyms, nicknames and corpus spellings', () => {
    const cases: [string, string][] = [
      ['الأمم المتحدة', 'الأمم المتحدة'],
      ['الناتو', 'حلف شمال الأطلسي'],
      ['البيجيدي', 'حزب العدالة والتنمية'],
      ['العدالة والتنمية', 'حزب العدالة والتنمية'],
      ['البام', 'حزب الأصالة والمعاصرة'],
      ['الأحرار', 'حزب التجمع الوطني للأحرار'],
      ['لاماب', 'وكالة المغرب العربي للأنباء'],
      ['و.م.ع', 'وكالة المغرب العربي للأنباء'],
      ['حركة النهضة', 'حركة النهضة'],
      ['اتحاد الشغل', 'الاتحاد العام التونسي للشغل'],
      ['فايسبوك', 'فيسبوك'],
      ['فيس بوك', 'فيسبوك'],
      ['انستگرام', 'إنستغرام'],
      ['انستكَرام', 'إنستغرام'],
      ['كوكل', 'غوغل'],
      ['جوجل', 'غوغل'],
      ['يوتوب', 'يوتيوب'],
      ['واتس اب', 'واتساب'],
      ['البوليساريو', 'البوليساريو'],
      ['الترجي', 'الترجي الرياضي التونسي'],
      ['النجم الساحلي', 'النجم الرياضي الساحلي'],
    ];
    for (const [spelling, name] of cases) assert.equal(findOrganisation(orgKey(spelling))?.name, name, spelling);
  });

  it('has no disease, place or person among them', () => {
    for (const word of ['كورونا', 'كوفيد', 'المغرب', 'تونس', 'محمد'])
      assert.equal(findOrganisation(orgKey(word)), undefined);
  });

  it('marks the names that are also everyday words or places', () => {
    for (const word of ['النهضة', 'فتح', 'الكاف', 'العربية', 'الاستقلال'])
      assert.equal(isAmbiguousOrganisationKey(orgKey(word)), true, word);
    assert.equal(isAmbiguousOrganisationKey(orgKey('البيجيدي')), false);
  });

  it('lists only ambiguous keys that name an organisation', () => {
    for (const key of AMBIGUOUS_ORGANISATION_KEYS) assert.ok(findOrganisation(key), key);
  });

  it('MAX_ORGANISATION_WORDS is the longest name', () => {
    const keys = KNOWN_ORGANISATIONS.flatMap((organisation) =>
      [organisation.name, ...organisation.alternates].map(orgKey),
    );
    assert.equal(MAX_ORGANISATION_WORDS, Math.max(...keys.map((key) => key.split(' ').length)));
  });
});
