/**
 * The terms of an article's headline, and of its kicker and dek, as the ranking reads them
 * for each of the newest 1,000 matches (ranking.ts): a sorted list of 32-bit hashes, four
 * bytes each, little-endian, in a BLOB (SQLite) or bytea (PostgreSQL). Reading them as text
 * cost most of a search's time at 100,000 articles: a thousand strings of Arabic decoded into
 * JavaScript on every search, then scanned. Two different terms of one field share a hash
 * about once in a hundred million searches, and then only nudge a rank.
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

/** The hashes of `terms`, once each, sorted, as stored (a Buffer, which both drivers bind as bytes). */
export function termHashes(terms: Iterable<string>): Uint8Array {
  const hashes = [...new Set([...terms].map(termHash))].sort((a, b) => a - b);
  const bytes = Buffer.alloc(hashes.length * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const [i, hash] of hashes.entries()) view.setUint32(i * 4, hash, true);
  return bytes;
}

/** Whether stored hashes (termHashes) hold `hash`: a binary search. */
export function holdsHash(stored: Uint8Array, hash: number): boolean {
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  let low = 0;
  let high = (stored.byteLength >>> 2) - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = view.getUint32(middle * 4, true);
    if (found === hash) return true;
    if (found < hash) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
