import { type Kysely, sql } from 'kysely';
import { ADDRESS_MEMORY_DAYS } from '../comments/address-hash.ts';
import {
  COMMENT_LIMITS,
  type CommentFacts,
  firstVerdict,
  type HeldReason,
  heldByReports,
  textKey,
} from '../comments/checks.ts';
import {
  COMMENT_MODES,
  type CommentMode,
  type CommentStatus,
  commentErrors,
  DEFAULT_COMMENT_MODE,
  type ModerationAction,
  type ModerationLogEntry,
  type PublicComment,
  type QueuedComment,
} from '../comments/comment.ts';
import { type Actor, authorize } from '../newsroom/policy.ts';
import { cacheTags } from '../web/cache-tags.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import { preparedQuery } from './prepared-query.ts';
import { type Database, type Dialect, toDate } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** What a reader's form sends, with the keyed hash of their address (never the address). */
export interface CommentSubmission {
  articleId: number;
  parentId?: number | undefined;
  name: string;
  email: string;
  body: string;
  addressHash: string;
}

export interface QueueFilter {
  status: CommentStatus;
  reason?: HeldReason | undefined;
  articleId?: number | undefined;
  order: 'newest' | 'oldest';
  limit: number;
  offset: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ADDRESS_MEMORY_MS = ADDRESS_MEMORY_DAYS * 24 * HOUR;

/**
 * Readers' comments (migration 022, src/comments/): a reader's comment goes through the checks
 * (comments/checks.ts) with what this store knows of its address, and is stored approved,
 * pending with the reason it was held, or as spam. Editors decide in the queue (every decision
 * asks the policy, `comments.moderate`, and is logged). Whenever what readers see changes (a
 * comment approved, or taken off), the article's page is purged through the outbox in the
 * same transaction. Address hashes are forgotten after 30 days, pruned on each write.
 */
export class CommentRepository {
  /** Every uncached article page asks: built and compiled once, then only bound. */
  private readonly approvedOf;
  private readonly threadsOf;
  private readonly countsOf;
  /** Every article page reads its mode: built and compiled once. */
  private readonly modeOf;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.approvedOf = preparedQuery(
      db,
      (articleId: number) =>
        db
          .selectFrom('comments')
          .select(['id', 'parent_id', 'author_name', 'body', 'created_at'])
          .where('article_id', '=', articleId)
          .where('status', '=', 'approved')
          .orderBy('id'),
      1,
    );
    // A page of threads: `limit` top-level comments, newest first from `offset`, and their
    // approved replies, all oldest first (the index on article_id, status, id serves both).
    this.threadsOf = preparedQuery(
      db,
      (articleId: number, limit: number, offset: number) =>
        db
          .selectFrom('comments')
          .select(['id', 'parent_id', 'author_name', 'body', 'created_at'])
          .where('article_id', '=', articleId)
          .where('status', '=', 'approved')
          .where(
            (eb) => eb.fn.coalesce('parent_id', 'id'),
            'in',
            db
              .selectFrom('comments as top')
              .select('top.id')
              .where('top.article_id', '=', articleId)
              .where('top.status', '=', 'approved')
              .where('top.parent_id', 'is', null)
              .orderBy('top.id', 'desc')
              .limit(limit)
              .offset(offset),
          )
          .orderBy('id'),
      3,
    );
    this.countsOf = preparedQuery(
      db,
      (articleId: number) =>
        db
          .selectFrom('comments')
          .select((eb) => [
            eb.fn.countAll<number | string>().as('total'),
            eb.fn.sum<number | string | null>(sql`case when parent_id is null then 1 else 0 end`).as('threads'),
          ])
          .where('article_id', '=', articleId)
          .where('status', '=', 'approved'),
      1,
    );
    this.modeOf = preparedQuery(
      db,
      (articleId: number) => db.selectFrom('comment_settings').select('mode').where('article_id', '=', articleId),
      1,
    );
  }

