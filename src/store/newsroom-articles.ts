import type { Kysely } from 'kysely';
import type { ArticleStatus, Section } from '../content/article.ts';
import { type ArticleDraft, checkDraft, DraftError } from '../content/article-draft.ts';
import { type Block, blocksToText, isBlockList } from '../content/blocks.ts';
import type { ArticleChange } from '../content/change.ts';
import { NewsroomError } from '../content/newsroom-error.ts';
import {
  checkBodyGoingOut,
  type PlannedTransition,
  planTransition,
  type WorkflowAction,
  WorkflowError,
} from '../content/workflow.ts';
import { type Actor, type ArticleOwnership, authorize, WORKFLOW_PERMISSIONS } from '../newsroom/policy.ts';
import { indexableArticle } from '../search/rebuild.ts';
import type { ArticleEvent, WebhookTopic } from '../webhooks/topics.ts';
import type { ArticleIndexing } from './article-indexing.ts';
import {
  hashOf,
  type NormalizedArticle,
  nextRevisionNumber,
  normalizeInput,
  readArticleLinks,
  setArticleListing,
  unique,
  writeArticleLinks,
} from './articles.ts';
import { MediaRepository } from './media.ts';
import { BREAKING_BANNER_TAG, enqueue, OUTBOX_TOPICS } from './outbox.ts';
import type { Database, Dialect, Timestamp } from './schema.ts';
import { toDate, toOptionalDate } from './schema.ts';
import type { TaxonomyRepository } from './taxonomy.ts';

/**
 * The newsroom's writes of an article: create a draft, save from a known revision (a stale
 * save is refused with both versions, and kept as a revision so that nothing is lost), move
 * through the workflow, list and restore revisions. Every write is one transaction that
 * checks the permission policy and the workflow, writes the article, its listings, its search
 * index entry and a revision or transition, and adds to the outbox what must follow (purging
 * the pages that show the article, publishing it at its scheduled time).
 *
 * The acting user is stored as a bare id (no foreign key until the users table exists).
 */

/** The outcome of a newsroom write. */
export interface NewsroomWrite {
  id: number;
  /** The article's revision after the write (transitions leave it as it was). */
  revision: number;
  status: ArticleStatus;
  publishedAt: Date | null;
  /** What public pages the write made stale; undefined when none (a draft's save). */
  change?: ArticleChange;
}

/** A revision as the newsroom lists it. */
export interface RevisionEntry {
  revision: number;
  /** `saved`, `conflict` (a stale save kept), `restored`, or an import's note. */
  kind: string;
  basedOn: number | null;
  userId: number | null;
  note: string | null;
  createdAt: Date;
  headline: string;
}

/** A revision with its full text. */
export interface RevisionSnapshot extends RevisionEntry {
  snapshot: NormalizedArticle;
}

export interface TransitionEntry {
  action: string;
  from: ArticleStatus;
  to: ArticleStatus;
  note: string | null;
  scheduledFor: Date | null;
  userId: number | null;
  createdAt: Date;
}

export interface Correction {
  note: string;
  createdAt: Date;
}

/** No such article; the same answer, word for word, as for one the actor may not view (ArticleHiddenError). */
export class ArticleNotFoundError extends NewsroomError {
  constructor(readonly articleId: number) {
    super('article_not_found', 'There is no such article.', 'هذا المقال غير موجود.', 404);
  }
}

export class RevisionNotFoundError extends NewsroomError {
  constructor(id: number, revision: number) {
    super(
      'revision_not_found',
      `Article ${id} has no revision ${revision}.`,
      `لا توجد نسخة رقم ${revision} من هذا المقال.`,
      404,
    );
  }
}

/**
 * Someone saved the article after the editor opened it. The editor's text is not lost: it is
 * kept as revision `keptAsRevision`; both versions are here for the editor to merge, then save
 * again from `currentRevision`.
 */
