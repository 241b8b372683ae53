/** The widths an image takes on an article page (the text column is 42rem): what `sizes` tells the browser. */
export const ARTICLE_IMAGE_SIZES = '(min-width: 44rem) 42rem, calc(100vw - 2rem)';

/** An image's variants as `srcset`s: WebP for the browsers that take it, JPEG for the rest. */
export interface ImageSources {
  webp: string;
  jpeg: string;
}

/**
 * An image with its caption and credit, as the body and the featured image show it. With
 * `sources` (images uploaded to the library) it is a <picture> whose browser picks the width
 * it needs; width and height are always given when known, so the page does not shift as
 * images arrive. Images below the fold wait until they are near (`lazy`).
 */
export function Figure({
  src,
  alt,
  width,
  height,
  caption,
  credit,
  sources,
  sizes = ARTICLE_IMAGE_SIZES,
  lazy = false,
  class: className,
}: {
  src: string;
  alt: string;
  width?: number | null | undefined;
  height?: number | null | undefined;
  caption?: string | null | undefined;
  credit?: string | null | undefined;
  sources?: ImageSources | undefined;
  sizes?: string;
  lazy?: boolean;
  class?: string;
}) {
  const image = (
    <img
      src={src}
      alt={alt}
      width={width ?? undefined}
      height={height ?? undefined}
      {...(sources ? { srcset: sources.jpeg, sizes } : {})}
      {...(lazy ? { loading: 'lazy', decoding: 'async' } : { fetchpriority: 'high' })}
    />
  );
  return (
    <figure class={className}>
      {sources ? (
        <picture>
          <source type="image/webp" srcset={sources.webp} sizes={sizes} />
          {image}
        </picture>
      ) : (
        image
      )}
      {(caption || credit) && (
        <figcaption>
          {caption}
          {credit && <span class="credit">{credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
