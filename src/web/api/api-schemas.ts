import { ARTICLE_STATUSES } from '../../content/article.ts';
import { DRAFT_LIMITS } from '../../content/article-draft.ts';
import { BLOCK_TYPES } from '../../content/blocks.ts';
import { MAX_NOTE_LENGTH, WORKFLOW_ACTIONS } from '../../content/workflow.ts';
import { ENTITY_TYPES } from '../../entities/found-entity.ts';

/**
 * The JSON schemas of the API's requests and answers: Fastify checks requests with them, and
 * the OpenAPI document (/api/v1/openapi.json) is generated from them, so the two cannot differ.
 */

/** Text without control characters (PostgreSQL refuses NUL in text; nothing needs the others). */
const PLAIN = '^[^\\u0000-\\u001f]*$';
const DAY_OR_TIME = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2})$';

export const errorSchema = {
  $id: 'ApiError',
  type: 'object',
  description: 'Every error of the API: a stable code, the message in English and Arabic, the field at fault if any.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageAr'],
      properties: {
        code: { type: 'string', examples: ['unknown_section'] },
        message: { type: 'string' },
        messageAr: { type: 'string' },
        field: { type: 'string' },
      },
      additionalProperties: true,
    },
  },
} as const;

const errorRef = { $ref: 'ApiError#' } as const;

/** The error answers of a route, by status. */
export function errorResponses(...statuses: number[]): Record<string, unknown> {
  const descriptions: Record<number, string> = {
    400: 'The request is not valid (unknown field, wrong type, too many items, unknown filter value…).',
    401: 'The token is missing, unknown or revoked.',
    403: 'The token may not do this (a content key writing, a role the policy refuses).',
    404: 'Nothing here.',
    409: 'A conflict: the article changed since baseRevision, or the workflow does not allow the action now.',
    413: 'The body is too large.',
    415: 'The body is not JSON.',
    429: 'Too many requests: see Retry-After.',
  };
  // Every 429 says when to come back (api-clients.ts and @fastify/rate-limit set it).
  const retryAfter = {
    headers: { 'retry-after': { type: 'integer', minimum: 1, description: 'Seconds to wait before trying again.' } },
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status], ...(status === 429 ? retryAfter : {}), ...errorRef },
    ]),
  );
}

const named = {
  type: 'object',
  required: ['slug', 'name'],
  properties: { slug: { type: 'string' }, name: { type: 'string' } },
} as const;

const nullableText = { type: ['string', 'null'] } as const;

/**
 * A keyset page: `data`, items of the schema `itemRef` (`'Story#'`), and `nextCursor`; `extra`
 * properties (the story a page belongs to, a total) stand beside them, required too.
 */
export function keysetPage(itemRef: string, extra: Record<string, object> = {}) {
  return {
    type: 'object',
    required: [...Object.keys(extra), 'data', 'nextCursor'],
    properties: {
      ...extra,
      data: { type: 'array', items: { $ref: itemRef } },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as `cursor` for the next page; null on the last.',
      },
    },
  } as const;
}
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

const secondarySections = {
  type: 'array',
  items: named,
  description: 'Other sections whose pages also list the article; `section` is its own.',
} as const;

export const articleSummarySchema = {
  $id: 'ArticleSummary',
  type: 'object',
  required: ['id', 'url', 'title', 'section', 'secondarySections', 'publishedAt', 'updatedAt', 'authors', 'tags'],
  properties: {
    id: { type: 'integer' },
    url: { type: 'string', description: 'The article on the reader site.' },
    title: { type: 'string' },
    kicker: nullableText,
    dek: nullableText,
    section: named,
    secondarySections: secondarySections,
    publishedAt: nullableTime,
    updatedAt: { type: 'string', format: 'date-time' },
    authors: { type: 'array', items: named },
    tags: { type: 'array', items: named },
  },
} as const;

