/**
 * Organisations in Arabic news, for entity extraction: the head words their names begin with
 * (وزارة الداخلية، حزب الاستقلال، نادي الوداد، المديرية العامة للأمن الوطني), and the
 * organisations named without one, with their acronyms and nicknames (البوليساريو، الفيفا،
 * البيجيدي، البام، لاماب، فيسبوك/فايسبوك).
 *
 * Where the facts come from: Moroccan (Goud.ma) and Tunisian (Jawhara FM) news in the shared
 * corpus (12,000 articles), whose spellings are kept; counts in comments are occurrences
 * there, clitics (و ب ل ف ال) included, after normalize(). Examples: فايسبوك 249 against
 * فيسبوك 230, انستگرام 189 (Goud's گ, 160 of them) against انستغرام 19 and انستكرام 13,
 * يوتوب 68 against يوتيوب 49, نداء تونس 457, حركة النهضة 326, الترجي 512, النجم الساحلي 475,
 * النادي الإفريقي 467, العدالة والتنمية 73, البيجيدي 39, البام 33, لاماب 7.
 *
 * Lookups take normalized words joined with one space (`orgKey()`).
 */

import { normalize } from './normalize.ts';

// ---------------------------------------------------------------------------------------------
// Head words

/**
 * - 'always': the head and any complement make an organisation's name (وزارة الداخلية،
 *   حزب الاستقلال، جمعية …، شركة …، المديرية العامة …).
 * - 'with-name': the head is also an ordinary noun (موقع الحادث "the scene", مركز المدينة
 *   "the centre", فريق البحث "the research team", ولاية ثانية "a second term", مجلس عائلي),
 *   so it makes an organisation only with a name after it (موقع هسبريس، فريق الرجاء، قناة
 *   الجزيرة) or a complement of the institutional kind (مجلس النواب، مركز الدراسات…): the
 *   extractor decides.
 */
export type OrganisationHeadKind = 'always' | 'with-name';

export interface OrganisationHead {
  /** As written; with the article where news writes the name with it (المكتب الوطني …). */
  head: string;
  kind: OrganisationHeadKind;
}

const ALWAYS_HEADS = [
  // government and administration
  'وزارة',
  'الوزارة المنتدبة',
  'كتابة الدولة',
  'رئاسة الحكومة',
  'رئاسة الجمهورية',
  'الديوان الملكي',
  'مديرية',
  'المديرية العامة',
  'المديرية الجهوية',
  'المديرية الإقليمية',
  'المندوبية السامية',
  'المندوبية العامة',
  'المندوبية الجهوية',
  'المكتب الوطني',
  'المكتب الشريف',
  'الوكالة الوطنية',
  'وكالة',
  'هيئة',
  'هيأة',
  'الهيئة الوطنية',
  'الهيئة العليا',
  'المفوضية',
  'المفتشية العامة',
  'الإدارة العامة',
  'الخزينة العامة',
  'عمالة',
  'بلدية',
  'الجماعة الحضرية',
  'الجماعة الترابية',
  'المجلس الجماعي',
  'المجلس الجهوي',
  'المجلس الإقليمي',
  'المجلس الوطني',
  'المجلس الأعلى',
  'مجلس النواب',
  'مجلس المستشارين',
  'مجلس نواب الشعب',
  'مجلس الشيوخ',
  'البرلمان',
  'المحكمة',
  'محكمة',
  'المحكمة الدستورية',
  'المحكمة الابتدائية',
  'محكمة الاستئناف',
  'محكمة النقض',
  'النيابة العامة',
  'المديرية العامة للأمن الوطني',
  'الإدارة العامة للأمن الوطني',
  'الدرك الملكي',
  'الحرس الوطني',
  'القوات المسلحة',
  'القوات المسلحة الملكية',
  'الجيش',
  'البحرية الملكية',
  'القوات المساعدة',
  'الوقاية المدنية',
  'الحماية المدنية',
  'ولاية أمن',
  'المنطقة الأمنية',
  // parties, unions, associations
  'حزب',
  'الحزب',
  'حركة',
  'تنسيقية',
  'ائتلاف',
  'جبهة',
  'نقابة',
  'النقابة الوطنية',
  'الكونفدرالية',
  'الكونفدرالية الديمقراطية',
  'الفيدرالية',
  'الفدرالية',
  'الاتحاد العام',
  'الاتحاد الوطني',
  'جمعية',
  'الجمعية المغربية',
  'الجمعية التونسية',
  'العصبة',
  'الرابطة',
  'المرصد الوطني',
  'مؤسسة',
  'منظمة',
  'المنظمة',
  'المنظمة الديمقراطية',
  // business and finance
  'شركة',
  'الشركة الوطنية',
  'مجموعة',
  'بنك',
  'البنك',
  'البنك المركزي',
  'بنك المغرب',
  'مصرف',
  'صندوق',
  'الصندوق الوطني',
  'بورصة',
  'غرفة التجارة',
  'الغرفة الفلاحية',
  'الاتحاد العام لمقاولات المغرب',
  'مصنع',
  'معمل',
  // education, health, culture, media
  'جامعة',
  'الجامعة الملكية',
  'الجامعة التونسية',
  'الجامعة الوطنية',
  'كلية',
  'معهد',
  'المعهد الوطني',
  'المدرسة الوطنية',
  'المدرسة العليا',
  'أكاديمية',
  'الأكاديمية الجهوية',
  'مستشفى',
  'المستشفى الجامعي',
  'المركز الاستشفائي',
  'المركز الاستشفائي الجامعي',
  'مصحة',
  'جريدة',
  'صحيفة',
  'يومية',
  'أسبوعية',
  'مجلة',
  'إذاعة',
  'قناة',
  'وكالة الأنباء',
  'دار النشر',
  'المركز السينمائي',
  'المسرح الوطني',
  'مهرجان',
  // sport
  'نادي',
  'النادي',
  'فريق',
  'اتحاد',
  'الاتحاد',
  'الرجاء الرياضي',
  'جمعية الحليب',
  'المنتخب',
  'المنتخب الوطني',
  'الجامعة الملكية المغربية لكرة القدم',
  'الجامعة التونسية لكرة القدم',
  'الرابطة الوطنية',
  'العصبة الوطنية',
];

