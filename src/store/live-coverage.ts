import type { Kysely, Selectable } from 'kysely';
import type { ArticleStatus } from '../content/article.ts';
import type { Block } from '../content/blocks.ts';
import {
  checkEntry,
  LIVE_LIMITS,
  type LiveChangeAction,
  LiveConflictError,
  type LiveCoverage,
  type LiveEntry,
  type LiveEntryInput,
  type LiveEntryKind,
  type LiveEntryRevision,
  liveErrors,
} from '../live/live-entry.ts';
import { type Actor, authorize } from '../newsroom/policy.ts';
import { cacheTags } from '../web/cache-tags.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import { preparedQuery } from './prepared-query.ts';
import {
  type Database,
  type Dialect,
  type LiveEntriesTable,
  type Timestamp,
  toDate,
  toOptionalDate,
} from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** One change of the change list, with the entry it concerns as it stands now (undefined when deleted). */
export interface LiveChange {
  sequence: number;
  action: LiveChangeAction;
  entryId: number | null;
  at: Date;
}

export interface LiveEntriesPage {
  /** Newest first, the pinned entry left out (it stands on top of every page). */
  entries: LiveEntry[];
  /** Entries in the list (the pinned one not counted). */
  total: number;
  pages: number;
  pinned: LiveEntry | undefined;
}

/** An entry's row as read (a deleted one is never read). */
type EntryRow = Omit<Selectable<LiveEntriesTable>, 'deleted_at'>;

