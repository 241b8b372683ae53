import { type Kysely, sql } from 'kysely';
import type { ArticleStatus } from '../content/article.ts';
import { type Actor, authorize } from '../newsroom/policy.ts';
import {
  checkedStorySlug,
  checkedStoryText,
  STORIES_LIST_TAG,
  type Story,
  StoryError,
  type StoryListing,
  type StoryText,
  storyNotFound,
  storyPageTag,
  storySlug,
  storySlugTaken,
} from '../stories/story.ts';
import { cacheTags } from '../web/cache-tags.ts';
import { ArticleNotFoundError } from './newsroom-articles.ts';
import { enqueue, OUTBOX_TOPICS } from './outbox.ts';
import { preparedQuery } from './prepared-query.ts';
import { type Database, type Dialect, toDate, toOptionalDate } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** An article of a story as the newsroom lists it: drafts too, with their state. */
export interface StoryMember {
  id: number;
  headline: string;
  status: ArticleStatus;
  publishedAt: Date | null;
  addedAt: Date;
  /** Its place in the editors' hand order (0 first), or null in the automatic order. */
  position: number | null;
}

/**
 * A move of an article in its story's hand order: `top` puts it first; `up` one place earlier
 * (an article in the automatic order joins the hand order at its end); `down` one place later
 * (the last hand-ordered one goes back to the automatic order); `auto` takes it out of the
 * hand order.
 */
export const STORY_MOVES = ['top', 'up', 'down', 'auto'] as const;
/** Articles a story's hand order holds at most: the few an editor puts first, the rest stay newest first. */
export const STORY_HAND_ORDER_MAX = 20;
export type StoryMove = (typeof STORY_MOVES)[number];

/**
 * Stories («ملفات», store/migrations/021-stories.ts, 024): editors make them, name them and put
 * articles in them; readers see a story's published articles, those the editors ordered by
 * hand first in their order, then the others newest first. Every write asks
 * the policy (`stories.manage`) and writes the purge of the story's pages to the outbox in its
 * own transaction; the job loop adds a story's tag to the purge of any change to one of its
 * articles (`storyIdsOfWithin`), so a publication reaches the story's page.
 */
