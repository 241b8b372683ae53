import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { rebuildEntities } from '../entities/rebuild.ts';
import { openStore, type Store } from '../store/store.ts';
import { progressBar } from './progress.ts';

export const ENTITIES_USAGE = `npx ghad entities rebuild
    Finds the people, organisations and places in every article again (every status), after
    an upgrade of the extraction or to repair the links. Editors' decisions stay: rejected names
    stay out, confirmed and merged entities stay as they are. The search index is left alone.`;

export async function entitiesCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    console.log(ENTITIES_USAGE);
    return values.help ? 0 : 2;
  }
  if (action !== 'rebuild' || rest.length > 0) {
    console.error(`Unknown entities command "${positionals.join(' ')}". Commands: rebuild.\n\n${ENTITIES_USAGE}`);
    return 2;
  }
  const store = await openStore(config);
  try {
    await rebuildArticleEntities(store);
    return 0;
  } finally {
    await store.close();
  }
}

/** Rebuilds every article's entities with a progress bar, then says what it found and how long it took. */
export async function rebuildArticleEntities(store: Store): Promise<void> {
  const bar = progressBar('entities');
  const started = performance.now();
  const summary = await rebuildEntities(store.db, store.dialect, store.entities, (done, total) =>
    bar.update(done, total),
  );
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(summary.articles / seconds) : summary.articles;
  console.log(
    `Entities: ${summary.articles} articles read, ${summary.entities} entities named (${summary.created} new) ` +
      `in ${seconds.toFixed(1)} s (${rate}/s).`,
  );
}
