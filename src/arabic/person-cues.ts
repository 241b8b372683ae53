/**
 * The words around a person's name in Arabic news, for entity extraction: the titles and
 * roles written before it (السيد، الدكتور، وزير الدفاع الإسرائيلي بيني گانتز), the roles
 * written after it in apposition (X، الناطق الرسمي باسم الحكومة), the speech verbs whose
 * subject it often is (قال، أكدت), given names, and the particles inside names (بن، ولد، آيت).
 *
 * Where the facts come from: the usage of Moroccan (Goud.ma, partly Darija) and Tunisian
 * (Jawhara FM) news in the shared corpus (12,000 articles); counts in comments are
 * occurrences there, with و/ف in front included. Darija forms seen there: الرابور 33,
 * الشيخة 22 (the chikha singer), سي 167 (سي محمد: "Mr", also Tunisian), گال/كال 16 and دوا 22
 * ("said", "spoke"), هضر/هدر 34 ("spoke"). Tunisian: المعتمد 84 (a délégué), الوالي 90.
 * Given names: the common Arabic, Maghrebi (امحمد، لحسن، موحا), Amazigh (يوبا، ماسينيسا،
 * تودة) and foreign (دونالد، إيمانويل، بنيامين) names of the press, in its spellings.
 *
 * Everything is written as news writes it; lookups take normalized words (normalize.ts),
 * several words joined with one space (`cueKey()`).
 */

import { normalize } from './normalize.ts';

// ---------------------------------------------------------------------------------------------
// Titles before a name

/**
 * - 'direct': the name follows at once (السيد عزيز أخنوش، الدكتور الطيب حمضي، الحاج X).
 * - 'role': a complement may come between the role and the name: a nisba or other adjective
 *   (المدرب الوطني وحيد خليلوزيتش، الرئيس الأمريكي جو بايدن), an idafa (رئيس الحكومة سعد الدين
 *   العثماني، وزير الدفاع الإسرائيلي بيني گانتز), a prepositional phrase (الناطق الرسمي باسم
 *   الحكومة مصطفى الخلفي). A role written with the article (الوزير) is also the head of an
 *   idafa without it (وزير الداخلية): `findPersonTitle()` finds وزير through الوزير.
 */
export type PersonTitleKind = 'direct' | 'role';

export interface PersonTitle {
  /** As written in news. */
  title: string;
  kind: PersonTitleKind;
  /**
   * Also an ordinary word in front of non-names often enough that it is only a weak cue:
   * سي (also a Latin "si"), د. (the Tunisian dinar after a number: 100 د.), الشاب, المواطن,
   * المتهم, الفريق (Lt. general and "the team"), النجم (the star and the Étoile du Sahel club).
   */
  weak?: true;
}

/** Titles and honorifics followed directly by the name. */
const DIRECT_TITLES = [
  'السيد',
  'السيدة',
  'الآنسة',
  'السادة',
  'الشيخ',
  'الشيخة',
  'الدكتور',
  'الدكتورة',
  'الأستاذ',
  'الأستاذة',
  'البروفيسور',
  'البروفسور',
  'الحاج',
  'الحاجة',
  'المهندس',
  'المهندسة',
  'الفقيد',
  'الفقيدة',
  'المرحوم',
  'المرحومة',
  'الراحل',
  'الراحلة',
  'الشهيد',
  'الشهيدة',
  'سمو',
  'صاحب السمو',
  'صاحب الجلالة',
  'جلالة الملك',
  'فضيلة الشيخ',
  'معالي',
  'سماحة',
  'الإمام',
  'الداعية',
  'الفقيه',
  'القس',
  'البابا',
  'آية الله',
];

/** Direct titles that are weak cues (see PersonTitle.weak). */
const WEAK_DIRECT_TITLES = [
  'الأب', // Father (a priest), but mostly "the father"
  'سي', // Darija and Tunisian "Mr" (سي محمد), 167, but also Latin "si" and the end of words
  'د.', // Dr.; in Jawhara mostly the dinar after an amount
  'ذ.', // Moroccan abbreviation of الأستاذ
  'دكتور',
];

