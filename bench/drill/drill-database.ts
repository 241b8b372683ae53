import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import pg from 'pg';
import { DEMO_CORPUS_FILES, importSeedArticle } from '../../src/import/demo.ts';
import { importJsonl } from '../../src/import/jsonl.ts';
import { openStore } from '../../src/store/store.ts';
import { articlePath } from '../../src/web/site/urls.ts';
import { type BenchDatabase, createBenchDatabase, POSTGRES_ADMIN_URL } from '../postgres.ts';

/** The drill's databases are named drill_<pid>_<random> (bench/postgres.ts). */
const DRILL_DATABASE = /^drill_(\d+)_[0-9a-f]+$/;

/** Drops the databases of drill runs whose process is gone (a run killed before it could). */
export async function dropLeftoverDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'drill\\_%'",
    );
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const match = DRILL_DATABASE.exec(datname);
      if (!match || processIsAlive(Number(match[1]))) continue;
      await client.query(`drop database if exists ${datname} with (force)`);
      dropped.push(datname);
    }
    return dropped;
  } finally {
    await client.end();
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh database with a small newspaper: the seed article and the first `perCorpus` articles
 * of each demo corpus (their own sections, search index and names, as `ghad import` makes them).
 * Returns the paths of its section pages and published articles.
 */
export async function createDrillNewspaper(
  workDir: string,
  perCorpus: number,
): Promise<{ database: BenchDatabase; sections: string[]; articles: string[] }> {
  const database = await createBenchDatabase('drill');
  const store = await openStore({ dataDir: workDir, databaseUrl: database.url });
  try {
    await importSeedArticle(store);
    for (const { file, timeZone } of DEMO_CORPUS_FILES) {
      const part = path.join(workDir, `first-${perCorpus}-${path.basename(file)}`);
      await writeFirstLines(file, part, perCorpus);
      await importJsonl(store, part, { timeZone });
    }
    const sections = await store.db.selectFrom('sections').select('slug').orderBy('id').execute();
    const published = await store.db
      .selectFrom('articles')
      .select(['id', 'slug'])
      .where('status', '=', 'published')
      .orderBy('id')
      .execute();
    return {
      database,
      sections: sections.map((s) => s.slug),
      articles: published.map((a) => articlePath(a)),
    };
  } finally {
    await store.close();
  }
}

async function writeFirstLines(from: string, to: string, count: number): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(from).pipe(zlib.createGunzip()) });
  const kept: string[] = [];
  for await (const line of lines) {
    if (line.trim() === '') continue;
    kept.push(line);
    if (kept.length >= count) break;
  }
  lines.close();
  fs.writeFileSync(to, zlib.gzipSync(`${kept.join('\n')}\n`));
}

/** What the database holds at the end for this run's publications, by publication number. */
export interface PublicationRecord {
  articles: { id: number; status: string; publishTransitions: number }[];
}

export async function publicationRecords(
  databaseUrl: string,
  markerPrefix: string,
): Promise<Map<number, PublicationRecord>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number; headline: string; status: string; publishes: string }>(
      `select a.id, a.headline, a.status,
              (select count(*) from article_transitions t where t.article_id = a.id and t.action = 'publish') as publishes
         from articles a
        where a.headline like $1`,
      [`${markerPrefix}%`],
    );
    const records = new Map<number, PublicationRecord>();
    for (const row of rows) {
      const number = Number(row.headline.slice(markerPrefix.length).match(/^\d+/)?.[0]);
      const record = records.get(number) ?? { articles: [] };
      record.articles.push({ id: row.id, status: row.status, publishTransitions: Number(row.publishes) });
      records.set(number, record);
    }
    return records;
  } finally {
    await client.end();
  }
}
