import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DEMO_DIR } from '../../src/import/demo.ts';

/**
 * The first `count` lines of a gzipped demo corpus. Only the start of the file is
 * decompressed (the whole of it is 17 MB of text); a line counts once its newline is in.
 */
export function firstCorpusLines(file: string, count: number): string[] {
  const gz = fs.readFileSync(path.join(DEMO_DIR, file));
  for (let bytes = 64 * 1024; ; bytes *= 2) {
    const text = zlib.gunzipSync(gz.subarray(0, bytes), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
    const lines = text.split('\n');
    if (lines.length > count || bytes >= gz.length) return lines.slice(0, count).filter((line) => line !== '');
  }
}
