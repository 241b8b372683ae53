import type { Block, EmbedProvider } from './blocks.ts';

/**
 * An embed block from a pasted address: a YouTube video, a post on X, or a Facebook post or
 * video. Only https addresses of those sites are taken; anything else is undefined (the
 * editor says which sites it knows). The reader site shows an embed as a card that loads the
 * provider's frame (embedFrame) only when the reader asks; feeds and the API keep the link.
 */
const PROVIDERS: { provider: Exclude<EmbedProvider, 'link'>; hosts: RegExp; path: RegExp }[] = [
  { provider: 'youtube', hosts: /^(www\.|m\.)?youtube\.com$/, path: /^\/(watch|shorts\/|embed\/|live\/)/ },
  { provider: 'youtube', hosts: /^youtu\.be$/, path: /^\/[\w-]{6,}/ },
  { provider: 'x', hosts: /^(www\.|mobile\.)?(x|twitter)\.com$/, path: /^\/\w{1,15}\/status\/\d+/ },
  { provider: 'facebook', hosts: /^(www\.|m\.|web\.)?facebook\.com$/, path: /^\/./ },
  { provider: 'facebook', hosts: /^fb\.watch$/, path: /^\/./ },
];

export function embedFromUrl(address: string): Extract<Block, { type: 'embed' }> | undefined {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const match = PROVIDERS.find((p) => p.hosts.test(host) && p.path.test(url.pathname));
  if (!match) return undefined;
  url.protocol = 'https:';
  return { type: 'embed', provider: match.provider, url: url.toString() };
}

/**
 * What a reader's click loads in place of an embed card: an address built only from the id
 * (or, for Facebook, the re-serialised address) parsed here, never from the pasted text as is.
 */
export interface EmbedFrame {
  provider: Exclude<EmbedProvider, 'link'>;
  /** A video plays in a 16:9 frame; a post has the height of a post. */
  kind: 'video' | 'post';
  src: string;
}

/**
 * Every origin an embed's frame (embedFrame) is loaded from: the reader pages' and the
 * newsroom preview's Content-Security-Policy frames these and nothing else (web/security-headers.ts).
 */
export const EMBED_FRAME_ORIGINS = [
  'https://www.youtube-nocookie.com',
  'https://platform.twitter.com',
  'https://www.facebook.com',
] as const;

const YOUTUBE_ID = /^[\w-]{11}$/;
const YOUTUBE_PATH_ID = /^\/(?:shorts|embed|live)\/([^/]+)\/?$/;
const X_STATUS_PATH = /^\/\w{1,15}\/status\/(\d{1,20})\/?(?:$|photo\/|video\/)/;
const FACEBOOK_VIDEO_PATH = /^\/(?:[^/]+\/videos\/|watch\/?$|reel\/|share\/v\/)/;

/**
 * The iframe for an embed block: YouTube through youtube-nocookie.com, a post on X through
 * platform.twitter.com, a Facebook post or video through its plugins. Undefined when the
 * provider is 'link', the address is not one of that provider's, or its id cannot be read:
 * the block then stays a plain link.
 */
export function embedFrame(block: { provider: EmbedProvider; url: string }): EmbedFrame | undefined {
  let url: URL;
  try {
    url = new URL(block.url.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.port) return undefined;
  const host = url.hostname.toLowerCase();
  const known = PROVIDERS.find((p) => p.hosts.test(host) && p.path.test(url.pathname));
  if (!known || known.provider !== block.provider) return undefined;

  switch (known.provider) {
    case 'youtube': {
      const id =
        host === 'youtu.be'
          ? url.pathname.slice(1).replace(/\/$/, '')
          : url.pathname === '/watch'
            ? url.searchParams.get('v')
            : YOUTUBE_PATH_ID.exec(url.pathname)?.[1];
      if (!id || !YOUTUBE_ID.test(id)) return undefined;
      const start = youtubeStart(url.searchParams.get('t') ?? url.searchParams.get('start'));
      const src = `https://www.youtube-nocookie.com/embed/${id}?autoplay=1${start ? `&start=${start}` : ''}`;
      return { provider: 'youtube', kind: 'video', src };
    }
    case 'x': {
      const id = X_STATUS_PATH.exec(url.pathname)?.[1];
      if (!id) return undefined;
      return {
        provider: 'x',
        kind: 'post',
        src: `https://platform.twitter.com/embed/Tweet.html?id=${id}&lang=ar&dnt=true`,
      };
    }
    case 'facebook': {
      // Facebook's own address, rebuilt from its parts: no credentials, no fragment, https.
      const canonical = `https://${host}${url.pathname}${url.search}`;
      const video = host === 'fb.watch' || FACEBOOK_VIDEO_PATH.test(url.pathname);
      const plugin = video ? 'video' : 'post';
      const src = `https://www.facebook.com/plugins/${plugin}.php?href=${encodeURIComponent(canonical)}`;
      return { provider: 'facebook', kind: video ? 'video' : 'post', src };
    }
  }
}

/** YouTube's start time, "90", "90s" or "1m30s", in seconds; undefined when it is none of these. */
function youtubeStart(value: string | null): number | undefined {
  const match = value ? /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$/.exec(value) : null;
  if (!match) return undefined;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return seconds > 0 ? seconds : undefined;
}
