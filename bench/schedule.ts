/**
 * Scheduling: the bar "scheduling never misses and never doubles: 1,000 articles scheduled
 * across a restart are each published exactly once, within 1 s of their time"
 * (docs/quality.md), measured on `ghad serve` as it runs in production, with its real clock.
 *
 * `--articles` drafts are created and scheduled through the store, due one after another over
 * `--spread-s` seconds from `--lead-s` after the scheduling ends; then `ghad serve` starts (on
 * SQLite; with `--postgres`, two `ghad serve` processes on one PostgreSQL database, whose job
 * loops compete for the same outbox rows with `for update skip locked`). Halfway through the
 * schedule the server is killed with SIGKILL (with `--postgres`, both, or one with
 * `--kill one`) and started again at once. When every article is published (or after
 * `--timeout-s`), the article_transitions table is read: each article's publish steps
 * (exactly one is the bar: none is a miss, two a double) and their lateness (the step's time
 * − the scheduled time). Prints the figures; writes test-output/bench-schedule.json.
 *
 *   npm run bench:schedule [-- --articles 1000 --spread-s 20 --postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ArticleDraft } from '../src/content/article-draft.ts';
import { SECTIONS } from '../src/content/sections.ts';
import { newsroomAccounts } from '../src/newsroom/newsroom-accounts.ts';
import type { Actor } from '../src/newsroom/policy.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { type BenchDatabase, createBenchDatabase } from './postgres.ts';
import { freePort, REPO_ROOT, type ServerProcess, startGhad } from './servers.ts';

const USAGE = `npm run bench:schedule -- [options]
  --articles N    articles scheduled (1000)
  --spread-s N    their times spread evenly over N seconds (20)
  --lead-s N      the first is due N seconds after the scheduling ends: the server starts meanwhile (15)
  --postgres      PostgreSQL (a fresh bench_schedule_* database) and two servers, instead of SQLite and one
  --kill all|one  with --postgres: kill both servers halfway, or only one (all)
  --timeout-s N   give up waiting for the publications N seconds after the last is due (120)
  --output FILE   the JSON figures (test-output/bench-schedule.json)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      articles: { type: 'string', default: '1000' },
      'spread-s': { type: 'string', default: '20' },
      'lead-s': { type: 'string', default: '15' },
      postgres: { type: 'boolean', default: false },
      kill: { type: 'string', default: 'all' },
      'timeout-s': { type: 'string', default: '120' },
      output: { type: 'string', default: 'test-output/bench-schedule.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const articles = Number(values.articles);
  const spreadMs = Number(values['spread-s']) * 1000;
  const leadMs = Number(values['lead-s']) * 1000;
  const timeoutMs = Number(values['timeout-s']) * 1000;
  for (const [name, value] of Object.entries({ articles, spreadMs, leadMs, timeoutMs })) {
    if (!Number.isFinite(value) || value <= 0) {
      console.error(`bench:schedule: ${name} must be a positive number.\n${USAGE}`);
      return 2;
    }
  }
  if (values.kill !== 'all' && values.kill !== 'one') {
    console.error(`bench:schedule: --kill is "all" or "one".\n${USAGE}`);
    return 2;
  }
  const postgres = values.postgres;
  const serverCount = postgres ? 2 : 1;
  const killed = postgres && values.kill === 'one' ? 1 : serverCount;

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-schedule-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const dataDir = path.join(workDir, 'data');
  let database: BenchDatabase | undefined;
  if (postgres) {
    database = await createBenchDatabase('bench_schedule');
    console.log(`▸ PostgreSQL database ${database.name} (dropped at the end)`);
  } else console.log(`▸ SQLite in ${dataDir}`);
  const storeOptions = { dataDir, databaseUrl: database?.url };

  try {
    // Drafts, then their schedule: the first due `lead` after the last is scheduled.
    const store = await openStore(storeOptions);
    let ids: number[];
    let due: Map<number, number>;
    let firstDue: number;
    let scheduleSeconds: number;
    try {
      const editor = await benchEditor(store);
      let t = performance.now();
      ids = [];
      for (let n = 0; n < articles; n++) ids.push((await store.newsroomArticles.create(editor, draft(n))).id);
      console.log(`  ${articles} drafts created in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      // Scheduling takes about as long as creating: the times are set from that estimate.
      const estimate = performance.now() - t;
      firstDue = Math.ceil((Date.now() + estimate * 1.5 + leadMs) / 1000) * 1000;
      due = new Map();
      t = performance.now();
      for (const [n, id] of ids.entries()) {
        const at = firstDue + Math.round((n * spreadMs) / Math.max(1, articles - 1));
        due.set(id, at);
        await store.newsroomArticles.transition(editor, id, { action: 'schedule', at: new Date(at) });
      }
      scheduleSeconds = (performance.now() - t) / 1000;
    } finally {
      await store.close();
    }
    const lastDue = firstDue + spreadMs;
    const restartAt = firstDue + spreadMs / 2;
    console.log(
      `  scheduled in ${scheduleSeconds.toFixed(1)} s: the first due in ${((firstDue - Date.now()) / 1000).toFixed(1)} s, ` +
        `then one every ${(spreadMs / Math.max(1, articles - 1)).toFixed(0)} ms for ${spreadMs / 1000} s`,
    );
    if (firstDue - Date.now() < 2000) {
      throw new Error('Scheduling took longer than planned: the first article is already due. Raise --lead-s.');
    }

    const ports = await Promise.all(Array.from({ length: serverCount }, () => freePort()));
    const start = (i: number) =>
      startGhad({
        name: `Ghad ${i + 1}`,
        dataDir,
        pageCache: true,
        workers: 1,
        port: ports[i]!,
        ...(database ? { databaseUrl: database.url } : {}),
      });
    console.log(
      `▸ starting ${serverCount === 1 ? 'Ghad (SQLite)' : `${serverCount} Ghad servers (PostgreSQL), one job loop each`}`,
    );
    let servers: ServerProcess[] = await Promise.all(ports.map((_, i) => start(i)));
    const ready = Date.now();
    if (ready > firstDue) console.log(`  ready ${((ready - firstDue) / 1000).toFixed(1)} s after the first was due`);
    else console.log(`  ready ${((firstDue - ready) / 1000).toFixed(1)} s before the first is due`);

    let killedAt = Number.NaN;
    let restartedAt = Number.NaN;
    try {
      await sleep(restartAt - Date.now());
      for (const server of servers.slice(0, killed)) await server.kill();
      killedAt = Date.now();
      console.log(`▸ ${killed === 1 ? 'the server' : `${killed} servers`} killed (SIGKILL) halfway; starting again`);
      const restarted = await Promise.all(servers.slice(0, killed).map((_, i) => start(i)));
      servers = [...restarted, ...servers.slice(killed)];
      restartedAt = Date.now();
      console.log(`  serving again after ${((restartedAt - killedAt) / 1000).toFixed(1)} s`);

      // Until every article is published and nothing is left in the outbox, or the timeout.
      const check = await openStore(storeOptions);
      try {
        for (;;) {
          for (const server of servers) server.assertRunning();
          const published = await publishedCount(check, ids);
          const pending = await check.outbox.pendingCount();
          if (published === ids.length && pending === 0) break;
          if (Date.now() > lastDue + timeoutMs) {
            console.log(`  timed out: ${published} of ${ids.length} published, ${pending} outbox messages pending`);
            break;
          }
          await sleep(250);
        }
      } finally {
        await check.close();
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }

    const store2 = await openStore(storeOptions);
    let outcome: Awaited<ReturnType<typeof readOutcome>>;
    try {
      outcome = await readOutcome(store2, ids, due);
    } finally {
      await store2.close();
    }
    return report({
      articles,
      spreadMs,
      postgres,
      serverCount,
      killed,
      firstDue,
      lastDue,
      killedAt,
      restartedAt,
      outcome,
      output: values.output,
    });
  } finally {
    await database?.drop();
  }
}

/** The editor the articles belong to (an account, as in the newsroom). */
async function benchEditor(store: Store): Promise<Actor> {
  const { accounts } = newsroomAccounts(store.db);
  const email = 'bench-schedule@alghad24.ma';
  const account =
    (await accounts.findByEmail(email)) ??
    (await accounts.create({ email, role: 'editor', password: 'bench password, not for use' }));
  return { id: account.id, role: 'editor' };
}

