import { isFunctionWord } from '../arabic/function-words.ts';
import { nameKey } from '../arabic/name-key.ts';
import { normalize } from '../arabic/normalize.ts';
import { tokenize } from '../arabic/tokenize.ts';
import { entityKey, joinsNext, wordKey } from './entity-key.ts';
import {
  type ArticleField,
  type EntityType,
  type ExtractableArticle,
  type ExtractionRules,
  type FoundEntity,
  type Mention,
  NO_RULES,
} from './found-entity.ts';
import { LEXICON, type Lexicon } from './lexicon.ts';

/**
 * Who and what an article is about: the people, organisations and places it names, found by
 * Ghad's own rules over the Arabic tables in src/arabic (no model, no outside service).
 *
 * One pass over each field's words, left to right, tries at each word, in this order:
 * 1. an organisation's head and its complement (وزارة الداخلية، حزب العدالة والتنمية،
 *    جامعة محمد الخامس): the head wins over the names inside it;
 * 2. the longest name the tables or the newsroom know (الأمم المتحدة، الدار البيضاء،
 *    فيسبوك, and every confirmed name);
 * 3. a title right before a name (السيد، الدكتور، اللاعب) or a role and its complement before
 *    one (وزير الدفاع الإسرائيلي بيني گانتز);
 * 4. a given name and the name words after it (سعد الدين العثماني، أشرف بن يوسف);
 * 5. a foreign-looking word (one with a name key) followed by a role (گانتز وزير الدفاع).
 * Then, across the article: a person's family name alone (العثماني, جانتس — any spelling
 * with the same key) is that person, and mentions with one key are one entity.
 */

/** How far a role's complement may run before the name: وزير الدفاع الإسرائيلي → 2 words. */
const MAX_ROLE_COMPLEMENT = 4;
/** The longest newsroom-known name looked for, in words. */
const MAX_KNOWN_WORDS = 4;
/** Words of a person's name after its first: سعد الدين العثماني، محمد بن عبد الله الحسني. */
const MAX_NAME_WORDS = 5;
/** Words of an organisation's complement after its head: المكتب الوطني للسكك الحديدية. */
const MAX_ORGANISATION_WORDS = 6;
/** Proclitics that may stand before a name: و ف (and), ب ل ك (prepositions). */
const CONJUNCTIONS = ['و', 'ف'];
const PREPOSITIONS = ['ب', 'ل', 'ك'];
/**
 * Between two words, what ends a name: punctuation, quotes, brackets, a line break. Spaces,
 * tatweel and the invisible joiners and direction marks do not.
 */
