import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { BidiText } from '../../bidi-text.tsx';
import type { PageHead, SiteContext } from '../site-context.ts';
import { type FeedFormat, feedPath, sectionPath } from '../urls.ts';
import { BreakingBanner } from './breaking-banner.tsx';

const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/** JSON inside <script> must not be able to close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function Layout({ site, head, children }: { site: SiteContext; head: PageHead; children: ComponentChildren }) {
  const canonical = `${site.url}${head.canonicalPath}`;
  // The home page is the only indexed page at '/': an error page (noindex) has its own title.
  const isHome = head.canonicalPath === '/' && !head.noindex;
  const fullTitle = isHome ? `${site.name} — ${site.slogan}` : `${head.title} | ${site.name}`;
  // Pages without a photo of their own are previewed with the newspaper's brand image.
  const brand = site.assets.shareImage;
  const image = head.image ?? {
    url: `${site.url}${brand.url}`,
    alt: site.name,
    width: brand.width,
    height: brand.height,
  };
  return (
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={head.description} />
        {head.noindex ? <meta name="robots" content="noindex" /> : <link rel="canonical" href={canonical} />}
        {head.prevPath && <link rel="prev" href={`${site.url}${head.prevPath}`} />}
        {head.nextPath && <link rel="next" href={`${site.url}${head.nextPath}`} />}
        {head.feedsOf &&
          (Object.keys(FEED_TYPES) as FeedFormat[]).map((format) => (
            <link
              key={format}
              rel="alternate"
              type={FEED_TYPES[format]}
              title={head.feedsOf?.title}
              href={`${site.url}${feedPath(head.feedsOf?.listPath ?? '', format)}`}
            />
          ))}
        <meta property="og:site_name" content={site.name} />
        <meta property="og:locale" content="ar_MA" />
        <meta property="og:type" content={head.ogType} />
        <meta property="og:title" content={head.title} />
        <meta property="og:description" content={head.description} />
        <meta property="og:url" content={canonical} />
        <meta property="og:image" content={image.url} />
        {image.width && <meta property="og:image:width" content={String(image.width)} />}
        {image.height && <meta property="og:image:height" content={String(image.height)} />}
        {image.alt && <meta property="og:image:alt" content={image.alt} />}
        {head.article?.publishedTime && (
          <meta property="article:published_time" content={head.article.publishedTime.toISOString()} />
        )}
        {head.article && <meta property="article:modified_time" content={head.article.modifiedTime.toISOString()} />}
        {head.article && <meta property="article:section" content={head.article.section} />}
        {head.article?.tags.map((tag) => (
          <meta key={`tag-${tag}`} property="article:tag" content={tag} />
        ))}
        {head.article?.authorUrls.map((url) => (
          <meta key={`author-${url}`} property="article:author" content={url} />
        ))}
        <meta name="twitter:card" content="summary_large_image" />
        <meta name="twitter:title" content={head.title} />
        <meta name="twitter:description" content={head.description} />
        <meta name="twitter:image" content={image.url} />
        {image.alt && <meta name="twitter:image:alt" content={image.alt} />}
        <meta name="theme-color" content="#b3001b" />
        <link rel="icon" href={site.assets.favicon} type="image/svg+xml" />
        {site.assets.preloadFonts.map((href) => (
          <link key={href} rel="preload" href={href} as="font" type="font/woff2" crossorigin="anonymous" />
        ))}
        <link rel="stylesheet" href={site.assets.stylesheet} />
        {head.scripts?.map((src) => (
          <script key={src} type="module" src={src} nonce={head.scriptNonce} />
        ))}
        {head.jsonLd?.map((data, i) => (
          <script key={i} type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          انتقل إلى المحتوى
        </a>
        <header class="masthead">
          <div class="wrap masthead__brand">
            <a class="masthead__name" href="/" aria-label={`${site.name} — الصفحة الرئيسية`}>
              <Masthead name={site.name} />
            </a>
            <p class="masthead__slogan">{site.slogan}</p>
          </div>
          <search class="wrap">
            <form class="masthead__search" action="/search" method="get">
              <label class="visually-hidden" for="masthead-q">
                ابحث في الأخبار
              </label>
              <input id="masthead-q" type="search" name="q" dir="auto" placeholder="ابحث في الأخبار" />
              <button type="submit">بحث</button>
            </form>
          </search>
          <nav class="sections-nav" aria-label="الأقسام">
            <ul class="wrap">
              <li>
                <a href="/" aria-current={head.canonicalPath === '/' ? 'page' : undefined}>
                  الرئيسية
                </a>
              </li>
              {site.sections.map((section) => (
                <li key={section.id}>
                  <a
                    href={sectionPath(section)}
                    aria-current={head.currentSectionId === section.id ? 'page' : undefined}
                  >
                    {section.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {head.breaking && <BreakingBanner stories={head.breaking} />}
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              © {site.name} — {site.slogan}
            </p>
            <p>
              <BidiText text="محتوى العرض التجريبي: أخبار جوهرة أف أم (Apache-2.0، مدونة ANT) وكود (CC BY 4.0، مدونة MArSum)." />
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** "الغد 24": the trailing figures of the name in the accent colour. */
function Masthead({ name }: { name: string }) {
  const match = /^(.*?)(\s*\d+)$/.exec(name);
  if (!match) return <>{name}</>;
  return (
    <>
      {match[1]}
      <span>{match[2]}</span>
    </>
  );
}

/** A whole HTML document for a page. */
export function renderDocument(site: SiteContext, head: PageHead, body: ComponentChildren): string {
  return `<!doctype html>${renderToString(
    <Layout site={site} head={head}>
      {body}
    </Layout>,
  )}`;
}
