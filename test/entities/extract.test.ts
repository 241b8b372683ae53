import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksToText } from '../../src/content/blocks.ts';
import { entityKey, surnameKey } from '../../src/entities/entity-key.ts';
import { extractEntities } from '../../src/entities/extract.ts';
import type { EntityType, ExtractionRules, FoundEntity } from '../../src/entities/found-entity.ts';
import { DEMO_SEED_FILE } from '../../src/import/demo.ts';
import { readSeedPage } from '../../src/import/seed-page.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';

/** The entities of a text given as the body, as `TYPE name` strings. */
function found(bodyText: string, headline = '', rules?: ExtractionRules): FoundEntity[] {
  return extractEntities({ headline, bodyText }, rules);
}

function named(entities: FoundEntity[], type: EntityType, name: string): FoundEntity | undefined {
  return entities.find((e) => e.type === type && (e.name === name || e.names.includes(name)));
}

describe('entityKey', () => {
  it('gives every spelling of one name one key, and different names different keys', () => {
    assert.equal(entityKey('بيني گانتز'), entityKey('بيني جانتس'));
    assert.equal(entityKey('ترامب'), entityKey('ترمب'));
    assert.equal(entityKey('عبد اللطيف اللوديي'), entityKey('عبداللطيف اللوديي'));
    assert.equal(entityKey('أخنوش'), entityKey('اخنوش'));
    assert.equal(entityKey('العثماني'), entityKey('عثماني'));
    assert.notEqual(entityKey('محمد السادس'), entityKey('محمد الخامس'));
    assert.notEqual(entityKey('المغرب'), entityKey('الجزائر'));
  });

  it('keys a name by its last word for the articles that give only that', () => {
    assert.equal(surnameKey('بيني گانتز'), entityKey('جانتس'));
    assert.equal(surnameKey('سعد الدين العثماني'), entityKey('العثماني'));
    assert.equal(surnameKey(''), undefined);
  });
});