/** Roles: a complement may come between the role and the name. Feminine forms included. */
const ROLES = [
  // state and government
  'الملك',
  'الملكة',
  'الأمير',
  'الأميرة',
  'ولي العهد',
  'الرئيس',
  'الرئيسة',
  'رئيس الجمهورية',
  'رئيس الحكومة',
  'رئيسة الحكومة',
  'رئيس الوزراء',
  'الوزير الأول',
  'الوزير',
  'الوزيرة',
  'الوزير المنتدب',
  'الوزيرة المنتدبة',
  'كاتب الدولة',
  'كاتبة الدولة',
  'الزعيم',
  'الزعيمة',
  'الأمين العام',
  'الأمينة العامة',
  'الكاتب العام',
  'الكاتبة العامة',
  'الكاتب الوطني',
  'المستشار',
  'المستشارة',
  'المستشار الملكي',
  'السفير',
  'السفيرة',
  'القنصل',
  'القنصلة',
  'المبعوث',
  'المبعوث الشخصي',
  'المبعوثة',
  'المندوب',
  'المندوب السامي',
  'المندوبة',
  'الناطق الرسمي',
  'الناطقة الرسمية',
  'الناطق',
  'الناطقة',
  'المتحدث',
  'المتحدثة',
  'المتحدث الرسمي',
  'المتحدثة الرسمية',
  'النائب',
  'النائبة',
  'نائب الشعب',
  'البرلماني',
  'البرلمانية',
  'المستشار البرلماني',
  'رئيس مجلس النواب',
  'رئيس البرلمان',
  'العمدة',
  'رئيس البلدية',
  'رئيس الجماعة',
  'رئيسة الجماعة',
  'الوالي', // wali of a Moroccan region, governor of a Tunisian governorate (90)
  'الوالية',
  'المعتمد', // Tunisian délégué (84)
  'القائد', // Moroccan caid
  'القايد',
  'الباشا',
  'الشيخ القبلي',
  'الحاكمة',
  'المرشد',
  'المرشد الأعلى',
  // parties, unions, society
  'القيادي',
  'القيادية',
  'المرشح',
  'المرشحة',
  'المعارض',
  'الناشط',
  'الناشطة',
  'الحقوقي',
  'الحقوقية',
  'النقابي',
  'النقابية',
  'المناضل',
  'المناضلة',
  'الفاعل الجمعوي',
  'الفاعلة الجمعوية',
  'رئيس الجمعية',
  'رئيسة الجمعية',
  'رجل الأعمال',
  'سيدة الأعمال',
  'المقاول',
  'المدير',
  'المديرة',
  'المدير العام',
  'المديرة العامة',
  'الرئيس المدير العام',
  'الخبير',
  'الخبيرة',
  'المحلل',
  'المحللة',
  'الباحث',
  'الباحثة',
  'الأكاديمي',
  'الأكاديمية',
  'المؤرخ',
  'المفكر',
  'الطبيب',
  'الطبيبة',
  // justice and security
  'القاضي',
  'القاضية',
  'قاضي التحقيق',
  'الوكيل العام',
  'وكيل الملك',
  'وكيل الجمهورية',
  'المحامي',
  'المحامية',
  'المحامي العام',
  'النقيب',
  'المعتقل',
  'المعتقلة',
  'المعتقل السياسي',
  'السجين',
  'السجينة',
  'الموقوف',
  'الموقوفة',
  'المشتبه فيه',
  'المشتبه به',
  'المتهمة',
  'الجنرال',
  'الجنرال دو كور دارمي',
  'المشير',
  'الفريق أول',
  'اللواء',
  'العميد',
  'العقيد',
  'الكولونيل',
  'الكولونيل ماجور',
  'الكومندار',
  'الملازم',
  'الضابط',
  'المفتش',
  'الدركي',
  'الشرطي',
  'الأدميرال',
  // culture and media
  'الفنان',
  'الفنانة',
  'الممثل',
  'الممثلة',
  'المغني',
  'المغنية',
  'المطرب',
  'المطربة',
  'الموسيقار',
  'الملحن',
  'الرابور', // Goud 33
  'الرابورة',
  'الرابر',
  'الكوميدي', // 24
  'الكوميدية',
  'الفكاهي',
  'الفكاهية',
  'اليوتوبر',
  'اليوتيوبر',
  'المؤثر',
  'المؤثرة',
  'المنشط',
  'المنشطة',
  'المذيع',
  'المذيعة',
  'الكاتب',
  'الكاتبة',
  'الروائي',
  'الروائية',
  'الشاعر',
  'الشاعرة',
  'الزجال',
  'الإعلامي',
  'الإعلامية',
  'الصحفي',
  'الصحفية',
  'الصحافي',
  'الصحافية',
  'المخرج',
  'المخرجة',
  'المنتجة',
  'المصور',
  'عارضة الأزياء',
  'المصمم',
  'المصممة',
  // sport
  'المدرب',
  'المدربة',
  'الناخب الوطني',
  'المدير الفني',
  'اللاعب',
  'اللاعبة',
  'الحارس',
  'حارس المرمى',
  'المهاجم',
  'المدافع',
  'الظهير',
  'لاعب الوسط',
  'الهداف',
  'البطلة',
  'العداء',
  'العداءة',
  'الملاكم',
  'الملاكمة',
  'المصارع',
  'الدراج',
  'السباح',
  'لاعب التنس',
  'لاعبة التنس',
];

