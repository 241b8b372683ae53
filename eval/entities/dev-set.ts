/**
 * The entity development set (eval/entities/dev-set.jsonl, annotated by hand: see GUIDELINES.md
 * and README.md) and the articles it was annotated on, read the way Ghad's importers read them:
 * corpus records through mapCorpusRecord, the seed page through readSeedPage.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ArticleInput } from '../../src/content/article.ts';
import { blocksToText } from '../../src/content/blocks.ts';
import { ENTITY_TYPES, type EntityType } from '../../src/entities/found-entity.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { readSeedPage } from '../../src/import/seed-page.ts';
import { corpusFiles, REPO_ROOT } from '../corpus.ts';
import { containsName } from './fold.ts';

export const DEV_SET_FILE = path.join(REPO_ROOT, 'eval/entities/dev-set.jsonl');
export const SEED_FILE = path.join(REPO_ROOT, 'demo/seed-al-ghad-24.txt');

export interface GoldEntity {
  /** The global id that joins one real-world entity across articles: `PER:benny-gantz`. */
  id: string;
  type: EntityType;
  /** Every distinct form the article writes it in, without a leading clitic, without titles. */
  mentions: string[];
}

export interface GoldArticle {
  /** The corpus record's `id` (the article's externalId), or the seed page's externalId. */
  source: string;
  corpus: 'goud' | 'jawhara' | 'seed';
  /** Why it is in the set: chosen for a recurring name, drawn at random (draw-random.ts), or the seed page. */
  chosen: 'names' | 'random' | 'seed';
  entities: GoldEntity[];
}

export interface DevArticle {
  gold: GoldArticle;
  input: ArticleInput & { externalId: string };
  /** Headline, kicker, dek and body text, one per line: what the article says. */
  text: string;
}

export function readDevSet(file = DEV_SET_FILE): GoldArticle[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const set: GoldArticle[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      set.push(JSON.parse(line) as GoldArticle);
    } catch (error) {
      throw new Error(`${path.relative(REPO_ROOT, file)}:${i + 1}: broken JSON (${(error as Error).message})`);
    }
  });
  return set;
}

export function articleText(input: ArticleInput): string {
  return [input.headline, input.kicker ?? '', input.dek ?? '', blocksToText(input.body)]
    .filter((part) => part !== '')
    .join('\n');
}

/** The set's articles as Ghad imports them; throws when one is missing from the corpora. */
export function loadDevArticles(set: GoldArticle[]): DevArticle[] {
  const wanted = new Set(set.map((a) => a.source));
  const inputs = new Map<string, ArticleInput & { externalId: string }>();
  const seed = readSeedPage(SEED_FILE);
  inputs.set(seed.externalId, seed);
  for (const { file, timeZone } of corpusFiles().files) {
    const raw = fs.readFileSync(file);
    const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
    for (const line of text.split('\n')) {
      // Cheap test first: only the set's records are parsed.
      const id = /^\{"id": ?"([^"]+)"/.exec(line)?.[1];
      if (id === undefined || !wanted.has(id) || inputs.has(id)) continue;
      const mapped = mapCorpusRecord(JSON.parse(line), { timeZone });
      if (mapped.ok) inputs.set(id, mapped.article);
    }
  }
  return set.map((gold) => {
    const input = inputs.get(gold.source);
    if (!input)
      throw new Error(`The dev set's article ${gold.source} is not in the corpora (or the importer skips it).`);
    return { gold, input, text: articleText(input) };
  });
}

/**
 * What is wrong with the set: an unknown type, an id whose prefix is not its type, one id
 * with two types, an entity twice in one article, a mention the article does not contain.
 */
export function checkDevSet(articles: DevArticle[]): string[] {
  const problems: string[] = [];
  const typeOf = new Map<string, EntityType>();
  const sources = new Set<string>();
  for (const { gold, text } of articles) {
    if (sources.has(gold.source)) problems.push(`${gold.source}: in the set twice`);
    sources.add(gold.source);
    const ids = new Set<string>();
    for (const entity of gold.entities) {
      const where = `${gold.source} ${entity.id}`;
      if (!ENTITY_TYPES.includes(entity.type)) problems.push(`${where}: unknown type ${entity.type}`);
      if (!entity.id.startsWith(`${entity.type}:`)) problems.push(`${where}: id does not start with ${entity.type}:`);
      const known = typeOf.get(entity.id);
      if (known && known !== entity.type) problems.push(`${where}: typed ${entity.type} here, ${known} elsewhere`);
      typeOf.set(entity.id, entity.type);
      if (ids.has(entity.id)) problems.push(`${where}: twice in one article`);
      ids.add(entity.id);
      if (entity.mentions.length === 0) problems.push(`${where}: no mentions`);
      for (const mention of entity.mentions) {
        if (!containsName(text, mention)) problems.push(`${where}: «${mention}» is not in the article`);
      }
    }
  }
  return problems;
}
