/**
 * The documents of the search evaluation: the shared corpora (../shared/corpus/*.jsonl), or
 * the in-repository copies (demo/*.jsonl.gz) where ../shared is absent. Every system gets the
 * same articles, keyed by the record's `id` (Ghad's `externalId`). A record is kept exactly when
 * Ghad's importer would import it (mapCorpusRecord), so the baselines and Ghad see the same set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { mapCorpusRecord } from '../src/import/corpus-record.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface CorpusFile {
  file: string;
  /** The zone of dates written without an offset, as the importer reads them. */
  timeZone: string;
}

export interface EvalDocument {
  externalId: string;
  headline: string;
  /** The dek (Jawhara's `abstract`) and the body text, as one searchable field. */
  body: string;
  /** When the record says it was published (Goud's records do not). */
  publishedAt: Date | null;
}

export interface Corpus {
  files: CorpusFile[];
  /** Where the files came from, for the report. */
  source: 'shared' | 'demo';
  documents: EvalDocument[];
  skipped: { file: string; line: number; reason: string }[];
}

const ZONES: Record<string, string> = { jawhara: 'Africa/Tunis', goud: 'Africa/Casablanca' };

/** The corpus files to read: ../shared/corpus when it exists, else the demo copies. */
export function corpusFiles(): { files: CorpusFile[]; source: 'shared' | 'demo' } {
  const shared = path.resolve(REPO_ROOT, '../shared/corpus');
  const useShared = ['jawhara', 'goud'].every((name) => fs.existsSync(path.join(shared, `${name}.jsonl`)));
  const files = ['jawhara', 'goud'].map((name) => ({
    file: useShared ? path.join(shared, `${name}.jsonl`) : path.join(REPO_ROOT, 'demo', `${name}.jsonl.gz`),
    timeZone: ZONES[name]!,
  }));
  return { files, source: useShared ? 'shared' : 'demo' };
}

export function loadCorpus(): Corpus {
  const { files, source } = corpusFiles();
  const documents: EvalDocument[] = [];
  const skipped: Corpus['skipped'] = [];
  const seen = new Set<string>();
  for (const { file, timeZone } of files) {
    const raw = fs.readFileSync(file);
    const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        skipped.push({ file, line: i + 1, reason: `broken JSON (${(error as Error).message})` });
        continue;
      }
      const mapped = mapCorpusRecord(record, { timeZone });
      if (!mapped.ok) {
        skipped.push({ file, line: i + 1, reason: mapped.reason });
        continue;
      }
      const r = record as Record<string, unknown>;
      const { externalId, headline, dek, publishedAt } = mapped.article;
      if (seen.has(externalId)) {
        skipped.push({ file, line: i + 1, reason: `record ${externalId}: id seen before (the importer updates it)` });
        continue;
      }
      seen.add(externalId);
      const bodyText = typeof r.text === 'string' ? r.text : typeof r.body === 'string' ? r.body : '';
      documents.push({
        externalId,
        headline,
        body: dek ? `${dek}\n${bodyText}` : bodyText,
        publishedAt: publishedAt ?? null,
      });
    }
  }
  return { files, source, documents, skipped };
}
