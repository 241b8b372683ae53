/**
 * What a file is, by its first bytes and never by its name or the browser's word: the five
 * formats the library accepts, SVG (refused: it can carry scripts), and formats recognised
 * only to say so in the refusal.
 */
export type AcceptedFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

export type SniffedType =
  | { kind: 'image'; format: AcceptedFormat }
  | { kind: 'svg'; hasScript: boolean }
  | { kind: 'unsupported'; format: string }
  | { kind: 'unknown' };

export const ACCEPTED_MIME_TYPES: Readonly<Record<AcceptedFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** ISO-BMFF brands (the `ftyp` box) of AVIF, and of HEIC, which sharp's build cannot decode. */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** Scripts and event handlers an SVG could run in a reader's browser. */
const SVG_SCRIPT = /<script\b|\bon[a-z]+\s*=|javascript:|<foreignObject\b|<iframe\b|<embed\b|<object\b/i;

export function sniffImageType(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(bytes, PNG_SIGNATURE)) return { kind: 'image', format: 'png' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return { kind: 'image', format: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brands = ftypBrands(bytes);
    if (brands.some((b) => AVIF_BRANDS.has(b))) return { kind: 'image', format: 'avif' };
    if (brands.some((b) => HEIC_BRANDS.has(b))) return { kind: 'unsupported', format: 'HEIC' };
    return { kind: 'unknown' };
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'unsupported', format: 'TIFF' };
  }
  if (ascii(bytes, 0, 2) === 'BM') return { kind: 'unsupported', format: 'BMP' };
  if (ascii(bytes, 0, 4) === '%PDF') return { kind: 'unsupported', format: 'PDF' };
  const text = leadingText(bytes);
  if (text !== undefined && isSvg(text)) {
    return { kind: 'svg', hasScript: SVG_SCRIPT.test(new TextDecoder().decode(bytes)) };
  }
  return { kind: 'unknown' };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  if (bytes.length < to) return '';
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The major and compatible brands of the `ftyp` box at the start of an ISO-BMFF file. */
function ftypBrands(bytes: Uint8Array): string[] {
  const size = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(Math.max(size, 0), bytes.length, 256);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/** The start of a text file (UTF-8, UTF-16 marks removed), or undefined for binary data. */
function leadingText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    // UTF-16 text has zero bytes: read it as such when it says so.
    if (startsWith(head, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(head);
    if (startsWith(head, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(head);
    return undefined;
  }
  return new TextDecoder().decode(head);
}

function isSvg(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) return false;
  return /<svg[\s>]/i.test(text) || /^<!DOCTYPE\s+svg/i.test(start);
}
