/**
 * The near-copy check at scale (issue 14's "one article against 1,000,000 ≤ 5 ms; fingerprints
 * ≤ 64 bytes per article"), on SQLite:
 *
 * 1. The demo newspaper (12,116 articles, fingerprinted as every write does) in --data-dir.
 * 2. near_copy_bands padded to --articles articles with the fingerprints of articles that do
 *    not exist (random 31-bit keys, 10 per article; written on a connection of its own with
 *    foreign keys off): the index is as big as a million-article archive's. Random keys never
 *    meet the real ones, so the candidates are the demo's own: the padding makes the lookup
 *    walk a bigger index, not read more texts (a real archive of a million would also have
 *    more boilerplate candidates, capped at 200 read per check).
 * 3. --checks checks, timed one by one: store.nearCopies.of(text) for demo articles spread over
 *    the id range, half as saved and half rewritten (a paragraph dropped, the last moved up),
 *    after a warm-up of 50. Each check reads its band rows, then the candidates' texts.
 *
 *   npm run bench:near-copies [-- --articles 1000000 --checks 400 --data-dir DIR]
 *
 * Prints the percentiles, how many were found, and the bytes the table and its index take per
 * article (dbstat). Writes test-output/bench-near-copies.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../src/store/store.ts';
import { NEAR_COPY_SCHEME } from '../src/stories/near-copy.ts';
import { prepareDemoData } from './demo-data.ts';
import { Prng } from './prng.ts';
import { REPO_ROOT } from './servers.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000000' },
    checks: { type: 'string', default: '400' },
    'data-dir': { type: 'string' },
    output: { type: 'string', default: path.join(REPO_ROOT, 'test-output/bench-near-copies.json') },
  },
});
const target = Number(values.articles);
const checks = Number(values.checks);
const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-near-copies-'));

const demo = await prepareDemoData(dataDir, 1);
console.log(
  `demo: ${demo.articleCount} articles in ${dataDir}${demo.imported ? `, imported in ${demo.importSeconds.toFixed(1)} s` : ''}`,
);

// Padding, on a connection of its own (no foreign keys: the padded articles do not exist).
const file = path.join(dataDir, 'ghad.sqlite');
const raw = new BetterSqlite3(file);
raw.pragma('foreign_keys = OFF');
const { padded, maxId } = raw
  .prepare('select count(distinct article_id) as padded, (select max(id) from articles) as maxId from near_copy_bands')
  .get() as { padded: number; maxId: number };
const wanted = target - padded;
if (wanted > 0) {
  const started = performance.now();
  const firstFake = Math.max(maxId, 1 << 24) + 1;
  const existing = (raw.prepare('select max(article_id) as last from near_copy_bands').get() as { last: number }).last;
  const from = Math.max(firstFake, existing + 1);
  const insert = raw.prepare('insert into near_copy_bands (key, band, article_id) values (?, ?, ?)');
  const prng = new Prng(14);
  const batch = raw.transaction((start: number, count: number) => {
    for (let id = start; id < start + count; id++) {
      for (let band = 0; band < NEAR_COPY_SCHEME.bands; band++) insert.run(Math.floor(prng.next() * 2 ** 31), band, id);
    }
  });
  for (let done = 0; done < wanted; done += 50_000) batch(from + done, Math.min(50_000, wanted - done));
  console.log(`padded with ${wanted} fingerprints in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
raw.pragma('optimize');
const sizes = raw
  .prepare("select name, sum(pgsize) as bytes from dbstat where name like 'near_copy_bands%' group by name")
  .all() as { name: string; bytes: number }[];
raw.close();
const totalBytes = sizes.reduce((sum, s) => sum + s.bytes, 0);

const store = await openStore({ dataDir });
try {
  const ids = (
    await store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()
  ).map((row) => row.id);
  const prng = new Prng(7);
  const texts: string[] = [];
  while (texts.length < checks + 50) {
    const id = ids[Math.floor(prng.next() * ids.length)]!;
    const { body_text } = await store.db
      .selectFrom('articles')
      .select('body_text')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const paragraphs = body_text.split('\n').filter(Boolean);
    if (texts.length % 2 === 1 && paragraphs.length >= 4) {
      const [first, second, , ...rest] = paragraphs;
      const last = rest.pop()!;
      texts.push([first, last, second, ...rest].join('\n'));
    } else {
      texts.push(body_text);
    }
  }
  for (const text of texts.slice(0, 50)) await store.nearCopies.of(text);
  const times: number[] = [];
  let found = 0;
  for (const text of texts.slice(50)) {
    const started = performance.now();
    const copies = await store.nearCopies.of(text);
    times.push(performance.now() - started);
    if (copies.length > 0) found++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const articles = Math.max(target, padded);
  const figures = {
    articles,
    checks: times.length,
    found,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: times.at(-1)!,
    fingerprintBytes: (NEAR_COPY_SCHEME.bands * 31) / 8,
    storedBytesPerArticle: totalBytes / articles,
    sizes,
  };
  console.log(`\n${times.length} checks against ${articles.toLocaleString('en')} fingerprints (SQLite):`);
  console.log(
    `  p50 ${figures.p50Ms.toFixed(2)} ms  p95 ${figures.p95Ms.toFixed(2)} ms  p99 ${figures.p99Ms.toFixed(2)} ms  max ${figures.maxMs.toFixed(2)} ms  (target ≤ 5 ms)`,
  );
  console.log(`  texts with a near-copy found: ${found} of ${times.length} (each saved text finds at least itself)`);
  console.log(
    `  fingerprint: ${NEAR_COPY_SCHEME.bands} keys of 31 bits = ${figures.fingerprintBytes.toFixed(1)} bytes (target ≤ 64); stored with its index: ${figures.storedBytesPerArticle.toFixed(1)} bytes an article`,
  );
  fs.mkdirSync(path.dirname(values.output), { recursive: true });
  fs.writeFileSync(values.output, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures written to ${values.output}`);
} finally {
  await store.close();
}