const BREAK = /\n|[^\s\p{Cf}\u0640]/u;
/** Quotation marks as Arabic news types them: "…", «…», “…”, '…'. */
const QUOTE = /["«»“”„'‘’]/;
/**
 * Generic words before a name that are not part of it (the name is the entity): places'
 * (مدينة طنجة، ولاية صفاقس → طنجة، صفاقس) and brands' and outlets' (نادي برشلونة، قناة
 * الجزيرة، صفحة فيسبوك). Before a description with the article they head a name of their
 * own (المركز الوطني للبحث العلمي), the organisation rule's case.
 */
const GENERIC_HEADS: ReadonlyMap<string, EntityType> = new Map([
  ...['مدينه', 'ولايه', 'جهه', 'اقليم', 'عماله', 'حي', 'منطقه', 'قريه', 'دوار', 'بلده', 'جزيره', 'دوله', 'بلديه'].map(
    (word) => [word, 'LOC'] as const,
  ),
  ...[
    'شركه',
    'نادي',
    'فريق',
    'قناه',
    'موقع',
    'جريده',
    'صحيفه',
    'مجله',
    'اذاعه',
    'صفحه',
    'حساب',
    'تطبيق',
    'منصه',
    'برنامج',
    'مجموعه',
    'علامه',
  ].map((word) => [word, 'ORG'] as const),
]);
/**
 * Words before a place that is also an everyday word (قطر "diameter", الجديدة "the new"):
 * after them it is the place (ستغادر قطر is not, من قطر is).
 */
const PLACE_CUES: ReadonlySet<string> = new Set([
  'من',
  'في',
  'الي',
  'عن',
  'نحو',
  'داخل',
  'خارج',
  'عبر',
  'مدينه',
  'دوله',
  'بلد',
  'عاصمه',
  'شمال',
  'جنوب',
  'شرق',
  'غرب',
  'وسط',
]);
/** Heads of named places rather than bodies: مطار محمد الخامس، ملعب رادس، سجن عكاشة. */
const FACILITY_HEADS: ReadonlySet<string> = new Set([
  'مطار',
  'ملعب',
  'ميناء',
  'سجن',
  'مسجد',
  'جامع',
  'ساحه',
  'شارع',
  'ضريح',
  'قصر',
  'مركب',
]);
/**
 * Words that put the name of a town, a quarter or a commune right after them, whatever it is:
 * حي العوامة، دوار أولاد علي، معتمدية العامرة، الجماعة القروية أنرغي (the gazetteer cannot
 * hold every douar and quarter). Wider words (منطقة، جهة، ولاية، and عمادة, also a
 * professional order: عمادة المحامين) are left out: after them come
 * descriptions as often as names (منطقة عازلة، جهة أخرى); جماعة is the Moroccan commune
 * (جماعة افريجة) unless an adjective follows (جماعة إرهابية).
 */
const LOCAL_PLACE_CUES: ReadonlySet<string> = new Set([
  'حي',
  'حومه',
  'دوار',
  'مدشر',
  'قريه',
  'بلده',
  'معتمديه',
  'جماعه',
  'الجماعه القرويه',
  'الجماعه الحضريه',
  'الجماعه الترابيه',
]);
/** The first words of LOCAL_PLACE_CUES: most words start none, and one lookup says so. */
const LOCAL_PLACE_CUE_STARTS: ReadonlySet<string> = new Set([...LOCAL_PLACE_CUES].map((cue) => cue.split(' ')[0]!));
/** First words of Maghrebi place names that need the next: بني مكادة، آيت باعمران، سيدي بوزيد. */
const PLACE_NAME_STARTS: ReadonlySet<string> = new Set([
  'بني',
  'ايت',
  'اولاد',
  'سيدي',
  'عين',
  'بئر',
  'بير',
  'واد',
  'وادي',
  'دار',
  'سوق',
  'راس',
  'تل',
  'جبل',
  'ذراع',
  'حاسي',
  'منزل',
  'حمام',
  'قصر',
  'غار',
]);
/** An adjective of relation (القروية، إرهابي، المحليين): a description after a place word, not a name. */
const RELATION_ADJECTIVE = /.{2,}(?:ي|يه|يين|يون|يات)$/;
/** A participle (مسلحة، متطرفة، مجاورة، منكوبة): a description after a place word, not a name. */
const PARTICIPLE = /^م.{4,}$/;
/** Everyday adjectives after a place word (حي آخر، قرية صغيرة، دوار بعيد). */
const PLACE_ADJECTIVES: ReadonlySet<string> = new Set(
  [
    'اخر',
    'اخري',
    'صغير',
    'كبير',
    'جديد',
    'قديم',
    'بعيد',
    'قريب',
    'فقير',
    'واحد',
    'كامل',
    'عريق',
    'هادئ',
    'شاسع',
    'عتيق',
    'نظيف',
    'جميل',
  ].flatMap((adjective) => [adjective, `${adjective}ه`]),
);
/** The article as written, after at most one conjunction and one preposition. */
const DEFINITE = /^[وف]?[بكل]?(?:ال|لل)/;
const MARKS = /[\p{M}\u0640]/gu;
/** The prepositions ب and ك before the article, after at most one conjunction: بالرباط، وبالمغرب. */
const LOCATIVE_DEFINITE = /^[وف]?[بك]ال/;
/** A linking key with a phonetic part (upper-case symbols): a foreign-looking word's. */
const FOREIGN_KEY = /[A-Z]/;
/** Ordinals after a ruler's name: محمد السادس، الحسن الثاني. */
const ORDINALS = new Set(['الاول', 'الثاني', 'الثالث', 'الرابع', 'الخامس', 'السادس', 'السابع', 'الثامن']);
/** Second words of compound given names: سعد الدين، عبد الله، نور الهدى. */
const COMPOUND_SECONDS = new Set(['الدين', 'الله', 'الرحمن', 'الرحيم', 'الهدي', 'الاسلام', 'الحق', 'النور']);
/** A family name made from a place or a tribe: العثماني، الخلفي، الشرقاوي، الإدريسي. */
const NISBA = /^ال..+(?:ي|اوي|وي)$/;

/** One word of the article, read once. */
interface Word {
  field: ArticleField;
  /** Offsets in the field's text. */
  start: number;
  end: number;
  written: string;
  /** normalize() of the word as written. */
  norm: string;
  /** Readings without proclitics, the word itself first: وبالمغرب → وبالمغرب، بالمغرب، المغرب. */
  readings: Reading[];
  /** Written with the article (ال، لل، وال، بال…): told from the hamza of إلغاء by the written letters. */
  definite: boolean;
  /** Punctuation or a line break stands between this word and the one before it. */
  breakBefore: boolean;
  /** Alone between quotation marks ("كود"، «الجديدة»): a name, even one that is also a word. */
  quoted: boolean;
  /** Taken by a mention already. */
  taken: boolean;
  /** The linking key of the word without its proclitics: a family name alone is found by it. */
  plainKey: string;
}

interface Reading {
  /** The normalized word without the proclitics. */
  core: string;
  /** How many letters of the written word the proclitics take (لل counts one: لل + الرباط). */
  cliticLength: number;
  /** The proclitics were ل + ال, written لل: the core is ال + the rest. */
  definiteAfterLam: boolean;
}

/** A span of words found to be a name. */
interface Found {
  type: EntityType;
  first: number;
  /** One past the last word. */
  end: number;
  /** The entity's name when a table gives one (the place's canonical name), else the words as written. */
  canonical?: string;
  /** The reading of the first word a table matched (its proclitics); a person's is worked out (personReading). */
  reading?: Reading;
}

export function extractEntities(
  article: ExtractableArticle,
  rules: ExtractionRules = NO_RULES,
  lexicon: Lexicon = LEXICON,
): FoundEntity[] {
  const lead = [article.kicker, article.dek].filter(Boolean).join('\n');
  const fields: [ArticleField, string][] = [
    ['headline', article.headline],
    ['lead', lead],
    ['body', article.bodyText],
  ];
  const words: Word[] = [];
  const texts = new Map<ArticleField, string>();
  for (const [field, text] of fields) {
    texts.set(field, text);
    let previousEnd = 0;
    let first = true;
    for (const token of tokenize(text)) {
      const read = readWord(token.text);
      if (read.norm === '') continue;
      words.push({
        field,
        start: token.start,
        end: token.end,
        written: token.text,
        ...read,
        breakBefore: first || BREAK.test(text.slice(previousEnd, token.start)),
        quoted: QUOTE.test(text[token.start - 1] ?? '') && QUOTE.test(text[token.end] ?? ''),
        taken: false,
      });
      previousEnd = token.end;
      first = false;
    }
  }
  const found = findNames(words, rules, lexicon);
  return gather(words, found, texts, rules, lexicon);
}

/**
 * What a written word is, worked out once per spelling: news text repeats its words, so most
 * words are read from memory (up to REMEMBERED_WORDS spellings, then the memory starts afresh).
 */
const REMEMBERED_WORDS = 100_000;
type ReadWord = Pick<Word, 'norm' | 'readings' | 'definite' | 'plainKey'>;
const readWords = new Map<string, ReadWord>();

function readWord(written: string): ReadWord {
  let read = readWords.get(written);
  if (read === undefined) {
    const norm = normalize(written).split(' ')[0] ?? '';
    const readings = readingsOf(norm);
    const last = readings.at(-1)!;
    const plainKey = norm === '' ? '' : wordKey(last.definiteAfterLam ? norm : last.core);
    read = { norm, readings, definite: DEFINITE.test(written.replace(MARKS, '')), plainKey };
    if (readWords.size >= REMEMBERED_WORDS) readWords.clear();
    readWords.set(written, read);
  }
  return read;
}

/** The word's readings: as it is, without و/ف, without ب/ل/ك after them, لل as ل + ال. */
function readingsOf(norm: string): Reading[] {
  const readings: Reading[] = [{ core: norm, cliticLength: 0, definiteAfterLam: false }];
  const starts = [{ rest: norm, length: 0 }];
  if (norm.length > 3 && CONJUNCTIONS.includes(norm[0]!)) starts.push({ rest: norm.slice(1), length: 1 });
  for (const { rest, length } of starts) {
    if (length > 0) readings.push({ core: rest, cliticLength: length, definiteAfterLam: false });
    if (rest.length < 4) continue;
    if (rest.startsWith('لل') && rest.length > 4) {
      readings.push({ core: `ال${rest.slice(2)}`, cliticLength: length + 1, definiteAfterLam: true });
    } else if (rest.length > 3 && PREPOSITIONS.includes(rest[0]!)) {
      readings.push({ core: rest.slice(1), cliticLength: length + 1, definiteAfterLam: false });
    }
  }
  return readings;
}

function findNames(words: Word[], rules: ExtractionRules, lexicon: Lexicon): Found[] {
  const found: Found[] = [];
  const take = (span: Found) => {
    for (let at = span.first; at < span.end; at++) words[at]!.taken = true;
    found.push(span);
  };
  for (let at = 0; at < words.length; ) {
    if (words[at]!.norm.length < 2) {
      at++;
      continue;
    }
    const span =
      longer(knownNameAt(words, at, rules, lexicon), organisationAt(words, at, lexicon)) ??
      titledPersonAt(words, at, lexicon) ??
      personAt(words, at, lexicon) ??
      honorificPersonAt(words, at, lexicon) ??
      foreignPersonAt(words, at, lexicon) ??
      cuedPlaceAt(words, at, lexicon);
    if (span && !rules.rejected.has(spanKey(words, span, lexicon))) {
      take(span);
      at = span.end;
    } else {
      at++;
    }
  }
  return found;
}

/**
 * A known name, unless an organisation's head makes a longer name at the same word: مجلس الأمن
 * is known, مجلس الأمن القومي الإسرائيلي is another body.
 */
function longer(known: Found | undefined, organisation: Found | undefined): Found | undefined {
  if (known === undefined) return organisation;
  return organisation !== undefined && organisation.first === known.first && organisation.end > known.end
    ? organisation
    : known;
}

/** The words first…end joined, the first word read with `reading` (its proclitics off). */
function phrase(words: Word[], first: number, end: number, reading: Reading): string {
  let text = reading.core;
  for (let at = first + 1; at < end; at++) text += ` ${words[at]!.norm}`;
  return text;
}

/** Whether words first…end stand together: no punctuation between them, one field. */
function together(words: Word[], first: number, end: number): boolean {
  for (let at = first + 1; at < end; at++) {
    if (words[at]!.breakBefore || words[at]!.field !== words[first]!.field) return false;
  }
  return true;
}

/** An organisation's head (وزارة، حزب، نادي) and its complement. */
function organisationAt(words: Word[], at: number, lexicon: Lexicon): Found | undefined {
  for (const reading of words[at]!.readings) {
    if (!lexicon.startsHead(reading.core)) continue;
    for (let headWords = lexicon.maxHeadWords; headWords >= 1; headWords--) {
      const headEnd = at + headWords;
      if (headEnd > words.length || !together(words, at, headEnd)) continue;
      const headText = phrase(words, at, headEnd, reading);
      const head = lexicon.organisationHead(headText);
      if (head === undefined) continue;
      const generic = GENERIC_HEADS.get(headText.replace(/^ال/, ''));
      // A generic word before a name (مدينة طنجة، نادي برشلونة، صفحة فيسبوك): the name alone,
      // found at the next word by the other rules, or here when they do not know it.
      if (generic !== undefined) {
        const next = words[headEnd];
        if (!next || next.breakBefore) continue;
        // ولاية الكاف is the governorate, not the football confederation.
        const known = knownNameAt(words, headEnd, NO_RULES, lexicon);
        if (known !== undefined) {
          const place =
            generic === 'LOC' ? lexicon.place(phrase(words, headEnd, known.end, known.reading!)) : undefined;
          return place === undefined ? known : { ...known, type: 'LOC', canonical: place };
        }
        const name = next.definite ? undefined : bareNameAt(words, headEnd, lexicon);
        if (name !== undefined) return { type: generic, first: headEnd, end: name };
        continue;
      }
      // A head with the article that is also an everyday noun (المجموعة، الجماعة، المستشفى)
      // is a description, not a name, unless the tables know the whole.
      if (head.needsComplement && words[at]!.definite) continue;
      // A head before the name the tables know: حزب نداء تونس, the same party as نداء تونس.
      const next = words[headEnd];
      if (next && !next.breakBefore) {
        const named = knownNameAt(words, headEnd, NO_RULES, lexicon);
        if (named?.type === 'ORG') return { ...named, first: at, reading };
      }
      let end = headEnd;
      // A person's name after the head, whole (شارع الحبيب بورقيبة، مسجد عمر بن الخطاب).
      const given =
        next && !next.breakBefore && (lexicon.isGivenName(next.norm) || lexicon.startsGivenName(next.norm))
          ? givenNameWords(words, headEnd, lexicon)
          : 0;
      if (given > 0) end = nameEnd(words, headEnd + given - 1, lexicon, true);
      while (end < words.length && end - headEnd < MAX_ORGANISATION_WORDS && !words[end]!.breakBefore) {
        if (!complementWord(words, end, lexicon, end === headEnd)) break;
        end++;
      }
      // A head alone (الحزب، شركة) names nothing, and neither does a head and an adjective of
      // nationality (الشركة المغربية).
      if (end === headEnd) continue;
      if (end - headEnd === 1 && lexicon.isNationality(words[headEnd]!.norm) && head.needsComplement) continue;
      const type = generic === 'LOC' || FACILITY_HEADS.has(headText.replace(/^ال/, '')) ? 'LOC' : 'ORG';
      const canonical = lexicon.organisation(phrase(words, at, end, reading));
      return canonical === undefined ? { type, first: at, end, reading } : { type, first: at, end, reading, canonical };
    }
  }
  return undefined;
}

/**
 * A place named after a word that always names one next (LOCAL_PLACE_CUES): the name alone,
 * one word, or two or three when it starts with بني، آيت، سيدي… The word after the cue must
 * be able to stand in a name: no function word, verb or adjective of relation. A cue in ة must be
 * written so: بلده (his country) is not بلدة.
 */
function cuedPlaceAt(words: Word[], at: number, lexicon: Lexicon): Found | undefined {
  if (!words[at]!.readings.some((reading) => LOCAL_PLACE_CUE_STARTS.has(reading.core))) return undefined;
  for (const cueWords of [2, 1]) {
    const nameAt = at + cueWords;
    if (nameAt >= words.length || !together(words, at, nameAt + 1)) continue;
    const cue = words[at]!;
    const cued = cue.readings.some(
      (reading) =>
        reading.cliticLength <= 1 &&
        !reading.definiteAfterLam &&
        LOCAL_PLACE_CUES.has(phrase(words, at, nameAt, reading)),
    );
    // بلدة، قرية as written: بلده is «his country» once ة and ه are one letter.
    if (!cued || (/ه$/.test(cue.norm) && !/ة[\p{M}\u0640]*$/u.test(cue.written))) continue;
    const first = words[nameAt]!;
    if (first.taken) return undefined;
    // A name the gazetteer knows, whole (معتمدية منزل بورقيبة).
    const known = knownNameAt(words, nameAt, NO_RULES, lexicon);
    if (known !== undefined) return known.type === 'LOC' ? known : undefined;
    const starts = PLACE_NAME_STARTS.has(first.norm);
    // An indefinite word after the cue may be its adjective (حي آخر، قرية صغيرة، جماعة
    // مسلحة) rather than a name (دوار أنرغي، جماعة افريجة).
    const adjective =
      !first.definite &&
      (PLACE_ADJECTIVES.has(first.norm) || PARTICIPLE.test(first.norm)) &&
      !lexicon.looksForeign(first.norm);
    // A verb in the present (شريك حي يبادله): no name of a place here starts with ي; and a
    // function word after و starts another clause (حي وواش).
    const verb =
      !first.definite &&
      (first.norm.startsWith('ي') || first.readings.some((r) => r.cliticLength === 1 && notInNames(r.core)));
    if (!starts && (adjective || verb || !placeNameWord(first.norm, lexicon))) return undefined;
    let end = nameAt + 1;
    while (
      end < words.length &&
      end - nameAt < 3 &&
      PLACE_NAME_STARTS.has(words[end - 1]!.norm) &&
      !words[end]!.breakBefore &&
      !words[end]!.taken &&
      (nameLike(words[end]!.norm, lexicon) || givenName(words[end]!, lexicon))
    ) {
      end++;
    }
    if (PLACE_NAME_STARTS.has(words[end - 1]!.norm)) return undefined;
    // One word without the article and one with it make one name (قصور الساف), unless the
    // second describes the first (دوار بعيد، حي القرية).
    const next = words[end];
    if (
      end === nameAt + 1 &&
      !first.definite &&
      next &&
      !next.breakBefore &&
      !next.taken &&
      // The article alone (not للاشتباه), and no feminine ending (an adjective: التابعة).
      next.norm.startsWith('ال') &&
      !next.norm.endsWith('ه') &&
      placeNameWord(next.norm, lexicon) &&
      !PLACE_ADJECTIVES.has(next.norm.replace(/^ال/, ''))
    ) {
      end++;
    }
    return { type: 'LOC', first: nameAt, end };
  }
  return undefined;
}

/** Whether a word can be (part of) a place's name after a place word. */
function placeNameWord(norm: string, lexicon: Lexicon): boolean {
  const bare = norm.replace(/^ال/, '');
  return (
    bare.length >= 2 &&
    nameLike(bare, lexicon) &&
    !POSSESSIVE.test(bare) &&
    !RELATION_ADJECTIVE.test(bare) &&
    !GENERIC_HEADS.has(bare) &&
    !LOCAL_PLACE_CUES.has(norm) &&
    lexicon.organisation(norm) === undefined
  );
}

/**
 * Where a name without the article that starts at `at` ends, when it is one: a known place or
 * organisation, or up to three name-like words (a foreign-looking or given name first).
 */
function bareNameAt(words: Word[], at: number, lexicon: Lexicon): number | undefined {
  const first = words[at]!.norm;
  if (lexicon.place(first) !== undefined || lexicon.organisation(first) !== undefined) return undefined;
  if (!(lexicon.looksForeign(first) || lexicon.isGivenName(first)) || !nameLike(first, lexicon)) return undefined;
  let end = at + 1;
  while (end < words.length && end - at < 3 && !words[end]!.breakBefore && !words[end]!.definite) {
    const norm = words[end]!.norm;
    if (!nameLike(norm, lexicon) || !(lexicon.looksForeign(norm) || lexicon.isGivenName(norm))) break;
    end++;
  }
  return end;
}

/**
 * Whether a word continues an organisation's name: a definite noun or adjective (الداخلية،
 * الوطني), its genitive with ل (للشغل، للسكك), one و + definite (العدالة والتنمية), or a name
 * (جامعة محمد الخامس، نادي برشلونة).
 */
function complementWord(words: Word[], at: number, lexicon: Lexicon, first: boolean): boolean {
  const word = words[at]!;
  if (notInNames(word.norm) || lexicon.isTitle(word.norm) || lexicon.isSpeechVerb(word.norm)) return false;
  // ب or ك before the article begins an adjunct (مجلس النواب بالرباط), not the name.
  if (LOCATIVE_DEFINITE.test(word.written.replace(MARKS, ''))) return false;
  if (word.definite && !CONJUNCTIONS.includes(word.norm[0]!)) return true;
  if (word.definite && word.norm.startsWith('وال') && !first && at + 1 < words.length) return true;
  return first && (lexicon.isGivenName(word.norm) || lexicon.place(word.norm) !== undefined);
}

/**
 * Darija's function words (اللي "who/which", ديال "of", هاد "this"…), which Moroccan news
 * writes between Standard Arabic words; with the Standard ones, they end any name.
 */
const DARIJA_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'اللي',
  'لي',
  'ديال',
  'ديالو',
  'ديالها',
  'ديالهم',
  'ديالنا',
  'فين',
  'باش',
  'غادي',
  'كاين',
  'كاينه',
  'هاد',
  'هادي',
  'هادا',
  'واش',
  'علاش',
  'كيفاش',
  'شي',
  'حيت',
  'ملي',
  'بلا',
  'دابا',
  'بزاف',
  'مزيان',
  'كيما',
  'بحال',
  'كاملين',
]);

