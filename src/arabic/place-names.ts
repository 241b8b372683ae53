/**
 * Place names as Arabic news writes them, for entity extraction: each place's canonical name
 * (the spelling the newsroom would print, hamza as usual, the article ال part of the names
 * that have it: المغرب، الجزائر، الرباط) and the other spellings met in the press.
 *
 * Where the facts come from:
 * - countries: the ISO 3166-1 list with the names CLDR gives them in Arabic
 *   (`new Intl.DisplayNames(['ar'], { type: 'region' })`), drafted from it once and corrected
 *   to what news prints: the short forms first (أمريكا، روسيا، الإمارات، السعودية), CLDR's
 *   long or administrative forms as alternates (الولايات المتحدة، المملكة العربية السعودية);
 *   Palestine as فلسطين (CLDR: الأراضي الفلسطينية), Czechia as التشيك، Eswatini with سوازيلاند;
 * - continents and big regions: the usual Arabic geography of the press (الشرق الأوسط،
 *   المغرب العربي، الساحل، جنوب الصحراء);
 * - Morocco: the 12 regions and 75 provinces and prefectures of the 2015 division (décret
 *   n° 2-15-40 of 20 February 2015), named in Arabic as the decree does, and the cities and
 *   towns Goud.ma and the other Moroccan papers name (with the Darija and French-derived
 *   forms seen in the shared corpus: كازا for Casablanca 227 times, الكَركَرات/الگرگرات);
 * - Tunisia: the 24 governorates (ولايات) and their main towns (Jawhara FM's spellings);
 * - Algeria, Libya, Egypt, Mauritania: their big cities; the world's capitals and the cities
 *   news names most (القدس، تل أبيب، غزة، نيويورك، دبي).
 *
 * Alternates are the spellings normalize() does NOT already fold into the name: the hamza
 * forms (اسبانيا = إسبانيا, افريقيا = إفريقيا = أفريقيا, اكادير = أكادير), ة/ه and ى/ي meet
 * through it, so they are not listed. Each row is `name|alternate|alternate…`; counts quoted
 * in comments are occurrences in the shared corpus (12,000 articles), clitics included.
 *
 * Lookups go through `placeIndex()` / `findPlace()`, keyed by the normalized words of a name
 * joined with one space.
 */

import { normalize } from './normalize.ts';

export type PlaceKind = 'continent' | 'country' | 'region' | 'province' | 'city' | 'governorate' | 'area';

export interface PlaceName {
  /** The canonical name, as the newsroom would print it. */
  name: string;
  /** Other spellings met in news (not those normalize() already folds into `name`). */
  alternates: readonly string[];
  kind: PlaceKind;
  /** ISO 3166-1 alpha-2 code of the country (for a country, its own code); none for continents and wide areas. */
  country?: string;
}

// ---------------------------------------------------------------------------------------------
// Continents and big regions

const CONTINENTS = [
  'إفريقيا', // إفريقيا 406, افريقيا 479, أفريقيا 67: all one key
  'أوروبا|أوربا',
  'آسيا',
  'أمريكا الشمالية|أميركا الشمالية',
  'أمريكا الجنوبية|أميركا الجنوبية|أمريكا اللاتينية|أميركا اللاتينية',
  'أستراليا وأوقيانوسيا|أوقيانوسيا',
  'القارة القطبية الجنوبية|أنتاركتيكا',
];

/** Regions wider than a country, or not a state: the press's geography. */
const WIDE_AREAS = [
  'الشرق الأوسط',
  'الشرق الأدنى',
  'المغرب العربي|المغرب الكبير|شمال إفريقيا|الدول المغاربية',
  'الخليج العربي|الخليج|دول الخليج',
  'الساحل|منطقة الساحل|الساحل الإفريقي|الساحل والصحراء',
  'إفريقيا جنوب الصحراء|جنوب الصحراء',
  'غرب إفريقيا',
  'شرق إفريقيا',
  'القرن الإفريقي',
  'البلقان',
  'القوقاز',
  'الشرق الأقصى',
  'أمريكا الوسطى|أميركا الوسطى',
  'الكاريبي|البحر الكاريبي',
  'البحر الأبيض المتوسط|البحر المتوسط|المتوسط|الأبيض المتوسط',
  'المحيط الأطلسي|الأطلسي',
  'البحر الأحمر',
  'مضيق جبل طارق',
  'الضفة الغربية|الضفة',
  'قطاع غزة',
  'سيناء|شبه جزيرة سيناء',
  'كردستان|إقليم كردستان',
  'كشمير',
  'القرم|شبه جزيرة القرم',
  'دونباس',
  'الجولان|هضبة الجولان',
  'الشام|بلاد الشام',
  'جزر الكناري|الكناري',
  'الأقاليم الجنوبية',
  'الصحراء المغربية|الصحراء الغربية|الصحراء', // Moroccan press: الصحراء المغربية; الصحراء alone is also "desert"
];

// ---------------------------------------------------------------------------------------------
// Countries: ISO code, then the row. The short form news uses is the name.

