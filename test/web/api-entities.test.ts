/**
 * Names and entities in the content API, on SQLite and PostgreSQL, through inject(): an
 * article's entities, one entity with every spelling, entities by any spelling, and the article
 * list filtered by an import's own id. Articles are written through the store (the seed page,
 * which names بيني گانتز and بيني جانتس, and stories about him), so extraction fills the
 * entities; a draft names someone no published article names. Answers are cached, tagged and
 * purged like the other reads; a merged entity answers 301 to the one it became.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Entity } from '../../src/entities/entity.ts';
import { importSeedArticle } from '../../src/import/demo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { cacheTags } from '../../src/web/cache-tags.ts';
import { entityPath } from '../../src/web/site/urls.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { entitySpelt, gantzStories, writeBouritaDraft } from '../helpers/entities.ts';

const SITE = 'https://alghad24.test';
const SEED_ID = 'alghad24-seed-al-ghad-24';
const GANTZ_STORIES = 3;

interface ApiEntity {
  id: number;
  type: string;
  name: string;
  names: string[];
  articleCount: number;
  url: string;
}

interface ApiArticleEntity {
  id: number;
  type: string;
  name: string;
  names: string[];
  prominent: boolean;
  mentions: number;
  url: string;
}

const q = (text: string) => encodeURIComponent(text);

for (const dialect of DIALECTS) {
  describe(`entities in the content API (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let uncached: FastifyInstance;
    let cleanup: () => Promise<void>;
    let seedId: number;
    let draftId: number;
    let gantz: Entity;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      await importSeedArticle(store);
      await store.articles.upsertManyByExternalId(gantzStories(GANTZ_STORIES));
      draftId = await writeBouritaDraft(store);
      seedId = (await store.articles.findIdByExternalId(SEED_ID)) as number;
      const config = testConfig({ dataDir: database.options.dataDir });
      app = await buildApp({ config, store, invalidationPollMs: 0, apiLimits: { anonymousPerMinute: 10_000 } });
      uncached = await buildApp({
        config: { ...config, pageCache: false },
        store,
        invalidationPollMs: 0,
        apiLimits: { anonymousPerMinute: 10_000 },
      });
      gantz = await entitySpelt(store, 'جانتس');
    });

    after(async () => {
      await app?.close();
      await uncached?.close();
      await store?.close();
      await cleanup?.();
    });

    describe('GET /api/v1/articles?externalId=', () => {
      it('finds the one article an import gave the id, with the other filters as usual', async () => {
        const list = async (query: string) => {
          const response = await app.inject(`/api/v1/articles?${query}`);
          assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
          const body = response.json() as { data: { id: number }[]; nextCursor: string | null };
          assert.equal(body.nextCursor, null);
          return body.data.map((a) => a.id);
        };
        assert.deepEqual(await list(`externalId=${SEED_ID}`), [seedId]);
        assert.deepEqual(await list(`externalId=${SEED_ID}&limit=1`), [seedId]);
        assert.deepEqual(await list(`externalId=${SEED_ID}&section=${q('سياسة')}`), [seedId]);
        assert.deepEqual(await list(`externalId=${SEED_ID}&section=${q('دولية')}`), [], 'another section');
        assert.deepEqual(await list(`externalId=${SEED_ID}&from=2021-11-24&to=2021-11-24`), [seedId]);
        assert.deepEqual(await list(`externalId=${SEED_ID}&from=2022-01-01`), [], 'outside the dates');
        assert.deepEqual(await list(`externalId=${SEED_ID}&updatedSince=2000-01-01T00:00:00Z`), [seedId]);
        assert.deepEqual(await list('externalId=gantz-2'), [(await store.articles.findIdByExternalId('gantz-2'))!]);
        assert.deepEqual(await list('externalId=draft-bourita'), [], 'a draft is not listed');
        assert.deepEqual(await list('externalId=no-such-import'), []);
        assert.deepEqual(await list(`externalId=${SEED_ID.toUpperCase()}`), [], 'an exact match');
      });

      it('refuses an empty, too long or control-character id with a stable code', async () => {
        for (const value of ['', 'x'.repeat(201), 'a%00b', 'a%0Ab']) {
          const response = await app.inject(`/api/v1/articles?externalId=${value}`);
          assert.equal(response.statusCode, 400, value);
          const { error } = response.json() as { error: { code: string; field?: string } };
          assert.equal(error.code, 'bad_parameter', value);
          assert.equal(error.field, 'externalId');
        }
        const longest = await app.inject(`/api/v1/articles?externalId=${'x'.repeat(200)}`);
        assert.equal(longest.statusCode, 200);
      });
    });

    describe('GET /api/v1/articles/:id/entities', () => {
      it('lists the people, organisations and places the article names, with the forms it writes them in', async () => {
        const response = await app.inject(`/api/v1/articles/${seedId}/entities`);
        assert.equal(response.statusCode, 200, response.body);
        assert.match(response.headers['content-type'] as string, /^application\/json/);
        assert.ok(response.headers.etag);
        const { entities } = response.json() as { entities: ApiArticleEntity[] };
        const person = entities.find((e) => e.id === gantz.id);
        assert.ok(person, 'Gantz is named');
        assert.equal(person.type, 'PER');
        assert.equal(person.name, 'بيني گانتز');
        for (const form of ['بيني گانتز', 'بيني جانتس', 'جانتس']) assert.ok(person.names.includes(form), form);
        assert.equal(person.url, `${SITE}${entityPath(gantz)}`);
        assert.equal(person.prominent, false);
        assert.ok(person.mentions >= 3);
        // The headline names Morocco and Israel: prominent, so first.
        assert.deepEqual(
          entities.slice(0, 2).map((e) => [e.type, e.name, e.prominent]),
          [
            ['LOC', 'المغرب', true],
            ['LOC', 'إسرائيل', true],
          ],
        );
        assert.deepEqual(new Set(entities.map((e) => e.type)), new Set(['PER', 'ORG', 'LOC']));
        for (const entity of entities) assert.match(entity.url, /^https:\/\/alghad24\.test\/entity\/\d+\//);
        // Tagged with the article and each entity: a save, a rename or a merge purges it.
        const keys = String(response.headers['surrogate-key']).split(' ');
        assert.ok(keys.includes(cacheTags.article(seedId)));
        for (const entity of entities) assert.ok(keys.includes(cacheTags.entity(entity.id)), `entity:${entity.id}`);
        // The same without the page cache, with an ETag of its own and a 304.
        const plain = await uncached.inject(`/api/v1/articles/${seedId}/entities`);
        assert.deepEqual(plain.json(), response.json());
        const again = await uncached.inject({
          url: `/api/v1/articles/${seedId}/entities`,
          headers: { 'if-none-match': String(plain.headers.etag) },
        });
        assert.equal(again.statusCode, 304);
      });

      it('is 404 for an unpublished or unknown article, as /articles/:id is', async () => {
        for (const id of [draftId, 999_999]) {
          for (const server of [app, uncached]) {
            const response = await server.inject(`/api/v1/articles/${id}/entities`);
            assert.equal(response.statusCode, 404);
            assert.equal((response.json() as { error: { code: string } }).error.code, 'article_not_found');
            assert.equal((await server.inject(`/api/v1/articles/${id}`)).statusCode, 404);
          }
        }
        const bad = await app.inject('/api/v1/articles/abc/entities');
        assert.equal(bad.statusCode, 400);
      });
    });

    describe('GET /api/v1/entities/:id', () => {
      it('gives every spelling of the name and the published articles that name it', async () => {
        const response = await app.inject(`/api/v1/entities/${gantz.id}`);
        assert.equal(response.statusCode, 200, response.body);
        const entity = response.json() as ApiEntity;
        assert.deepEqual(Object.keys(entity).sort(), ['articleCount', 'id', 'name', 'names', 'type', 'url']);
        assert.equal(entity.id, gantz.id);
        assert.equal(entity.type, 'PER');
        assert.equal(entity.name, 'بيني گانتز');
        assert.equal(entity.names[0], 'بيني گانتز', 'the name first');
        for (const spelling of ['بيني جانتس', 'جانتس']) assert.ok(entity.names.includes(spelling), spelling);
        assert.equal(entity.articleCount, 1 + GANTZ_STORIES);
        assert.equal(entity.url, `${SITE}${entityPath(gantz)}`);
        assert.ok(String(response.headers['surrogate-key']).split(' ').includes(cacheTags.entity(gantz.id)));
        assert.equal(response.headers['access-control-allow-origin'], '*');
      });

      it('is 404 for an unknown entity and for one no published article names', async () => {
        const bourita = await entitySpelt(store, 'ناصر بوريطة');
        assert.equal(bourita.articleCount, 0, 'named in the draft only');
        for (const id of [bourita.id, 999_999]) {
          for (const server of [app, uncached]) {
            const response = await server.inject(`/api/v1/entities/${id}`);
            assert.equal(response.statusCode, 404, `${id}`);
            const { error } = response.json() as { error: { code: string; message: string; messageAr: string } };
            assert.equal(error.code, 'entity_not_found');
            assert.match(error.messageAr, /كيان/);
          }
        }
      });
    });

    describe('GET /api/v1/entities?q=', () => {
      it('finds an entity by any of its spellings, as written or transliterated otherwise', async () => {
        for (const spelling of ['جانتس', 'بيني گانتز', 'گانتز', 'غانتس', '  جانتس  ']) {
          const response = await app.inject(`/api/v1/entities?q=${q(spelling)}`);
          assert.equal(response.statusCode, 200, `${spelling}: ${response.body}`);
          const { entities } = response.json() as { entities: ApiEntity[] };
          assert.equal(entities[0]?.id, gantz.id, spelling);
          assert.deepEqual(entities[0], (await app.inject(`/api/v1/entities/${gantz.id}`)).json());
        }
        const morocco = (await app.inject(`/api/v1/entities?q=${q('المغرب')}&limit=1`)).json() as {
          entities: ApiEntity[];
        };
        assert.equal(morocco.entities.length, 1);
        assert.equal(morocco.entities[0]?.type, 'LOC');
      });

      it('leaves out entities no published article names, and finds nothing for an unknown name', async () => {
        for (const spelling of ['ناصر بوريطة', 'اسم لم يكتب قط']) {
          const response = await app.inject(`/api/v1/entities?q=${q(spelling)}`);
          assert.equal(response.statusCode, 200);
          assert.deepEqual(response.json(), { entities: [] }, spelling);
        }
      });

      it('refuses a missing, empty or too long query and a bad limit', async () => {
        for (const query of ['', 'q=', `q=${'ب'.repeat(201)}`, 'q=x&limit=0', 'q=x&limit=51', 'q=x&sort=name']) {
          const response = await app.inject(`/api/v1/entities?${query}`);
          assert.equal(response.statusCode, 400, query);
          assert.match((response.json() as { error: { code: string } }).error.code, /^(bad|unknown)_parameter$/);
        }
        assert.equal((await app.inject(`/api/v1/entities?q=${'ب'.repeat(200)}&limit=50`)).statusCode, 200);
      });
    });

    describe("editors' decisions", () => {
      it('answers a merged entity with a 301 to the entity it was merged into, with its body', async () => {
        const fifth = await entitySpelt(store, 'محمد الخامس');
        const sixth = await entitySpelt(store, 'محمد السادس');
        assert.equal((await app.inject(`/api/v1/entities/${fifth.id}`)).statusCode, 200, 'cached before the merge');
        await store.entities.merge(fifth.id, sixth.id, null);
        // What the newsroom does after a decision.
        await app.purgePages([cacheTags.entity(fifth.id), cacheTags.entity(sixth.id)]);
        for (const server of [app, uncached]) {
          const moved = await server.inject(`/api/v1/entities/${fifth.id}`);
          assert.equal(moved.statusCode, 301);
          assert.equal(moved.headers.location, `/api/v1/entities/${sixth.id}`);
          assert.match(moved.headers['content-type'] as string, /^application\/json/);
          const target = await server.inject(String(moved.headers.location));
          assert.equal(target.statusCode, 200);
          assert.deepEqual(moved.json(), target.json(), 'the body of the entity it became');
          const entity = target.json() as ApiEntity;
          assert.ok(entity.names.includes('محمد الخامس'), 'the merged name is a spelling of the other');
        }
        // The article and the spelling lead to the entity it became.
        const named = (await app.inject(`/api/v1/articles/${seedId}/entities`)).json() as {
          entities: ApiArticleEntity[];
        };
        assert.ok(!named.entities.some((e) => e.id === fifth.id));
        assert.ok(named.entities.find((e) => e.id === sixth.id)?.names.includes('محمد الخامس'));
        const found = (await app.inject(`/api/v1/entities?q=${q('محمد الخامس')}`)).json() as {
          entities: ApiEntity[];
        };
        assert.deepEqual(
          found.entities.map((e) => e.id),
          [sixth.id],
        );
      });

      it('is 404 for a rejected entity, which articles and searches leave out', async () => {
        const rejected = await entitySpelt(store, 'القوات المسلحة الملكية');
        await store.entities.reject(rejected.id, null);
        await app.purgePages([cacheTags.entity(rejected.id)]);
        for (const server of [app, uncached]) {
          assert.equal((await server.inject(`/api/v1/entities/${rejected.id}`)).statusCode, 404);
          const named = (await server.inject(`/api/v1/articles/${seedId}/entities`)).json() as {
            entities: ApiArticleEntity[];
          };
          assert.ok(!named.entities.some((e) => e.id === rejected.id));
          const found = await server.inject(`/api/v1/entities?q=${q('القوات المسلحة الملكية')}`);
          assert.deepEqual(found.json(), { entities: [] });
        }
      });
    });
  });
}