const ENTRY_COLUMNS = [
  'id',
  'article_id',
  'kind',
  'title',
  'body',
  'key_event',
  'pinned',
  'version',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/**
 * Live coverage (migration 023, src/live/): an editor starts it on an article, posts, edits,
 * pins and deletes entries, and ends it. Every write asks the policy (`article.live`, the reach of
 * publishing), numbers its change in the article's sequence (live_changes), and purges the
 * article's live pages (cacheTags.live) through the outbox in the same transaction. Edits carry
 * the version they were written against: a stale one is refused (409) with its text kept.
 */
export class LiveCoverageRepository {
  /** Every article page asks whether it is live: built and compiled once. */
  readonly #coverage;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.#coverage = preparedQuery(
      db,
      (articleId: number) =>
        db
          .selectFrom('live_coverages')
          .select(['article_id', 'started_at', 'ended_at', 'last_sequence'])
          .where('article_id', '=', articleId),
      1,
    );
  }

  /** The article's coverage, or undefined when it was never live. */
  async coverage(articleId: number): Promise<LiveCoverage | undefined> {
    const [row] = await this.#coverage(articleId);
    return row && toCoverage(row);
  }

  /** Turns an article into a live coverage. */
  async start(actor: Actor, articleId: number, now = new Date()): Promise<LiveCoverage> {
    return writeTransaction(this.db, this.dialect, async (trx) => {
      await authorizeArticle(trx, actor, articleId);
      const existing = await trx
        .selectFrom('live_coverages')
        .select(['ended_at'])
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      if (existing && existing.ended_at === null) throw liveErrors.alreadyLive();
      const at = now.toISOString();
      if (existing) {
        // Started again after it ended: the same sequence goes on.
        await trx.updateTable('live_coverages').set({ ended_at: null }).where('article_id', '=', articleId).execute();
      } else {
        await trx
          .insertInto('live_coverages')
          .values({ article_id: articleId, started_at: at, ended_at: null, started_by: actor.id })
          .execute();
      }
      await recordChange(trx, articleId, 'started', null, at, true);
      return toCoverage(
        await trx
          .selectFrom('live_coverages')
          .select(['article_id', 'started_at', 'ended_at', 'last_sequence'])
          .where('article_id', '=', articleId)
          .executeTakeFirstOrThrow(),
      );
    });
  }

  /** Ends the coverage: the page stays, no entry is added any more. */
  async end(actor: Actor, articleId: number, now = new Date()): Promise<void> {
    await writeTransaction(this.db, this.dialect, async (trx) => {
      await authorizeArticle(trx, actor, articleId);
      const coverage = await openCoverage(trx, articleId);
      if (coverage.ended_at !== null) throw liveErrors.ended();
      const at = now.toISOString();
      await trx.updateTable('live_coverages').set({ ended_at: at }).where('article_id', '=', articleId).execute();
      await recordChange(trx, articleId, 'ended', null, at, true);
    });
  }

  /** Posts an entry on a live article (pinned on top if asked, which unpins the one before). */
  async add(actor: Actor, articleId: number, input: LiveEntryInput, now = new Date()): Promise<LiveEntry> {
    const checked = checkEntry(input);
    return writeTransaction(this.db, this.dialect, async (trx) => {
      await authorizeArticle(trx, actor, articleId);
      const coverage = await openCoverage(trx, articleId);
      if (coverage.ended_at !== null) throw liveErrors.ended();
      const at = now.toISOString();
      if (input.pinned) await unpinAll(trx, articleId);
      const row = await trx
        .insertInto('live_entries')
        .values({
          article_id: articleId,
          kind: checked.kind,
          title: checked.title,
          body: JSON.stringify(checked.body),
          key_event: checked.keyEvent ? 1 : 0,
          pinned: input.pinned ? 1 : 0,
          version: 1,
          created_by: actor.id,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
        .returning(ENTRY_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordChange(trx, articleId, 'added', row.id, at);
      return toEntry(row);
    });
  }

  /**
   * Saves an entry's text from `baseVersion`. When another editor saved it since, the text sent
   * is kept as a `conflict` revision and LiveConflictError (409) answers with the entry as it is.
   * The text replaced is kept as an `edit` revision.
   */
  async edit(
    actor: Actor,
    entryId: number,
    baseVersion: number,
    input: LiveEntryInput,
    now = new Date(),
  ): Promise<LiveEntry> {
    const checked = checkEntry(input);
    const result = await writeTransaction(this.db, this.dialect, async (trx) => {
      const current = await liveEntryRow(trx, entryId);
      await authorizeArticle(trx, actor, current.article_id);
      await openCoverage(trx, current.article_id);
      const at = now.toISOString();
      if (current.version !== baseVersion) {
        const kept = await keepRevision(trx, entryId, baseVersion, 'conflict', checked, actor.id, at);
        return { conflict: { current: toEntry(current), kept }, entry: undefined };
      }
      await keepRevision(
        trx,
        entryId,
        current.version,
        'edit',
        { title: current.title, body: JSON.parse(current.body) as Block[], keyEvent: current.key_event === 1 },
        current.created_by,
        toDate(current.updated_at).toISOString(),
      );
      const updated = await trx
        .updateTable('live_entries')
        .set({
          kind: checked.kind,
          title: checked.title,
          body: JSON.stringify(checked.body),
          key_event: checked.keyEvent ? 1 : 0,
          version: current.version + 1,
          updated_at: at,
        })
        .where('id', '=', entryId)
        .where('version', '=', baseVersion)
        .returning(ENTRY_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordChange(trx, current.article_id, 'edited', entryId, at);
      return { conflict: undefined, entry: toEntry(updated) };
    });
    if (result.conflict) throw new LiveConflictError(result.conflict.current, baseVersion, result.conflict.kept);
    return result.entry;
  }

  /** Deletes an entry from readers' pages; its text is kept as a `delete` revision. A stale version is a 409. */
  async remove(actor: Actor, entryId: number, baseVersion: number | undefined, now = new Date()): Promise<void> {
    await writeTransaction(this.db, this.dialect, async (trx) => {
      const current = await liveEntryRow(trx, entryId);
      await authorizeArticle(trx, actor, current.article_id);
      if (baseVersion !== undefined && current.version !== baseVersion) throw liveErrors.staleDelete(current.version);
      const at = now.toISOString();
      await keepRevision(
        trx,
        entryId,
        current.version,
        'delete',
        { title: current.title, body: JSON.parse(current.body) as Block[], keyEvent: current.key_event === 1 },
        actor.id,
        at,
      );
      await trx
        .updateTable('live_entries')
        .set({ deleted_at: at, pinned: 0, version: current.version + 1, updated_at: at })
        .where('id', '=', entryId)
        .execute();
      await recordChange(trx, current.article_id, 'deleted', entryId, at);
    });
  }

  /** Pins an entry on top of the page (the one pinned before is unpinned), or unpins it. */
  async pin(actor: Actor, entryId: number, pinned: boolean, now = new Date()): Promise<void> {
    await writeTransaction(this.db, this.dialect, async (trx) => {
      const current = await liveEntryRow(trx, entryId);
      await authorizeArticle(trx, actor, current.article_id);
      if ((current.pinned === 1) === pinned) return;
      const at = now.toISOString();
      if (pinned) await unpinAll(trx, current.article_id);
      await trx
        .updateTable('live_entries')
        .set({ pinned: pinned ? 1 : 0 })
        .where('id', '=', entryId)
        .execute();
      await recordChange(trx, current.article_id, pinned ? 'pinned' : 'unpinned', entryId, at);
    });
  }

  /** One entry that is not deleted. */
  async entry(entryId: number): Promise<LiveEntry | undefined> {
    const row = await this.db
      .selectFrom('live_entries')
      .select(ENTRY_COLUMNS)
      .where('id', '=', entryId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toEntry(row);
  }

  /** Entries by id, deleted ones left out (the change list's). */
  async entries(ids: readonly number[]): Promise<Map<number, LiveEntry>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('live_entries')
      .select(ENTRY_COLUMNS)
      .where('id', 'in', [...ids])
      .where('deleted_at', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.id, toEntry(r)]));
  }

  /** A page of the article's entries, newest first, the pinned one apart. */
  async page(articleId: number, page: number, perPage: number = LIVE_LIMITS.perPage): Promise<LiveEntriesPage> {
    const live = this.db.selectFrom('live_entries').where('article_id', '=', articleId).where('deleted_at', 'is', null);
    const [count, rows, pinned] = await Promise.all([
      live
        .where('pinned', '=', 0)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst(),
      live
        .where('pinned', '=', 0)
        .select(ENTRY_COLUMNS)
        .orderBy('id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
      live.where('pinned', '=', 1).select(ENTRY_COLUMNS).executeTakeFirst(),
    ]);
    const total = Number(count?.n ?? 0);
    return {
      entries: rows.map(toEntry),
      total,
      pages: Math.max(1, Math.ceil(total / perPage)),
      pinned: pinned && toEntry(pinned),
    };
  }

  /** The key events («أبرز الأحداث»), newest first, with the page each stands on. */
  async keyEvents(articleId: number, limit = 20): Promise<{ entry: LiveEntry; page: number }[]> {
    const rows = await this.db
      .selectFrom('live_entries')
      .select(ENTRY_COLUMNS)
      .where('article_id', '=', articleId)
      .where('deleted_at', 'is', null)
      .where('key_event', '=', 1)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    // Each one's page from one read of the ids listed before it (newest first, the pinned one apart).
    const oldest = rows.filter((r) => r.pinned === 0).at(-1)?.id;
    const listed =
      oldest === undefined
        ? []
        : await this.db
            .selectFrom('live_entries')
            .select('id')
            .where('article_id', '=', articleId)
            .where('deleted_at', 'is', null)
            .where('pinned', '=', 0)
            .where('id', '>=', oldest)
            .orderBy('id', 'desc')
            .execute();
    const position = new Map(listed.map((r, i) => [r.id, i]));
    const out = rows.map((row) => ({
      entry: toEntry(row),
      page: row.pinned === 1 ? 1 : Math.floor((position.get(row.id) ?? 0) / LIVE_LIMITS.perPage) + 1,
    }));
    return out;
  }

  /** The last `limit` changes, oldest first (the change list readers' pages poll). */
  async recentChanges(articleId: number, limit: number = LIVE_LIMITS.changes): Promise<LiveChange[]> {
    const rows = await this.db
      .selectFrom('live_changes')
      .select(['sequence', 'action', 'entry_id', 'created_at'])
      .where('article_id', '=', articleId)
      .orderBy('sequence', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map((r) => ({
      sequence: r.sequence,
      action: r.action as LiveChangeAction,
      entryId: r.entry_id,
      at: toDate(r.created_at),
    }));
  }

  /** Every text an entry had, newest first (the desk's «النسخ»). */
  async revisions(actor: Actor, entryId: number): Promise<LiveEntryRevision[]> {
    const entry = await this.db
      .selectFrom('live_entries')
      .select('article_id')
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!entry) throw liveErrors.entryNotFound();
    await authorizeArticle(this.db, actor, entry.article_id);
    const rows = await this.db
      .selectFrom('live_entry_revisions')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      reason: r.reason as LiveEntryRevision['reason'],
      title: r.title,
      body: JSON.parse(r.body) as Block[],
      keyEvent: r.key_event === 1,
      writtenBy: r.written_by,
      createdAt: toDate(r.created_at),
    }));
  }
}