const COUNTRIES: readonly (readonly [string, string])[] = [
  // The Maghreb and the Arab world
  ['MA', 'المغرب|المملكة المغربية'],
  ['DZ', 'الجزائر|الجمهورية الجزائرية|الدزاير|الجزاير'],
  ['TN', 'تونس|الجمهورية التونسية'],
  ['LY', 'ليبيا'],
  ['MR', 'موريتانيا|موريطانيا|الجمهورية الإسلامية الموريتانية'],
  ['EG', 'مصر|جمهورية مصر العربية|مصر العربية'],
  ['SD', 'السودان'],
  ['SS', 'جنوب السودان'],
  ['SA', 'السعودية|المملكة العربية السعودية|العربية السعودية'],
  ['AE', 'الإمارات|الإمارات العربية المتحدة|دولة الإمارات'],
  ['QA', 'قطر|دولة قطر'],
  ['KW', 'الكويت|دولة الكويت'],
  ['BH', 'البحرين|مملكة البحرين'],
  ['OM', 'عمان|سلطنة عمان'], // عُمان; Amman (عمّان) normalizes to the same key (see SHARED_KEYS)
  ['YE', 'اليمن'],
  ['IQ', 'العراق'],
  ['SY', 'سوريا|سورية'],
  ['LB', 'لبنان'],
  ['JO', 'الأردن|المملكة الأردنية الهاشمية'],
  ['PS', 'فلسطين|دولة فلسطين|الأراضي الفلسطينية'],
  ['IL', 'إسرائيل|دولة الاحتلال|الكيان الصهيوني'],
  ['KM', 'جزر القمر|القمر المتحدة'],
  ['DJ', 'جيبوتي'],
  ['SO', 'الصومال'],
  // Africa
  ['SN', 'السنغال'],
  ['ML', 'مالي'],
  ['NE', 'النيجر'],
  ['TD', 'تشاد'],
  ['BF', 'بوركينا فاسو|بوركينافاسو'],
  ['CI', 'كوت ديفوار|ساحل العاج|الكوت ديفوار'],
  ['GH', 'غانا'],
  ['NG', 'نيجيريا'],
  ['CM', 'الكاميرون'],
  ['GA', 'الغابون'],
  ['GN', 'غينيا|غينيا كوناكري'],
  ['GW', 'غينيا بيساو'],
  ['GQ', 'غينيا الاستوائية'],
  ['GM', 'غامبيا'],
  ['SL', 'سيراليون'],
  ['LR', 'ليبيريا'],
  ['TG', 'توغو|الطوغو'],
  ['BJ', 'بنين'],
  ['CV', 'الرأس الأخضر|كاب فيردي'],
  ['ST', 'ساو تومي وبرينسيبي'],
  ['CF', 'جمهورية إفريقيا الوسطى|إفريقيا الوسطى'],
  ['CG', 'الكونغو|الكونغو برازافيل'],
  ['CD', 'الكونغو الديمقراطية|جمهورية الكونغو الديمقراطية|الكونغو كينشاسا'],
  ['AO', 'أنغولا|أنجولا'],
  ['ET', 'إثيوبيا'],
  ['ER', 'إريتريا'],
  ['KE', 'كينيا'],
  ['UG', 'أوغندا'],
  ['TZ', 'تنزانيا'],
  ['RW', 'رواندا'],
  ['BI', 'بوروندي'],
  ['ZA', 'جنوب إفريقيا'],
  ['NA', 'ناميبيا'],
  ['BW', 'بوتسوانا'],
  ['ZW', 'زيمبابوي'],
  ['ZM', 'زامبيا'],
  ['MW', 'مالاوي|ملاوي'],
  ['MZ', 'موزمبيق|الموزمبيق'],
  ['MG', 'مدغشقر'],
  ['MU', 'موريشيوس'],
  ['SC', 'سيشل'],
  ['LS', 'ليسوتو'],
  ['SZ', 'إسواتيني|سوازيلاند'],
  // Europe
  ['FR', 'فرنسا|فرانسا'],
  ['ES', 'إسبانيا|سبانيا'],
  ['PT', 'البرتغال'],
  ['IT', 'إيطاليا|الطاليان'],
  ['DE', 'ألمانيا'],
  ['GB', 'بريطانيا|المملكة المتحدة|بريطانيا العظمى'],
  ['IE', 'إيرلندا'],
  ['BE', 'بلجيكا'],
  ['NL', 'هولندا|البلاد المنخفضة'],
  ['LU', 'لوكسمبورغ|اللوكسمبورغ|لوكسمبورج'],
  ['CH', 'سويسرا'],
  ['AT', 'النمسا'],
  ['SE', 'السويد'],
  ['NO', 'النرويج'],
  ['DK', 'الدنمارك|الدانمارك|الدانمرك'],
  ['FI', 'فنلندا'],
  ['IS', 'آيسلندا'],
  ['PL', 'بولندا|بولونيا'],
  ['CZ', 'التشيك|جمهورية التشيك|تشيكيا'],
  ['SK', 'سلوفاكيا'],
  ['HU', 'المجر|هنغاريا'],
  ['RO', 'رومانيا'],
  ['BG', 'بلغاريا'],
  ['GR', 'اليونان'],
  ['CY', 'قبرص'],
  ['MT', 'مالطا'],
  ['HR', 'كرواتيا'],
  ['SI', 'سلوفينيا'],
  ['RS', 'صربيا'],
  ['BA', 'البوسنة والهرسك|البوسنة'],
  ['ME', 'الجبل الأسود|مونتينيغرو'],
  ['MK', 'مقدونيا الشمالية|مقدونيا'],
  ['AL', 'ألبانيا'],
  ['XK', 'كوسوفو'],
  ['EE', 'إستونيا'],
  ['LV', 'لاتفيا'],
  ['LT', 'ليتوانيا'],
  ['BY', 'بيلاروسيا|بيلاروس|روسيا البيضاء'],
  ['UA', 'أوكرانيا'],
  ['MD', 'مولدوفا|مولدافيا'],
  ['RU', 'روسيا|روسيا الاتحادية|الاتحاد الروسي'],
  ['AD', 'أندورا'],
  ['MC', 'موناكو'],
  ['SM', 'سان مارينو'],
  ['LI', 'ليختنشتاين'],
  ['VA', 'الفاتيكان|دولة الفاتيكان'],
  ['TR', 'تركيا'],
  ['GE', 'جورجيا'],
  ['AM', 'أرمينيا'],
  ['AZ', 'أذربيجان'],
  // Asia and Oceania
  ['IR', 'إيران'],
  ['AF', 'أفغانستان'],
  ['PK', 'باكستان'],
  ['IN', 'الهند'],
  ['BD', 'بنغلاديش|بنغلادش'],
  ['LK', 'سريلانكا'],
  ['NP', 'نيبال'],
  ['BT', 'بوتان'],
  ['MV', 'المالديف|جزر المالديف'],
  ['CN', 'الصين|الشينوا'],
  ['JP', 'اليابان'],
  ['KR', 'كوريا الجنوبية|جمهورية كوريا'],
  ['KP', 'كوريا الشمالية'],
  ['MN', 'منغوليا'],
  ['TW', 'تايوان'],
  ['VN', 'فيتنام|الفيتنام'],
  ['LA', 'لاوس'],
  ['KH', 'كمبوديا'],
  ['TH', 'تايلاند|التايلاند'],
  ['MM', 'ميانمار|بورما'],
  ['MY', 'ماليزيا'],
  ['SG', 'سنغافورة'],
  ['ID', 'إندونيسيا'],
  ['PH', 'الفلبين'],
  ['BN', 'بروناي'],
  ['TL', 'تيمور الشرقية|تيمور - ليشتي'],
  ['KZ', 'كازاخستان'],
  ['UZ', 'أوزبكستان'],
  ['TM', 'تركمانستان'],
  ['KG', 'قيرغيزستان|قرغيزستان'],
  ['TJ', 'طاجيكستان'],
  ['AU', 'أستراليا'],
  ['NZ', 'نيوزيلندا|نيوزلندا'],
  ['PG', 'بابوا غينيا الجديدة'],
  ['FJ', 'فيجي'],
  ['SB', 'جزر سليمان'],
  ['VU', 'فانواتو'],
  ['WS', 'ساموا'],
  ['TO', 'تونغا'],
  ['KI', 'كيريباتي'],
  ['TV', 'توفالو'],
  ['NR', 'ناورو'],
  ['PW', 'بالاو'],
  ['MH', 'جزر مارشال'],
  ['FM', 'ميكرونيزيا'],
  // The Americas
  ['US', 'الولايات المتحدة|الولايات المتحدة الأمريكية|الولايات المتحدة الأميركية|أمريكا|أميركا|ميريكان'],
  ['CA', 'كندا'],
  ['MX', 'المكسيك'],
  ['GT', 'غواتيمالا'],
  ['BZ', 'بليز'],
  ['HN', 'هندوراس'],
  ['SV', 'السلفادور'],
  ['NI', 'نيكاراغوا|نيكاراجوا'],
  ['CR', 'كوستاريكا'],
  ['PA', 'بنما|باناما'],
  ['CU', 'كوبا'],
  ['HT', 'هايتي'],
  ['DO', 'جمهورية الدومينيكان|الدومينيكان'],
  ['JM', 'جامايكا'],
  ['BS', 'جزر البهاما|البهاما'],
  ['BB', 'بربادوس'],
  ['TT', 'ترينيداد وتوباغو'],
  ['GD', 'غرينادا'],
  ['LC', 'سانت لوسيا'],
  ['VC', 'سانت فنسنت وجزر غرينادين'],
  ['AG', 'أنتيغوا وبربودا'],
  ['DM', 'دومينيكا'],
  ['KN', 'سانت كيتس ونيفيس'],
  ['CO', 'كولومبيا'],
  ['VE', 'فنزويلا'],
  ['EC', 'الإكوادور'],
  ['PE', 'البيرو|بيرو'],
  ['BO', 'بوليفيا'],
  ['BR', 'البرازيل'],
  ['PY', 'باراغواي|الباراغواي'],
  ['UY', 'الأوروغواي|أوروغواي|الأوروجواي|أورغواي'],
  ['AR', 'الأرجنتين'],
  ['CL', 'تشيلي|الشيلي|شيلي'],
  ['GY', 'غيانا'],
  ['SR', 'سورينام'],
];

