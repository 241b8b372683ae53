import type pg from 'pg';

/**
 * PostgreSQL's connection pool for a store. A connection the server closes (a restart, a
 * failover, an administrator's pg_terminate_backend, a network cut) must cost the requests
 * using it, never the process: pg emits 'error' on a client whose connection dies while no
 * query runs on it, and the pool listens only while the client is idle in it, so a client
 * checked out between two queries (inside a transaction, say) would throw an unhandled
 * 'error' and end the server. Each client gets its own listener from the start; the pool
 * drops a client whose connection died when it comes back, and opens a new one next time.
 */
export async function postgresPool(url: string): Promise<pg.Pool> {
  // Loaded here, so that a server on SQLite never loads pg.
  const { default: postgres } = await import('pg');
  const pool = new postgres.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('connect', (client) => {
    client.on('error', () => {
      // The query in flight, or the next one on this client, fails with the reason.
    });
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  return pool;
}
