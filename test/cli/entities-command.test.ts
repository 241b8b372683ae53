/**
 * `npx ghad entities rebuild` (SQLite, through the CLI) and the rebuild under it (both
 * databases): every article's names are found again from the articles table — drafts too —
 * while editors' decisions stay (a rejected name stays out, a merge stays, a confirmed entity
 * keeps its id) and the counts stay right; and `ghad serve` rebuilds them before it listens when
 * a database from before entities has none.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { entitiesAreMissing, rebuildEntities } from '../../src/entities/rebuild.ts';
import { importSeedArticle } from '../../src/import/demo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase, temporaryDataDir } from '../helpers/databases.ts';
import { clearEntities, entitySpelt, gantzStories, gantzStory } from '../helpers/entities.ts';
import { ghadOn } from '../helpers/ghad-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AKHANNOUCH = 'عزيز أخنوش';

/** The seed page, two stories about Gantz and a draft about him, and three decisions of editors. */
async function newspaperWithDecisions(store: Store) {
  await importSeedArticle(store);
  await store.articles.upsertManyByExternalId([gantzStory(1), gantzStory(2), gantzStory(3, 'draft')]);
  const gantz = await entitySpelt(store, 'جانتس');
  const fifth = await entitySpelt(store, 'محمد الخامس');
  const sixth = await entitySpelt(store, 'محمد السادس');
  const rejected = await entitySpelt(store, 'الرباط');
  await store.entities.confirm(gantz.id, null);
  await store.entities.merge(fifth.id, sixth.id, null);
  await store.entities.reject(rejected.id, null);
  return { gantz, fifth, sixth, rejected };
}

/** What the articles name now, by article: entity ids, and the counts of every entity. */
async function snapshot(store: Store) {
  const rows = await store.db
    .selectFrom('article_entities')
    .select(['article_id', 'entity_id', 'names', 'listed'])
    .orderBy('article_id')
    .orderBy('entity_id')
    .execute();
  const counts = await store.db
    .selectFrom('entities')
    .select(['id', 'article_count', 'status', 'merged_into'])
    .orderBy('id')
    .execute();
  return { rows, counts, lastId: Math.max(0, ...counts.map((c) => c.id)) };
}

/** A body_text written past the store, as an older extraction would have left it: found only by a rebuild. */
async function addNameUnindexed(store: Store, externalId: string): Promise<number> {
  const id = (await store.articles.findIdByExternalId(externalId)) as number;
  const row = await store.db.selectFrom('articles').select('body_text').where('id', '=', id).executeTakeFirstOrThrow();
  await store.db
    .updateTable('articles')
    .set({ body_text: `${row.body_text}\nوقال رئيس الحكومة ${AKHANNOUCH} إن الزيارة ناجحة.` })
    .where('id', '=', id)
    .execute();
  return id;
}

async function checkDecisionsKept(store: Store, decided: Awaited<ReturnType<typeof newspaperWithDecisions>>) {
  const { gantz, fifth, sixth, rejected } = decided;
  const kept = await store.entities.get(gantz.id);
  assert.equal(kept?.status, 'confirmed', 'the confirmed entity keeps its id and status');
  assert.equal(kept?.articleCount, 3, 'the seed and two stories: counted once, the draft not');
  assert.equal((await store.entities.get(fifth.id))?.mergedInto, sixth.id, 'the merge stays');
  const seedId = (await store.articles.findIdByExternalId('alghad24-seed-al-ghad-24')) as number;
  const named = await store.entities.forArticle(seedId);
  assert.ok(!named.some((e) => e.id === rejected.id || e.name === 'الرباط'), 'the rejected name stays out');
  assert.ok(!named.some((e) => e.id === fifth.id));
  assert.ok(named.find((e) => e.id === sixth.id)?.names.includes('محمد الخامس'), 'linked through the spellings');
  const draftId = (await store.articles.findIdByExternalId('gantz-3')) as number;
  assert.ok(
    (await store.entities.forArticle(draftId)).some((e) => e.id === gantz.id),
    'drafts have their entities too',
  );
}

