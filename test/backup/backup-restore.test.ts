/**
 * ghad backup → ghad restore into an empty database of the other dialect → backup again: the
 * same table files byte for byte, the same image files, and a newspaper that works: people sign
 * in with their passwords, API tokens still open the API, the scheduled article still
 * publishes at its time, search finds articles by their words. SQLite → PostgreSQL → SQLite.
 * A folder that is not a backup, a damaged backup and a database that already holds a
 * newspaper are refused before anything is written.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { BackupError, type BackupManifest } from '../../src/backup/backup-manifest.ts';
import { BACKUP_TABLES, isLeftOut, LEFT_OUT_TABLES } from '../../src/backup/backup-tables.ts';
import { type RestoreSummary, restoreBackup } from '../../src/backup/restore-backup.ts';
import { type BackupSummary, ghadTables, writeBackup } from '../../src/backup/write-backup.ts';
import { entityKey, surnameKey } from '../../src/entities/entity-key.ts';
import type { FoundEntity } from '../../src/entities/found-entity.ts';
import { MediaFiles } from '../../src/media/media-files.ts';
import { MediaUploads } from '../../src/media/uploads.ts';
import { ApiTokens } from '../../src/newsroom/api-tokens.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { INDEXABLE_COLUMNS, indexableArticle } from '../../src/search/rebuild.ts';
import type { DatabaseOptions } from '../../src/store/database.ts';
import { OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { freshDatabase, temporaryDataDir } from '../helpers/databases.ts';
import { photo } from '../helpers/images.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { importWordPressAndStories } from '../helpers/sample-newspaper.ts';

const PASSWORD = 'كلمة سر غرفة الأخبار';
/** The scheduled article's time: far enough ahead that nothing publishes it during the test. */
const SCHEDULED_AT = new Date('2031-06-15T07:00:00.000Z');

interface Newspaper {
  options: DatabaseOptions;
  dataDir: string;
  store: Store;
}

const stores: Store[] = [];
const cleanups: (() => Promise<void>)[] = [];
const folders: string[] = [];

/** A new database with nothing in it, not even Ghad's tables. */
async function emptyDatabase(dialect: 'sqlite' | 'postgres'): Promise<DatabaseOptions> {
  const database = await freshDatabase(dialect);
  cleanups.push(database.cleanup);
  return database.options;
}

async function open(options: DatabaseOptions): Promise<Newspaper> {
  const store = await openStore(options);
  stores.push(store);
  return { options, dataDir: options.dataDir, store };
}

async function fresh(dialect: 'sqlite' | 'postgres'): Promise<Newspaper> {
  return open(await emptyDatabase(dialect));
}

/** The backup in `dir` restored into a new database, as on a new machine. */
async function restoredInto(
  dialect: 'sqlite' | 'postgres',
  dir: string,
): Promise<Newspaper & { summary: RestoreSummary }> {
  const options = await emptyDatabase(dialect);
  const summary = await restoreBackup(options, dir);
  return { ...(await open(options)), summary };
}

function backupFolder(): string {
  const parent = temporaryDataDir();
  folders.push(parent);
  return path.join(parent, 'backup');
}

