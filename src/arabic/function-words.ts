/**
 * Function words: prepositions, particles, pronouns, demonstratives and relatives, the words
 * every other sentence holds (في، من، على، التي). A search for "من مناطق الولاية سوسة" means
 * the content words; requiring من as well changes almost nothing about which articles match,
 * yet makes the engine read the longest lists it has. Lucene's Arabic analyzer drops such
 * words from its index altogether; Ghad keeps them indexed (for "exact phrases") and leaves
 * them out of a query only when other words carry it (query.ts).
 *
 * Written as normalize() gives them (ا for أ إ آ, ي for final ى, ه for ة); a word with و or ف
 * in front (وفي، والتي، فقد) counts too.
 */
const ARABIC = [
  // prepositions and adverbs of place and time
  'في من الي علي عن مع بين حول بعد قبل عند لدي منذ خلال حتي ضد نحو دون عبر تحت فوق امام وراء',
  // particles and conjunctions
  'ان او ام ثم بل لكن لان كي اذا اذ لو قد لقد لا لم لن ما ماذا هل كما مثل ايضا اما حيث الا سوف',
  // pronouns, demonstratives, relatives
  'هو هي هم هن انا نحن انت هذا هذه ذلك تلك هؤلاء هولاء هنا هناك الذي التي الذين اللذين اللتين اللواتي اللاتي',
  // pronoun-suffixed prepositions
  'فيه فيها فيهم منه منها منهم عليه عليها عليهم له لها لهم به بها بهم عنه عنها اليه اليها',
  // being, and the quantifiers of news prose
  'كان كانت يكون تكون كانوا تم كل بعض غير اي',
];

const FRENCH_AND_ENGLISH = ['le la les de des du et en un une au aux', 'the of and to in on for'];

const FUNCTION_WORDS = new Set([...ARABIC, ...FRENCH_AND_ENGLISH].flatMap((line) => line.split(' ')));

/** Whether `exact` (a normalized word) is a function word, alone or after و or ف. */
export function isFunctionWord(exact: string): boolean {
  if (FUNCTION_WORDS.has(exact)) return true;
  return (exact.startsWith('و') || exact.startsWith('ف')) && FUNCTION_WORDS.has(exact.slice(1));
}
