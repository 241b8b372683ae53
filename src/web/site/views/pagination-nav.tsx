/** Page links for a list: previous, a window of numbers around the current page, next. */
export function PaginationNav({
  page,
  pageCount,
  pathFor,
}: {
  page: number;
  pageCount: number;
  pathFor: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  const numbers = new Set<number>([1, pageCount]);
  for (let n = Math.max(1, page - 2); n <= Math.min(pageCount, page + 2); n++) numbers.add(n);
  const sorted = [...numbers].sort((a, b) => a - b);
  const items: (number | 'gap')[] = [];
  for (const [i, n] of sorted.entries()) {
    if (i > 0 && n - (sorted[i - 1] as number) > 1) items.push('gap');
    items.push(n);
  }
  return (
    <nav aria-label="الصفحات">
      <ul class="pagination">
        {page > 1 && (
          <li>
            <a href={pathFor(page - 1)} rel="prev">
              السابق
            </a>
          </li>
        )}
        {items.map((item, i) =>
          item === 'gap' ? (
            <li key={`gap${i}`}>
              <span aria-hidden="true">…</span>
            </li>
          ) : (
            <li key={item}>
              {item === page ? (
                <span aria-current="page">{item}</span>
              ) : (
                <a href={pathFor(item)} aria-label={`الصفحة ${item}`}>
                  {item}
                </a>
              )}
            </li>
          ),
        )}
        {page < pageCount && (
          <li>
            <a href={pathFor(page + 1)} rel="next">
              التالي
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
