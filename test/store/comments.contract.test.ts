/**
 * Readers' comments on SQLite and PostgreSQL: a comment goes through the checks with what the
 * store knows of its address (flood, repeats, trust, bans) and is kept approved, pending with
 * its reason, or as spam; editors decide (an author may not), each decision logged and the
 * article's page purged through the outbox in the same transaction; reports take a comment
 * back to the queue; address hashes are forgotten after 30 days; comments go with their article.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addressHash } from '../../src/comments/address-hash.ts';
import { CommentError } from '../../src/comments/comment.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { type Actor, PermissionDeniedError } from '../../src/newsroom/policy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { pendingPurges } from '../helpers/outbox.ts';

const RECORDS = jawharaRecords(6);
const KEY = 'مفتاح الاختبار';
const T0 = new Date('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const refusal = (code: string, status: number) => (e: unknown) =>
  e instanceof CommentError && e.code === code && e.status === status && e.messageAr.length > 0;

for (const dialect of DIALECTS) {
  describe(`comments (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let editor: Actor;
    let author: Actor;
    let articleId: number;
    let otherArticleId: number;
    const reader = addressHash(KEY, '203.0.113.7');
    const other = addressHash(KEY, '198.51.100.20');
    const say = (body: string, when: Date, extra: { address?: string; parentId?: number; article?: number } = {}) =>
      store.comments.submit(
        {
          articleId: extra.article ?? articleId,
          name: 'مواطن من فاس',
          email: '',
          body,
          addressHash: extra.address ?? reader,
          parentId: extra.parentId,
        },
        when,
      );

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      const { accounts } = newsroomAccounts(store.db);
      const e = await accounts.create({
        email: 'editor@alghad24.ma',
        displayName: 'سلمى بنعلي',
        role: 'editor',
        password: 'كلمة سر التعليقات',
      });
      const a = await accounts.create({
        email: 'author@alghad24.ma',
        displayName: 'يوسف الإدريسي',
        role: 'author',
        password: 'كلمة سر التعليقات',
      });
      editor = { id: e.id, role: 'editor' };
      author = { id: a.id, role: 'author' };
      await store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle));
      const published = await store.articles.listPublishedPage({ limit: 2 });
      articleId = published[0]!.id;
      otherArticleId = published[1]!.id;
      // What the import wrote to the outbox is done: what follows is the comments' own.
      await store.db.updateTable('outbox').set({ processed_at: T0.toISOString() }).execute();
    });
    after(async () => {
      await store.close();
      await cleanup();
    });

    it('holds a new commenter under pre-moderation, shows nothing until an editor approves, and purges on approval', async () => {
      assert.equal(await store.comments.mode(articleId), 'pre');
      const first = await say('شكرا على هذا التقرير المفصل، نتمنى متابعة الموضوع.', at(0));
      assert.deepEqual(
        { status: first.status, reason: first.heldReason },
        { status: 'pending', reason: 'new_commenter' },
      );
      assert.deepEqual(await store.comments.approved(articleId), []);
      assert.deepEqual(await pendingPurges(store), [], 'nothing readers see changed');

      await assert.rejects(store.comments.decide(author, [first.id], 'approve', at(5)), PermissionDeniedError);
      const decided = await store.comments.decide(editor, [first.id], 'approve', at(5));
      assert.deepEqual(decided.articleIds, [articleId]);
      assert.deepEqual(await pendingPurges(store), [[`article:${articleId}`]]);
      const shown = await store.comments.approved(articleId);
      assert.deepEqual(
        shown.map((c) => c.body),
        ['شكرا على هذا التقرير المفصل، نتمنى متابعة الموضوع.'],
      );
      assert.equal(await store.comments.countApproved(articleId), 1);
      const log = await store.comments.log(editor, 10);
      assert.equal(log[0]!.action, 'approve');
      assert.equal(log[0]!.userName, 'سلمى بنعلي');
      assert.equal(log[0]!.commentId, first.id);
    });

    it('refuses empty and overlong comments, and floods from one address, storing nothing', async () => {
      const before = await store.db.selectFrom('comments').select('id').execute();
      await assert.rejects(say('   ', at(100)), refusal('empty_comment', 400));
      await assert.rejects(say('أ'.repeat(5001), at(100)), refusal('comment_too_long', 400));
      const flooder = addressHash(KEY, '192.0.2.99');
      for (let i = 0; i < 5; i++) await say(`تعليق رقم ${i} على الخبر`, at(200 + i), { address: flooder });
      await assert.rejects(
        say('تعليق سادس في الدقيقة نفسها', at(210), { address: flooder }),
        refusal('too_many_comments', 429),
      );
      // A minute later the same address may write again.
      await say('تعليق بعد دقيقة', at(270), { address: flooder });
      const after = await store.db.selectFrom('comments').select('id').execute();
      assert.equal(after.length - before.length, 6);
    });

    it('threads a reply once, and refuses a reply to a comment that is not shown', async () => {
      const [parent] = await store.comments.approved(articleId);
      const reply = await say('أتفق معك تماما.', at(400), { address: other, parentId: parent!.id });
      await store.comments.decide(editor, [reply.id], 'approve', at(401));
      const toReply = await say('وأنا كذلك.', at(402), { address: other, parentId: reply.id });
      const row = await store.db
        .selectFrom('comments')
        .select('parent_id')
        .where('id', '=', toReply.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.parent_id, parent!.id, 'a reply to a reply answers the first comment');

      const rejected = await say('تعليق سيرفض', at(403), { address: other });
      await store.comments.decide(editor, [rejected.id], 'reject', at(404));
      await assert.rejects(
        say('رد على مرفوض', at(405), { address: other, parentId: rejected.id }),
        refusal('parent_not_found', 404),
      );
      await assert.rejects(
        say('رد على غير موجود', at(406), { address: other, parentId: 999_999 }),
        refusal('parent_not_found', 404),
      );
      // A comment of another article is not a parent here.
      await assert.rejects(
        say('رد عبر المقالات', at(407), { address: other, parentId: parent!.id, article: otherArticleId }),
        refusal('parent_not_found', 404),
      );
    });

    it('trusts an address after two approved comments under post-moderation, holds links, insults and repeats', async () => {
      await store.comments.setMode(editor, articleId, 'post', at(500));
      assert.equal(await store.comments.mode(articleId), 'post');
      const trusted = addressHash(KEY, '203.0.113.50');
      const a = await say('أول تعليق لي', at(510), { address: trusted });
      const b = await say('ثاني تعليق لي', at(600), { address: trusted });
      assert.equal(a.heldReason, 'new_commenter');
      await store.comments.decide(editor, [a.id, b.id], 'approve', at(610));
      const c = await say('تعليق ثالث ينشر مباشرة', at(700), { address: trusted });
      assert.deepEqual({ status: c.status, reason: c.heldReason }, { status: 'approved', reason: null });

      assert.equal((await say('شوفو هنا www.example.com', at(800), { address: trusted })).heldReason, 'link');
      assert.equal((await say('سير ألحماااار', at(900), { address: trusted })).heldReason, 'banned_words');
      assert.equal((await say('تعليق ثالث ينشر مباشرة', at(1000), { address: trusted })).heldReason, 'repeated');
    });

    it('takes an approved comment back to the queue after three reports from different addresses', async () => {
      const [shown] = await store.comments.approved(articleId);
      const reporters = ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((ip) => addressHash(KEY, ip));
      assert.deepEqual(await store.comments.report(articleId, shown!.id, reporters[0]!, at(1100)), { held: false });
      assert.deepEqual(await store.comments.report(articleId, shown!.id, reporters[0]!, at(1101)), { held: false });
      assert.deepEqual(await store.comments.report(articleId, shown!.id, reporters[1]!, at(1102)), { held: false });
      assert.deepEqual(await store.comments.report(articleId, shown!.id, reporters[2]!, at(1103)), { held: true });
      const queue = await store.comments.queue(editor, {
        status: 'pending',
        reason: 'reported',
        order: 'oldest',
        limit: 10,
        offset: 0,
      });
      assert.deepEqual(
        queue.items.map((c) => [c.id, c.reportCount]),
        [[shown!.id, 3]],
      );
      await assert.rejects(
        store.comments.report(articleId, shown!.id, reporters[0]!, at(1104)),
        refusal('comment_not_found', 404),
      );
    });

    it('bans an address: its later comments are spam, never shown; closed articles take none', async () => {
      const troll = addressHash(KEY, '192.0.2.200');
      const first = await say('تعليق عادي', at(2000), { address: troll });
      await store.comments.decide(editor, [first.id], 'ban', at(2001));
      const next = await say('تعليق آخر', at(2100), { address: troll });
      assert.deepEqual({ status: next.status, reason: next.heldReason }, { status: 'spam', reason: 'banned_address' });

      await store.comments.setMode(editor, otherArticleId, 'closed', at(2200));
      await assert.rejects(say('هل من جديد؟', at(2201), { article: otherArticleId }), refusal('comments_closed', 403));
      await assert.rejects(store.comments.setMode(author, otherArticleId, 'pre', at(2202)), PermissionDeniedError);
    });

    it('forgets address hashes after 30 days, and with them bans and trust', async () => {
      const troll = addressHash(KEY, '192.0.2.200');
      const month = 31 * 24 * 3600;
      const later = await say('بعد شهر', at(2100 + month), { address: troll });
      assert.notEqual(later.status, 'spam', 'the ban was forgotten with the hash');
      const remembered = await store.db.selectFrom('comment_addresses').select('address_hash').execute();
      assert.deepEqual(
        remembered.map((r) => r.address_hash),
        [troll],
        'only the comment just written is remembered',
      );
      const reports = await store.db.selectFrom('comment_reports').select('address_hash').execute();
      assert.ok(reports.every((r) => r.address_hash === null));
      assert.deepEqual(await store.db.selectFrom('comment_bans').selectAll().execute(), []);
    });

    it('removes an article’s comments with the article, and keeps the log', async () => {
      const logBefore = (await store.comments.log(editor, 100)).length;
      await store.db.deleteFrom('articles').where('id', '=', articleId).execute();
      const left = await store.db.selectFrom('comments').select('id').where('article_id', '=', articleId).execute();
      assert.deepEqual(left, []);
      assert.equal((await store.comments.log(editor, 100)).length, logBefore);
    });
  });
}