/** Roles that are weak cues (see PersonTitle.weak). */
const WEAK_ROLES = [
  'المتهم',
  'المواطن',
  'المواطنة',
  'الشاب',
  'الشابة',
  'الطفل',
  'الطفلة',
  'الفتاة',
  'الرجل',
  'المرأة',
  'الفريق', // Lt. general, but mostly "the team"
  'النجم', // the star, but also النجم الساحلي (829 in all)
  'النجمة',
  'الأستاذ الجامعي',
  'الحكم', // the referee; mostly "the verdict", "rule"
  'البطل', // the champion; also "the hero" of a story
  'الجناح', // the winger; also "the wing", "the pavilion"
  'الدولي', // الدولي المغربي حكيم زياش: an international player (also "international", 900)
  'العامل', // governor of a Moroccan province (عامل إقليم)
  'الخليفة', // a caid's deputy; also "the caliph"
  'المقدم', // Moroccan local official, and lieutenant colonel
  'الرائد', // major; also "the pioneer"
  'المسؤول',
  'المسؤولة',
  'الضحية', // the victim, often unnamed
  'الحاكم', // the governor; also "ruling" (الحزب الحاكم)
  'المعارضة', // the opponent (fem.); mostly "the opposition"
  'السباحة', // the swimmer (fem.); mostly "swimming"
  'المنتج', // the producer; also "the product"
];

// ---------------------------------------------------------------------------------------------
// Roles after a name, in apposition

/**
 * Role nouns that follow a name in apposition, usually without the article as the head of an
 * idafa (بيني گانتز وزير الدفاع، X رئيس الحكومة، X عامل إقليم الحسيمة), or with it before an
 * adjective or a phrase (X الناطق الرسمي باسم الحكومة، X الأمين العام لحزب…).
 */
export const PERSON_ROLE_AFTER: readonly string[] = [
  'وزير',
  'وزيرة',
  'رئيس',
  'رئيسة',
  'نائب',
  'نائبة',
  'عضو',
  'عضوة',
  'مستشار',
  'مستشارة',
  'سفير',
  'سفيرة',
  'قنصل',
  'مدير',
  'مديرة',
  'مدرب',
  'مدربة',
  'لاعب',
  'لاعبة',
  'حارس',
  'مهاجم',
  'مدافع',
  'قائد',
  'زعيم',
  'زعيمة',
  'أمين عام',
  'كاتب عام',
  'كاتب دولة',
  'كاتبة دولة',
  'عامل',
  'والي',
  'معتمد',
  'عمدة',
  'مندوب',
  'ممثل',
  'ممثلة',
  'مؤسس',
  'مؤسسة',
  'صاحب',
  'صاحبة',
  'مالك',
  'مسؤول',
  'مسؤولة',
  'أستاذ',
  'أستاذة',
  'خبير',
  'خبيرة',
  'باحث',
  'باحثة',
  'محامي',
  'محامية',
  'قاضي',
  'وكيل',
  'منسق',
  'منسقة',
  'الناطق الرسمي',
  'الناطقة الرسمية',
  'الناطق باسم',
  'الناطقة باسم',
  'المتحدث باسم',
  'المتحدثة باسم',
  'المتحدث الرسمي',
  'الأمين العام',
  'الأمينة العامة',
  'الكاتب العام',
  'الكاتب الوطني',
  'المدير العام',
  'المديرة العامة',
  'الرئيس المدير العام',
  'المدير التنفيذي',
  'الرئيس التنفيذي',
  'القيادي',
  'القيادية',
  'النائب البرلماني',
  'البرلماني',
  'البرلمانية',
  'المستشار',
  'المستشارة',
  'المدرب',
  'اللاعب',
  'المهاجم',
  'الحارس',
  'المعتقل',
  'الفنان',
  'الفنانة',
  'الممثل',
  'الممثلة',
  'الكاتب',
  'الكاتبة',
  'الصحفي',
  'الصحافي',
  'الإعلامي',
  'الإعلامية',
  'المخرج',
  'المخرجة',
  'المغني',
  'المغنية',
  'الرابور',
];

// ---------------------------------------------------------------------------------------------
// Speech verbs

/**
 * Verbs of saying whose subject, right after them, is often a person (قال وزير الخارجية
 * ناصر بوريطة، أكدت الوزيرة…): weak cues. Past tense, masculine and feminine, then the present
 * tense of the commonest, then Darija. A و or ف in front counts too (isSpeechVerb).
 */
