/**
 * The breaking-news banner's memory: read once, then reused until a purge, until the earliest
 * story ends, or for its maximum age; a purge during a read makes that read stale.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BreakingNewsBanner } from '../../src/web/site/breaking-news.ts';

const HEADLINE = 'عاجل: زلزال بقوة 5 درجات يضرب إقليم الحوز';

function fixture(ends: number[]) {
  let now = 1_000_000;
  let reads = 0;
  const purges = { generation: 0 };
  let news = ends.map((end, i) => ({
    id: i + 1,
    slug: `zilzal-${i + 1}`,
    headline: HEADLINE,
    kicker: null,
    dek: null,
    sectionId: 1,
    publishedAt: new Date(now - 60_000),
    breakingUntil: new Date(end),
  }));
  const curation = {
    breakingNews: async (at: Date) => {
      reads++;
      return news.filter((n) => n.breakingUntil.getTime() > at.getTime());
    },
  };
  const banner = new BreakingNewsBanner(curation, purges, { maxAgeMs: 5000, clock: () => new Date(now) });
  return {
    banner,
    purges,
    reads: () => reads,
    advance: (ms: number) => {
      now += ms;
    },
    clear: () => {
      news = [];
    },
  };
}

describe('the breaking-news banner', () => {
  it('reads once, and gives the earliest end as the time pages with it expire', async () => {
    const f = fixture([1_000_000 + 60_000, 1_000_000 + 30_000]);
    const first = await f.banner.current();
    assert.equal(first.stories.length, 2);
    assert.equal(first.expiresAt?.getTime(), 1_000_000 + 30_000);
    await f.banner.current();
    await f.banner.current();
    assert.equal(f.reads(), 1);
  });

  it('reads again after a purge', async () => {
    const f = fixture([1_000_000 + 60_000]);
    assert.equal((await f.banner.current()).stories.length, 1);
    f.clear();
    assert.equal((await f.banner.current()).stories.length, 1, 'remembered until a purge');
    f.purges.generation++;
    assert.deepEqual((await f.banner.current()).stories, []);
    assert.equal((await f.banner.current()).expiresAt, undefined);
    assert.equal(f.reads(), 2);
  });

  it('never shows a story past its end, purge or not', async () => {
    const f = fixture([1_000_000 + 2000]);
    assert.equal((await f.banner.current()).stories.length, 1);
    f.advance(2000);
    assert.deepEqual((await f.banner.current()).stories, []);
  });

  it('reads again after its maximum age', async () => {
    const f = fixture([]);
    await f.banner.current();
    f.advance(4999);
    await f.banner.current();
    assert.equal(f.reads(), 1);
    f.advance(2);
    await f.banner.current();
    assert.equal(f.reads(), 2);
  });

  it('forgets a read that a purge overtook', async () => {
    const f = fixture([1_000_000 + 60_000]);
    const reading = f.banner.current();
    f.purges.generation++; // the purge lands while the database is being read
    await reading;
    await f.banner.current();
    assert.equal(f.reads(), 2);
  });
});
