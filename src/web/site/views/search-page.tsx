import type { ArticleSummary, Section } from '../../../content/article.ts';
import type { Entity } from '../../../entities/entity.ts';
import { BidiText } from '../../bidi-text.tsx';
import type { SearchParams, SearchParamsError } from '../../search-params.ts';
import type { SiteContext } from '../site-context.ts';
import { articlePath } from '../urls.ts';
import { ShortDate } from './article-date.tsx';
import { EntityCard } from './entity-page.tsx';
import { PaginationNav } from './pagination-nav.tsx';

/** A piece of a snippet: plain text, or a word that matched the query. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchPageModel {
  params: SearchParams;
  error?: SearchParamsError | undefined;
  total: number;
  /** More matches than counted: "more than N results". */
  totalIsLowerBound?: boolean | undefined;
  /** Partial matches listed after the `total` full ones: the pages run through both. */
  partialTotal?: number | undefined;
  /** This page's results: full matches, then partial ones (`match` 'some', with the words they miss). */
  results: SearchResult[];
  facets: { sections: { section: Section; count: number }[]; years: { year: number; count: number }[] };
  /** Another spelling of the query that finds articles, when this one found none. */
  didYouMean?: string | undefined;
  /** The person, organisation or place the whole query names (any spelling), shown above the results. */
  entity?: Entity | undefined;
  page: number;
  pageCount: number;
}

/** One result: a full match, or a partial one that misses some of the query's words. */
export interface SearchResult {
  article: ArticleSummary;
  snippet: SnippetPart[];
  match?: 'all' | 'some' | undefined;
  /** The words a partial match misses, as the reader typed them. */
  missing?: string[] | undefined;
}

/** The heading above the partial matches. */
export const PARTIAL_RESULTS_HEADING = 'نتائج تطابق بعض الكلمات';