// ---------------------------------------------------------------------------------------------
// Morocco (MA): the 2015 division, region by region, then cities and areas

/** The 12 regions (جهات), as the decree names them, with the short forms of the press. */
const MOROCCAN_REGIONS = [
  'طنجة تطوان الحسيمة',
  'الشرق|جهة الشرق|الجهة الشرقية', // الشرق alone is "the East": ambiguous
  'فاس مكناس',
  'الرباط سلا القنيطرة',
  'بني ملال خنيفرة',
  'الدار البيضاء سطات|كازا سطات',
  'مراكش آسفي',
  'درعة تافيلالت',
  'سوس ماسة',
  'كلميم واد نون|كلميم وادي نون',
  'العيون الساقية الحمراء',
  'الداخلة وادي الذهب',
];

/**
 * The 75 provinces (أقاليم) and prefectures (عمالات), region by region in the decree's order.
 * Most bear their seat's name, which is listed again among the cities (a deliberate shared key).
 */
const MOROCCAN_PROVINCES = [
  // Tanger-Tétouan-Al Hoceïma (8)
  'طنجة أصيلة',
  'المضيق الفنيدق',
  'تطوان',
  'الفحص أنجرة',
  'العرائش',
  'الحسيمة',
  'شفشاون',
  'وزان',
  // Oriental (8)
  'وجدة أنجاد',
  'الناظور',
  'الدريوش',
  'جرادة',
  'بركان',
  'تاوريرت',
  'جرسيف|كرسيف|گرسيف', // كرسيف 8, جرسيف 1
  'فجيج',
  // Fès-Meknès (9)
  'فاس',
  'مكناس',
  'الحاجب',
  'إفران',
  'مولاي يعقوب',
  'صفرو',
  'بولمان',
  'تاونات',
  'تازة',
  // Rabat-Salé-Kénitra (7)
  'الرباط',
  'سلا',
  'الصخيرات تمارة',
  'القنيطرة',
  'الخميسات',
  'سيدي قاسم',
  'سيدي سليمان',
  // Béni Mellal-Khénifra (5)
  'بني ملال',
  'أزيلال',
  'الفقيه بن صالح',
  'خنيفرة',
  'خريبكة',
  // Casablanca-Settat (9)
  'الدار البيضاء',
  'المحمدية',
  'الجديدة',
  'النواصر',
  'مديونة',
  'بنسليمان|ابن سليمان',
  'برشيد',
  'سطات',
  'سيدي بنور',
  // Marrakech-Safi (8)
  'مراكش',
  'شيشاوة',
  'الحوز',
  'قلعة السراغنة',
  'الصويرة',
  'الرحامنة',
  'آسفي',
  'اليوسفية',
  // Drâa-Tafilalet (5)
  'الرشيدية|الراشيدية',
  'ورزازات',
  'ميدلت',
  'تنغير',
  'زاكورة',
  // Souss-Massa (6)
  'أكادير إداوتنان|أكادير إدا وتنان',
  'إنزكان آيت ملول',
  'اشتوكة آيت باها|شتوكة آيت باها',
  'تارودانت',
  'تيزنيت',
  'طاطا',
  // Guelmim-Oued Noun (4)
  'كلميم|گلميم',
  'آسا الزاك',
  'طانطان',
  'سيدي إفني',
  // Laâyoune-Sakia El Hamra (4)
  'العيون',
  'بوجدور',
  'طرفاية',
  'السمارة',
  // Dakhla-Oued Ed-Dahab (2)
  'وادي الذهب|واد الذهب',
  'أوسرد',
];

