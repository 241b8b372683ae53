import { createHash } from 'node:crypto';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { slugify } from '../arabic/slug.ts';
import type { Article, ArticleInput, ArticleSummary, AuthorKind, Byline, Media, Tag } from '../content/article.ts';
import { blocksToText, isBlockList } from '../content/blocks.ts';
import type { ArticleChange } from '../content/change.ts';
import type { Database, Dialect } from './schema.ts';
import { toDate, toOptionalDate } from './schema.ts';
import type { TaxonomyRepository } from './taxonomy.ts';

/** Filters of a reader list. Only published articles are listed. */
export interface ArticleListQuery {
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  /** Inclusive lower and exclusive upper bound of `publishedAt`. */
  from?: Date;
  to?: Date;
  excludeIds?: readonly number[];
  limit: number;
  offset?: number;
}

export type UpsertOutcome = 'imported' | 'updated' | 'unchanged';

export interface UpsertResult {
  id: number;
  outcome: UpsertOutcome;
  /** What the write changed, for purging pages; `undefined` when nothing changed. */
  change?: ArticleChange;
}

/** What lists read of an article. */
const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.headline',
  'articles.kicker',
  'articles.dek',
  'articles.section_id',
  'articles.published_at',
] as const;

type SummaryRow = {
  id: number;
  slug: string;
  headline: string;
  kicker: string | null;
  dek: string | null;
  section_id: number;
  published_at: string | Date | null;
};

function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    kicker: row.kicker,
    dek: row.dek,
    sectionId: row.section_id,
    publishedAt: toOptionalDate(row.published_at),
  };
}

