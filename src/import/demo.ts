import { fileURLToPath } from 'node:url';
import { ChangeSet } from '../content/change.ts';
import type { Store } from '../store/store.ts';
import { importDemoStories } from './demo-stories.ts';
import { type ImportProgress, type ImportSummary, importJsonl } from './jsonl.ts';
import { readSeedPage } from './seed-page.ts';

/** The demo content that ships in the repository's `demo/` folder. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));
export const DEMO_SEED_FILE = `${DEMO_DIR}seed-al-ghad-24.txt`;
/** The corpora with the zone of their newsrooms, for dates written without an offset. */
export const DEMO_CORPUS_FILES = [
  { file: `${DEMO_DIR}jawhara.jsonl.gz`, timeZone: 'Africa/Tunis' },
  { file: `${DEMO_DIR}goud.jsonl.gz`, timeZone: 'Africa/Casablanca' },
];

/** Imports the seed article (pinned as the top story). Returns what changed. */
export async function importSeedArticle(store: Store): Promise<ChangeSet> {
  const result = await store.articles.upsertByExternalId(readSeedPage(DEMO_SEED_FILE));
  await store.articles.pinOnHome(result.id, 0);
  const changes = new ChangeSet();
  if (result.change) changes.add(result.change);
  return changes;
}

/** The whole demo newspaper: the seed article, both corpora, and the stories made of their articles. */
export async function importDemo(
  store: Store,
  onProgress?: (file: string, progress: ImportProgress) => void,
): Promise<{ seed: ChangeSet; corpora: ImportSummary[] }> {
  const seed = await importSeedArticle(store);
  const corpora: ImportSummary[] = [];
  for (const { file, timeZone } of DEMO_CORPUS_FILES) {
    corpora.push(await importJsonl(store, file, { timeZone, onProgress: onProgress && ((p) => onProgress(file, p)) }));
  }
  await importDemoStories(store);
  return { seed, corpora };
}
