/**
 * `npm run eval:comments`: precision and recall of "held for abuse" (the banned-word check of
 * src/comments/checks.ts) on the labelled set in eval/comments/ (see its README), against a
 * plain word list: the same words, matched as whole words exactly as written (what a
 * WordPress "disallowed keys" list or a naive filter does). Positive: a comment labelled
 * abusive; negative: clean and spam (spam is the link check's work, not this one's).
 */
import fs from 'node:fs';
import { BANNED_WORDS, BannedWordList } from '../src/comments/banned-words.ts';

interface Labelled {
  label: 'abusive' | 'spam' | 'clean';
  script: string;
  text: string;
}

const DIR = new URL('./comments/', import.meta.url);

function readSet(): Labelled[] {
  return (['abusive', 'spam', 'clean'] as const).flatMap((label) =>
    fs
      .readFileSync(new URL(`${label}.txt`, DIR), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [script, ...text] = line.split('\t');
        return { label, script: script as string, text: text.join('\t') };
      }),
  );
}

/** The baseline: a listed word as a whole word, exactly as written. */
function plainListHolds(text: string): boolean {
  const words = new Set(text.split(/[^\p{L}\p{M}\d]+/u));
  return BANNED_WORDS.some((word) => words.has(word));
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function score(set: readonly Labelled[], holds: (text: string) => boolean): Tally {
  const t: Tally = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const item of set) {
    const held = holds(item.text);
    const abusive = item.label === 'abusive';
    if (held && abusive) t.tp++;
    else if (held) t.fp++;
    else if (abusive) t.fn++;
    else t.tn++;
  }
  return t;
}

const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(3));
const line = (name: string, t: Tally) =>
  `${name.padEnd(34)} precision ${ratio(t.tp, t.tp + t.fp)}  recall ${ratio(t.tp, t.tp + t.fn)}  (held ${t.tp + t.fp}: ${t.tp} abusive, ${t.fp} not)`;

const set = readSet();
const list = new BannedWordList();
const ghad = (text: string) => list.firstMatch(text) !== undefined;
const counts = (label: string) => set.filter((i) => i.label === label).length;
console.log(
  `${set.length} comments: ${counts('abusive')} abusive, ${counts('spam')} spam, ${counts('clean')} clean; ${BANNED_WORDS.length} listed words`,
);
for (const script of ['all', 'ar', 'latin', 'mixed']) {
  const part = script === 'all' ? set : set.filter((i) => i.script === script);
  console.log(`\n${script === 'all' ? 'all scripts' : `script: ${script}`} (${part.length})`);
  console.log(line('  plain word list (exact words)', score(part, plainListHolds)));
  console.log(line('  Ghad (normalised, clitics, Darija)', score(part, ghad)));
}
if (process.argv.includes('--errors')) {
  console.log('\nGhad misses and false holds:');
  for (const item of set) {
    const held = ghad(item.text);
    if (held !== (item.label === 'abusive')) console.log(`  ${held ? 'held ' : 'missed'} [${item.label}] ${item.text}`);
  }
}
