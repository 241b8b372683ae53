import type { Block } from '../../../content/blocks.ts';
import type { EditorDraft } from './editor-model.ts';

/**
 * The three-way merge of two versions of an article that started from the same revision:
 * `base` (the revision this editor opened), `theirs` (what someone else saved since) and
 * `mine` (this editor's text). Pure functions, no DOM: the merge view (conflict-view.tsx)
 * shows what they return, and the tests drive them directly.
 *
 * The rule, for every field and for every block of the body: what only one side changed
 * takes that side's version; what both changed the same way takes it once; what both changed
 * differently is a clash, which is never settled here: the person chooses.
 */

/** Which version a clash keeps: the saved one, this editor's, or (for body blocks) both, saved first. */
export type ClashChoice = 'theirs' | 'mine' | 'both';

/** The outcome of one value's merge: settled (and from which side), or a clash. */
export type ValueMerge<T> =
  | { clash: false; value: T; from: 'both' | 'mine' | 'theirs' }
  | { clash: true; base: T | undefined; mine: T; theirs: T };

/** Equality that ignores the order of object keys and absent (undefined) keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, inner]) => inner !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Three-way merge of one value; without a base every difference is a clash. */
export function mergeValue<T>(base: T | undefined, mine: T, theirs: T): ValueMerge<T> {
  if (sameValue(mine, theirs)) return { clash: false, value: mine, from: 'both' };
  if (base !== undefined && sameValue(base, mine)) return { clash: false, value: theirs, from: 'theirs' };
  if (base !== undefined && sameValue(base, theirs)) return { clash: false, value: mine, from: 'mine' };
  return { clash: true, base, mine, theirs };
}

/**
 * One stretch of the merged body: blocks settled by the rule, or a clash. A clash is one block
 * of the base that both sides changed differently (or one changed and the other deleted:
 * `base` is that block, and a deleted side is []), or new blocks both sides added at the same
 * place (`base` null). `key` names the place in the base, so a choice stays with its clash
 * while the editor keeps typing.
 */
export type BodyPart =
  | { clash: false; blocks: Block[] }
  | { clash: true; key: string; base: Block | null; mine: Block[]; theirs: Block[] };

/** What a side did to each block of the base, and what it added before each (and at the end). */
interface Alignment {
  /** For each base block: what it became on this side ([] when deleted, [block] otherwise). */
  at: Block[][];
  /** inserted[i]: blocks this side added before base block i; inserted[base.length]: at the end. */
  inserted: Block[][];
}

/** Below this likeness two blocks are not one block edited, but one removed and another added. */
const LIKENESS_THRESHOLD = 0.3;

/** The words a block shows, for telling an edited block from a new one. */
function blockWords(block: Block): Set<string> {
  let text: string;
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      text = block.text;
      break;
    case 'quote':
      text = `${block.text} ${block.cite ?? ''}`;
      break;
    case 'list':
      text = block.items.join(' ');
      break;
    case 'image':
      text = `\u0000image:${block.mediaId ?? block.src} ${block.caption ?? ''} ${block.alt}`;
      break;
    case 'embed':
      text = `\u0000embed:${block.url} ${block.title ?? ''}`;
      break;
  }
  return new Set(text.split(/\s+/u).filter((w) => w !== ''));
}

/** How alike two blocks are, 0 to 1: the words they share (Dice), less for a change of type. */
function likeness(a: Block, b: Block, wa: Set<string>, wb: Set<string>): number {
  const size = wa.size + wb.size;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const dice = size === 0 ? (a.type === b.type ? 0.5 : 0) : (2 * shared) / size;
  return a.type === b.type ? dice : dice * 0.8;
}

/**
 * Aligns a side with the base: each base block kept, edited (a block alike enough in its
 * place) or deleted, and the blocks added between. A minimal-cost alignment (an unchanged
 * block costs nothing, an edit 1 to 2 as the blocks differ, a deletion or an addition 1), after
 * the unchanged blocks at both ends are set aside.
 */
function align(base: readonly Block[], side: readonly Block[]): Alignment {
  const n = base.length;
  const m = side.length;
  const at: Block[][] = base.map((b) => [b]);
  const inserted: Block[][] = Array.from({ length: n + 1 }, () => []);
  let head = 0;
  while (head < n && head < m && sameValue(base[head], side[head])) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && sameValue(base[n - 1 - tail], side[m - 1 - tail])) tail++;
  const bn = n - head - tail;
  const sm = m - head - tail;
  const b = base.slice(head, head + bn);
  const s = side.slice(head, head + sm);
  const bw = b.map(blockWords);
  const sw = s.map(blockWords);
  // cost[i][j]: the cheapest alignment of b[i..] with s[j..].
  const cost: Float64Array[] = Array.from({ length: bn + 1 }, () => new Float64Array(sm + 1));
  const pairCost = (i: number, j: number): number => {
    if (sameValue(b[i], s[j])) return 0;
    const like = likeness(b[i]!, s[j]!, bw[i]!, sw[j]!);
    return like >= LIKENESS_THRESHOLD ? 2 - like : Number.POSITIVE_INFINITY;
  };
  const pairs: Float64Array[] = Array.from({ length: bn }, (_, i) => {
    const row = new Float64Array(sm);
    for (let j = 0; j < sm; j++) row[j] = pairCost(i, j);
    return row;
  });
  for (let i = bn; i >= 0; i--) {
    for (let j = sm; j >= 0; j--) {
      const row = cost[i]!;
      if (i === bn) row[j] = sm - j;
      else if (j === sm) row[j] = bn - i;
      else {
        row[j] = Math.min(pairs[i]![j]! + cost[i + 1]![j + 1]!, 1 + cost[i + 1]![j]!, 1 + row[j + 1]!);
      }
    }
  }
  let i = 0;
  let j = 0;
  while (i < bn || j < sm) {
    const here = cost[i]![j]!;
    if (i < bn && j < sm && pairs[i]![j]! + cost[i + 1]![j + 1]! === here) {
      at[head + i] = [s[j]!];
      i++;
      j++;
    } else if (i < bn && 1 + cost[i + 1]![j]! === here) {
      at[head + i] = [];
      i++;
    } else {
      inserted[head + i]!.push(s[j]!);
      j++;
    }
  }
  return { at, inserted };
}

