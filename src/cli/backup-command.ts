import { parseArgs } from 'node:util';
import { writeBackup } from '../backup/write-backup.ts';
import type { Config } from '../config.ts';
import { openStore } from '../store/store.ts';
import { progressBar } from './progress.ts';

export const BACKUP_USAGE = `npx ghad backup <folder>
    Writes the whole newspaper into a new folder: every article with its revisions, workflow
    history and corrections, sections, tags, authors, media and their image files, newsroom
    accounts, API tokens, webhooks, home page curation and scheduled publications (one JSON
    Lines file per table, a manifest with checksums). It holds password hashes: the folder is
    readable by its owner only; keep it so.`;

export async function backupCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [dir] = positionals;
  if (values.help || !dir || positionals.length > 1) {
    console.log(BACKUP_USAGE);
    return values.help ? 0 : 2;
  }
  const store = await openStore(config);
  try {
    const bar = progressBar('backup');
    const summary = await writeBackup(store, config.dataDir, dir, (done, total) => bar.update(done, total));
    bar.stop();
    console.log(
      `Backed up ${count(summary.articles)} articles (${count(summary.rows)} rows in ${summary.tables} tables) and ` +
        `${count(summary.mediaFiles)} image files from ${store.dialect}, ${megabytes(summary.bytes)}, ` +
        `to ${summary.dir} in ${summary.seconds.toFixed(1)} s.`,
    );
    console.log('The folder holds password hashes, API token hashes and webhook secrets: keep it private.');
    if (config.mediaStorage === 's3' && config.s3) {
      // The bucket is not copied: it is kept (and versioned, replicated) by the object store itself.
      console.log(
        `Images uploaded since GHAD_MEDIA_STORAGE=s3 are in the bucket s3://${config.s3.bucket}, not in this ` +
          'folder: back the bucket up with its versioning or replication.',
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