export class RevisionConflictError extends NewsroomError {
  constructor(
    readonly articleId: number,
    readonly baseRevision: number,
    readonly currentRevision: number,
    readonly current: NormalizedArticle,
    readonly attempted: NormalizedArticle,
    readonly keptAsRevision: number | null,
  ) {
    super(
      'revision_conflict',
      `Article ${articleId} was saved by someone else (revision ${currentRevision}) after you opened revision ${baseRevision}.`,
      keptAsRevision === null
        ? `عدّل شخص آخر هذا المقال بعد أن فتحته (النسخة ${currentRevision}): لم يتغير شيء، أعد فتح المقال ثم أعد المحاولة.`
        : `عدّل شخص آخر هذا المقال بعد أن فتحته (النسخة ${currentRevision}). حُفظ نصك في النسخة ${keptAsRevision}: قارن النسختين ثم احفظ من جديد.`,
      409,
    );
  }
}

/**
 * A restore of a published article is refused: it would reach readers at once. The editor
 * loads the revision's text as a change to the published article, which «تحديث المقال
 * المنشور» saves like any other.
 */
export class PublishedRestoreError extends WorkflowError {
  constructor(id: number, revision: number) {
    super(
      'restore_published',
      `Article ${id} is published: load revision ${revision} into the editor and save it as an update instead.`,
      `المقال منشور: لا تُسترجع النسخة ${revision} مباشرة. افتحها في المحرر، ثم أرسلها إلى القراء بزر «تحديث المقال المنشور».`,
      409,
    );
  }
}

/** The article row as a write reads it, locked for the rest of its transaction. */
interface LockedArticle {
  id: number;
  external_id: string | null;
  owner_user_id: number | null;
  status: string;
  revision: number;
  slug: string;
  section_id: number;
  published_at: Timestamp | null;
  breaking_until: Timestamp | null;
  headline: string;
  kicker: string | null;
  dek: string | null;
  body_text: string;
}

