import assert from 'node:assert/strict';
import type { ArticleInput } from '../../src/content/article.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { firstCorpusLines } from './corpus.ts';

export type CorpusRecord = Record<string, unknown>;
export type Importable = ArticleInput & { externalId: string };

/** The first `count` records of the Jawhara FM demo corpus, as parsed JSON. */
export function jawharaRecords(count: number): CorpusRecord[] {
  return firstCorpusLines('jawhara.jsonl.gz', count).map((line) => JSON.parse(line) as CorpusRecord);
}

/** A Jawhara record as the importer writes it. */
export function jawharaArticle(record: CorpusRecord): Importable {
  const mapped = mapCorpusRecord(record, { timeZone: 'Africa/Tunis' });
  assert.ok(mapped.ok, JSON.stringify(record.id));
  return mapped.article;
}

export function paragraphsOf(record: CorpusRecord): string[] {
  return String(record.text).split('\n').filter(Boolean);
}

/** A record's text as another desk runs it: its third paragraph dropped, its last moved up to second place. */
export function deskRewriteText(record: CorpusRecord): string {
  const [first, second, , ...rest] = paragraphsOf(record);
  const last = rest.pop();
  assert.ok(last !== undefined, `${String(record.id)} has fewer than four paragraphs`);
  return [first, last, second, ...rest].join('\n');
}

/** The record as another desk runs it (deskRewriteText), under a new headline and id. */
export function deskRewrite(record: CorpusRecord, externalId: string, headline: string): Importable {
  return jawharaArticle({ ...record, id: externalId, title: headline, text: deskRewriteText(record) });
}
