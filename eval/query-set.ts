/**
 * The development query set: built once from the corpus with a fixed seed and kept in
 * eval/queries.dev.json (committed), so that runs compare like with like. `--rebuild-queries`
 * builds it again (the same seed on the same corpus gives the same file).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Corpus } from './corpus.ts';
import { buildKnownItems, type KnownItemQuery } from './known-items.ts';
import { buildNameQueries, judgeNameGroups, type NameGroupJudgement, type NameQuery } from './name-queries.ts';
import { Prng } from './prng.ts';

export const QUERY_SET_FILE = new URL('./queries.dev.json', import.meta.url);
export const SEED = 20211124;

export interface QuerySet {
  description: string;
  seed: number;
  corpus: { source: string; documents: number };
  knownItems: KnownItemQuery[];
  nameGroups: NameGroupJudgement[];
  names: NameQuery[];
}

export function buildQuerySet(corpus: Corpus): QuerySet {
  const random = new Prng(SEED);
  const nameGroups = judgeNameGroups(corpus.documents);
  return {
    description:
      'Ghad search development set (npm run eval:search -- --rebuild-queries). knownItems: 3–5 headline words as readers ' +
      'type them, relevant = the source article; names: one spelling per query, relevant = every article using any ' +
      'spelling of the group. Ids are the corpus records\u2019 ids (externalId).',
    seed: SEED,
    corpus: { source: corpus.source, documents: corpus.documents.length },
    knownItems: buildKnownItems(corpus.documents, random),
    nameGroups,
    names: buildNameQueries(nameGroups),
  };
}

export function readQuerySet(): QuerySet | undefined {
  if (!fs.existsSync(QUERY_SET_FILE)) return undefined;
  return JSON.parse(fs.readFileSync(QUERY_SET_FILE, 'utf8')) as QuerySet;
}

/**
 * Written in the layout `biome format` gives JSON (the repository's formatter checks this file
 * too), so a rebuilt set diffs only where queries changed.
 */
export function writeQuerySet(set: QuerySet): void {
  const file = fileURLToPath(QUERY_SET_FILE);
  fs.writeFileSync(file, `${JSON.stringify(set, null, 2)}\n`);
  try {
    execFileSync(fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)), ['format', '--write', file], {
      stdio: 'ignore',
    });
  } catch {
    // Without Biome the file is still valid JSON; `npx biome check --write` lays it out later.
  }
}
