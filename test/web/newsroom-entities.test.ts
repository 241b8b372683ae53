/**
 * The newsroom's entities through inject(), on SQLite and PostgreSQL, with a signed-in editor:
 * the list page (most articles, unconfirmed, suspected duplicates; kind filter and spelling
 * search) and an entity's page render; confirm, reject, rename, merge, split and undo through
 * the forms change the store and record the purges of the pages they changed; a contributor
 * and an author may look but are refused every decision (403); each bad input is answered with
 * its code and Arabic message and the right status, keeping what was typed; and the article
 * editor's save lists what extraction found in the text («ما وجدناه في النص»), which an editor
 * confirms from the editor's JSON.
 *
 * The entities of the sample articles are written by hand (found entities as extraction would
 * give them), after the import's own extraction has been cleared; the editor's save runs the
 * real extraction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../src/store/store.ts';
import type {
  EditorApiError,
  EditorArticle,
  EditorEntity,
  EntityDecisionAnswer,
} from '../../src/web/newsroom/editor/editor-model.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { clearEntities, entityNamed, found, indexFound } from '../helpers/entities.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const PASSWORD = 'كلمة سر الكيانات';
const PEOPLE = {
  editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' },
  author: { email: 'author@alghad24.ma', displayName: 'يوسف الإدريسي', role: 'author' },
  contributor: { email: 'contributor@alghad24.ma', displayName: 'هاجر الفاسي', role: 'contributor' },
} as const;
const ARABIC = /[\u0600-\u06ff]{3}/;

const GANTZ = 'بيني گانتز';
const GANTZ_TOO = 'بني غانتس';
const ISRAEL = 'إسرائيل';
const OTHMANI = 'سعد الدين العثماني';
const PJD = 'حزب العدالة والتنمية';
const RABAT = 'الرباط';

/** The text of a page without its markup, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

for (const dialect of DIALECTS) {
  describe(`the newsroom's entities (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let close: (() => Promise<void>) | undefined;
    /** Eight published Jawhara FM articles. */
    let a: number[];
    const clients = new Map<keyof typeof PEOPLE, NewsroomClient>();

    before(async () => {
      ({ store, app, close } = await openNewsroomApp(dialect, {
        people: PEOPLE,
        password: PASSWORD,
        seed: async (store) => {
          a = await importSampleNewspaper(store, { dated: 8, undated: 0, recent: 0 });
          assert.equal(a.length, 8);
          await clearEntities(store);
          await indexFound(store, [
            [a[0]!, [found('PER', GANTZ, ['گانتز']), found('LOC', ISRAEL)]],
            [a[1]!, [found('PER', GANTZ, ['گانتز']), found('LOC', ISRAEL)]],
            [a[2]!, [found('PER', GANTZ, ['گانتز'])]],
            [a[3]!, [found('PER', GANTZ_TOO), found('LOC', ISRAEL)]],
            [a[4]!, [found('PER', OTHMANI, ['العثماني']), found('ORG', PJD)]],
            [a[5]!, [found('PER', OTHMANI)]],
            [a[6]!, [found('PER', OTHMANI, ['عثماني'])]],
            [a[7]!, [found('LOC', RABAT)]],
          ]);
        },
      }));
    });
    after(async () => {
      await close?.();
    });

    async function as(who: keyof typeof PEOPLE, open = '/newsroom/entities'): Promise<NewsroomClient> {
      let client = clients.get(who);
      if (!client) {
        client = await NewsroomClient.signedIn(app, PEOPLE[who].email, PASSWORD);
        clients.set(who, client);
      }
      await client.get(open); // a fresh form token
      return client;
    }

    const idOf = (name: string) => entityNamed(store, name);

    /** Runs `write` and returns every tag it recorded for purging. */
    async function purgedBy(write: () => Promise<LightMyRequestResponse>) {
      const since = await store.cacheInvalidations.latestId();
      const response = await write();
      const tags = new Set((await store.cacheInvalidations.since(since)).flatMap((row) => row.tags));
      return { response, tags };
    }

    /** A JSON request as the editor's panel sends it (Accept: application/json, X-CSRF-Token). */
    async function json(client: NewsroomClient, url: string, body: unknown = {}) {
      const response = await client.sendJson('POST', url, body);
      return { response, data: JSON.parse(response.body) as EditorApiError & Partial<EntityDecisionAnswer> };
    }

    it('lists the entities with the most articles, the unconfirmed ones and suspected duplicates', async () => {
      const editor = await as('editor');
      const response = await editor.get('/newsroom/entities');
      assert.equal(response.statusCode, 200, response.body);
      const html = response.body;
      assert.match(html, /<a href="\/newsroom\/entities" aria-current="page">الكيانات<\/a>/, 'in the navigation');
      const top = /data-list="top">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
      const order = [...top.matchAll(/data-entity="(\d+)"/g)].map((m) => Number(m[1]));
      assert.equal(order.length, 6);
      const threeArticles = [await idOf(GANTZ), await idOf(ISRAEL), await idOf(OTHMANI)].sort((x, y) => x - y);
      assert.deepEqual(order.slice(0, 3), threeArticles, 'the most articles first (then the oldest)');
      assert.match(text(top), /بيني گانتز شخص مقترح/);
      assert.match(text(top), /الرباط مكان مقترح/);
      const proposed = /data-list="proposed">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
      assert.equal([...proposed.matchAll(/data-entity=/g)].length, 6, 'every entity is unconfirmed yet');
      assert.match(proposed, /action="\/newsroom\/entities\/\d+\/confirm"/);
      // Two spellings of one surname, named with the same place: the smaller merged into the larger.
      const duplicates = /data-list="duplicates">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
      const pair = new RegExp(`data-from="${await idOf(GANTZ_TOO)}" data-into="${await idOf(GANTZ)}"`);
      assert.match(duplicates, pair);
      assert.match(duplicates, new RegExp(`action="/newsroom/entities/${await idOf(GANTZ_TOO)}/merge"`));
      assert.match(duplicates, new RegExp(`name="into" value="${await idOf(GANTZ)}"`));
      assert.match(duplicates, />دمج<\/button>/);
    });

    it('filters the list by kind and finds an entity by any of its spellings', async () => {
      const editor = await as('editor');
      const places = await editor.get('/newsroom/entities?type=LOC');
      assert.equal(places.statusCode, 200);
      const top = /data-list="top">([\s\S]*?)<\/ol>/.exec(places.body)?.[1] ?? '';
      assert.match(top, /الرباط/);
      assert.match(top, /إسرائيل/);
      assert.doesNotMatch(top, /گانتز/);
      assert.match(places.body, /<option value="LOC" selected="">مكان<\/option>|<option value="LOC" selected>مكان/);
      // غانتس is another spelling of «گانتز», a form of «بيني گانتز»: found by its key.
      const search = await editor.get(`/newsroom/entities?q=${encodeURIComponent('غانتس')}`);
      assert.equal(search.statusCode, 200);
      const results = /data-list="top">([\s\S]*?)<\/ol>/.exec(search.body)?.[1] ?? '';
      assert.match(results, new RegExp(`data-entity="${await idOf(GANTZ)}"`));
      assert.match(search.body, /نتائج البحث عن «غانتس»/);
      const nothing = await editor.get(`/newsroom/entities?q=${encodeURIComponent('لا أحد بهذا الاسم')}`);
      assert.match(nothing.body, /لا كيان بهذه الصيغة/);
    });

    it("shows an entity's kind, status, spellings with their articles, newest articles and forms", async () => {
      const editor = await as('editor');
      const id = await idOf(GANTZ);
      const response = await editor.get(`/newsroom/entities/${id}`);
      assert.equal(response.statusCode, 200, response.body);
      const html = response.body;
      assert.match(html, /<h1 id="entity-title"><bdi>بيني گانتز<\/bdi><\/h1>/);
      assert.match(html, /data-fact="type">شخص</);
      assert.match(text(html), /الحالة مقترح/);
      assert.match(text(html), /المقالات المنشورة 3 مقالات/);
      const spellings = /data-list="spellings">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
      assert.match(text(spellings), /گانتز في 3 مقالات/);
      const articles = /data-list="articles">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
      for (const article of a.slice(0, 3)) assert.match(articles, new RegExp(`href="/newsroom/articles/${article}"`));
      for (const action of ['confirm', 'reject', 'rename', 'merge', 'split']) {
        assert.match(html, new RegExp(`action="/newsroom/entities/${id}/${action}"`), action);
      }
      assert.match(html, /لم يُتخذ أي قرار بشأن هذا الكيان بعد/);
      // The merge form's search: other entities with a spelling, itself left out.
      const search = await editor.get(`/newsroom/entities/${id}?into_q=${encodeURIComponent(GANTZ_TOO)}`);
      const candidates = /data-list="merge-candidates">([\s\S]*?)<\/ol>/.exec(search.body)?.[1] ?? '';
      assert.match(candidates, new RegExp(`data-entity="${await idOf(GANTZ_TOO)}"`));
      assert.doesNotMatch(candidates, new RegExp(`data-entity="${id}"`));
    });

    it('lets a contributor and an author look, and refuses them every decision (403)', async () => {
      const id = await idOf(OTHMANI);
      for (const who of ['contributor', 'author'] as const) {
        const client = await as(who);
        const list = await client.get('/newsroom/entities');
        assert.equal(list.statusCode, 200);
        assert.doesNotMatch(list.body, /\/confirm"/, `${who}: no decision buttons`);
        const page = await client.get(`/newsroom/entities/${id}`);
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /action="\/newsroom\/entities\/\d+\/(confirm|reject|rename|merge|split)"/);
        assert.match(page.body, /أما القرارات بشأنه فللمحررين/);
        for (const [action, form] of [
          ['confirm', {}],
          ['reject', {}],
          ['rename', { name: 'اسم آخر' }],
          ['merge', { into: String(await idOf(PJD)) }],
          ['split', { names: 'العثماني', name: 'اسم آخر' }],
        ] as const) {
          const response = await client.post(`/newsroom/entities/${id}/${action}`, form);
          assert.equal(response.statusCode, 403, `${who} ${action}`);
          assert.match(response.body, /لا يحق لك بصفتك/);
        }
        const asJson = await json(client, `/newsroom/entities/${id}/confirm`);
        assert.equal(asJson.response.statusCode, 403);
        assert.equal(asJson.data.error.code, 'forbidden');
        assert.match(asJson.data.error.messageAr, ARABIC);
      }
      const entity = await store.entities.get(id);
      assert.equal(entity?.status, 'proposed', 'nothing changed');
      assert.equal(entity?.name, OTHMANI);
      assert.deepEqual(await store.entities.log(id), []);
    });

    it('confirms and undoes, purging the entity and its articles', async () => {
      const editor = await as('editor');
      const id = await idOf(OTHMANI);
      const confirmed = await purgedBy(() => editor.post(`/newsroom/entities/${id}/confirm`));
      assert.equal(confirmed.response.statusCode, 303, confirmed.response.body);
      assert.equal(confirmed.response.headers.location, `/newsroom/entities/${id}?done=confirmed`);
      assert.equal((await store.entities.get(id))?.status, 'confirmed');
      for (const tag of [`entity:${id}`, `article:${a[4]}`, `article:${a[5]}`, `article:${a[6]}`]) {
        assert.ok(confirmed.tags.has(tag), `${tag} purged`);
      }
      const page = await editor.get(confirmed.response.headers.location as string);
      assert.match(page.body, /أُكّد الكيان/);
      const [decision] = await store.entities.log(id);
      assert.equal(decision?.action, 'confirm');
      assert.equal(decision?.userName, PEOPLE.editor.displayName);
      const log = /data-list="log">([\s\S]*?)<\/ol>/.exec(page.body)?.[1] ?? '';
      assert.match(text(log), /رقم \d+ تأكيد: كان «مقترح» سلمى بناني/);
      assert.match(log, new RegExp(`action="/newsroom/entities/decisions/${decision!.id}/undo"`));
      assert.doesNotMatch(page.body, new RegExp(`action="/newsroom/entities/${id}/confirm"`), 'confirmed already');

      const undone = await purgedBy(() =>
        editor.post(`/newsroom/entities/decisions/${decision!.id}/undo`, { entity: String(id) }),
      );
      assert.equal(undone.response.statusCode, 303, undone.response.body);
      assert.equal(undone.response.headers.location, `/newsroom/entities/${id}?done=undone`);
      assert.equal((await store.entities.get(id))?.status, 'proposed');
      assert.ok(undone.tags.has(`entity:${id}`));
      assert.ok(undone.tags.has(`article:${a[4]}`));
      const after = await editor.get(`/newsroom/entities/${id}`);
      assert.match(text(after.body), new RegExp(`أُلغي بالقرار رقم ${(await store.entities.log(id))[0]!.id}`));
      // Undone already: refused, with the reason on the page.
      const again = await editor.post(`/newsroom/entities/decisions/${decision!.id}/undo`, { entity: String(id) });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /سبق إلغاء هذا القرار/);
      assert.match(again.body, /<h1 id="entity-title">/, 'on the entity page');
      // An undo itself cannot be undone.
      const undo = (await store.entities.log(id))[0]!;
      const ofUndo = await json(editor, `/newsroom/entities/decisions/${undo.id}/undo`);
      assert.equal(ofUndo.response.statusCode, 409);
      assert.equal(ofUndo.data.error.code, 'decision_undo_blocked');
    });

    it('rejects from the list, and the article no longer names it', async () => {
      const editor = await as('editor');
      const id = await idOf(RABAT);
      const rejected = await purgedBy(() => editor.post(`/newsroom/entities/${id}/reject`, { back: 'list' }));
      assert.equal(rejected.response.statusCode, 303, rejected.response.body);
      assert.equal(rejected.response.headers.location, '/newsroom/entities?done=rejected');
      assert.equal((await store.entities.get(id))?.status, 'rejected');
      assert.ok(rejected.tags.has(`entity:${id}`));
      assert.ok(rejected.tags.has(`article:${a[7]}`));
      assert.deepEqual(await store.entities.forArticle(a[7]!), []);
      const list = await editor.get('/newsroom/entities?done=rejected');
      assert.match(list.body, /رُفض الكيان/);
      const proposed = /data-list="proposed">([\s\S]*?)<\/ol>/.exec(list.body)?.[1] ?? '';
      assert.doesNotMatch(proposed, new RegExp(`data-entity="${id}"`));
    });

    it('renames, and refuses an empty, too long or control-character name, keeping what was typed', async () => {
      const editor = await as('editor');
      const id = await idOf(OTHMANI);
      for (const bad of ['', '   ', 'ع'.repeat(201), 'سعد\u0007الدين']) {
        const response = await editor.post(`/newsroom/entities/${id}/rename`, { name: bad });
        assert.equal(response.statusCode, 400, JSON.stringify(bad));
        assert.match(response.body, /يجب أن يتكون الاسم من حرف واحد على الأقل/);
        if (bad.trim() !== '' && !bad.includes('\u0007')) assert.ok(response.body.includes(`value="${bad}"`), 'kept');
      }
      const asJson = await json(editor, `/newsroom/entities/${id}/rename`, { name: '' });
      assert.equal(asJson.response.statusCode, 400);
      assert.deepEqual(Object.keys(asJson.data.error).sort(), ['code', 'message', 'messageAr']);
      assert.equal(asJson.data.error.code, 'entity_name_invalid');
      assert.equal((await store.entities.get(id))?.name, OTHMANI, 'nothing changed');

      const renamed = await purgedBy(() =>
        editor.post(`/newsroom/entities/${id}/rename`, { name: '  سعد الدين  العثماني الأمين ' }),
      );
      assert.equal(renamed.response.statusCode, 303, renamed.response.body);
      const entity = await store.entities.get(id);
      assert.equal(entity?.name, 'سعد الدين العثماني الأمين');
      assert.ok(entity?.names.includes(OTHMANI), 'the old name stays a spelling');
      assert.ok(renamed.tags.has(`entity:${id}`));
      assert.ok(renamed.tags.has(`article:${a[5]}`));
      // Back, for the tests below.
      const [decision] = await store.entities.log(id);
      await editor.post(`/newsroom/entities/decisions/${decision!.id}/undo`, { entity: String(id) });
      assert.equal((await store.entities.get(id))?.name, OTHMANI);
    });

    it('refuses bad merges with their codes and Arabic reasons', async () => {
      const editor = await as('editor');
      const othmani = await idOf(OTHMANI);
      const pjd = await idOf(PJD);
      const decisionsBefore = (await store.entities.log(othmani)).length;
      const cases: [string, Record<string, string>, number, string, RegExp][] = [
        [
          `/newsroom/entities/${othmani}/merge`,
          { into: String(othmani) },
          400,
          'entity_merge_self',
          /لا يمكن دمج الاسم في نفسه/,
        ],
        [`/newsroom/entities/${othmani}/merge`, { into: '' }, 400, 'entity_merge_target_missing', /اكتب رقمه/],
        [`/newsroom/entities/${othmani}/merge`, { into: 'غانتس' }, 400, 'entity_merge_target_missing', /اكتب رقمه/],
        [
          `/newsroom/entities/${othmani}/merge`,
          { into: String(pjd) },
          409,
          'entity_type_mismatch',
          /لا يمكن دمج شخص في هيئة/,
        ],
        [`/newsroom/entities/${othmani}/merge`, { into: '999999' }, 404, 'entity_not_found', /غير موجود/],
      ];
      for (const [url, form, status, code, message] of cases) {
        const page = await editor.post(url, form);
        assert.equal(page.statusCode, status, `${code}: ${page.body.slice(0, 200)}`);
        assert.match(page.body, message, code);
        assert.match(page.body, /<h1 id="entity-title">/, `${code}: the entity page again`);
        if (form.into) assert.ok(page.body.includes(`value="${form.into}"`), `${code}: the typed id is kept`);
        const asJson = await json(editor, url, form);
        assert.equal(asJson.response.statusCode, status, code);
        assert.equal(asJson.data.error.code, code);
        assert.match(asJson.data.error.messageAr, message);
      }
      // Arabic-Indic digits are an id too: ٩٩٩٩٩٩ is 999999, which names no entity.
      const indic = await json(editor, `/newsroom/entities/${othmani}/merge`, { into: '٩٩٩٩٩٩' });
      assert.equal(indic.data.error.code, 'entity_not_found');
      // An entity that is not there at all: the newsroom's Arabic 404 page.
      const unknown = await editor.post('/newsroom/entities/999999/merge', { into: String(othmani) });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /هذا الاسم غير موجود في لائحة الأسماء/);
      const notAnId = await editor.get('/newsroom/entities/abc');
      assert.equal(notAnId.statusCode, 404);
      assert.match(notAnId.body, ARABIC);
      assert.equal((await editor.get('/newsroom/entities/999999')).statusCode, 404);
      assert.equal((await store.entities.log(othmani)).length, decisionsBefore, 'nothing was decided');
    });

    it('merges a suspected duplicate from the list, and refuses a merge into the merged one', async () => {
      const editor = await as('editor');
      const from = await idOf(GANTZ_TOO);
      const into = await idOf(GANTZ);
      const merged = await purgedBy(() =>
        editor.post(`/newsroom/entities/${from}/merge`, { into: String(into), back: 'list' }),
      );
      assert.equal(merged.response.statusCode, 303, merged.response.body);
      assert.equal(merged.response.headers.location, '/newsroom/entities?done=merged');
      assert.equal((await store.entities.get(from))?.mergedInto, into);
      const gantz = await store.entities.get(into);
      assert.ok(gantz?.names.includes(GANTZ_TOO), 'the spelling moved');
      assert.equal(gantz?.articleCount, 4);
      // The entity sitemaps too: the merged entity leaves them.
      for (const tag of [`entity:${from}`, `entity:${into}`, `article:${a[3]}`, 'entities']) {
        assert.ok(merged.tags.has(tag), `${tag} purged`);
      }
      const list = await editor.get('/newsroom/entities?done=merged');
      assert.match(list.body, /دُمج الكيانان/);
      assert.doesNotMatch(list.body, new RegExp(`data-from="${from}"`), 'no longer a suspected duplicate');
      // The merged one's page says where it went, offers no decision but the undo.
      const page = await editor.get(`/newsroom/entities/${from}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`data-merged-into="${into}"`));
      assert.doesNotMatch(page.body, new RegExp(`action="/newsroom/entities/${from}/(confirm|rename|merge|split)"`));
      const [decision] = await store.entities.log(from);
      assert.match(page.body, new RegExp(`action="/newsroom/entities/decisions/${decision!.id}/undo"`));
      // Into a merged entity: refused.
      const othmani = await idOf(OTHMANI);
      const intoMerged = await editor.post(`/newsroom/entities/${othmani}/merge`, { into: String(from) });
      assert.equal(intoMerged.statusCode, 409);
      assert.match(intoMerged.body, /سبق دمج هذا الاسم في اسم آخر/);
      const asJson = await json(editor, `/newsroom/entities/${othmani}/merge`, { into: String(from) });
      assert.equal(asJson.data.error.code, 'entity_merged_already');
    });

    it('splits by spelling and by article, refuses an empty split and a merge back, and undoes in order', async () => {
      const editor = await as('editor');
      const id = await idOf(OTHMANI);
      const empty = await editor.post(`/newsroom/entities/${id}/split`, { name: 'محمد العثماني' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /لا شيء للفصل/);
      assert.ok(empty.body.includes('value="محمد العثماني"'), 'the new name is kept');
      const noName = await json(editor, `/newsroom/entities/${id}/split`, { names: ['عثماني'], name: '' });
      assert.equal(noName.data.error.code, 'entity_name_invalid');
      const nothing = await json(editor, `/newsroom/entities/${id}/split`, {
        names: ['لا صيغة'],
        name: 'محمد العثماني',
      });
      assert.equal(nothing.response.statusCode, 400);
      assert.equal(nothing.data.error.code, 'entity_split_empty');

      // The spelling «عثماني» (article 6) and article 5 belong to another man.
      const page = await editor.get(`/newsroom/entities/${id}`);
      assert.match(page.body, /name="names" value="عثماني"/);
      assert.match(page.body, new RegExp(`name="articleIds" value="${a[5]}"`));
      const body = new URLSearchParams([
        ['_csrf', editor.lastToken],
        ['names', 'عثماني'],
        ['articleIds', String(a[5])],
        ['articleIds', 'not an id'],
        ['name', 'محمد العثماني'],
      ]).toString();
      const since = await store.cacheInvalidations.latestId();
      const split = await app.inject({
        method: 'POST',
        url: `/newsroom/entities/${id}/split`,
        payload: body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...editor.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
      });
      assert.equal(split.statusCode, 303, split.body);
      assert.equal(split.headers.location, `/newsroom/entities/${id}?done=split`);
      const newId = await idOf('محمد العثماني');
      assert.deepEqual(
        (await store.entities.forArticle(a[6]!)).map((e) => e.id),
        [newId],
      );
      assert.deepEqual(
        (await store.entities.forArticle(a[5]!)).map((e) => e.id),
        [newId],
      );
      assert.ok(
        (await store.entities.forArticle(a[4]!)).some((e) => e.id === id),
        'the rest stays',
      );
      const tags = new Set((await store.cacheInvalidations.since(since)).flatMap((row) => row.tags));
      for (const tag of [`entity:${id}`, `entity:${newId}`, `article:${a[5]}`, `article:${a[6]}`]) {
        assert.ok(tags.has(tag), `${tag} purged`);
      }
      assert.ok(!tags.has(`article:${a[4]}`), 'an article that did not move is not purged');
      const after = await editor.get(`/newsroom/entities/${id}?done=split`);
      assert.match(after.body, /فُصل كيان جديد/);
      assert.match(text(after.body), /فصل: فُصل عنه محمد العثماني \(مقالان، الصيغ: عثماني\)/);

      // Merging the new one back is refused: undo the split instead.
      const back = await json(editor, `/newsroom/entities/${newId}/merge`, { into: String(id) });
      assert.equal(back.response.statusCode, 409);
      assert.equal(back.data.error.code, 'entity_split_from');
      assert.match(back.data.error.messageAr, /ألغِ قرار الفصل/);

      // A later decision on the new entity blocks the split's undo until it is undone.
      const confirm = await json(editor, `/newsroom/entities/${newId}/confirm`);
      assert.equal(confirm.response.statusCode, 200);
      const [splitDecision] = (await store.entities.log(id)).filter((d) => d.action === 'split');
      const blocked = await editor.post(`/newsroom/entities/decisions/${splitDecision!.id}/undo`, {
        entity: String(id),
      });
      assert.equal(blocked.statusCode, 409);
      assert.match(blocked.body, /ألغِ القرار اللاحق أولا/);
      const confirmDecision = confirm.data.decisionId;
      assert.equal(
        (await editor.post(`/newsroom/entities/decisions/${confirmDecision}/undo`, { entity: String(newId) }))
          .statusCode,
        303,
      );
      await as('editor', `/newsroom/entities/${id}`);
      const undone = await purgedBy(() =>
        editor.post(`/newsroom/entities/decisions/${splitDecision!.id}/undo`, { entity: String(id) }),
      );
      assert.equal(undone.response.statusCode, 303, undone.response.body);
      assert.ok(undone.tags.has(`entity:${newId}`));
      assert.ok(undone.tags.has(`article:${a[6]}`));
      assert.ok(
        (await store.entities.forArticle(a[6]!)).some((e) => e.id === id),
        'back where it was',
      );
      assert.equal((await store.entities.get(newId))?.mergedInto, id);
      // Unknown decisions.
      const unknown = await editor.post('/newsroom/entities/decisions/999999/undo', { entity: String(id) });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /هذا القرار غير موجود في السجل/);
      const unknownJson = await json(editor, '/newsroom/entities/decisions/999999/undo');
      assert.equal(unknownJson.data.error.code, 'decision_not_found');
    });

    /** An article's draft with this text, in «وطنية» by و.م.ع. */
    const draftWith = (headline: string, paragraph: string) => ({
      headline,
      body: [{ type: 'paragraph', text: paragraph }],
      sectionSlug: 'وطنية',
      bylines: [{ name: 'و.م.ع', kind: 'organization' }],
    });
    const HEADLINE = 'أخنوش يستقبل وزير الخارجية الفرنسي في مراكش';
    const PARAGRAPH =
      'استقبل رئيس الحكومة عزيز أخنوش، اليوم الثلاثاء بمراكش، وزير الخارجية الفرنسي. وقال أخنوش إن المغرب وفرنسا تجمعهما شراكة استثنائية.';

    /** Creates a draft as the editor's first save does, then saves `draft` over it as the next ones do. */
    async function createAndSave(client: NewsroomClient, draft: ReturnType<typeof draftWith>) {
      const created = await client.sendJson('POST', '/newsroom/articles', draftWith('مسودة', 'نص أول.'));
      assert.equal(created.statusCode, 201, created.body);
      const first = (JSON.parse(created.body) as { article: EditorArticle }).article;
      const saved = await client.sendJson('PUT', `/newsroom/articles/${first.id}`, {
        baseRevision: first.revision,
        draft,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      return (JSON.parse(saved.body) as { article: EditorArticle }).article;
    }

    it("lists what the editor's first save (the article's creation) found in the text", async () => {
      const editor = await as('editor', '/newsroom/articles/new');
      const created = await editor.sendJson('POST', '/newsroom/articles', draftWith(HEADLINE, PARAGRAPH));
      assert.equal(created.statusCode, 201, created.body);
      const article = (JSON.parse(created.body) as { article: EditorArticle }).article;
      assert.ok(
        article.entities.some((e) => e.name === 'عزيز أخنوش' && e.typeName === 'شخص'),
        `the first save lists what it found: ${JSON.stringify(article.entities)}`,
      );
    });

    it('lists what a save found in the text, and an editor confirms one from there', async () => {
      const editor = await as('editor', '/newsroom/articles/new');
      const article = await createAndSave(editor, draftWith(HEADLINE, PARAGRAPH));
      const akhannouch = article.entities.find((e) => e.name === 'عزيز أخنوش');
      assert.ok(akhannouch, `the save lists what it found: ${JSON.stringify(article.entities)}`);
      assert.equal(akhannouch.type, 'PER');
      assert.equal(akhannouch.typeName, 'شخص');
      assert.equal(akhannouch.status, 'proposed');
      assert.ok(akhannouch.names.includes('أخنوش'), 'with the forms the text writes');
      assert.ok(article.entities.some((e) => e.type === 'LOC' && e.typeName === 'مكان'));

      // The editor's page boots with them, and with the right to decide.
      const page = await editor.get(`/newsroom/articles/${article.id}`);
      assert.match(page.body, /"canDecideEntities":true/);
      assert.match(page.body, /"typeName":"شخص"/);

      // ✓ in the panel: the decision as JSON, then the list again.
      const since = await store.cacheInvalidations.latestId();
      const confirmed = await json(editor, `/newsroom/entities/${akhannouch.id}/confirm`);
      assert.equal(confirmed.response.statusCode, 200, confirmed.response.body);
      assert.deepEqual(confirmed.data.entityIds, [akhannouch.id]);
      assert.equal(typeof confirmed.data.decisionId, 'number');
      const tags = new Set((await store.cacheInvalidations.since(since)).flatMap((row) => row.tags));
      assert.ok(tags.has(`entity:${akhannouch.id}`));
      const again = await editor.get(`/newsroom/articles/${article.id}/entities`, { accept: 'application/json' });
      assert.equal(again.statusCode, 200);
      const entities = (JSON.parse(again.body) as { entities: EditorEntity[] }).entities;
      assert.equal(entities.find((e) => e.id === akhannouch.id)?.status, 'confirmed');

      // A contributor's own article: the confirmed entity, but no right to decide.
      const contributor = await as('contributor', '/newsroom/articles/new');
      const own = await createAndSave(
        contributor,
        draftWith('عزيز أخنوش في مراكش', 'زار رئيس الحكومة عزيز أخنوش مدينة مراكش.'),
      );
      assert.ok(
        own.entities.some((e) => e.id === akhannouch.id && e.status === 'confirmed'),
        JSON.stringify(own.entities),
      );
      const ownPage = await contributor.get(`/newsroom/articles/${own.id}`);
      assert.match(ownPage.body, /"canDecideEntities":false/);
      // Another's draft is not theirs to see, nor what it names.
      const hidden = await contributor.get(`/newsroom/articles/${article.id}/entities`, { accept: 'application/json' });
      assert.equal(hidden.statusCode, 404);
    });
  });
}
