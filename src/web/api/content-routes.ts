import type { FastifyInstance } from 'fastify';
import { isoCalendarDate, startOfLocalDay } from '../../arabic/dates.ts';
import type { Article, Section } from '../../content/article.ts';
import type { ContentListItem, ContentListings, ListPosition } from '../../store/content-listings.ts';
import type { Store } from '../../store/store.ts';
import { chronological } from '../../stories/referenced-dates.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache } from '../page-cache.ts';
import type { SiteContext } from '../site/site-context.ts';
import { articlePath, dayArchivePath, mediaUrl } from '../site/urls.ts';
import { API_ERRORS, type ApiError } from './api-error.ts';
import type { ApiRead } from './api-response.ts';
import { sendCachedJson } from './api-response.ts';
import {
  articleListQuery,
  errorResponses,
  idParams,
  keysetPage,
  pageQuery,
  relatedResponseSchema,
} from './api-schemas.ts';
import { SECURITY } from './api-security.ts';

interface ContentRoutesOptions {
  store: Store;
  site: SiteContext;
  pageCache: PageCache;
  listings: ContentListings;
}

/** Every list and article answer changes with any publication: `home` is purged by each. */
const LIST_TAGS = [cacheTags.home];

/**
 * The content API (read): published articles with filters and cursor pagination, one article,
 * sections, tags and authors. Public, cached and purged like pages, with ETags.
 */
