/**
 * Editors' pins and removals in «اقرأ أيضا», on SQLite and PostgreSQL, through the editor's
 * JSON endpoints (GET/POST /newsroom/articles/:id/related, …/candidates): a pinned article
 * leads the list on the reader page and in the API (`pinned`, «اختيار التحرير»), in the
 * editor's order; a removed one leaves it until restored; each change purges the article's
 * page; two editors' changes at once are both kept; bad changes get an Arabic reason, and a
 * user who may not edit the article changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { changed, PINNED_AT_MOST } from '../../src/store/related-choices.ts';
import type { Store } from '../../src/store/store.ts';
import { reasonParts } from '../../src/stories/related-scoring.ts';
import type { EditorApiError, EditorRelated } from '../../src/web/newsroom/editor/editor-model.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر الاختيار';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بنعلي', role: 'editor' },
  desk: { email: 'desk@alghad24.ma', displayName: 'حمزة الوزاني', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
} as const;
const RECORDS = jawharaRecords(200);

interface ApiRelated {
  related: { id: number; title: string; reason: string; pinned: boolean }[];
}

describe('related choices, one change at a time', () => {
  const none = { pinned: [], removed: [] };
  it('pins at the end or at a place, moves within the pinned, and keeps an article in one list only', () => {
    let choices = changed(none, { action: 'pin', relatedId: 1 }, true);
    choices = changed(choices, { action: 'pin', relatedId: 2 }, true);
    choices = changed(choices, { action: 'pin', relatedId: 3, to: 0 }, true);
    assert.deepEqual(choices.pinned, [3, 1, 2]);
    assert.deepEqual(changed(choices, { action: 'move', relatedId: 3, to: 9 }, true).pinned, [1, 2, 3]);
    const removed = changed(choices, { action: 'remove', relatedId: 1 }, true);
    assert.deepEqual(removed, { pinned: [3, 2], removed: [1] });
    assert.deepEqual(changed(removed, { action: 'pin', relatedId: 1 }, true), { pinned: [3, 2, 1], removed: [] });
    assert.deepEqual(changed(removed, { action: 'restore', relatedId: 1 }, true), { pinned: [3, 2], removed: [] });
  });
  it('refuses a pin past the limit, of an unpublished article, and a move or unpin of one not pinned', () => {
    const full = { pinned: Array.from({ length: PINNED_AT_MOST }, (_, i) => i + 1), removed: [] };
    assert.throws(() => changed(full, { action: 'pin', relatedId: 99 }, true), { code: 'too_many_pinned' });
    // Pinning one already pinned moves it: no new place taken.
    assert.deepEqual(changed(full, { action: 'pin', relatedId: 5, to: 0 }, true).pinned, [5, 1, 2, 3, 4]);
    assert.throws(() => changed(none, { action: 'pin', relatedId: 1 }, false), { code: 'related_not_published' });
    assert.throws(() => changed(none, { action: 'move', relatedId: 1, to: 0 }, true), { code: 'not_pinned' });
    assert.throws(() => changed(none, { action: 'unpin', relatedId: 1 }, true), { code: 'not_pinned' });
  });
});

for (const dialect of DIALECTS) {
  describe(`«اقرأ أيضا» chosen by editors (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let draftId: number;
    /** An article with at least 3 related ones, and articles outside its list. */
    let article: { id: number; path: string; automatic: number[] };
    let others: { id: number; headline: string }[];

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        config: { pageCache: false },
        seed: async (store, users) => {
          await store.articles.upsertManyByExternalId(RECORDS.map(jawharaArticle));
          const draft = await store.newsroomArticles.create(
            { id: users.editor.id, role: 'editor' },
            { headline: 'مسودة لم تنشر بعد عن مهرجان قرطاج', body: [], sectionSlug: 'ثقافة', bylines: [] },
          );
          draftId = draft.id;
        },
      }));
      const ids = await store.articles.listPublishedIds({ limit: 200 });
      for (const id of ids) {
        const found = await store.articles.findById(id, { publishedOnly: true });
        const related = await store.related.of(
          { id, sectionId: found!.section.id, publishedAt: found!.publishedAt },
          { limit: 8 },
        );
        if (related.length >= 3) {
          const location = (await app.inject(`/article/${id}`)).headers.location as string;
          article = { id, path: location, automatic: related.map((r) => r.article.id) };
          break;
        }
      }
      assert.ok(article, 'an article with 3 related ones among 200');
      const outside = ids.filter((id) => id !== article.id && !article.automatic.includes(id)).slice(0, 7);
      others = (await store.articles.publishedSummaries(outside)).map((a) => ({ id: a.id, headline: a.headline }));
    });
    after(async () => {
      await close?.();
    });

    const signedIn = async (who: keyof typeof PEOPLE) => {
      const client = await NewsroomClient.signedIn(app, PEOPLE[who].email, PASSWORD);
      await client.get(`/newsroom/articles/${article.id}`);
      return client;
    };
    const change = async (client: NewsroomClient, body: unknown, id = article.id) => {
      const response = await client.sendJson('POST', `/newsroom/articles/${id}/related`, body);
      return { status: response.statusCode, body: response.json() as { related: EditorRelated } & EditorApiError };
    };
    const api = async () => {
      const response = await app.inject(`/api/v1/articles/${article.id}/related`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as ApiRelated;
    };
    /** The ids under «اقرأ أيضا» on the reader page, in order. */
    const onPage = async () => {
      const html = (await app.inject(article.path)).body;
      const start = html.indexOf('id="read-also-title"');
      assert.ok(start > 0, 'the page has «اقرأ أيضا»');
      const list = html.slice(start, html.indexOf('</aside>', start));
      return [...list.matchAll(/href="\/article\/(\d+)\//g)].map((m) => Number(m[1]));
    };

    it('shows the editor the automatic list, and finds a published article to pin by its headline', async () => {
      const editor = await signedIn('editor');
      const answer = await editor.get(`/newsroom/articles/${article.id}/related`);
      assert.equal(answer.statusCode, 200, answer.body);
      const { related } = answer.json() as { related: EditorRelated };
      assert.deepEqual(
        related.automatic.map((r) => r.id),
        article.automatic,
      );
      // Each found one says why: the names, or the rare words, both articles hold.
      assert.ok(
        related.automatic.every((r) => {
          const { names, terms } = reasonParts(r.reason ?? '');
          return names.length + terms.length > 0;
        }),
      );
      assert.deepEqual([related.pinned, related.removed, related.canChange], [[], [], true]);

      const target = others[0]!;
      const words = target.headline.split(/\s+/).slice(0, 3).join(' ');
      const found = await editor.get(
        `/newsroom/articles/${article.id}/related/candidates?q=${encodeURIComponent(words)}`,
      );
      assert.equal(found.statusCode, 200, found.body);
      const candidates = (found.json() as { candidates: { id: number; url: string }[] }).candidates;
      assert.ok(
        candidates.some((c) => c.id === target.id),
        `${words}: ${JSON.stringify(candidates)}`,
      );
      assert.ok(!candidates.some((c) => c.id === article.id), 'never the article itself');
      assert.ok(!candidates.some((c) => c.id === draftId), 'published articles only');
    });

    it('puts pinned articles first, in the editor’s order, on the page and in the API, and purges the page', async () => {
      const editor = await signedIn('editor');
      const [first, second] = others;
      const purgesBefore = await pagePurges(store, article.id);
      let answer = await change(editor, { action: 'pin', relatedId: first!.id });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      answer = await change(editor, { action: 'pin', relatedId: second!.id, to: 0 });
      assert.deepEqual(
        answer.body.related.pinned.map((p) => p.id),
        [second!.id, first!.id],
      );
      assert.ok(!answer.body.related.automatic.some((r) => r.id === first!.id || r.id === second!.id));
      assert.ok((await pagePurges(store, article.id)) > purgesBefore, 'the page is purged');

      const listed = (await api()).related;
      assert.deepEqual(
        listed.slice(0, 2).map((r) => [r.id, r.pinned, r.reason]),
        [
          [second!.id, true, 'اختيار التحرير'],
          [first!.id, true, 'اختيار التحرير'],
        ],
      );
      assert.ok(listed.slice(2).every((r) => !r.pinned));
      assert.equal(listed.length, 5);
      assert.deepEqual((await onPage()).slice(0, 2), [second!.id, first!.id]);

      answer = await change(editor, { action: 'move', relatedId: first!.id, to: 0 });
      assert.deepEqual(
        answer.body.related.pinned.map((p) => p.id),
        [first!.id, second!.id],
      );
      assert.deepEqual((await onPage()).slice(0, 2), [first!.id, second!.id]);
      answer = await change(editor, { action: 'unpin', relatedId: second!.id });
      assert.deepEqual(
        answer.body.related.pinned.map((p) => p.id),
        [first!.id],
      );
      assert.ok(!(await onPage()).includes(second!.id));
    });

    it('leaves out a removed article everywhere until it is restored', async () => {
      const editor = await signedIn('editor');
      const [gone] = (await api()).related.filter((r) => !r.pinned);
      assert.ok(gone, 'an automatic article listed');
      const answer = await change(editor, { action: 'remove', relatedId: gone.id });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(
        answer.body.related.removed.map((r) => r.id),
        [gone.id],
      );
      assert.ok(!(await api()).related.some((r) => r.id === gone.id));
      const shown = await onPage();
      assert.ok(!shown.includes(gone.id), JSON.stringify({ gone: gone.id, shown }));
      const restored = await change(editor, { action: 'restore', relatedId: gone.id });
      assert.deepEqual(restored.body.related.removed, []);
      const after = (await api()).related;
      assert.ok(
        after.some((r) => r.id === gone.id),
        JSON.stringify({ gone: gone.id, after: after.map((r) => r.id), restored: restored.body.related }),
      );
    });

    it('keeps both of two editors’ pins made at once', async () => {
      const [editor, desk] = [await signedIn('editor'), await signedIn('desk')];
      const [third, fourth] = [others[2]!, others[3]!];
      const answers = await Promise.all([
        change(editor, { action: 'pin', relatedId: third.id }),
        change(desk, { action: 'pin', relatedId: fourth.id }),
      ]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200],
      );
      const pinned = (await store.relatedChoices.of(article.id)).pinned;
      assert.ok(pinned.includes(third.id) && pinned.includes(fourth.id), JSON.stringify(pinned));
    });

    it('refuses bad changes with a reason in Arabic, and changes nothing', async () => {
      const editor = await signedIn('editor');
      const before = await store.relatedChoices.of(article.id);
      const refusals: [unknown, number, string][] = [
        [{ action: 'pin', relatedId: article.id }, 400, 'related_is_itself'],
        [{ action: 'pin', relatedId: draftId }, 400, 'related_not_published'],
        [{ action: 'pin', relatedId: 987654 }, 404, 'related_not_found'],
        [{ action: 'pin', relatedId: '12' }, 400, 'invalid_related_id'],
        [{ action: 'erase', relatedId: others[4]!.id }, 400, 'unknown_action'],
        [{ action: 'move', relatedId: others[4]!.id, to: 0 }, 409, 'not_pinned'],
        [{ action: 'move', relatedId: others[0]!.id }, 400, 'invalid_position'],
        [{ action: 'pin', relatedId: others[4]!.id, to: -1 }, 400, 'invalid_position'],
        [[1, 2], 400, 'unknown_action'],
      ];
      for (const [body, status, code] of refusals) {
        const answer = await change(editor, body);
        assert.equal(answer.status, status, JSON.stringify(body));
        assert.equal(answer.body.error.code, code, JSON.stringify(body));
        assert.match(answer.body.error.messageAr, /[\u0600-\u06FF]/);
      }
      // Pins up to the limit, then one more.
      const room = PINNED_AT_MOST - before.pinned.length;
      for (const other of others.slice(4, 4 + room)) {
        assert.equal((await change(editor, { action: 'pin', relatedId: other.id })).status, 200);
      }
      const over = await change(editor, { action: 'pin', relatedId: others[4 + room]!.id });
      assert.deepEqual([over.status, over.body.error.code], [400, 'too_many_pinned']);
      assert.equal((await store.relatedChoices.of(article.id)).pinned.length, PINNED_AT_MOST);
      // Without the form token.
      const unsigned = await editor.sendJson(
        'POST',
        `/newsroom/articles/${article.id}/related`,
        { action: 'unpin', relatedId: others[0]!.id },
        { token: null },
      );
      assert.equal(unsigned.statusCode, 403);
    });

    it('lets nobody change the list of an article they may not edit', async () => {
      const author = await signedIn('author');
      // An author sees only their own articles: another's (an import's) is not there at all.
      const seen = await author.get(`/newsroom/articles/${article.id}/related`);
      assert.equal(seen.statusCode, 404);
      const pinnedBefore = (await store.relatedChoices.of(article.id)).pinned;
      const refused = await change(author, { action: 'unpin', relatedId: pinnedBefore[0]! });
      assert.equal(refused.status, 404);
      assert.deepEqual((await store.relatedChoices.of(article.id)).pinned, pinnedBefore);
      const signedOut = await app.inject({
        method: 'POST',
        url: `/newsroom/articles/${article.id}/related`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        payload: JSON.stringify({ action: 'unpin', relatedId: pinnedBefore[0]! }),
      });
      // Refused (no session, so no form token either), and nothing changed.
      assert.equal(signedOut.statusCode, 403);
      assert.deepEqual((await store.relatedChoices.of(article.id)).pinned, pinnedBefore);
    });
  });
}

/** The page purges of the article recorded in the outbox so far. */
async function pagePurges(store: Store, articleId: number): Promise<number> {
  const rows = await store.db.selectFrom('outbox').select('payload').where('topic', '=', 'pages.purge').execute();
  return rows.filter((row) => String(row.payload).includes(`"article:${articleId}"`)).length;
}
