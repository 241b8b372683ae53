import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { REPO_ROOT } from './servers.ts';

/** The PostgreSQL server the benchmarks create their databases on (as the tests do). */
export const POSTGRES_ADMIN_URL =
  process.env.GHAD_BENCH_POSTGRES_URL ??
  process.env.GHAD_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops the database (closing whatever is still connected to it); once. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database named `<prefix>_<pid>_<random>` and makes sure it is dropped when
 * the benchmark ends, however it ends: `drop()` at the end of a normal run; otherwise from the
 * `exit` event (an error, Ctrl-C, SIGTERM, SIGHUP), synchronously, by a short child process.
 */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  await adminQuery(`create database ${name}`);
  let dropped = false;
  const dropSql = `drop database if exists ${name} with (force)`;
  process.on('exit', () => {
    if (dropped) return;
    dropped = true;
    const script = `const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1] });
      c.connect().then(() => c.query(process.argv[2])).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
    const result = spawnSync(process.execPath, ['-e', script, POSTGRES_ADMIN_URL, dropSql], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 20_000,
    });
    console.error(
      result.status === 0 ? `database ${name} dropped` : `could not drop database ${name}: drop it by hand`,
    );
  });
  // Without these, Ctrl-C before the first server starts would skip the `exit` event.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      await adminQuery(dropSql);
      dropped = true;
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
