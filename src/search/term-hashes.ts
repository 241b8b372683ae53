/**
 * The terms of an article's headline, and of its kicker and dek, as the ranking reads them
 * for each of the newest 1,000 matches (ranking.ts): each term's 32-bit hash in base 36,
 * space-separated, with a space at both ends. Reading the terms themselves cost most of a
 * search's time at 100,000 articles: a thousand Arabic strings decoded into JavaScript on every
 * search (binary hashes were no better: a Buffer per row). Short ASCII text is read almost as
 * fast as a number and searched as fast as it is read. Two different terms of one field share
 * a hash about once in a hundred million searches, and then only nudge a rank.
 */

/** 32-bit FNV-1a over the term's UTF-16 code units. */
export function termHash(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** What `terms` are stored as: their hashes, once each, in base 36 between spaces ('' for none). */
export function termHashText(terms: Iterable<string>): string {
  const codes = new Set<string>();
  for (const term of terms) codes.add(termHash(term).toString(36));
  return codes.size === 0 ? '' : ` ${[...codes].join(' ')} `;
}

/** What finds `term` in stored text (termHashText): `stored.includes(termPattern(term))`. */
export function termPattern(term: string): string {
  return ` ${termHash(term).toString(36)} `;
}
