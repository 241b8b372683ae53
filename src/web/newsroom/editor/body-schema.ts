import { type Mark, type Node as ProseMirrorNode, Schema } from 'prosemirror-model';
import type { Block, BlockDirection, EmbedProvider, InlineLink } from '../../../content/blocks.ts';

/**
 * The article body in ProseMirror: one node per kind of block of content/blocks.ts, and a
 * link mark for paragraphs. Every text block takes the article's direction (right to left), as
 * readers will see it, unless the editor set one (the `dir` attribute, a French paragraph):
 * never the direction of its first letter, so a paragraph that starts with a Latin name stays
 * right to left.
 * `blocksToDoc` and `docToBlocks` convert both ways; the body is stored as blocks, never HTML.
 */
export const bodySchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      attrs: { dir: { default: null } },
      parseDOM: [{ tag: 'p', getAttrs: dirOf }],
      toDOM: (node) => ['p', dirAttrs(node), 0],
    },
    heading: {
      group: 'block',
      content: 'text*',
      marks: '',
      attrs: { level: { default: 2 }, dir: { default: null } },
      defining: true,
      parseDOM: [
        { tag: 'h2', getAttrs: (dom) => ({ level: 2, ...dirOf(dom) }) },
        { tag: 'h3', getAttrs: (dom) => ({ level: 3, ...dirOf(dom) }) },
      ],
      toDOM: (node) => [`h${node.attrs.level}`, dirAttrs(node), 0],
    },
    quote: {
      group: 'block',
      content: 'text*',
      marks: '',
      attrs: { cite: { default: '' }, dir: { default: null } },
      defining: true,
      parseDOM: [{ tag: 'blockquote', getAttrs: dirOf }],
      toDOM: (node) => ['blockquote', dirAttrs(node), 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      attrs: { dir: { default: null } },
      parseDOM: [{ tag: 'ul', getAttrs: dirOf }],
      toDOM: (node) => ['ul', dirAttrs(node), 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      attrs: { dir: { default: null } },
      parseDOM: [{ tag: 'ol', getAttrs: dirOf }],
      toDOM: (node) => ['ol', dirAttrs(node), 0],
    },
    list_item: {
      content: 'paragraph',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    image: {
      group: 'block',
      atom: true,
      draggable: true,
      attrs: {
        src: { default: '' },
        alt: { default: '' },
        caption: { default: '' },
        credit: { default: '' },
        mediaId: { default: null },
        width: { default: null },
        height: { default: null },
      },
      toDOM: (node) => [
        'figure',
        { class: 'body-image' },
        ['img', { src: safeSrc(node.attrs.src), alt: node.attrs.alt }],
        ['figcaption', [node.attrs.caption, node.attrs.credit].filter(Boolean).join(' — ')],
      ],
    },
    embed: {
      group: 'block',
      atom: true,
      draggable: true,
      attrs: { provider: { default: 'link' }, url: { default: '' }, title: { default: '' } },
      toDOM: (node) => [
        'div',
        { class: `body-embed body-embed--${node.attrs.provider}` },
        ['span', { class: 'body-embed__provider' }, PROVIDER_NAMES[node.attrs.provider as EmbedProvider] ?? ''],
        ['span', { class: 'body-embed__url', dir: 'ltr' }, node.attrs.url],
      ],
    },
    text: { group: 'inline' },
  },
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href') }) }],
      toDOM: (mark) => ['a', { href: safeSrc(mark.attrs.href), rel: 'noopener nofollow' }, 0],
    },
  },
});

export const PROVIDER_NAMES: Record<EmbedProvider, string> = {
  youtube: 'يوتيوب',
  x: 'إكس',
  facebook: 'فيسبوك',
  link: 'رابط',
};

/** The direction an editor set on a block ('ltr' or 'rtl'), or none: the article's. */
function dirOf(dom: HTMLElement | string): { dir: BlockDirection | null } {
  const dir = typeof dom === 'string' ? null : dom.getAttribute('dir');
  return { dir: dir === 'ltr' || dir === 'rtl' ? dir : null };
}

function dirAttrs(node: ProseMirrorNode): Record<string, string> {
  return node.attrs.dir ? { dir: node.attrs.dir } : {};
}

/** `{ dir }` for a block when an editor set it, else nothing. */
function withDir(node: ProseMirrorNode): { dir?: BlockDirection } {
  return node.attrs.dir === 'ltr' || node.attrs.dir === 'rtl' ? { dir: node.attrs.dir } : {};
}

function safeSrc(url: string): string {
  return /^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url) ? url : '#';
}

