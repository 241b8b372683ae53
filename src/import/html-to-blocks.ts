import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Block, EmbedProvider } from '../content/blocks.ts';

/**
 * WordPress post HTML (classic editor text, block editor markup, shortcodes) → Ghad's body
 * blocks. Nothing of the HTML survives as markup: every string of a block is plain text, so
 * the sanitiser is the conversion itself. Scripts, styles and forms are dropped (and noted);
 * markup Ghad has no block for is kept as its text; [caption] shortcodes and figures become
 * image blocks, oEmbed URLs alone on a line and the block editor's embeds become embeds.
 */
export interface HtmlConversion {
  blocks: Block[];
  /** What did not come through as it was ("dropped 1 script"), for the import's summary. */
  notes: string[];
}

export interface HtmlConversionOptions {
  /** The site's address, for relative image URLs (/wp-content/uploads/…). */
  baseUrl?: string;
}

/** Elements whose content never reaches readers. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'svg',
  'math',
  'canvas',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'frame',
  'frameset',
]);

/** Elements that only hold other blocks. */
const CONTAINERS = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'center',
  'body',
  'html',
  'details',
  'summary',
  'dl',
  'dd',
  'dt',
  'address',
  'hgroup',
]);

/** oEmbed hosts WordPress embeds from a bare URL, with Ghad's provider for each. */
const OEMBED_HOSTS: [RegExp, EmbedProvider][] = [
  [/(^|\.)youtube\.com$|^youtu\.be$/, 'youtube'],
  [/(^|\.)twitter\.com$|(^|\.)x\.com$/, 'x'],
  [/(^|\.)facebook\.com$|^fb\.watch$/, 'facebook'],
  [
    /(^|\.)(vimeo\.com|instagram\.com|soundcloud\.com|spotify\.com|tiktok\.com|dailymotion\.com|flickr\.com|reddit\.com|tumblr\.com|ted\.com|scribd\.com|slideshare\.net|imgur\.com|issuu\.com|mixcloud\.com|pinterest\.com|wordpress\.tv)$/,
    'link',
  ],
];