export class NewsroomArticleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly taxonomy: TaxonomyRepository,
    private readonly indexing?: Pick<ArticleIndexing, 'indexWithin'>,
  ) {}

  /** Who owns an article and where it stands, for the policy; undefined when there is no such article. */
  async ownership(id: number): Promise<ArticleOwnership | undefined> {
    const row = await this.db
      .selectFrom('articles')
      .select(['owner_user_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { ownerId: row.owner_user_id, status: row.status as ArticleStatus };
  }

  /**
   * A new draft owned by the actor, revision 1. With `externalId` (the admin API's
   * Idempotency-Key, say), a create whose answer was lost can be sent again: when an article
   * already has that id, it is answered as it stands and nothing is created. The id is unique
   * in the database, so two such creates at once make one article (the other fails, and its
   * retry finds the article).
   */
  async create(actor: Actor, input: ArticleDraft, options: { externalId?: string } = {}): Promise<NewsroomWrite> {
    authorize(actor, 'article.create');
    const externalId = options.externalId ?? null;
    if (externalId !== null) {
      const made = await this.db
        .selectFrom('articles')
        .select(['id', 'status', 'revision', 'published_at'])
        .where('external_id', '=', externalId)
        .executeTakeFirst();
      if (made) {
        return {
          id: made.id,
          revision: made.revision,
          status: made.status as ArticleStatus,
          publishedAt: toOptionalDate(made.published_at) ?? null,
        };
      }
    }
    const draft = await this.namingLibraryImages(checkDraft(input));
    const sections = await this.sectionsOf(draft);
    await this.checkFeaturedMedia(draft.featuredMediaId);
    return this.db.transaction().execute(async (trx) => {
      const normalized = normalizeInput({ ...draft, externalId, status: 'draft', publishedAt: null });
      const now = new Date().toISOString();
      const row = await trx
        .insertInto('articles')
        .values({
          ...contentColumns(normalized, sections[0]!),
          external_id: externalId,
          status: 'draft',
          published_at: null,
          created_at: now,
          updated_at: now,
          revision: 1,
          owner_user_id: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeArticleLinks(trx, this.taxonomy, row.id, normalized, sections);
      await trx
        .insertInto('article_revisions')
        .values({
          article_id: row.id,
          revision: 1,
          snapshot: JSON.stringify(normalized),
          note: null,
          kind: 'saved',
          based_on: null,
          user_id: actor.id,
          created_at: now,
        })
        .execute();
      // A draft is not searchable, but its entities are listed in the editor from the first save.
      await this.indexing?.indexWithin(trx, [
        {
          id: row.id,
          headline: normalized.headline,
          kicker: normalized.kicker,
          dek: normalized.dek,
          bodyText: blocksToText(normalized.body),
          sectionId: sections[0]!.id,
          publishedAt: null,
          published: false,
        },
      ]);
      return { id: row.id, revision: 1, status: 'draft' as const, publishedAt: null };
    });
  }

  /**
   * Saves the text of an article that the editor opened at `baseRevision`. When someone saved
   * it since, nothing is overwritten: the text is kept as a `conflict` revision and
   * RevisionConflictError carries both versions.
   */
  async save(actor: Actor, id: number, baseRevision: number, input: ArticleDraft): Promise<NewsroomWrite> {
    const draft = await this.namingLibraryImages(checkDraft(input));
    const sections = await this.sectionsOf(draft);
    await this.checkFeaturedMedia(draft.featuredMediaId);
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await this.lock(trx, id);
      authorize(actor, 'article.edit', ownershipOf(row));
      const normalized = normalizeInput({
        ...draft,
        externalId: row.external_id,
        status: row.status as ArticleStatus,
        publishedAt: toOptionalDate(row.published_at),
      });
      if (row.revision !== baseRevision) {
        const kept = await nextRevisionNumber(trx, id);
        await trx
          .insertInto('article_revisions')
          .values({
            article_id: id,
            revision: kept,
            snapshot: JSON.stringify(normalized),
            note: null,
            kind: 'conflict',
            based_on: baseRevision,
            user_id: actor.id,
            created_at: new Date().toISOString(),
          })
          .execute();
        const current = await this.snapshotWithin(trx, id, row.revision);
        return { conflict: new RevisionConflictError(id, baseRevision, row.revision, current, normalized, kept) };
      }
      refuseEmptyBodyOfPublic(row, normalized.body);
      return {
        write: await this.writeContent(trx, row, normalized, sections, {
          userId: actor.id,
          kind: 'saved',
          basedOn: baseRevision,
          note: null,
        }),
      };
    });
    // Thrown after the commit: the stale text is saved as a revision.
    if ('conflict' in outcome) throw outcome.conflict;
    return outcome.write;
  }

  /**
   * Saves an earlier revision's text as the newest revision; the article keeps its state. Not
   * on a published article: its readers would get the old text at once, with no look at it.
   * Its editor loads the revision instead, and saves it as any edit of a published article,
   * with «تحديث المقال المنشور» (refused here, 409 `restore_published`).
   */
  async restore(actor: Actor, id: number, revision: number, baseRevision: number): Promise<NewsroomWrite> {
    // Sections are read (and kept) before the transaction: on SQLite a read outside it would wait for it.
    await this.taxonomy.sections();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lock(trx, id);
      authorize(actor, 'article.edit', ownershipOf(row));
      const old = await this.snapshotWithin(trx, id, revision);
      if (row.status === 'published') throw new PublishedRestoreError(id, revision);
      if (row.revision !== baseRevision) {
        const current = await this.snapshotWithin(trx, id, row.revision);
        throw new RevisionConflictError(id, baseRevision, row.revision, current, old, null);
      }
      refuseEmptyBodyOfPublic(row, isBlockList(old.body) ? old.body : []);
      const sections = await this.sectionsOf(old);
      const normalized = { ...old, status: row.status as ArticleStatus, publishedAt: isoOrNull(row.published_at) };
      return this.writeContent(trx, row, normalized, sections, {
        userId: actor.id,
        kind: 'restored',
        basedOn: baseRevision,
        note: `restored:${revision}`,
      });
    });
  }

  /** Moves an article through the workflow (submit, return, schedule, publish, unpublish, correct, withdraw). */
  async transition(
    actor: Actor,
    id: number,
    request: { action: WorkflowAction; note?: string | null; at?: Date | null },
    now = new Date(),
  ): Promise<NewsroomWrite> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lock(trx, id);
      const permission = WORKFLOW_PERMISSIONS[request.action];
      if (permission) authorize(actor, permission, ownershipOf(row));
      const plan = planTransition(row.status as ArticleStatus, { ...request, now });
      if (plan.from !== 'published' && (plan.to === 'published' || plan.to === 'scheduled')) {
        checkBodyGoingOut(await this.bodyWithin(trx, id), plan.to === 'published' ? 'publish' : 'schedule');
      }
      return this.applyTransition(trx, row, plan, actor.id, now, null);
    });
  }

  /**
   * Publishes a scheduled article whose time `at` has come, inside the job loop's transaction.
   * Does nothing (returns undefined) when the article is gone, no longer scheduled, or
   * rescheduled to another time: each schedule has its own outbox message.
   */
  async publishDueWithin(
    trx: Kysely<Database>,
    id: number,
    at: Date,
    now = new Date(),
  ): Promise<NewsroomWrite | undefined> {
    const row = await this.lock(trx, id).catch((error: unknown) => {
      if (error instanceof ArticleNotFoundError) return undefined;
      throw error;
    });
    if (row?.status !== 'scheduled') return undefined;
    if (toOptionalDate(row.published_at)?.getTime() !== at.getTime()) return undefined;
    const plan: PlannedTransition = { action: 'publish', from: 'scheduled', to: 'published', note: null, at: null };
    return this.applyTransition(trx, row, plan, null, now, at);
  }

  /** Revisions newest first, with who saved them and when. */
  async revisions(actor: Actor, id: number): Promise<RevisionEntry[]> {
    await this.authorizeRead(actor, id);
    const rows = await this.db
      .selectFrom('article_revisions')
      .select(['revision', 'kind', 'based_on', 'user_id', 'note', 'created_at', 'snapshot'])
      .where('article_id', '=', id)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map((row) => {
      const { snapshot: _snapshot, ...entry } = toRevision(row);
      return entry;
    });
  }

  /** One revision with its text. */
  async revision(actor: Actor, id: number, revision: number): Promise<RevisionSnapshot> {
    await this.authorizeRead(actor, id);
    const row = await this.db
      .selectFrom('article_revisions')
      .select(['revision', 'kind', 'based_on', 'user_id', 'note', 'created_at', 'snapshot'])
      .where('article_id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (!row) throw new RevisionNotFoundError(id, revision);
    return toRevision(row);
  }

  /** The workflow steps an article went through, oldest first, with their notes. */
  async history(actor: Actor, id: number): Promise<TransitionEntry[]> {
    await this.authorizeRead(actor, id);
    const rows = await this.db
      .selectFrom('article_transitions')
      .selectAll()
      .where('article_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      action: row.action,
      from: row.from_status as ArticleStatus,
      to: row.to_status as ArticleStatus,
      note: row.note,
      scheduledFor: toOptionalDate(row.scheduled_for),
      userId: row.user_id,
      createdAt: toDate(row.created_at),
    }));
  }

  /** The public correction notes of an article, oldest first (reader pages show them). */
  async corrections(id: number): Promise<Correction[]> {
    const rows = await this.db
      .selectFrom('article_corrections')
      .select(['note', 'created_at'])
      .where('article_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ note: row.note, createdAt: toDate(row.created_at) }));
  }

  private async authorizeRead(actor: Actor, id: number): Promise<void> {
    const ownership = await this.ownership(id);
    if (!ownership) throw new ArticleNotFoundError(id);
    authorize(actor, 'article.view', ownership);
  }

  /** The article's own section, then its secondary ones (the sections are kept in memory). */
  private async sectionsOf(draft: { sectionSlug: string; secondarySectionSlugs?: string[] }): Promise<Section[]> {
    const slugs = [draft.sectionSlug, ...(draft.secondarySectionSlugs ?? [])];
    const sections: Section[] = [];
    for (const [index, slug] of slugs.entries()) {
      const section = await this.taxonomy.sectionBySlug(slug);
      if (!section) {
        throw new DraftError(
          'unknown_section',
          index === 0 ? 'sectionSlug' : 'secondarySectionSlugs',
          `There is no section "${slug}".`,
          `لا يوجد قسم «${slug}».`,
        );
      }
      if (!sections.some((s) => s.id === section.id)) sections.push(section);
    }
    return sections;
  }

  /**
   * A body image typed as the address of a library file (`/media/<hash>/<width>.jpg`, as
   * copied from the library) without its `mediaId` gets it here, where every write of the
   * newsroom and the admin API passes: readers then get the image at every width, WebP and
   * JPEG, as if it had been picked from the library. The block's own text and `src` stay as
   * written; outside images and addresses that name no library file are left alone. One
   * query, only for bodies with such an image. Read before the write's transaction (on SQLite
   * a read outside it would wait for it).
   */
  private async namingLibraryImages(draft: ArticleDraft): Promise<ArticleDraft> {
    const unnamed = (b: Block): b is Extract<Block, { type: 'image' }> =>
      b.type === 'image' && (b.mediaId ?? null) === null;
    const typed = draft.body.flatMap((b) => (unnamed(b) ? [b.src] : []));
    if (typed.length === 0) return draft;
    const found = await new MediaRepository(this.db).findByAddresses(typed);
    if (found.size === 0) return draft;
    const body = draft.body.map((block) => {
      if (!unnamed(block)) return block;
      const media = found.get(block.src);
      return media ? { ...block, mediaId: media.id } : block;
    });
    return { ...draft, body };
  }

  /** A featured image must be in the media library (the column is a foreign key). */
  private async checkFeaturedMedia(id: number | null | undefined): Promise<void> {
    if (id === null || id === undefined) return;
    const found = await this.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) {
      throw new DraftError(
        'unknown_media',
        'featuredMediaId',
        `There is no media ${id}.`,
        `لا توجد في مكتبة الصور صورة رقمها ${id}.`,
      );
    }
  }

  /**
   * Reads the article and holds it until the transaction ends. On PostgreSQL a row lock; on
   * SQLite a write comes first, so that the transaction takes the database's write lock
   * before reading (a read-then-write transaction could not commit after another process wrote).
   */
  private async lock(trx: Kysely<Database>, id: number): Promise<LockedArticle> {
    if (this.dialect === 'sqlite') {
      await trx
        .updateTable('articles')
        .set((eb) => ({ revision: eb.ref('revision') }))
        .where('id', '=', id)
        .execute();
    }
    let query = trx
      .selectFrom('articles')
      .select([
        'id',
        'external_id',
        'owner_user_id',
        'status',
        'revision',
        'slug',
        'section_id',
        'published_at',
        'breaking_until',
        'headline',
        'kicker',
        'dek',
        'body_text',
      ])
      .where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw new ArticleNotFoundError(id);
    return row;
  }

  /** The article's body as stored (the lock reads only its text). */
  private async bodyWithin(trx: Kysely<Database>, id: number): Promise<Block[]> {
    const row = await trx.selectFrom('articles').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    const body: unknown = JSON.parse(row.body);
    return isBlockList(body) ? body : [];
  }

  private async snapshotWithin(trx: Kysely<Database>, id: number, revision: number): Promise<NormalizedArticle> {
    const row = await trx
      .selectFrom('article_revisions')
      .select('snapshot')
      .where('article_id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (!row) throw new RevisionNotFoundError(id, revision);
    return JSON.parse(row.snapshot) as NormalizedArticle;
  }

  /** Writes new text as the next revision: row, bylines, tags, revision, search entry, outbox. */
  private async writeContent(
    trx: Kysely<Database>,
    row: LockedArticle,
    normalized: NormalizedArticle,
    sections: readonly Section[],
    revisionRow: { userId: number | null; kind: string; basedOn: number; note: string | null },
  ): Promise<NewsroomWrite> {
    const id = row.id;
    const section = sections[0]!;
    const revision = await nextRevisionNumber(trx, id);
    const before = await readArticleLinks(trx, id);
    const now = new Date().toISOString();
    const columns = contentColumns(normalized, section);
    await trx
      .updateTable('articles')
      .set({ ...columns, updated_at: now, revision })
      .where('id', '=', id)
      .execute();
    const after = await writeArticleLinks(trx, this.taxonomy, id, normalized, sections);
    await trx
      .insertInto('article_revisions')
      .values({
        article_id: id,
        revision,
        snapshot: JSON.stringify(normalized),
        note: revisionRow.note,
        kind: revisionRow.kind,
        based_on: revisionRow.basedOn,
        user_id: revisionRow.userId,
        created_at: now,
      })
      .execute();
    const status = row.status as ArticleStatus;
    const publishedAt = toOptionalDate(row.published_at);
    await this.indexing?.indexWithin(trx, [
      {
        id,
        headline: normalized.headline,
        kicker: normalized.kicker,
        dek: normalized.dek,
        bodyText: columns.body_text,
        sectionId: section.id,
        publishedAt,
        published: status === 'published',
      },
    ]);
    const write: NewsroomWrite = { id, revision, status, publishedAt };
    if (status === 'published') {
      write.change = {
        articleId: id,
        sectionIds: unique([row.section_id, ...before.sectionIds, ...after.sectionIds]),
        authorIds: unique([...before.authorIds, ...after.authorIds]),
        tagIds: unique([...before.tagIds, ...after.tagIds]),
        publishedAt: publishedAt ? [publishedAt] : [],
      };
      await enqueueChange(trx, write.change);
      await purgeBannerIfBreaking(trx, row, new Date(now));
      await enqueueEvent(trx, 'article.updated', {
        articleId: id,
        headline: normalized.headline,
        slug: normalized.slug,
        publishedAt: publishedAt?.toISOString() ?? null,
        revision,
        occurredAt: now,
      });
    }
    return write;
  }

  /**
   * Applies a planned transition: state and publication time, listings, search entry, the
   * transition (and correction) record, and the outbox: pages to purge when the article is or
   * was public, the publication job when it is scheduled.
   */
  private async applyTransition(
    trx: Kysely<Database>,
    row: LockedArticle,
    plan: PlannedTransition,
    userId: number | null,
    now: Date,
    dueAt: Date | null,
  ): Promise<NewsroomWrite> {
    const id = row.id;
    const wasPublishedAt = toOptionalDate(row.published_at);
    const publishedAt = publicationTime(plan, wasPublishedAt, now, dueAt);
    const nowIso = now.toISOString();
    await trx
      .updateTable('articles')
      .set({ status: plan.to, published_at: publishedAt?.toISOString() ?? null, updated_at: nowIso })
      .where('id', '=', id)
      .execute();

    const listing = { listed: plan.to === 'published' ? 1 : 0, published_at: publishedAt?.toISOString() ?? null };
    await setArticleListing(trx, id, listing);
    if (plan.from !== plan.to || wasPublishedAt?.getTime() !== publishedAt?.getTime()) {
      // The row was read before the transition: its publication is the plan's.
      await this.indexing?.indexWithin(trx, [
        { ...indexableArticle(row), publishedAt, published: plan.to === 'published' },
      ]);
    }

    await trx
      .insertInto('article_transitions')
      .values({
        article_id: id,
        action: plan.action,
        from_status: plan.from,
        to_status: plan.to,
        note: plan.note,
        scheduled_for: plan.at?.toISOString() ?? null,
        user_id: userId,
        created_at: nowIso,
      })
      .execute();
    if (plan.action === 'correct' && plan.note) {
      await trx
        .insertInto('article_corrections')
        .values({ article_id: id, note: plan.note, user_id: userId, created_at: nowIso })
        .execute();
    }
    if (plan.to === 'scheduled' && publishedAt) {
      await enqueue(trx, {
        topic: OUTBOX_TOPICS.publishDue,
        articleId: id,
        payload: { articleId: id, at: publishedAt.toISOString() },
        availableAt: publishedAt,
      });
    }

    const write: NewsroomWrite = { id, revision: row.revision, status: plan.to, publishedAt };
    if (plan.from === 'published' || plan.to === 'published') {
      const { sectionIds, authorIds, tagIds } = await readArticleLinks(trx, id);
      write.change = {
        articleId: id,
        sectionIds: unique([row.section_id, ...sectionIds]),
        authorIds,
        tagIds,
        publishedAt: [wasPublishedAt, publishedAt].filter((d): d is Date => d !== null),
      };
      await enqueueChange(trx, write.change);
      await purgeBannerIfBreaking(trx, row, now);
      const event: WebhookTopic | undefined =
        plan.action === 'correct'
          ? 'article.corrected'
          : plan.from !== 'published'
            ? 'article.published'
            : plan.to !== 'published'
              ? 'article.unpublished'
              : undefined;
      if (event) {
        await enqueueEvent(trx, event, {
          articleId: id,
          headline: row.headline,
          slug: row.slug,
          publishedAt: publishedAt?.toISOString() ?? null,
          revision: row.revision,
          ...(plan.action === 'correct' && plan.note ? { correction: plan.note } : {}),
          occurredAt: nowIso,
        });
      }
    }
    return write;
  }
}

