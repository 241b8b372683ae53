import assert from 'node:assert/strict';
import path from 'node:path';
import type { ArticleInput } from '../../src/content/article.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { importWxr } from '../../src/import/wxr.ts';
import type { Store } from '../../src/store/store.ts';
import { firstCorpusLines } from './corpus.ts';

const WORDPRESS_FIXTURE = path.join(import.meta.dirname, '../fixtures/wordpress');

/**
 * A small newspaper from the start of the demo corpora: dated Jawhara FM stories over
 * several months, undated Goud stories, and `recent` stories moved into the last hours
 * (for the Google News sitemap). Returns the ids in the order written.
 */
export async function importSampleNewspaper(
  store: Store,
  { dated = 40, undated = 5, recent = 3 }: { dated?: number; undated?: number; recent?: number } = {},
): Promise<number[]> {
  const inputs: (ArticleInput & { externalId: string })[] = [];
  const lines = [...firstCorpusLines('jawhara.jsonl.gz', dated), ...firstCorpusLines('goud.jsonl.gz', undated)];
  for (const line of lines) {
    const mapped = mapCorpusRecord(JSON.parse(line), { timeZone: 'Africa/Tunis' });
    if (mapped.ok) inputs.push(mapped.article);
  }
  const now = Date.now();
  for (const [i, input] of inputs.slice(0, recent).entries()) input.publishedAt = new Date(now - (i + 1) * 3600_000);
  const results = await store.articles.upsertManyByExternalId(inputs);
  return results.map((r) => r.id);
}

/** Gives an article a featured image (the media library is the newsroom's; tests write the row). */
export async function giveFeaturedImage(
  store: Store,
  articleId: number,
  image: { path: string; alt: string; bytes: number; width: number; height: number },
): Promise<void> {
  const row = await store.db
    .insertInto('media')
    .values({
      hash: `hash-${articleId}-${image.path}`,
      path: image.path,
      mime_type: 'image/jpeg',
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      alt: image.alt,
      caption: null,
      credit: null,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.db.updateTable('articles').set({ featured_media_id: row.id }).where('id', '=', articleId).execute();
}

/**
 * The WordPress fixture (45 posts, with its uploads) and the first five Jawhara FM stories:
 * the start of the newspapers that the export and backup tests fill. `change` may alter the
 * stories before they are written. Returns their write results, in order.
 */
export async function importWordPressAndStories(
  store: Store,
  dataDir: string,
  change: (stories: (ArticleInput & { externalId: string })[]) => void = () => {},
) {
  await importWxr(store, path.join(WORDPRESS_FIXTURE, 'export.xml'), {
    timeZone: 'Africa/Tunis',
    uploadsDir: path.join(WORDPRESS_FIXTURE, 'uploads'),
    dataDir,
  });
  const stories = firstCorpusLines('jawhara.jsonl.gz', 5).map((line) => {
    const mapped = mapCorpusRecord(JSON.parse(line), { timeZone: 'Africa/Tunis' });
    assert.ok(mapped.ok);
    return mapped.article;
  });
  change(stories);
  return store.articles.upsertManyByExternalId(stories);
}
