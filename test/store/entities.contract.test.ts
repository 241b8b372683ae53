/**
 * The entities' store contract: the same tests against SQLite and PostgreSQL, on real articles
 * (the seed article of الغد 24 and the first records of the Jawhara FM corpus) and real names,
 * with the found entities written by hand (extraction is tested on its own). Linking, counts
 * that follow publication, the reads, every decision and its exact undo, the refusals, two
 * editors merging at once, and a split of 10,000 articles. Each group starts from empty entity
 * tables.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { ArticleInput } from '../../src/content/article.ts';
import { EntityError } from '../../src/entities/entity-error.ts';
import type { EntityType, FoundEntity } from '../../src/entities/found-entity.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { DEMO_SEED_FILE } from '../../src/import/demo.ts';
import { readSeedPage } from '../../src/import/seed-page.ts';
import { INDEXABLE_COLUMNS, indexableArticle } from '../../src/search/rebuild.ts';
import type { IndexableArticle } from '../../src/search/search-index.ts';
import { EntityRepository } from '../../src/store/entities.ts';
import { type Database, toOptionalDate } from '../../src/store/schema.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { clearEntities, entityNamed, indexableById } from '../helpers/entities.ts';

/**
 * A stand-in for entity-key.ts, enough for these names: hamza seats folded, گ and غ are ج,
 * ز is س (گانتز = جانتس = غانتس), and a word's article left out (العثماني = عثماني).
 */
function keyOf(name: string): string {
  return name
    .replace(/[أإآ]/g, 'ا')
    .replace(/[گغ]/g, 'ج')
    .replace(/ز/g, 'س')
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => word.replace(/^ال(?=..)/, ''))
    .join(' ');
}

/** A found entity as extraction would give it: `forms` are the other ways the article writes it. */
function found(
  type: EntityType,
  name: string,
  {
    forms = [],
    mentions = 1,
    prominent = false,
    firstSeen = 0,
  }: { forms?: string[]; mentions?: number; prominent?: boolean; firstSeen?: number } = {},
): FoundEntity {
  return {
    type,
    name,
    names: [name, ...forms],
    key: keyOf(name),
    surnameKey: type === 'LOC' ? undefined : keyOf(name).split(' ').at(-1),
    mentions,
    prominent,
    firstSeen,
  };
}

const GANTZ = 'بيني گانتز';
const OTHMANI = 'سعد الدين العثماني';

