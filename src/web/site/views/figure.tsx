/** An image with its caption and credit, as the body and the featured image show it. */
export function Figure({
  src,
  alt,
  width,
  height,
  caption,
  credit,
  lazy = false,
  class: className,
}: {
  src: string;
  alt: string;
  width?: number | null | undefined;
  height?: number | null | undefined;
  caption?: string | null | undefined;
  credit?: string | null | undefined;
  lazy?: boolean;
  class?: string;
}) {
  return (
    <figure class={className}>
      <img
        src={src}
        alt={alt}
        width={width ?? undefined}
        height={height ?? undefined}
        {...(lazy ? { loading: 'lazy', decoding: 'async' } : {})}
      />
      {(caption || credit) && (
        <figcaption>
          {caption}
          {credit && <span class="credit">{credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
