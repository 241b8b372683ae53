import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { postgresPool } from '../../src/store/postgres-pool.ts';
import { POSTGRES_ADMIN_URL, temporaryPostgresDatabase } from '../helpers/databases.ts';

let database: Awaited<ReturnType<typeof temporaryPostgresDatabase>>;
before(async () => {
  database = await temporaryPostgresDatabase();
});
after(async () => {
  await database.drop();
});

/** Its end, heard without listening for 'error' (events.once would, hiding what is tested). */
function connectionEnd(client: pg.PoolClient): Promise<void> {
  return new Promise((resolve) => client.once('end', () => resolve()));
}

async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

test('a connection the server closes while it is checked out between two queries costs that connection, not the process', async () => {
  const pool = await postgresPool(database.url);
  try {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    // As PostgreSQL does to every connection when it restarts, while no query runs on this one.
    const ended = connectionEnd(client);
    await terminateBackend(rows[0]!.pid);
    await ended;
    await assert.rejects(client.query('select 1'), /not queryable|terminated/);
    client.release();
    // The dead connection was dropped: the next query gets a new one.
    const answer = await pool.query<{ one: number }>('select 1 as one');
    assert.equal(answer.rows[0]!.one, 1);
  } finally {
    await pool.end();
  }
});

test('an idle connection the server closes is replaced on the next query', async () => {
  const pool = await postgresPool(database.url);
  try {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const ended = connectionEnd(client);
    client.release();
    await terminateBackend(rows[0]!.pid);
    await ended;
    const answer = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
    assert.notEqual(answer.rows[0]!.pid, rows[0]!.pid);
  } finally {
    await pool.end();
  }
});