function draft(n: number): ArticleDraft {
  return {
    headline: `مقال مجدول رقم ${n + 1}: الحكومة تعرض حصيلة برنامج دعم المقاولات الصغرى`,
    kicker: null,
    dek: null,
    sectionSlug: SECTIONS[n % SECTIONS.length]!.slug,
    body: [
      {
        type: 'paragraph',
        text: `عرضت الحكومة اليوم حصيلة البرنامج في جهته رقم ${n + 1}، مؤكدة أن عدد المستفيدين تجاوز التوقعات.`,
      },
    ],
    bylines: [{ name: 'هيئة التحرير', kind: 'organization' }],
    tags: [],
  };
}

async function publishedCount(store: Store, ids: number[]): Promise<number> {
  let count = 0;
  // In slices: PostgreSQL and SQLite both take a thousand parameters, but not many more.
  for (let i = 0; i < ids.length; i += 500) {
    const row = await store.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('id', 'in', ids.slice(i, i + 500))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    count += Number(row.count);
  }
  return count;
}

/** Each article's publish steps and their lateness, from article_transitions. */
async function readOutcome(store: Store, ids: number[], due: Map<number, number>) {
  const steps = new Map<number, number[]>();
  const datedAtDue: number[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await store.db
      .selectFrom('article_transitions')
      .select(['article_id', 'created_at'])
      .where('action', '=', 'publish')
      .where('article_id', 'in', slice)
      .execute();
    for (const row of rows) {
      const list = steps.get(row.article_id) ?? [];
      list.push(new Date(row.created_at).getTime());
      steps.set(row.article_id, list);
    }
    const articles = await store.db
      .selectFrom('articles')
      .select(['id', 'status', 'published_at'])
      .where('id', 'in', slice)
      .execute();
    for (const a of articles) {
      if (a.status === 'published' && a.published_at && new Date(a.published_at).getTime() === due.get(a.id))
        datedAtDue.push(a.id);
    }
  }
  const failedMessages = await store.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('last_error', 'is not', null)
    .executeTakeFirstOrThrow();
  const missed = ids.filter((id) => (steps.get(id)?.length ?? 0) === 0);
  const doubled = ids.filter((id) => (steps.get(id)?.length ?? 0) > 1);
  const lateness = ids.flatMap((id) => {
    const first = steps.get(id)?.sort((a, b) => a - b)[0];
    return first === undefined ? [] : [{ id, due: due.get(id)!, at: first, lateMs: first - due.get(id)! }];
  });
  return {
    missed,
    doubled,
    lateness,
    datedAtDue: datedAtDue.length,
    failedOutboxMessages: Number(failedMessages.count),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface ReportInput {
  articles: number;
  spreadMs: number;
  postgres: boolean;
  serverCount: number;
  killed: number;
  firstDue: number;
  lastDue: number;
  killedAt: number;
  restartedAt: number;
  outcome: Awaited<ReturnType<typeof readOutcome>>;
  output: string;
}

function report(input: ReportInput): number {
  const { outcome, killedAt, restartedAt } = input;
  const stats = (rows: typeof outcome.lateness) => {
    const sorted = rows.map((r) => r.lateMs).sort((a, b) => a - b);
    return {
      count: sorted.length,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted.at(-1) ?? Number.NaN,
      over1s: sorted.filter((ms) => ms > 1000).length,
      early: sorted.filter((ms) => ms < 0).length,
    };
  };
  // Articles that fell due while no job loop ran (all servers killed) wait for the restart, and
  // so do those due in the last poll interval (200 ms) before the kill: counted from a second before.
  const whileDown = (r: { due: number }) =>
    input.killed === input.serverCount && r.due >= killedAt - 1000 && r.due < restartedAt;
  const all = stats(outcome.lateness);
  const down = stats(outcome.lateness.filter(whileDown));
  const up = stats(outcome.lateness.filter((r) => !whileDown(r)));
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '–');
  const line = (label: string, s: ReturnType<typeof stats>) =>
    `  ${label.padEnd(46)} ${String(s.count).padStart(5)}   p50 ${ms(s.p50Ms).padStart(7)}   p95 ${ms(s.p95Ms).padStart(7)}   max ${ms(s.maxMs).padStart(7)}   > 1 s: ${s.over1s}`;

  const database = input.postgres ? `PostgreSQL, ${input.serverCount} servers` : 'SQLite, 1 server';
  console.log('');
  console.log(
    `${input.articles} articles due over ${input.spreadMs / 1000} s (${database}); ${input.killed === input.serverCount ? 'every server' : `${input.killed} of ${input.serverCount} servers`} killed ${((killedAt - input.firstDue) / 1000).toFixed(1)} s in, serving again ${((restartedAt - killedAt) / 1000).toFixed(1)} s later`,
  );
  console.log(`  published exactly once: ${input.articles - outcome.missed.length - outcome.doubled.length}`);
  console.log(
    `  missed (never published): ${outcome.missed.length}${outcome.missed.length ? ` (ids ${outcome.missed.slice(0, 10).join(', ')}…)` : ''}`,
  );
  console.log(
    `  doubled (published more than once): ${outcome.doubled.length}${outcome.doubled.length ? ` (ids ${outcome.doubled.slice(0, 10).join(', ')}…)` : ''}`,
  );
  console.log(`  published before their time: ${all.early}`);
  console.log(`  dated at their scheduled time: ${outcome.datedAtDue}`);
  console.log(`  outbox messages that failed: ${outcome.failedOutboxMessages}`);
  console.log('  lateness (publish step − scheduled time):');
  console.log(line('all', all));
  if (input.killed === input.serverCount) {
    console.log(line('due at other times', up));
    console.log(line('due from 1 s before the kill to the restart', down));
  }
  console.log(
    `  load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  const exactlyOnce = outcome.missed.length === 0 && outcome.doubled.length === 0 && all.early === 0;
  console.log(
    `  the bar: exactly once ${exactlyOnce ? 'met' : 'NOT MET'}; within 1 s ${all.over1s === 0 ? 'met' : `NOT MET (${all.over1s} later than 1 s${input.killed === input.serverCount ? `, ${down.over1s} of them due from 1 s before the kill to the restart` : ''})`}`,
  );

  const output = path.resolve(REPO_ROOT, input.output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(
    output,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        cpus: os.cpus().length,
        loadAverage: os.loadavg(),
        articles: input.articles,
        spreadSeconds: input.spreadMs / 1000,
        database: input.postgres ? 'postgres' : 'sqlite',
        servers: input.serverCount,
        killed: input.killed,
        killedAfterFirstDueS: (killedAt - input.firstDue) / 1000,
        downSeconds: (restartedAt - killedAt) / 1000,
        exactlyOnce: input.articles - outcome.missed.length - outcome.doubled.length,
        missed: outcome.missed,
        doubled: outcome.doubled,
        datedAtDue: outcome.datedAtDue,
        failedOutboxMessages: outcome.failedOutboxMessages,
        lateness: { all, dueWhileRunning: up, dueWhileDown: down },
        perArticle: outcome.lateness.map(({ id, due, lateMs }) => ({ id, due: new Date(due).toISOString(), lateMs })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`figures written to ${path.relative(REPO_ROOT, output)}`);
  return exactlyOnce ? 0 : 1;
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, msToWait)));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:schedule: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