const WITH_NAME_HEADS = [
  'مجلس',
  'المجلس',
  'مكتب',
  'المكتب',
  'موقع',
  'مركز',
  'المركز',
  'جماعة',
  'الجماعة',
  'ولاية',
  'المجموعة',
  'الصندوق',
  'الفريق',
  'القناة',
  'الجامعة',
  'الهيئة',
  'المؤسسة',
  'الهيأة',
  'الشركة',
  'الجمعية',
  'المعهد',
  'المستشفى',
  'الجريدة',
  'الصحيفة',
  'الوكالة',
  'اللجنة',
  'لجنة',
  'المنتدى',
  'منتدى',
  'الشبكة',
  'شبكة',
  'المرصد',
  'دار',
  'بيت',
  'سوق',
  'ملعب',
  'مطار',
  'ميناء',
  'سجن',
  'السجن المحلي',
  'مدرسة',
  'ثانوية',
  'إعدادية',
  'الإدارة',
  'النيابة',
  'ديوان',
  'الديوان',
  'صفحة',
  'حساب',
  'تطبيق',
  'منصة',
  'برنامج',
  // Named places rather than bodies (extract.ts's FACILITY_HEADS makes them places): ضريح محمد
  // الخامس، مركب محمد الخامس، جامع الفنا، ساحة الأمم المتحدة، مسجد الحسن الثاني، شارع الحسن الثاني (not قصر: قصر النظر).
  'ضريح',
  'مركب',
  'جامع',
  'ساحة',
  'مسجد',
  'شارع',
];

export const ORGANISATION_HEADS: readonly OrganisationHead[] = Object.freeze([
  ...ALWAYS_HEADS.map((head) => Object.freeze({ head, kind: 'always' as const })),
  ...WITH_NAME_HEADS.map((head) => Object.freeze({ head, kind: 'with-name' as const })),
]);

// ---------------------------------------------------------------------------------------------
// Known organisations

export type OrganisationKind =
  | 'international'
  | 'government'
  | 'party'
  | 'union'
  | 'armed'
  | 'sport'
  | 'company'
  | 'media'
  | 'platform';

export interface KnownOrganisation {
  /** The name as news prints it in full. */
  name: string;
  /** Acronyms, nicknames, Darija and other spellings (not those normalize() already folds). */
  alternates: readonly string[];
  kind: OrganisationKind;
  /** ISO 3166-1 alpha-2 code of the country it belongs to, where it has one. */
  country?: string;
}