async function authorizeArticle(db: Kysely<Database>, actor: Actor, articleId: number): Promise<void> {
  const row = await db
    .selectFrom('articles')
    .select(['owner_user_id', 'status'])
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (!row) throw liveErrors.articleNotFound();
  authorize(actor, 'article.live', { ownerId: row.owner_user_id, status: row.status as ArticleStatus });
}

async function openCoverage(trx: Kysely<Database>, articleId: number) {
  const coverage = await trx
    .selectFrom('live_coverages')
    .select(['ended_at'])
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  if (!coverage) throw liveErrors.notLive();
  return coverage;
}

async function liveEntryRow(trx: Kysely<Database>, entryId: number): Promise<EntryRow> {
  const row = await trx
    .selectFrom('live_entries')
    .select(ENTRY_COLUMNS)
    .where('id', '=', entryId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw liveErrors.entryNotFound();
  return row;
}

async function unpinAll(trx: Kysely<Database>, articleId: number): Promise<void> {
  await trx
    .updateTable('live_entries')
    .set({ pinned: 0 })
    .where('article_id', '=', articleId)
    .where('pinned', '=', 1)
    .execute();
}

async function keepRevision(
  trx: Kysely<Database>,
  entryId: number,
  version: number,
  reason: LiveEntryRevision['reason'],
  text: { title: string | null; body: Block[]; keyEvent: boolean },
  writtenBy: number | null,
  at: string,
): Promise<number> {
  const row = await trx
    .insertInto('live_entry_revisions')
    .values({
      entry_id: entryId,
      version,
      reason,
      title: text.title,
      body: JSON.stringify(text.body),
      key_event: text.keyEvent ? 1 : 0,
      written_by: writtenBy,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The article's next change: its number taken by one UPDATE (which holds the coverage's row
 * until commit on PostgreSQL, the write lock on SQLite), the row written, the live pages purged
 * (and the article's own tag too when the coverage starts or ends: its page changes shape).
 */
async function recordChange(
  trx: Kysely<Database>,
  articleId: number,
  action: LiveChangeAction,
  entryId: number | null,
  at: string,
  wholePage = false,
): Promise<void> {
  const { last_sequence: sequence } = await trx
    .updateTable('live_coverages')
    .set((eb) => ({ last_sequence: eb('last_sequence', '+', 1) }))
    .where('article_id', '=', articleId)
    .returning('last_sequence')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('live_changes')
    .values({ article_id: articleId, sequence, action, entry_id: entryId, created_at: at })
    .execute();
  await enqueue(trx, {
    topic: OUTBOX_TOPICS.pagesPurge,
    articleId: null,
    payload: {
      tags: wholePage ? [cacheTags.live(articleId), cacheTags.article(articleId)] : [cacheTags.live(articleId)],
    },
  });
}

function toCoverage(row: {
  article_id: number;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  last_sequence: number;
}): LiveCoverage {
  return {
    articleId: row.article_id,
    startedAt: toDate(row.started_at),
    endedAt: toOptionalDate(row.ended_at),
    sequence: Number(row.last_sequence),
  };
}

function toEntry(row: EntryRow): LiveEntry {
  return {
    id: row.id,
    articleId: row.article_id,
    kind: row.kind as LiveEntryKind,
    title: row.title,
    body: JSON.parse(row.body) as Block[],
    keyEvent: row.key_event === 1,
    pinned: row.pinned === 1,
    version: row.version,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}
