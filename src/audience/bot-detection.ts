/**
 * Whether a request to count a view comes from a reader: crawlers, link previews, monitors and
 * headless tools by their user agent; HEAD requests; prefetches and prerenders (`Sec-Purpose`,
 * `Purpose`, `X-Moz`). The view beacon runs only in a browser that executes the page's script,
 * which already leaves out most bots; this catches those that run scripts too.
 */
const BOT_USER_AGENT =
  /bot\b|bot\/|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog|embedly|whatsapp|telegram|skypeuripreview|bingpreview|google-inspectiontool|googleother|lighthouse|pagespeed|headlesschrome|phantomjs|puppeteer|playwright|selenium|curl\/|wget|python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|node-fetch|axios|undici|libwww|httpclient|scrapy|feedfetcher|rss|uptime|pingdom|monitor|preview|validator|check_http|semrush|ahrefs|mj12|dotbot|petalbot|yandex|baiduspider|bytespider|gptbot|chatgpt|claudebot|anthropic|ccbot|perplexity|applebot|duckduckbot|sogou|exabot|seznam/i;

export interface ViewRequest {
  method: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The reason a request is not a reader's view, or undefined when it is one. */
export function notAReader({ method, headers }: ViewRequest): string | undefined {
  if (method.toUpperCase() === 'HEAD') return 'head';
  const userAgent = header(headers, 'user-agent');
  if (!userAgent || userAgent.length < 10) return 'no-user-agent';
  if (BOT_USER_AGENT.test(userAgent)) return 'bot';
  const purpose = `${header(headers, 'sec-purpose')} ${header(headers, 'purpose')} ${header(headers, 'x-purpose')} ${header(headers, 'x-moz')}`;
  if (/prefetch|prerender|preview/i.test(purpose)) return 'prefetch';
  return undefined;
}

function header(headers: ViewRequest['headers'], name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}
