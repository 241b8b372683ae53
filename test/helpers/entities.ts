import assert from 'node:assert/strict';
import type { ArticleInput } from '../../src/content/article.ts';
import type { Entity } from '../../src/entities/entity.ts';
import { entityKey } from '../../src/entities/entity-key.ts';
import type { EntityType, FoundEntity } from '../../src/entities/found-entity.ts';
import { INDEXABLE_COLUMNS, indexableArticle } from '../../src/search/rebuild.ts';
import type { IndexableArticle } from '../../src/search/search-index.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * Entities for the tests of what editors, readers and the API do with them: articles whose
 * names extraction finds (stories about بيني گانتز, a draft about ناصر بوريطة), and entities
 * written by hand — found entities as extraction would give them (with the store's own linking
 * key), put on articles as an import batch would.
 */

/**
 * The `i`th story of a series about بيني گانتز (the seed page writes him جانتس too): published
 * on 1 + i January 2020, older than the seed page (2021), or a draft with no publication time.
 */
export function gantzStory(
  i: number,
  status: 'published' | 'draft' = 'published',
): ArticleInput & { externalId: string } {
  return {
    externalId: `gantz-${i}`,
    headline: `وزير الدفاع الإسرائيلي بيني گانتز في زيارة رقم ${i}`,
    body: [{ type: 'paragraph', text: `قال وزير الدفاع الإسرائيلي بيني گانتز إن الزيارة رقم ${i} ناجحة.` }],
    status,
    sectionSlug: 'دولية',
    publishedAt: status === 'published' ? new Date(Date.UTC(2020, 0, 1 + i, 10)) : null,
    bylines: [{ name: 'مراسل', kind: 'person' }],
    tags: [],
  };
}

/** The first `count` stories of the series, all published. */
export function gantzStories(count: number): (ArticleInput & { externalId: string })[] {
  return Array.from({ length: count }, (_, i) => gantzStory(i + 1));
}

/**
 * Writes a draft that names someone no published article names (ناصر بوريطة): his entity
 * exists for the newsroom, but readers, the API and webhooks never see it. Returns its id.
 */
export async function writeBouritaDraft(store: Store): Promise<number> {
  const draft = await store.articles.upsertByExternalId({
    externalId: 'draft-bourita',
    headline: 'مسودة عن الدبلوماسية',
    body: [{ type: 'paragraph', text: 'وقال وزير الخارجية ناصر بوريطة إن الرباط ترحب.' }],
    status: 'draft',
    publishedAt: null,
    sectionSlug: 'سياسة',
    bylines: [{ name: 'مراسل', kind: 'person' }],
    tags: [],
  });
  return draft.id;
}

/** The one live entity with this spelling, as the store finds it (any way the articles write it). */
export async function entitySpelt(store: Store, spelling: string): Promise<Entity> {
  const [entity] = await store.entities.findBySpelling(spelling, 1);
  assert.ok(entity, `an entity spelt «${spelling}»`);
  return entity;
}

/** A found entity as extraction would give it: `forms` are the other ways the article writes it. */
export function found(type: EntityType, name: string, forms: string[] = []): FoundEntity {
  const key = entityKey(name);
  return {
    type,
    name,
    names: [name, ...forms],
    key,
    surnameKey: type === 'LOC' ? undefined : key.split(' ').at(-1),
    mentions: 1 + forms.length,
    prominent: false,
    firstSeen: 0,
  };
}

/** Empties the four entity tables (what an import's extraction wrote, say). */
export async function clearEntities(store: Store): Promise<void> {
  await store.db.deleteFrom('entity_decisions').execute();
  await store.db.deleteFrom('article_entities').execute();
  await store.db.deleteFrom('entity_names').execute();
  await store.db.updateTable('entities').set({ merged_into: null, split_from: null }).execute();
  await store.db.deleteFrom('entities').execute();
}

/** Writes the found entities of each article (replacing its rows), in one transaction, as an import batch does. */
export async function indexFound(store: Store, entries: [articleId: number, found: FoundEntity[]][]): Promise<void> {
  const articles: IndexableArticle[] = [];
  for (const [id] of entries) articles.push(await indexableById(store, id));
  await store.db.transaction().execute((trx) => store.entities.indexWithin(trx, articles, new Map(entries)));
}

/** The article as indexing sees it (the search index and the entities alike). */
export async function indexableById(store: Store, id: number): Promise<IndexableArticle> {
  const row = await store.db
    .selectFrom('articles')
    .select(INDEXABLE_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return indexableArticle(row);
}

/** The entity (not merged away) with this canonical name. */
export async function entityNamed(store: Store, name: string): Promise<number> {
  const row = await store.db
    .selectFrom('entities')
    .select('id')
    .where('name', '=', name)
    .where('merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  return row.id;
}
