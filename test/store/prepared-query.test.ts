import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { preparedQuery } from '../../src/store/prepared-query.ts';
import { withStatementCache } from '../../src/store/sqlite-statement-cache.ts';

interface Db {
  sections: { id: number; slug: string; position: number };
}

function database() {
  const sqlite = new BetterSqlite3(':memory:');
  sqlite.exec(`create table sections (id integer primary key, slug text, position integer);
    insert into sections values (1, 'وطنية', 0), (2, 'دولية', 1), (3, 'رياضة', 5);`);
  return { sqlite, db: new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, 2) }) }) };
}

describe('prepared queries', () => {
  it('compile once and bind each run its own arguments, keeping constants', async () => {
    const { db } = database();
    const compiled: string[] = [];
    const bySlugAfter = preparedQuery(
      db,
      (slug: string, position: number) => {
        const query = db
          .selectFrom('sections')
          .select('id')
          .where('slug', '!=', 'لا شيء')
          .where((eb) => eb.or([eb('slug', '=', slug), eb('position', '>', position)]))
          .orderBy('id');
        compiled.push(query.compile().sql);
        return query;
      },
      2,
    );
    assert.deepEqual(await bySlugAfter('دولية', 4), [{ id: 2 }, { id: 3 }]);
    assert.deepEqual(await bySlugAfter('وطنية', 10), [{ id: 1 }]);
    assert.equal(compiled.length, 1, 'built once');
  });

  it('refuses a query that does not bind an argument as it is', async () => {
    const { db } = database();
    const run = preparedQuery(
      db,
      (position: number) =>
        db
          .selectFrom('sections')
          .select('id')
          .where(sql`position`, '>', sql.lit(String(position))),
      1,
    );
    await assert.rejects(run(1), /must bind each of its 1 arguments/);
  });
});

describe('the SQLite statement cache', () => {
  it('prepares a statement once and forgets the least recently used past its capacity', () => {
    const { sqlite } = database();
    const cached = withStatementCache(sqlite, 2);
    const first = cached.prepare('select 1');
    assert.equal(cached.prepare('select 1'), first);
    const second = cached.prepare('select 2');
    cached.prepare('select 1');
    cached.prepare('select 3'); // evicts "select 2", the least recently used
    assert.equal(cached.prepare('select 1'), first, 'kept');
    assert.notEqual(cached.prepare('select 2'), second, 'prepared anew');
  });
});
