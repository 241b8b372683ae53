import { type Kysely, sql } from 'kysely';
import type { ArticleStatus } from '../content/article.ts';
import { type Actor, authorize } from '../newsroom/policy.ts';
import {
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
import { type Database, type Dialect, toDate, toOptionalDate } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** An article of a story as the newsroom lists it: drafts too, with their state. */
export interface StoryMember {
  id: number;
  headline: string;
  status: ArticleStatus;
  publishedAt: Date | null;
  addedAt: Date;
}

/**
 * Stories («ملفات», store/migrations/021-stories.ts): editors make them, name them and put
 * articles in them; readers see a story's published articles, newest first. Every write asks
 * the policy (`stories.manage`) and writes the purge of the story's pages to the outbox in its
 * own transaction; the job loop adds a story's tag to the purge of any change to one of its
 * articles (`storyIdsOfWithin`), so a publication reaches the story's page.
 */
export class StoryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

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

  /** The stories an article is in, oldest first: its page links to each. */
  async ofArticle(articleId: number): Promise<Story[]> {
    const rows = await this.db
      .selectFrom('story_articles')
      .innerJoin('stories', 'stories.id', 'story_articles.story_id')
      .select([...STORY_COLUMNS])
      .where('story_articles.article_id', '=', articleId)
      .orderBy('stories.id')
      .execute();
    return rows.map(toStory);
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
   * Every article of the story, the newsroom's view: those not published yet first (the most
   * recently changed first), then the published ones newest first, as readers see them. (Not
   * in the order they were added: two added within a millisecond would tie.)
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
      ])
      .where('story_articles.story_id', '=', storyId)
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
    }));
  }

  /** The ids of the story's published articles, newest first (undated last), a page of them. */
  async publishedIds(storyId: number, page: { limit: number; offset: number }): Promise<number[]> {
    const rows = await this.published(storyId)
      .select('articles.id')
      .orderBy(this.dialect === 'sqlite' ? sql`articles.published_at desc` : sql`articles.published_at desc nulls last`)
      .orderBy('articles.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
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
      await purge(trx, row.id, [STORIES_LIST_TAG]);
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
      if (Number(deleted.numDeletedRows) === 0) {
        throw new StoryError(
          'not_in_story',
          'That article is not in this story.',
          'هذا المقال ليس في الملف: ربما أزاله زميل للتو. أعد تحميل الصفحة.',
          409,
        );
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
