/**
 * "Did you mean": when a query finds nothing, the same query with its words respelled as the
 * index spells them — a variant sharing the word's stem or name key (فايسبوك → فيسبوك,
 * جانتس → گانتز) — provided that the respelled query finds something.
 */
export async function didYouMean(
  text: string,
  search: {
    variants(word: string, limit: number): Promise<string[]>;
    count(text: string): Promise<number>;
  },
): Promise<string | undefined> {
  const words = text.split(/\s+/).filter((word) => word.length > 0 && !word.startsWith('-') && !word.includes('"'));
  if (words.length === 0 || words.length > 8) return undefined;
  const alternatives = await Promise.all(
    words.map(async (word) => (await search.variants(word, 3)).filter((variant) => variant !== word)),
  );
  const candidates: string[] = [];
  // Every word respelled at once, then one word at a time.
  if (alternatives.some((a) => a.length > 0)) {
    candidates.push(replaceWords(text, words, (i) => alternatives[i]?.[0]));
  }
  for (const [i, options] of alternatives.entries()) {
    for (const option of options) candidates.push(replaceWords(text, words, (j) => (j === i ? option : undefined)));
  }
  for (const candidate of [...new Set(candidates)].slice(0, 6)) {
    if (candidate !== text && (await search.count(candidate)) > 0) return candidate;
  }
  return undefined;
}

function replaceWords(text: string, words: string[], replacement: (index: number) => string | undefined): string {
  let index = 0;
  return text.replace(/\S+/g, (token) => {
    if (token !== words[index]) return token;
    return replacement(index++) ?? token;
  });
}
