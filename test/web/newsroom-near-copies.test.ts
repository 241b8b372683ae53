/**
 * «يشبه مقالاً منشوراً» in the editor, on SQLite and PostgreSQL: a journalist's first save of a
 * published dispatch rewritten (new headline, a paragraph dropped, one moved) answers with the
 * dispatch, its reader address and the similarity; the editor's page boots with it; a save
 * that makes the text the desk's own answers with none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/store.ts';
import type { EditorArticle } from '../../src/web/newsroom/editor/editor-model.ts';
import { articlePath } from '../../src/web/site/urls.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { deskRewrite, jawharaArticle, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر النسخ';
const PEOPLE = { author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' } } as const;
const RECORDS = jawharaRecords(30);
const DISPATCH = RECORDS.find((r) => r.id === 'JA-culture-1-20170120')!;

for (const dialect of DIALECTS) {
  describe(`the editor's near-copy warning (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    let dispatchId: number;

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: async (store) => {
          for (const record of RECORDS) {
            const { id } = await store.articles.upsertByExternalId(jawharaArticle(record));
            if (record === DISPATCH) dispatchId = id;
          }
        },
      }));
    });
    after(async () => {
      await close?.();
    });

    it('names the published dispatch a save copies, with its address and similarity, until the text is the desk’s own', async () => {
      const author = await NewsroomClient.signedIn(app, PEOPLE.author.email, PASSWORD);
      await author.get('/newsroom/articles/new');
      const rewrite = deskRewrite(DISPATCH, 'unused', 'عنوان الديسك للبرقية');
      const created = await author.sendJson('POST', '/newsroom/articles', {
        headline: rewrite.headline,
        body: rewrite.body,
        sectionSlug: 'ثقافة',
      });
      assert.equal(created.statusCode, 201, created.body);
      const article = (JSON.parse(created.body) as { article: EditorArticle }).article;
      assert.equal(article.nearCopies.length, 1, JSON.stringify(article.nearCopies));
      const [copy] = article.nearCopies;
      assert.equal(copy!.id, dispatchId);
      const dispatch = await store.articles.findById(dispatchId, { publishedOnly: true });
      assert.equal(copy!.headline, dispatch!.headline);
      assert.equal(copy!.url, articlePath(dispatch!));
      assert.ok(copy!.similarity >= 0.7 && copy!.similarity <= 1, String(copy!.similarity));

      // The editor's page boots with the warning.
      const page = await author.get(`/newsroom/articles/${article.id}`);
      assert.match(page.body, new RegExp(`"nearCopies":\\[\\{"id":${dispatchId},`));

      // Rewritten into the desk's own story: no warning.
      const saved = await author.sendJson('PUT', `/newsroom/articles/${article.id}`, {
        baseRevision: article.revision,
        draft: {
          headline: rewrite.headline,
          body: [
            {
              type: 'paragraph',
              text: 'عرضت دار الثقافة بالمدينة مساء أمس شريطا وثائقيا عن تاريخ السينما التونسية، تلاه نقاش مع المخرج والجمهور حول واقع القاعات وتراجع عدد المتفرجين في السنوات الأخيرة، وسبل دعم الإنتاج المستقل.',
            },
          ],
          sectionSlug: 'ثقافة',
        },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual((JSON.parse(saved.body) as { article: EditorArticle }).article.nearCopies, []);
    });
  });
}
