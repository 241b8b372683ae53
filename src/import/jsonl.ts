import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { ArticleInput } from '../content/article.ts';
import { ChangeSet } from '../content/change.ts';
import type { UpsertResult } from '../store/articles.ts';
import type { Store } from '../store/store.ts';
import { UpsertPipeline } from '../store/upsert-pipeline.ts';
import { mapCorpusRecord } from './corpus-record.ts';

export interface ImportProgress {
  /** Bytes of the file read so far and in all (compressed bytes for .gz files). */
  bytesRead: number;
  bytesTotal: number;
  records: number;
}

export interface SkippedRecord {
  line: number;
  reason: string;
}

export interface ImportSummary {
  file: string;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRecord[];
  warnings: { line: number; message: string }[];
  changes: ChangeSet;
  /** Written records found near-copies of another article (the same dispatch twice), each pair once. */
  nearCopies: { articleId: number; copyId: number; similarity: number }[];
  seconds: number;
}

/** What an import of `file` starts from: nothing written, nothing skipped. */
export function emptyImportSummary(file: string): ImportSummary {
  return {
    file,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    warnings: [],
    changes: new ChangeSet(),
    nearCopies: [],
    seconds: 0,
  };
}

/** Counts a written record in `summary`: its outcome, what it changed, the near-copies it was found. */
export function countWritten(summary: ImportSummary, result: UpsertResult): void {
  summary[result.outcome]++;
  if (result.change) summary.changes.add(result.change);
  for (const copy of result.nearCopies ?? []) {
    summary.nearCopies.push({ articleId: result.id, copyId: copy.id, similarity: copy.similarity });
  }
}

export class ImportFileError extends Error {}

/**
 * Records written per transaction. One commit per article made the search index write a
 * segment per article (an import ran at a quarter of the speed); a batch is still all or
 * nothing, so a killed import leaves whole articles only.
 */
const BATCH_SIZE = 100;

/**
 * Imports a JSONL file of articles (plain, .gz or .br), one record a line, written in
 * transactions of 100 records and keyed by each record's `id`: a killed import leaves whole
 * articles only, and running it again finishes the job without duplicates.
 */
export async function importJsonl(
  store: Store,
  file: string,
  options: { timeZone: string; onProgress?: (progress: ImportProgress) => void },
): Promise<ImportSummary> {
  const { onProgress } = options;
  const started = performance.now();
  let bytesTotal: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    bytesTotal = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ImportFileError(`Cannot read ${file}: ${why}.`);
  }

  const raw = fs.createReadStream(file);
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  let input: Readable = raw;
  if (file.endsWith('.gz')) input = raw.pipe(zlib.createGunzip());
  else if (file.endsWith('.br')) input = raw.pipe(zlib.createBrotliDecompress());
  const decodeFailure = new Promise<never>((_, reject) => {
    input.on('error', (error) => reject(new ImportFileError(`Cannot decompress ${file}: ${error.message}.`)));
  });

  const summary = emptyImportSummary(file);
  const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let batch: (ArticleInput & { externalId: string })[] = [];
  // Each batch's text is analyzed in worker threads while the one before is written.
  const pipeline = new UpsertPipeline(store, (results) => {
    for (const result of results) countWritten(summary, result);
  });
  const writeBatch = async () => {
    if (batch.length === 0) return;
    const written = batch;
    batch = [];
    await pipeline.add(written);
  };
  const run = async () => {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        summary.skipped.push({ line: lineNumber, reason: `broken JSON (${(error as Error).message})` });
        continue;
      }
      const mapped = mapCorpusRecord(record, options);
      if (!mapped.ok) {
        summary.skipped.push({ line: lineNumber, reason: mapped.reason });
        continue;
      }
      for (const message of mapped.warnings) summary.warnings.push({ line: lineNumber, message });
      batch.push(mapped.article);
      if (batch.length === BATCH_SIZE) {
        await writeBatch();
        onProgress?.({ bytesRead, bytesTotal, records: lineNumber });
      }
    }
    await writeBatch();
  };
  try {
    await Promise.race([run(), decodeFailure]);
  } finally {
    await pipeline.finish();
  }
  onProgress?.({ bytesRead: bytesTotal, bytesTotal, records: lineNumber });
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
