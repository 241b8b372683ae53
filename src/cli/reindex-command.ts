import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openStore, type Store } from '../store/store.ts';
import { progressBar } from './progress.ts';

export const REINDEX_USAGE = `npx ghad reindex
    Builds the search index again from every published article (after an upgrade of the
    Arabic analyzer, or to repair it). Searches keep working meanwhile.`;

export async function reindexCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(REINDEX_USAGE);
    return 0;
  }
  const store = await openStore(config);
  try {
    await rebuildSearchIndex(store);
    return 0;
  } finally {
    await store.close();
  }
}

/** Rebuilds the search index with a progress bar, then says how long it took. */
export async function rebuildSearchIndex(store: Store): Promise<void> {
  const bar = progressBar('search index');
  const started = performance.now();
  const count = await store.search.rebuild((done, total) => bar.update(done, total));
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(count / seconds) : count;
  console.log(`Search index: ${count} published articles indexed in ${seconds.toFixed(1)} s (${rate}/s).`);
}
