import { entityKey } from '../../src/entities/entity-key.ts';
import type { EntityType, FoundEntity } from '../../src/entities/found-entity.ts';
import type { IndexableArticle } from '../../src/search/search-index.ts';
import { toOptionalDate } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * Entities written by hand, for the newsroom's and the site's tests of what editors do with
 * them: found entities as extraction would give them (with the store's own linking key), put
 * on articles as an import batch would.
 */

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
  for (const [id] of entries) {
    const row = await store.db
      .selectFrom('articles')
      .select(['headline', 'kicker', 'dek', 'body_text', 'section_id', 'published_at', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    articles.push({
      id,
      headline: row.headline,
      kicker: row.kicker,
      dek: row.dek,
      bodyText: row.body_text,
      sectionId: row.section_id,
      publishedAt: toOptionalDate(row.published_at),
      published: row.status === 'published',
    });
  }
  await store.db.transaction().execute((trx) => store.entities.indexWithin(trx, articles, new Map(entries)));
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