const SPEECH_VERBS_TABLE = [
  'قال قالت',
  'أكد أكدت',
  'أوضح أوضحت',
  'أشار أشارت',
  'صرح صرحت',
  'اعتبر اعتبرت',
  'كشف كشفت',
  'أعلن أعلنت',
  'دعا دعت',
  'أضاف أضافت',
  'شدد شددت',
  'أفاد أفادت',
  'نفى نفت',
  'لفت لفتت',
  'أبرز أبرزت',
  'طالب طالبت',
  'ذكر ذكرت',
  'أورد أوردت',
  'اعترف اعترفت',
  'علق علقت',
  'كتب كتبت',
  'ندد نددت',
  'رد ردت',
  'تساءل تساءلت',
  'حذر حذرت',
  'أعرب أعربت',
  'عبر عبرت',
  'أبدى أبدت',
  'أقر أقرت',
  'نبه نبهت',
  'أفصح أفصحت',
  'استنكر استنكرت',
  'نقل نقلت',
  'روى روت',
  'تابع تابعت',
  'استطرد استطردت',
  'يقول تقول',
  'يؤكد تؤكد',
  'يرى ترى',
  'يضيف تضيف',
  'يوضح توضح',
  'يشير تشير',
  // Darija (Goud): "said" and "spoke"
  'گال گالت كال كالت',
  'دوا دوات',
  'هضر هضرات هدر هدرات',
];

// ---------------------------------------------------------------------------------------------
// Particles inside names

export interface NameParticle {
  particle: string;
  /** It can begin a name: ابن كيران، أبو بكر، آيت الطالب، مولاي الحسن، لالة سلمى، سيدي علي. */
  starts: boolean;
  /** It links two parts of one name: زين العابدين بن علي، محمد ولد الغزواني، علي أبو زيد. */
  joins: boolean;
}

/**
 * Particles of Arab and Maghrebi names. The article ال that begins family names (العثماني،
 * الخلفي) is the extractor's to handle.
 */
export const NAME_PARTICLES: readonly NameParticle[] = [
  { particle: 'بن', starts: true, joins: true }, // بن علي، بن كيران; محمد بن سلمان
  { particle: 'ابن', starts: true, joins: true },
  { particle: 'بنت', starts: false, joins: true },
  { particle: 'ابنة', starts: false, joins: true },
  { particle: 'ولد', starts: false, joins: true }, // Mauritanian: محمد ولد الشيخ الغزواني
  { particle: 'بو', starts: true, joins: true }, // Maghrebi: بو زيد، بو عزيزي written apart
  { particle: 'أبو', starts: true, joins: true },
  { particle: 'أبي', starts: false, joins: true }, // علي بن أبي طالب
  { particle: 'أبا', starts: false, joins: true },
  { particle: 'أم', starts: true, joins: false }, // أم كلثوم
  { particle: 'آيت', starts: true, joins: true }, // Amazigh "sons of": آيت الطالب، آيت الطالب (أيت: same key)
  { particle: 'أيت', starts: true, joins: true },
  { particle: 'أولاد', starts: true, joins: false },
  { particle: 'آل', starts: true, joins: true }, // آل سعود، آل ثاني
  { particle: 'مولاي', starts: true, joins: false }, // sharifian: مولاي الحسن، مولاي حفيظ العلمي
  { particle: 'سيدي', starts: true, joins: false }, // سيدي محمد (also in place names: سيدي بوزيد)
  { particle: 'لالة', starts: true, joins: false }, // لالة سلمى، لالة مريم
  { particle: 'للا', starts: true, joins: false },
  { particle: 'عبد', starts: true, joins: false }, // عبد + a divine name: see ABD_COMPOUNDS
];

// ---------------------------------------------------------------------------------------------
// Given names

/** The divine names (and a few others) that follow عبد in given names: عبد الله، عبد الإله (Morocco). */
export const ABD_COMPOUNDS: readonly string[] = [
  'الله',
  'الرحمن',
  'الرحمان', // Moroccan spelling
  'الرحيم',
  'الملك',
  'المالك',
  'القدوس',
  'السلام',
  'المؤمن',
  'المهيمن',
  'العزيز',
  'الجبار',
  'الخالق',
  'الباري',
  'البارئ',
  'المصور',
  'الغفار',
  'الغفور',
  'القهار',
  'الوهاب',
  'الرزاق',
  'الفتاح',
  'العليم',
  'الباسط',
  'الحفيظ',
  'اللطيف',
  'الخبير',
  'الحليم',
  'العظيم',
  'الشكور',
  'العلي',
  'العالي',
  'الكبير',
  'المجيد',
  'الحكيم',
  'الودود',
  'الحميد',
  'الحق',
  'الواحد',
  'الأحد',
  'الصمد',
  'القادر',
  'الرؤوف',
  'الغني',
  'النور',
  'الهادي',
  'الباقي',
  'الرشيد',
  'الصبور',
  'الجليل',
  'الكريم',
  'الرقيب',
  'المجيب',
  'الواسع',
  'الباعث',
  'الوكيل',
  'القوي',
  'الولي',
  'الحي',
  'القيوم',
  'الماجد',
  'التواب',
  'المنعم',
  'المعطي',
  'العاطي',
  'النبي', // Moroccan
  'الإله', // Moroccan, very common
  'الصادق',
  'السميع',
  'البصير',
  'الناصر',
  'الستار',
  'الجواد',
  'المولى',
  'الرفيع',
  'الوافي',
  'الكافي',
  'الشافي',
  'المطلب',
  'الأمير',
  'الفضيل',
  'المحسن',
];

