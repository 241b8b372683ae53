/**
 * The view counter in memory: one view per (client, article) within the window (issue 17: a
 * script repeating the beacon from one address topped «الأكثر قراءة»), counted again after it,
 * with no address kept and a bounded memory. The clock is injected: nothing waits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPEAT_VIEW_WINDOW_MS, ViewCounter } from '../../src/audience/view-counter.ts';

const published = async (id: number) => id < 100;

function counterAt(start = Date.parse('2026-12-06T10:00:00Z'), maxViewers?: number) {
  let now = start;
  const counter = new ViewCounter(published, () => new Date(now), 60_000, REPEAT_VIEW_WINDOW_MS, maxViewers);
  return { counter, advance: (ms: number) => (now += ms) };
}

const total = (counter: ViewCounter, id: number) =>
  counter
    .take()
    .filter((r) => r.articleId === id)
    .reduce((sum, r) => sum + r.views, 0);

describe('ViewCounter: one view per client and article per window', () => {
  it('counts 30 beacons from one address as one view, other addresses and articles apart', async () => {
    const { counter } = counterAt();
    const counted = [];
    for (let i = 0; i < 30; i++) counted.push(await counter.count(7, '203.0.113.9'));
    assert.deepEqual(
      counted.map((c, i) => (i === 0 ? c : !c)),
      Array(30).fill(true),
    );
    assert.equal(await counter.count(8, '203.0.113.9'), true, 'another article by the same address');
    assert.equal(await counter.count(7, '203.0.113.10'), true, 'another address');
    assert.equal(await counter.count(7, '2001:db8::1'), true);
    assert.equal(await counter.count(500, '203.0.113.11'), false, 'not a published article');
    assert.equal(counter.pending, 4);
    assert.equal(total(counter, 7), 3);
  });

  it('counts the same address again once the window has passed, not before', async () => {
    const { counter, advance } = counterAt();
    assert.equal(await counter.count(7, '198.51.100.1'), true);
    advance(REPEAT_VIEW_WINDOW_MS - 1);
    assert.equal(await counter.count(7, '198.51.100.1'), false);
    advance(1);
    assert.equal(await counter.count(7, '198.51.100.1'), true);
    assert.equal(counter.pending, 2);
  });

  it('remembers a bounded number of pairs, the oldest forgotten first', async () => {
    const { counter } = counterAt(undefined, 100);
    for (let i = 0; i < 1000; i++) assert.equal(await counter.count(7, `10.0.${i >> 8}.${i & 255}`), true);
    // The oldest pairs were forgotten past the bound: the first address counts again.
    assert.equal(await counter.count(7, '10.0.0.0'), true);
    assert.equal(await counter.count(7, '10.0.3.231'), false, 'a recent one is still remembered');
  });
});