export function registerContentRoutes(
  app: FastifyInstance,
  { store, site, pageCache, listings }: ContentRoutesOptions,
): void {
  const sectionById = (id: number) => site.sections.find((s) => s.id === id);

  app.get(
    '/articles',
    {
      schema: {
        summary: 'Published articles, newest first (or by last change with updatedSince)',
        operationId: 'listArticles',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        querystring: articleListQuery,
        response: {
          200: keysetPage('ArticleSummary#'),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const query = request.query as {
          section?: string;
          tag?: string;
          author?: string;
          from?: string;
          to?: string;
          updatedSince?: string;
          externalId?: string;
          cursor?: string;
          limit: number;
        };
        let sectionId: number | undefined;
        if (query.section !== undefined) {
          const section = site.sections.find((s) => s.slug === query.section);
          if (!section) return unknown('section', query.section, 'القسم');
          sectionId = section.id;
        }
        let tagId: number | undefined;
        if (query.tag !== undefined) {
          const tag = await store.taxonomy.tagBySlug(query.tag);
          if (!tag) return unknown('tag', query.tag, 'الوسم');
          tagId = tag.id;
        }
        let authorId: number | undefined;
        if (query.author !== undefined) {
          const author = await store.taxonomy.authorBySlug(query.author);
          if (!author) return unknown('author', query.author, 'الكاتب');
          authorId = author.id;
        }
        const from = query.from === undefined ? undefined : instant(query.from, site.timeZone, 0);
        const to = query.to === undefined ? undefined : instant(query.to, site.timeZone, 1);
        const updatedSince = query.updatedSince === undefined ? undefined : new Date(query.updatedSince);
        for (const [field, date] of [
          ['from', from],
          ['to', to],
          ['updatedSince', updatedSince],
        ] as const) {
          if (date !== undefined && Number.isNaN(date.getTime())) return { status: 400, error: badDate(field) };
        }
        if (from && to && from.getTime() >= to.getTime()) {
          return {
            status: 400,
            error: {
              code: 'bad_date_range',
              field: 'to',
              en: '"to" must come after "from".',
              ar: 'يجب أن يكون تاريخ النهاية بعد تاريخ البداية.',
            },
          };
        }
        let after: ListPosition | undefined;
        if (query.cursor !== undefined) {
          after = decodeCursor(query.cursor);
          if (!after || after.order !== (updatedSince ? 'updated' : 'published')) {
            return { status: 400, error: API_ERRORS.invalidCursor };
          }
        }
        const page = await listings.articles({
          sectionId,
          tagId,
          authorId,
          from,
          to,
          updatedSince,
          externalId: query.externalId,
          after,
          limit: query.limit,
        });
        return {
          body: {
            data: page.items.map((item) => summary(item, site.url, sectionById(item.sectionId))),
            nextCursor: page.next ? encodeCursor(page.next) : null,
          },
          tags: LIST_TAGS,
        };
      }),
  );

  app.get(
    '/articles/:id',
    {
      schema: {
        summary: 'One published article with its body, bylines, tags and corrections',
        operationId: 'getArticle',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: idParams,
        response: { 200: { $ref: 'Article#' }, ...errorResponses(400, 401, 404, 429) },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { id } = request.params as { id: number };
        const article = await store.articles.findById(id, { publishedOnly: true });
        if (!article) return { status: 404, error: API_ERRORS.articleNotFound };
        const corrections = await store.newsroomArticles.corrections(id);
        return { body: fullArticle(article, corrections, site.url), tags: [cacheTags.article(id), ...LIST_TAGS] };
      }),
  );

  app.get(
    '/articles/:id/related',
    {
      schema: {
        summary: 'Articles related to a published article, and the near-copies of its text',
        description:
          '`related`: the published articles an editor pinned (`pinned`), then those sharing its most telling names, near it in time, with why (`reason`), less any an editor removed; never one of its near-copies, never two near-copies of each other. `duplicates`: published articles whose body is a near-copy of this one (the same dispatch rewritten), with the share of the shorter text found in the longer (`similarity`, 0.7–1). `context` («السياق»): the dates its text refers to, oldest first, each leading to a related article of that day or to the day in the archive.',
        operationId: 'getRelatedArticles',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        params: idParams,
        response: { 200: relatedResponseSchema, ...errorResponses(400, 401, 404, 429) },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
        const { id } = request.params as { id: number };
        const article = await store.articles.findById(id, { publishedOnly: true });
        if (!article) return { status: 404, error: API_ERRORS.articleNotFound };
        const [{ related, dates, datedArticles }, duplicates] = await Promise.all([
          store.related.storyOf(
            { id, sectionId: article.section.id, publishedAt: article.publishedAt, bodyText: article.bodyText },
            { timeZone: site.timeZone },
          ),
          store.nearCopies.ofArticle(id, { limit: 20 }),
        ]);
        const leadTo = new Map(datedArticles.map((summary) => [summary.id, summary]));
        const externalIds = await store.articles.externalIds(related.map((r) => r.article.id));
        return {
          body: {
            related: related.map(({ article: summary, reason, pinned }) => ({
              id: summary.id,
              externalId: externalIds.get(summary.id) ?? null,
              title: summary.headline,
              url: `${site.url}${articlePath(summary)}`,
              publishedAt: summary.publishedAt?.toISOString() ?? null,
              reason,
              pinned: pinned === true,
            })),
            context: [...dates].sort(chronological).map((date) => {
              const to = date.articleId === undefined ? undefined : leadTo.get(date.articleId);
              const day = date.day === undefined ? undefined : { year: date.year, month: date.month, day: date.day };
              return {
                date: isoCalendarDate(date),
                matched: date.matched,
                quote: date.quote,
                articleId: to ? to.id : null,
                url: to
                  ? `${site.url}${articlePath(to)}`
                  : day && date.archived
                    ? `${site.url}${dayArchivePath(day)}`
                    : null,
              };
            }),
            duplicates: duplicates.map((copy) => ({
              id: copy.id,
              externalId: copy.externalId,
              title: copy.headline,
              similarity: copy.similarity,
            })),
          },
          tags: [cacheTags.article(id), ...LIST_TAGS],
        };
      }),
  );

  app.get(
    '/sections',
    {
      schema: {
        summary: 'The newspaper’s sections, in their order',
        operationId: 'listSections',
        tags: ['content'],
        security: SECURITY.readerOrKey,
        response: {
          200: {
            type: 'object',
            required: ['data'],
            properties: {
              data: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['slug', 'name', 'url'],
                  properties: { slug: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' } },
                },
              },
            },
          },
          ...errorResponses(401, 429),
        },
      },
    },
    (request, reply) =>
      sendCachedJson(request, reply, pageCache, async () => ({
        body: {
          data: site.sections.map((s: Section) => ({
            slug: s.slug,
            name: s.name,
            url: `${site.url}/section/${encodeURIComponent(s.slug)}`,
          })),
        },
        tags: LIST_TAGS,
      })),
  );

  for (const kind of ['tags', 'authors'] as const) {
    app.get(
      `/${kind}`,
      {
        schema: {
          summary:
            kind === 'tags' ? 'Every tag, in keyset pages' : 'Every author and organisation credited, in keyset pages',
          operationId: kind === 'tags' ? 'listTags' : 'listAuthors',
          tags: ['content'],
          security: SECURITY.readerOrKey,
          querystring: pageQuery,
          response: {
            200: {
              type: 'object',
              required: ['data', 'nextCursor'],
              properties: {
                data: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['slug', 'name', 'url'],
                    properties: {
                      slug: { type: 'string' },
                      name: { type: 'string' },
                      url: { type: 'string' },
                      ...(kind === 'authors' ? { kind: { type: 'string', enum: ['person', 'organization'] } } : {}),
                    },
                  },
                },
                nextCursor: { type: ['string', 'null'] },
              },
            },
            ...errorResponses(400, 401, 429),
          },
        },
      },
      (request, reply) =>
        sendCachedJson(request, reply, pageCache, async (): Promise<ApiRead> => {
          const query = request.query as { cursor?: string; limit: number };
          let afterId = 0;
          if (query.cursor !== undefined) {
            const decoded = decodeIdCursor(query.cursor);
            if (decoded === undefined) return { status: 400, error: API_ERRORS.invalidCursor };
            afterId = decoded;
          }
          const page =
            kind === 'tags' ? await listings.tags(afterId, query.limit) : await listings.authors(afterId, query.limit);
          return {
            body: {
              data: page.items.map((entry) => ({
                slug: entry.slug,
                name: entry.name,
                url: `${site.url}/${kind === 'tags' ? 'tag' : 'author'}/${encodeURIComponent(entry.slug)}`,
                ...('kind' in entry ? { kind: entry.kind } : {}),
              })),
              nextCursor: page.next === null ? null : encodeIdCursor(page.next),
            },
            tags: LIST_TAGS,
          };
        }),
    );
  }
}