/** The first names of the compounds of الدين: نور الدين، زين الدين (also written as one word: نورالدين). */
export const DIN_COMPOUNDS: readonly string[] = [
  'نور',
  'زين',
  'صلاح',
  'عز',
  'خير',
  'بدر',
  'نصر',
  'جمال',
  'محيي',
  'محي',
  'علاء',
  'شمس',
  'سيف',
  'تقي',
  'فخر',
  'عماد',
  'نجم',
  'سعد',
  'شرف',
  'حسام',
  'ضياء',
  'كمال',
  'بهاء',
  'ناصر',
  'عصام',
  'صفي',
  'جلال',
  'سراج',
];

/** Masculine given names, Arabic and Maghrebi, as the press writes them. */
const MASCULINE_NAMES = `
محمد محمّد امحمد أمحمد مُحمد محند موحا موحى حمو احمد أحمد حماد احماد أحمادي محمود مصطفى المصطفى
مهدي المهدي علي عمر عثمان أبوبكر حسن الحسن لحسن حسين الحسين لحسين حسني حسان حسام إبراهيم ابراهيم
إسماعيل اسماعيل إسحاق يعقوب يوسف يونس يحيى زكرياء زكريا إلياس الياس أيوب موسى عيسى هارون سليمان
داود آدم نوح إدريس ادريس ياسين ياسين أنس أمين الأمين محمد أمين أيمن أسامة اسامة حمزة خالد رشيد
الرشيد سعيد السعيد حميد عبيد عزيز كريم حكيم نبيل هشام عادل عماد طارق سفيان سمير منير نجيب بلال
وليد جواد مروان أشرف رضا رضى سعد سعود فهد فيصل ماجد مجيد نزار ماهر فراس بسام نضال منذر معز
عبدو بشير البشير بشار بدر نصر جمال كمال فؤاد فواد لطفي فتحي شكري صبري حمدي رمزي مجدي رامي سامي
هاني هادي الهادي ناصر الناصر منصور المنصور منصف المنصف منجي المنجي الباجي راشد قيس غازي شاكر
أسعد الأسعد صادق الصادق فاضل الفاضل توفيق مختار المختار حاتم مراد نور الطاهر طاهر الطيب طيب
العربي لعربي الهاشمي هاشم الحبيب حبيب لحبيب الغالي الصديق صديق العياشي الجيلالي المكي مكي
المعطي الميلودي ميلود التهامي بوشعيب شعيب بوجمعة جمعة امبارك مبارك المبارك العربي الزبير عباس
العباس سالم سليم مسعود المسعود مولود ميمون قدور عمار بوبكر بوعلام صالح الصالح
محسن المحسن منعم فريد وحيد جليل نبيه ربيع رابح ربيعة سفيان أنور منتصر المنتصر معتصم المعتصم
ياسر عمرو زياد زيد وائل وسيم عصام هيثم حازم عاصم أكرم أمجد أسامة أنيس إيهاب ايهاب رياض عماد
يزيد ثامر جوهر بلقاسم حبيب نجيب مهدي عبدو ادريس شفيق رفيق توفيق عزيز حفيظ لطيف رؤوف رشيد
مصطفى خليل الخليل إسماعيل جلال طلال بلال هلال كمال أيوب عثمان شريف الشريف نعمان لقمان مسعود
حميد الحبيب الطاهر العيد عيد سعيد حسن رحال بوزيد عزوز حمادي حمودة حمادة علال علّال الغازي قاسم
القاسم هشام عماد زهير سهيل نوفل نبيل إدريس المصطفى شكيب جواد رشاد مراد وجدي مجدي زكي
فوزي لطفي فتحي صبحي رمضان شعبان رجب عاشور عمران عدنان مازن حسين سامر تامر باسم بسام عصمت
مأمون مامون ميلود مولود أمجد يحيى يوسف يونس أنور منير سمير ياسين أمين كريم أنس عمر حمزة طه
طارق زين سيف المهدي البشير عزالدين نورالدين لخضر الأخضر بلعيد مبروك ميلاد نجم شهاب
وديع سهيل وسام أيمن ضياء بهاء خير شمس علاء جهاد نضال كفاح أحمد ساجد سجاد رائد راشد رامز رامي
عيسى زهير أكرم منذر بسيم سلام
تميم خميس برهان حافظ زايد ناجي المنذر جعفر لمين عامر محجوب غسان حمد ساسي الصحبي شوقي مهذب بوراوي الشاذلي
المولدي العروسي حمة الحبيب الأزهر لزهر حفيظ الطيب البحري قدور المعطي التيجاني
شادي فادي هادي مهند معاذ مصعب عمار ياسر سلمان إدريس حسني حسنين موسى
`;