/** The text of a published or scheduled article is not replaced by an empty body (readers would get an empty page). */
function refuseEmptyBodyOfPublic(row: LockedArticle, body: readonly Block[]): void {
  if (row.status === 'published') checkBodyGoingOut(body, 'update_published');
  if (row.status === 'scheduled') checkBodyGoingOut(body, 'update_scheduled');
}

/** A breaking article is in the banner of every page: its change purges every page with the banner. */
async function purgeBannerIfBreaking(trx: Kysely<Database>, row: LockedArticle, now: Date): Promise<void> {
  const until = toOptionalDate(row.breaking_until);
  if (!until || until.getTime() <= now.getTime()) return;
  await enqueue(trx, { topic: OUTBOX_TOPICS.pagesPurge, articleId: row.id, payload: { tags: [BREAKING_BANNER_TAG] } });
}

/**
 * When the article is (or would be) published after a transition: a schedule's time; a
 * scheduled article's own time when the job publishes it, now when someone publishes it early;
 * the first publication time when an article comes back; nothing once a schedule is dropped.
 */
function publicationTime(plan: PlannedTransition, was: Date | null, now: Date, dueAt: Date | null): Date | null {
  if (plan.to === 'scheduled') return plan.at;
  if (plan.action === 'correct') return was;
  if (plan.to === 'published') return plan.from === 'scheduled' ? (dueAt ?? now) : (was ?? now);
  return plan.from === 'scheduled' ? null : was;
}

