import { importDemo } from '../src/import/demo.ts';
import { openStore } from '../src/store/store.ts';
import { articlePath } from '../src/web/site/urls.ts';

/**
 * Makes sure the SQLite database in `dataDir` (or the PostgreSQL one at `databaseUrl`) holds
 * the demo newspaper (imports it when the database has no articles) and returns the canonical
 * paths of `sampleSize` published articles spread evenly over the whole id range.
 */
export async function prepareDemoData(
  dataDir: string,
  sampleSize: number,
  databaseUrl?: string,
): Promise<{ imported: boolean; importSeconds: number; articleCount: number; samplePaths: string[] }> {
  const store = await openStore({ dataDir, databaseUrl });
  try {
    let imported = false;
    let importSeconds = 0;
    if ((await store.articles.countAll()) === 0) {
      const started = performance.now();
      await importDemo(store);
      importSeconds = (performance.now() - started) / 1000;
      imported = true;
    }
    // The «اقرأ أيضا» lists a running server's job loop makes after the import (or after
    // migration 019 queued an older archive): pages are measured as readers get them.
    const listsStarted = performance.now();
    let lists = 0;
    for (
      let n = await store.related.refreshDue({ batch: 100 });
      n > 0;
      n = await store.related.refreshDue({ batch: 100 })
    ) {
      lists += n;
    }
    if (lists > 0)
      console.log(`▸ «اقرأ أيضا» lists made: ${lists} in ${((performance.now() - listsStarted) / 1000).toFixed(1)} s`);
    const published = await store.db
      .selectFrom('articles')
      .select(['id', 'slug'])
      .where('status', '=', 'published')
      .orderBy('id')
      .execute();
    if (published.length === 0) throw new Error(`No published article in ${store.location}.`);
    const step = published.length / Math.min(sampleSize, published.length);
    const samplePaths: string[] = [];
    for (let i = 0; i < Math.min(sampleSize, published.length); i++) {
      samplePaths.push(articlePath(published[Math.floor(i * step)]!));
    }
    return { imported, importSeconds, articleCount: await store.articles.countAll(), samplePaths };
  } finally {
    await store.close();
  }
}