/** Blocks as a ProseMirror document (an empty body is one empty paragraph). */
export function blocksToDoc(blocks: readonly Block[]): ProseMirrorNode {
  const s = bodySchema;
  const text = (value: string, marks: readonly Mark[] = []) => (value ? [s.text(value, marks)] : []);
  const nodes = blocks.flatMap((block): ProseMirrorNode[] => {
    switch (block.type) {
      case 'paragraph':
        return [s.nodes.paragraph!.create({ dir: block.dir ?? null }, paragraphContent(block.text, block.links))];
      case 'heading':
        return [
          s.nodes.heading!.create({ level: block.level === 3 ? 3 : 2, dir: block.dir ?? null }, text(block.text)),
        ];
      case 'quote':
        return [s.nodes.quote!.create({ cite: block.cite ?? '', dir: block.dir ?? null }, text(block.text))];
      case 'list': {
        const items = block.items.map((item) =>
          s.nodes.list_item!.create(null, s.nodes.paragraph!.create(null, text(item))),
        );
        if (items.length === 0) return [];
        return [
          (block.ordered ? s.nodes.ordered_list! : s.nodes.bullet_list!).create({ dir: block.dir ?? null }, items),
        ];
      }
      case 'image':
        return [
          s.nodes.image!.create({
            src: block.src,
            alt: block.alt,
            caption: block.caption ?? '',
            credit: block.credit ?? '',
            mediaId: block.mediaId ?? null,
            width: block.width ?? null,
            height: block.height ?? null,
          }),
        ];
      case 'embed':
        return [s.nodes.embed!.create({ provider: block.provider, url: block.url, title: block.title ?? '' })];
      default:
        return [];
    }
  });
  return s.nodes.doc!.create(null, nodes.length > 0 ? nodes : [s.nodes.paragraph!.create()]);
}

function paragraphContent(value: string, links: readonly InlineLink[] = []): ProseMirrorNode[] {
  const s = bodySchema;
  const out: ProseMirrorNode[] = [];
  let at = 0;
  for (const link of [...links].sort((a, b) => a.start - b.start)) {
    if (link.start < at || link.end <= link.start || link.end > value.length) continue;
    if (link.start > at) out.push(s.text(value.slice(at, link.start)));
    out.push(s.text(value.slice(link.start, link.end), [s.marks.link!.create({ href: link.href })]));
    at = link.end;
  }
  if (at < value.length) out.push(s.text(value.slice(at)));
  return out;
}

/** The document as blocks; empty paragraphs and list items are left out. */
export function docToBlocks(doc: ProseMirrorNode): Block[] {
  const blocks: Block[] = [];
  doc.forEach((node) => {
    switch (node.type.name) {
      case 'paragraph': {
        const text = node.textContent;
        if (text.trim() === '') return;
        const links = paragraphLinks(node);
        blocks.push(
          links.length > 0
            ? { type: 'paragraph', text, links, ...withDir(node) }
            : { type: 'paragraph', text, ...withDir(node) },
        );
        return;
      }
      case 'heading':
        if (node.textContent.trim() !== '') {
          blocks.push({
            type: 'heading',
            level: node.attrs.level === 3 ? 3 : 2,
            text: node.textContent,
            ...withDir(node),
          });
        }
        return;
      case 'quote':
        if (node.textContent.trim() !== '') {
          blocks.push(
            node.attrs.cite
              ? { type: 'quote', text: node.textContent, cite: node.attrs.cite, ...withDir(node) }
              : { type: 'quote', text: node.textContent, ...withDir(node) },
          );
        }
        return;
      case 'bullet_list':
      case 'ordered_list': {
        const items: string[] = [];
        node.forEach((item) => {
          if (item.textContent.trim() !== '') items.push(item.textContent);
        });
        if (items.length > 0) {
          blocks.push({ type: 'list', ordered: node.type.name === 'ordered_list', items, ...withDir(node) });
        }
        return;
      }
      case 'image': {
        const a = node.attrs;
        if (!a.src) return;
        blocks.push({
          type: 'image',
          src: a.src,
          alt: a.alt,
          ...(a.caption ? { caption: a.caption } : {}),
          ...(a.credit ? { credit: a.credit } : {}),
          ...(a.mediaId ? { mediaId: a.mediaId } : {}),
          ...(a.width ? { width: a.width } : {}),
          ...(a.height ? { height: a.height } : {}),
        });
        return;
      }
      case 'embed':
        blocks.push({
          type: 'embed',
          provider: node.attrs.provider,
          url: node.attrs.url,
          ...(node.attrs.title ? { title: node.attrs.title } : {}),
        });
        return;
    }
  });
  return blocks;
}

/** A paragraph's links as spans of its text; neighbouring pieces of one link are one span. */
function paragraphLinks(paragraph: ProseMirrorNode): InlineLink[] {
  const links: InlineLink[] = [];
  let offset = 0;
  paragraph.forEach((child) => {
    const length = child.text?.length ?? 0;
    const href = child.marks.find((m) => m.type.name === 'link')?.attrs.href as string | undefined;
    if (href) {
      const last = links[links.length - 1];
      if (last && last.end === offset && last.href === href) last.end += length;
      else links.push({ start: offset, end: offset + length, href });
    }
    offset += length;
  });
  return links;
}