/** Feminine given names. */
const FEMININE_NAMES = `
فاطمة فاطمة الزهراء فطيمة فاطنة الزهرة زهرة خديجة خدوج عائشة عيشة مريم زينب سكينة حفصة نعيمة نادية
سميرة ليلى لطيفة حنان إيمان ايمان سناء هند سلمى أسماء اسماء نجاة رشيدة سعيدة مليكة مالكة نزهة حليمة
رقية يامنة يمينة فتيحة فاطمة ربيعة ياسمين ياسمينة وفاء بشرى أمينة امينة كريمة نوال سهام ابتسام
هدى مونية منية سنية آمنة أمنة ضحى فرح أميمة شيماء هاجر سارة إكرام اكرام غزلان كوثر سلوى ثريا لبنى
جميلة رجاء صفاء نسرين نجوى دنيا رحمة رانيا إيناس ايناس أسمهان سعاد عزيزة فوزية درة ريم وجدان ألفة
الفة سيرين عبير منى آمال أمال بسمة روضة سامية جليلة نجلاء فريال زهور رفيقة عفاف سلاف عبلة بثينة
يسرى ريان هيفاء وئام وئام حياة نبيلة سلمى لمياء لمى مها منال نورة نور نورا نوران هالة هبة دعاء
إسراء اسراء آية اية ملاك مروة نهى نهاد نادين ياسمين جنات جنة سندس شهد ريهام رحاب أسيل رغد سجى
بشرى خلود خولة زكية سكينة صباح صابرة صبرية ضحى عتيقة عواطف غيثة فدوى فضيلة كلثوم
لبنى ليلى مريم مينة ميمونة نجية نعيمة هنية هنيه وداد وسيلة يطو إيطو ثورية حادة حدهم حسناء حنين
خيرة دليلة رشيدة زبيدة زليخة سعدية سليمة سميرة شامة شريفة صفية عزيزة فاتن فاطمة فتحية قمر كنزة
لطيفة مباركة مجيدة محجوبة نفيسة نوال هشومة هيام وفاء ياقوت آسية أنيسة بهيجة تورية جهان حورية
حفيظة خدوجة دنيا رباب زهيرة سلوى سهيلة شادية شيرين صوفيا صوفيا عائشة علياء غادة فايزة فريدة لينا
ماجدة مديحة مريم منيرة ناجية نجمة نعمة هاجر هيبة وديعة يسرا يمنى أحلام أسماء إلهام الهام أمل
بديعة بهية ثريا جهاد حبيبة حكيمة حليمة راضية رحمة رقية زينة سامية سعيدة سلمى سمية سهى شافية
عفيفة فائزة قدس خنساء رابعة رانية كريمة لويزة ليندة مريامة منيرة نادرة نزيهة هادية وردة ياسمينة أروى
`;

/** Amazigh given names, masculine and feminine (Morocco, Algeria, Libya). */
const AMAZIGH_MASCULINE = `
يوبا يوغرطة ماسينيسا ماسين أكسيل كسيلة إيدير أمازيغ سيفاو أغيلاس أيور أنير عسو حدو موحا موحند محند أمناي يونس أمغار تاشفين يوسف باها أمسناو أوسان
`;
const AMAZIGH_FEMININE = `
تودة تيفاوت تيليلا ثيزيري تيزيري تافسوت تانيرت إيطو يطو ديهيا الكاهنة تينهينان تامونت تاسكورت تودا تيلي نوميديا تازيري ثانينا إيجا ماسيليا دهية
`;

/** Foreign given names in the Arabic spellings of the press (politics, sport, business). */
const FOREIGN_MASCULINE = `
دونالد جو جوزيف باراك بيل جورج رونالد ريتشارد مايك مايكل مارك جون جيمس توماس ويليام وليام روبرت
ديفيد دافيد كريس أنتوني انتوني لويد جيك بيرني تيد تشاك ستيف ستيفن إيلون ايلون جيف كيفن
ستيفان بوريس ريشي كير توني غوردون ديفيد ماثيو تشارلز هاري أندرو جاستن جستين جاريد ريكس روبرتو
إيمانويل ايمانويل نيكولا نيكولاس فرانسوا جاك جان لوران ميشيل فيليب بيير باتريك كريستوف جيرار
إدوار ادوار برونو جيرالد إريك اريك غابرييل سيباستيان كليمون أوليفييه ماريو يانيك جوليان أرنو
بيدرو بابلو خوسيه خوان كارلوس فيليبي أنطونيو ماريانو سانتياغو لويس ألفونسو ميغيل رافاييل
رفائيل أنخيل سيرخيو سيرجيو دييغو دييجو ماتيو جوزيبي سيلفيو ماتيو فرانشيسكو ماسيميليانو
أنجيلو كارلو فابيو أولاف هانز فرانك فالتر يورغن توماس كلاوس هيلموت غيرهارد
فلاديمير ديمتري دميتري سيرغي سيرجي أليكسي ألكسي ألكسندر الكسندر يفغيني ميخائيل ميخائيل بوريس
فولوديمير فيكتور ألكسندر رجب أحمد أكرم بنيامين بيني نفتالي يائير إسحاق يتسحاق شمعون
أفيغدور ايهود إيهود أرييل أرئيل غابي موشيه يوآف يوسي يوفال بيتر ناريندرا عمران نواز رجب
كيم ماكي جاكوب سيريل نيلسون يويري بول جوزيف بليز أداما ماكي شارل كريستيانو ليونيل نيمار
كيليان زلاتان جوزيه يورغن كارلو هيرفي وحيد فاهد فاهيد لوكا لوكاس
روبرت روبرتو أنتوان أنطوان باولو باولو ديدييه ديديي تياغو أليساندرو ماركو سيرجيو غاريث
ستيفن جوزيب بيب أرسين رومان ساديو فينيسيوس إدينسون لويس
ألفارو إيكر إيسكو توني كريم أوسمان ويسلي نغولو بول إنزو إيدن هاري جادون
`;