export const blockSchema = {
  $id: 'Block',
  type: 'object',
  description:
    'One block of an article body. `type` says which fields apply: paragraph and heading (text, level 2 or 3), quote (text, cite), list (ordered, items), image (src, alt, caption, credit, width, height, mediaId), embed (provider, url, title).',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...BLOCK_TYPES] },
    text: { type: 'string', maxLength: 100_000 },
    level: { type: 'integer', enum: [2, 3] },
    cite: { type: 'string', maxLength: 500 },
    ordered: { type: 'boolean' },
    items: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 10_000 } },
    mediaId: { type: 'integer', minimum: 1 },
    src: { type: 'string', maxLength: 2000 },
    alt: { type: 'string', maxLength: 1000 },
    caption: { type: 'string', maxLength: 2000 },
    credit: { type: 'string', maxLength: 500 },
    width: { type: 'integer', minimum: 1, maximum: 100_000 },
    height: { type: 'integer', minimum: 1, maximum: 100_000 },
    provider: { type: 'string', enum: ['youtube', 'x', 'facebook', 'link'] },
    url: { type: 'string', maxLength: 2000 },
    title: { type: 'string', maxLength: 500 },
  },
  additionalProperties: false,
} as const;

export const articleSchema = {
  $id: 'Article',
  type: 'object',
  required: [
    'id',
    'url',
    'title',
    'section',
    'secondarySections',
    'body',
    'bylines',
    'tags',
    'publishedAt',
    'updatedAt',
    'corrections',
  ],
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    slug: { type: 'string' },
    title: { type: 'string' },
    kicker: nullableText,
    dek: nullableText,
    language: { type: 'string' },
    section: named,
    secondarySections: secondarySections,
    dateline: nullableText,
    publishedAt: nullableTime,
    updatedAt: { type: 'string', format: 'date-time' },
    revision: { type: 'integer' },
    body: { type: 'array', items: { $ref: 'Block#' } },
    text: { type: 'string', description: 'The body as plain text.' },
    bylines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'slug', 'kind'],
        properties: {
          name: { type: 'string' },
          slug: { type: 'string' },
          kind: { type: 'string', enum: ['person', 'organization'] },
          role: nullableText,
        },
      },
    },
    tags: { type: 'array', items: named },
    featuredImage: {
      type: ['object', 'null'],
      properties: {
        url: { type: 'string' },
        alt: { type: 'string' },
        caption: nullableText,
        credit: nullableText,
        width: { type: ['integer', 'null'] },
        height: { type: ['integer', 'null'] },
      },
    },
    corrections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['note', 'createdAt'],
        properties: { note: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
      },
    },
  },
} as const;

export const articleListQuery = {
  type: 'object',
  properties: {
    section: { type: 'string', maxLength: 100, pattern: PLAIN, description: 'A section slug (see /sections).' },
    tag: { type: 'string', maxLength: 200, pattern: PLAIN, description: 'A tag slug (see /tags).' },
    author: { type: 'string', maxLength: 200, pattern: PLAIN, description: 'An author slug (see /authors).' },
    from: {
      type: 'string',
      pattern: DAY_OR_TIME,
      description: 'Published on or after: a day (YYYY-MM-DD, in the newsroom’s time zone) or an instant (RFC 3339).',
    },
    to: {
      type: 'string',
      pattern: DAY_OR_TIME,
      description: 'Published up to: a day (included) or an instant (excluded).',
    },
    updatedSince: {
      type: 'string',
      pattern: TIME,
      description:
        'Only articles changed at or after this instant (RFC 3339), oldest change first: keep the last cursor to pick up from there.',
    },
    externalId: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: PLAIN,
      description:
        'Only the article an import gave this id (its own id in the source: `wordpress:<host>:<post id>`, a feed’s guid, a corpus record’s id): one article or none, with the other filters applied as usual.',
    },
    cursor: { type: 'string', maxLength: 300, description: 'The `nextCursor` of the previous page.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
  additionalProperties: false,
} as const;

export const pageQuery = {
  type: 'object',
  properties: {
    cursor: { type: 'string', maxLength: 300, description: 'The `nextCursor` of the previous page.' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
  additionalProperties: false,
} as const;

/** GET /articles/:id/related. */
export const relatedResponseSchema = {
  type: 'object',
  required: ['related', 'duplicates', 'context'],
  properties: {
    related: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'externalId', 'title', 'url', 'publishedAt', 'reason', 'pinned'],
        properties: {
          id: { type: 'integer' },
          externalId: nullableText,
          title: { type: 'string' },
          url: { type: 'string' },
          publishedAt: nullableTime,
          reason: {
            type: 'string',
            description: 'Why it is listed: the names both articles hold, or «اختيار التحرير» for a pinned article.',
          },
          pinned: { type: 'boolean', description: 'Pinned by an editor: pinned articles come first, in their order.' },
        },
      },
    },
    context: {
      type: 'array',
      description:
        "«السياق»: the dates the text refers to («أمس», «الأربعاء الماضي», «دجنبر 2020», Hijri dates), resolved against its publication in the newspaper's zone, in the order of time, each with the sentence naming it and where it leads.",
      items: {
        type: 'object',
        required: ['date', 'matched', 'quote', 'articleId', 'url'],
        properties: {
          date: {
            type: 'string',
            pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
            description: 'The day (YYYY-MM-DD), or the month (YYYY-MM) when the text names a month only.',
          },
          matched: { type: 'string', description: 'The words as written.' },
          quote: { type: 'string', description: 'The sentence naming it, at most 160 characters.' },
          articleId: {
            type: ['integer', 'null'],
            description: 'A related article published that day, where one is.',
          },
          url: {
            type: ['string', 'null'],
            description: 'That article, or else the day in the archive when it holds articles; null for a month.',
          },
        },
      },
    },
    duplicates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'externalId', 'title', 'similarity'],
        properties: {
          id: { type: 'integer' },
          externalId: nullableText,
          title: { type: 'string' },
          similarity: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
    },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
  additionalProperties: false,
} as const;

