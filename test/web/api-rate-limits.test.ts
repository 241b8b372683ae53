/**
 * Limits as a client meets them. Anonymous readers search 30 times in 10 seconds per address; a
 * partner's key replaces that with the key's own budget, whatever address its servers share
 * with others. Every 429 Ghad answers, in the API, the beacon and the reader's search page,
 * says when to come back (Retry-After, in seconds) and says it in Arabic too. (Sign-in and
 * media uploads have their own: newsroom-sign-in-security.test.ts, media.test.ts.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { PASSWORD, publishCorpus } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

const SEARCH = `/api/v1/search?q=${encodeURIComponent('المغرب')}&limit=1`;
const ARABIC = /[\u0600-\u06ff]/;

describe('API limits and Retry-After', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let partner: string;
  let otherPartner: string;
  /** A new content key's secret, with 40 requests a minute. */
  let newKey: (name: string) => Promise<string>;

  before(async () => {
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    await publishCorpus(store, 12);
    const { accounts, apiTokens } = newsroomAccounts(store.db);
    const administrator = await accounts.create({
      email: 'admin@alghad24.ma',
      displayName: 'رشيد بنعلي',
      role: 'administrator',
      password: PASSWORD,
    });
    newKey = async (name) =>
      (await apiTokens.create({ kind: 'content', name, userId: administrator.id, rateLimit: 40 })).secret;
    partner = await newKey('تطبيق هسبريس');
    otherPartner = await newKey('موقع شريك');
    app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0 });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** `count` requests from one address; the statuses, and the last answer. */
  async function send(count: number, request: InjectOptions) {
    const statuses: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < count; i++) {
      last = await app.inject(request);
      statuses.push(last.statusCode);
    }
    return { statuses, last: last as LightMyRequestResponse };
  }

  function assertRefused(answer: LightMyRequestResponse, windowSeconds: number): void {
    assert.equal(answer.statusCode, 429, answer.body);
    const seconds = Number(answer.headers['retry-after']);
    assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= windowSeconds, `Retry-After: ${seconds}`);
    assert.equal(answer.json().error.code, 'rate_limited');
    assert.match(answer.json().error.messageAr, ARABIC);
  }

  it('limits anonymous searches per address: 30 in 10 seconds, then 429 with Retry-After', async () => {
    const { statuses, last } = await send(31, { url: SEARCH, remoteAddress: '10.7.0.1' });
    assert.deepEqual(statuses, [...Array(30).fill(200), 429]);
    assertRefused(last, 10);
    const elsewhere = await app.inject({ url: SEARCH, remoteAddress: '10.7.0.9' });
    assert.equal(elsewhere.statusCode, 200, 'another address has its own allowance');
    assert.equal(elsewhere.headers['x-ratelimit-limit'], '30');
  });

  it('counts a partner’s searches against its key, not the address its servers share', async () => {
    const address = '10.7.0.2';
    // The address has spent its anonymous allowance…
    assert.equal((await send(31, { url: SEARCH, remoteAddress: address })).last.statusCode, 429);
    // …and each key behind it still has its own 40 a minute, past the address's 30.
    const first = await send(40, {
      url: SEARCH,
      remoteAddress: address,
      headers: { authorization: `Bearer ${partner}` },
    });
    assert.deepEqual(first.statuses, Array(40).fill(200));
    assert.equal(first.last.headers['x-ratelimit-limit'], '40');
    assert.ok((first.last.json() as { total: number }).total > 0, 'the searches found articles');
    const second = await send(40, { url: SEARCH, remoteAddress: address, headers: { 'x-api-key': otherPartner } });
    assert.deepEqual(second.statuses, Array(40).fill(200), 'a second key behind the same address is not the first');
    // Past its own limit a key is refused like anyone, and told when to come back.
    const over = await app.inject({
      url: SEARCH,
      remoteAddress: '10.7.0.3',
      headers: { authorization: `Bearer ${partner}` },
    });
    assertRefused(over, 60);
    assert.equal((await app.inject({ url: SEARCH, remoteAddress: '10.7.0.3' })).statusCode, 200, 'not the address');
  });

  it('limits suggestions the same way: 60 in 10 seconds per address, a key’s own budget with a key', async () => {
    const suggest = `/api/v1/search/suggest?q=${encodeURIComponent('الم')}`;
    const { statuses, last } = await send(61, { url: suggest, remoteAddress: '10.7.0.4' });
    assert.deepEqual(statuses, [...Array(60).fill(200), 429]);
    assertRefused(last, 10);
    const key = await newKey('تطبيق جوال');
    const withKey = await send(40, { url: suggest, remoteAddress: '10.7.0.4', headers: { 'x-api-key': key } });
    assert.deepEqual(withKey.statuses, Array(40).fill(200));
    assertRefused(await app.inject({ url: suggest, remoteAddress: '10.7.0.4', headers: { 'x-api-key': key } }), 60);
  });

  it('answers the beacon past its limit with Retry-After', async () => {
    const beacon = {
      method: 'POST' as const,
      url: '/api/v1/views',
      payload: { articleId: 1 },
      remoteAddress: '10.7.0.5',
    };
    const { statuses, last } = await send(31, beacon);
    assert.deepEqual(statuses, [...Array(30).fill(204), 429]);
    assertRefused(last, 60);
  });

  it('shows a reader past the search limit the Arabic page, with Retry-After', async () => {
    const url = `/search?q=${encodeURIComponent('المغرب')}`;
    const { statuses, last } = await send(31, { url, remoteAddress: '10.7.0.6' });
    assert.deepEqual(statuses, [...Array(30).fill(200), 429]);
    const seconds = Number(last.headers['retry-after']);
    assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= 10, `Retry-After: ${seconds}`);
    assert.match(last.headers['content-type'] as string, /^text\/html/);
    assert.equal(last.headers['cache-control'], 'no-store');
    assert.match(last.body, /<html lang="ar" dir="rtl"/);
    assert.match(last.body, /طلبات كثيرة/);
  });
});
