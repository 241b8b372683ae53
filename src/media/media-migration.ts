import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { MediaFiles } from './media-files.ts';
import { mediaKeyOf } from './media-keys.ts';
import type { S3MediaStorage } from './s3-media-storage.ts';

export interface MediaMigrationSummary {
  /** Files under the data directory's media/ folder. */
  files: number;
  /** Put into the bucket by this run (read back and checked). */
  copied: number;
  /** In the bucket already with the local file's hash: left as they were. */
  alreadyThere: number;
  /** Objects that differed and were replaced (--overwrite). */
  replaced: number;
  /** Bytes put into the bucket by this run. */
  bytesCopied: number;
  /** Files whose object is not byte for byte the local file, by key, with why. */
  mismatched: { key: string; why: string }[];
}

/** Files copied at once: enough to hide a round trip to the bucket, few enough for a small server. */
const AT_ONCE = 8;

/**
 * `ghad media migrate --to s3`: every image file of the data directory put into the bucket
 * under its key, each object read back and its SHA-256 compared with the local file's (and, for
 * a WordPress copy, with the hash its name carries). An object already there with the right
 * hash is left alone, so a run that stopped is resumed by running it again; one with other
 * bytes is reported (replaced with `overwrite`). Local files are never deleted.
 */
export async function migrateMediaToBucket(
  local: MediaFiles,
  bucket: S3MediaStorage,
  { overwrite = false, onProgress }: { overwrite?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<MediaMigrationSummary> {
  const files = await local.listFiles();
  const summary: MediaMigrationSummary = {
    files: files.length,
    copied: 0,
    alreadyThere: 0,
    replaced: 0,
    bytesCopied: 0,
    mismatched: [],
  };
  let next = 0;
  let done = 0;
  const migrateOne = async ({ key, file }: { key: string; file: string }) => {
    const bytes = await fs.readFile(file);
    const localHash = sha256(bytes);
    const named = mediaKeyOf(key);
    if (named?.kind === 'copy' && named.hash !== localHash) {
      summary.mismatched.push({ key, why: `the local file ${file} does not hash to its name (${localHash})` });
      return;
    }
    const existing = await bucket.read(key);
    if (existing) {
      const there = await sha256Of(existing.body);
      if (there === localHash) {
        summary.alreadyThere++;
        return;
      }
      if (!overwrite) {
        summary.mismatched.push({ key, why: `the bucket's object has SHA-256 ${there}, the local file ${localHash}` });
        return;
      }
    }
    await bucket.replaceFile(key, bytes, named?.contentType ?? 'application/octet-stream');
    const readBack = await bucket.read(key);
    const copiedHash = readBack ? await sha256Of(readBack.body) : undefined;
    if (copiedHash !== localHash) {
      summary.mismatched.push({
        key,
        why: copiedHash
          ? `read back with SHA-256 ${copiedHash}, not the local file's ${localHash}`
          : 'not found when read back',
      });
      return;
    }
    summary.bytesCopied += bytes.length;
    if (existing) summary.replaced++;
    else summary.copied++;
  };
  const worker = async () => {
    while (next < files.length) {
      const item = files[next++] as { key: string; file: string };
      await migrateOne(item);
      onProgress?.(++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, files.length) }, worker));
  summary.mismatched.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return summary;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function sha256Of(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