after(async () => {
  for (const store of stores) await store.close();
  for (const cleanup of cleanups) await cleanup();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** What the filled newspaper holds beyond its articles, to check after a restore. */
interface Filled {
  scheduledId: number;
  newsroomId: number;
  apiSecret: string;
  uploadHash: string;
}

/** A newspaper with everything a newsroom has: imports, newsroom work, people, curation, keys, hooks. */
async function fillNewspaper({ store, dataDir }: Newspaper): Promise<Filled> {
  const imported = await importWordPressAndStories(store, dataDir);

  const { accounts, sessions } = newsroomAccounts(store.db);
  const people = [
    { email: 'owner@alghad24.ma', displayName: 'مريم العلوي', role: 'owner' },
    { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
    { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
    { email: 'contributor@alghad24.ma', displayName: 'ليلى الفاسي', role: 'contributor' },
  ] as const;
  const users = [];
  for (const person of people) users.push(await accounts.create({ ...person, password: PASSWORD }));
  const [owner, editor, author] = users.map((u) => ({ id: u.id, role: u.role })) as [
    { id: number; role: 'owner' },
    { id: number; role: 'editor' },
    { id: number; role: 'author' },
  ];
  await sessions.create(editor.id, 'Firefox');

  const { media: upload } = await new MediaUploads(store.media, new MediaFiles(dataDir)).upload({
    bytes: await photo(900, 600, 'jpeg', 7),
    originalName: 'mahrajan.jpg',
    uploadedBy: editor.id,
    text: { alt: 'جمهور مهرجان قرطاج', credit: 'وكالة تونس أفريقيا للأنباء' },
  });

  // Written in the newsroom: three revisions, reviewed, published, corrected.
  const [first, second, third] = corpusDrafts(3) as [
    ReturnType<typeof corpusDrafts>[number],
    ReturnType<typeof corpusDrafts>[number],
    ReturnType<typeof corpusDrafts>[number],
  ];
  const draft = await store.newsroomArticles.create(author, first);
  await store.newsroomArticles.save(author, draft.id, 1, { ...first, headline: `${first.headline} (محدث)` });
  await store.newsroomArticles.save(author, draft.id, 2, { ...first, featuredMediaId: upload.id });
  await store.newsroomArticles.transition(author, draft.id, { action: 'submit' });
  await store.newsroomArticles.transition(editor, draft.id, { action: 'publish' });
  await store.newsroomArticles.transition(editor, draft.id, { action: 'correct', note: 'صُحّح اسم الوزير.' });

  // Scheduled: its outbox message publishes it at its time.
  const scheduled = await store.newsroomArticles.create(author, second);
  await store.newsroomArticles.transition(editor, scheduled.id, { action: 'schedule', at: SCHEDULED_AT });

  const other = await store.newsroomArticles.create(editor, third);
  await store.newsroomArticles.transition(editor, other.id, { action: 'publish' });
  await store.curation.setHomePins(editor, [draft.id, imported[1]?.id as number]);
  // An editor's choices in «اقرأ أيضا»: a pin and a removal.
  await store.relatedChoices.change(editor, draft.id, { action: 'pin', relatedId: other.id });
  await store.relatedChoices.change(editor, draft.id, { action: 'remove', relatedId: imported[1]?.id as number });
  // A story («ملف») holding two of them.
  const story = await store.stories.create(editor, {
    title: 'زلزال الحوز',
    description: 'كل ما نشرناه عن زلزال الحوز وإعادة الإعمار.',
  });
  await store.stories.addArticle(editor, story.id, draft.id);
  await store.stories.addArticle(editor, story.id, other.id);
  // Ordered by hand, and moved to a new address: the old one is kept in redirects (024).
  await store.stories.moveArticle(editor, story.id, other.id, 'top');
  await store.stories.changeSlug(editor, story.id, 'زلزال الحوز وإعادة الإعمار');
  // Readers' comments: one approved with a reply and a report, one banned, a mode set.
  await store.comments.setMode(editor, other.id, 'post');
  const reader = (name: string, body: string, addressHash: string, parentId?: number) =>
    store.comments.submit({ articleId: other.id, name, email: '', body, addressHash, parentId });
  const comment = await reader('مواطن من فاس', 'شكرا على المتابعة، ننتظر التفاصيل.', 'a'.repeat(40));
  await store.comments.decide(editor, [comment.id], 'approve');
  await reader('قارئة من طنجة', 'أتفق معك.', 'b'.repeat(40), comment.id);
  await store.comments.report(other.id, comment.id, 'b'.repeat(40));
  const spam = await reader('ربح سريع', 'اربح المال الآن', 'c'.repeat(40));
  await store.comments.decide(editor, [spam.id], 'ban');
  // Live coverage: two entries, one edited (its text before kept), one pinned.
  await store.live.start(editor, other.id);
  const entry = await store.live.add(editor, other.id, {
    body: [{ type: 'paragraph', text: 'وصل فريق الإنقاذ إلى الدوار صباح اليوم.' }],
    keyEvent: true,
  });
  await store.live.edit(editor, entry.id, 1, {
    body: [{ type: 'paragraph', text: 'وصل فريق الإنقاذ إلى الدوار فجر اليوم.' }],
    keyEvent: true,
  });
  const quote = await store.live.add(editor, other.id, {
    body: [{ type: 'quote', text: 'نعمل ليل نهار', cite: 'قائد فرق الإنقاذ' }],
  });
  await store.live.pin(editor, quote.id, true);
  const sections = await store.taxonomy.sections();
  await store.curation.setHomeSectionOrder(editor, sections.map((s) => s.id).reverse());
  await store.curation.markBreaking(editor, other.id, new Date(Date.now() + 3600_000));

  // A section under one created after it: restored before its parent.
  const newest = sections.reduce((a, b) => (b.id > a.id ? b : a));
  const lineage = new Set<number>();
  for (let at: number | null = newest.id; at !== null; at = sections.find((s) => s.id === at)?.parentId ?? null) {
    lineage.add(at);
  }
  const older = sections.find((s) => !lineage.has(s.id)) as (typeof sections)[number];
  await store.db.updateTable('sections').set({ parent_id: newest.id }).where('id', '=', older.id).execute();

  const { secret: apiSecret } = await new ApiTokens(store.db).create({
    kind: 'admin',
    name: 'تطبيق الهاتف',
    userId: owner.id,
  });
  await store.webhooks.subscribe({
    url: 'https://partner.example/hooks/ghad',
    description: 'الشريك',
    topics: ['article.published'],
    createdBy: owner.id,
  });
  await store.db
    .insertInto('article_views')
    // Time as text of another form than toISOString()'s: a backup writes it in that form whatever the dialect.
    .values({ article_id: draft.id, hour: '2026-11-28T10:00:00Z', views: 42 })
    .execute();
  await store.db
    .insertInto('search_log')
    .values({ day: '2026-11-28', query: 'قرطاج', searches: 3, zero_results: 0 })
    .execute();
  // A message already done: a log the job loop prunes, not carried.
  const done = await store.db
    .selectFrom('outbox')
    .select('id')
    .where('topic', '=', OUTBOX_TOPICS.articleChanged)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await store.db
    .updateTable('outbox')
    .set({ processed_at: new Date().toISOString() })
    .where('id', '=', done.id)
    .execute();
  await nameEntities(store, editor.id);
  // The job loop's «اقرأ أيضا» lists, made as a running server makes them.
  while ((await store.related.refreshDue()) > 0) {}
  return { scheduledId: scheduled.id, newsroomId: draft.id, apiSecret, uploadHash: upload.hash };
}

/**
 * Entities named in three articles, and the decisions whose rows point at rows of their own
 * table: an entity merged into a newer one (its merged_into is restored in a second pass), one
 * split from another (split_from), a decision undone by a later one (undone_by).
 */
async function nameEntities(store: Store, editorId: number): Promise<void> {
  const person = (name: string, forms: string[] = []): FoundEntity => ({
    type: 'PER',
    name,
    names: [name, ...forms],
    key: entityKey(name),
    surnameKey: surnameKey(name),
    mentions: 1,
    prominent: false,
    firstSeen: 0,
  });
  const rows = await store.db.selectFrom('articles').select(INDEXABLE_COLUMNS).orderBy('id').limit(3).execute();
  const [first, second, third] = rows.map((a) => a.id) as [number, number, number];
  const found = new Map([
    [first, [person('سعد الدين العثماني', ['العثماني'])]],
    [second, [person('عزيز أخنوش')]],
    [third, [person('العثماني سعد الدين'), person('عزيز اخنوش')]],
  ]);
  await store.db.transaction().execute((trx) => store.entities.indexWithin(trx, rows.map(indexableArticle), found));
  const idOf = async (name: string) =>
    (await store.db.selectFrom('entities').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const akhannouch = await idOf('عزيز أخنوش');
  await store.entities.merge(await idOf('سعد الدين العثماني'), await idOf('العثماني سعد الدين'), editorId);
  const confirmed = await store.entities.confirm(akhannouch, editorId);
  await store.entities.undo(confirmed.decisionId, editorId);
  await store.entities.split(akhannouch, { articleIds: [third] }, 'عزيز أخنوش (الابن)', editorId);
}

function manifestOf(dir: string): BackupManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
}

/** The manifest without what differs between two backups of the same newspaper. */
/** The manifest without what differs between two backups of the same newspaper, and without the tables `without`. */
function comparable(manifest: BackupManifest, without: readonly string[] = []): object {
  const { createdAt: _createdAt, dialect: _dialect, ...rest } = manifest;
  return {
    ...rest,
    tables: rest.tables.filter((t) => !without.includes(t.name)),
    files: rest.files.filter((f) => !without.some((table) => f.path === `tables/${table}.jsonl`)),
  };
}

function assertSameBackup(actual: string, expected: string, without: readonly string[] = []): void {
  assert.deepEqual(comparable(manifestOf(actual), without), comparable(manifestOf(expected), without));
  for (const { path: file } of (comparable(manifestOf(expected), without) as BackupManifest).files) {
    assert.ok(fs.readFileSync(path.join(actual, file)).equals(fs.readFileSync(path.join(expected, file))), file);
  }
}

/** The tables of names and entities (migration 014). */
const ENTITY_TABLES = ['entities', 'entity_names', 'article_entities', 'entity_decisions'];
const COMMENT_TABLES = [
  'comments',
  'comment_addresses',
  'comment_reports',
  'comment_bans',
  'comment_moderation_log',
  'comment_settings',
];
const LIVE_TABLES = ['live_coverages', 'live_entries', 'live_entry_revisions', 'live_changes'];

async function counts(store: Store): Promise<{ articles: number; users: number; media: number }> {
  const count = async (table: 'articles' | 'users' | 'media') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { articles: await count('articles'), users: await count('users'), media: await count('media') };
}

describe('backup from SQLite, restore into PostgreSQL, and back', () => {
  let source: Newspaper;
  let filled: Filled;
  let first: string;
  let summary: BackupSummary;

  before(async () => {
    source = await fresh('sqlite');
    filled = await fillNewspaper(source);
    first = backupFolder();
    summary = await writeBackup(source.store, source.dataDir, first);
  });

  it('holds every table with rows, the image files, and is readable by its owner only', () => {
    const manifest = manifestOf(first);
    assert.equal(manifest.dialect, 'sqlite');
    assert.equal(manifest.migration, '025-related-terms');
    const rows: Record<string, number> = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    for (const table of manifest.tables.map((t) => t.name)) {
      // No webhook was sent, and the «اقرأ أيضا» queue is empty once its lists are made.
      const empty = ['webhook_deliveries', 'webhook_attempts', 'related_pending'];
      if (!empty.includes(table)) assert.ok((rows[table] ?? 0) > 0, table);
    }
    assert.equal(rows.users, 4);
    assert.equal(summary.articles, rows.articles);
    assert.ok((rows.article_revisions ?? 0) >= 5, 'the newsroom article has three revisions');
    for (const table of Object.keys(LEFT_OUT_TABLES)) assert.ok(!(table in rows), `${table} is left out`);
    assert.ok(
      manifest.files.some((f) => f.path.startsWith(`media/${filled.uploadHash.slice(0, 2)}/${filled.uploadHash}/`)),
      'the upload’s variants',
    );
    assert.ok(
      manifest.files.some((f) => /^media\/[0-9a-f]{2}\/[0-9a-f]{64}\.\w+$/.test(f.path)),
      'the WordPress copies',
    );
    assert.equal(fs.statSync(first).mode & 0o777, 0o700);
    for (const { path: file } of manifest.files) assert.equal(fs.statSync(path.join(first, file)).mode & 0o777, 0o600);
    const outbox = fs.readFileSync(path.join(first, 'tables/outbox.jsonl'), 'utf8');
    assert.ok(!outbox.includes('"processed_at":"'), 'only messages still to do');
  });

  for (const [via, back] of [
    ['postgres', 'sqlite'],
    ['sqlite', 'postgres'],
  ] as const) {
    describe(`restored into an empty ${via} database, backed up again, restored into ${back}`, () => {
      let middle: Newspaper & { summary: RestoreSummary };
      let last: Newspaper;
      let again: string;
      let third: string;

      before(async () => {
        middle = await restoredInto(via, first);
        assert.equal(middle.summary.articles, summary.articles);
        assert.deepEqual([middle.summary.from, middle.summary.to, middle.summary.migrated], ['sqlite', via, []]);
        again = backupFolder();
        await writeBackup(middle.store, middle.dataDir, again);
        last = await restoredInto(back, again);
        third = backupFolder();
        await writeBackup(last.store, last.dataDir, third);
      });

      it('gives the same table files, byte for byte, and the same image files', () => {
        assertSameBackup(again, first);
        assertSameBackup(third, first);
        for (const { path: file } of manifestOf(first).files.filter((f) => f.path.startsWith('media/'))) {
          const restored = path.join(last.dataDir, file);
          assert.ok(fs.readFileSync(restored).equals(fs.readFileSync(path.join(first, file))), file);
        }
      });

      for (const which of ['middle', 'last'] as const) {
        it(`lets people sign in and API tokens work, but signs everyone out (${which})`, async () => {
          const { store } = which === 'middle' ? middle : last;
          const { accounts } = newsroomAccounts(store.db);
          const signedIn = await accounts.signIn('Editor@alghad24.ma', PASSWORD);
          assert.ok(signedIn.ok && signedIn.user.role === 'editor');
          assert.equal((await accounts.signIn('editor@alghad24.ma', 'كلمة أخرى خاطئة تماما')).ok, false);
          assert.equal((await new ApiTokens(store.db).check(filled.apiSecret)).status, 'valid');
          assert.equal((await store.db.selectFrom('sessions').selectAll().execute()).length, 0);
          // New rows take new ids (PostgreSQL's sequences were moved past the restored ones).
          const newcomer = await accounts.create({
            email: `new-${which}@alghad24.ma`,
            role: 'author',
            password: PASSWORD,
          });
          assert.ok(newcomer.id > 4);
        });

        it(`still publishes the scheduled article at its time, and finds articles by a word of their body (${which})`, async () => {
          const { store } = which === 'middle' ? middle : last;
          const due = await store.db
            .selectFrom('outbox')
            .selectAll()
            .where('topic', '=', OUTBOX_TOPICS.publishDue)
            .where('processed_at', 'is', null)
            .execute();
          // The WordPress fixture's scheduled post (2 March 2031) and the newsroom's.
          assert.deepEqual(
            due
              .map((m) => [m.article_id, new Date(m.available_at).toISOString()])
              .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
            [
              [6, '2031-03-02T08:30:00.000Z'],
              [filled.scheduledId, SCHEDULED_AT.toISOString()],
            ],
          );
          assert.equal(await store.outbox.hasDue(new Date(SCHEDULED_AT.getTime() - 1)), true, 'purges still to do');

          const article = await store.db
            .selectFrom('articles')
            .select(['body_text', 'id'])
            .where('id', '=', filled.newsroomId)
            .executeTakeFirstOrThrow();
          const word = article.body_text
            .split(/\s+/)
            .filter((w) => /^\p{L}+$/u.test(w))
            .sort((a, b) => b.length - a.length)[0] as string;
          const found = await store.search.search({ text: word, limit: 100, offset: 0 });
          assert.ok(
            found.hits.some((hit) => hit.articleId === filled.newsroomId),
            `«${word}» finds the article`,
          );

          if (which === 'last') {
            const published = await store.db
              .transaction()
              .execute((trx) =>
                store.newsroomArticles.publishDueWithin(trx, filled.scheduledId, SCHEDULED_AT, SCHEDULED_AT),
              );
            assert.equal(published?.status, 'published');
          }
        });
      }
    });
  }
});

describe('restore on bad input', () => {
  let source: Newspaper;
  let backup: string;

  before(async () => {
    source = await fresh('sqlite');
    const [draft] = corpusDrafts(1) as [ReturnType<typeof corpusDrafts>[number]];
    await source.store.newsroomArticles.create({ id: 1, role: 'editor' }, draft);
    await newsroomAccounts(source.store.db).accounts.create({
      email: 'editor@alghad24.ma',
      role: 'editor',
      password: PASSWORD,
    });
    await new MediaUploads(source.store.media, new MediaFiles(source.dataDir)).upload({
      bytes: await photo(400, 300, 'png', 3),
      originalName: 'shamsia.png',
      uploadedBy: null,
    });
    backup = backupFolder();
    await writeBackup(source.store, source.dataDir, backup);
  });

  async function refused(dir: string, message: RegExp, target?: Newspaper): Promise<void> {
    const options = target?.options ?? (await emptyDatabase('sqlite'));
    const before = target ? await counts(target.store) : { articles: 0, users: 0, media: 0 };
    await assert.rejects(restoreBackup(options, dir), (error: Error) => {
      assert.ok(error instanceof BackupError);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    });
    if (!target) assert.ok(!fs.existsSync(path.join(options.dataDir, 'media')), 'no image files written');
    assert.deepEqual(await counts((target ?? (await open(options))).store), before, 'nothing written');
  }

  it('refuses a folder that is not a backup', async () => {
    await refused(source.dataDir, /is not a Ghad backup \(no manifest\.json\)/);
  });

  it('refuses a damaged backup: one byte changed in a table, or an image file missing', async () => {
    const damaged = backupFolder();
    fs.cpSync(backup, damaged, { recursive: true });
    const articles = path.join(damaged, 'tables/articles.jsonl');
    fs.writeFileSync(articles, fs.readFileSync(articles, 'utf8').replace('"status":"draft"', '"status":"drafu"'));
    await refused(damaged, /is damaged: tables\/articles\.jsonl does not match its checksum/);

    const missing = backupFolder();
    fs.cpSync(backup, missing, { recursive: true });
    const image = manifestOf(missing).files.find((f) => f.path.startsWith('media/'))?.path as string;
    fs.rmSync(path.join(missing, image));
    await refused(missing, /is damaged: media\/.* is missing/);
  });

  it('refuses a backup of a newer Ghad', async () => {
    const newer = backupFolder();
    fs.cpSync(backup, newer, { recursive: true });
    fs.writeFileSync(
      path.join(newer, 'manifest.json'),
      JSON.stringify({ ...manifestOf(newer), migration: '099-future' }),
    );
    await refused(newer, /was made by a newer Ghad \(migration 099-future/);
  });

  it('brings a backup of an older Ghad up to date: the later migrations run on its rows', async () => {
    // The backup as Ghad made it before 013 added article_sections (which 013 fills from
    // articles), 014 the entities, 017 the near-copy fingerprints, 018 their pairs (which
    // 017 and 018 make from the articles), 019 the «اقرأ أيضا» lists (queued by 019, made
    // as the job loop makes them), 020 editors' choices in them, 021 stories, 022 comments and 025 the words «اقرأ أيضا» counts
    // (which 025 counts from the articles).
    const older = backupFolder();
    fs.cpSync(backup, older, { recursive: true });
    const manifest = manifestOf(older);
    const later = [
      'article_sections',
      ...ENTITY_TABLES,
      'near_copy_bands',
      'near_copies',
      'related_lists',
      'related_pending',
      'related_choices',
      'stories',
      'story_articles',
      ...COMMENT_TABLES,
      'related_term_counts',
      'related_term_sets',
      'related_term_postings',
      ...LIVE_TABLES,
    ];
    for (const table of later) fs.rmSync(path.join(older, `tables/${table}.jsonl`));
    // 024 gave redirects a story_id (a story's earlier address): a backup from before has none.
    const redirectsFile = path.join(older, 'tables/redirects.jsonl');
    const redirects = fs
      .readFileSync(redirectsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((row) => row.story_id === null)
      .map(({ story_id: _, ...row }) => `${JSON.stringify(row)}\n`)
      .join('');
    fs.writeFileSync(redirectsFile, redirects);
    fs.writeFileSync(
      path.join(older, 'manifest.json'),
      JSON.stringify({
        ...manifest,
        migration: '012-audience',
        tables: manifest.tables
          .filter((t) => !later.includes(t.name))
          .map((t) =>
            t.name === 'redirects'
              ? { ...t, rows: redirects.split('\n').length - 1, columns: t.columns.filter((c) => c !== 'story_id') }
              : t,
          ),
        files: manifest.files
          .filter((f) => !later.some((table) => f.path === `tables/${table}.jsonl`))
          .map((f) =>
            f.path === 'tables/redirects.jsonl'
              ? {
                  ...f,
                  bytes: Buffer.byteLength(redirects),
                  sha256: createHash('sha256').update(redirects).digest('hex'),
                }
              : f,
          ),
      }),
    );
    const restored = await restoredInto('postgres', older);
    assert.deepEqual(restored.summary.migrated, [
      '013-article-sections',
      '014-entities',
      '015-entity-spellings',
      '016-cache-nodes',
      '017-near-copies',
      '018-near-copy-pairs',
      '019-related-lists',
      '020-related-choices',
      '021-stories',
      '022-comments',
      '023-live-coverage',
      '024-story-order-and-addresses',
      '025-related-terms',
    ]);
    while ((await restored.store.related.refreshDue()) > 0) {}
    const copy = backupFolder();
    await writeBackup(restored.store, restored.dataDir, copy);
    // Everything but the entities, which 014 cannot make (they come from indexing the articles),
    // and the stories and comments, which editors and readers make.
    assertSameBackup(copy, backup, [...ENTITY_TABLES, 'stories', 'story_articles', ...COMMENT_TABLES, ...LIVE_TABLES]);

    await refused(
      older,
      /older Ghad \(migration 012-audience\) and the database has run later migrations/,
      await fresh('sqlite'),
    );
  });

  it('refuses a database that holds a newspaper, and replaces it when told to', async () => {
    await refused(backup, /is not empty \(1 articles, 1 users\).*--replace/, source);
    const target = await fresh('postgres');
    await fillNewspaper(target);
    await assert.rejects(restoreBackup(target.options, backup), /is not empty/);
    await restoreBackup(target.options, backup, { replace: true });
    assert.deepEqual(await counts(target.store), { articles: 1, users: 1, media: 1 });
    const copy = backupFolder();
    await writeBackup(target.store, target.dataDir, copy);
    assertSameBackup(copy, backup);
  });

  it('refuses to write into a folder that holds files', async () => {
    await assert.rejects(
      writeBackup(source.store, source.dataDir, backup),
      /already exists and is not an empty folder/,
    );
  });
});

describe('the tables a backup knows', () => {
  it('are every table of the schema, carried or left out, with every point in time declared', async () => {
    const { store } = await fresh('postgres');
    // Another schema in the same database is not the newspaper's.
    await sql`create schema archive`.execute(store.db);
    await sql`create table archive.notes (id integer primary key)`.execute(store.db);
    const tables = await ghadTables(store.db);
    assert.deepEqual(
      tables
        .filter((t) => !isLeftOut(t.name))
        .map((t) => t.name)
        .sort(),
      BACKUP_TABLES.map((t) => t.name).sort(),
    );
    for (const table of BACKUP_TABLES) {
      const columns = tables.find((t) => t.name === table.name)?.columns ?? [];
      assert.deepEqual(
        columns
          .filter((c) => c.dataType === 'timestamptz')
          .map((c) => c.name)
          .sort(),
        [...table.timestamps].sort(),
        table.name,
      );
    }
  });
});