/** Rows: `name|alternate|…`, grouped by kind. */
const INTERNATIONAL = [
  'الأمم المتحدة|هيئة الأمم المتحدة|هيأة الأمم المتحدة', // 195
  'مجلس الأمن|مجلس الأمن الدولي', // 63
  'الجمعية العامة للأمم المتحدة',
  'الاتحاد الأوروبي|الاتحاد الأوربي', // 122
  'البرلمان الأوروبي',
  'المفوضية الأوروبية',
  'الاتحاد الإفريقي', // 129
  'جامعة الدول العربية|الجامعة العربية',
  'اتحاد المغرب العربي',
  'مجلس التعاون الخليجي|مجلس التعاون لدول الخليج العربية',
  'منظمة التعاون الإسلامي',
  'حلف شمال الأطلسي|الناتو|حلف الناتو',
  'صندوق النقد الدولي|صندوق النقد|الأفامي', // 130
  'البنك الدولي', // 50
  'البنك الإفريقي للتنمية',
  'منظمة الصحة العالمية', // 65
  'منظمة التجارة العالمية',
  'منظمة العمل الدولية',
  'اليونسكو|منظمة الأمم المتحدة للتربية والعلم والثقافة',
  'اليونيسف|اليونيسيف|منظمة الأمم المتحدة للطفولة',
  'المفوضية السامية لشؤون اللاجئين|مفوضية اللاجئين',
  'المحكمة الجنائية الدولية',
  'محكمة العدل الدولية',
  'الإنتربول',
  'منظمة العفو الدولية|العفو الدولية|أمنستي', // 12
  'هيومن رايتس ووتش|هيومن رايتس', // 30
  'مراسلون بلا حدود',
  'أطباء بلا حدود',
  'الصليب الأحمر|اللجنة الدولية للصليب الأحمر',
  'الهلال الأحمر',
  'المينورسو',
  'الإيسيسكو',
  'الأوبك|أوبك',
  'مجموعة العشرين',
  'مجموعة السبع',
  'الفيفا|الاتحاد الدولي لكرة القدم', // 86
  'الكاف|الاتحاد الإفريقي لكرة القدم|الكونفدرالية الإفريقية لكرة القدم', // الكاف 537: mostly the Tunisian governorate (place-names.ts)
  'اليويفا|الويفا|الاتحاد الأوروبي لكرة القدم',
  'اللجنة الأولمبية الدولية',
];

