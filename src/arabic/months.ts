/**
 * Month names as the Arab press writes them, region by region, and the Hijri months.
 *
 * Each table lists the twelve months in order, January (or Muharram) first; each month is a
 * list of spellings, the one the region prints first (ICU's, where ICU has the locale).
 * Only real spelling differences are listed (يوليو/يوليه, ربيع الآخر/ربيع الثاني): the date
 * parser matches on a folded form, so hamza (ابريل = أبريل = إبريل), ة/ه, ى/ي, harakat and
 * French accents (fevrier = février) need no entries of their own.
 */

/** The spellings of one month, the usual one first. */
export type MonthSpellings = readonly [string, ...string[]];

/** Twelve months, January (or Muharram) first. */
export type MonthTable = readonly MonthSpellings[];

/** Morocco (ICU `ar-MA`): ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر. */
export const MOROCCAN_MONTHS: MonthTable = [
  ['يناير'],
  ['فبراير'],
  ['مارس'],
  ['أبريل'],
  ['ماي'],
  ['يونيو', 'يونيه'],
  ['يوليوز'],
  ['غشت'],
  ['شتنبر'],
  ['أكتوبر'],
  ['نونبر'],
  ['دجنبر'],
];

/** Tunisia and Algeria (ICU `ar-TN`, `ar-DZ`), from French: جانفي، فيفري، أفريل، جوان، جويلية، أوت. */
export const TUNISIAN_ALGERIAN_MONTHS: MonthTable = [
  ['جانفي'],
  ['فيفري'],
  ['مارس'],
  ['أفريل'],
  ['ماي'],
  ['جوان'],
  ['جويلية'],
  ['أوت'],
  ['سبتمبر'],
  ['أكتوبر'],
  ['نوفمبر'],
  ['ديسمبر'],
];

/** Egypt and the Gulf (ICU `ar-EG`, `ar-SA`); Egyptian papers still print يونيه and يوليه. */
export const EGYPTIAN_GULF_MONTHS: MonthTable = [
  ['يناير'],
  ['فبراير'],
  ['مارس'],
  ['أبريل'],
  ['مايو'],
  ['يونيو', 'يونيه'],
  ['يوليو', 'يوليه'],
  ['أغسطس'],
  ['سبتمبر'],
  ['أكتوبر'],
  ['نوفمبر'],
  ['ديسمبر'],
];

/** The Levant and Iraq (ICU `ar-LB`, `ar-SY`, `ar-IQ`), Syriac names; the article is often dropped. */
export const LEVANTINE_MONTHS: MonthTable = [
  ['كانون الثاني', 'كانون ثاني'],
  ['شباط'],
  ['آذار'],
  ['نيسان'],
  ['أيار'],
  ['حزيران'],
  ['تموز'],
  ['آب'],
  ['أيلول'],
  ['تشرين الأول', 'تشرين أول'],
  ['تشرين الثاني', 'تشرين ثاني'],
  ['كانون الأول', 'كانون أول'],
];

/** French, as Maghreb papers quote it, with the abbreviations of ICU `fr` and of typists. */
export const FRENCH_MONTHS: MonthTable = [
  ['janvier', 'janv.', 'janv'],
  ['février', 'févr.', 'févr', 'fév.', 'fév'],
  ['mars'],
  ['avril', 'avr.', 'avr'],
  ['mai'],
  ['juin'],
  ['juillet', 'juil.', 'juil'],
  ['août'],
  ['septembre', 'sept.', 'sept', 'sep.'],
  ['octobre', 'oct.'],
  ['novembre', 'nov.'],
  ['décembre', 'déc.'],
];

/** Every Gregorian table, by the region that writes it. */
export const GREGORIAN_MONTHS_BY_REGION = {
  morocco: MOROCCAN_MONTHS,
  tunisiaAlgeria: TUNISIAN_ALGERIAN_MONTHS,
  egyptGulf: EGYPTIAN_GULF_MONTHS,
  levantIraq: LEVANTINE_MONTHS,
  french: FRENCH_MONTHS,
} as const satisfies Record<string, MonthTable>;

/** The Hijri months (ICU `islamic-umalqura` names first), with the spellings of the Mashriq and Maghreb. */
export const HIJRI_MONTHS: MonthTable = [
  ['محرم', 'المحرم', 'محرم الحرام'],
  ['صفر', 'صفر الخير'],
  ['ربيع الأول', 'ربيع أول'],
  ['ربيع الآخر', 'ربيع الثاني', 'ربيع آخر', 'ربيع ثاني'],
  ['جمادى الأولى', 'جمادى الأول', 'جمادى أولى'],
  ['جمادى الآخرة', 'جمادى الثانية', 'جمادى الآخر', 'جمادى الثاني', 'جمادى آخرة', 'جمادى ثانية'],
  ['رجب', 'رجب الفرد'],
  ['شعبان'],
  ['رمضان'],
  ['شوال'],
  ['ذو القعدة', 'ذي القعدة', 'ذوالقعدة'],
  ['ذو الحجة', 'ذي الحجة', 'ذوالحجة'],
];