  /** The article's comment mode (pre-moderated unless an editor set another). */
  async mode(articleId: number): Promise<CommentMode> {
    const [row] = await this.modeOf(articleId);
    return toMode(row?.mode);
  }

  async setMode(actor: Actor, articleId: number, mode: CommentMode, now = new Date()): Promise<void> {
    authorize(actor, 'comments.moderate');
    await writeTransaction(this.db, this.dialect, async (trx) => {
      const article = await trx.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst();
      if (!article) throw commentErrors.articleNotFound();
      const at = now.toISOString();
      await trx
        .insertInto('comment_settings')
        .values({ article_id: articleId, mode, updated_by: actor.id, updated_at: at })
        .onConflict((c) => c.column('article_id').doUpdateSet({ mode, updated_by: actor.id, updated_at: at }))
        .execute();
      await log(trx, { action: 'mode', detail: mode, commentId: null, articleId, userId: actor.id, at });
      await purgeArticles(trx, [articleId]);
    });
  }

  /**
   * A reader's comment: checked, then stored with its verdict. Throws a CommentError for a
   * refusal (nothing stored), an article that is not published or whose comments are closed,
   * and a reply to a comment that is not shown. A reply to a reply answers its parent (once nested).
   */
  async submit(
    input: CommentSubmission,
    now = new Date(),
  ): Promise<{ id: number; status: CommentStatus; heldReason: HeldReason | null }> {
    return writeTransaction(this.db, this.dialect, async (trx) => {
      await this.forgetOldAddresses(trx, now);
      const article = await trx
        .selectFrom('articles')
        .select('id')
        .where('id', '=', input.articleId)
        .where('status', '=', 'published')
        .executeTakeFirst();
      if (!article) throw commentErrors.articleNotFound();
      const mode = toMode(
        (
          await trx
            .selectFrom('comment_settings')
            .select('mode')
            .where('article_id', '=', input.articleId)
            .executeTakeFirst()
        )?.mode,
      );
      if (mode === 'closed') throw commentErrors.closed();

      const verdict = firstVerdict(await this.facts(trx, input, now));
      if (verdict?.kind === 'refuse') throw commentErrors.refused(verdict.code, verdict.messageAr, verdict.status);

      let parentId: number | null = null;
      if (input.parentId !== undefined) {
        const parent = await trx
          .selectFrom('comments')
          .select(['id', 'parent_id'])
          .where('id', '=', input.parentId)
          .where('article_id', '=', input.articleId)
          .where('status', '=', 'approved')
          .executeTakeFirst();
        if (!parent) throw commentErrors.parentGone();
        parentId = parent.parent_id ?? parent.id;
      }

      let status: CommentStatus;
      let heldReason: HeldReason | null = null;
      let heldDetail: string | null = null;
      if (verdict?.kind === 'spam') {
        status = 'spam';
        heldReason = verdict.reason;
      } else if (verdict?.kind === 'hold') {
        status = 'pending';
        heldReason = verdict.reason;
        heldDetail = verdict.detail ?? null;
      } else {
        status = mode === 'post' ? 'approved' : 'pending';
        if (mode === 'pre') heldReason = 'pre_moderation';
      }
      const at = now.toISOString();
      const row = await trx
        .insertInto('comments')
        .values({
          article_id: input.articleId,
          parent_id: parentId,
          author_name: input.name.trim(),
          email: input.email.trim() || null,
          body: input.body.replace(/\r\n?/g, '\n').trim(),
          status,
          held_reason: heldReason,
          held_detail: heldDetail,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('comment_addresses')
        .values({ comment_id: row.id, address_hash: input.addressHash, created_at: at })
        .execute();
      if (status === 'approved') await purgeArticles(trx, [input.articleId]);
      return { id: row.id, status, heldReason };
    });
  }

  /** An article's approved comments, oldest first (the page threads replies under their parent). */
  async approved(articleId: number): Promise<PublicComment[]> {
    return (await this.approvedOf(articleId)).map(toPublic);
  }

  /**
   * A page of an article's approved comments as readers page them: `perPage` threads (a
   * top-level comment and its replies), the newest threads on page 1 and older ones after,
   * each page oldest first; with how many approved comments the article has in all, and how
   * many threads (its pages). The article page shows page 1; /article/…/comments?page=N the rest.
   */
  async approvedPage(
    articleId: number,
    page: number,
    perPage: number,
  ): Promise<{ comments: PublicComment[]; total: number; threads: number }> {
    const [rows, counts] = await Promise.all([
      this.threadsOf(articleId, perPage, (page - 1) * perPage),
      this.countsOf(articleId),
    ]);
    return {
      comments: rows.map(toPublic),
      total: Number(counts[0]?.total ?? 0),
      threads: Number(counts[0]?.threads ?? 0),
    };
  }

  /** One approved comment of the article (the one a reader answers, wherever its page is). */
  async approvedOne(articleId: number, commentId: number): Promise<PublicComment | undefined> {
    const row = await this.db
      .selectFrom('comments')
      .select(['id', 'parent_id', 'author_name', 'body', 'created_at'])
      .where('id', '=', commentId)
      .where('article_id', '=', articleId)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return row && toPublic(row);
  }

  /** A keyset page of the approved comments, oldest first, after `afterId` (the API). */
  async approvedAfter(articleId: number, afterId: number, limit: number): Promise<PublicComment[]> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['id', 'parent_id', 'author_name', 'body', 'created_at'])
      .where('article_id', '=', articleId)
      .where('status', '=', 'approved')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toPublic);
  }

  async countApproved(articleId: number): Promise<number> {
    const row = await this.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('article_id', '=', articleId)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The moderation queue: one state, filtered by held reason and article, newest or oldest first. */
  async queue(actor: Actor, filter: QueueFilter): Promise<{ items: QueuedComment[]; total: number }> {
    authorize(actor, 'comments.moderate');
    let query = this.db
      .selectFrom('comments')
      .innerJoin('articles', 'articles.id', 'comments.article_id')
      .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
      .where('comments.status', '=', filter.status);
    if (filter.reason) query = query.where('comments.held_reason', '=', filter.reason);
    if (filter.articleId) query = query.where('comments.article_id', '=', filter.articleId);
    const total = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const rows = await query
      .select([
        'comments.id',
        'comments.parent_id',
        'comments.author_name',
        'comments.body',
        'comments.created_at',
        'comments.article_id',
        'articles.headline',
        'comments.status',
        'comments.held_reason',
        'comments.held_detail',
        'comments.report_count',
        'parent.body as parent_body',
      ])
      .orderBy('comments.id', filter.order === 'newest' ? 'desc' : 'asc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return {
      total: Number(total?.n ?? 0),
      items: rows.map((row) => ({
        ...toPublic(row),
        articleId: row.article_id,
        articleHeadline: row.headline,
        status: row.status as CommentStatus,
        heldReason: row.held_reason as HeldReason | null,
        heldDetail: row.held_detail,
        reportCount: Number(row.report_count),
        parentBody: row.parent_body,
      })),
    };
  }

  /** How many comments wait, per held reason: the queue's filters. */
  async pendingByReason(actor: Actor): Promise<Map<string, number>> {
    authorize(actor, 'comments.moderate');
    const rows = await this.db
      .selectFrom('comments')
      .select(['held_reason', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('status', '=', 'pending')
      .groupBy('held_reason')
      .execute();
    return new Map(rows.map((row) => [row.held_reason ?? '', Number(row.n)]));
  }

  /**
   * An editor's decision on some comments, in one transaction: each changes state and is
   * logged; `ban` also marks it spam and bans its address hash (while it is remembered). The
   * pages of the articles whose shown comments changed are purged through the outbox.
   * Returns the articles purged.
   */
  async decide(
    actor: Actor,
    commentIds: readonly number[],
    action: ModerationAction,
    now = new Date(),
  ): Promise<{ decided: number; articleIds: number[] }> {
    authorize(actor, 'comments.moderate');
    if (commentIds.length === 0) return { decided: 0, articleIds: [] };
    const status: CommentStatus = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'spam';
    return writeTransaction(this.db, this.dialect, async (trx) => {
      const rows = await trx
        .selectFrom('comments')
        .leftJoin('comment_addresses', 'comment_addresses.comment_id', 'comments.id')
        .select(['comments.id', 'comments.article_id', 'comments.status', 'comment_addresses.address_hash'])
        .where('comments.id', 'in', [...commentIds])
        .execute();
      const at = now.toISOString();
      const purged = new Set<number>();
      for (const row of rows) {
        if (row.status === status && action !== 'ban') continue;
        await trx
          .updateTable('comments')
          .set({ status, decided_at: at, decided_by: actor.id })
          .where('id', '=', row.id)
          .execute();
        if (action === 'ban' && row.address_hash) {
          await trx
            .insertInto('comment_bans')
            .values({ address_hash: row.address_hash, banned_by: actor.id, created_at: at })
            .onConflict((c) => c.column('address_hash').doNothing())
            .execute();
        }
        await log(trx, { action, detail: null, commentId: row.id, articleId: row.article_id, userId: actor.id, at });
        if (row.status === 'approved' || status === 'approved') purged.add(row.article_id);
      }
      await purgeArticles(trx, [...purged]);
      return { decided: rows.length, articleIds: [...purged] };
    });
  }

  /**
   * A reader's «إبلاغ»: once per address and comment. An approved comment reported by enough
   * addresses goes back to the queue (its page purged). Returns whether it was taken off.
   */
  async report(
    articleId: number,
    commentId: number,
    addressHash: string,
    now = new Date(),
  ): Promise<{ held: boolean }> {
    return writeTransaction(this.db, this.dialect, async (trx) => {
      const comment = await trx
        .selectFrom('comments')
        .select(['id', 'status'])
        .where('id', '=', commentId)
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      if (!comment) throw commentErrors.commentNotFound();
      const already = await trx
        .selectFrom('comment_reports')
        .select('id')
        .where('comment_id', '=', commentId)
        .where('address_hash', '=', addressHash)
        .executeTakeFirst();
      if (already) return { held: false };
      await trx
        .insertInto('comment_reports')
        .values({ comment_id: commentId, address_hash: addressHash, created_at: now.toISOString() })
        .execute();
      const updated = await trx
        .updateTable('comments')
        .set((eb) => ({ report_count: eb('report_count', '+', 1) }))
        .where('id', '=', commentId)
        .returning('report_count')
        .executeTakeFirstOrThrow();
      if (!heldByReports(Number(updated.report_count))) return { held: false };
      await trx
        .updateTable('comments')
        .set({ status: 'pending', held_reason: 'reported', held_detail: null })
        .where('id', '=', commentId)
        .execute();
      await purgeArticles(trx, [articleId]);
      return { held: true };
    });
  }

  /** The moderation log, newest first. */
  async log(actor: Actor, limit: number): Promise<ModerationLogEntry[]> {
    authorize(actor, 'comments.moderate');
    const rows = await this.db
      .selectFrom('comment_moderation_log')
      .leftJoin('users', 'users.id', 'comment_moderation_log.user_id')
      .select([
        'comment_moderation_log.id',
        'comment_moderation_log.action',
        'comment_moderation_log.detail',
        'comment_moderation_log.comment_id',
        'comment_moderation_log.article_id',
        'comment_moderation_log.created_at',
        'users.display_name',
      ])
      .orderBy('comment_moderation_log.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      action: row.action as ModerationLogEntry['action'],
      detail: row.detail,
      commentId: row.comment_id,
      articleId: row.article_id,
      userName: row.display_name,
      createdAt: toDate(row.created_at),
    }));
  }

  /** Forgets address hashes (comments', reports', bans) older than 30 days. */
  async forgetOldAddresses(trx: Kysely<Database>, now: Date): Promise<void> {
    const before = new Date(now.getTime() - ADDRESS_MEMORY_MS).toISOString();
    await trx.deleteFrom('comment_addresses').where('created_at', '<', before).execute();
    await trx.deleteFrom('comment_bans').where('created_at', '<', before).execute();
    await trx
      .updateTable('comment_reports')
      .set({ address_hash: null })
      .where('address_hash', 'is not', null)
      .where('created_at', '<', before)
      .execute();
  }

  /** What the checks need to know of the writer's address. */
  private async facts(trx: Kysely<Database>, input: CommentSubmission, now: Date): Promise<CommentFacts> {
    const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const fromAddress = trx
      .selectFrom('comment_addresses')
      .innerJoin('comments', 'comments.id', 'comment_addresses.comment_id')
      .where('comment_addresses.address_hash', '=', input.addressHash);
    const counts = await fromAddress
      .select((eb) => [
        eb.fn
          .sum<number | string | null>(
            eb.case().when('comment_addresses.created_at', '>=', since(MINUTE)).then(1).else(0).end(),
          )
          .as('last_minute'),
        eb.fn
          .sum<number | string | null>(
            eb.case().when('comment_addresses.created_at', '>=', since(HOUR)).then(1).else(0).end(),
          )
          .as('last_hour'),
        eb.fn
          .sum<number | string | null>(eb.case().when('comments.status', '=', 'approved').then(1).else(0).end())
          .as('approved'),
      ])
      .executeTakeFirst();
    const recentTexts = await fromAddress
      .select('comments.body')
      .where('comment_addresses.created_at', '>=', since(COMMENT_LIMITS.repeatWindowMs))
      .orderBy('comments.id', 'desc')
      .limit(200)
      .execute();
    const key = textKey(input.body);
    const banned = await trx
      .selectFrom('comment_bans')
      .select('address_hash')
      .where('address_hash', '=', input.addressHash)
      .executeTakeFirst();
    return {
      name: input.name,
      email: input.email.trim(),
      body: input.body,
      lastMinute: Number(counts?.last_minute ?? 0),
      lastHour: Number(counts?.last_hour ?? 0),
      sameTextRecently: key !== '' && recentTexts.some((row) => textKey(row.body) === key),
      approvedBefore: Number(counts?.approved ?? 0),
      banned: banned !== undefined,
    };
  }
}

