import { SaxesParser } from 'saxes';

/**
 * Streaming XML in records: a WordPress export or a feed is read chunk by chunk, and only
 * the elements that are records (an `<item>`, a `<wp:category>`, an Atom `<entry>`) are
 * built as small trees, one at a time. A 2 GB export never sits in memory; only its largest
 * post does.
 */
export interface XmlNode {
  /** The qualified name as written: `item`, `wp:post_id`, `content:encoded`. */
  name: string;
  attributes: Record<string, string>;
  /** The element's own text and CDATA (not its children's). */
  text: string;
  children: XmlNode[];
  /** The line the element starts on (1-based). */
  line: number;
}

/** Broken XML: where it broke, and why. */
export class XmlReadError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    /** Records completed in the same chunk before the break: whole, and still to be imported. */
    readonly records: XmlNode[] = [],
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** Characters XML 1.0 forbids (WordPress content often holds a stray \v or \f): dropped and counted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it drops
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

export class XmlRecordReader {
  readonly #parser = new SaxesParser({ position: true });
  readonly #decoder = new TextDecoder('utf-8');
  readonly #path: string[] = [];
  /** Open elements of the record being built; empty outside records. */
  readonly #open: XmlNode[] = [];
  #done: XmlNode[] = [];
  /** Where the last record was closed: a close tag that does not match closes the open ones first, then fails there. */
  #lastClosedAt = -1;
  /** The document's root element, once seen. */
  root: string | undefined;
  /** Characters XML forbids, dropped from the input. */
  droppedCharacters = 0;

  constructor(isRecord: (path: readonly string[]) => boolean) {
    const parser = this.#parser;
    parser.on('opentag', (tag) => {
      if (this.root === undefined) this.root = tag.name;
      this.#path.push(tag.name);
      const inRecord = this.#open.length > 0;
      if (!inRecord && !isRecord(this.#path)) return;
      const node: XmlNode = {
        name: tag.name,
        attributes: tag.attributes as Record<string, string>,
        text: '',
        children: [],
        line: parser.line,
      };
      if (inRecord) this.#open[this.#open.length - 1]?.children.push(node);
      this.#open.push(node);
    });
    parser.on('closetag', () => {
      this.#path.pop();
      const node = this.#open.pop();
      if (node && this.#open.length === 0) {
        this.#done.push(node);
        this.#lastClosedAt = parser.position;
      }
    });
    const text = (value: string) => {
      const node = this.#open[this.#open.length - 1];
      if (node) node.text += value;
    };
    parser.on('text', text);
    parser.on('cdata', text);
  }

  /** Reads a chunk of bytes; returns the records it completed. Throws XmlReadError on broken XML. */
  write(chunk: Uint8Array): XmlNode[] {
    return this.#feed(this.#decoder.decode(chunk, { stream: true }), false);
  }

  /** The end of the input: the records still completed, or XmlReadError when the document is cut short. */
  end(): XmlNode[] {
    return this.#feed(this.#decoder.decode(), true);
  }

  #feed(text: string, last: boolean): XmlNode[] {
    const clean = text.replace(FORBIDDEN, () => {
      this.droppedCharacters++;
      return '';
    });
    try {
      this.#parser.write(clean);
      if (last) this.#parser.close();
    } catch (error) {
      const message = (error as Error).message.replace(/^\d+:\d+: /, '');
      const done = this.#done;
      this.#done = [];
      // A record closed by the broken tag itself was cut short: it is not handed over.
      if (this.#lastClosedAt === this.#parser.position) done.pop();
      throw new XmlReadError(this.#parser.line, this.#parser.column, message, done);
    }
    const done = this.#done;
    this.#done = [];
    return done;
  }
}

/** The text of the first child named `name`, trimmed; '' when absent. */
export function childText(node: XmlNode, name: string): string {
  return node.children.find((c) => c.name === name)?.text.trim() ?? '';
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}