/**
 * Darija's present tense (كيقول، كتقرى، كنحتاج، كايقول) and a past tense in ات/وا (جات، مشاو):
 * its prefix before a stem of three letters or more, so that كيلي (Kelly) and كاميرون
 * (Cameron) stay names.
 */
const DARIJA_VERB = /^(?:(?:كي|كت|كن|تي).{3,}|كا[يتن].{2,})$|^...?(?:ات|او|وا)$/;
/** Its present tense in ك alone (كيقول، كتهتم، كايقول): no name is written so, however foreign it looks. */
const DARIJA_PRESENT = /^(?:(?:كي|كت|كن).{3,}|كا[يتن].{2,})$/;

function notInNames(norm: string): boolean {
  return isFunctionWord(norm) || DARIJA_FUNCTION_WORDS.has(norm);
}

/** The longest place, organisation or newsroom-known name at `at`. */
function knownNameAt(words: Word[], at: number, rules: ExtractionRules, lexicon: Lexicon): Found | undefined {
  const longestKnown = rules.known.size === 0 ? 0 : Math.min(MAX_KNOWN_WORDS, words.length - at);
  for (const reading of words[at]!.readings) {
    const known = longestKnownAt(words, at, longestKnown, reading, rules);
    // One word is always looked up: a brand may carry the article (اليوتوب), which the
    // lexicon's first words do not list.
    const longest = Math.max(
      known?.count ?? 0,
      Math.min(lexicon.namesStartingWith(reading.core), words.length - at),
      1,
    );
    for (let count = longest; count >= 1; count--) {
      const end = at + count;
      if (!together(words, at, end)) continue;
      if (known?.count === count) return { type: known.type, first: at, end, reading };
      const text = phrase(words, at, end, reading);
      // Darija and Tunisian news put the article on brands: اليوتوب، الفايسبوك.
      const organisation =
        lexicon.organisation(text) ??
        (count === 1 && text.startsWith('ال') ? lexicon.organisation(text.slice(2)) : undefined);
      const place = lexicon.place(text);
      // One word that names an organisation and is also an everyday word (النهضة) needs a
      // proclitic; one that is also a place (الكاف) is the place.
      const ambiguous =
        count === 1 &&
        !words[at]!.quoted &&
        (place !== undefined || !reading.cliticLength) &&
        lexicon.isAmbiguousOrganisation(text);
      if (organisation !== undefined && !ambiguous) {
        // An adjective of nationality after a club's or a body's name is part of it: الأهلي المصري.
        const next = words[end];
        const withCountry =
          next && !next.breakBefore && next.definite && lexicon.isNationality(next.norm) ? end + 1 : end;
        return { type: 'ORG', first: at, end: withCountry, canonical: organisation, reading };
      }
      const cued =
        reading.cliticLength > 0 ||
        words[at]!.quoted ||
        (at > 0 && !words[at]!.breakBefore && PLACE_CUES.has(words[at - 1]!.norm));
      if (place !== undefined && !(count === 1 && lexicon.isAmbiguousPlace(text) && !cued)) {
        return { type: 'LOC', first: at, end, canonical: place, reading };
      }
    }
  }
  return undefined;
}