/** The blocks two lists share, in order (a longest common subsequence): the base when there is none. */
function commonBlocks(a: readonly Block[], b: readonly Block[]): Block[] {
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = sameValue(a[i], b[j])
        ? 1 + lengths[i + 1]![j + 1]!
        : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const common: Block[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (sameValue(a[i], b[j])) {
      common.push(a[i]!);
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return common;
}

/**
 * Merges two bodies block by block from their base. Without a base (the revision is gone), the
 * blocks both have in common stand for it: every block only one side has is kept, and what
 * both added at one place is a clash.
 */
export function mergeBlocks(
  base: readonly Block[] | null,
  mine: readonly Block[],
  theirs: readonly Block[],
): BodyPart[] {
  const origin = base ?? commonBlocks(mine, theirs);
  const m = align(origin, mine);
  const t = align(origin, theirs);
  const parts: BodyPart[] = [];
  const settle = (blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = parts[parts.length - 1];
    if (last && !last.clash) last.blocks.push(...blocks);
    else parts.push({ clash: false, blocks: [...blocks] });
  };
  for (let i = 0; i <= origin.length; i++) {
    const added = mergeValue<Block[]>([], m.inserted[i]!, t.inserted[i]!);
    if (!added.clash) settle(added.value);
    else parts.push({ clash: true, key: `before:${i}`, base: null, mine: added.mine, theirs: added.theirs });
    if (i === origin.length) break;
    const block = mergeValue<Block[]>([origin[i]!], m.at[i]!, t.at[i]!);
    if (!block.clash) settle(block.value);
    else parts.push({ clash: true, key: `block:${i}`, base: origin[i]!, mine: block.mine, theirs: block.theirs });
  }
  return parts;
}

/**
 * The choice a clash starts with: new blocks both sides added keep both (nothing is lost and
 * nothing repeats); a block both changed has none, and the merge waits for the person.
 */
export function defaultChoice(part: Extract<BodyPart, { clash: true }>): ClashChoice | undefined {
  return part.base === null ? 'both' : undefined;
}

/** The blocks once every clash has its choice; null while one has none. */
export function resolveBlocks(
  parts: readonly BodyPart[],
  choices: Readonly<Record<string, ClashChoice | undefined>>,
): Block[] | null {
  const blocks: Block[] = [];
  for (const part of parts) {
    if (!part.clash) {
      blocks.push(...part.blocks);
      continue;
    }
    const choice = choices[part.key] ?? defaultChoice(part);
    if (choice === undefined) return null;
    if (choice !== 'mine') blocks.push(...part.theirs);
    if (choice !== 'theirs') blocks.push(...part.mine);
  }
  return blocks;
}

/** The draft's fields other than the body, merged one by one. */
export type FieldName = Exclude<keyof EditorDraft, 'body'>;

export interface DraftMerge {
  fields: { field: FieldName; merge: ValueMerge<EditorDraft[FieldName]> }[];
  body: BodyPart[];
}

/** Merges this editor's draft with the one saved since, from the revision both started from (null when unknown). */
export function mergeDrafts(base: EditorDraft | null, mine: EditorDraft, theirs: EditorDraft): DraftMerge {
  const fields = (Object.keys(mine) as (keyof EditorDraft)[])
    .filter((field): field is FieldName => field !== 'body')
    .map((field) => ({ field, merge: mergeValue(base ? base[field] : undefined, mine[field], theirs[field]) }));
  return { fields, body: mergeBlocks(base?.body ?? null, mine.body, theirs.body) };
}

/** The side a field starts on: the side the rule took; a clash none. */
export function defaultFieldChoice(merge: ValueMerge<unknown>): 'mine' | 'theirs' | undefined {
  if (merge.clash) return undefined;
  return merge.from === 'theirs' ? 'theirs' : 'mine';
}

/**
 * The merged draft once every clash has a choice (`fieldChoices` by field, overriding the
 * rule's side too; `blockChoices` by the clash's key); null while one has none.
 */
export function resolveDraft(
  merge: DraftMerge,
  mine: EditorDraft,
  theirs: EditorDraft,
  fieldChoices: Readonly<Partial<Record<FieldName, 'mine' | 'theirs'>>>,
  blockChoices: Readonly<Record<string, ClashChoice | undefined>>,
): EditorDraft | null {
  const body = resolveBlocks(merge.body, blockChoices);
  if (body === null) return null;
  const result: Record<string, unknown> = { ...mine, body };
  for (const { field, merge: m } of merge.fields) {
    const choice = fieldChoices[field] ?? defaultFieldChoice(m);
    if (choice === undefined) return null;
    result[field] = choice === 'mine' ? mine[field] : theirs[field];
  }
  return result as unknown as EditorDraft;
}
