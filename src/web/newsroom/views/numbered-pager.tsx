/** Counts and page numbers as the newsroom's pages write them: in Arabic, with the Moroccan locale. */
export const arabicCount = new Intl.NumberFormat('ar-MA');

/**
 * The links between the pages of a list whose length is known (the entities, an entity's
 * articles, the media library): the previous page, «الصفحة ٢ من ٥», the next page, each link
 * only where there is such a page. Nothing when everything fits on one page. `previous` and
 * `next` name the links as the list reads (الأحدث and الأقدم for articles newest first);
 * `label` names the navigation for screen readers.
 */
export function NumberedPager({
  page,
  pages,
  pathFor,
  label,
  previous = 'السابق',
  next = 'التالي',
  class: className = 'pager',
}: {
  page: number;
  pages: number;
  pathFor: (page: number) => string;
  label: string;
  previous?: string;
  next?: string;
  /** The media library's pager has its own spacing (`pages` in newsroom.css). */
  class?: 'pager' | 'pages';
}) {
  if (pages <= 1) return null;
  return (
    <nav class={className} aria-label={label}>
      {page > 1 && (
        <a href={pathFor(page - 1)} rel="prev">
          {previous}
        </a>
      )}
      <span>
        الصفحة {arabicCount.format(page)} من {arabicCount.format(pages)}
      </span>
      {page < pages && (
        <a href={pathFor(page + 1)} rel="next">
          {next}
        </a>
      )}
    </nav>
  );
}