/**
 * The most words (up to `longest`) from `at`, read with `reading`, that make a newsroom-known
 * name. Keys are worked out from one word up and no further than a key that starts no known
 * name (`knownPrefixes`): a longer phrase's key starts with the shorter one's, unless its last
 * word joins the next (عبد).
 */
function longestKnownAt(
  words: Word[],
  at: number,
  longest: number,
  reading: Reading,
  rules: ExtractionRules,
): { count: number; type: EntityType } | undefined {
  if (longest === 0) return undefined;
  const prefixes = knownPrefixes(rules);
  let found: { count: number; type: EntityType } | undefined;
  for (let count = 1; count <= longest; count++) {
    const end = at + count;
    if (!together(words, at, end)) break;
    const key = phraseKey(words, at, end, reading);
    const type = rules.known.get(key);
    if (type !== undefined) found = { count, type };
    const last = count === 1 ? reading.core : words[end - 1]!.norm;
    if (!prefixes.has(key) && !joinsNext(last)) break;
  }
  return found;
}

/** Every key that a newsroom-known name's key starts with, a whole word at a time; made once per set of rules. */
function knownPrefixes(rules: ExtractionRules): ReadonlySet<string> {
  let prefixes = PREFIXES.get(rules);
  if (!prefixes) {
    prefixes = new Set();
    for (const key of rules.known.keys()) {
      const keyWords = key.split(' ');
      for (let count = 1; count <= keyWords.length; count++) prefixes.add(keyWords.slice(0, count).join(' '));
    }
    PREFIXES.set(rules, prefixes);
  }
  return prefixes;
}