describe('ghad entities rebuild', () => {
  let dataDir: string;
  let decided: Awaited<ReturnType<typeof newspaperWithDecisions>>;
  let before_: Awaited<ReturnType<typeof snapshot>>;
  let storyId: number;

  before(async () => {
    dataDir = temporaryDataDir();
    const store = await openStore({ dataDir });
    try {
      decided = await newspaperWithDecisions(store);
      before_ = await snapshot(store);
      storyId = await addNameUnindexed(store, 'gantz-1');
      assert.deepEqual(await store.entities.findBySpelling(AKHANNOUCH, 1), [], 'not found before the rebuild');
    } finally {
      await store.close();
    }
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('finds every article’s names again, keeps editors’ decisions and the counts, and says what it did', async () => {
    const result = await ghadOn(dataDir, ['entities', 'rebuild']);
    assert.equal(result.code, 0, result.stderr);
    const said = /^Entities: 4 articles read, (\d+) entities named \((\d+) new\) in \d+\.\d s \(\d+\/s\)\.$/m.exec(
      result.stdout,
    );
    assert.ok(said, result.stdout);
    assert.match(result.stderr, /^entities: 100%$/m, 'progress, in lines off a terminal');

    const store = await openStore({ dataDir });
    try {
      const [akhannouch] = await store.entities.findBySpelling(AKHANNOUCH, 1);
      assert.ok(akhannouch, 'the name the articles table holds is found now');
      assert.ok((await store.entities.forArticle(storyId)).some((e) => e.id === akhannouch.id));
      assert.ok(akhannouch.id > before_.lastId, 'a new entity');
      const created = (await snapshot(store)).lastId - before_.lastId;
      assert.equal(said[2], String(created));
      await checkDecisionsKept(store, decided);
      // Everything else as it was: the same rows, the same counts. The rejected entity's row,
      // which the rejection kept for an undo, is dropped as by any save of the article.
      const now = await snapshot(store);
      const { rejected } = decided;
      const others = <T extends { entity_id: number }>(rows: T[]) =>
        rows.filter((r) => r.entity_id <= before_.lastId && r.entity_id !== rejected.id);
      assert.deepEqual(others(now.rows), others(before_.rows));
      assert.ok(!now.rows.some((r) => r.entity_id === rejected.id));
      const counts = (rows: typeof now.counts) =>
        rows.filter((c) => c.id <= before_.lastId).map((c) => (c.id === rejected.id ? { ...c, article_count: 0 } : c));
      assert.deepEqual(counts(now.counts), counts(before_.counts));
      assert.equal(now.counts.find((c) => c.id === rejected.id)?.status, 'rejected', 'still rejected');
      // One purge of every page, for the job loop.
      const purges = await store.db.selectFrom('outbox').select('payload').where('topic', '=', 'pages.purge').execute();
      assert.ok(purges.some((p) => JSON.parse(p.payload).tags.includes('*')));
    } finally {
      await store.close();
    }

    // A second run changes nothing.
    const again = await ghadOn(dataDir, ['entities', 'rebuild']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\(0 new\)/);
  });

  it('says how to use it when asked, or asked something else', async () => {
    const help = await ghadOn(dataDir, ['entities', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /npx ghad entities rebuild/);
    for (const args of [['entities'], ['entities', 'rebuld'], ['entities', 'rebuild', 'now']]) {
      const wrong = await ghadOn(dataDir, args);
      assert.equal(wrong.code, 2, args.join(' '));
      assert.match(`${wrong.stdout}${wrong.stderr}`, /npx ghad entities rebuild/);
    }
    assert.match((await ghadOn(dataDir, ['help'])).stdout, /npx ghad entities rebuild/);
  });
});

for (const dialect of DIALECTS) {
  describe(`rebuilding entities (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    before(async () => {
      const database = await freshDatabase(dialect);
      cleanup = database.cleanup;
      store = await openStore(database.options);
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('reads every article in batches, keeping decisions, and fills a database that had none', async () => {
      assert.equal(await entitiesAreMissing(store.db), false, 'no published article yet');
      const decided = await newspaperWithDecisions(store);
      const before = await snapshot(store);
      const storyId = await addNameUnindexed(store, 'gantz-2');
      const progress: [number, number][] = [];
      const summary = await rebuildEntities(store.db, store.dialect, store.entities, (done, total) =>
        progress.push([done, total]),
      );
      assert.deepEqual(progress, [
        [0, 4],
        [4, 4],
      ]);
      assert.equal(summary.articles, 4);
      const [akhannouch] = await store.entities.findBySpelling(AKHANNOUCH, 1);
      assert.ok(akhannouch && (await store.entities.forArticle(storyId)).some((e) => e.id === akhannouch.id));
      assert.ok(summary.created >= 1);
      await checkDecisionsKept(store, decided);
      // The same rows as before, less the rejected entity's (kept by the rejection, for an undo,
      // and dropped as by any save), plus the new names'.
      const after = await snapshot(store);
      const kept = (rows: typeof after.rows) =>
        rows.filter((r) => r.entity_id <= before.lastId && r.entity_id !== decided.rejected.id);
      assert.deepEqual(kept(after.rows), kept(before.rows));
      assert.ok(!after.rows.some((r) => r.entity_id === decided.rejected.id));
      assert.equal(summary.created, after.lastId - before.lastId);
      assert.equal(summary.entities, new Set(after.rows.map((r) => r.entity_id)).size);

      // A database from before entities: the tables empty, then filled from the articles.
      await clearEntities(store);
      assert.equal(await entitiesAreMissing(store.db), true);
      const filled = await rebuildEntities(store.db, store.dialect, store.entities);
      assert.equal(filled.articles, 4);
      assert.ok(filled.created > 10);
      assert.equal(await entitiesAreMissing(store.db), false);
      const [gantz] = await store.entities.findBySpelling('جانتس', 1);
      assert.equal(gantz?.articleCount, 3);
    });
  });
}

describe('ghad serve on a database from before entities', () => {
  let dataDir: string;
  before(async () => {
    dataDir = temporaryDataDir();
    const store = await openStore({ dataDir });
    try {
      await importSeedArticle(store);
      await store.articles.upsertManyByExternalId(gantzStories(2));
      await clearEntities(store);
    } finally {
      await store.close();
    }
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** `ghad serve` on a random port until it says where it is open; then SIGTERM. Its output. */
  async function serveOnce(): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        GHAD_DATA_DIR: dataDir,
        DATABASE_URL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        GHAD_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/(?:is open|listening) at http:\/\/localhost:\d+/.test(output)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`ghad serve exited (${code}) before it was open:\n${output}`)));
    });
    assert.equal(await stopped(child), 0);
    return output;
  }

  it('finds the articles’ names before it listens, once', async () => {
    const first = await serveOnce();
    assert.match(first, /Entities: 3 articles read, \d+ entities named \(\d+ new\) in \d+\.\d s/);
    assert.ok(first.indexOf('Entities:') < first.search(/is open|listening at/), 'before it listens');
    const store = await openStore({ dataDir });
    try {
      const [gantz] = await store.entities.findBySpelling('جانتس', 1);
      assert.equal(gantz?.articleCount, 3);
    } finally {
      await store.close();
    }
    assert.doesNotMatch(await serveOnce(), /Entities:/, 'not again once they are there');
  });
});

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