const FOREIGN_FEMININE = `
أنجيلا انجيلا هيلاري هيلارى كامالا نانسي ميلانيا إيفانكا ايفانكا ميشيل ميغان كيت إليزابيث اليزابيث
ماري مارين سيغولين كاترين كاثرين تيريزا تيريزا ليز جورجيا أورسولا كريستين
غولدا تسيبي أيليت صوفي جيسيكا جينيفر جنيفر شاكيرا ريهانا بيونسي مادونا سيلين سيرينا
فينوس ماريا جوليا نتالي ناتالي إيما كارلا
`;

/**
 * Given names that are also everyday words of news prose (حياة "life", صباح "morning", رمضان
 * the month, العربي "Arab", أمل "hope", جو "atmosphere"): alone, they need a cue (a title, a
 * family name after them) before an extractor takes them for a name.
 */
const GIVEN_NAMES_ALSO_WORDS = `
جمال أمل آمال نور سعيد السعيد كريم عزيز حميد صالح الصالح سالم زين خير شمس علاء نجم هدى رحمة حياة صباح
وفاء قمر جنة جنات نعمة أحلام قدس وردة إيمان رجاء حنان أمين الأمين الهادي هادي الطيب طيب البشير بشير
العربي المختار مختار مبارك المبارك جهاد كفاح عيد العيد رمضان شعبان رجب ربيع ربيعة الصادق صادق يسرى
ضحى ملاك آية فرح دنيا منى بسمة هبة ثريا الخليل خليل وسام جوهر سامي عادل فاضل الفاضل كمال نصر بدر
سعد ناصر الناصر منصور المنصور رشيد الرشيد سليم جميلة كريمة لطيفة سعيدة عزيزة شريفة نبيلة صفاء سناء
آمنة أمنة زكي زكية جليل رفيق شريف الشريف خالد حسن الحسن الأخضر لخضر أنور منير عبيد حياة نجاة سلمى
فائزة فايزة جو جورجيا نوال إلهام الهام سلام سلاف حبيب الحبيب حبيبة مسعود سعود فهد أسعد الأسعد
مهدي المهدي طاهر الطاهر صديق الصديق البحري الأزهر باسم بوزيد جمعة هلال حادة ميلاد مبروك
حافظ سيف يزيد شهد زهرة رياض وسيلة روضة ألفة عامر الغالي العباس عباس حسني مأمون كفاح ساجد رائد راشد
`;

// ---------------------------------------------------------------------------------------------
// Keys and lookups

/** The key of a cue: its normalized words joined with one space, without dots (د. → د). */
export function cueKey(spelling: string): string {
  return normalize(spelling)
    .replaceAll('.', ' ')
    .split(/\s+/u)
    .filter((word) => word !== '')
    .join(' ');
}

function words(block: string): string[] {
  return block.split(/\s+/u).filter((word) => word !== '');
}

function titles(list: readonly string[], kind: PersonTitleKind, weak: boolean): PersonTitle[] {
  return list.map((title) => Object.freeze(weak ? { title, kind, weak: true as const } : { title, kind }));
}

export const PERSON_TITLES: readonly PersonTitle[] = Object.freeze([
  ...titles(DIRECT_TITLES, 'direct', false),
  ...titles(WEAK_DIRECT_TITLES, 'direct', true),
  ...titles(ROLES, 'role', false),
  ...titles(WEAK_ROLES, 'role', true),
]);

const TITLE_INDEX: ReadonlyMap<string, PersonTitle> = new Map(
  PERSON_TITLES.map((title) => [cueKey(title.title), title]),
);

/** The longest title, in words: how far a matcher needs to look. */
export const MAX_TITLE_WORDS = Math.max(...[...TITLE_INDEX.keys()].map((key) => key.split(' ').length));

