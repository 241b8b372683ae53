import { nameKey } from '../arabic/name-key.ts';
import { normalize } from '../arabic/normalize.ts';

/**
 * The linking key of a name: the same for every spelling of one name, different for different
 * names. Each word becomes its phonetic name key where it has one (گانتز = جانتس = غانتس →
 * GNS; ترامب = ترمب → TRMB) and its normalized form otherwise (hamza seats, ى, ة, harakat
 * folded: أخنوش = اخنوش), without the article (العثماني = عثماني); عبد joins the word after it
 * (عبد اللطيف = عبداللطيف) and ابن is بن. So «بيني گانتز» and «بيني جانتس» share «بيني GNS».
 */

/** Words that join the next one: compound given names are written both ways. */
const JOINED_TO_NEXT = new Set(['عبد', 'ابو', 'ام']);
const SPELLED_AS: Readonly<Record<string, string>> = { ابن: 'بن' };
/** The article, when enough of the word is left to tell it from others. */
const ARTICLE = /^ال(?=..)/;

/** Whether a normalized word joins the next one in a key (عبد اللطيف → عبداللطيف). */
export function joinsNext(word: string): boolean {
  return JOINED_TO_NEXT.has(word);
}

export function entityKey(name: string): string {
  return remembered(nameKeys, name, keyOfName);
}

function keyOfName(name: string): string {
  const words = normalize(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  const keys: string[] = [];
  for (let at = 0; at < words.length; at++) {
    let word = SPELLED_AS[words[at]!] ?? words[at]!;
    if (JOINED_TO_NEXT.has(word) && at + 1 < words.length) word += words[++at]!;
    keys.push(wordKey(word));
  }
  return keys.join(' ');
}

/** The key of one normalized word. */
export function wordKey(word: string): string {
  return remembered(wordKeys, word, keyOfWord);
}

function keyOfWord(word: string): string {
  return nameKey(word) ?? word.replace(ARTICLE, '');
}

/**
 * Keys are asked for the same names and words again and again (every article names المغرب);
 * each is worked out once, up to REMEMBERED entries, after which the memory starts afresh.
 */
const REMEMBERED = 100_000;
const nameKeys = new Map<string, string>();
const wordKeys = new Map<string, string>();

function remembered(memory: Map<string, string>, text: string, work: (text: string) => string): string {
  let key = memory.get(text);
  if (key === undefined) {
    if (memory.size >= REMEMBERED) memory.clear();
    key = work(text);
    memory.set(text, key);
  }
  return key;
}

/** The key of a name's last word: how an article that gives only the family name is linked. */
export function surnameKey(name: string): string | undefined {
  const key = entityKey(name);
  const last = key.split(' ').at(-1);
  return last === undefined || last === '' ? undefined : last;
}