/** Moroccan cities and towns (the seats of the provinces above, and the others news names). */
const MOROCCAN_CITIES = [
  'الرباط',
  'الدار البيضاء|كازا|كازابلانكا|البيضاء|البيضا|الدارالبيضاء', // كازا 227, البيضا 5 (Darija); البيضاء alone is also "white"
  'طنجة',
  'فاس',
  'مراكش',
  'أكادير|أگادير',
  'وجدة',
  'العيون|لعيون',
  'الداخلة',
  'الحسيمة',
  'الناظور',
  'تطوان',
  'مكناس',
  'القنيطرة',
  'سلا',
  'تمارة',
  'الصخيرات',
  'آسفي',
  'الجديدة',
  'المحمدية',
  'بني ملال',
  'خريبكة',
  'خنيفرة',
  'أزيلال',
  'الفقيه بن صالح|الفقيه بنصالح',
  'قصبة تادلة',
  'أبي الجعد|بجعد',
  'الصويرة',
  'ورزازات',
  'الرشيدية|الراشيدية',
  'أرفود',
  'الريصاني',
  'ميدلت',
  'تنغير',
  'زاكورة',
  'تازة',
  'تاونات',
  'صفرو',
  'إفران',
  'أزرو',
  'الحاجب',
  'بولمان',
  'ميسور',
  'سطات',
  'برشيد',
  'بنسليمان|ابن سليمان',
  'بوزنيقة',
  'سيدي بنور',
  'أزمور',
  'الوليدية',
  'مديونة',
  'النواصر',
  'دار بوعزة',
  'بوسكورة',
  'عين حرودة',
  'الخميسات',
  'تيفلت',
  'سيدي قاسم',
  'سيدي سليمان',
  'سيدي يحيى الغرب',
  'سوق أربعاء الغرب|سوق الأربعاء',
  'مشرع بلقصيري',
  'العرائش',
  'القصر الكبير',
  'أصيلة|أصيلا',
  'شفشاون|الشاون',
  'وزان',
  'المضيق',
  'الفنيدق',
  'مرتيل',
  'سبتة|سبتة المحتلة',
  'مليلية|مليلية المحتلة|مليلة',
  'بركان',
  'السعيدية',
  'أحفير',
  'تاوريرت',
  'العيون الشرقية',
  'جرادة',
  'فجيج',
  'بوعرفة',
  'جرسيف|كرسيف|گرسيف', // كرسيف 8, جرسيف 1
  'الدريوش',
  'زايو',
  'العروي',
  'أزغنغان',
  'بني انصار',
  'إمزورن',
  'تارجيست',
  'شيشاوة',
  'امنتانوت|إيمنتانوت',
  'تحناوت',
  'أمزميز',
  'ابن جرير|بن جرير|بنجرير|بنكرير|بنگرير',
  'قلعة السراغنة',
  'العطاوية',
  'اليوسفية',
  'الشماعية',
  'تارودانت',
  'أولاد تايمة',
  'تيزنيت',
  'طاطا',
  'إنزكان',
  'آيت ملول',
  'الدشيرة',
  'تغازوت',
  'بيوكرى',
  'كلميم|گلميم',
  'طانطان',
  'سيدي إفني',
  'طرفاية',
  'بوجدور',
  'السمارة',
  'الكركرات|الگرگرات', // الكَركَرات (Goud's /g/) folds to الگرگرات: 21; الكركرات 5
  'الكويرة|لكويرة',
  'بئر كندوز|بير كندوز',
  'أوسرد',
  'المحبس',
  'آسا',
  'وادي زم|واد زم',
  'مولاي بوسلهام',
  'مولاي إدريس زرهون',
  'إموزار كندر',
  'عين الشق',
  'سيدي البرنوصي|البرنوصي',
  'الحي المحمدي',
  'سيدي مومن',
  'عين السبع',
  'الحي الحسني',
  'درب السلطان',
  'سباتة',
  'حي الرياض',
  'عين عودة',
  'تامسنا',
  'هرهورة',
];

