import { nameKey } from '../arabic/name-key.ts';
import {
  findOrganisation,
  findOrganisationHead,
  isAmbiguousOrganisationKey,
  MAX_HEAD_WORDS,
  ORGANISATION_HEADS,
  organisationIndex,
  orgKey,
} from '../arabic/organisation-cues.ts';
import {
  cueKey,
  findNameParticle,
  findPersonTitle,
  GIVEN_NAMES,
  isGivenName,
  isGivenNameAlsoWord,
  isRoleAfterName,
  isSpeechVerb,
  MAX_TITLE_WORDS,
  PERSON_TITLES,
} from '../arabic/person-cues.ts';
import { findPlace, isAmbiguousPlaceKey, placeIndex } from '../arabic/place-names.ts';

/**
 * What extraction asks of the Arabic tables (src/arabic: place-names.ts, name-cues.ts), as
 * lookups over normalized words and phrases (words joined by one space). One object, built
 * once, so that the extractor reads the tables and never their shapes.
 */
export interface Lexicon {
  /** A place's canonical name. */
  place(phrase: string): string | undefined;
  /** A one-word place name that is also an everyday word (الجديدة، مالي): only with a clitic or a cue. */
  isAmbiguousPlace(phrase: string): boolean;
  /** A one-word organisation name that is also an everyday word or a place (النهضة، الكاف). */
  isAmbiguousOrganisation(phrase: string): boolean;
  /** An organisation named without a head word (الأمم المتحدة، فيسبوك, an acronym): its canonical name. */
  organisation(phrase: string): string | undefined;
  /** A word or phrase that begins an organisation's name (وزارة، حزب): whether it needs a complement. */
  organisationHead(phrase: string): { needsComplement: boolean } | undefined;
  /** A title right before a name (السيد) or a role with a complement before one (وزير). */
  title(phrase: string): 'direct' | 'role' | undefined;
  isTitle(word: string): boolean;
  /** A title that is also an everyday word (الشاب، المواطن، الفريق): a weak cue. */
  isWeakTitle(phrase: string): boolean;
  /** A role noun in apposition after a name: بيني گانتز وزير الدفاع. */
  isRoleAfterName(word: string): boolean;
  isGivenName(word: string): boolean;
  /** Whether a given name of two words (عبد اللطيف، فاطمة الزهراء) may begin with this word. */
  startsGivenName(word: string): boolean;
  /** A given name that is also an everyday word (باسم، أمل، حياة): weak alone. */
  isGivenNameAlsoWord(word: string): boolean;
  /** بن، ابن، بنت، ولد، آيت، أبو: joins the next word to the name. */
  isParticle(word: string): boolean;
  isSpeechVerb(word: string): boolean;
  /** الإسرائيلي، المغربية: an adjective of nationality, no name. */
  isNationality(word: string): boolean;
  /** A word of another language in Arabic letters (it has a phonetic name key): گانتز، ترامب. */
  looksForeign(word: string): boolean;
  /** A verb form that cannot start or continue a name (يقول، تؤكد). */
  looksLikeVerb(word: string): boolean;
  /** Whether a title (السيد، وزير) or an organisation's head (وزارة، المكتب الوطني) may begin with this word. */
  startsTitle(word: string): boolean;
  startsHead(word: string): boolean;
  /** The most words of a place or organisation name that starts with this word (0: none does). */
  namesStartingWith(word: string): number;
  maxHeadWords: number;
  maxTitleWords: number;
}

/** Nationality adjectives: الإسرائيلي، المغربية، الأمريكيين (the article, a nisba ending). */
const NATIONALITY = /^ال.{3,}(?:ي|يه|يين|يون|يات)$/;
/** First words of names, titles and heads, each set built on the lexicon's first use (not at start). */
interface FirstWords {
  /** Each first word of a place or organisation name → the most words such a name has. */
  names: ReadonlyMap<string, number>;
  /**
   * First words of titles and heads: most words begin none, and one lookup says so. A role is
   * also found without its article (وزير through الوزير: findPersonTitle).
   */
  titles: ReadonlySet<string>;
  givenNames: ReadonlySet<string>;
  heads: ReadonlySet<string>;
}

