/**
 * Ghad itself: the corpora imported into a fresh store (SQLite or PostgreSQL) with the
 * project's own importer (which finds the articles' entities too), then searched through
 * searchArticles — the code path the reader's search page and the API use, the entities a
 * query names included.
 */
import { importJsonl } from '../src/import/jsonl.ts';
import { searchArticles } from '../src/search/reader-search.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { freshDatabase } from '../test/helpers/databases.ts';
import type { CorpusFile } from './corpus.ts';
import type { SystemSetup } from './system.ts';

type Dialect = 'sqlite' | 'postgres';

/** The largest page search serves (SearchQuery.limit is brought into 1–100). */
const PAGE_SIZE = 100;

const LABELS: Record<Dialect, string> = {
  sqlite: 'Ghad on SQLite (searchArticles)',
  postgres: 'Ghad on PostgreSQL (searchArticles)',
};

export async function openGhadSystem(
  dialect: Dialect,
  files: CorpusFile[],
  log: (line: string) => void,
): Promise<SystemSetup> {
  const name = `ghad-${dialect}`;
  const label = LABELS[dialect];
  const started = performance.now();
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  try {
    database = await freshDatabase(dialect);
  } catch (error) {
    return { available: false, name, label, reason: `no ${dialect} database: ${(error as Error).message}` };
  }
  let store: Store | undefined;
  const cleanup = async () => {
    await store?.close();
    await database.cleanup();
  };
  try {
    const opened = await openStore(database.options);
    store = opened;
    const index = opened.search;
    const notes: string[] = [];
    for (const { file, timeZone } of files) {
      const summary = await importJsonl(store, file, { timeZone });
      const line = `${name}: imported ${summary.imported} from ${file} in ${summary.seconds.toFixed(1)} s (${summary.skipped.length} skipped)`;
      log(line);
      notes.push(line);
    }
    // The index is meant to follow every save; if the import left it empty, build it.
    const probe = await index.search({ text: 'تونس', limit: 1, offset: 0 });
    if (probe.total === 0) {
      const t = performance.now();
      const count = await index.rebuild();
      const line = `${name}: warning: the import left the index empty (it should follow every save); rebuild() indexed ${count} in ${((performance.now() - t) / 1000).toFixed(1)} s`;
      log(line);
      notes.push(line);
    }
    const rows = await store.db.selectFrom('articles').select(['id', 'external_id']).execute();
    const externalIds = new Map(rows.map((row) => [row.id, row.external_id ?? `#${row.id}`]));
    return {
      available: true,
      setupSeconds: (performance.now() - started) / 1000,
      notes,
      system: {
        name,
        label,
        async search(query: string, limit: number): Promise<string[]> {
          // Pages as a reader pages: the index serves at most PAGE_SIZE results a call.
          const ids: string[] = [];
          while (ids.length < limit) {
            const size = Math.min(PAGE_SIZE, limit - ids.length);
            const found = await searchArticles(opened, { text: query, limit: size, offset: ids.length });
            for (const { article } of found.results) ids.push(externalIds.get(article.id) ?? `#${article.id}`);
            if (found.results.length < size || ids.length >= found.total) break;
          }
          return ids;
        },
        close: cleanup,
      },
    };
  } catch (error) {
    await cleanup().catch(() => {});
    return { available: false, name, label, reason: `failed: ${(error as Error).stack ?? String(error)}` };
  }
}