const MOROCCAN: readonly (readonly [OrganisationKind, string])[] = [
  ['media', 'وكالة المغرب العربي للأنباء|لاماب|و.م.ع|ومع'], // لاماب 7
  ['party', 'حزب العدالة والتنمية|العدالة والتنمية|البيجيدي|البي جي دي'], // 73; البيجيدي 39
  ['party', 'حزب التجمع الوطني للأحرار|التجمع الوطني للأحرار|الأحرار'], // الأحرار 16
  ['party', 'حزب الأصالة والمعاصرة|الأصالة والمعاصرة|البام|التراكتور'], // 23; البام 33
  ['party', 'حزب الاستقلال|الاستقلال'], // الاستقلال 88: also "independence"
  ['party', 'حزب الاتحاد الاشتراكي للقوات الشعبية|الاتحاد الاشتراكي|الاتحاد الاشتراكي للقوات الشعبية'],
  ['party', 'حزب التقدم والاشتراكية|التقدم والاشتراكية'],
  ['party', 'حزب الحركة الشعبية|الحركة الشعبية'],
  ['party', 'حزب الاتحاد الدستوري|الاتحاد الدستوري'],
  ['party', 'الحزب الاشتراكي الموحد|الاشتراكي الموحد'],
  ['party', 'فيدرالية اليسار الديمقراطي|فيدرالية اليسار'],
  ['party', 'جماعة العدل والإحسان|العدل والإحسان'],
  ['party', 'حركة التوحيد والإصلاح|التوحيد والإصلاح'],
  ['union', 'الاتحاد المغربي للشغل'],
  ['union', 'الكونفدرالية الديمقراطية للشغل'],
  ['union', 'الاتحاد العام للشغالين بالمغرب'],
  ['union', 'الاتحاد العام لمقاولات المغرب|الباطرونا'],
  ['government', 'المديرية العامة للأمن الوطني'],
  ['government', 'المديرية العامة لمراقبة التراب الوطني|الديستي|المخابرات المغربية'],
  ['government', 'المكتب المركزي للأبحاث القضائية|البسيج'],
  ['government', 'الدرك الملكي|الجدارمية'],
  ['government', 'القوات المسلحة الملكية|الجيش المغربي'],
  ['government', 'المندوبية السامية للتخطيط'],
  ['company', 'بنك المغرب'],
  ['company', 'المكتب الشريف للفوسفاط|المجمع الشريف للفوسفاط'],
  ['company', 'المكتب الوطني للسكك الحديدية'],
  ['company', 'الخطوط الملكية المغربية|لارام'],
  ['company', 'اتصالات المغرب'],
  ['media', 'القناة الثانية|دوزيم|2M'], // دوزيم 31
  ['media', 'الشركة الوطنية للإذاعة والتلفزة|القناة الأولى|الأولى'],
  ['media', 'ميدي 1 تيفي|ميدي1 تيفي|ميدي آن تيفي'],
  ['media', 'هسبريس'],
  ['media', 'شوف تيفي'], // 6
  ['media', 'كود|گود'],
  ['sport', 'الرجاء الرياضي|الرجاء|الرجاء البيضاوي'], // 90
  ['sport', 'الوداد الرياضي|الوداد|الوداد البيضاوي'], // 88
  ['sport', 'الجيش الملكي|نادي الجيش الملكي|الفار'], // 11
  ['sport', 'المغرب الفاسي|الماص'],
  ['sport', 'الوداد الفاسي'],
  ['sport', 'حسنية أكادير|الحسنية'],
  ['sport', 'نهضة بركان|النهضة البركانية'],
  ['sport', 'اتحاد طنجة|الاتحاد الطنجي'],
  ['sport', 'المغرب التطواني'],
  ['sport', 'الفتح الرباطي|الفتح الرياضي'],
  ['sport', 'الدفاع الحسني الجديدي|الدفاع الجديدي'],
  ['sport', 'أولمبيك آسفي'],
  ['sport', 'أولمبيك خريبكة'],
  ['sport', 'الكوكب المراكشي|الكوكب'],
  ['sport', 'النادي القنيطري|الكاك'],
  ['sport', 'سريع وادي زم'],
  ['sport', 'شباب المحمدية'],
  ['sport', 'المنتخب المغربي|المنتخب الوطني المغربي|أسود الأطلس'],
  ['sport', 'الجامعة الملكية المغربية لكرة القدم|جامعة لقجع'],
];

const TUNISIAN: readonly (readonly [OrganisationKind, string])[] = [
  ['party', 'حركة النهضة|النهضة'], // 326; النهضة alone 502: also "renaissance"
  ['party', 'نداء تونس|حركة نداء تونس|النداء'], // 457
  ['party', 'قلب تونس'],
  ['party', 'ائتلاف الكرامة'],
  ['party', 'الحزب الدستوري الحر|الدستوري الحر'], // الحزب الدستوري 38
  ['party', 'التيار الديمقراطي'], // 27
  ['party', 'حركة الشعب'], // 35
  ['party', 'تحيا تونس|حركة تحيا تونس'],
  ['party', 'الجبهة الشعبية'],
  ['party', 'آفاق تونس'],
  ['party', 'حراك تونس الإرادة'],
  ['party', 'مشروع تونس|حركة مشروع تونس'],
  ['party', 'التكتل الديمقراطي من أجل العمل والحريات|التكتل'],
  ['party', 'المؤتمر من أجل الجمهورية'],
  ['union', 'الاتحاد العام التونسي للشغل|اتحاد الشغل|المنظمة الشغيلة'], // اتحاد الشغل 122
  ['union', 'الاتحاد التونسي للصناعة والتجارة والصناعات التقليدية|منظمة الأعراف|اتحاد الأعراف'],
  ['union', 'الاتحاد التونسي للفلاحة والصيد البحري|اتحاد الفلاحين'],
  ['government', 'الهيئة العليا المستقلة للانتخابات|هيئة الانتخابات'],
  ['government', 'هيئة الحقيقة والكرامة'],
  ['company', 'البنك المركزي التونسي'],
  ['media', 'وكالة تونس إفريقيا للأنباء|وات'],
  ['company', 'الخطوط التونسية|التونيسار'],
  ['company', 'الشركة التونسية للكهرباء والغاز|الستاغ'],
  ['company', 'الشركة الوطنية لاستغلال وتوزيع المياه|الصوناد'],
  ['media', 'التلفزة التونسية|الوطنية الأولى'],
  ['media', 'جوهرة أف أم|جوهرة|الجوهرة أف أم'],
  ['media', 'موزاييك أف أم|موزاييك'],
  ['sport', 'الترجي الرياضي التونسي|الترجي الرياضي|الترجي|شيخ الأندية التونسية'], // 512
  ['sport', 'النجم الرياضي الساحلي|النجم الساحلي|النجم|ليتوال'], // 475
  ['sport', 'النادي الإفريقي|الإفريقي'], // 467
  ['sport', 'النادي الرياضي الصفاقسي|النادي الصفاقسي|الصفاقسي|السي آس آس'], // 286
  ['sport', 'الملعب التونسي'], // 63
  ['sport', 'الاتحاد المنستيري'], // 128
  ['sport', 'النادي البنزرتي|البنزرتي'],
  ['sport', 'الاتحاد الرياضي ببن قردان|اتحاد بن قردان'],
  ['sport', 'الملعب القابسي'],
  ['sport', 'الشبيبة القيروانية'],
  ['sport', 'مستقبل قابس'],
  ['sport', 'مستقبل المرسى'],
  ['sport', 'النجم الرياضي بالمتلوي|نجم المتلوي'],
  ['sport', 'المنتخب التونسي|المنتخب الوطني التونسي|نسور قرطاج'],
  ['sport', 'الجامعة التونسية لكرة القدم'],
];

