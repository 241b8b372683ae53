import type { FastifyInstance } from 'fastify';
import { searchArticles } from '../../search/reader-search.ts';
import type { Snippet } from '../../search/snippet.ts';
import type { Store } from '../../store/store.ts';
import { readSearchParams, type SearchParamsError } from '../search-params.ts';
import { searchRequest } from '../search-request.ts';
import type { BreakingNewsBanner } from './breaking-news.ts';
import { parsePageNumber } from './plugin.tsx';
import type { SiteContext } from './site-context.ts';
import { renderDocument } from './views/layout.tsx';
import { SearchPage, type SearchPageModel, type SnippetPart, searchPath } from './views/search-page.tsx';

export const SEARCH_PAGE_SIZE = 10;
/** Past this page a search is not worth running: nobody reads result 1,000. */
const MAX_SEARCH_PAGE = 100;

/** Reader search; rate-limited per client, never cached (every query is its own page). */
export function registerSearchPage(
  app: FastifyInstance,
  { store, site, banner }: { store: Store; site: SiteContext; banner: BreakingNewsBanner },
): void {
  app.get('/search', { config: { rateLimit: { max: 30, timeWindow: '10 seconds' } } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const checked = readSearchParams(query, site.sections);
    const page = parsePageNumber(query.page);
    const empty = { total: 0, results: [], facets: { sections: [], years: [] }, page: 1, pageCount: 0 };
    let status = 200;
    let model: SearchPageModel;
    if (!checked.ok || page === undefined || page > MAX_SEARCH_PAGE) {
      status = 400;
      const error: SearchParamsError = checked.ok
        ? { code: 'bad_parameter', ar: 'رقم الصفحة غير صالح.', en: 'The page number is not valid.' }
        : checked.error;
      model = { params: { q: '', section: undefined, from: undefined, to: undefined }, error, ...empty };
    } else if (checked.params.q === '') {
      model = { params: checked.params, ...empty };
    } else {
      const found = await app.metrics.timeSearch('site', () =>
        searchArticles(
          store,
          searchRequest(checked.params, site.timeZone, {
            limit: SEARCH_PAGE_SIZE,
            offset: (page - 1) * SEARCH_PAGE_SIZE,
          }),
        ),
      );
      // A query that is a name (any spelling of it) gets that entity's card on its first page.
      const entity = page === 1 && found.entity && found.entity.articleCount > 0 ? found.entity : undefined;
      // The first page of a search is the search; later pages are the same one read further.
      if (page === 1) app.audience.searches.record(checked.params.q, found.total);
      model = {
        params: checked.params,
        total: found.total,
        totalIsLowerBound: found.totalIsLowerBound,
        partialTotal: found.partialTotal,
        results: found.results.map(({ article, snippet, match, missing }) => ({
          article,
          snippet: snippetParts(snippet),
          match,
          missing,
        })),
        facets: {
          sections: found.facets.sections.flatMap(({ sectionId, count }) => {
            const section = site.sections.find((s) => s.id === sectionId);
            return section ? [{ section, count }] : [];
          }),
          years: found.facets.years,
        },
        didYouMean: found.didYouMean,
        ...(entity ? { entity } : {}),
        page,
        // Partial matches follow the full ones, on the same pages.
        pageCount: Math.min(MAX_SEARCH_PAGE, Math.ceil((found.total + found.partialTotal) / SEARCH_PAGE_SIZE)),
      };
    }
    const title = model.params.q ? `البحث عن «${model.params.q}»` : 'البحث';
    const html = renderDocument(
      site,
      {
        title,
        description: `ابحث في أخبار ${site.name}.`,
        canonicalPath: searchPath(model.params),
        ogType: 'website',
        noindex: true,
        scripts: [site.assets.searchScript],
        breaking: (await banner.current()).stories,
      },
      <SearchPage site={site} model={model} />,
    );
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  });
}

/** A snippet as plain and highlighted pieces, for the view to escape and <mark>. */
export function snippetParts(snippet: Snippet): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const { start, end } of snippet.highlights) {
    if (start > at) parts.push({ text: snippet.text.slice(at, start), match: false });
    parts.push({ text: snippet.text.slice(start, end), match: true });
    at = end;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), match: false });
  return parts;
}
