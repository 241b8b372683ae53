import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { exportJson } from '../export/json-export.ts';
import { openStore } from '../store/store.ts';
import { progressBar } from './progress.ts';

export const EXPORT_USAGE = `npx ghad export json [--out <file>]
    Writes the newspaper's content (sections, tags, authors, media, articles with their
    bylines, tags, old addresses and corrections, home pins) as JSON Lines, to the file or to
    standard output. "npx ghad import json <file>" reads it back: into an empty database it
    gives the same newspaper, and the same export again. Image files stay in data/media/.`;

export async function exportCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  const [format] = positionals;
  if (values.help || !format) {
    console.log(EXPORT_USAGE);
    return format ? 0 : 2;
  }
  if (format !== 'json') {
    console.error(`Unknown export format "${format}". Formats: json.\n\n${EXPORT_USAGE}`);
    return 2;
  }
  const store = await openStore(config);
  try {
    if (!values.out) {
      await exportJson(store, process.stdout);
      return 0;
    }
    // Written beside the target and renamed when complete: a failed export leaves no half file.
    const target = path.resolve(values.out);
    const partial = `${target}.part`;
    const out = fs.createWriteStream(partial);
    const bar = progressBar(path.basename(target));
    try {
      const counts = await exportJson(store, out, (done, total) => bar.update(done, total));
      out.end();
      await finished(out);
      fs.renameSync(partial, target);
      bar.stop();
      const summary = Object.entries(counts)
        .filter(([type]) => type !== 'ghad-export')
        .map(([type, n]) => `${n} ${type === 'media' ? 'media' : `${type.replace('-', ' ')}${n === 1 ? '' : 's'}`}`)
        .join(', ');
      console.log(`${path.basename(target)}: ${summary}`);
      return 0;
    } catch (error) {
      out.destroy();
      fs.rmSync(partial, { force: true });
      throw error;
    }
  } finally {
    await store.close();
  }
}