/** Moroccan areas (historic and geographic regions) the press names. */
const MOROCCAN_AREAS = [
  'الريف', // also "the countryside": ambiguous
  'سوس',
  'الحوز',
  'دكالة',
  'عبدة',
  'الشاوية',
  'الغرب', // also "the West": ambiguous
  'تافيلالت',
  'درعة',
  'الأطلس|جبال الأطلس',
  'الأطلس المتوسط',
  'الأطلس الكبير',
  'زمور',
  'تادلة',
  'الساقية الحمراء',
  'وادي نون|واد نون',
  'جبالة',
];

// ---------------------------------------------------------------------------------------------
// Tunisia (TN)

/** The 24 governorates (ولايات), as Jawhara FM writes them. */
const TUNISIAN_GOVERNORATES = [
  'تونس',
  'أريانة',
  'بن عروس',
  'منوبة',
  'نابل',
  'زغوان',
  'بنزرت',
  'باجة',
  'جندوبة',
  'الكاف', // also the CAF's acronym (organisation-cues.ts): a deliberate shared key
  'سليانة',
  'سوسة',
  'المنستير',
  'المهدية',
  'صفاقس',
  'القيروان',
  'القصرين',
  'سيدي بوزيد',
  'قابس',
  'مدنين',
  'تطاوين',
  'قفصة',
  'توزر',
  'قبلي',
];

const TUNISIAN_CITIES = [
  'تونس|تونس العاصمة',
  'صفاقس',
  'سوسة',
  'نابل',
  'القيروان',
  'بنزرت',
  'قابس',
  'جربة|جزيرة جربة',
  'حومة السوق',
  'جرجيس',
  'بن قردان|بن ڤردان', // ڤ: Tunisian /g/ (2)
  'المنستير',
  'المهدية',
  'قفصة',
  'سيدي بوزيد',
  'القصرين',
  'أريانة',
  'بن عروس',
  'منوبة',
  'زغوان',
  'باجة',
  'جندوبة',
  'الكاف',
  'سليانة',
  'مدنين',
  'تطاوين',
  'توزر',
  'قبلي',
  'الحمامات',
  'قليبية',
  'منزل تميم',
  'قرمبالية',
  'منزل بورقيبة',
  'ماطر',
  'رأس الجبل',
  'المرسى',
  'قرطاج',
  'حلق الوادي',
  'سيدي بوسعيد|سيدي بو سعيد',
  'حمام الأنف',
  'رادس',
  'حمام سوسة',
  'القلعة الكبرى',
  'مساكن',
  'المكنين',
  'قصر هلال',
  'الجم',
  'الشابة',
  'قرقنة',
  'المتلوي',
  'أم العرائس',
  'الرديف',
  'المظيلة',
  'سبيطلة',
  'فريانة',
  'تالة',
  'الرقاب',
  'المكناسي',
  'منزل بوزيان',
  'دوز',
  'نفطة',
  'طبرقة',
  'عين دراهم',
  'بوسالم',
  'غار الدماء',
  'مجاز الباب',
  'تستور',
  'مكثر',
  'الفحص',
  'دوار هيشر',
  'طبربة',
  'وادي الليل',
  'سيدي حسين',
  'حي التضامن',
  'حي ابن خلدون',
  'المنزه',
  'البحيرة',
  'رمادة',
  'الذهيبة',
  'الحنشة',
  'عقارب',
  'الصخيرة',
];

/** Regions and states of other countries that news names like countries. */
const OTHER_REGIONS: readonly (readonly [string, string])[] = [
  ['GB', 'إنجلترا|إنكلترا'],
  ['GB', 'اسكتلندا'],
  ['GB', 'ويلز'],
  ['ES', 'كتالونيا|كاتالونيا'],
  ['ES', 'إقليم الباسك|الباسك|بلاد الباسك'],
  ['ES', 'الأندلس'],
  ['US', 'فلوريدا'],
  ['US', 'كاليفورنيا'],
  ['US', 'تكساس'],
  ['CA', 'كيبيك'],
];

// ---------------------------------------------------------------------------------------------
// Other cities: the Maghreb's and Egypt's big cities, world capitals and cities in the news

