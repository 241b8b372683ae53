import { analyzeForms, type WordForms } from '../arabic/analyzer.ts';
import type { LeadingTerms } from './ranking.ts';
import type { IndexableArticle } from './search-index.ts';
import { termHashText } from './term-hashes.ts';

/**
 * An article as both search backends index it: the analyzer's tokens per field, cut to the
 * same limits. Built once per write, here, so that SQLite and PostgreSQL index exactly the
 * same tokens.
 */
export interface SearchDocument {
  articleId: number;
  sectionId: number;
  publishedAt: Date | null;
  headline: SearchToken[];
  /** The kicker and the dek, in that order. */
  lead: SearchToken[];
  body: SearchToken[];
}

/** One token in the three forms the index stores; all free of whitespace. */
export interface SearchToken {
  exact: string;
  stem: string;
  nameKey: string | undefined;
}

/**
 * Tokens longer than this are neither indexed nor searched: no word is this long, and it
 * keeps a pasted URL or a 10,000-character "word" out of both the index and the query.
 */
export const MAX_TOKEN_LENGTH = 64;

/**
 * Tokens indexed per field. PostgreSQL positions stop at 16,383, so the three fields together
 * (with a gap between them) stay under it; SQLite indexes the same tokens.
 */
export const FIELD_TOKEN_LIMITS = { headline: 200, lead: 200, body: 15_900 } as const;

/** A document's three fields of tokens: what the text alone decides (see article-analysis.ts). */
export type SearchFields = Pick<SearchDocument, 'headline' | 'lead' | 'body'>;

export function searchDocument(article: IndexableArticle): SearchDocument {
  return {
    articleId: article.id,
    sectionId: article.sectionId,
    publishedAt: article.publishedAt,
    ...searchFields(article),
  };
}

/** The analyzer's tokens of the headline, the lead (kicker and dek) and the body, each cut to its limit. */
export function searchFields(
  article: Pick<IndexableArticle, 'headline' | 'kicker' | 'dek' | 'bodyText'>,
): SearchFields {
  const field = (text: string, limit: number): SearchToken[] => {
    const tokens: SearchToken[] = [];
    for (const forms of analyzeForms(text)) {
      if (tokens.length === limit) break;
      const form = indexedForm(forms);
      if (form) tokens.push(form);
    }
    return tokens;
  };
  const headline = field(article.headline, FIELD_TOKEN_LIMITS.headline);
  const lead = field([article.kicker, article.dek].filter(Boolean).join('\n'), FIELD_TOKEN_LIMITS.lead);
  const body = field(article.bodyText, FIELD_TOKEN_LIMITS.body);
  return { headline, lead, body };
}

/**
 * What a batch of writes does to the index: the articles whose entries go (all of them: a
 * changed article is removed and indexed again) and the documents of those published, the
 * last version of each when an article comes twice. `analyzed` holds the fields of articles
 * whose text was analyzed beforehand (in a worker, article-analysis.ts); the others are analyzed here.
 */
export function documentsToIndex(
  articles: readonly IndexableArticle[],
  analyzed?: ReadonlyMap<IndexableArticle, SearchFields>,
): {
  ids: number[];
  documents: SearchDocument[];
} {
  const latest = new Map<number, IndexableArticle>();
  for (const article of articles) latest.set(article.id, article);
  const documents: SearchDocument[] = [];
  for (const article of latest.values()) {
    if (!article.published) continue;
    const fields = analyzed?.get(article);
    documents.push(
      fields
        ? { articleId: article.id, sectionId: article.sectionId, publishedAt: article.publishedAt, ...fields }
        : searchDocument(article),
    );
  }
  return { ids: [...latest.keys()], documents };
}

/** searchToken() of the analyzer's remembered word forms, remembered beside them. */
const indexedForms = new WeakMap<WordForms, SearchToken | null>();

function indexedForm(forms: WordForms): SearchToken | undefined {
  let token = indexedForms.get(forms);
  if (token === undefined) {
    token = searchToken(forms) ?? null;
    indexedForms.set(forms, token);
  }
  return token ?? undefined;
}

/**
 * The analyzer's token as the index stores it, or undefined when it cannot be a search
 * term (empty once cleaned, or too long). Queries go through the same function.
 */
export function searchToken(token: WordForms): SearchToken | undefined {
  const exact = searchableForm(token.exact);
  if (exact === '' || exact.length > MAX_TOKEN_LENGTH) return undefined;
  const stem = searchableForm(token.stem) || exact;
  const nameKey = token.nameKey === undefined ? undefined : searchableForm(token.nameKey) || undefined;
  return { exact, stem, nameKey };
}

/**
 * A form without whitespace and control characters: the index keeps space-separated tokens
 * whole (SQLite separates on whitespace only), and PostgreSQL refuses NUL in text.
 */
function searchableForm(form: string): string {
  return form.replace(/[\s\p{Z}\p{Cc}]/gu, '');
}

/**
 * Terms as both indexes store them: one vocabulary holds every form, told apart by a mark —
 * the exact form as itself, its stem as `~stem`, its name key as `^key`, a section as `#id`.
 * An exact form that starts with a mark gets a `=` in front, so no form can pass for another.
 */
export function exactTerm(exact: string): string {
  return /^[=~^#]/.test(exact) ? `=${exact}` : exact;
}

export function stemTerm(stem: string): string {
  return `~${stem}`;
}

/**
 * A token's stem as the index holds it: ~stem only where the stem differs from the exact
 * form. Nearly half of all tokens are their own stem (من، تونس); they are found by their exact
 * form, which stemMatchTerms() looks for too, and the index writes a fifth fewer terms.
 */
export function indexedStemTerm(token: SearchToken): string | undefined {
  return token.stem === token.exact ? undefined : stemTerm(token.stem);
}

/** The terms that find every token whose stem is `stem`: ~stem, and `stem` as an exact form. */
export function stemMatchTerms(stem: string): [string, string] {
  return [stemTerm(stem), exactTerm(stem)];
}

export function nameTerm(nameKey: string): string {
  return `^${nameKey}`;
}

export function sectionTerm(sectionId: number): string {
  return `#${sectionId}`;
}

/**
 * The headline's terms and the kicker and dek's terms (ranking.ts, LeadingTerms), as hashes
 * (term-hashes.ts): what the ranking reads of a match, kept beside it in search_documents.
 */
export function leadingTerms(doc: SearchDocument): LeadingTerms {
  const terms = function* (tokens: SearchToken[]) {
    for (const token of tokens) {
      yield exactTerm(token.exact);
      yield stemTerm(token.stem);
      if (token.nameKey !== undefined) yield nameTerm(token.nameKey);
    }
  };
  return { headline: termHashText(terms(doc.headline)), lead: termHashText(terms(doc.lead)) };
}

/** The UTC year of a publication date, for the year facet. */
export function publicationYear(publishedAt: Date | null): number | null {
  return publishedAt ? publishedAt.getUTCFullYear() : null;
}