/** WordPress's own shortcodes that hold no text of their own and are left out. */
const SHORTCODE = /\[(\/?)([a-z][a-z0-9_-]*)((?:\s+[a-z0-9_-]+=(?:"[^"]*"|'[^']*'|[^\s\]]+))*)\s*\/?\]/gi;
const KNOWN_SHORTCODES = new Set(['gallery', 'video', 'audio', 'playlist', 'wp_caption', 'caption', 'embed']);

export function htmlToBlocks(html: string, options: HtmlConversionOptions = {}): HtmlConversion {
  const converter = new Converter(options);
  const prepared = converter.shortcodes(blockEditorEmbeds(html));
  converter.walk(parseDocument(prepared, { decodeEntities: true, lowerCaseTags: true }).children);
  converter.flush();
  return { blocks: converter.blocks, notes: converter.notes() };
}

/** The block editor's embed blocks, whose URL is in the comment: a figure the walker knows. */
function blockEditorEmbeds(html: string): string {
  return html.replace(
    /<!--\s*wp:(embed|core-embed\/[a-z0-9-]+)\s+(\{[\s\S]*?\})\s*(\/)?-->(?:([\s\S]*?)<!--\s*\/wp:\1\s*-->)?/g,
    (whole, _name: string, json: string, _selfClosing: string | undefined, inner: string | undefined) => {
      let url: unknown;
      try {
        url = (JSON.parse(json) as { url?: unknown }).url;
      } catch {
        return whole;
      }
      if (typeof url !== 'string') return whole;
      const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(inner ?? '')?.[1] ?? '';
      return `<figure data-ghad-embed="${attribute(url)}"><figcaption>${caption}</figcaption></figure>`;
    },
  );
}

class Converter {
  readonly blocks: Block[] = [];
  #run = '';
  readonly #notes = new Map<string, number>();

  constructor(private readonly options: HtmlConversionOptions) {}

  notes(): string[] {
    return [...this.#notes].map(([note, count]) => (count > 1 ? `${note} (×${count})` : note));
  }

  note(text: string): void {
    this.#notes.set(text, (this.#notes.get(text) ?? 0) + 1);
  }

  /** [caption] → a figure; [embed]URL[/embed] → the URL on its own line; other shortcodes left out. */
  shortcodes(html: string): string {
    let out = html.replace(
      /\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi,
      (_whole, attributes: string, inner: string) => {
        const captionAttribute = /caption=(?:"([^"]*)"|'([^']*)')/i.exec(attributes);
        const caption = captionAttribute ? (captionAttribute[1] ?? captionAttribute[2] ?? '') : '';
        return `\n<figure data-ghad-caption="${attribute(caption)}">${inner}</figure>\n`;
      },
    );
    out = out.replace(/\[embed[^\]]*\]([\s\S]*?)\[\/embed\]/gi, (_whole, url: string) => `\n${url.trim()}\n`);
    return out.replace(SHORTCODE, (whole, _closing: string, name: string) => {
      const known = KNOWN_SHORTCODES.has(name.toLowerCase());
      if (!known && !whole.includes('=')) return whole; // "[1]", "[sic]": text, not a shortcode
      this.note(`shortcode [${name}] left out`);
      return '';
    });
  }

  walk(nodes: readonly ChildNode[]): void {
    for (const node of nodes) {
      if (node.type === 'text') {
        this.#run += node.data;
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      this.element(node as Element);
    }
  }

  private element(node: Element): void {
    const name = node.name.toLowerCase();
    if (DROPPED.has(name)) {
      this.note(`<${name}> dropped`);
      return;
    }
    switch (name) {
      case 'br':
        this.#run += '\n';
        return;
      case 'p':
      case 'pre':
        this.flush();
        this.walk(node.children);
        this.flush();
        return;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        this.flush();
        const text = flat(textOf(node));
        if (text) this.blocks.push({ type: 'heading', level: name === 'h1' || name === 'h2' ? 2 : 3, text });
        return;
      }
      case 'blockquote':
        this.flush();
        this.quote(node);
        return;
      case 'ul':
      case 'ol': {
        this.flush();
        const items = listItems(node);
        if (items.length > 0) this.blocks.push({ type: 'list', ordered: name === 'ol', items });
        return;
      }
      case 'img':
        this.flush();
        this.image(node, undefined);
        return;
      case 'figure':
        this.flush();
        this.figure(node);
        return;
      case 'iframe':
        this.flush();
        this.iframe(node, undefined);
        return;
      case 'video':
      case 'audio': {
        this.flush();
        const src = node.attribs.src ?? findAll(node, 'source')[0]?.attribs.src;
        const url = src && this.absolute(src);
        if (url) this.blocks.push({ type: 'embed', provider: providerOf(url) ?? 'link', url });
        this.note(`<${name}> kept as a link`);
        return;
      }
      case 'table':
        this.flush();
        for (const row of findAll(node, 'tr')) {
          const cells = row.children
            .filter((c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th'))
            .map((c) => flat(textOf(c)))
            .filter(Boolean);
          if (cells.length > 0) this.blocks.push({ type: 'paragraph', text: cells.join(' | ') });
        }
        this.note('table kept as text');
        return;
      case 'hr':
        this.flush();
        return;
      default:
        if (CONTAINERS.has(name) || name === 'li' || name === 'figcaption') {
          this.flush();
          this.walk(node.children);
          this.flush();
          return;
        }
        // Inline markup (a, strong, em, span, unknown tags): its text joins the paragraph.
        this.walk(node.children);
    }
  }

  /** The text gathered since the last block, as paragraphs: a line break starts a new one. */
  flush(): void {
    const run = this.#run;
    this.#run = '';
    for (const line of run.split(/\n/)) {
      const text = flat(line);
      if (!text) continue;
      const embed = /^https?:\/\/\S+$/.test(text) ? providerOf(text) : undefined;
      if (embed) this.blocks.push({ type: 'embed', provider: embed, url: text });
      else this.blocks.push({ type: 'paragraph', text });
    }
  }

  private quote(node: Element): void {
    if ((node.attribs.class ?? '').includes('twitter-tweet')) {
      const status = findAll(node, 'a')
        .map((a) => a.attribs.href ?? '')
        .find((href) => /\/status\/\d+/.test(href));
      if (status) {
        this.blocks.push({ type: 'embed', provider: 'x', url: status });
        return;
      }
    }
    const cite = findAll(node, 'cite')[0];
    const citeText = cite ? flat(textOf(cite)) : '';
    const text = flat(textOf(node, cite));
    if (text) this.blocks.push({ type: 'quote', text, ...(citeText ? { cite: citeText } : {}) });
  }

  private figure(node: Element): void {
    const embedUrl = node.attribs['data-ghad-embed'];
    const figcaption = findAll(node, 'figcaption')[0];
    const caption = figcaption ? flat(textOf(figcaption)) : undefined;
    if (embedUrl !== undefined) {
      const url = this.absolute(embedUrl);
      if (url) this.blocks.push({ type: 'embed', provider: providerOf(url) ?? 'link', url, ...titled(caption) });
      return;
    }
    const img = findAll(node, 'img')[0];
    if (img) {
      const shortcodeCaption = node.attribs['data-ghad-caption'];
      // A [caption] shortcode's caption is its text beside the image (or its caption="" attribute).
      const text = shortcodeCaption !== undefined ? flat(shortcodeCaption) || flat(textOf(node)) : caption;
      this.image(img, text || undefined);
      return;
    }
    const iframe = findAll(node, 'iframe')[0];
    if (iframe) {
      this.iframe(iframe, caption);
      return;
    }
    this.walk(node.children);
    this.flush();
  }

  private image(img: Element, caption: string | undefined): void {
    const src = this.absolute(img.attribs.src ?? img.attribs['data-src'] ?? '');
    if (!src) {
      this.note('image without a usable address dropped');
      return;
    }
    const width = dimension(img.attribs.width);
    const height = dimension(img.attribs.height);
    this.blocks.push({
      type: 'image',
      src,
      alt: flat(img.attribs.alt ?? ''),
      ...(caption ? { caption } : {}),
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
    });
  }

  private iframe(node: Element, caption: string | undefined): void {
    const src = this.absolute(node.attribs.src ?? '');
    if (!src) {
      this.note('<iframe> without a usable address dropped');
      return;
    }
    const youtube = /youtube(?:-nocookie)?\.com\/embed\/([\w-]{6,})/.exec(src);
    const url = youtube ? `https://www.youtube.com/watch?v=${youtube[1]}` : src;
    const provider = providerOf(url);
    if (!provider) this.note('<iframe> kept as a link');
    this.blocks.push({ type: 'embed', provider: provider ?? 'link', url, ...titled(caption) });
  }

  /** An http(s) URL, relative ones resolved against the site; anything else (javascript:, data:) is refused. */
  private absolute(src: string): string | undefined {
    const trimmed = src.trim();
    if (!trimmed) return undefined;
    try {
      const url = new URL(trimmed.startsWith('//') ? `https:${trimmed}` : trimmed, this.options.baseUrl);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The embed provider of a URL WordPress would embed, or undefined for an ordinary link. */
export function providerOf(url: string): EmbedProvider | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return OEMBED_HOSTS.find(([pattern]) => pattern.test(host))?.[1];
}

function titled(caption: string | undefined): { title?: string } {
  return caption ? { title: caption } : {};
}

/** The text of an element (and its descendants), scripts left out; `except` is skipped. */
function textOf(node: Element, except?: Element): string {
  let text = '';
  for (const child of node.children) {
    if (child === except) continue;
    if (child.type === 'text') text += child.data;
    else if (child.type === 'tag') {
      if (DROPPED.has(child.name)) continue;
      text += child.name === 'br' ? ' ' : textOf(child, except);
      if (/^(p|div|li|h[1-6])$/.test(child.name)) text += ' ';
    }
  }
  return text;
}

/** The items of a list, nested lists flattened in order. */
function listItems(list: Element): string[] {
  const items: string[] = [];
  for (const child of list.children) {
    if (child.type !== 'tag') continue;
    if (child.name === 'li') {
      const nested = child.children.filter(
        (c): c is Element => c.type === 'tag' && (c.name === 'ul' || c.name === 'ol'),
      );
      const own = flat(textOf(child, nested[0]));
      if (own) items.push(own);
      for (const inner of nested) items.push(...listItems(inner));
    } else if (child.name === 'ul' || child.name === 'ol') {
      items.push(...listItems(child));
    }
  }
  return items;
}

function findAll(node: Element, name: string): Element[] {
  const found: Element[] = [];
  const visit = (children: readonly ChildNode[]) => {
    for (const child of children) {
      if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
      const element = child as Element;
      if (element.name === name) found.push(element);
      visit(element.children);
    }
  };
  visit(node.children);
  return found;
}

/** Whitespace collapsed, non-breaking spaces included, and trimmed. */
function flat(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

function dimension(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : undefined;
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