const OTHER_COUNTRIES: readonly (readonly [string, OrganisationKind, string])[] = [
  ['DZ', 'party', 'جبهة التحرير الوطني'],
  ['DZ', 'armed', 'البوليساريو|جبهة البوليساريو|البوليزاريو'], // 26; based in Tindouf
  ['EG', 'party', 'الإخوان المسلمون|جماعة الإخوان المسلمين|الإخوان'],
  ['EG', 'sport', 'الأهلي|النادي الأهلي'], // 83
  ['EG', 'sport', 'الزمالك'], // 33
  ['PS', 'armed', 'حماس|حركة حماس|حركة المقاومة الإسلامية'], // حماس 50: also "enthusiasm"
  ['PS', 'armed', 'حركة فتح|فتح'], // فتح 744: mostly the verb "opened"
  ['PS', 'government', 'السلطة الفلسطينية'],
  ['LB', 'armed', 'حزب الله'], // 33
  ['YE', 'armed', 'الحوثيون|الحوثيين|جماعة الحوثي'],
  ['AF', 'armed', 'طالبان|حركة طالبان'],
  ['US', 'government', 'البيت الأبيض'],
  ['US', 'government', 'البنتاغون|البنتاجون'],
  ['US', 'government', 'الكونغرس|الكونغرس الأمريكي'],
  ['US', 'government', 'وكالة المخابرات المركزية|سي آي إيه'],
  ['US', 'government', 'مكتب التحقيقات الفيدرالي|إف بي آي'],
  ['US', 'government', 'ناسا'],
  ['RU', 'government', 'الكرملين'],
  ['IL', 'government', 'الكنيست'],
  ['IL', 'government', 'الموساد'],
  ['FR', 'government', 'الإليزيه|قصر الإليزيه'],
  ['GB', 'government', 'داونينغ ستريت'],
  ['ES', 'sport', 'ريال مدريد|الريال|الملكي'], // 149
  ['ES', 'sport', 'برشلونة|البارصا|البارسا|البلوغرانا'], // 226 (the city too, place-names.ts)
  ['ES', 'sport', 'أتلتيكو مدريد|أتليتيكو مدريد'],
  ['ES', 'sport', 'إشبيلية'],
  ['ES', 'sport', 'فالنسيا'],
  ['IT', 'sport', 'يوفنتوس|اليوفي|اليوفنتوس'], // 30
  ['IT', 'sport', 'ميلان|إيه سي ميلان'],
  ['IT', 'sport', 'إنتر ميلان|الإنتر'],
  ['IT', 'sport', 'روما'],
  ['IT', 'sport', 'نابولي'],
  ['FR', 'sport', 'باريس سان جيرمان|باريس سان جرمان|البي إس جي'], // باريس سان 86
  ['FR', 'sport', 'أولمبيك مارسيليا|مارسيليا'],
  ['FR', 'sport', 'أولمبيك ليون'],
  ['GB', 'sport', 'مانشستر يونايتد'], // 60
  ['GB', 'sport', 'مانشستر سيتي'],
  ['GB', 'sport', 'ليفربول'],
  ['GB', 'sport', 'تشيلسي'],
  ['GB', 'sport', 'أرسنال'],
  ['GB', 'sport', 'توتنهام'],
  ['DE', 'sport', 'بايرن ميونخ|بايرن ميونيخ|البايرن'],
  ['DE', 'sport', 'بوروسيا دورتموند|دورتموند'],
  ['QA', 'media', 'قناة الجزيرة|الجزيرة'], // الجزيرة 114: also "the island"
  ['SA', 'media', 'قناة العربية|العربية'], // العربية 597: mostly "Arabic"
  ['GB', 'media', 'بي بي سي|البي بي سي'],
  ['FR', 'media', 'فرانس 24|فرانس24'],
  ['FR', 'media', 'وكالة فرانس برس|فرانس برس|أ ف ب'],
  ['US', 'media', 'أسوشيتد برس'],
  ['GB', 'media', 'رويترز|وكالة رويترز'],
  ['US', 'media', 'سي إن إن'],
  ['US', 'media', 'نيويورك تايمز'],
  ['US', 'media', 'واشنطن بوست'],
  ['FR', 'media', 'لوموند'],
  ['FR', 'media', 'جون أفريك'],
  ['ES', 'media', 'إل باييس'],
];

