import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { PartialIndexLiterals } from '../../src/store/partial-index-literals.ts';

interface Tables {
  articles: { id: number; status: string; headline: string; published_at: string | null };
  article_sections: { article_id: number; section_id: number; listed: number };
}

/**
 * The partial indexes' constants reach SQLite's SQL as literals (the planner then needs no
 * fresh plan per binding); every other value stays a bound parameter.
 */
describe('PartialIndexLiterals', () => {
  const sqlite = new BetterSqlite3(':memory:');
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new PartialIndexLiterals()],
  });

  it("writes status = 'published' and listed = 1 into the SQL, however the column is named", () => {
    const query = db
      .selectFrom('articles')
      .innerJoin('article_sections', 'article_sections.article_id', 'articles.id')
      .select('articles.id')
      .where('articles.status', '=', 'published')
      .where(sql.ref('article_sections.listed'), '=', 1)
      .where('status', '<>', 'draft')
      .compile();
    assert.match(query.sql, /"articles"\."status" = 'published'/);
    assert.match(query.sql, /"article_sections"\."listed" = 1/);
    assert.match(query.sql, /"status" <> 'draft'/);
    assert.deepEqual(query.parameters, []);
  });

  it('leaves other columns, other operators and values that are not plain words as parameters', () => {
    const query = db
      .selectFrom('articles')
      .select('id')
      .where('headline', '=', 'published')
      .where('status', 'in', ['published', 'scheduled'])
      .where('status', '=', "x' or '1'='1")
      .where('status', '=', 'Published')
      .compile();
    assert.doesNotMatch(query.sql, /'/);
    assert.deepEqual(query.parameters, ['published', 'published', 'scheduled', "x' or '1'='1", 'Published']);
  });

  it('returns the same rows as the bound query', async () => {
    sqlite.exec(`create table articles (id integer primary key, status text, headline text, published_at text);
      create index articles_published on articles (published_at desc, id desc) where status = 'published';
      insert into articles values (1, 'published', 'أ', '2026-12-01'), (2, 'draft', 'ب', null), (3, 'published', 'ج', '2026-12-02');`);
    const rows = await db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .execute();
    assert.deepEqual(
      rows.map((row) => row.id),
      [3, 1],
    );
    const plan = sqlite
      .prepare(
        `explain query plan ${db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('published_at', 'desc').compile().sql}`,
      )
      .all() as { detail: string }[];
    assert.ok(
      plan.some((step) => step.detail.includes('articles_published')),
      JSON.stringify(plan),
    );
  });
});