let firstWordsMade: FirstWords | undefined;
function firstWords(): FirstWords {
  if (firstWordsMade) return firstWordsMade;
  const names = new Map<string, number>();
  for (const name of [...placeIndex().keys(), ...organisationIndex().keys()]) {
    const words = name.split(' ');
    names.set(words[0]!, Math.max(names.get(words[0]!) ?? 0, words.length));
  }
  firstWordsMade = {
    names,
    titles: new Set(
      PERSON_TITLES.flatMap(({ title, kind }) => {
        const first = cueKey(title).split(' ')[0]!;
        return kind === 'role' && first.startsWith('ال') ? [first, first.slice(2)] : [first];
      }),
    ),
    givenNames: new Set(
      GIVEN_NAMES.map(cueKey)
        .filter((name) => name.includes(' '))
        .map((name) => name.split(' ')[0]!),
    ),
    heads: new Set(ORGANISATION_HEADS.map(({ head }) => orgKey(head).split(' ')[0]!)),
  };
  return firstWordsMade;
}
const foreignKeys = new Map<string, boolean>();
function looksForeign(word: string): boolean {
  let foreign = foreignKeys.get(word);
  if (foreign === undefined) {
    if (foreignKeys.size > 100_000) foreignKeys.clear();
    foreign = nameKey(word) !== undefined;
    foreignKeys.set(word, foreign);
  }
  return foreign;
}
const VERB = /^[يت][^ا]{2,}(?:ون|ان|ين)?$/;

/**
 * The gazetteer's key for a phrase: the phrase itself, or, as Darija and hasty typing write a
 * place without its final hamza (الصحرا، الدار البيضا), the phrase with it.
 */
function placeKey(phrase: string): string | undefined {
  const index = placeIndex();
  if (index.has(phrase)) return phrase;
  return phrase.endsWith('ا') && index.has(`${phrase}ء`) ? `${phrase}ء` : undefined;
}

/** The lexicon over Ghad's tables. */
export const LEXICON: Lexicon = {
  place: (phrase) => {
    const key = placeKey(phrase);
    return key === undefined ? undefined : placeIndex().get(key)?.name;
  },
  isAmbiguousPlace: (phrase) => isAmbiguousPlaceKey(placeKey(phrase) ?? phrase),
  isAmbiguousOrganisation: (phrase) => isAmbiguousOrganisationKey(phrase),
  organisation: (phrase) => findOrganisation(phrase)?.name,
  organisationHead: (phrase) => {
    const head = findOrganisationHead(phrase);
    return head === undefined ? undefined : { needsComplement: head.kind === 'with-name' };
  },
  title: (phrase) => findPersonTitle(phrase)?.kind,
  isTitle: (word) => findPersonTitle(word) !== undefined,
  isWeakTitle: (phrase) => findPersonTitle(phrase)?.weak === true,
  isRoleAfterName,
  isGivenName,
  isGivenNameAlsoWord,
  isParticle: (word) => findNameParticle(word) !== undefined,
  isSpeechVerb,
  isNationality: (word) => NATIONALITY.test(word) && findPlace(word) === undefined,
  looksForeign,
  looksLikeVerb: (word) => VERB.test(word) && !looksForeign(word),
  namesStartingWith: (word) => firstWords().names.get(word) ?? 0,
  startsTitle: (word) => firstWords().titles.has(word),
  startsGivenName: (word) => firstWords().givenNames.has(word),
  startsHead: (word) => firstWords().heads.has(word),
  maxHeadWords: MAX_HEAD_WORDS,
  maxTitleWords: MAX_TITLE_WORDS,
};