function toMode(value: string | undefined): CommentMode {
  return (COMMENT_MODES as readonly string[]).includes(value ?? '') ? (value as CommentMode) : DEFAULT_COMMENT_MODE;
}

function toPublic(row: {
  id: number;
  parent_id: number | null;
  author_name: string;
  body: string;
  created_at: string | Date;
}): PublicComment {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.author_name,
    body: row.body,
    createdAt: toDate(row.created_at),
  };
}

async function log(
  trx: Kysely<Database>,
  entry: {
    action: ModerationAction | 'mode';
    detail: string | null;
    commentId: number | null;
    articleId: number;
    userId: number | null;
    at: string;
  },
): Promise<void> {
  await trx
    .insertInto('comment_moderation_log')
    .values({
      action: entry.action,
      detail: entry.detail,
      comment_id: entry.commentId,
      article_id: entry.articleId,
      user_id: entry.userId,
      created_at: entry.at,
    })
    .execute();
}

/** The articles' pages (and their comments in the API) are stale: purged by the job loop. */
async function purgeArticles(trx: Kysely<Database>, articleIds: readonly number[]): Promise<void> {
  if (articleIds.length === 0) return;
  await enqueue(trx, {
    topic: OUTBOX_TOPICS.pagesPurge,
    articleId: null,
    payload: { tags: articleIds.map((id) => cacheTags.article(id)) },
  });
}