/** Platforms and companies: their brand names, in the corpus's spellings. */
const COMPANIES_AND_PLATFORMS: readonly (readonly [OrganisationKind, string])[] = [
  ['platform', 'فيسبوك|فايسبوك|فيس بوك|فايس بوك|الفيس|الفايس'], // فيسبوك 230, فايسبوك 249, فيس بوك 13, فايس بوك 6
  ['platform', 'يوتيوب|يوتوب|يو تيوب'], // يوتوب 68, يوتيوب 49
  ['platform', 'تويتر'], // 174
  ['platform', 'إنستغرام|انستگرام|انستكرام|إنستاغرام|انستا'], // انستگرام 189 (with كَ 12 more), انستغرام 19
  ['platform', 'واتساب|واتس اب|الواتس'], // واتساب 53, واتس اب 2
  ['platform', 'تيك توك|تيكتوك'], // 1: written apart
  ['platform', 'سناب شات|سنابشات'], // 6 apart, 1 joined
  ['platform', 'تيليغرام|تلغرام|تليغرام'],
  ['platform', 'ماسنجر|مسنجر'],
  ['platform', 'سكايب'],
  ['platform', 'زووم'],
  ['platform', 'نتفليكس'],
  ['platform', 'لينكدإن|لينكد إن'],
  ['company', 'غوغل|جوجل|كوكل|گوگل|قوقل'], // غوغل 68, جوجل 10
  ['company', 'أمازون'],
  ['company', 'آبل'], // 68; ابل is also "camels"
  ['company', 'مايكروسوفت|ميكروسوفت'],
  ['company', 'سامسونغ|سامسونج'], // 51 and 17
  ['company', 'هواوي'], // 59
  ['company', 'ميتا'],
  ['company', 'تسلا'],
  ['company', 'رونو|رينو'],
  ['company', 'بيجو'],
  ['company', 'ستيلانتيس'],
  ['company', 'فولكس فاغن|فولكسفاغن'],
  ['company', 'تويوتا'],
  ['company', 'كوكاكولا|كوكا كولا'], // 10 and 8
  ['company', 'ماكدونالدز|ماك دونالدز'],
  ['company', 'إيرباص'],
  ['company', 'بوينغ'],
  ['company', 'فايزر'],
  ['company', 'أسترازينيكا'],
  ['company', 'سينوفارم'],
  ['company', 'طوطال|توتال'],
  ['company', 'أورونج|أورانج'],
  ['company', 'إنوي'],
  ['company', 'ماروك تيليكوم'],
  ['company', 'أوريدو'],
];

/**
 * Normalized spellings of known organisations that are also everyday words or places: alone
 * they need a cue (a head word, a sports or political context).
 */