/**
 * The title a key (normalized words joined with one space) is. A role also matches without
 * its article, as the head of an idafa: وزير (الداخلية) through الوزير, رئيس (الحكومة) through
 * الرئيس; a direct title does not (سيد is not السيد).
 */
export function findPersonTitle(key: string): PersonTitle | undefined {
  const title = TITLE_INDEX.get(key);
  if (title !== undefined) return title;
  if (key.startsWith('ال')) return undefined;
  const withArticle = TITLE_INDEX.get(`ال${key}`);
  return withArticle?.kind === 'role' ? withArticle : undefined;
}

const ROLE_AFTER_KEYS: ReadonlySet<string> = new Set(PERSON_ROLE_AFTER.map(cueKey));

/** Whether a key is a role noun that may follow a name in apposition (وزير، الناطق الرسمي). */
export function isRoleAfterName(key: string): boolean {
  return ROLE_AFTER_KEYS.has(key);
}

export const SPEECH_VERBS: readonly string[] = Object.freeze(SPEECH_VERBS_TABLE.flatMap(words));

const SPEECH_VERB_KEYS: ReadonlySet<string> = new Set(SPEECH_VERBS.map(cueKey));

/** Whether a normalized word is a speech verb, alone or after و or ف (وقال، فأكد). */
export function isSpeechVerb(word: string): boolean {
  if (SPEECH_VERB_KEYS.has(word)) return true;
  return (word.startsWith('و') || word.startsWith('ف')) && SPEECH_VERB_KEYS.has(word.slice(1));
}

const PARTICLE_INDEX: ReadonlyMap<string, NameParticle> = new Map(
  NAME_PARTICLES.map((particle) => [cueKey(particle.particle), particle]),
);

/** The particle a normalized word is (آيت and أيت are one: ايت). */
export function findNameParticle(word: string): NameParticle | undefined {
  return PARTICLE_INDEX.get(word);
}

export type Gender = 'masculine' | 'feminine';

/**
 * Given names as written, one or two words: the lists above, عبد + each of ABD_COMPOUNDS in
 * two words and in one (عبد الله، عبدالله), and each of DIN_COMPOUNDS + الدين (نور الدين،
 * نورالدين). A name in both lists (نور، جهاد، ضحى is feminine only) is kept with its first
 * gender, masculine.
 */
export const GIVEN_NAMES: readonly string[] = Object.freeze(
  unique([
    ...words(MASCULINE_NAMES),
    ...words(AMAZIGH_MASCULINE),
    ...words(FOREIGN_MASCULINE),
    ...ABD_COMPOUNDS.flatMap((divine) => [`عبد ${divine}`, `عبد${divine}`]),
    ...DIN_COMPOUNDS.flatMap((first) => [`${first} الدين`, `${first}الدين`]),
    ...words(FEMININE_NAMES),
    ...words(AMAZIGH_FEMININE),
    ...words(FOREIGN_FEMININE),
    'فاطمة الزهراء',
    'أم كلثوم',
    'زين العابدين',
  ]),
);

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

const GENDERS = new Map<string, Gender>();
for (const [block, gender] of [
  [MASCULINE_NAMES, 'masculine'],
  [AMAZIGH_MASCULINE, 'masculine'],
  [FOREIGN_MASCULINE, 'masculine'],
  [FEMININE_NAMES, 'feminine'],
  [AMAZIGH_FEMININE, 'feminine'],
  [FOREIGN_FEMININE, 'feminine'],
] as const) {
  for (const name of words(block)) if (!GENDERS.has(cueKey(name))) GENDERS.set(cueKey(name), gender);
}
for (const name of GIVEN_NAMES) if (!GENDERS.has(cueKey(name))) GENDERS.set(cueKey(name), 'masculine');
GENDERS.set(cueKey('فاطمة الزهراء'), 'feminine');
GENDERS.set(cueKey('أم كلثوم'), 'feminine');

/** Whether a key (normalized words joined with one space) is a given name: محمد، عبد الاله، عبدالله. */
export function isGivenName(key: string): boolean {
  return GENDERS.has(key);
}

/** The gender of a given name, or undefined for a key that is none. */
export function givenNameGender(key: string): Gender | undefined {
  return GENDERS.get(key);
}

/** The keys of GIVEN_NAMES_ALSO_WORDS. */
export const GIVEN_NAME_ALSO_WORD_KEYS: ReadonlySet<string> = new Set(words(GIVEN_NAMES_ALSO_WORDS).map(cueKey));

/** Whether a given name is also an everyday word (حياة، صباح، رمضان، أمل): a weak name alone. */
export function isGivenNameAlsoWord(key: string): boolean {
  return GIVEN_NAME_ALSO_WORD_KEYS.has(key);
}

/** The longest given name, in words (عبد الله، فاطمة الزهراء: 2). */
export const MAX_GIVEN_NAME_WORDS = Math.max(...[...GENDERS.keys()].map((key) => key.split(' ').length));