const OTHER_CITIES: readonly (readonly [string, string])[] = [
  // Algeria
  ['DZ', 'الجزائر العاصمة'],
  ['DZ', 'وهران'],
  ['DZ', 'قسنطينة'],
  ['DZ', 'عنابة'],
  ['DZ', 'تلمسان'],
  ['DZ', 'سطيف'],
  ['DZ', 'البليدة'],
  ['DZ', 'باتنة'],
  ['DZ', 'بجاية'],
  ['DZ', 'تيزي وزو'],
  ['DZ', 'ورقلة'],
  ['DZ', 'تمنراست'],
  ['DZ', 'تندوف'],
  ['DZ', 'الشلف'],
  ['DZ', 'بشار'],
  ['DZ', 'سكيكدة'],
  ['DZ', 'غرداية'],
  ['DZ', 'مغنية'],
  ['DZ', 'تبسة'],
  ['DZ', 'الوادي'],
  // Libya
  ['LY', 'طرابلس'], // also Tripoli in Lebanon: one key (see SHARED_KEYS)
  ['LY', 'بنغازي'],
  ['LY', 'مصراتة'],
  ['LY', 'سرت'],
  ['LY', 'سبها'],
  ['LY', 'درنة'],
  ['LY', 'طبرق'],
  ['LY', 'الزاوية'],
  ['LY', 'الزنتان'],
  ['LY', 'غدامس'],
  ['LY', 'زوارة'],
  ['LY', 'صبراتة'],
  ['LY', 'رأس جدير'],
  // Egypt
  ['EG', 'القاهرة'],
  ['EG', 'الإسكندرية'],
  ['EG', 'الجيزة'],
  ['EG', 'أسوان'],
  ['EG', 'الأقصر'],
  ['EG', 'بورسعيد|بور سعيد'],
  ['EG', 'السويس'],
  ['EG', 'الإسماعيلية'],
  ['EG', 'شرم الشيخ'],
  ['EG', 'الغردقة'],
  ['EG', 'المنصورة'],
  ['EG', 'طنطا'],
  ['EG', 'العريش'],
  ['EG', 'رفح'],
  // Mauritania
  ['MR', 'نواكشوط'],
  ['MR', 'نواذيبو'],
  ['MR', 'الزويرات'],
  ['MR', 'روصو'],
  // The Middle East
  ['PS', 'القدس|القدس الشريف|القدس المحتلة|بيت المقدس'],
  ['PS', 'غزة'],
  ['PS', 'رام الله'],
  ['PS', 'الخليل'],
  ['PS', 'نابلس'],
  ['PS', 'جنين'],
  ['PS', 'بيت لحم'],
  ['PS', 'خان يونس|خانيونس'],
  ['IL', 'تل أبيب|تل أبيب يافا'],
  ['IL', 'حيفا'],
  ['IL', 'يافا'],
  ['SA', 'الرياض'],
  ['SA', 'جدة'],
  ['SA', 'مكة|مكة المكرمة'],
  ['SA', 'المدينة المنورة'],
  ['AE', 'دبي'],
  ['AE', 'أبوظبي|أبو ظبي'],
  ['AE', 'الشارقة'],
  ['AE', 'العين'],
  ['QA', 'الدوحة'],
  ['KW', 'الكويت العاصمة'],
  ['BH', 'المنامة'],
  ['OM', 'مسقط'],
  ['YE', 'صنعاء'],
  ['YE', 'عدن'],
  ['YE', 'الحديدة'],
  ['IQ', 'بغداد'],
  ['IQ', 'الموصل'],
  ['IQ', 'البصرة'],
  ['IQ', 'أربيل'],
  ['IQ', 'كركوك'],
  ['IQ', 'النجف'],
  ['IQ', 'كربلاء'],
  ['SY', 'دمشق'],
  ['SY', 'حلب'],
  ['SY', 'حمص'],
  ['SY', 'إدلب'],
  ['SY', 'الرقة'],
  ['SY', 'دير الزور'],
  ['SY', 'درعا'],
  ['LB', 'بيروت'],
  ['LB', 'صيدا'],
  ['LB', 'طرابلس'], // Tripoli of Lebanon: same key as Libya's (see SHARED_KEYS)
  ['JO', 'عمان'], // عمّان: same key as عُمان (see SHARED_KEYS)
  ['IR', 'طهران'],
  ['TR', 'إسطنبول|اسطمبول|إستانبول'],
  ['TR', 'أنقرة'],
  ['TR', 'أنطاليا'],
  // Africa
  ['SN', 'دكار|داكار'],
  ['ML', 'باماكو'],
  ['NE', 'نيامي'],
  ['TD', 'نجامينا|انجامينا'],
  ['BF', 'واغادوغو'],
  ['CI', 'أبيدجان'],
  ['GH', 'أكرا'],
  ['NG', 'أبوجا'],
  ['NG', 'لاغوس'],
  ['CM', 'ياوندي'],
  ['CM', 'دوالا'],
  ['GA', 'ليبرفيل'],
  ['GN', 'كوناكري'],
  ['SD', 'الخرطوم'],
  ['ET', 'أديس أبابا'],
  ['KE', 'نيروبي'],
  ['RW', 'كيغالي'],
  ['CD', 'كينشاسا'],
  ['ZA', 'جوهانسبورغ'],
  ['ZA', 'بريتوريا'],
  ['ZA', 'كيب تاون'],
  ['SO', 'مقديشو'],
  // Europe
  ['FR', 'باريس'],
  ['FR', 'مرسيليا'],
  ['FR', 'ليون'],
  ['FR', 'نيس'],
  ['FR', 'تولوز'],
  ['FR', 'بوردو'],
  ['FR', 'ستراسبورغ'],
  ['FR', 'ليل'],
  ['FR', 'مونبلييه'],
  ['ES', 'مدريد'],
  ['ES', 'برشلونة'], // also the football club (organisation-cues.ts)
  ['ES', 'إشبيلية'],
  ['ES', 'فالنسيا'],
  ['ES', 'مالقة|ملقة|مالاغا'],
  ['ES', 'غرناطة'],
  ['ES', 'قرطبة'],
  ['ES', 'الجزيرة الخضراء'],
  ['ES', 'ألميريا'],
  ['ES', 'بلباو'],
  ['ES', 'سرقسطة'],
  ['PT', 'لشبونة'],
  ['IT', 'روما'],
  ['IT', 'ميلانو'],
  ['IT', 'نابولي'],
  ['IT', 'تورينو'],
  ['IT', 'البندقية'],
  ['IT', 'فلورنسا'],
  ['IT', 'صقلية'],
  ['IT', 'لامبيدوزا'],
  ['DE', 'برلين'],
  ['DE', 'ميونخ|ميونيخ'],
  ['DE', 'فرانكفورت'],
  ['DE', 'هامبورغ'],
  ['DE', 'كولونيا'],
  ['DE', 'دوسلدورف'],
  ['GB', 'لندن'],
  ['GB', 'مانشستر'],
  ['GB', 'ليفربول'],
  ['BE', 'بروكسل'],
  ['BE', 'أنتويرب|أنفرس'],
  ['NL', 'أمستردام'],
  ['NL', 'لاهاي'],
  ['NL', 'روتردام'],
  ['CH', 'جنيف'],
  ['CH', 'زيورخ'],
  ['CH', 'برن'],
  ['CH', 'لوزان'],
  ['AT', 'فيينا'],
  ['SE', 'ستوكهولم'],
  ['NO', 'أوسلو'],
  ['DK', 'كوبنهاغن'],
  ['FI', 'هلسنكي'],
  ['PL', 'وارسو'],
  ['CZ', 'براغ'],
  ['HU', 'بودابست'],
  ['RO', 'بوخارست'],
  ['GR', 'أثينا'],
  ['IE', 'دبلن'],
  ['RU', 'موسكو'],
  ['RU', 'سان بطرسبورغ'],
  ['UA', 'كييف'],
  ['RS', 'بلغراد'],
  // Asia
  ['CN', 'بكين|بيكين'],
  ['CN', 'شنغهاي|شانغهاي'],
  ['CN', 'ووهان'],
  ['CN', 'هونغ كونغ|هونغكونغ'],
  ['JP', 'طوكيو'],
  ['KR', 'سيول|سول'],
  ['KP', 'بيونغ يانغ'],
  ['IN', 'نيودلهي|نيو دلهي'],
  ['IN', 'مومباي'],
  ['PK', 'إسلام آباد'],
  ['AF', 'كابول'],
  ['ID', 'جاكرتا'],
  ['MY', 'كوالالمبور|كوالا لمبور'],
  ['TH', 'بانكوك'],
  ['PH', 'مانيلا'],
  ['VN', 'هانوي'],
  ['AZ', 'باكو'],
  // The Americas and Oceania
  ['US', 'واشنطن'],
  ['US', 'نيويورك'],
  ['US', 'لوس أنجلوس|لوس انجلس'],
  ['US', 'شيكاغو'],
  ['US', 'ميامي'],
  ['US', 'سان فرانسيسكو'],
  ['US', 'هيوستن'],
  ['US', 'لاس فيغاس'],
  ['US', 'بوسطن'],
  ['CA', 'أوتاوا'],
  ['CA', 'مونتريال'],
  ['CA', 'تورونتو|تورنتو'],
  ['MX', 'مكسيكو'],
  ['BR', 'برازيليا'],
  ['BR', 'ريو دي جانيرو|ريو دي جينيرو'],
  ['BR', 'ساو باولو'],
  ['AR', 'بوينس آيرس'],
  ['CU', 'هافانا'],
  ['VE', 'كراكاس'],
  ['AU', 'سيدني'],
  ['AU', 'ملبورن'],
  ['AU', 'كانبيرا'],
];

