import type { Block, EmbedProvider } from './blocks.ts';

/**
 * An embed block from a pasted address: a YouTube video, a post on X, or a Facebook post or
 * video. Only https addresses of those sites are taken; anything else is undefined (the
 * editor says which sites it knows). The reader site shows embeds as links (no third-party
 * script runs on a reader page).
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