export class StoryRepository {
  /** Every article page reads its stories: built and compiled once. */
  readonly #ofArticle;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.#ofArticle = preparedQuery(
      db,
      (articleId: number) =>
        db
          .selectFrom('story_articles')
          .innerJoin('stories', 'stories.id', 'story_articles.story_id')
          .select([...STORY_COLUMNS])
          .where('story_articles.article_id', '=', articleId)
          .orderBy('stories.id'),
      1,
    );
  }

  /** Every story, the most recently changed first, with its article counts: the newsroom's list. */
  async list(page: { limit: number; offset: number }): Promise<StoryListing[]> {
    const rows = await this.listings()
      .orderBy('stories.updated_at', 'desc')
      .orderBy('stories.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map(toListing);
  }

  /** Stories before `beforeId` (all when 0), newest first, with their counts: the API's keyset pages. */
  async newestBefore(beforeId: number, limit: number): Promise<StoryListing[]> {
    let query = this.listings();
    if (beforeId > 0) query = query.where('stories.id', '<', beforeId);
    return (await query.orderBy('stories.id', 'desc').limit(limit).execute()).map(toListing);
  }

  /** How many stories there are. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async byId(id: number): Promise<Story | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select([...STORY_COLUMNS])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toStory(row);
  }

  async bySlug(slug: string): Promise<Story | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select([...STORY_COLUMNS])
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row && toStory(row);
  }

  /**
   * The story whose address is, or was, `/story/<slug>`: `moved` when the slug is an earlier one
   * (kept in redirects by changeSlug), whose pages answer 301 to the story's address now.
   */
  async bySlugOrOld(slug: string): Promise<{ story: Story; moved: boolean } | undefined> {
    const story = await this.bySlug(slug);
    if (story) return { story, moved: false };
    const old = await this.db
      .selectFrom('redirects')
      .innerJoin('stories', 'stories.id', 'redirects.story_id')
      .select([...STORY_COLUMNS])
      .where('redirects.path', '=', storyAddress(slug))
      .executeTakeFirst();
    return old && { story: toStory(old), moved: true };
  }

  /** The stories an article is in, oldest first: its page links to each. */
  async ofArticle(articleId: number): Promise<Story[]> {
    return (await this.#ofArticle(articleId)).map(toStory);
  }

  /** The stories holding any of these articles, inside the caller's transaction (the job loop's purges). */
  async storyIdsOfWithin(trx: Kysely<Database>, articleIds: readonly number[]): Promise<number[]> {
    if (articleIds.length === 0) return [];
    const rows = await trx
      .selectFrom('story_articles')
      .select('story_id')
      .distinct()
      .where('article_id', 'in', [...articleIds])
      .execute();
    return rows.map((row) => row.story_id);
  }

  /**
   * Every article of the story, the newsroom's view: those ordered by hand first, in their
   * order; then those not published yet (the most recently changed first), then the published
   * ones newest first, as readers see them. (Not in the order they were added: two added within
   * a millisecond would tie.)
   */
  async members(storyId: number): Promise<StoryMember[]> {
    const rows = await this.db
      .selectFrom('story_articles')
      .innerJoin('articles', 'articles.id', 'story_articles.article_id')
      .select([
        'articles.id',
        'articles.headline',
        'articles.status',
        'articles.published_at',
        'story_articles.added_at',
        'story_articles.position',
      ])
      .where('story_articles.story_id', '=', storyId)
      .orderBy(sql`case when story_articles.position is null then 1 else 0 end`)
      .orderBy('story_articles.position')
      .orderBy(sql`case when articles.status = 'published' then 1 else 0 end`)
      .orderBy(this.dialect === 'sqlite' ? sql`articles.published_at desc` : sql`articles.published_at desc nulls last`)
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      headline: row.headline,
      status: row.status as ArticleStatus,
      publishedAt: toOptionalDate(row.published_at),
      addedAt: toDate(row.added_at),
      position: row.position,
    }));
  }

  /**
   * The ids of the story's published articles, a page of them: those the editors ordered by
   * hand first, in their order, then the others newest first (undated last).
   */
  async publishedIds(storyId: number, page: { limit: number; offset: number }): Promise<number[]> {
    const rows = await this.published(storyId)
      .select('articles.id')
      .orderBy(sql`case when story_articles.position is null then 1 else 0 end`)
      .orderBy('story_articles.position')
      .orderBy(this.dialect === 'sqlite' ? sql`articles.published_at desc` : sql`articles.published_at desc nulls last`)
      .orderBy('articles.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map((row) => row.id);
  }

  /** The ids of the story's published articles the editors ordered by hand, in their order. */
  async handOrderedPublishedIds(storyId: number): Promise<number[]> {
    const rows = await this.published(storyId)
      .select('articles.id')
      .where('story_articles.position', 'is not', null)
      .orderBy('story_articles.position')
      .execute();
    return rows.map((row) => row.id);
  }

  /** The ids of the story's newest published articles, whatever the hand order: its feeds'. */
  async newestPublishedIds(storyId: number, limit: number): Promise<number[]> {
    const rows = await this.published(storyId)
      .select('articles.id')
      .orderBy(this.dialect === 'sqlite' ? sql`articles.published_at desc` : sql`articles.published_at desc nulls last`)
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async countPublished(storyId: number): Promise<number> {
    const row = await this.published(storyId)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Stories with published articles, by id, and their newest publication: the sitemap's rows. */
  async withPublished(): Promise<{ slug: string; lastPublished: Date | null }[]> {
    const rows = await this.db
      .selectFrom('stories')
      .innerJoin('story_articles', 'story_articles.story_id', 'stories.id')
      .innerJoin('articles', 'articles.id', 'story_articles.article_id')
      .where('articles.status', '=', 'published')
      .select(['stories.id', 'stories.slug', (eb) => eb.fn.max('articles.published_at').as('last_published')])
      .groupBy(['stories.id', 'stories.slug'])
      .orderBy('stories.id')
      .execute();
    return rows.map((row) => ({ slug: row.slug, lastPublished: toOptionalDate(row.last_published) }));
  }

  /** Opens a story; its slug is the editor's, or made from the title, and must be free. */
  async create(actor: Actor, text: StoryText & { slug?: string }, now = new Date()): Promise<Story> {
    authorize(actor, 'stories.manage');
    const checked = checkedStoryText(text);
    const slug = storySlug(checked.title, text.slug);
    return writeTransaction(this.db, this.dialect, async (trx) => {
      const taken = await trx.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst();
      if (taken) throw storySlugTaken(slug);
      const freed = await freeOldAddress(trx, slug);
      const at = now.toISOString();
      const row = await trx
        .insertInto('stories')
        .values({ slug, ...checked, created_by: actor.id, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          // Another editor took the slug between the check and the insert.
          throw isUniqueViolation(error) ? storySlugTaken(slug) : error;
        });
      await purge(trx, row.id, [STORIES_LIST_TAG, ...freed]);
      return { id: row.id, slug, ...checked, createdAt: now, updatedAt: now };
    });
  }

  /** Renames or describes a story; its slug stays, so that its address never moves. */
  async update(actor: Actor, storyId: number, text: StoryText, now = new Date()): Promise<Story> {
    authorize(actor, 'stories.manage');
    const checked = checkedStoryText(text);
    return this.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('stories')
        .set({ ...checked, updated_at: now.toISOString() })
        .where('id', '=', storyId)
        .returning([...STORY_COLUMNS])
        .executeTakeFirst();
      if (!changed) throw storyNotFound();
      await purge(trx, storyId, [STORIES_LIST_TAG]);
      return toStory(changed);
    });
  }

  /**
   * Gives a story a new address. The slug asked is made readable (storySlug) and must be free;
   * the old address is kept in `redirects` (migration 024) and answers 301 to the new one, as
   * every earlier address of the story does. A slug that was another story's old address is
   * now this story's: that redirect goes.
   */
  async changeSlug(actor: Actor, storyId: number, asked: string, now = new Date()): Promise<Story> {
    authorize(actor, 'stories.manage');
    return writeTransaction(this.db, this.dialect, async (trx) => {
      let query = trx
        .selectFrom('stories')
        .select([...STORY_COLUMNS])
        .where('id', '=', storyId);
      if (this.dialect === 'postgres') query = query.forUpdate();
      const story = await query.executeTakeFirst();
      if (!story) throw storyNotFound();
      const slug = checkedStorySlug(asked);
      if (slug === story.slug) return toStory(story);
      const taken = await trx.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst();
      if (taken) throw storySlugTaken(slug);
      const freed = await freeOldAddress(trx, slug);
      await trx
        .insertInto('redirects')
        .values({ path: storyAddress(story.slug), article_id: null, story_id: storyId, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('path').doUpdateSet({ article_id: null, story_id: storyId }))
        .execute();
      const changed = await trx
        .updateTable('stories')
        .set({ slug, updated_at: now.toISOString() })
        .where('id', '=', storyId)
        .returning([...STORY_COLUMNS])
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? storySlugTaken(slug) : error;
        });
      // Its articles' pages link to it by its address.
      const members = await trx
        .selectFrom('story_articles')
        .select('article_id')
        .where('story_id', '=', storyId)
        .execute();
      await purge(trx, storyId, [STORIES_LIST_TAG, ...freed, ...members.map((m) => cacheTags.article(m.article_id))]);
      return toStory(changed);
    });
  }

  /**
   * Moves an article in the story's hand order (STORY_MOVES), under the write lock (the story's
   * row on PostgreSQL): the order is read and written again in one transaction, so two editors
   * moving articles at once both have their move, the second on the order the first left.
   * Returns whether anything changed.
   */
  async moveArticle(
    actor: Actor,
    storyId: number,
    articleId: number,
    move: StoryMove,
    now = new Date(),
  ): Promise<{ moved: boolean }> {
    authorize(actor, 'stories.manage');
    return writeTransaction(this.db, this.dialect, async (trx) => {
      await this.requireStory(trx, storyId);
      const rows = await trx
        .selectFrom('story_articles')
        .select(['article_id', 'position'])
        .where('story_id', '=', storyId)
        .execute();
      if (!rows.some((row) => row.article_id === articleId)) throw notInStory();
      const order = rows
        .filter((row) => row.position !== null)
        .sort((a, b) => (a.position as number) - (b.position as number) || a.article_id - b.article_id)
        .map((row) => row.article_id);
      const next = movedOrder(order, articleId, move);
      if (next.length > STORY_HAND_ORDER_MAX) {
        throw new StoryError(
          'story_order_full',
          `At most ${STORY_HAND_ORDER_MAX} articles of a story are ordered by hand.`,
          `يُرتَّب يدويا ${STORY_HAND_ORDER_MAX} مقالا على الأكثر في الملف: أعد أحدها إلى الترتيب التلقائي أولا.`,
          409,
        );
      }
      const before = new Map(rows.map((row) => [row.article_id, row.position]));
      const after = new Map<number, number | null>(rows.map((row) => [row.article_id, null]));
      for (const [i, id] of next.entries()) after.set(id, i);
      let moved = false;
      for (const [id, position] of after) {
        if (before.get(id) === position) continue;
        moved = true;
        await trx
          .updateTable('story_articles')
          .set({ position })
          .where('story_id', '=', storyId)
          .where('article_id', '=', id)
          .execute();
      }
      if (moved) await this.touch(trx, storyId, articleId, now);
      return { moved };
    });
  }

  /** Deletes a story (its articles stay where they are); its pages and links go. */
  async remove(actor: Actor, storyId: number): Promise<void> {
    authorize(actor, 'stories.manage');
    await this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('stories').where('id', '=', storyId).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw storyNotFound();
      await purge(trx, storyId, [STORIES_LIST_TAG]);
    });
  }

  /**
   * Puts an article in a story: a draft too (it reaches the story's page when it is published).
   * Adding it again changes nothing (`added: false`), whoever does it.
   */
  async addArticle(actor: Actor, storyId: number, articleId: number, now = new Date()): Promise<{ added: boolean }> {
    authorize(actor, 'stories.manage');
    return writeTransaction(this.db, this.dialect, async (trx) => {
      await this.requireStory(trx, storyId);
      const article = await trx.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst();
      if (!article) throw new ArticleNotFoundError(articleId);
      const inserted = await trx
        .insertInto('story_articles')
        .values({ story_id: storyId, article_id: articleId, added_by: actor.id, added_at: now.toISOString() })
        .onConflict((c) => c.columns(['story_id', 'article_id']).doNothing())
        .executeTakeFirst();
      const added = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
      if (added) await this.touch(trx, storyId, articleId, now);
      return { added };
    });
  }

  /** Takes an article out of a story (the article itself stays as it is). */
  async removeArticle(actor: Actor, storyId: number, articleId: number, now = new Date()): Promise<void> {
    authorize(actor, 'stories.manage');
    await writeTransaction(this.db, this.dialect, async (trx) => {
      await this.requireStory(trx, storyId);
      const deleted = await trx
        .deleteFrom('story_articles')
        .where('story_id', '=', storyId)
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw notInStory();
      // The hand order closes up behind it.
      const ordered = await trx
        .selectFrom('story_articles')
        .select(['article_id', 'position'])
        .where('story_id', '=', storyId)
        .where('position', 'is not', null)
        .orderBy('position')
        .execute();
      for (const [i, row] of ordered.entries()) {
        if (row.position === i) continue;
        await trx
          .updateTable('story_articles')
          .set({ position: i })
          .where('story_id', '=', storyId)
          .where('article_id', '=', row.article_id)
          .execute();
      }
      await this.touch(trx, storyId, articleId, now);
    });
  }

  private async requireStory(trx: Kysely<Database>, storyId: number): Promise<void> {
    let query = trx.selectFrom('stories').select('id').where('id', '=', storyId);
    if (this.dialect === 'postgres') query = query.forUpdate();
    if (!(await query.executeTakeFirst())) throw storyNotFound();
  }

  /** The story changed now: its pages, and the article's page (its «ملف» link), are purged. */
  private async touch(trx: Kysely<Database>, storyId: number, articleId: number, now: Date): Promise<void> {
    await trx.updateTable('stories').set({ updated_at: now.toISOString() }).where('id', '=', storyId).execute();
    await purge(trx, storyId, [cacheTags.article(articleId)]);
  }

  /** Stories with how many articles each holds, and how many of them are published. */
  private listings() {
    return this.db
      .selectFrom('stories')
      .select([...STORY_COLUMNS])
      .select((eb) => [
        eb
          .selectFrom('story_articles')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .whereRef('story_articles.story_id', '=', 'stories.id')
          .as('article_count'),
        eb
          .selectFrom('story_articles')
          .innerJoin('articles', 'articles.id', 'story_articles.article_id')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .whereRef('story_articles.story_id', '=', 'stories.id')
          .where('articles.status', '=', 'published')
          .as('published_count'),
      ]);
  }

  /** Published articles of the story, joined: what readers see of it. */
  private published(storyId: number) {
    return this.db
      .selectFrom('story_articles')
      .innerJoin('articles', 'articles.id', 'story_articles.article_id')
      .where('story_articles.story_id', '=', storyId)
      .where('articles.status', '=', 'published');
  }
}

