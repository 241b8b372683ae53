// The «اقرأ أيضا» lists a demo database keeps, as the article page shows them: the kept entries
// still published, best first, the first `shownCount`. Shared by sample.mjs, rejudge.mjs and
// changed.mjs, which open the databases read-only (a server may be reading them).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

export function openReadOnly(path) {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** The published ids (ascending), and each kept list, from `db`. */
export function keptLists(db) {
  const published = db
    .prepare("select id from articles where status = 'published' order by id")
    .all()
    .map((r) => r.id);
  const lists = new Map(
    db
      .prepare('select article_id, entries from related_lists')
      .all()
      .map((r) => [r.article_id, JSON.parse(r.entries)]),
  );
  return { published, publishedSet: new Set(published), lists };
}

/** The entries a page shows of `lists`' list for `id`: those still published (in `publishedSet`), the first `shownCount`. */
export function shownOf(lists, publishedSet, id, shownCount) {
  return (lists.get(id) ?? []).filter((e) => publishedSet.has(e.id)).slice(0, shownCount);
}