export class ArticleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly taxonomy: TaxonomyRepository,
  ) {}

  /** One article with its section, bylines, tags and featured image. */
  async findById(id: number, options: { publishedOnly: boolean }): Promise<Article | undefined> {
    let query = this.db.selectFrom('articles').selectAll().where('id', '=', id);
    if (options.publishedOnly) query = query.where('status', '=', 'published');
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const [section, bylines, tags, featuredImage] = await Promise.all([
      this.taxonomy.sectionById(row.section_id),
      this.bylinesOf(row.id),
      this.tagsOf(row.id),
      row.featured_media_id === null ? null : this.mediaById(row.featured_media_id),
    ]);
    if (!section) throw new Error(`Article ${row.id} points to section ${row.section_id}, which does not exist.`);
    const body: unknown = JSON.parse(row.body);
    return {
      id: row.id,
      externalId: row.external_id,
      slug: row.slug,
      headline: row.headline,
      kicker: row.kicker,
      dek: row.dek,
      body: isBlockList(body) ? body : [],
      bodyText: row.body_text,
      language: row.language,
      status: row.status as Article['status'],
      section,
      publishedAt: toOptionalDate(row.published_at),
      updatedAt: toDate(row.updated_at),
      dateline: row.dateline,
      featuredImage: featuredImage ?? null,
      sourceUrl: row.source_url,
      revision: row.revision,
      bylines,
      tags,
    };
  }

  async findIdByExternalId(externalId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('articles')
      .select('id')
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row?.id;
  }

  /** Published articles, newest first (undated ones last), with the total for pagination. */
  async listPublished(query: ArticleListQuery): Promise<{ items: ArticleSummary[]; total: number }> {
    const [items, total] = await Promise.all([this.listPublishedPage(query), this.countPublished(query)]);
    return { items, total };
  }

  async listPublishedPage(query: ArticleListQuery): Promise<ArticleSummary[]> {
    const { table, base } = this.listing(query);
    const rows = await base
      .select(SUMMARY_COLUMNS)
      .orderBy(this.newestFirst(`${table}.published_at`))
      .orderBy(sql.ref(`${table}.${table === 'articles' ? 'id' : 'article_id'}`), 'desc')
      .limit(query.limit)
      .offset(query.offset ?? 0)
      .execute();
    return rows.map(toSummary);
  }

  async countPublished(query: Omit<ArticleListQuery, 'limit' | 'offset'>): Promise<number> {
    const row = await this.listing(query)
      .base.select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * The rows a list reads, driven by the narrowest index: a tag's or an author's listing rows
   * (copies of the article's state kept in article_tags and article_bylines), or the articles.
   */
  private listing(query: Omit<ArticleListQuery, 'limit' | 'offset'>) {
    const table =
      query.tagId !== undefined ? 'article_tags' : query.authorId !== undefined ? 'article_bylines' : 'articles';
    // Every branch reads `articles`; the listing table is reached only through sql.ref below,
    // so the three builders can share one type.
    let base = (query.tagId !== undefined
      ? this.db
          .selectFrom('article_tags')
          .innerJoin('articles', 'articles.id', 'article_tags.article_id')
          .where('article_tags.tag_id', '=', query.tagId)
          .where('article_tags.listed', '=', 1)
      : query.authorId !== undefined
        ? this.db
            .selectFrom('article_bylines')
            .innerJoin('articles', 'articles.id', 'article_bylines.article_id')
            .where('article_bylines.author_id', '=', query.authorId)
            .where('article_bylines.listed', '=', 1)
        : this.db.selectFrom('articles').where('articles.status', '=', 'published')) as unknown as SelectQueryBuilder<
      Database,
      'articles',
      object
    >;
    const publishedAt = sql.ref(`${table}.published_at`);
    if (query.sectionId !== undefined) base = base.where('articles.section_id', '=', query.sectionId);
    if (query.from) base = base.where(publishedAt, '>=', query.from.toISOString());
    if (query.to) base = base.where(publishedAt, '<', query.to.toISOString());
    if (query.excludeIds && query.excludeIds.length > 0)
      base = base.where('articles.id', 'not in', [...query.excludeIds]);
    return { table, base };
  }

  /** Newest first, undated last: SQLite puts nulls last in descending order already, and only then uses its index. */
  private newestFirst(column: string) {
    return this.dialect === 'sqlite' ? sql`${sql.ref(column)} desc` : sql`${sql.ref(column)} desc nulls last`;
  }

  /** The articles the home page pins, in order; published ones only. */
  async pinnedOnHome(): Promise<ArticleSummary[]> {
    const rows = await this.db
      .selectFrom('home_pins')
      .innerJoin('articles', 'articles.id', 'home_pins.article_id')
      .select(SUMMARY_COLUMNS)
      .where('articles.status', '=', 'published')
      .orderBy('home_pins.position')
      .execute();
    return rows.map(toSummary);
  }

  /** Puts an article at `position` among the home page's pinned stories. */
  async pinOnHome(articleId: number, position: number): Promise<void> {
    await this.db
      .insertInto('home_pins')
      .values({ article_id: articleId, position })
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ position }))
      .execute();
  }

  async countAll(): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async bylinesOf(articleId: number): Promise<Byline[]> {
    const rows = await this.db
      .selectFrom('article_bylines')
      .innerJoin('authors', 'authors.id', 'article_bylines.author_id')
      .select(['authors.id', 'authors.slug', 'authors.name', 'authors.kind', 'authors.bio', 'article_bylines.role'])
      .where('article_bylines.article_id', '=', articleId)
      .orderBy('article_bylines.position')
      .execute();
    return rows.map(({ role, ...author }) => ({ author: { ...author, kind: author.kind as AuthorKind }, role }));
  }

  async tagsOf(articleId: number): Promise<Tag[]> {
    return this.db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', '=', articleId)
      .orderBy('article_tags.position')
      .execute();
  }

  private async mediaById(id: number): Promise<Media | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        hash: row.hash,
        path: row.path,
        mimeType: row.mime_type,
        width: row.width,
        height: row.height,
        bytes: row.bytes,
        alt: row.alt,
        caption: row.caption,
        credit: row.credit,
      }
    );
  }

  /**
   * Writes an article keyed by its external id in one transaction (row, bylines, tags and
   * a revision): a new record is imported, a changed one updated with a new revision, an
   * identical one left alone. Running the same import twice changes nothing.
   */
  async upsertByExternalId(input: ArticleInput & { externalId: string }): Promise<UpsertResult> {
    const section = await this.taxonomy.sectionBySlug(input.sectionSlug);
    if (!section) throw new Error(`Unknown section "${input.sectionSlug}".`);
    const normalized = normalizeInput(input);
    const contentHash = hashOf(normalized);

    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('articles')
        .select(['id', 'content_hash', 'revision', 'section_id', 'published_at'])
        .where('external_id', '=', input.externalId)
        .executeTakeFirst();
      if (existing && existing.content_hash === contentHash) {
        return { id: existing.id, outcome: 'unchanged' as const };
      }

      const now = new Date().toISOString();
      const values = {
        external_id: input.externalId,
        slug: normalized.slug,
        headline: normalized.headline,
        kicker: normalized.kicker,
        dek: normalized.dek,
        body: JSON.stringify(normalized.body),
        body_text: blocksToText(normalized.body),
        language: normalized.language,
        status: normalized.status,
        section_id: section.id,
        published_at: normalized.publishedAt,
        updated_at: now,
        dateline: normalized.dateline,
        source_url: normalized.sourceUrl,
        content_hash: contentHash,
      };

      let id: number;
      let revision: number;
      const before = {
        sectionIds: [] as number[],
        authorIds: [] as number[],
        tagIds: [] as number[],
        publishedAt: [] as Date[],
      };
      if (existing) {
        id = existing.id;
        revision = existing.revision + 1;
        before.sectionIds.push(existing.section_id);
        const publishedBefore = toOptionalDate(existing.published_at);
        if (publishedBefore) before.publishedAt.push(publishedBefore);
        before.authorIds = (
          await trx.selectFrom('article_bylines').select('author_id').where('article_id', '=', id).execute()
        ).map((r) => r.author_id);
        before.tagIds = (
          await trx.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute()
        ).map((r) => r.tag_id);
        await trx
          .updateTable('articles')
          .set({ ...values, revision })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('article_bylines').where('article_id', '=', id).execute();
        await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
      } else {
        revision = 1;
        const row = await trx
          .insertInto('articles')
          .values({ ...values, created_at: now, revision })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = row.id;
      }

      // Tag and author pages list from these rows: they carry the article's listing state.
      const listing = { listed: normalized.status === 'published' ? 1 : 0, published_at: normalized.publishedAt };
      const authorIds: number[] = [];
      for (const [position, byline] of normalized.bylines.entries()) {
        const authorId = await this.taxonomy.findOrCreateAuthor(trx, byline.name, byline.kind);
        if (authorIds.includes(authorId)) continue;
        authorIds.push(authorId);
        await trx
          .insertInto('article_bylines')
          .values({ article_id: id, position, author_id: authorId, role: byline.role, ...listing })
          .execute();
      }
      const tagIds: number[] = [];
      for (const name of normalized.tags) {
        const tagId = await this.taxonomy.findOrCreateTag(trx, name);
        if (tagIds.includes(tagId)) continue;
        tagIds.push(tagId);
        await trx
          .insertInto('article_tags')
          .values({ article_id: id, tag_id: tagId, position: tagIds.length, ...listing })
          .execute();
      }
      await trx
        .insertInto('article_revisions')
        .values({
          article_id: id,
          revision,
          snapshot: JSON.stringify(normalized),
          note: existing ? 'import: updated' : 'import: created',
          created_at: now,
        })
        .execute();

      const publishedAt = normalized.publishedAt ? [new Date(normalized.publishedAt)] : [];
      const change: ArticleChange = {
        articleId: id,
        sectionIds: unique([...before.sectionIds, section.id]),
        authorIds: unique([...before.authorIds, ...authorIds]),
        tagIds: unique([...before.tagIds, ...tagIds]),
        publishedAt: [...before.publishedAt, ...publishedAt],
      };
      return { id, outcome: existing ? ('updated' as const) : ('imported' as const), change };
    });
  }
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}

/** The input with defaults filled in and text trimmed: what is hashed, stored and snapshotted. */
function normalizeInput(input: ArticleInput) {
  const headline = input.headline.trim();
  return {
    slug: (input.slug && slugify(input.slug)) || slugify(headline) || 'مقال',
    headline,
    kicker: input.kicker?.trim() || null,
    dek: input.dek?.trim() || null,
    body: input.body,
    language: input.language ?? 'ar',
    status: input.status,
    sectionSlug: input.sectionSlug,
    publishedAt: input.publishedAt ? input.publishedAt.toISOString() : null,
    dateline: input.dateline?.trim() || null,
    sourceUrl: input.sourceUrl?.trim() || null,
    bylines: input.bylines.map((b) => ({ name: b.name.trim(), kind: b.kind, role: b.role?.trim() || null })),
    tags: (input.tags ?? []).map((t) => t.trim()).filter(Boolean),
  };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
