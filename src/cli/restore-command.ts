import { parseArgs } from 'node:util';
import { restoreBackup } from '../backup/restore-backup.ts';
import type { Config } from '../config.ts';
import { count } from './backup-command.ts';
import { progressBar } from './progress.ts';

export const RESTORE_USAGE = `npx ghad restore <folder> [--replace]
    Restores a backup written by "npx ghad backup" into the configured database, SQLite or
    PostgreSQL whichever it was taken on, then rebuilds the search index. The database must be
    empty; --replace first removes the newspaper it holds. A damaged backup (a checksum that
    does not match) is refused before anything is written; a backup of an older Ghad is
    brought up to date. Sessions are not restored: everyone signs in again.`;

export async function restoreCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { replace: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [dir] = positionals;
  if (values.help || !dir || positionals.length > 1) {
    console.log(RESTORE_USAGE);
    return values.help ? 0 : 2;
  }
  const rows = progressBar('restore');
  let rowsDone = false;
  const finishRows = () => {
    if (!rowsDone) rows.stop();
    rowsDone = true;
  };
  const indexing = progressBar('search index');
  const summary = await restoreBackup(config, dir, {
    replace: values.replace ?? false,
    onProgress: (done, total) => rows.update(done, total),
    onIndexProgress: (done, total) => {
      finishRows();
      indexing.update(done, total);
    },
  });
  finishRows();
  indexing.stop();
  console.log(
    `Restored ${count(summary.articles)} articles (${count(summary.rows)} rows in ${summary.tables} tables) and ` +
      `${count(summary.mediaFiles)} image files, backed up from ${summary.from}, into ${summary.to} ` +
      `in ${summary.seconds.toFixed(1)} s, of which ${summary.indexSeconds.toFixed(1)} s indexing ` +
      `${count(summary.indexed)} published articles for search.`,
  );
  if (summary.migrated.length > 0) {
    console.log(`The backup was made by an older Ghad: migrations ${summary.migrated.join(', ')} ran on it.`);
  }
  console.log('Sessions are not in a backup: everyone signs in again.');
  return 0;
}