const PREFIXES = new WeakMap<ExtractionRules, Set<string>>();

/** The linking key of words first…end, the first read with `reading`: entityKey() of the phrase, from remembered word keys. */
function phraseKey(words: Word[], first: number, end: number, reading: Reading): string {
  return entityKey(phrase(words, first, end, reading));
}

/** A title (السيد، اللاعب) before a name, or a role and its complement (وزير الدفاع الإسرائيلي) before one. */
function titledPersonAt(words: Word[], at: number, lexicon: Lexicon): Found | undefined {
  for (const reading of words[at]!.readings) {
    if (!lexicon.startsTitle(reading.core)) continue;
    for (let count = lexicon.maxTitleWords; count >= 1; count--) {
      const end = at + count;
      if (end > words.length || !together(words, at, end)) continue;
      const title = lexicon.title(phrase(words, at, end, reading));
      if (title === undefined) continue;
      if (title === 'direct') {
        // A weak title (الشاب، المواطن: also everyday words) takes only a clear name.
        const name = nameAfter(words, end, lexicon, !lexicon.isWeakTitle(phrase(words, at, end, reading)));
        if (name) return name;
        continue;
      }
      // A role: its complement (definite words, places) runs until a name starts.
      for (let start = end; start < words.length && start - end <= MAX_ROLE_COMPLEMENT; start++) {
        if (words[start]!.breakBefore && start > end) break;
        const name = nameAfter(words, start, lexicon, false);
        if (name) return name;
        const word = words[start]!;
        if (!(word.definite || lexicon.place(word.norm))) break;
      }
    }
  }
  return undefined;
}