function unknown(field: 'section' | 'tag' | 'author', slug: string, nameAr: string): ApiRead {
  return {
    status: 400,
    error: {
      code: `unknown_${field}`,
      field,
      en: `There is no ${field} "${slug}".`,
      ar: `لا يوجد ${nameAr} «${slug}».`,
    },
  };
}

function badDate(field: string): ApiError {
  return {
    code: 'bad_date',
    field,
    en: `"${field}" is not a real date.`,
    ar: `التاريخ في «${field}» غير صالح.`,
  };
}

/** A day (YYYY-MM-DD: its start in the newsroom's zone, plus `plusDays`) or an RFC 3339 instant. */
function instant(text: string, timeZone: string, plusDays: number): Date {
  if (text.length > 10) return new Date(text);
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return new Date(Number.NaN);
  const shifted = new Date(Date.UTC(year, month - 1, day + plusDays));
  return startOfLocalDay(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), timeZone);
}

/** An article of a list as the API writes it (ArticleSummary#). */
export function summary(item: ContentListItem, siteUrl: string, section: Section | undefined) {
  return {
    id: item.id,
    url: `${siteUrl}${articlePath(item)}`,
    title: item.headline,
    kicker: item.kicker,
    dek: item.dek,
    section: { slug: section?.slug ?? '', name: section?.name ?? '' },
    secondarySections: item.secondarySections,
    publishedAt: item.publishedAt?.toISOString() ?? null,
    updatedAt: item.updatedAt.toISOString(),
    authors: item.authors,
    tags: item.tags,
  };
}

function fullArticle(article: Article, corrections: { note: string; createdAt: Date }[], siteUrl: string) {
  const image = article.featuredImage;
  return {
    id: article.id,
    url: `${siteUrl}${articlePath(article)}`,
    slug: article.slug,
    title: article.headline,
    kicker: article.kicker,
    dek: article.dek,
    language: article.language,
    section: { slug: article.section.slug, name: article.section.name },
    secondarySections: article.secondarySections.map((s) => ({ slug: s.slug, name: s.name })),
    dateline: article.dateline,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    updatedAt: article.updatedAt.toISOString(),
    revision: article.revision,
    body: article.body,
    text: article.bodyText,
    bylines: article.bylines.map(({ author, role }) => ({
      name: author.name,
      slug: author.slug,
      kind: author.kind,
      role,
    })),
    tags: article.tags.map((tag) => ({ slug: tag.slug, name: tag.name })),
    featuredImage: image
      ? {
          url: mediaUrl(siteUrl, image),
          alt: image.alt,
          caption: image.caption,
          credit: image.credit,
          width: image.width,
          height: image.height,
        }
      : null,
    corrections: corrections.map((c) => ({ note: c.note, createdAt: c.createdAt.toISOString() })),
  };
}

/** Cursors are opaque to clients: the position of the last row, as base64url JSON. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.order === 'updated' ? 'u' : 'p', position.at, position.id])).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): ListPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [order, at, id] = value as unknown[];
    if (order !== 'p' && order !== 'u') return undefined;
    if (!Number.isSafeInteger(id) || (id as number) < 0) return undefined;
    if (at !== null && (typeof at !== 'string' || Number.isNaN(new Date(at).getTime()) || at.length > 40)) {
      return undefined;
    }
    if (order === 'u' && at === null) return undefined;
    return {
      order: order === 'u' ? 'updated' : 'published',
      at: at === null ? null : new Date(at).toISOString(),
      id: id as number,
    };
  } catch {
    return undefined;
  }
}

export function encodeIdCursor(id: number): string {
  return Buffer.from(JSON.stringify(['i', id])).toString('base64url');
}

export function decodeIdCursor(cursor: string): number | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value[0] !== 'i' || !Number.isSafeInteger(value[1]) || value[1] < 0) return undefined;
    return value[1] as number;
  } catch {
    return undefined;
  }
}