describe('extractEntities', () => {
  it('finds the seed article’s people, places and organisations, Gantz under one entity in every spelling', () => {
    const seed = readSeedPage(DEMO_SEED_FILE);
    const entities = extractEntities({
      headline: seed.headline,
      kicker: seed.kicker ?? null,
      bodyText: blocksToText(seed.body),
    });
    const gantz = entities.filter((e) => e.names.some((n) => /گانتز|جانتس/.test(n)));
    assert.equal(gantz.length, 1, 'one entity for Benny Gantz');
    assert.equal(gantz[0]!.type, 'PER');
    assert.equal(gantz[0]!.name, 'بيني گانتز');
    for (const spelling of ['بيني گانتز', 'بيني جانتس', 'جانتس', 'گانتز'])
      assert.ok(gantz[0]!.names.includes(spelling));
    assert.equal(gantz[0]!.key, entityKey('بيني غانتس'));
    for (const place of ['المغرب', 'إسرائيل', 'الرباط', 'تل أبيب']) assert.ok(named(entities, 'LOC', place), place);
    assert.ok(named(entities, 'PER', 'محمد السادس'));
    assert.ok(named(entities, 'ORG', 'القوات المسلحة الملكية'));
    const morocco = named(entities, 'LOC', 'المغرب')!;
    assert.ok(morocco.prominent, 'Morocco is in the headline');
    assert.ok(morocco.mentions > 1);
  });

  it('takes proclitics off a name: وبالمغرب، لگانتز، والرباط', () => {
    const entities = found('وصل بيني گانتز إلى الرباط. وقال لگانتز مسؤول مغربي إن الزيارة مهمة وبالمغرب ترحيب كبير.');
    assert.ok(named(entities, 'LOC', 'الرباط'));
    const morocco = named(entities, 'LOC', 'المغرب');
    assert.ok(morocco, 'بالمغرب is المغرب');
    assert.ok(morocco.names.every((n) => !n.startsWith('و') && !n.startsWith('ب')));
    const gantz = named(entities, 'PER', 'بيني گانتز')!;
    assert.ok(gantz.names.includes('گانتز'), 'لگانتز is گانتز');
  });

  it('reads a family name alone as the person named in full earlier in the article', () => {
    const entities = found(
      'استقبل رئيس الحكومة سعد الدين العثماني وفدا أجنبيا. وأكد العثماني أن الحكومة ماضية في الإصلاح.',
    );
    const othmani = entities.filter((e) => e.names.some((n) => n.includes('العثماني')));
    assert.equal(othmani.length, 1);
    assert.equal(othmani[0]!.name, 'سعد الدين العثماني');
    assert.equal(othmani[0]!.mentions, 2);
  });

  it('finds a person after a role and its complement, and a foreign name followed by a role', () => {
    const after = found('أعلن وزير الخارجية الأمريكي مايك بومبيو أمس أن بلاده ستدعم الاتفاق.');
    assert.ok(named(after, 'PER', 'مايك بومبيو'));
    const before = found('قال دونالد ترامب إن الاتفاق تاريخي، وذكر ترمب أنه سيزور المنطقة.');
    const trump = named(before, 'PER', 'دونالد ترامب')!;
    assert.ok(trump.names.includes('ترمب'), 'ترمب is the same man');
  });

  it('finds organisations by their head and by name, and leaves generic words out of names', () => {
    const entities = found(
      'أعلنت وزارة الداخلية عن إجراءات جديدة، فيما نشر نادي برشلونة بلاغا على صفحة فيسبوك في مدينة طنجة.',
    );
    assert.ok(named(entities, 'ORG', 'وزارة الداخلية'));
    assert.ok(named(entities, 'ORG', 'برشلونة') ?? named(entities, 'LOC', 'برشلونة'), 'برشلونة without نادي');
    assert.ok(named(entities, 'ORG', 'فيسبوك'));
    assert.ok(named(entities, 'LOC', 'طنجة'));
    assert.ok(!entities.some((e) => /^(نادي|صفحة|مدينة) /.test(e.name)), 'no generic word in a name');
  });

  it('does not take everyday words for names: على is not علي, a head alone is nothing', () => {
    const entities = found('نشرت الشركة بلاغا على موقعها، وقال الحزب إن المنتخب سيلعب على المستوى المطلوب.');
    assert.deepEqual(
      entities.filter((e) => e.type !== 'LOC').map((e) => e.name),
      [],
      'no person or organisation in a sentence without names',
    );
  });

  it('reads no given name after ك, «like»: كامل is not ك + أمل, though لمحمد and ومحمد are names', () => {
    for (const text of [
      'وأوضحت الشركة أنها قامت برد كامل مبلغ التذاكر للأسرة.',
      'سيجد المواطن نفسه مجبرا على دفع كامل مبلغ العلاج.',
    ]) {
      assert.deepEqual(
        found(text).filter((e) => e.type === 'PER'),
        [],
        text,
      );
    }
    assert.ok(named(found('وقال ومحمد بنعلي إن الاجتماع انتهى.'), 'PER', 'محمد بنعلي'));
    assert.ok(named(found('وجه رسالة لمحمد بنعلي رئيس الجمعية.'), 'PER', 'محمد بنعلي'));
  });

  it('finds a quarter, douar or commune the gazetteer does not know after the word that names one', () => {
    const places = (text: string) =>
      found(text)
        .filter((e) => e.type === 'LOC')
        .map((e) => e.name);
    assert.deepEqual(places('ألقت الشرطة القبض عليه في حي العوامة ليلة السبت.'), ['العوامة']);
    assert.deepEqual(places('وقع الحادث في حي بني مكادة صباح اليوم.'), ['بني مكادة']);
    assert.deepEqual(places('تم إيقاف شخصين من معتمدية قصور الساف أمس.'), ['قصور الساف']);
    assert.deepEqual(places('احتج سكان دوار أولاد علي على انقطاع الماء.'), ['أولاد علي']);
    assert.deepEqual(places('عادت قضية رئيس جماعة افريجة إلى الواجهة.'), ['افريجة']);
    assert.deepEqual(places('رفع أذان صلاة المغرب بحومة العوينة.'), ['المغرب', 'العوينة']);
    // Descriptions after those words, and words that only look like them, are no places.
    for (const text of [
      'انتقلت الأسرة إلى حي آخر.',
      'تعيش في قرية صغيرة بعيدا عن الطريق.',
      'هاجمت جماعة متطرفة الثكنة.',
      'صنفت جماعة إرهابية منذ سنوات.',
      'يعيش مع شريك حي يبادله المشاعر.',
      'كان خدوما لبلده واشتغل في الداخل.',
      'أعلنت عمادة المحامين إضرابا عاما.',
    ]) {
      assert.deepEqual(places(text), [], text);
    }
  });

  it('finds a place written without its final hamza, as Darija writes it: الصحرا، الدار البيضا', () => {
    assert.ok(named(found('جا من الدار البيضا البارح باش يخدم.'), 'LOC', 'الدار البيضاء'));
    const sahara = found('مشا للصحرا باش يخدم فالعيون.').find((e) => e.type === 'LOC' && e.names.includes('الصحرا'));
    assert.ok(sahara, 'الصحرا is the place');
  });

  it('reads a name that is also a word as the name when it stands alone between quotation marks', () => {
    assert.ok(named(found('علمت "كود" أن الشرطة أوقفت المشتبه به.'), 'ORG', 'كود'));
    assert.ok(named(found('حسب ما أوردته «وات» صباح اليوم.'), 'ORG', 'وكالة تونس إفريقيا للأنباء'));
    // Unquoted, the everyday word is no name.
    assert.equal(named(found('كتب المبرمج كود التطبيق في يومين.'), 'ORG', 'كود'), undefined);
  });

  it('ends a name at a Darija verb in the present, and keeps foreign family names that only start like one', () => {
    assert.ok(named(found('قال ديفيد كاميرون إن الاستفتاء قائم.'), 'PER', 'ديفيد كاميرون'));
    assert.ok(named(found('وقال جون كيلي إن البيت الأبيض مستعد.'), 'PER', 'جون كيلي'));
    const darija = found('وقالت بسمة بوسيل كتهتم بالدار ديالها.').filter((e) => e.type === 'PER');
    assert.deepEqual(
      darija.map((e) => e.name),
      ['بسمة بوسيل'],
    );
  });

  it('reads a Moroccan honorific and the given name after it as one name: مولاي الحسن، لالة سلمى', () => {
    assert.ok(named(found('استقبل مولاي الحسن الوفد بالرباط.'), 'PER', 'مولاي الحسن'));
    assert.ok(named(found('ترأست الأميرة للا سلمى الحفل.'), 'PER', 'للا سلمى'));
    assert.ok(named(found('وقال لمولاي حفيظ العلمي إن الصناعة تتقدم.'), 'PER', 'مولاي حفيظ العلمي'));
    assert.deepEqual(
      found('عاد مولاي إلى البيت متأخرا.').filter((e) => e.type === 'PER'),
      [],
    );
  });

  it('ends a body’s or a place’s name before a place after ب, and keeps a person’s name after a facility whole', () => {
    const names = (text: string) => found(text).map((e) => `${e.type}:${e.name}`);
    assert.deepEqual(names('اجتمع مجلس النواب بالرباط أمس.'), ['ORG:مجلس النواب', 'LOC:الرباط']);
    assert.deepEqual(names('زار ضريح محمد الخامس بالرباط.'), ['LOC:ضريح محمد الخامس', 'LOC:الرباط']);
    assert.deepEqual(names('تجمع المحتجون في شارع الحبيب بورقيبة بالعاصمة.'), ['LOC:شارع الحبيب بورقيبة']);
    assert.deepEqual(names('نقل إلى المستشفى الجامعي الحبيب بورقيبة بصفاقس.'), [
      'ORG:المستشفى الجامعي الحبيب بورقيبة',
      'LOC:صفاقس',
    ]);
    // A family name that only starts like ب + a place that is also a word stays whole.
    assert.ok(named(found('وقالت زينب بنيس إن المشروع انطلق.'), 'PER', 'زينب بنيس'));
    assert.ok(named(found('المكتب الوطني للسكك الحديدية يعلن تأخر القطارات.'), 'ORG', 'المكتب الوطني للسكك الحديدية'));
  });

  it('never proposes a rejected name, and finds a confirmed one anywhere', () => {
    const text = 'التقى الجنرال دوكور بالوفد، ثم زار الوفد مقر شركة كوسومار بالدار البيضاء.';
    const rules: ExtractionRules = {
      rejected: new Set([entityKey('دوكور')]),
      known: new Map([[entityKey('كوسومار'), 'ORG' as const]]),
    };
    const entities = found(text, '', rules);
    assert.ok(!entities.some((e) => e.names.includes('دوكور')));
    assert.ok(named(entities, 'ORG', 'كوسومار'));
    assert.ok(named(entities, 'LOC', 'الدار البيضاء'));
  });

  it('finds a newsroom-known name of several words, one starting with أم, and the longest of two', () => {
    const rules: ExtractionRules = {
      rejected: new Set(),
      known: new Map([
        [entityKey('أم زرقاء للتنمية'), 'ORG' as const],
        [entityKey('مجموعة أكوا'), 'ORG' as const],
        [entityKey('مجموعة أكوا القابضة'), 'ORG' as const],
      ]),
    };
    const entities = found('قالت جمعية أم زرقاء للتنمية إن مجموعة أكوا القابضة ستستثمر في المغرب.', '', rules);
    // أم joins the next word in a key (أم زرقاء = امزرقاء), as عبد and أبو do.
    assert.ok(named(entities, 'ORG', 'أم زرقاء للتنمية'));
    assert.ok(named(entities, 'ORG', 'مجموعة أكوا القابضة'));
    assert.ok(!named(entities, 'ORG', 'مجموعة أكوا'));
  });

  it('finds a brand written with the article on a newspaper that knows no names yet', () => {
    assert.ok(named(found('أعلنت الناسا عن إطلاق مسبار جديد نحو المريخ.'), 'ORG', 'ناسا'));
  });

  it('marks entities of the headline and lead as prominent, and orders entities by first mention', () => {
    const entities = extractEntities({
      headline: 'أخنوش في الرباط',
      dek: 'زيارة عمل',
      bodyText: 'وصل رئيس الحكومة عزيز أخنوش إلى مراكش. ثم عاد أخنوش إلى الرباط.',
    });
    const akhannouch = entities.find((e) => e.names.some((n) => n.includes('أخنوش')))!;
    assert.equal(akhannouch.type, 'PER');
    assert.ok(akhannouch.prominent);
    assert.ok(named(entities, 'LOC', 'الرباط')!.prominent);
    assert.ok(!named(entities, 'LOC', 'مراكش')!.prominent);
    const order = entities.map((e) => e.firstSeen);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  it('survives bad input: a headline of names, Latin, Tifinagh and emoji inside Arabic, empty text', () => {
    // Bare foreign names with no title, role or given name: found once the archive knows them
    // (ExtractionRules.known), not guessed from their shape alone.
    const bare = 'ترامب، بوتين، أردوغان، ماكرون';
    assert.deepEqual(extractEntities({ headline: bare, bodyText: '' }), []);
    const known: ExtractionRules = {
      rejected: new Set(),
      known: new Map(['ترامب', 'بوتين', 'أردوغان', 'ماكرون'].map((name) => [entityKey(name), 'PER' as const])),
    };
    const names = extractEntities({ headline: bare, bodyText: '' }, known);
    assert.deepEqual(
      names.map((e) => e.type),
      ['PER', 'PER', 'PER', 'PER'],
    );
    assert.ok(names.every((e) => e.prominent));
    const mixed = found(
      'صرح Emmanuel Macron لقناة France 24 بأن ⵜⴰⵎⴰⵣⵉⵖⵜ لغة رسمية 🇲🇦🎉 في المغرب، حسب ما نقلته وكالة المغرب العربي للأنباء.',
    );
    assert.ok(named(mixed, 'LOC', 'المغرب'));
    for (const entity of mixed) {
      assert.ok(entity.name.trim() !== '' && !/[🇲🎉]/u.test(entity.name), `a clean name: ${entity.name}`);
    }
    assert.deepEqual(found(''), []);
    assert.deepEqual(found('   \n\n  '), []);
    assert.deepEqual(found('!!! ... ؟؟؟ 12345'), []);
  });

  it('reads a 100,000-word article whole and returns each entity once', () => {
    const paragraphs = firstCorpusLines('goud.jsonl.gz', 400).map(
      (line) => (JSON.parse(line) as { text: string }).text,
    );
    let body = '';
    while (body.split(/\s+/).length < 100_000) body += `${paragraphs.join('\n')}\n`;
    const entities = found(body);
    const keys = entities.map((e) => `${e.type} ${e.key}`);
    assert.equal(new Set(keys).size, keys.length, 'one entity per key and type');
    const morocco = named(entities, 'LOC', 'المغرب');
    assert.ok(morocco && morocco.mentions > 100);
  });
});