const STORY_COLUMNS = [
  'stories.id',
  'stories.slug',
  'stories.title',
  'stories.description',
  'stories.created_at',
  'stories.updated_at',
] as const;

function toStory(row: {
  id: number;
  slug: string;
  title: string;
  description: string;
  created_at: string | Date;
  updated_at: string | Date;
}): Story {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function toListing(
  row: Parameters<typeof toStory>[0] & {
    article_count: number | string | null;
    published_count: number | string | null;
  },
): StoryListing {
  return {
    ...toStory(row),
    articleCount: Number(row.article_count ?? 0),
    publishedCount: Number(row.published_count ?? 0),
  };
}

/** The hand order after `move` of `articleId` (an article id list, first first). */
export function movedOrder(order: readonly number[], articleId: number, move: StoryMove): number[] {
  const at = order.indexOf(articleId);
  const rest = order.filter((id) => id !== articleId);
  switch (move) {
    case 'top':
      return [articleId, ...rest];
    case 'auto':
      return rest;
    case 'up':
      if (at === -1) return [...order, articleId];
      if (at === 0) return [...order];
      return [...rest.slice(0, at - 1), articleId, ...rest.slice(at - 1)];
    case 'down':
      if (at === -1) return [...order];
      if (at === order.length - 1) return rest;
      return [...rest.slice(0, at + 1), articleId, ...rest.slice(at + 1)];
  }
}

function notInStory(): StoryError {
  return new StoryError(
    'not_in_story',
    'That article is not in this story.',
    'هذا المقال ليس في الملف: ربما أزاله زميل للتو. أعد تحميل الصفحة.',
    409,
  );
}

/** A story's page as an old address is kept (redirects' key, content/old-address.ts). */
export function storyAddress(slug: string): string {
  return `/story/${slug}`;
}

/**
 * A slug a story takes now is no longer an old address of another: its redirect goes, and the
 * purge of the story it led to (returned as tags).
 */
async function freeOldAddress(trx: Kysely<Database>, slug: string): Promise<string[]> {
  const old = await trx
    .deleteFrom('redirects')
    .where('path', '=', storyAddress(slug))
    .returning(['story_id'])
    .executeTakeFirst();
  return old?.story_id ? [storyPageTag(old.story_id)] : [];
}

async function purge(trx: Kysely<Database>, storyId: number, more: string[]): Promise<void> {
  await enqueue(trx, {
    topic: OUTBOX_TOPICS.pagesPurge,
    articleId: null,
    payload: { tags: [storyPageTag(storyId), ...more] },
  });
}

/** SQLite's and PostgreSQL's unique-constraint failures. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/.test(e?.message ?? '');
}
