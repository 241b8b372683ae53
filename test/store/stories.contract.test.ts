/**
 * Stories («ملفات») on SQLite and PostgreSQL: editors open, rename, fill and delete them, an
 * author may not; titles and slugs are checked with Arabic reasons; adding an article twice
 * changes nothing; readers' reads hold published articles only, newest first; every write
 * purges the story's pages through the outbox in its transaction, and the job loop purges a
 * story when one of its articles is published or taken off the site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import type { Actor } from '../../src/newsroom/policy.ts';
import { PermissionDeniedError } from '../../src/newsroom/policy.ts';
import { ArticleNotFoundError } from '../../src/store/newsroom-articles.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { StoryError } from '../../src/stories/story.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { pendingPurges } from '../helpers/outbox.ts';

const RECORDS = jawharaRecords(12);
const TIME_ZONE = 'Africa/Casablanca';

const storyError = (code: string, status: number) => (e: unknown) =>
  e instanceof StoryError && e.code === code && e.status === status && e.messageAr.length > 0;

for (const dialect of DIALECTS) {
  describe(`stories (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let editor: Actor;
    let author: Actor;
    /** Published corpus articles, newest first. */
    let published: { id: number; publishedAt: Date }[];
    let draftId: number;
    let loop: JobLoop;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      const { accounts } = newsroomAccounts(store.db);
      const password = 'كلمة سر الملفات';
      const e = await accounts.create({
        email: 'editor@alghad24.ma',
        displayName: 'سلمى بنعلي',
        role: 'editor',
        password,
      });
      const a = await accounts.create({
        email: 'author@alghad24.ma',
        displayName: 'يوسف الإدريسي',
        role: 'author',
        password,
      });
      editor = { id: e.id, role: 'editor' };
      author = { id: a.id, role: 'author' };
      await store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle));
      published = (await store.articles.listPublishedPage({ limit: 12 })).map((s) => ({
        id: s.id,
        publishedAt: s.publishedAt as Date,
      }));
      assert.equal(published.length, 12);
      const record = RECORDS[0]!;
      draftId = (
        await store.newsroomArticles.create(editor, {
          headline: `متابعة: ${String(record.title)}`,
          body: [{ type: 'paragraph', text: String(record.text).split('\n')[0]! }],
          sectionSlug: 'وطنية',
          bylines: [],
        })
      ).id;
      loop = new JobLoop({ store, timeZone: TIME_ZONE });
      await loop.runDue();
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('opens a story with an Arabic slug made from its title, and purges its pages', async () => {
      const story = await store.stories.create(editor, {
        title: '  زلزال   الحوز ',
        description: 'كل ما نشرناه عن زلزال الحوز: الضحايا، الإيواء، وإعادة الإعمار.',
      });
      assert.equal(story.title, 'زلزال الحوز');
      assert.equal(story.slug, 'زلزال-الحوز');
      assert.deepEqual(await store.stories.bySlug('زلزال-الحوز'), story);
      assert.deepEqual(await pendingPurges(store), [[`story:${story.id}`, 'stories']]);
      await loop.runDue();
    });

    it('refuses an empty or too long title, a taken slug, and an author', async () => {
      await assert.rejects(
        store.stories.create(editor, { title: '   ', description: '' }),
        storyError('story_title_missing', 400),
      );
      await assert.rejects(
        store.stories.create(editor, { title: 'ملف '.repeat(40), description: '' }),
        storyError('story_title_too_long', 400),
      );
      await assert.rejects(
        store.stories.create(editor, { title: 'ملف', description: 'و'.repeat(601) }),
        storyError('story_description_too_long', 400),
      );
      await assert.rejects(
        store.stories.create(editor, { title: '؟؟ !!', description: '' }),
        storyError('story_slug_empty', 400),
      );
      // Harakat and spacing fold away: the same address, refused with the slug named.
      await assert.rejects(store.stories.create(editor, { title: 'زِلْزال الحَوز', description: '' }), (e: unknown) => {
        assert.ok(storyError('story_slug_taken', 409)(e));
        assert.match((e as StoryError).messageAr, /«زلزال-الحوز»/);
        return true;
      });
      await assert.rejects(
        store.stories.create(author, { title: 'كأس إفريقيا 2025', description: '' }),
        PermissionDeniedError,
      );
      assert.equal(await store.stories.count(), 1);
      assert.deepEqual(await pendingPurges(store), []);
    });

    it('holds articles, drafts too; adding twice changes nothing; an unknown article is refused', async () => {
      const story = (await store.stories.bySlug('زلزال-الحوز'))!;
      const [newest, , third] = published;
      assert.deepEqual(await store.stories.addArticle(editor, story.id, third!.id), { added: true });
      assert.deepEqual(await store.stories.addArticle(editor, story.id, newest!.id), { added: true });
      assert.deepEqual(await store.stories.addArticle(editor, story.id, newest!.id), { added: false });
      assert.deepEqual(await store.stories.addArticle(editor, story.id, draftId), { added: true });
      await assert.rejects(store.stories.addArticle(editor, story.id, 999_999), ArticleNotFoundError);
      await assert.rejects(store.stories.addArticle(editor, 999_999, newest!.id), storyError('story_not_found', 404));
      await assert.rejects(store.stories.addArticle(author, story.id, published[1]!.id), PermissionDeniedError);

      // Readers see the published ones, newest first; the newsroom sees all three.
      assert.deepEqual(await store.stories.publishedIds(story.id, { limit: 10, offset: 0 }), [newest!.id, third!.id]);
      assert.deepEqual(await store.stories.publishedIds(story.id, { limit: 1, offset: 1 }), [third!.id]);
      assert.equal(await store.stories.countPublished(story.id), 2);
      assert.deepEqual(
        (await store.stories.members(story.id)).map((m) => [m.id, m.status]),
        [
          [draftId, 'draft'],
          [newest!.id, 'published'],
          [third!.id, 'published'],
        ],
      );
      assert.deepEqual(
        (await store.stories.ofArticle(newest!.id)).map((s) => s.slug),
        ['زلزال-الحوز'],
      );
      const [listed] = await store.stories.list({ limit: 10, offset: 0 });
      assert.deepEqual([listed?.articleCount, listed?.publishedCount], [3, 2]);
      // Each addition purged the story and the article's own page (its «ملف» link).
      assert.deepEqual(await pendingPurges(store), [
        [`story:${story.id}`, `article:${third!.id}`],
        [`story:${story.id}`, `article:${newest!.id}`],
        [`story:${story.id}`, `article:${draftId}`],
      ]);
      await loop.runDue();
    });

    it('purges the story when one of its articles is published or taken off the site', async () => {
      const story = (await store.stories.bySlug('زلزال-الحوز'))!;
      const lastPurge = async () => {
        const rows = await store.cacheInvalidations.since(0, 10_000);
        return rows.at(-1)?.tags ?? [];
      };
      await store.newsroomArticles.transition(editor, draftId, { action: 'publish' });
      await loop.runDue();
      assert.ok((await lastPurge()).includes(`story:${story.id}`), 'publishing a member purges its story');
      assert.equal((await store.stories.publishedIds(story.id, { limit: 10, offset: 0 }))[0], draftId);

      await store.newsroomArticles.transition(editor, draftId, { action: 'unpublish' });
      await loop.runDue();
      assert.ok((await lastPurge()).includes(`story:${story.id}`), 'unpublishing a member purges its story');
      assert.equal(await store.stories.countPublished(story.id), 2);

      // An article in no story purges no story.
      const other = await store.newsroomArticles.create(editor, {
        headline: 'مهرجان قرطاج الدولي يفتتح دورته',
        body: [{ type: 'paragraph', text: 'افتتح مساء أمس مهرجان قرطاج الدولي دورته الجديدة.' }],
        sectionSlug: 'ثقافة',
        bylines: [],
      });
      await store.newsroomArticles.transition(editor, other.id, { action: 'publish' });
      await loop.runDue();
      assert.ok(!(await lastPurge()).some((tag) => tag.startsWith('story:')));
    });

    it('renames and describes a story, keeping its address; takes an article out; deletes it', async () => {
      const story = (await store.stories.bySlug('زلزال-الحوز'))!;
      const renamed = await store.stories.update(editor, story.id, {
        title: 'زلزال الحوز: سنة بعد الكارثة',
        description: 'إعادة الإعمار في إقليم الحوز.',
      });
      assert.equal(renamed.slug, story.slug);
      assert.equal(renamed.title, 'زلزال الحوز: سنة بعد الكارثة');
      await assert.rejects(
        store.stories.update(editor, story.id, { title: '', description: '' }),
        storyError('story_title_missing', 400),
      );
      await assert.rejects(
        store.stories.update(author, story.id, { title: 'ملف', description: '' }),
        PermissionDeniedError,
      );
      await assert.rejects(
        store.stories.update(editor, 999_999, { title: 'ملف', description: '' }),
        storyError('story_not_found', 404),
      );

      const [newest] = published;
      await store.stories.removeArticle(editor, story.id, newest!.id);
      await assert.rejects(store.stories.removeArticle(editor, story.id, newest!.id), storyError('not_in_story', 409));
      assert.deepEqual(await store.stories.ofArticle(newest!.id), []);

      await assert.rejects(store.stories.remove(author, story.id), PermissionDeniedError);
      await store.stories.remove(editor, story.id);
      assert.equal(await store.stories.byId(story.id), undefined);
      // Its memberships went with it; the articles stay.
      const left = await store.db.selectFrom('story_articles').select('article_id').execute();
      assert.deepEqual(left, []);
      assert.ok(await store.articles.findById(published[2]!.id, { publishedOnly: true }));
      assert.deepEqual((await pendingPurges(store)).at(-1), [`story:${story.id}`, 'stories']);
      await assert.rejects(store.stories.remove(editor, story.id), storyError('story_not_found', 404));
    });

    it('lets two stories share an article, and an article deleted leaves its stories', async () => {
      const a = await store.stories.create(editor, { title: 'ملف الصحراء', description: '' });
      const b = await store.stories.create(editor, { title: 'كأس إفريقيا 2025', description: '', slug: 'كان 2025' });
      assert.equal(b.slug, 'كان-2025');
      const shared = published[4]!.id;
      await store.stories.addArticle(editor, a.id, shared);
      await store.stories.addArticle(editor, b.id, shared);
      assert.deepEqual(
        (await store.stories.ofArticle(shared)).map((s) => s.title),
        ['ملف الصحراء', 'كأس إفريقيا 2025'],
      );
      assert.deepEqual(
        (await store.stories.withPublished()).map((s) => s.slug),
        ['ملف-الصحراء', 'كان-2025'],
      );
      await store.db.deleteFrom('articles').where('id', '=', shared).execute();
      assert.deepEqual(await store.stories.members(a.id), []);
      assert.deepEqual(await store.stories.withPublished(), []);
    });
  });
}
