import type { Media } from '../../../content/article.ts';
import { type Block, linkRuns } from '../../../content/blocks.ts';
import { embedFrame } from '../../../content/embeds.ts';
import { BidiText } from '../../bidi-text.tsx';
import { mediaPath } from '../urls.ts';
import { EmbedCard } from './embed-card.tsx';
import { Figure } from './figure.tsx';
import { imageSources } from './image-sources.ts';

/**
 * An article body as HTML. Every string goes through Preact's escaping. Blocks take the
 * article's direction (the page's rtl) unless an editor set one (block.dir, a French quote);
 * left-to-right runs inside them are isolated (BidiText), never the whole block turned by
 * its first letter.
 * The dateline leads the first paragraph, as newspapers print it: "الرباط — ".
 */
export function BodyBlocks({
  blocks,
  dateline,
  media,
  embeds = 'links',
}: {
  blocks: readonly Block[];
  dateline?: string | null;
  /**
   * 'cards' on reader pages (click-to-load, with embed-facade.js); 'links' wherever no script
   * runs (feeds): the embed is a link to the original.
   */
  embeds?: 'cards' | 'links';
  /** The library's images the body names (image blocks' mediaId): shown at every width they have. */
  media?: ReadonlyMap<number, Media> | undefined;
}) {
  const firstParagraph = blocks.findIndex((b) => b.type === 'paragraph');
  return (
    <>
      {blocks.map((block, index) => (
        <BodyBlock
          key={index}
          block={block}
          dateline={index === firstParagraph ? dateline : null}
          media={block.type === 'image' && block.mediaId !== undefined ? media?.get(block.mediaId) : undefined}
          embeds={embeds}
        />
      ))}
    </>
  );
}

function BodyBlock({
  block,
  dateline,
  media,
  embeds,
}: {
  block: Block;
  dateline?: string | null | undefined;
  media?: Media | undefined;
  embeds: 'cards' | 'links';
}) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p dir={block.dir}>
          {dateline && <span class="dateline">{dateline} — </span>}
          {block.links?.length ? (
            linkRuns(block.text, block.links).map((run, i) =>
              run.href ? (
                <a key={i} href={safeUrl(run.href)} rel="noopener">
                  <BidiText text={run.text} />
                </a>
              ) : (
                <BidiText key={i} text={run.text} />
              ),
            )
          ) : (
            <BidiText text={block.text} />
          )}
        </p>
      );
    case 'heading':
      return block.level === 2 ? (
        <h2 dir={block.dir}>
          <BidiText text={block.text} />
        </h2>
      ) : (
        <h3 dir={block.dir}>
          <BidiText text={block.text} />
        </h3>
      );
    case 'quote':
      return (
        <blockquote dir={block.dir}>
          <p>
            <BidiText text={block.text} />
          </p>
          {block.cite && (
            <footer>
              — <BidiText text={block.cite} />
            </footer>
          )}
        </blockquote>
      );
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <BidiText text={item} />
        </li>
      ));
      return block.ordered ? <ol dir={block.dir}>{items}</ol> : <ul dir={block.dir}>{items}</ul>;
    }
    case 'image':
      // The block's own alt text, caption and credit (an image may be described per article);
      // the file, its size and its variants are the library's when it holds the image.
      return media ? (
        <Figure
          src={mediaPath(media)}
          alt={block.alt || media.alt}
          width={media.width}
          height={media.height}
          caption={block.caption ?? media.caption}
          credit={block.credit ?? media.credit}
          sources={imageSources(media)}
          lazy
        />
      ) : (
        <Figure
          src={safeUrl(block.src)}
          alt={block.alt}
          width={block.width}
          height={block.height}
          caption={block.caption}
          credit={block.credit}
          lazy
        />
      );
    case 'embed': {
      // An address the site cannot frame (a 'link', an unreadable id) stays a link everywhere.
      const frame = embeds === 'cards' ? embedFrame(block) : undefined;
      if (frame) return <EmbedCard block={block} frame={frame} href={safeUrl(block.url)} />;
      return (
        <div class="embed">
          <a href={safeUrl(block.url)} rel="noopener nofollow">
            {block.title ?? embedLabel(block.provider)}
          </a>
        </div>
      );
    }
  }
}

const EMBED_LABELS = {
  youtube: 'شاهد الفيديو على يوتيوب',
  x: 'اقرأ التدوينة على إكس',
  facebook: 'اقرأ المنشور على فيسبوك',
  link: 'افتح الرابط',
};

function embedLabel(provider: keyof typeof EMBED_LABELS): string {
  return EMBED_LABELS[provider] ?? EMBED_LABELS.link;
}

/** Only http(s) and site-relative URLs reach an href or src; anything else (javascript:) becomes "#". */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (/^https?:\/\//i.test(trimmed) || /^\/(?!\/)/.test(trimmed)) return trimmed;
  return '#';
}