/**
 * A person's name starting at `at`: a given name, a foreign-looking word, or (right after a
 * title, `afterTitle`) any word that is not a function word, and the name words after it.
 */
function nameAfter(words: Word[], at: number, lexicon: Lexicon, afterTitle: boolean): Found | undefined {
  const word = words[at];
  if (!word || word.taken || (at > 0 && word.breakBefore && afterTitle)) return undefined;
  const first = word.norm;
  const givenWords = givenNameWords(words, at, lexicon);
  const given = givenWords > 0;
  const starts =
    given ||
    (nameWord(word, lexicon) && (lexicon.looksForeign(first) || afterTitle)) ||
    (afterTitle && word.definite && nisba(word));
  if (!starts || (!given && notAName(first, lexicon))) return undefined;
  const end = nameEnd(words, at + Math.max(givenWords, 1) - 1, lexicon, given && !weakGivenName(word, lexicon));
  if (end - at === 1) {
    // One word alone after a title must look like a name: a given name, a foreign-looking
    // word or a family name (السيد الخلفي), not any word (السيد ربما، الشاب مشغول); and one
    // that is also an everyday word (باسم، أمل) is no name after a role's complement.
    if (!given && !lexicon.looksForeign(first) && !(word.definite && nisba(word))) return undefined;
    if (!afterTitle && weakGivenName(word, lexicon)) return undefined;
  }
  return { type: 'PER', first: at, end };
}

/** A given name and the name words after it. */
function personAt(words: Word[], at: number, lexicon: Lexicon): Found | undefined {
  const given = givenNameWords(words, at, lexicon);
  if (given === 0) return undefined;
  const end = nameEnd(words, at + given - 1, lexicon, !weakGivenName(words[at]!, lexicon));
  // A given name alone (أمين، سعيد، كريم are words too) is a name only with more after it.
  if (end - at < 2) return undefined;
  return { type: 'PER', first: at, end };
}

/**
 * Whether a word is a given name as written: علي is, على (the preposition, which normalizes
 * to the same letters) is not.
 */
function givenName(word: Word, lexicon: Lexicon): boolean {
  if (isFunctionWord(word.norm) && /ى$/.test(word.written.replace(MARKS, ''))) return false;
  // One proclitic at most (ومحمد، لمحمد): two would read ولاية as و + ل + آية; and not ك,
  // «like», which rarely stands before a name and makes names of words (كامل read ك + أمل).
  return word.readings.some((reading) => givenNameReading(word, reading) && lexicon.isGivenName(reading.core));
}

/** A reading a given name may have: the word itself, or without one proclitic other than ك. */
function givenNameReading(word: Word, reading: Reading): boolean {
  return (
    reading.cliticLength === 0 || (reading.cliticLength === 1 && !reading.definiteAfterLam && word.norm[0] !== 'ك')
  );
}

/**
 * A given name that is also an everyday or a function word (عيد، دنيا، هادي، باسم، جمعة), as
 * written or once its proclitic is off (وأمل): a name only with a clear name word after it
 * (given, foreign-looking), not any word.
 */
function weakGivenName(word: Word, lexicon: Lexicon): boolean {
  if (lexicon.isGivenNameAlsoWord(word.norm) || notInNames(word.norm)) return true;
  if (lexicon.isGivenName(word.norm)) return false;
  return word.readings.some(
    (reading) =>
      reading.cliticLength > 0 && lexicon.isGivenName(reading.core) && lexicon.isGivenNameAlsoWord(reading.core),
  );
}

/**
 * How many words the given name at `at` takes: 2 for a compound written apart (عبد اللطيف،
 * نور الدين، فاطمة الزهراء), 1 for one word, 0 for none.
 */
function givenNameWords(words: Word[], at: number, lexicon: Lexicon): number {
  const word = words[at]!;
  const next = words[at + 1];
  if (next && !next.breakBefore && word.readings.some((reading) => lexicon.startsGivenName(reading.core))) {
    for (const reading of word.readings) {
      if (givenNameReading(word, reading) && lexicon.isGivenName(`${reading.core} ${next.norm}`)) return 2;
    }
  }
  return givenName(word, lexicon) ? 1 : 0;
}

/** Moroccan honorifics that begin a name (مولاي الحسن، لالة سلمى), as person-cues.ts lists them. */
const HONORIFICS: ReadonlySet<string> = new Set(['مولاي', 'لاله', 'للا']);

/**
 * An honorific and the given name after it, with the article or without (مولاي الحسن، مولاي
 * رشيد، لالة سلمى، مولاي حفيظ العلمي), and the name words after that.
 */