/** The path of a search with some parameters changed; empty ones are left out. */
export function searchPath(
  params: SearchParams,
  changes: Partial<Record<'q' | 'section' | 'from' | 'to' | 'page', string | undefined>> = {},
): string {
  const values: Record<string, string | undefined> = {
    q: params.q,
    section: params.section?.slug,
    from: params.from,
    to: params.to,
    ...changes,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `/search?${text}` : '/search';
}

/** Arabic agreement of a count of results: نتيجة واحدة، نتيجتان، 3 نتائج، 11 نتيجة. */
export function resultCount(n: number): string {
  if (n === 0) return 'لا نتائج';
  if (n === 1) return 'نتيجة واحدة';
  if (n === 2) return 'نتيجتان';
  const mod100 = n % 100;
  return mod100 >= 3 && mod100 <= 10 ? `${n} نتائج` : `${n} نتيجة`;
}

export function SearchPage({ site, model }: { site: SiteContext; model: SearchPageModel }) {
  // Past the counted matches, the facets count the newest of them only: say so.
  const facetScope = model.totalIsLowerBound ? <small> (في أحدث {model.total} نتيجة)</small> : null;
  const { params } = model;
  const partialTotal = model.partialTotal ?? 0;
  const full = model.results.filter((result) => result.match !== 'some');
  const partial = model.results.filter((result) => result.match === 'some');
  const count =
    model.total === 0 && partialTotal > 0
      ? 'لا نتائج تطابق كل الكلمات'
      : model.totalIsLowerBound
        ? `أكثر من ${model.total} نتيجة`
        : resultCount(model.total);
  return (
    <div class="search-page">
      <h1>البحث</h1>
      <search>
        <form class="search-form" action="/search" method="get">
          <label class="visually-hidden" for="search-q">
            ابحث في الأخبار
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            value={params.q}
            dir="auto"
            autocomplete="off"
            placeholder="ابحث: الانتخابات البلدية، گانتز، ٢٠١٧…"
            maxLength={300}
            aria-describedby="search-hint"
            data-suggest="/api/v1/search/suggest"
          />
          <label>
            <span>القسم</span>
            <select name="section">
              <option value="">كل الأقسام</option>
              {site.sections.map((section) => (
                <option key={section.id} value={section.slug} selected={params.section?.id === section.id}>
                  {section.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>من</span>
            <input type="date" name="from" value={params.from ?? ''} />
          </label>
          <label>
            <span>إلى</span>
            <input type="date" name="to" value={params.to ?? ''} />
          </label>
          <button type="submit">ابحث</button>
          <p id="search-hint" class="hint">
            ضع العبارة بين علامتي تنصيص للبحث عنها كما هي، وضع علامة - قبل كلمة لاستبعادها.
          </p>
          <ul class="suggestions" id="search-suggestions" aria-live="polite" aria-label="عناوين مقترحة" />
        </form>
      </search>

      {model.error && (
        <p class="search-error" role="alert">
          {model.error.ar}
        </p>
      )}

      {!model.error && params.q && (
        <>
          <p class="count" aria-live="polite">
            {count} لـ «<bdi>{params.q}</bdi>»{model.pageCount > 1 && ` — الصفحة ${model.page} من ${model.pageCount}`}
          </p>
          {model.entity && <EntityCard entity={model.entity} />}
          {model.total === 0 && (model.didYouMean || partialTotal === 0) && (
            <div class="no-results">
              {model.didYouMean ? (
                <p>
                  هل تقصد:{' '}
                  <a href={searchPath(params, { q: model.didYouMean, page: undefined })}>
                    <bdi>{model.didYouMean}</bdi>
                  </a>
                  ؟
                </p>
              ) : (
                <p>جرّب كلمات أقل أو أعم، أو احذف عوامل التصفية.</p>
              )}
            </div>
          )}
          {model.total + partialTotal > 0 && (
            <div class="search-layout">
              <div class="search-results">
                {full.length > 0 && (
                  <ol class="results">
                    {full.map((result) => (
                      <ResultCard key={result.article.id} site={site} result={result} />
                    ))}
                  </ol>
                )}
                {partial.length > 0 && (
                  <section class="partial-results" aria-labelledby="partial-results-heading">
                    <h2 id="partial-results-heading">{PARTIAL_RESULTS_HEADING}</h2>
                    <ol class="results">
                      {partial.map((result) => (
                        <ResultCard key={result.article.id} site={site} result={result} level={3} />
                      ))}
                    </ol>
                  </section>
                )}
              </div>
              <aside class="facets" aria-label="تصفية النتائج">
                {model.facets.sections.length > 0 && (
                  <section>
                    <h2>حسب القسم{facetScope}</h2>
                    <ul>
                      {model.facets.sections.map(({ section, count }) => (
                        <li key={section.id}>
                          <a
                            href={searchPath(params, { section: section.slug, page: undefined })}
                            aria-current={params.section?.id === section.id ? 'true' : undefined}
                          >
                            {section.name}
                          </a>{' '}
                          <span class="facet-count">{count}</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
                {model.facets.years.length > 0 && (
                  <section>
                    <h2>حسب السنة{facetScope}</h2>
                    <ul>
                      {model.facets.years.map(({ year, count }) => (
                        <li key={year}>
                          <a href={searchPath(params, { from: `${year}-01-01`, to: `${year}-12-31`, page: undefined })}>
                            {year}
                          </a>{' '}
                          <span class="facet-count">{count}</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
              </aside>
            </div>
          )}
          <PaginationNav
            page={model.page}
            pageCount={model.pageCount}
            pathFor={(page) => searchPath(params, { page: page > 1 ? String(page) : undefined })}
          />
        </>
      )}
    </div>
  );
}

/** A result; under the partial matches' own heading, its headline is one level lower. */
function ResultCard({ site, result, level = 2 }: { site: SiteContext; result: SearchResult; level?: 2 | 3 }) {
  const { article, snippet, missing } = result;
  const Headline = level === 3 ? 'h3' : 'h2';
  return (
    <li class="card">
      <Headline class="headline">
        <a href={articlePath(article)}>{article.headline}</a>
      </Headline>
      <p class="meta">
        {site.sections.find((s) => s.id === article.sectionId)?.name}
        {article.publishedAt && ' · '}
        {article.publishedAt && <ShortDate date={article.publishedAt} timeZone={site.timeZone} />}
      </p>
      {snippet.length > 0 && (
        <p class="snippet">
          {snippet.map((part, i) =>
            part.match ? (
              <mark key={i}>
                <BidiText text={part.text} />
              </mark>
            ) : (
              <BidiText key={i} text={part.text} />
            ),
          )}
        </p>
      )}
      {missing && missing.length > 0 && (
        <p class="missing-words">
          ينقصها:{' '}
          {missing.flatMap((word, i) => [
            i > 0 ? '، ' : '',
            <s key={word}>
              <bdi>{word}</bdi>
            </s>,
          ])}
        </p>
      )}
    </li>
  );
}