async function enqueueChange(trx: Kysely<Database>, change: ArticleChange): Promise<void> {
  await enqueue(trx, {
    topic: OUTBOX_TOPICS.articleChanged,
    articleId: change.articleId,
    payload: { ...change, publishedAt: change.publishedAt.map((d) => d.toISOString()) },
  });
}

/** An article's public event, for webhooks (the job loop turns it into deliveries). */
async function enqueueEvent(trx: Kysely<Database>, topic: WebhookTopic, event: ArticleEvent): Promise<void> {
  await enqueue(trx, { topic, articleId: event.articleId, payload: event });
}

/** The columns a save writes. */
function contentColumns(normalized: NormalizedArticle, section: Section) {
  return {
    slug: normalized.slug,
    headline: normalized.headline,
    kicker: normalized.kicker,
    dek: normalized.dek,
    body: JSON.stringify(normalized.body),
    body_text: blocksToText(normalized.body),
    language: normalized.language,
    section_id: section.id,
    dateline: normalized.dateline,
    source_url: normalized.sourceUrl,
    content_hash: hashOf(normalized),
    featured_media_id: normalized.featuredMediaId ?? null,
    featured_alt: normalized.featuredAlt ?? null,
    featured_caption: normalized.featuredCaption ?? null,
    featured_credit: normalized.featuredCredit ?? null,
    seo_title: normalized.seoTitle ?? null,
    seo_description: normalized.seoDescription ?? null,
  };
}

function ownershipOf(row: LockedArticle): ArticleOwnership {
  return { ownerId: row.owner_user_id, status: row.status as ArticleStatus };
}

function isoOrNull(value: Timestamp | null): string | null {
  return toOptionalDate(value)?.toISOString() ?? null;
}

function toRevision(row: {
  revision: number;
  kind: string;
  based_on: number | null;
  user_id: number | null;
  note: string | null;
  created_at: Timestamp;
  snapshot: string;
}): RevisionSnapshot {
  const snapshot = JSON.parse(row.snapshot) as NormalizedArticle;
  return {
    revision: row.revision,
    kind: row.kind,
    basedOn: row.based_on,
    userId: row.user_id,
    note: row.note,
    createdAt: toDate(row.created_at),
    headline: snapshot.headline,
    snapshot,
  };
}