const ALSO_COMMON_WORDS = [
  'الاستقلال', // independence
  'الأحرار', // the free
  'النهضة', // renaissance
  'النداء', // the call
  'الرجاء', // hope; "please"
  'الوداد', // affection
  'الكاف', // the Tunisian governorate El Kef
  'الجزيرة', // the island
  'العربية', // Arabic
  'حماس', // enthusiasm
  'فتح', // opened, opening
  'الإخوان', // the brothers
  'الريال', // the rial
  'الملكي', // royal
  'الأولى', // the first
  'الفار', // the mouse; the VAR
  'الكوكب', // the planet
  'النجم', // the star
  'الإفريقي', // African
  'الصفاقسي', // from Sfax
  'البنزرتي', // from Bizerte
  'التكتل', // the bloc
  'الحسنية',
  'روما', // the city
  'إشبيلية', // the city
  'فالنسيا', // the city
  'نابولي', // the city
  'ليفربول', // the city
  'برشلونة', // the city
  'مارسيليا', // the city
  'آبل', // camels (إبل)
  'ميتا', // meta-
  'جوهرة', // a jewel
  'موزاييك', // mosaic
  'وات', // watt
  'كود', // code
  'الفيس', // Darija: the face? mostly Facebook
  'انستا',
  'التراكتور', // the tractor (the PAM's emblem)
  'الكاك',
  'الماص',
];

// ---------------------------------------------------------------------------------------------
// The list and its index

function organisation(row: string, kind: OrganisationKind, country?: string): KnownOrganisation {
  const [name, ...alternates] = row.split('|') as [string, ...string[]];
  const entry: KnownOrganisation = { name, alternates: Object.freeze(alternates), kind };
  if (country !== undefined) entry.country = country;
  return Object.freeze(entry);
}

export const KNOWN_ORGANISATIONS: readonly KnownOrganisation[] = Object.freeze([
  ...INTERNATIONAL.map((row) => organisation(row, 'international')),
  ...MOROCCAN.map(([kind, row]) => organisation(row, kind, 'MA')),
  ...TUNISIAN.map(([kind, row]) => organisation(row, kind, 'TN')),
  ...OTHER_COUNTRIES.map(([country, kind, row]) => organisation(row, kind, country)),
  ...COMPANIES_AND_PLATFORMS.map(([kind, row]) => organisation(row, kind)),
]);

/** The key of a spelling: its normalized words joined with one space, dots as spaces (و.م.ع → و م ع). */
export function orgKey(spelling: string): string {
  return normalize(spelling)
    .replaceAll('.', ' ')
    .split(/\s+/u)
    .filter((word) => word !== '')
    .join(' ');
}

const ORGANISATION_INDEX: ReadonlyMap<string, KnownOrganisation> = (() => {
  const index = new Map<string, KnownOrganisation>();
  for (const entry of KNOWN_ORGANISATIONS) {
    for (const spelling of [entry.name, ...entry.alternates]) {
      const key = orgKey(spelling);
      if (!index.has(key)) index.set(key, entry);
    }
  }
  return index;
})();

/** Every normalized name and alternate of a known organisation → the organisation. */
export function organisationIndex(): ReadonlyMap<string, KnownOrganisation> {
  return ORGANISATION_INDEX;
}

/** The known organisation a key names. */
export function findOrganisation(key: string): KnownOrganisation | undefined {
  return ORGANISATION_INDEX.get(key);
}

/** The longest known name, in words. */
export const MAX_ORGANISATION_WORDS = Math.max(...[...ORGANISATION_INDEX.keys()].map((key) => key.split(' ').length));

const HEAD_INDEX: ReadonlyMap<string, OrganisationHead> = new Map(
  ORGANISATION_HEADS.map((head) => [orgKey(head.head), head]),
);

/** The head word (or words) a key is: وزارة، المديرية العامة. */
export function findOrganisationHead(key: string): OrganisationHead | undefined {
  return HEAD_INDEX.get(key);
}

/** The longest head, in words. */
export const MAX_HEAD_WORDS = Math.max(...[...HEAD_INDEX.keys()].map((key) => key.split(' ').length));

/** The keys of ALSO_COMMON_WORDS. */
export const AMBIGUOUS_ORGANISATION_KEYS: ReadonlySet<string> = new Set(ALSO_COMMON_WORDS.map(orgKey));

/** Whether a known organisation's key is also an everyday word or a place (النهضة، فتح، الكاف). */
export function isAmbiguousOrganisationKey(key: string): boolean {
  return AMBIGUOUS_ORGANISATION_KEYS.has(key);
}
