import { analyze } from '../arabic/analyzer.ts';
import { normalize } from '../arabic/normalize.ts';
import type { ArticleSummary } from '../content/article.ts';
import type { Entity } from '../entities/entity.ts';
import { wordKey } from '../entities/entity-key.ts';
import type { Store } from '../store/store.ts';
import { didYouMean } from './did-you-mean.ts';
import { parseQuery } from './query.ts';
import { searchToken } from './search-document.ts';
import { type Snippet, snippet } from './snippet.ts';

/** One search as the reader site and the API run it. */
export interface ReaderSearchRequest {
  text: string;
  sectionId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export interface ReaderSearchResults {
  /** The entity the query names, in any of its spellings: its articles come first, and the page shows its card. */
  entity: Entity | undefined;
  total: number;
  /** `total` is a lower bound: there are more matches than the index counts (1,000). */
  totalIsLowerBound: boolean;
  /** Partial matches listed after the `total` full ones (partial-matches.ts); 0 when none. */
  partialTotal: number;
  /**
   * The full matches, then the partial ones: `match` 'some', with the query's words they miss
   * (`missing`) as the reader typed them.
   */
  results: {
    article: ArticleSummary & { externalId: string | null };
    snippet: Snippet;
    match: 'all' | 'some';
    missing?: string[];
  }[];
  facets: { sections: { sectionId: number; count: number }[]; years: { year: number; count: number }[] };
  /** A respelling of the query that finds articles, offered when this one finds none. */
  didYouMean: string | undefined;
}

/**
 * Searches the index, then reads the page's articles from the store and cuts a highlighted
 * snippet from each one's own text. When nothing is found, looks for a respelling that is.
 */
export async function searchArticles(store: Store, request: ReaderSearchRequest): Promise<ReaderSearchResults> {
  const filters = {
    ...(request.sectionId !== undefined ? { sectionId: request.sectionId } : {}),
    ...(request.from ? { from: request.from } : {}),
    ...(request.to ? { to: request.to } : {}),
  };
  const named = entityNamed(store);
  const [spellings, entity] = await Promise.all([entitySpellings(request.text, named), named(request.text.trim())]);
  const found = await store.search.search({
    text: request.text,
    ...(spellings.size > 0 ? { spellings } : {}),
    ...(entity ? { entityId: entity.id } : {}),
    partialMatches: true,
    ...filters,
    limit: request.limit,
    offset: request.offset,
  });
  const articles = await store.articles.summariesWithText(found.hits.map((hit) => hit.articleId));
  const hits = new Map(found.hits.map((hit) => [hit.articleId, hit]));
  const typed = found.partialTotal ? typedWords(request.text) : undefined;
  const results = articles.map(({ bodyText, ...article }) => {
    const hit = hits.get(article.id);
    const missing = hit?.missing?.map((exact) => typed?.get(exact) ?? exact);
    return {
      article,
      snippet: snippet(bodyText, request.text),
      match: hit?.match ?? 'all',
      ...(missing ? { missing } : {}),
    };
  });
  const respelled =
    found.total === 0 && request.offset === 0
      ? await didYouMean(request.text, {
          variants: (word, limit) => store.search.variants(word, limit),
          count: async (text) => (await store.search.search({ text, ...filters, limit: 1, offset: 0 })).total,
        })
      : undefined;
  return {
    entity,
    total: found.total,
    totalIsLowerBound: found.totalIsLowerBound === true,
    partialTotal: found.partialTotal ?? 0,
    results,
    facets: found.facets,
    didYouMean: respelled,
  };
}

/** The query's words by their exact form, each as the reader typed it (اجرائات for اجرايات). */
function typedWords(text: string): Map<string, string> {
  const typed = new Map<string, string>();
  for (const token of analyze(text, 'query')) {
    const word = searchToken(token);
    if (word && !typed.has(word.exact)) typed.set(word.exact, text.slice(token.start, token.end));
  }
  return typed;
}

/**
 * The other spellings of each query word that names an entity: the one-word forms of the
 * best-known entity it names, in any of its spellings (غانتس → گانتز، جانتس), and the last
 * word of its longer names written with the same key. A word that only looks like a name
 * (گنازة against غانتس) is in no entity's names, and gets none: found by its name key alone,
 * it ranks below the entity's articles.
 */
export async function entitySpellings(
  text: string,
  named: (spelling: string) => Promise<Entity | undefined>,
): Promise<Map<string, string[]>> {
  const spellings = new Map<string, string[]>();
  const words = parseQuery(text)
    .words.filter((word) => word.exact.length >= MIN_NAME_LETTERS)
    .slice(0, MAX_LOOKED_UP);
  const entities = await Promise.all(words.map((word) => named(word.exact)));
  for (const [at, word] of words.entries()) {
    const entity = entities[at];
    if (!entity) continue;
    const key = wordKey(word.exact);
    const forms = new Set<string>();
    for (const name of entity.names) {
      const parts = name.split(/\s+/).filter(Boolean);
      const last = parts.at(-1);
      if (last === undefined) continue;
      if (parts.length === 1 || wordKey(normalize(last)) === key) forms.add(last);
    }
    if (forms.size > 0) spellings.set(word.exact, [...forms]);
  }
  return spellings;
}

/**
 * The best-known entity a spelling names, looked up once per spelling within one search: a
 * one-word query is both the whole text and its only word.
 */
function entityNamed(store: Store): (spelling: string) => Promise<Entity | undefined> {
  const asked = new Map<string, Promise<Entity | undefined>>();
  return (spelling) => {
    let entity = asked.get(spelling);
    if (entity === undefined) {
      entity = store.entities.findBySpelling(spelling, 1).then(([first]) => first);
      asked.set(spelling, entity);
    }
    return entity;
  };
}

/** Words shorter than this name nothing a reader would look up (ال، في). */
const MIN_NAME_LETTERS = 3;
/** Words of one query looked up: each costs a read. */
const MAX_LOOKED_UP = 6;