const SEED = readSeedPage(DEMO_SEED_FILE);
const JAWHARA = firstCorpusLines('jawhara.jsonl.gz', 6).map((line) => {
  const mapped = mapCorpusRecord(JSON.parse(line), { timeZone: 'Africa/Tunis' });
  assert.ok(mapped.ok);
  return mapped.article as ArticleInput & { externalId: string };
});

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let store: Store;
    let entities: EntityRepository;
    let cleanup: () => Promise<void>;
    /** The seed (2021), then six Jawhara articles (2015–2017). */
    let seed: number;
    let j: number[];
    let editorId: number;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
      entities = new EntityRepository(store.db, store.dialect, keyOf);
      seed = (await store.articles.upsertByExternalId(SEED)).id;
      j = [];
      for (const article of JAWHARA) j.push((await store.articles.upsertByExternalId(article)).id);
      editorId = (
        await store.db
          .insertInto('users')
          .values({
            email: 'editor@alghad24.ma',
            display_name: 'سلمى بناني',
            role: 'editor',
            password_hash: '$argon2id$not-used',
            must_change_password: 0,
            author_id: null,
            demo: 0,
            created_at: new Date().toISOString(),
            disabled_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });

    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    /** The article as indexing sees it; `published` overrides its status. */
    async function indexable(id: number, published?: boolean): Promise<IndexableArticle> {
      const article = await indexableById(store, id);
      return published === undefined ? article : { ...article, published };
    }

    /** Indexes the articles, in one transaction as an import batch does. */
    async function index(...entries: [id: number, found: FoundEntity[], published?: boolean][]): Promise<void> {
      const articles = await Promise.all(entries.map(([id, , published]) => indexable(id, published)));
      await store.db
        .transaction()
        .execute((trx) => entities.indexWithin(trx, articles, new Map(entries.map(([id, list]) => [id, list]))));
    }

    /** The entity (not merged away) with this canonical name. */
    const idOf = (name: string) => entityNamed(store, name);

    async function count(table: 'entities' | 'entity_names' | 'article_entities'): Promise<number> {
      const row = await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    /** Everything about the entities that an undo must put back: their rows, spellings and article rows. */
    async function snapshot(ids: number[]) {
      const rows = await store.db
        .selectFrom('entities')
        .select(['id', 'type', 'name', 'slug', 'key', 'surname_key', 'status', 'merged_into', 'split_from'])
        .select('article_count')
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      const names = await store.db
        .selectFrom('entity_names')
        .selectAll()
        .where('entity_id', 'in', ids)
        .orderBy('entity_id')
        .orderBy('name')
        .execute();
      const articleRows = await store.db
        .selectFrom('article_entities')
        .selectAll()
        .where('entity_id', 'in', ids)
        .orderBy('article_id')
        .orderBy('entity_id')
        .execute();
      return {
        rows,
        names,
        articleRows: articleRows.map((r) => ({ ...r, published_at: toOptionalDate(r.published_at)?.toISOString() })),
      };
    }

    async function refusedWith(promise: Promise<unknown>, code: string, status?: number): Promise<EntityError> {
      let caught: unknown;
      await assert.rejects(promise, (error: unknown) => {
        caught = error;
        return true;
      });
      assert.ok(caught instanceof EntityError, String(caught));
      assert.equal(caught.code, code);
      if (status !== undefined) assert.equal(caught.status, status);
      assert.match(caught.messageAr, /\p{Script=Arabic}/u);
      return caught;
    }

    it('is part of the store, keyed by entity-key.ts', () => {
      assert.ok(store.entities instanceof EntityRepository);
    });

    describe('linking', () => {
      before(() => clearEntities(store));

      it('creates an entity per new name, with its slug, keys and the forms the article writes', async () => {
        await index([
          seed,
          [
            found('PER', GANTZ, { forms: ['گانتز'], mentions: 3, firstSeen: 120 }),
            found('LOC', 'المغرب', { mentions: 4, prominent: true, firstSeen: 0 }),
            found('LOC', 'إسرائيل', { mentions: 4, prominent: true, firstSeen: 10 }),
          ],
        ]);
        assert.equal(await count('entities'), 3);
        const gantz = await entities.get(await idOf(GANTZ));
        assert.ok(gantz);
        assert.deepEqual(
          { ...gantz, id: 0 },
          {
            id: 0,
            type: 'PER',
            name: GANTZ,
            slug: 'بيني-گانتز',
            names: [GANTZ, 'گانتز'],
            status: 'proposed',
            articleCount: 1,
          },
        );
        const row = await store.db
          .selectFrom('entities')
          .select(['key', 'surname_key'])
          .where('id', '=', gantz.id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { key: 'بيني جانتس', surname_key: 'جانتس' });
        assert.deepEqual(await entities.names(gantz.id), [
          { name: GANTZ, key: 'بيني جانتس' },
          { name: 'گانتز', key: 'جانتس' },
        ]);
        // Prominent first, then the most named, then in order.
        assert.deepEqual(
          (await entities.forArticle(seed)).map((e) => [e.name, e.mentions, e.prominent, e.names]),
          [
            ['المغرب', 4, true, ['المغرب']],
            ['إسرائيل', 4, true, ['إسرائيل']],
            [GANTZ, 3, false, [GANTZ, 'گانتز']],
          ],
        );
      });

      it('links another spelling with the same key to the same entity, and keeps the spelling', async () => {
        const gantz = await idOf(GANTZ);
        await index([j[0]!, [found('PER', 'بيني جانتس', { mentions: 2 })]]);
        assert.equal(await count('entities'), 3);
        assert.deepEqual(
          (await entities.forArticle(j[0]!)).map((e) => e.id),
          [gantz],
        );
        const entity = await entities.get(gantz);
        assert.deepEqual(entity?.names, [GANTZ, 'بيني جانتس', 'گانتز']);
        assert.equal(entity?.articleCount, 2);
      });

      it('links a one-word name through a spelling with its key, else to the best-known entity with its surname', async () => {
        // «جانتس» alone: the seed wrote «گانتز», which has its key.
        await index([j[1]!, [found('PER', 'جانتس')]]);
        assert.deepEqual(
          (await entities.forArticle(j[1]!)).map((e) => e.name),
          [GANTZ],
        );
        assert.equal((await entities.get(await idOf(GANTZ)))?.articleCount, 3);

        // Two people called العثماني; «العثماني» alone goes to the one with more articles.
        await index(
          [j[2]!, [found('PER', OTHMANI)]],
          [j[3]!, [found('PER', OTHMANI)]],
          [j[4]!, [found('PER', 'محمد العثماني')]],
        );
        await index([j[5]!, [found('PER', 'العثماني'), found('ORG', 'حزب العدالة والتنمية')]]);
        assert.deepEqual((await entities.forArticle(j[5]!)).map((e) => e.name).sort(), [
          'حزب العدالة والتنمية',
          OTHMANI,
        ]);
        const othmani = await entities.get(await idOf(OTHMANI));
        assert.equal(othmani?.articleCount, 3);
        assert.deepEqual(othmani?.names, [OTHMANI, 'العثماني'], 'the surname alone is now a spelling of his');
        assert.equal((await entities.get(await idOf('محمد العثماني')))?.articleCount, 1);
        // A place is never linked by a surname: «الرباط» is a new entity.
        await index([j[4]!, [found('PER', 'محمد العثماني'), found('LOC', 'الرباط')]]);
        assert.equal((await entities.get(await idOf('الرباط')))?.type, 'LOC');
      });

      it('makes one row of two found entities of one article linked to the same entity', async () => {
        await index([
          j[0]!,
          [
            found('PER', 'بيني جانتس', { mentions: 2, firstSeen: 40 }),
            found('LOC', 'إسرائيل', { firstSeen: 20 }),
            found('PER', 'جانتس', { mentions: 1, prominent: true, firstSeen: 5 }),
          ],
        ]);
        const rows = await store.db
          .selectFrom('article_entities')
          .select(['entity_id', 'names', 'mentions', 'prominent', 'position'])
          .where('article_id', '=', j[0]!)
          .orderBy('position')
          .execute();
        const gantz = await idOf(GANTZ);
        assert.deepEqual(rows, [
          { entity_id: gantz, names: JSON.stringify(['بيني جانتس', 'جانتس']), mentions: 3, prominent: 1, position: 0 },
          {
            entity_id: await idOf('إسرائيل'),
            names: JSON.stringify(['إسرائيل']),
            mentions: 1,
            prominent: 0,
            position: 1,
          },
        ]);
      });

      it('replaces an article’s rows when it is indexed again, and recounts', async () => {
        const gantz = await idOf(GANTZ);
        const before = (await entities.get(gantz))?.articleCount;
        await index([j[1]!, []]);
        assert.deepEqual(await entities.forArticle(j[1]!), []);
        assert.equal((await entities.get(gantz))?.articleCount, (before ?? 0) - 1);
      });

      it('links, within one batch, an article to the entity an earlier article of the batch created', async () => {
        const before = await count('entities');
        await index(
          [j[1]!, [found('PER', 'عزيز أخنوش', { forms: ['أخنوش'] })]],
          [j[3]!, [found('PER', OTHMANI), found('PER', 'أخنوش')]],
          [j[2]!, [found('PER', OTHMANI, { forms: ['العثماني'] }), found('PER', 'عزيز اخنوش')]],
        );
        assert.equal(await count('entities'), before + 1);
        const akhannouch = await entities.get(await idOf('عزيز أخنوش'));
        assert.equal(akhannouch?.articleCount, 3);
        assert.deepEqual(akhannouch?.names, ['عزيز أخنوش', 'أخنوش', 'عزيز اخنوش']);
      });

      it('gives every article of forArticles its list, [] for one that names none', async () => {
        const lists = await entities.forArticles([seed, j[0]!, 987654]);
        assert.deepEqual([...lists.keys()], [seed, j[0]!, 987654]);
        assert.equal(lists.get(seed)?.length, 3);
        assert.deepEqual(lists.get(987654), []);
        assert.deepEqual(lists.get(j[0]!), await entities.forArticle(j[0]!));
      });
    });

    describe('published articles only', () => {
      before(() => clearEntities(store));

      it('counts and lists an article while it is published, and follows publish and unpublish', async () => {
        const names = [found('PER', GANTZ), found('LOC', 'إسرائيل')];
        await index([seed, names, false]);
        const gantz = await idOf(GANTZ);
        assert.equal((await entities.get(gantz))?.articleCount, 0);
        assert.deepEqual(await entities.articles(gantz, { limit: 10 }), { articleIds: [], total: 0 });
        assert.equal((await entities.forArticle(seed)).length, 2, 'the newsroom still sees a draft’s entities');

        await index([seed, names, true]);
        assert.equal((await entities.get(gantz))?.articleCount, 1);
        assert.deepEqual(await entities.articles(gantz, { limit: 10 }), { articleIds: [seed], total: 1 });

        await index([seed, names, false]);
        assert.equal((await entities.get(gantz))?.articleCount, 0);
        assert.equal((await entities.get(await idOf('إسرائيل')))?.articleCount, 0);
        assert.deepEqual(await entities.articles(gantz, { limit: 10 }), { articleIds: [], total: 0 });
      });

      it('lists newest first, a page at a time, with the total', async () => {
        await index(...[seed, ...j].map((id): [number, FoundEntity[]] => [id, [found('PER', GANTZ)]]));
        const dates = await Promise.all(
          [seed, ...j].map(async (id) => [id, (await indexable(id)).publishedAt] as const),
        );
        const newestFirst = dates
          .sort(([a, x], [b, y]) => (y?.getTime() ?? 0) - (x?.getTime() ?? 0) || b - a)
          .map(([id]) => id);
        assert.equal(newestFirst[0], seed);
        const gantz = await idOf(GANTZ);
        assert.deepEqual(await entities.articles(gantz, { limit: 3 }), {
          articleIds: newestFirst.slice(0, 3),
          total: 7,
        });
        assert.deepEqual(await entities.articles(gantz, { limit: 3, offset: 3 }), {
          articleIds: newestFirst.slice(3, 6),
          total: 7,
        });
        assert.equal((await entities.get(gantz))?.articleCount, 7);
      });
    });

    describe('reads', () => {
      before(async () => {
        await clearEntities(store);
        await index(
          [seed, [found('PER', GANTZ, { forms: ['گانتز'] }), found('LOC', 'المغرب'), found('LOC', 'إسرائيل')]],
          [j[0]!, [found('PER', 'بيني جانتس'), found('LOC', 'إسرائيل'), found('LOC', 'المغرب')]],
          [j[1]!, [found('PER', 'بني غانتس'), found('LOC', 'إسرائيل')]],
          [j[2]!, [found('PER', OTHMANI), found('LOC', 'المغرب'), found('ORG', 'حزب العدالة والتنمية')]],
          [j[3]!, [found('PER', OTHMANI), found('ORG', 'حزب العدالة والتنمية')]],
          [j[4]!, [found('PER', 'محمد العثماني'), found('LOC', 'الرباط')]],
        );
      });

      it('finds an entity by a spelling as written or by its key, the most written about first', async () => {
        const gantz = await idOf(GANTZ);
        assert.deepEqual(
          (await entities.findBySpelling(' گانتز ', 5)).map((e) => e.id),
          [gantz],
        );
        // Never written so, but with the same key.
        assert.deepEqual(
          (await entities.findBySpelling('بيني غانتز', 5)).map((e) => e.id),
          [gantz],
        );
        assert.deepEqual(
          (await entities.findBySpelling('العثماني', 5)).map((e) => e.name),
          [],
          'a surname alone is not a spelling',
        );
        assert.deepEqual(await entities.findBySpelling('   ', 5), []);
      });

      it('lists the entities named with one in the same published articles, with how often', async () => {
        const related = await entities.related(await idOf(GANTZ), 10);
        assert.deepEqual(
          related.map((r) => [r.entity.name, r.sharedArticles]),
          [
            ['المغرب', 2],
            ['إسرائيل', 2],
          ],
        );
        assert.deepEqual((await entities.related(await idOf(GANTZ), 1)).length, 1);
      });

      it('lists the newsroom’s entities, the most written about first, by type and status', async () => {
        const all = await entities.top({ limit: 3 });
        assert.equal(all.total, 8);
        assert.deepEqual(
          all.entities.map((e) => [e.name, e.articleCount]),
          [
            ['المغرب', 3],
            ['إسرائيل', 3],
            [GANTZ, 2],
          ],
        );
        const people = await entities.top({ type: 'PER', limit: 10, offset: 1 });
        assert.equal(people.total, 4);
        assert.deepEqual(
          people.entities.map((e) => e.name),
          [OTHMANI, 'بني غانتس', 'محمد العثماني'],
        );
        await entities.confirm(await idOf(OTHMANI), editorId);
        assert.deepEqual(
          (await entities.top({ status: 'confirmed', limit: 10 })).entities.map((e) => e.name),
          [OTHMANI],
        );
      });

      it('suspects two entities of one type sharing a surname key and some context', async () => {
        const suspected = await entities.suspectedDuplicates(10);
        // بيني گانتز and بني غانتس: one surname key, both named with إسرائيل. The two العثماني
        // share a surname but nothing else (no article, no other entity).
        assert.deepEqual(
          suspected.map((s) => [s.entities.map((e) => e.name), s.sameKey, s.sharedArticles, s.sharedNeighbours]),
          [[[GANTZ, 'بني غانتس'], false, 0, 1]],
        );
      });

      it('gives extraction the keys of rejected names, and of confirmed ones with their type', async () => {
        await entities.confirm(await idOf(GANTZ), editorId);
        await entities.reject(await idOf('الرباط'), editorId);
        const rules = await entities.rules();
        assert.deepEqual([...rules.rejected], ['رباط']);
        assert.deepEqual([...rules.known].sort(), [
          ['بيني جانتس', 'PER'],
          ['جانتس', 'PER'],
          ['سعد دين عثماني', 'PER'],
        ]);
      });

      it('hides a rejected entity, and drops it from articles indexed afterwards', async () => {
        const rabat = await idOf('الرباط');
        assert.deepEqual(
          (await entities.forArticle(j[4]!)).map((e) => e.name),
          ['محمد العثماني'],
        );
        assert.equal((await entities.get(rabat))?.status, 'rejected');
        assert.deepEqual((await entities.findBySpelling('الرباط', 5)).length, 0);
        const entitiesBefore = await count('entities');
        await index([j[5]!, [found('LOC', 'الرباط'), found('LOC', 'المغرب')]]);
        assert.equal(await count('entities'), entitiesBefore, 'no new entity for a rejected name');
        assert.deepEqual(
          (
            await store.db.selectFrom('article_entities').select('entity_id').where('article_id', '=', j[5]!).execute()
          ).map((r) => r.entity_id),
          [await idOf('المغرب')],
        );
      });

      it('logs the decisions newest first, with who took them', async () => {
        const rabat = await idOf('الرباط');
        const undone = await entities.undo((await entities.log(rabat))[0]!.id, editorId);
        const log = await entities.log(rabat);
        assert.deepEqual(
          log.map((d) => [d.action, d.userName, d.undoneBy]),
          [
            ['undo', 'سلمى بناني', null],
            ['reject', 'سلمى بناني', undone.decisionId],
          ],
        );
        assert.deepEqual(log[0]?.payload, { decisionId: log[1]?.id, action: 'reject' });
        assert.deepEqual(log[1]?.payload, { statusBefore: 'proposed' });
        assert.ok(log[0]?.createdAt instanceof Date);
        assert.equal((await entities.get(rabat))?.status, 'proposed');
        assert.deepEqual(undone.changedArticleIds, [j[4]!]);
      });
    });

    describe('merge and undo', () => {
      let gantz: number;
      let ghanz: number;
      let beforeMerge: Awaited<ReturnType<typeof snapshot>>;

      before(async () => {
        await clearEntities(store);
        // The same man under two keys: بيني گانتز and بني غانتس, both in one article.
        await index(
          [seed, [found('PER', GANTZ, { forms: ['گانتز'], mentions: 3, firstSeen: 50 }), found('LOC', 'إسرائيل')]],
          [
            j[0]!,
            [
              found('PER', GANTZ, { mentions: 1, firstSeen: 90 }),
              found('PER', 'بني غانتس', { mentions: 2, prominent: true, firstSeen: 4 }),
            ],
          ],
          [j[1]!, [found('PER', 'بني غانتس', { forms: ['غانتس'] })]],
        );
        gantz = await idOf(GANTZ);
        ghanz = await idOf('بني غانتس');
        beforeMerge = await snapshot([gantz, ghanz]);
      });

      it('moves the rows and spellings, joins an article that names both, recounts, and redirects', async () => {
        const result = await entities.merge(ghanz, gantz, editorId);
        assert.deepEqual(
          result.changedArticleIds,
          [j[0]!, j[1]!].sort((a, b) => a - b),
        );
        const merged = await entities.get(ghanz);
        assert.equal(merged?.mergedInto, gantz);
        assert.equal(merged?.articleCount, 0);
        const into = await entities.get(gantz);
        assert.equal(into?.articleCount, 3);
        assert.deepEqual(into?.names, [GANTZ, 'بني غانتس', 'غانتس', 'گانتز']);
        assert.deepEqual(
          (await entities.forArticle(j[0]!)).map((e) => [e.id, e.names, e.mentions, e.prominent]),
          [[gantz, [GANTZ, 'بني غانتس'], 3, true]],
        );
        assert.deepEqual(
          (await entities.forArticle(j[1]!)).map((e) => e.id),
          [gantz],
        );
        // Found again, the merged entity's spellings link to the one it now is.
        await index([j[2]!, [found('PER', 'بني غانتس')]]);
        assert.deepEqual(
          (await entities.forArticle(j[2]!)).map((e) => e.id),
          [gantz],
        );
        await index([j[2]!, []]);
        assert.deepEqual(
          (await entities.findBySpelling('بني غانتس', 5)).map((e) => e.id),
          [gantz],
        );
        assert.deepEqual(
          (await entities.top({ type: 'PER', limit: 10 })).entities.map((e) => e.id),
          [gantz],
        );
      });

      it('undoes the merge exactly: rows, spellings and counts as they were', async () => {
        const [merge] = await entities.log(ghanz);
        assert.equal(merge?.action, 'merge');
        assert.deepEqual(merge?.payload, {
          intoId: gantz,
          names: [
            { name: 'بني غانتس', key: 'بني جانتس' },
            { name: 'غانتس', key: 'جانتس' },
          ],
          namesAdded: ['بني غانتس', 'غانتس'],
          movedArticleIds: [j[1]!],
          joined: [
            {
              articleId: j[0]!,
              from: { names: ['بني غانتس'], mentions: 2, prominent: true, position: 0 },
              into: { names: [GANTZ], mentions: 1, prominent: false, position: 1 },
            },
          ],
        });
        const undone = await entities.undo(merge!.id, editorId);
        assert.deepEqual(
          undone.changedArticleIds,
          [j[0]!, j[1]!].sort((a, b) => a - b),
        );
        assert.deepEqual(await snapshot([gantz, ghanz]), beforeMerge);
        assert.equal((await entities.get(ghanz))?.mergedInto, undefined);
        assert.equal((await entities.get(ghanz))?.articleCount, 2);
        assert.equal((await entities.get(gantz))?.articleCount, 2);
        assert.deepEqual(
          (await entities.forArticle(j[0]!)).map((e) => [e.name, e.names, e.mentions, e.prominent]),
          [
            ['بني غانتس', ['بني غانتس'], 2, true],
            [GANTZ, [GANTZ], 1, false],
          ],
        );
        assert.deepEqual(await entities.names(ghanz), [
          { name: 'بني غانتس', key: 'بني جانتس' },
          { name: 'غانتس', key: 'جانتس' },
        ]);
      });

      it('keeps the state before a merge identical after merge and undo', async () => {
        const before = await snapshot([gantz, ghanz]);
        const { decisionId } = await entities.merge(gantz, ghanz, editorId);
        assert.notDeepEqual(await snapshot([gantz, ghanz]), before);
        await entities.undo(decisionId, editorId);
        assert.deepEqual(await snapshot([gantz, ghanz]), before);
      });

      it('follows merges to their end, and refuses to undo a merge while a later one stands', async () => {
        await index([j[3]!, [found('PER', 'گانتز بيني')]]);
        const third = await idOf('گانتز بيني');
        const first = await entities.merge(ghanz, gantz, editorId);
        const second = await entities.merge(gantz, third, editorId);
        assert.equal((await entities.get(ghanz))?.mergedInto, third);
        const refusal = await refusedWith(entities.undo(first.decisionId, editorId), 'decision_undo_blocked', 409);
        assert.match(refusal.message, new RegExp(`decision ${second.decisionId}`));
        assert.match(refusal.messageAr, new RegExp(String(second.decisionId)));
        await entities.undo(second.decisionId, editorId);
        await entities.undo(first.decisionId, editorId);
        await refusedWith(entities.undo(first.decisionId, editorId), 'decision_undone_already', 409);
        const undos = (await entities.log(gantz)).filter((d) => d.action === 'undo');
        await refusedWith(entities.undo(undos[0]!.id, editorId), 'decision_undo_blocked', 409);
        assert.equal((await entities.get(ghanz))?.mergedInto, undefined);
        assert.equal((await entities.get(gantz))?.mergedInto, undefined);
      });
    });

    describe('split and undo', () => {
      let gantz: number;

      before(async () => {
        await clearEntities(store);
        await index(
          [seed, [found('PER', GANTZ, { forms: ['گانتز'] }), found('LOC', 'إسرائيل')]],
          [j[0]!, [found('PER', 'بيني جانتس')]],
          [j[1]!, [found('PER', 'بيني جانتس', { forms: ['جانتس'] })]],
          [j[2]!, [found('PER', 'جانتس')]],
          [j[3]!, [found('PER', GANTZ)]],
        );
        gantz = await idOf(GANTZ);
        await entities.confirm(gantz, editorId);
      });

      it('splits off the given spellings with the articles that write them, then undoes it exactly', async () => {
        const before = await snapshot([gantz]);
        const result = await entities.split(gantz, { names: ['بيني جانتس'] }, 'بيني جانتس', editorId);
        assert.deepEqual(
          result.changedArticleIds,
          [j[0]!, j[1]!].sort((a, b) => a - b),
        );
        const created = await idOf('بيني جانتس');
        const split = await entities.get(created);
        assert.deepEqual(
          [split?.type, split?.status, split?.articleCount, split?.names],
          ['PER', 'confirmed', 2, ['بيني جانتس']],
        );
        const row = await store.db
          .selectFrom('entities')
          .select(['split_from', 'key', 'surname_key'])
          .where('id', '=', created)
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { split_from: gantz, key: 'بيني جانتس', surname_key: 'جانتس' });
        assert.deepEqual((await entities.get(gantz))?.names, [GANTZ, 'جانتس', 'گانتز']);
        assert.equal((await entities.get(gantz))?.articleCount, 3);
        assert.deepEqual(
          (await entities.forArticle(j[1]!)).map((e) => [e.id, e.names]),
          [[created, ['بيني جانتس', 'جانتس']]],
        );
        const log = await entities.log(gantz);
        assert.deepEqual(log[0]?.payload, {
          newEntityId: created,
          newName: 'بيني جانتس',
          names: [{ name: 'بيني جانتس', key: 'بيني جانتس' }],
          articleCount: 2,
        });
        assert.deepEqual(
          (await entities.log(created)).map((d) => d.action),
          ['split'],
        );

        const undone = await entities.undo(result.decisionId, editorId);
        assert.deepEqual(undone.changedArticleIds, result.changedArticleIds);
        assert.deepEqual(await snapshot([gantz]), before);
        // The split entity's page, if anyone linked to it, now leads back.
        assert.equal((await entities.get(created))?.mergedInto, gantz);
        assert.deepEqual(await entities.names(created), []);
      });

      it('splits off given articles, with spellings and articles together', async () => {
        const before = await snapshot([gantz]);
        const result = await entities.split(
          gantz,
          { articleIds: [j[3]!, 987654], names: ['جانتس'] },
          'ميخائيل گانتز',
          editorId,
        );
        assert.deepEqual(
          result.changedArticleIds,
          [j[1]!, j[2]!, j[3]!].sort((a, b) => a - b),
        );
        const created = await entities.get(await idOf('ميخائيل گانتز'));
        assert.deepEqual([created?.articleCount, created?.names], [3, ['ميخائيل گانتز', 'جانتس']]);
        assert.equal((await entities.get(gantz))?.articleCount, 2);
        await entities.undo(result.decisionId, editorId);
        assert.deepEqual(await snapshot([gantz]), before);
      });

      it('refuses a merge back into the entity it was split from: the split is to be undone', async () => {
        const { decisionId } = await entities.split(gantz, { articleIds: [j[3]!] }, 'بيني گانتز الابن', editorId);
        const created = await idOf('بيني گانتز الابن');
        const refusal = await refusedWith(entities.merge(created, gantz, editorId), 'entity_split_from', 409);
        assert.match(refusal.messageAr, /ألغِ قرار الفصل/);
        assert.match(refusal.message, new RegExp(`decision ${decisionId}`));
        await entities.undo(decisionId, editorId);
      });
    });

    describe('refusals', () => {
      let person: number;
      let party: number;

      before(async () => {
        await clearEntities(store);
        await index([j[0]!, [found('PER', OTHMANI), found('ORG', 'حزب العدالة والتنمية')]]);
        person = await idOf(OTHMANI);
        party = await idOf('حزب العدالة والتنمية');
      });

      it('refuses what cannot be decided, with a stable code and an Arabic reason', async () => {
        await refusedWith(entities.confirm(987654, editorId), 'entity_not_found', 404);
        await refusedWith(entities.merge(987654, person, editorId), 'entity_not_found', 404);
        await refusedWith(entities.merge(person, person, editorId), 'entity_merge_self', 400);
        const mismatch = await refusedWith(entities.merge(person, party, editorId), 'entity_type_mismatch');
        assert.match(mismatch.messageAr, /لا يمكن دمج شخص في هيئة/);
        await refusedWith(entities.split(person, {}, 'العثماني', editorId), 'entity_split_empty', 400);
        await refusedWith(
          entities.split(person, { names: ['عبد الإله بنكيران'], articleIds: [j[1]!] }, 'العثماني', editorId),
          'entity_split_empty',
        );
        for (const name of ['', '   ', 'س'.repeat(201), 'سعد\u0007الدين', 'سعد\nالدين']) {
          await refusedWith(entities.rename(person, name, editorId), 'entity_name_invalid', 400);
        }
        await refusedWith(entities.undo(987654, editorId), 'decision_not_found', 404);
        assert.equal((await entities.log(person)).length, 0, 'nothing was recorded');
      });

      it('renames, keeping the new name among the spellings, and undoes it', async () => {
        const before = await snapshot([person]);
        const { decisionId, changedArticleIds } = await entities.rename(person, '  سعد الدين  العثماني ', editorId);
        assert.deepEqual(changedArticleIds, [j[0]!]);
        assert.equal((await entities.get(person))?.name, 'سعد الدين العثماني', 'trimmed, one space');
        const renamed = await entities.rename(person, 'سعد الدين العُثماني', editorId);
        assert.deepEqual(
          [(await entities.get(person))?.slug, (await entities.get(person))?.names],
          ['سعد-الدين-العثماني', ['سعد الدين العُثماني', OTHMANI]],
        );
        await refusedWith(entities.undo(decisionId, editorId), 'decision_undo_blocked');
        await entities.undo(renamed.decisionId, editorId);
        await entities.undo(decisionId, editorId);
        assert.deepEqual(await snapshot([person]), before);
      });

      it('refuses a merge of or into an entity merged already', async () => {
        await index([j[1]!, [found('PER', 'العثماني سعد الدين')]]);
        const other = await idOf('العثماني سعد الدين');
        await entities.merge(other, person, editorId);
        await refusedWith(entities.merge(other, person, editorId), 'entity_merged_already', 409);
        await refusedWith(entities.merge(person, other, editorId), 'entity_merged_already', 409);
        await refusedWith(entities.rename(other, 'العثماني', editorId), 'entity_merged_already', 409);
      });
    });

    describe('two editors at once', () => {
      let a: number;
      let b: number;

      before(async () => {
        await clearEntities(store);
        await index([j[0]!, [found('PER', GANTZ), found('PER', 'بني غانتس')]], [j[1]!, [found('PER', 'بني غانتس')]]);
        a = await idOf(GANTZ);
        b = await idOf('بني غانتس');
      });

      it('merging the same pair: exactly one wins, the other is told it is merged already', async () => {
        const results = await Promise.allSettled([entities.merge(b, a, editorId), entities.merge(b, a, editorId)]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.ok(refused.reason instanceof EntityError);
        assert.equal(refused.reason.code, 'entity_merged_already');
        assert.equal((await store.db.selectFrom('entity_decisions').selectAll().execute()).length, 1);
        assert.equal((await entities.get(a))?.articleCount, 2);
      });

      it('merging a pair both ways: exactly one wins, and no entity is merged into itself through the other', async () => {
        await entities.undo((await entities.log(a))[0]!.id, editorId);
        const results = await Promise.allSettled([entities.merge(a, b, editorId), entities.merge(b, a, editorId)]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.equal((refused.reason as EntityError).code, 'entity_merged_already');
        const rows = await store.db
          .selectFrom('entities')
          .select(['id', 'merged_into'])
          .where('id', 'in', [a, b])
          .execute();
        assert.equal(rows.filter((r) => r.merged_into !== null).length, 1);
      });

      it('two import batches naming the same entities at once: both written, counted once each', async () => {
        await Promise.all([
          index([seed, [found('LOC', 'المغرب'), found('LOC', 'الرباط')]]),
          index([j[2]!, [found('LOC', 'الرباط'), found('LOC', 'المغرب')]]),
        ]);
        for (const name of ['المغرب', 'الرباط']) {
          const entity = await entities.get(await idOf(name));
          assert.equal(entity?.articleCount, 2, name);
        }
      });

      it('an import batch and a merge at once: no row is left on the merged entity, and counts agree', async () => {
        const pairs = [
          ['عزيز أخنوش', 'أخنوش عزيز'],
          ['نزار بركة', 'بركة نزار'],
          ['عبد الإله بنكيران', 'بنكيران عبد الإله'],
        ] as const;
        for (const [kept, merged] of pairs) {
          await index([j[3]!, [found('PER', kept)]], [j[4]!, [found('PER', merged)]]);
          const into = await idOf(kept);
          const from = await idOf(merged);
          await Promise.all([
            entities.merge(from, into, editorId),
            index([j[5]!, [found('PER', merged)]], [j[1]!, [found('PER', kept)]]),
          ]);
          const rows = await store.db
            .selectFrom('article_entities')
            .select(['entity_id', 'article_id', 'listed'])
            .where('entity_id', 'in', [from, into])
            .execute();
          assert.deepEqual(
            rows.filter((r) => r.entity_id === from),
            [],
            `${merged}: no row on the merged entity`,
          );
          assert.deepEqual(
            rows.map((r) => r.article_id).sort((a, b) => a - b),
            [j[1]!, j[3]!, j[4]!, j[5]!].sort((a, b) => a - b),
          );
          assert.equal((await entities.get(into))?.articleCount, 4);
          assert.equal((await entities.get(from))?.articleCount, 0);
        }
      });

      it('undoing one decision twice at once: exactly one undoes it', async () => {
        const [last] = await entities.log(a);
        const results = await Promise.allSettled([
          entities.undo(last!.id, editorId),
          entities.undo(last!.id, editorId),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.equal((refused.reason as EntityError).code, 'decision_undone_already');
      });
    });

    describe('10,000 articles', () => {
      const ARTICLES = 10_000;
      let ids: number[];
      let gantz: number;

      before(async () => {
        await clearEntities(store);
        const articles = await bulkArticles(store.db, ARTICLES);
        ids = articles.map((a) => a.id);
        // Indexed as an import does it, in batches; every other article writes «بيني جانتس».
        for (let at = 0; at < articles.length; at += 1000) {
          const batch = articles.slice(at, at + 1000);
          const names = new Map(
            batch.map((article, n): [number, FoundEntity[]] => [
              article.id,
              [
                found('PER', GANTZ, { forms: (at + n) % 2 === 0 ? ['بيني جانتس'] : [], mentions: 2 }),
                found('LOC', 'إسرائيل'),
              ],
            ]),
          );
          await store.db.transaction().execute((trx) => entities.indexWithin(trx, batch, names));
        }
        gantz = await idOf(GANTZ);
      });

      it('counts them', async () => {
        assert.equal((await entities.get(gantz))?.articleCount, ARTICLES);
        assert.equal((await entities.articles(gantz, { limit: 1 })).articleIds[0], ids.at(-1));
        assert.equal(await count('article_entities'), 2 * ARTICLES);
      });

      it('splits off half of them by a spelling, and all of them by their ids, then undoes each exactly', async () => {
        const before = await snapshot([gantz]);
        const byName = await entities.split(gantz, { names: ['بيني جانتس'] }, 'بيني جانتس', editorId);
        assert.equal(byName.changedArticleIds.length, ARTICLES / 2);
        const half = await idOf('بيني جانتس');
        assert.equal((await entities.get(half))?.articleCount, ARTICLES / 2);
        assert.equal((await entities.get(gantz))?.articleCount, ARTICLES / 2);
        await entities.undo(byName.decisionId, editorId);
        assert.deepEqual(await snapshot([gantz]), before);

        const byIds = await entities.split(gantz, { articleIds: ids }, 'بيني گانتز (الأرشيف)', editorId);
        assert.equal(byIds.changedArticleIds.length, ARTICLES);
        assert.equal((await entities.get(await idOf('بيني گانتز (الأرشيف)')))?.articleCount, ARTICLES);
        assert.equal((await entities.get(gantz))?.articleCount, 0);
        await entities.undo(byIds.decisionId, editorId);
        assert.deepEqual(await snapshot([gantz]), before);
      });
    });
  });
}

/** `count` published articles written straight into the table, 500 to an insert; oldest first. */
async function bulkArticles(db: Kysely<Database>, count: number): Promise<IndexableArticle[]> {
  const section = await db.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow();
  const articles: IndexableArticle[] = [];
  const start = Date.UTC(2019, 0, 1);
  for (let at = 0; at < count; at += 500) {
    const rows = Array.from({ length: Math.min(500, count - at) }, (_, n) => {
      const number = at + n + 1;
      const time = new Date(start + number * 3_600_000).toISOString();
      return {
        external_id: `bulk-${number}`,
        slug: `خبر-${number}`,
        headline: `بيني گانتز يزور الرباط: الخبر رقم ${number}`,
        body: '[]',
        body_text: 'وزير الدفاع الإسرائيلي بيني گانتز في زيارة رسمية.',
        language: 'ar',
        status: 'published',
        section_id: section.id,
        published_at: time,
        created_at: time,
        updated_at: time,
        revision: 1,
        content_hash: `bulk-${number}`,
      };
    });
    const inserted = await db.insertInto('articles').values(rows).returning(INDEXABLE_COLUMNS).execute();
    articles.push(...inserted.map(indexableArticle));
  }
  return articles.sort((a, b) => a.id - b.id);
}