/**
 * Spellings of places that are also everyday words or given names: alone, they are a place
 * only with a cue (a preposition of place, مدينة، ولاية، إقليم، جهة, a neighbouring place).
 * `isAmbiguousPlaceKey()` reads this; the whole name stays unambiguous where another
 * spelling is not (الدار البيضاء is a city, البيضاء alone is also "white").
 */
const ALSO_COMMON_WORDS = [
  'الشرق', // the East (the Oriental region)
  'الغرب', // the West (the Gharb plain)
  'الريف', // the countryside
  'الجديدة', // new (fem.)
  'المحمدية', // Muhammadan
  'العيون', // the eyes
  'الحاجب', // the eyebrow, the chamberlain
  'العين', // the eye, the spring
  'الوادي', // the valley
  'الزاوية', // the corner, the Sufi lodge
  'المنصورة', // victorious (fem.)
  'الموصل', // connected
  'البيضاء', // white (fem.)
  'البيضا',
  'الخليج', // the gulf
  'الساحل', // the coast
  'الصحراء', // the desert
  'الضفة', // the bank
  'المتوسط', // average
  'الأطلسي', // Atlantic (adjective)
  'الأطلس', // the atlas
  'الكاف', // the CAF (Confederation of African Football), the letter kaf
  'الفحص', // the examination
  'البحيرة', // the lake
  'المرسى', // the anchorage
  'الجم', // abundant
  'الرقة', // tenderness
  'الحوز', // possession
  'الخليل', // Khalil, a given name
  'بشار', // Bashar, a given name
  'جنين', // foetus
  'مالي', // financial, my money
  'بنين', // sons
  'قطر', // diameter
  'عمان', // Oman and Amman (and عمّان/عُمان only differ by harakat)
  'حلب', // milking
  'أسفي', // my regret
  'بركان', // volcano
  'جرادة', // a locust
  'سوس', // woodworm
  'دوز', // Darija: pass
  'ليل', // night (Lille)
  'نيس', // Nice
  'ليون', // Léon, a given name
  'سول', // Seoul's short spelling
];