const draftProperties = {
  headline: { type: 'string', maxLength: DRAFT_LIMITS.headline },
  kicker: { type: ['string', 'null'], maxLength: DRAFT_LIMITS.kicker },
  dek: { type: ['string', 'null'], maxLength: DRAFT_LIMITS.dek },
  body: { type: 'array', maxItems: 5000, items: { $ref: 'Block#' } },
  sectionSlug: { type: 'string', maxLength: 100 },
  secondarySectionSlugs: {
    type: 'array',
    maxItems: DRAFT_LIMITS.secondarySections,
    items: { type: 'string', maxLength: 100 },
    description: 'Other sections whose pages also list the article.',
  },
  slug: { type: 'string', maxLength: DRAFT_LIMITS.slug },
  dateline: { type: ['string', 'null'], maxLength: DRAFT_LIMITS.dateline },
  language: { type: 'string', maxLength: 10 },
  bylines: {
    type: 'array',
    maxItems: DRAFT_LIMITS.bylines,
    items: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: DRAFT_LIMITS.bylineName },
        kind: { type: 'string', enum: ['person', 'organization'], default: 'person' },
        role: { type: ['string', 'null'], maxLength: 60 },
      },
      additionalProperties: false,
    },
  },
  tags: { type: 'array', maxItems: DRAFT_LIMITS.tags, items: { type: 'string', maxLength: DRAFT_LIMITS.tag } },
} as const;

export const articleDraftSchema = {
  $id: 'ArticleDraft',
  type: 'object',
  description: 'The text and metadata of an article; its state moves only through transitions.',
  required: ['headline', 'sectionSlug', 'body', 'bylines'],
  properties: draftProperties,
  additionalProperties: false,
} as const;

export const articleSaveSchema = {
  type: 'object',
  description: 'The whole draft, with the revision it was edited from (a newer one answers 409).',
  required: ['baseRevision', 'headline', 'sectionSlug', 'body', 'bylines'],
  properties: { baseRevision: { type: 'integer', minimum: 1 }, ...draftProperties },
  additionalProperties: false,
} as const;

export const transitionSchema = {
  type: 'object',
  required: ['action'],
  properties: {
    action: { type: 'string', enum: [...WORKFLOW_ACTIONS] },
    note: { type: 'string', maxLength: MAX_NOTE_LENGTH, description: 'Required by return and correct.' },
    at: { type: 'string', pattern: TIME, description: 'Required by schedule: when to publish (RFC 3339).' },
  },
  additionalProperties: false,
} as const;

