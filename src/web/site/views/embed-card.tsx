import type { Block } from '../../../content/blocks.ts';
import { type EmbedFrame, embedFrame } from '../../../content/embeds.ts';

/** What the card says and what its frame may do, per provider and kind (a Facebook video plays like a video). */
interface CardWords {
  label: string;
  action: string;
  /** The link to the original, under the card. */
  link: string;
  /** Who the frame is loaded from, for the note under the button. */
  from: string;
  allow: string;
}

const VIDEO_ALLOW = 'autoplay; encrypted-media; picture-in-picture; fullscreen';

const CARDS: Record<'youtube video' | 'x post' | 'facebook post' | 'facebook video', CardWords> = {
  'youtube video': {
    label: 'فيديو على يوتيوب',
    action: 'تشغيل الفيديو',
    link: 'شاهد الفيديو على يوتيوب',
    from: 'يوتيوب',
    allow: VIDEO_ALLOW,
  },
  'x post': {
    label: 'تدوينة على إكس',
    action: 'عرض التدوينة',
    link: 'اقرأ التدوينة على إكس',
    from: 'إكس',
    allow: 'fullscreen',
  },
  'facebook post': {
    label: 'منشور على فيسبوك',
    action: 'عرض المنشور',
    link: 'اقرأ المنشور على فيسبوك',
    from: 'فيسبوك',
    allow: 'encrypted-media; fullscreen',
  },
  'facebook video': {
    label: 'فيديو على فيسبوك',
    action: 'تشغيل الفيديو',
    link: 'شاهد الفيديو على فيسبوك',
    from: 'فيسبوك',
    allow: VIDEO_ALLOW,
  },
};

/** The frames of all three providers run their own scripts and open links in new tabs. */
const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation';

/** Whether a body has an embed shown as a card, i.e. whether its page needs embed-facade.js. */
export function hasEmbedCards(blocks: readonly Block[]): boolean {
  return blocks.some((block) => block.type === 'embed' && embedFrame(block) !== undefined);
}

type EmbedBlock = Extract<Block, { type: 'embed' }>;

/**
 * An embed on a reader page, as a click-to-load card: nothing is asked of YouTube, X or
 * Facebook until the reader presses the button; then embed-facade.js swaps the card for the
 * iframe whose address the server computed (data-embed-src). Without the script the card keeps
 * the link to the original, and the button stays hidden.
 * `frame` is embedFrame's answer for the block.
 */
export function EmbedCard({ block, frame, href }: { block: EmbedBlock; frame: EmbedFrame; href: string }) {
  const words = CARDS[`${frame.provider} ${frame.kind}` as keyof typeof CARDS];
  const title = block.title?.trim();
  return (
    <figure
      class={`embed embed--${frame.provider} embed--${frame.kind}`}
      aria-label={title ? `${words.label}: ${title}` : words.label}
      data-embed-src={frame.src}
      data-embed-title={title || words.label}
      data-embed-allow={words.allow}
      data-embed-sandbox={SANDBOX}
    >
      <div class="embed__frame">
        <p class="embed__provider">{words.label}</p>
        {title && (
          <p class="embed__title" dir="auto">
            {title}
          </p>
        )}
        <div class="embed__consent" hidden>
          <button type="button" class="embed__load">
            {words.action}
          </button>
          <p class="embed__note">يُحمَّل من {words.from} عند الضغط</p>
        </div>
      </div>
      <figcaption>
        <a href={href} rel="noopener nofollow">
          {words.link}
        </a>
      </figcaption>
    </figure>
  );
}
