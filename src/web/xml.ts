/**
 * Writing XML by hand, safely: every text and attribute value goes through `xmlText` or
 * `xmlAttribute`, which escape markup and drop the characters XML 1.0 forbids (C0 controls
 * other than tab and newlines, lone surrogates, U+FFFE/U+FFFF). A headline holding `<`, `&`,
 * `]]>` or a stray control character then stays text, and the document stays well-formed.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// Everything outside XML 1.0's Char production.
const INVALID_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters an XML document may not contain at all. */
export function withoutInvalidXmlCharacters(value: string): string {
  return value.replace(INVALID_XML_CHARACTERS, '');
}

/** Character data for an element's content. */
export function xmlText(value: string): string {
  return withoutInvalidXmlCharacters(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A value for a double-quoted attribute. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

type Attributes = Record<string, string | number | undefined | null>;

/** ` a="1" b="2"`; attributes left undefined or null are omitted. */
function xmlAttributes(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join('');
}

/** `<name a="1">text</name>`, or `<name a="1"/>` without text. */
export function xmlElement(name: string, text?: string | null, attributes: Attributes = {}): string {
  const attrs = xmlAttributes(attributes);
  return text === undefined || text === null ? `<${name}${attrs}/>` : `<${name}${attrs}>${xmlText(text)}</${name}>`;
}

/** `<name a="1">…</name>` around elements already written with these functions. */
export function xmlParent(name: string, attributes: Attributes, children: readonly string[]): string {
  return `<${name}${xmlAttributes(attributes)}>${children.join('')}</${name}>`;
}

/** Text made safe for HTML before it is put in an element that feed readers treat as HTML (RSS description). */
export function htmlEscaped(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
