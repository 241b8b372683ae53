/**
 * The admin API on SQLite and PostgreSQL, through inject(): every role's token against the
 * newsroom's permission policy, tokens missing, of the wrong kind, revoked or with an explicit
 * lower role; revision conflicts (409, nothing lost); and bad bodies (unknown fields, wrong
 * types, huge arrays, broken JSON, another media type) refused with a stable code, never 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { ArticleDraft } from '../../src/content/article-draft.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { hashSecretToken } from '../../src/newsroom/secret-token.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { newsroomPeople } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';

const DRAFTS = corpusDrafts(6);
/** A token an administrator made in the owner's name before tokens were capped at their maker. */
const OLD_OWNER_TOKEN = `ghad_a_${'owner'.repeat(8)}abc`;

for (const dialect of DIALECTS) {
  describe(`admin API (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let people: Awaited<ReturnType<typeof newsroomPeople>>;
    const tokens: Record<string, string> = {};

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      people = await newsroomPeople(store);
      const { apiTokens } = newsroomAccounts(store.db);
      for (const [name, user] of Object.entries(people)) {
        tokens[name] = (await apiTokens.create({ kind: 'admin', name: `أداة ${name}`, userId: user.id })).secret;
      }
      tokens.content = (await apiTokens.create({ kind: 'content', name: 'قراءة', userId: people.editor.id })).secret;
      // An editor's token that acts as a contributor: the lower role decides.
      tokens.editorAsContributor = (
        await apiTokens.create({ kind: 'admin', name: 'مساهمات آلية', userId: people.editor.id, role: 'contributor' })
      ).secret;
      const revoked = await apiTokens.create({ kind: 'admin', name: 'ملغى', userId: people.editor.id });
      await apiTokens.revoke(revoked.token.id);
      tokens.revoked = revoked.secret;
      app = await buildApp({ config: testConfig({ dataDir: fresh.options.dataDir }), store, invalidationPollMs: 0 });
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    function call(method: 'GET' | 'POST' | 'PUT', url: string, token: string | undefined, payload?: unknown) {
      return app.inject({
        method,
        url: `/api/v1${url}`,
        headers: token ? { authorization: `Bearer ${tokens[token] ?? token}` } : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    }

    function expectError(
      response: { statusCode: number; json(): unknown },
      status: number,
      code: string,
      field?: string,
    ) {
      assert.equal(response.statusCode, status, JSON.stringify(response.json()));
      const { error } = response.json() as {
        error: { code: string; message: string; messageAr: string; field?: string };
      };
      assert.equal(error.code, code);
      if (field !== undefined) assert.equal(error.field, field);
      assert.ok(error.message && /[\u0600-\u06ff]/.test(error.messageAr), 'English and Arabic messages');
    }

    it('refuses writes without an admin token: missing, unknown, revoked, or a content key', async () => {
      const draft = DRAFTS[0];
      expectError(await call('POST', '/admin/articles', undefined, draft), 401, 'token_required');
      expectError(
        await call('POST', '/admin/articles', 'ghad_a_nonononononononononononononononononononono', draft),
        401,
        'invalid_token',
      );
      expectError(await call('POST', '/admin/articles', 'revoked', draft), 401, 'token_revoked');
      expectError(await call('POST', '/admin/articles', 'content', draft), 403, 'admin_token_required');
      // Even a broken body is refused for the token first.
      expectError(await call('POST', '/admin/articles', undefined, { headline: 5 }), 401, 'token_required');
      assert.equal(await store.articles.countAll(), 0, 'nothing was written');
    });

    it('lets each role do what the newsroom lets it do, and nothing more', async () => {
      // A contributor writes a draft and sends it for review, but cannot publish it.
      const created = await call('POST', '/admin/articles', 'contributor', DRAFTS[0]);
      assert.equal(created.statusCode, 201, created.body);
      const draft = created.json() as { id: number; status: string; revision: number; url: string | null };
      assert.deepEqual([draft.status, draft.revision, draft.url], ['draft', 1, null]);
      const row = await store.db
        .selectFrom('articles')
        .select('owner_user_id')
        .where('id', '=', draft.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.owner_user_id, people.contributor.id, 'owned by the token’s user');
      expectError(
        await call('POST', `/admin/articles/${draft.id}/transitions`, 'contributor', { action: 'publish' }),
        403,
        'forbidden',
      );
      const submitted = await call('POST', `/admin/articles/${draft.id}/transitions`, 'contributor', {
        action: 'submit',
      });
      assert.equal(submitted.json().status, 'in_review');
      // Once submitted, a contributor can no longer edit it; another author never could.
      expectError(
        await call('PUT', `/admin/articles/${draft.id}`, 'contributor', { ...DRAFTS[0], baseRevision: 1 }),
        403,
        'forbidden',
      );
      // An article one may not view answers as one that does not exist (issue 17): same 404, same body.
      const hidden = await call('GET', `/admin/articles/${draft.id}`, 'author', undefined);
      expectError(hidden, 404, 'article_not_found');
      assert.deepEqual(hidden.json(), (await call('GET', '/admin/articles/99999999', 'author', undefined)).json());
      // An editor publishes anyone's article; the answer carries its public URL.
      const published = await call('POST', `/admin/articles/${draft.id}/transitions`, 'editor', { action: 'publish' });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal(published.json().status, 'published');
      assert.match(published.json().url, /^https:\/\/alghad24\.test\/article\/\d+\//);

      // An author publishes their own article, not another author's.
      const own = (await call('POST', '/admin/articles', 'author', DRAFTS[1])).json() as { id: number };
      expectError(
        await call('POST', `/admin/articles/${own.id}/transitions`, 'otherAuthor', { action: 'publish' }),
        404,
        'article_not_found',
      );
      const mine = await call('POST', `/admin/articles/${own.id}/transitions`, 'author', { action: 'publish' });
      assert.equal(mine.json().status, 'published');
      const corrected = await call('POST', `/admin/articles/${own.id}/transitions`, 'author', {
        action: 'correct',
        note: 'صُحّح اسم الولاية في الفقرة الثانية.',
      });
      assert.equal(corrected.statusCode, 200);
      assert.deepEqual(
        (await store.newsroomArticles.corrections(own.id)).map((c) => c.note),
        ['صُحّح اسم الولاية في الفقرة الثانية.'],
      );

      // The editor's contributor-role token may not publish, though the editor may.
      const third = (await call('POST', '/admin/articles', 'editorAsContributor', DRAFTS[2])).json() as { id: number };
      expectError(
        await call('POST', `/admin/articles/${third.id}/transitions`, 'editorAsContributor', { action: 'publish' }),
        403,
        'forbidden',
      );
      assert.equal(
        (await call('POST', `/admin/articles/${third.id}/transitions`, 'editor', { action: 'publish' })).statusCode,
        200,
      );

      // The workflow's own rules: no second publication, no schedule without a time.
      expectError(
        await call('POST', `/admin/articles/${third.id}/transitions`, 'editor', { action: 'publish' }),
        409,
        'invalid_transition',
      );
      const fourth = (await call('POST', '/admin/articles', 'editor', DRAFTS[3])).json() as { id: number };
      expectError(
        await call('POST', `/admin/articles/${fourth.id}/transitions`, 'editor', { action: 'schedule' }),
        400,
        'schedule_time_required',
      );
      const at = new Date(Date.now() + 3600_000).toISOString();
      const scheduled = await call('POST', `/admin/articles/${fourth.id}/transitions`, 'editor', {
        action: 'schedule',
        at,
      });
      assert.equal(scheduled.json().status, 'scheduled');
      assert.equal(scheduled.json().publishedAt, at);
      expectError(
        await call('POST', '/admin/articles/999999/transitions', 'editor', { action: 'publish' }),
        404,
        'article_not_found',
      );
    });

    it('lets the owner and administrators publish anyone’s article, and caps a token at its user’s role of the moment', async () => {
      for (const who of ['owner', 'administrator'] as const) {
        const draft = (await call('POST', '/admin/articles', 'contributor', DRAFTS[1])).json() as { id: number };
        const published = await call('POST', `/admin/articles/${draft.id}/transitions`, who, { action: 'publish' });
        assert.equal(published.statusCode, 200, `${who}: ${published.body}`);
        assert.equal(published.json().status, 'published');
      }
      // An editor's editor-role token, after the editor is made an author: it acts as an author.
      const { apiTokens, accounts } = newsroomAccounts(store.db);
      const demoted = await accounts.create({
        email: 'demoted@alghad24.ma',
        displayName: 'عمر الشرقاوي',
        role: 'editor',
        password: 'كلمة سر غرفة الأخبار',
      });
      const { secret } = await apiTokens.create({
        kind: 'admin',
        name: 'أداة التحرير',
        userId: demoted.id,
        role: 'editor',
      });
      const someone = (await call('POST', '/admin/articles', 'author', DRAFTS[2])).json() as { id: number };
      await call('POST', `/admin/articles/${someone.id}/transitions`, 'author', { action: 'submit' });
      await store.db.updateTable('users').set({ role: 'author' }).where('id', '=', demoted.id).execute();
      // Now an author: another author's article is one it may not even view (404).
      expectError(
        await call('POST', `/admin/articles/${someone.id}/transitions`, secret, { action: 'publish' }),
        404,
        'article_not_found',
      );
      await accounts.disable(demoted.id);
      expectError(
        await call('POST', `/admin/articles/${someone.id}/transitions`, secret, { action: 'publish' }),
        401,
        'account_disabled',
      );
    });

    it('kills a token with the administrator who made it in someone else’s name, and caps it at its maker’s role (issue 17)', async () => {
      const { apiTokens, accounts } = newsroomAccounts(store.db);
      const maker = await accounts.create({
        email: 'maker@alghad24.ma',
        displayName: 'حسن المنصوري',
        role: 'administrator',
        password: 'كلمة سر غرفة الأخبار',
      });
      // In the owner's name: never above the administrator who makes it.
      await assert.rejects(
        apiTokens.create({ kind: 'admin', name: 'باسم المالك', userId: people.owner.id, createdBy: maker.id }),
        (error: Error & { code?: string }) => error.code === 'role_too_high',
      );
      const ownersRow = await store.db
        .insertInto('api_tokens')
        .values({
          kind: 'admin',
          name: 'قديم باسم المالك',
          token_hash: hashSecretToken(OLD_OWNER_TOKEN),
          prefix: 'ghad_a_owne',
          user_id: people.owner.id,
          role: null,
          rate_limit: null,
          created_by: maker.id,
          created_at: new Date().toISOString(),
          last_used_at: null,
          revoked_at: null,
        })
        .executeTakeFirst();
      assert.ok(ownersRow);
      const asOwner = await apiTokens.check(OLD_OWNER_TOKEN);
      assert.ok(asOwner.status === 'valid' && asOwner.actor.role === 'administrator', JSON.stringify(asOwner));

      // In the editor's name, made by the administrator: works while both are active.
      const { secret } = await apiTokens.create({
        kind: 'admin',
        name: 'باسم المحرر',
        userId: people.editor.id,
        createdBy: maker.id,
      });
      const draft = (await call('POST', '/admin/articles', 'contributor', DRAFTS[3])).json() as { id: number };
      await call('POST', `/admin/articles/${draft.id}/transitions`, 'contributor', { action: 'submit' });
      const published = await call('POST', `/admin/articles/${draft.id}/transitions`, secret, { action: 'publish' });
      assert.equal(published.statusCode, 200, published.body);
      await accounts.disable(maker.id);
      expectError(
        await call('POST', `/admin/articles/${draft.id}/transitions`, secret, { action: 'unpublish' }),
        401,
        'token_creator_disabled',
      );
      assert.equal((await apiTokens.check(OLD_OWNER_TOKEN)).status, 'disabled_creator');
      // A disabled administrator makes no more tokens.
      await assert.rejects(
        apiTokens.create({ kind: 'admin', name: 'بعد التعطيل', userId: people.editor.id, createdBy: maker.id }),
        (error: Error & { code?: string }) => error.code === 'disabled_user',
      );
      // Enabled again, the maker's tokens work again (revoke them to end them for good).
      await accounts.enable(maker.id);
      const unpublished = await call('POST', `/admin/articles/${draft.id}/transitions`, secret, {
        action: 'unpublish',
      });
      assert.equal(unpublished.statusCode, 200, unpublished.body);
    });

    it('publishes through the outbox: the content API shows the article once the job loop has purged', async () => {
      const created = (await call('POST', '/admin/articles', 'editor', DRAFTS[4])).json() as { id: number };
      const before = await app.inject('/api/v1/articles?limit=3');
      await call('POST', `/admin/articles/${created.id}/transitions`, 'editor', { action: 'publish' });
      const loop = new JobLoop({ store, timeZone: 'Africa/Casablanca', onPurge: (tags) => app.pageCache.purge(tags) });
      assert.ok((await loop.runDue()) >= 1);
      const after = await app.inject({
        url: '/api/v1/articles?limit=3',
        headers: { 'if-none-match': before.headers.etag as string },
      });
      assert.equal(after.statusCode, 200);
      assert.equal(after.json().data[0].id, created.id);
    });

    it('makes one article for a create sent again with the same Idempotency-Key (its answer was lost), per user', async () => {
      const draft = DRAFTS[4]!;
      const create = (token: string, key: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/admin/articles',
          headers: { authorization: `Bearer ${tokens[token]}`, 'idempotency-key': key },
          payload: draft as object,
        });
      const first = await create('editor', 'desk-2026-0042');
      assert.equal(first.statusCode, 201, first.body);
      const again = await create('editor', 'desk-2026-0042');
      assert.equal(again.statusCode, 201, again.body);
      assert.deepEqual(again.json(), first.json());
      // Another user's key is their own: the same key makes their own article.
      const theirs = await create('owner', 'desk-2026-0042');
      assert.notEqual((theirs.json() as { id: number }).id, (first.json() as { id: number }).id);
      const made = await store.db
        .selectFrom('articles')
        .select('id')
        .where('external_id', 'like', 'admin-api:%:desk-2026-0042')
        .execute();
      assert.equal(made.length, 2, 'one for each user');
      expectError(await create('editor', 'مفتاح بالعربية'), 400, 'invalid_format', 'idempotency-key');
    });

    it('saves from a revision, and answers 409 with the current revision when someone saved since', async () => {
      const created = (await call('POST', '/admin/articles', 'author', DRAFTS[5])).json() as { id: number };
      const read = await call('GET', `/admin/articles/${created.id}`, 'author');
      assert.equal(read.statusCode, 200);
      const { revision, article } = read.json() as { revision: number; article: ArticleDraft };
      assert.equal(article.headline, DRAFTS[5]!.headline);
      const saved = await call('PUT', `/admin/articles/${created.id}`, 'author', {
        ...article,
        headline: 'عنوان جديد بعد المراجعة',
        baseRevision: revision,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().revision, revision + 1);
      const stale = await call('PUT', `/admin/articles/${created.id}`, 'editor', {
        ...article,
        headline: 'نسخة قديمة من المحرر',
        baseRevision: revision,
      });
      expectError(stale, 409, 'revision_conflict');
      const conflict = stale.json().error as { currentRevision: number; keptAsRevision: number };
      assert.equal(conflict.currentRevision, revision + 1);
      const kept = await store.newsroomArticles.revision(
        { id: people.editor.id, role: 'editor' },
        created.id,
        conflict.keptAsRevision,
      );
      assert.equal(kept.snapshot.headline, 'نسخة قديمة من المحرر', 'the stale text is kept, not lost');
      assert.equal(
        (await store.articles.findById(created.id, { publishedOnly: false }))?.headline,
        'عنوان جديد بعد المراجعة',
      );
    });

    it('refuses bad bodies with a stable code and the field, and never answers 500', async () => {
      const draft = DRAFTS[0]!;
      const cases: [unknown, string, string][] = [
        [{ ...draft, surprise: 1 }, 'unknown_field', 'surprise'],
        [{ ...draft, headline: 5 }, 'wrong_type', 'headline'],
        [{ ...draft, tags: 'تونس' }, 'wrong_type', 'tags'],
        [{ ...draft, tags: Array.from({ length: 1000 }, (_, i) => `وسم ${i}`) }, 'too_many_items', 'tags'],
        [{ ...draft, bylines: [{ name: 'أ', kind: 'robot' }] }, 'invalid_value', 'bylines[0].kind'],
        [{ ...draft, bylines: [{ name: 'أ', extra: true }] }, 'unknown_field', 'bylines[0].extra'],
        [{ ...draft, body: [{ type: 'paragraph', text: 'نص', onclick: 'x' }] }, 'unknown_field', 'body[0].onclick'],
        [{ ...draft, body: [{ type: 'script', text: 'x' }] }, 'invalid_value', 'body[0].type'],
        [{ ...draft, headline: 'ع'.repeat(301) }, 'too_long', 'headline'],
        [{ ...draft, headline: '   ' }, 'headline_required', 'headline'],
        [{ ...draft, sectionSlug: 'لا-يوجد' }, 'unknown_section', 'sectionSlug'],
        [{ headline: 'عنوان' }, 'missing_field', 'sectionSlug'],
        [[], 'wrong_type', ''],
      ];
      for (const [body, code, field] of cases) {
        const response = await call('POST', '/admin/articles', 'editor', body);
        expectError(response, 400, code, field || undefined);
      }
      const raw = (payload: string, type: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/admin/articles',
          headers: { authorization: `Bearer ${tokens.editor}`, 'content-type': type },
          payload,
        });
      expectError(await raw('{"headline": "عنوان", ', 'application/json'), 400, 'invalid_json');
      expectError(await raw('headline=x', 'text/plain'), 415, 'unsupported_media_type');
      const huge = JSON.stringify({ ...draft, body: [{ type: 'paragraph', text: 'ا'.repeat(5 * 1024 * 1024) }] });
      expectError(await raw(huge, 'application/json'), 413, 'body_too_large');
      const transitions = [
        [{ action: 'explode' }, 'invalid_value', 'action'],
        [{ action: 'schedule', at: 'tomorrow' }, 'invalid_format', 'at'],
        [{ action: 'correct', note: 7 }, 'wrong_type', 'note'],
        [{}, 'missing_field', 'action'],
      ] as const;
      const target = (await call('POST', '/admin/articles', 'editor', draft)).json() as { id: number };
      for (const [body, code, field] of transitions) {
        expectError(await call('POST', `/admin/articles/${target.id}/transitions`, 'editor', body), 400, code, field);
      }
      expectError(
        await call('PUT', `/admin/articles/${target.id}`, 'editor', draft),
        400,
        'missing_field',
        'baseRevision',
      );
      expectError(
        await call('PUT', `/admin/articles/${target.id}`, 'editor', { ...draft, baseRevision: '1' }),
        400,
        'wrong_type',
        'baseRevision',
      );
      expectError(
        await call('PUT', '/admin/articles/abc', 'editor', { ...draft, baseRevision: 1 }),
        400,
        'bad_parameter',
        'id',
      );
    });
  });
}