function honorificPersonAt(words: Word[], at: number, lexicon: Lexicon): Found | undefined {
  const reading = words[at]!.readings.find((r) => r.cliticLength <= 1 && HONORIFICS.has(r.core));
  if (!reading) return undefined;
  const next = words[at + 1];
  if (!next || next.breakBefore || next.taken || !lexicon.isGivenName(next.norm)) return undefined;
  return { type: 'PER', first: at, end: nameEnd(words, at + 1, lexicon, true), reading };
}

/** A foreign-looking word and the name words after it, when a role follows: گانتز وزير الدفاع. */
function foreignPersonAt(words: Word[], at: number, lexicon: Lexicon): Found | undefined {
  // A role within the next few words first: it is rare, and the rest is dearer.
  let role = false;
  for (let next = at + 1; next < words.length && next <= at + MAX_NAME_WORDS && !words[next]!.breakBefore; next++) {
    if (lexicon.isRoleAfterName(words[next]!.norm)) role = true;
  }
  const word = words[at]!;
  if (!role || !lexicon.looksForeign(word.norm) || !nameWord(word, lexicon) || notAName(word.norm, lexicon)) {
    return undefined;
  }
  const end = nameEnd(words, at, lexicon);
  const next = words[end];
  if (!next || next.breakBefore || !lexicon.isRoleAfterName(next.norm)) return undefined;
  return { type: 'PER', first: at, end };
}

/** Where a name that starts at `at` ends: particles, given names, family names, ordinals. */
function nameEnd(words: Word[], at: number, lexicon: Lexicon, afterGivenName = false): number {
  let end = at + 1;
  while (end < words.length && end - at < MAX_NAME_WORDS) {
    const word = words[end]!;
    if (word.breakBefore || word.field !== words[at]!.field || word.taken) break;
    const norm = word.norm;
    if (lexicon.isParticle(norm) && end + 1 < words.length && !words[end + 1]!.breakBefore) {
      end += 2;
      continue;
    }
    if (COMPOUND_SECONDS.has(norm) && end === at + 1) {
      end++;
      continue;
    }
    if (word.definite && (ORDINALS.has(norm) || nisba(word))) {
      end++;
      break;
    }
    const surnameAfterGiven =
      end === at + 1 &&
      nameWord(word, lexicon) &&
      !DARIJA_VERB.test(norm) &&
      (afterGivenName || (givenName(words[at]!, lexicon) && !weakGivenName(words[at]!, lexicon)));
    // A Darija verb in the present ends the name, however foreign its letters look (محمد كيقول).
    const darijaVerb = DARIJA_PRESENT.test(norm) && !lexicon.isGivenName(norm);
    if (
      darijaVerb ||
      !nameWord(word, lexicon) ||
      !(lexicon.isGivenName(norm) || lexicon.looksForeign(norm) || surnameAfterGiven)
    ) {
      // A word of the name itself when a family name follows it: الباجي قائد السبسي.
      const after = words[end + 1];
      const nameGoesOn = after && !after.breakBefore && after.definite && nisba(after) && !notInNames(norm);
      if (nameGoesOn && !word.definite && end + 1 - at < MAX_NAME_WORDS) end += 2;
      break;
    }
    end++;
  }
  return end;
}

/**
 * Whether a word can be part of a person's name as written: without the article, without a
 * proclitic in front of a name (بفيروس، ولترامب start another phrase), without a possessive
 * suffix (إصابتها، بيدها), and nameLike().
 */
function nameWord(word: Word, lexicon: Lexicon): boolean {
  if (word.definite || !nameLike(word.norm, lexicon)) return false;
  if (POSSESSIVE.test(word.norm) && !lexicon.isGivenName(word.norm)) return false;
  const stripped = word.readings[1];
  // A place after a preposition starts an adjunct (الحبيب بورقيبة بصفاقس).
  // (Not a place that is also a word or a name's end: بنيس is a family name.)
  if (
    stripped &&
    stripped.cliticLength > 0 &&
    lexicon.place(stripped.core) !== undefined &&
    !lexicon.isAmbiguousPlace(stripped.core)
  ) {
    return false;
  }
  if (stripped && !lexicon.isGivenName(word.norm) && !lexicon.looksForeign(word.readings[0]!.core)) return true;
  return !(stripped && stripped.cliticLength > 0 && lexicon.isGivenName(stripped.core));
}

/** A family name of place or tribe as written (العثماني، السبسي), not an adjective in ى (اليسرى). */
function nisba(word: Word): boolean {
  return NISBA.test(word.norm) && !/ى$/.test(word.written.replace(MARKS, ''));
}

/** Words that start no name: places, organisations' heads and generic nouns (إقليم، مدينة). */
function notAName(norm: string, lexicon: Lexicon): boolean {
  return (
    lexicon.isTitle(norm) ||
    lexicon.startsHead(norm) ||
    GENERIC_HEADS.has(norm) ||
    lexicon.place(norm) !== undefined ||
    lexicon.organisation(norm) !== undefined
  );
}

/** Possessive and object pronouns at a word's end: إصابتها، بيدها، زيارته، منزلهم. */
const POSSESSIVE = /..(?:ها|هم|هما|هن|كم|نا|ته)$/;

/** Whether a word without the article can be part of a name: not a function word, verb, title or role. */
function nameLike(norm: string, lexicon: Lexicon): boolean {
  if (norm.length < 2 || /\p{N}/u.test(norm)) return false;
  if (notInNames(norm) || lexicon.isTitle(norm) || lexicon.isSpeechVerb(norm) || lexicon.isRoleAfterName(norm))
    return false;
  if (CONJUNCTIONS.includes(norm[0]!) && lexicon.isGivenName(norm.slice(1))) return false;
  return !lexicon.looksLikeVerb(norm);
}

function spanKey(words: Word[], span: Found, lexicon: Lexicon): string {
  if (span.canonical !== undefined) return entityKey(span.canonical);
  return entityKey(writtenName(words, span, lexicon));
}

