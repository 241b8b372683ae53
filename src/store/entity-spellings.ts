import type { Kysely } from 'kysely';
import { preparedQuery } from './prepared-query.ts';
import type { Database } from './schema.ts';

/** Ids per `in (…)` list, as store/entities.ts reads them. */
const IDS_PER_QUERY = 5_000;
/**
 * Lists this short (an article page's entities) run a query prepared once per database and
 * length, instead of one built and compiled by Kysely at every page.
 */
const PREPARED_UP_TO = 16;
const prepared = new WeakMap<Kysely<Database>, Map<number, (...ids: number[]) => Promise<SpellingRow[]>>>();

interface SpellingRow {
  entity_id: number;
  name: string;
}

function spellingsOf(db: Kysely<Database>, ids: readonly number[]) {
  return db.selectFrom('entity_names').select(['entity_id', 'name']).where('entity_id', 'in', ids);
}

function preparedFor(db: Kysely<Database>, length: number): (...ids: number[]) => Promise<SpellingRow[]> {
  let byLength = prepared.get(db);
  if (!byLength) {
    byLength = new Map();
    prepared.set(db, byLength);
  }
  let run = byLength.get(length);
  if (!run) {
    run = preparedQuery(db, (...ids: number[]) => spellingsOf(db, ids), length);
    byLength.set(length, run);
  }
  return run;
}

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
    const chunk = ids.slice(at, at + IDS_PER_QUERY);
    const rows =
      chunk.length <= PREPARED_UP_TO
        ? await preparedFor(db, chunk.length)(...chunk)
        : await spellingsOf(db, chunk).execute();
    for (const row of rows) spellings.get(row.entity_id)?.push(row.name);
  }
  for (const names of spellings.values()) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return spellings;
}