/**
 * Keys that deliberately name two entries of the same kind; the index gives the first, and
 * `placesNamed()` gives all. Keys shared by entries of different kinds (a province and its
 * seat, a governorate and its capital, a country and its capital city) need no listing.
 */
export const SHARED_KEYS: Readonly<Record<string, string>> = {
  [normalize('عمان')]: 'Oman (عُمان) and Amman (عمّان): one spelling once the shadda and damma go',
  [normalize('طرابلس')]: 'Tripoli in Libya (the first meaning in Maghrebi news) and in Lebanon',
};

// ---------------------------------------------------------------------------------------------
// The list and its index

function rows(rows: readonly string[], kind: PlaceKind, country?: string): PlaceName[] {
  return rows.map((row) => place(row, kind, country));
}

function place(row: string, kind: PlaceKind, country?: string): PlaceName {
  const [name, ...alternates] = row.split('|') as [string, ...string[]];
  const entry: PlaceName = { name, alternates: Object.freeze(alternates), kind };
  if (country !== undefined) entry.country = country;
  return Object.freeze(entry);
}

export const PLACE_NAMES: readonly PlaceName[] = Object.freeze([
  ...rows(CONTINENTS, 'continent'),
  ...rows(WIDE_AREAS, 'area'),
  ...COUNTRIES.map(([code, row]) => place(row, 'country', code)),
  ...rows(MOROCCAN_REGIONS, 'region', 'MA'),
  ...rows(MOROCCAN_PROVINCES, 'province', 'MA'),
  ...rows(MOROCCAN_CITIES, 'city', 'MA'),
  ...rows(MOROCCAN_AREAS, 'area', 'MA'),
  ...rows(TUNISIAN_GOVERNORATES, 'governorate', 'TN'),
  ...rows(TUNISIAN_CITIES, 'city', 'TN'),
  ...OTHER_REGIONS.map(([code, row]) => place(row, 'region', code)),
  ...OTHER_CITIES.map(([code, row]) => place(row, 'city', code)),
]);

/** When one key names several places, the index gives this kind first. */
const KIND_PRIORITY: readonly PlaceKind[] = [
  'country',
  'continent',
  'city',
  'governorate',
  'region',
  'province',
  'area',
];

/** The key of a spelling: its normalized words joined with one space (a hyphen between words is a space). */
export function placeKey(spelling: string): string {
  return normalize(spelling)
    .split(/[\s\-–]+/u)
    .filter((word) => word !== '')
    .join(' ');
}

const ALL_READINGS = new Map<string, PlaceName[]>();
for (const entry of PLACE_NAMES) {
  for (const spelling of [entry.name, ...entry.alternates]) {
    const key = placeKey(spelling);
    const readings = ALL_READINGS.get(key) ?? [];
    if (!readings.includes(entry)) readings.push(entry);
    ALL_READINGS.set(key, readings);
  }
}
for (const readings of ALL_READINGS.values()) {
  readings.sort((a, b) => KIND_PRIORITY.indexOf(a.kind) - KIND_PRIORITY.indexOf(b.kind));
}

const INDEX: ReadonlyMap<string, PlaceName> = new Map([...ALL_READINGS].map(([key, readings]) => [key, readings[0]!]));

/** The keys of ALSO_COMMON_WORDS. */
export const AMBIGUOUS_PLACE_KEYS: ReadonlySet<string> = new Set(ALSO_COMMON_WORDS.map(placeKey));

/** Whether a place key is also an everyday word or a given name (الجديدة، مالي، بشار). */
export function isAmbiguousPlaceKey(key: string): boolean {
  return AMBIGUOUS_PLACE_KEYS.has(key);
}

/** The longest name in words: how far ahead a matcher needs to look. */
export const MAX_PLACE_WORDS = Math.max(...[...INDEX.keys()].map((key) => key.split(' ').length));

/** Every normalized name and alternate (words joined with one space) → its place, built once. */
export function placeIndex(): ReadonlyMap<string, PlaceName> {
  return INDEX;
}

/** Every place a key names, the index's choice first (عمان: Oman, then Amman). */
export function placesNamed(key: string): readonly PlaceName[] {
  return ALL_READINGS.get(key) ?? [];
}

/**
 * The place a key names. A key without the article also finds a name that has it: the
 * stemmer's withoutProclitics() turns بالمغرب and للرباط into مغرب and رباط.
 */
export function findPlace(key: string): PlaceName | undefined {
  return INDEX.get(key) ?? (key.startsWith('ال') ? undefined : INDEX.get(`ال${key}`));
}
