import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Ids per `in (…)` list, as store/entities.ts reads them. */
const IDS_PER_QUERY = 5_000;

/**
 * Every spelling the archive has of each entity (entity_names, the canonical name among them),
 * in JavaScript's string order, the same on both dialects: one query for the entities an
 * article page names, where `EntityRepository.names` would cost two per entity. Every id asked
 * for is in the map, with [] when it has none.
 */
export async function entitySpellings(
  db: Kysely<Database>,
  entityIds: readonly number[],
): Promise<Map<number, string[]>> {
  const ids = [...new Set(entityIds)];
  const spellings = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('entity_names')
      .select(['entity_id', 'name'])
      .where('entity_id', 'in', ids.slice(at, at + IDS_PER_QUERY))
      .execute();
    for (const row of rows) spellings.get(row.entity_id)?.push(row.name);
  }
  for (const names of spellings.values()) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return spellings;
}
