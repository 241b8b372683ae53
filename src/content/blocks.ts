/**
 * An article's body is a list of structured blocks, never stored HTML: the reader site,
 * feeds and the API each render them, and the plain text (for search and excerpts) is
 * derived from them in one place.
 */

/** A link inside a paragraph: the characters [start, end) of its text (UTF-16 offsets) lead to href. */
export interface InlineLink {
  start: number;
  end: number;
  href: string;
}

/**
 * A text block's direction when an editor set it ('ltr' for a paragraph in French); absent, the
 * block takes the article's (right to left), never the direction of its first letter.
 */
export type BlockDirection = 'ltr' | 'rtl';

export type Block =
  | { type: 'paragraph'; text: string; links?: InlineLink[]; dir?: BlockDirection }
  | { type: 'heading'; level: 2 | 3; text: string; dir?: BlockDirection }
  | { type: 'quote'; text: string; cite?: string; dir?: BlockDirection }
  | { type: 'list'; ordered: boolean; items: string[]; dir?: BlockDirection }
  | {
      type: 'image';
      mediaId?: number;
      src: string;
      alt: string;
      caption?: string;
      credit?: string;
      width?: number;
      height?: number;
    }
  | { type: 'embed'; provider: EmbedProvider; url: string; title?: string };

export type EmbedProvider = 'youtube' | 'x' | 'facebook' | 'link';

export const BLOCK_TYPES = ['paragraph', 'heading', 'quote', 'list', 'image', 'embed'] as const;

/** Splits text on line breaks into paragraphs, dropping blank lines and stray whitespace. */
export function paragraphsToBlocks(text: string): Block[] {
  return text
    .split(/\r?\n+/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', text: line }));
}

/** The readable text of a body, paragraph per line: what search indexes and excerpts cut from. */
export function blocksToText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        lines.push(block.text);
        break;
      case 'quote':
        lines.push(block.cite ? `${block.text} — ${block.cite}` : block.text);
        break;
      case 'list':
        lines.push(...block.items);
        break;
      case 'image':
        if (block.caption) lines.push(block.caption);
        break;
      case 'embed':
        if (block.title) lines.push(block.title);
        break;
    }
  }
  return lines.join('\n');
}

/** A summary of at most `maxLength` characters, cut at a word boundary, with an ellipsis when cut. */
export function excerpt(text: string, maxLength = 200): string {
  // Only the head of the text can end up in the excerpt: whitespace runs and surrogate
  // pairs shrink it, so four code units per character is more than enough.
  const flat = text
    .slice(0, maxLength * 4 + 1)
    .replace(/\s+/g, ' ')
    .trim();
  // Counted in code points; without surrogate pairs (nearly every Arabic text) they are the
  // code units, and no array of characters is needed (a card list calls this for every card).
  let cut: string;
  if (/[\uD800-\uDFFF]/.test(flat)) {
    const chars = [...flat];
    if (chars.length <= maxLength) return flat;
    cut = chars.slice(0, maxLength).join('');
  } else {
    if (flat.length <= maxLength) return flat;
    cut = flat.slice(0, maxLength);
  }
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s،,.؛:]+$/u, '')}…`;
}

/**
 * A paragraph's text cut into runs, each with the link it is part of (undefined for plain
 * text). Links that overlap, run past the text or are not in order are dropped, not trusted.
 */
export function linkRuns(text: string, links: readonly InlineLink[] = []): { text: string; href?: string }[] {
  const runs: { text: string; href?: string }[] = [];
  let at = 0;
  for (const link of [...links].sort((a, b) => a.start - b.start)) {
    const valid =
      Number.isInteger(link.start) &&
      Number.isInteger(link.end) &&
      link.start >= at &&
      link.end > link.start &&
      link.end <= text.length &&
      typeof link.href === 'string';
    if (!valid) continue;
    if (link.start > at) runs.push({ text: text.slice(at, link.start) });
    runs.push({ text: text.slice(link.start, link.end), href: link.href });
    at = link.end;
  }
  if (at < text.length || runs.length === 0) runs.push({ text: text.slice(at) });
  return runs;
}

/** Checks an unknown value (e.g. JSON read back from the store) is a list of blocks. */
export function isBlockList(value: unknown): value is Block[] {
  return (
    Array.isArray(value) &&
    value.every(
      (block) =>
        typeof block === 'object' &&
        block !== null &&
        (BLOCK_TYPES as readonly string[]).includes((block as Block).type),
    )
  );
}