export const newsroomArticleSchema = {
  $id: 'NewsroomArticle',
  type: 'object',
  required: ['id', 'status', 'revision', 'publishedAt'],
  properties: {
    id: { type: 'integer' },
    status: { type: 'string', enum: [...ARTICLE_STATUSES] },
    revision: { type: 'integer' },
    publishedAt: nullableTime,
    url: { type: ['string', 'null'], description: 'On the reader site, once published.' },
    article: { $ref: 'ArticleDraft#' },
  },
} as const;

const entityType = {
  type: 'string',
  enum: [...ENTITY_TYPES],
  description: 'PER a person, ORG an organisation, LOC a place.',
} as const;

/** An entity's canonical name, in both its schemas. */
const entityName = { type: 'string', description: 'The name the newspaper uses for it.' } as const;

/** Spellings of an entity as written, in both its schemas: every one the archive has, or one article's. */
function spellings<Description extends string>(description: Description) {
  return { type: 'array', items: { type: 'string' }, description } as const;
}

export const entitySchema = {
  $id: 'Entity',
  type: 'object',
  description:
    'A person, organisation or place the published articles name, with every spelling the archive has used for it (بيني گانتز, بيني جانتس, گانتز…).',
  required: ['id', 'type', 'name', 'names', 'articleCount', 'url'],
  properties: {
    id: { type: 'integer' },
    type: entityType,
    name: entityName,
    names: spellings('Every spelling seen in the archive, as written, the name first.'),
    articleCount: { type: 'integer', description: 'Published articles that name it.' },
    url: { type: 'string', description: 'Its page on the reader site: its articles, newest first.' },
  },
} as const;

export const articleEntitySchema = {
  $id: 'ArticleEntity',
  type: 'object',
  description: 'An entity as one article names it.',
  required: ['id', 'type', 'name', 'names', 'url'],
  properties: {
    id: { type: 'integer', description: 'The entity: /entities/{id}.' },
    type: entityType,
    name: entityName,
    names: spellings('The forms this article writes it in, as written.'),
    prominent: { type: 'boolean', description: 'Named in the headline, kicker or dek.' },
    mentions: { type: 'integer', description: 'How many times the article names it.' },
    url: { type: 'string', description: 'Its page on the reader site.' },
  },
} as const;

export const entitySearchQuery = {
  type: 'object',
  required: ['q'],
  properties: {
    q: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: PLAIN,
      description:
        'A spelling of the name, as written or in another transliteration: «جانتس» finds بيني گانتز once the archive has seen that spelling.',
    },
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
  },
  additionalProperties: false,
} as const;

export const storySchema = {
  $id: 'Story',
  type: 'object',
  description: 'A story («ملف»): articles the editors group under one name, with its own page and feed.',
  required: ['id', 'slug', 'title', 'description', 'articleCount', 'url', 'feedUrl', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    slug: { type: 'string', description: 'Made from the title when the story was opened; kept when it is renamed.' },
    title: { type: 'string', examples: ['زلزال الحوز'] },
    description: { type: 'string', description: 'What the story is about; empty when the editors wrote none.' },
    articleCount: { type: 'integer', minimum: 0, description: 'Its published articles.' },
    url: { type: 'string', description: 'Its page on the reader site.' },
    feedUrl: { type: 'string', description: 'Its RSS feed (feed.atom and feed.json beside it).' },
    updatedAt: {
      type: 'string',
      format: 'date-time',
      description: 'Its last change: a rename, an article added or taken out.',
    },
  },
} as const;

export const storySlugParams = {
  type: 'object',
  required: ['slug'],
  properties: {
    slug: { type: 'string', minLength: 1, maxLength: 200, pattern: PLAIN, description: 'The story’s slug.' },
  },
  additionalProperties: false,
} as const;

/** GET /stories/:slug: a keyset page of the story's published articles. */
export const storyArticlesQuery = {
  type: 'object',
  properties: {
    cursor: { type: 'string', maxLength: 300, description: 'The `nextCursor` of the previous page.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
  additionalProperties: false,
} as const;

/** Schemas other schemas refer to by $id; added to the API's Fastify instance once. */
export const SHARED_SCHEMAS = [
  errorSchema,
  blockSchema,
  articleSummarySchema,
  articleSchema,
  articleDraftSchema,
  newsroomArticleSchema,
  entitySchema,
  articleEntitySchema,
  storySchema,
];