/** The span as written, without the first word's proclitics. */
function writtenName(words: Word[], span: Found, lexicon: Lexicon): string {
  const first = words[span.first]!;
  const reading = span.reading ?? personReading(first, lexicon);
  let text = stripWritten(first.written, reading);
  for (let at = span.first + 1; at < span.end; at++) text += ` ${words[at]!.written}`;
  return text;
}

/**
 * The reading of a person's first word: a given name's (وبيني → بيني, not ب + يني); for a
 * foreign-looking word, the most stripped reading with the same name key (لگانتز → گانتز);
 * else the word without a conjunction (والعثماني → العثماني).
 */
function personReading(word: Word, lexicon: Lexicon): Reading {
  const [whole, ...stripped] = word.readings;
  for (const reading of word.readings) {
    if (reading.cliticLength <= 1 && lexicon.isGivenName(reading.core)) return reading;
  }
  const key = nameKey(word.norm);
  if (key !== undefined) {
    for (let at = word.readings.length - 1; at > 0; at--) {
      const reading = word.readings[at]!;
      if (!reading.definiteAfterLam && reading.core.length >= 3 && nameKey(reading.core) === key) return reading;
    }
    return whole!;
  }
  const conjunction = stripped.find((r) => r.cliticLength === 1 && CONJUNCTIONS.includes(word.norm[0]!));
  return conjunction ?? whole!;
}

/** The written word without its first `cliticLength` letters (harakat between them go too). */
function stripWritten(written: string, reading: Reading): string {
  if (reading.cliticLength === 0) return written;
  let letters = 0;
  let at = 0;
  while (at < written.length && letters < reading.cliticLength) {
    if (!/\p{M}|\u0640/u.test(written[at]!)) letters++;
    at++;
  }
  while (at < written.length && /\p{M}|\u0640/u.test(written[at]!)) at++;
  const rest = written.slice(at);
  return reading.definiteAfterLam ? `ا${rest}` : rest;
}

/** Mentions with one key are one entity; a family name alone is the person named in full. */
function gather(
  words: Word[],
  found: Found[],
  texts: ReadonlyMap<ArticleField, string>,
  rules: ExtractionRules,
  lexicon: Lexicon,
): FoundEntity[] {
  interface Group {
    type: EntityType;
    canonical: string | undefined;
    key: string;
    mentions: Mention[];
    /** The fullest written form: most words, then first seen. */
    fullest: string;
    words: number;
    order: number;
  }
  const groups = new Map<string, Group>();
  const positions = fieldPositions(texts);
  const mentionOf = (span: Found): Mention => {
    const first = words[span.first]!;
    const last = words[span.end - 1]!;
    const text = writtenName(words, span, lexicon);
    const firstWritten = stripWritten(first.written, span.reading ?? personReading(first, lexicon));
    const start = Math.max(first.start, first.end - firstWritten.length);
    return { type: span.type, text, field: first.field, start, end: last.end };
  };
  const add = (span: Found) => {
    const mention = mentionOf(span);
    const key = span.canonical !== undefined ? entityKey(span.canonical) : entityKey(mention.text);
    if (key === '' || rules.rejected.has(key)) return;
    let group = groups.get(key);
    if (!group) {
      const first = words[span.first]!;
      group = {
        type: span.type,
        canonical: span.canonical,
        key,
        mentions: [],
        fullest: mention.text,
        words: span.end - span.first,
        order: positions.get(first.field)! + first.start,
      };
      groups.set(key, group);
    } else if (span.end - span.first > group.words && span.canonical === undefined) {
      group.fullest = mention.text;
      group.words = span.end - span.first;
    }
    group.mentions.push(mention);
  };
  for (const span of found.sort((a, b) => a.first - b.first)) add(span);

  // A person's family name alone, in any spelling, is that person (العثماني, جانتس).
  const surnames = new Map<string, Group>();
  for (const group of groups.values()) {
    if (group.type !== 'PER' || group.words < 2) continue;
    const surname = group.key.split(' ').at(-1)!;
    if (surname.length >= 3 && !surnames.has(surname)) surnames.set(surname, group);
  }
  for (const [key, group] of groups) {
    const person = key.includes(' ') ? undefined : surnames.get(key);
    if (person && person !== group) {
      person.mentions.push(...group.mentions.map((m) => ({ ...m, type: person.type })));
      groups.delete(key);
    }
  }
  for (const [at, word] of words.entries()) {
    if (word.taken || surnames.size === 0) continue;
    const person = surnames.get(word.plainKey);
    if (person) person.mentions.push(mentionOf({ type: 'PER', first: at, end: at + 1 }));
  }

  const entities: FoundEntity[] = [];
  for (const group of groups.values()) {
    // A person's foreign family name, as each full form writes it, is a spelling too: a reader
    // who meets «بيني گانتز» looks for «گانتز». (Not an Arabic one: السادس is no name alone.)
    const written = group.mentions.map((m) => m.text);
    const surnames =
      group.type === 'PER'
        ? written
            .filter((text) => text.includes(' '))
            .map((text) => text.split(' ').at(-1)!)
            .filter((last) => FOREIGN_KEY.test(entityKey(last)))
        : [];
    const names = [...new Set([group.fullest, ...written, ...surnames])];
    const name = group.canonical ?? group.fullest;
    const oneWord = !group.key.includes(' ');
    entities.push({
      type: group.type,
      name,
      names,
      key: group.key,
      surnameKey:
        group.type === 'PER' ? group.key.split(' ').at(-1) : group.type === 'ORG' && oneWord ? group.key : undefined,
      mentions: group.mentions.length,
      prominent: group.mentions.some((m) => m.field !== 'body'),
      firstSeen: group.order,
    });
  }
  return entities.sort((a, b) => a.firstSeen - b.firstSeen);
}

/** Where each field starts in the article's reading order, for `firstSeen`. */
function fieldPositions(texts: ReadonlyMap<ArticleField, string>): Map<ArticleField, number> {
  const positions = new Map<ArticleField, number>();
  let offset = 0;
  for (const field of ['headline', 'lead', 'body'] as const) {
    positions.set(field, offset);
    offset += (texts.get(field)?.length ?? 0) + 1;
  }
  return positions;
}
