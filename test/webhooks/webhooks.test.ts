/**
 * Webhooks on SQLite and PostgreSQL, against real receivers on 127.0.0.1: article events go
 * from the outbox to one delivery per subscription, signed (the receiver checks the HMAC);
 * a receiver that fails and then recovers gets the event once it does; one that hangs is cut
 * off at the timeout and tried again later; nothing is sent again after a success; a delivery
 * that never succeeds is given up after its attempts, each in the log. A name that resolves
 * inside (a private network, the cloud's metadata) is refused at delivery, given up at once with
 * the reason logged, and a delivery connects only to the address it checked (the tests answer
 * for DNS).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { MAX_DELIVERY_ATTEMPTS, WebhookSender } from '../../src/jobs/webhook-sender.ts';
import type { Actor } from '../../src/newsroom/policy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { WebhookError } from '../../src/store/webhooks.ts';
import { signatureHeader, verifySignature } from '../../src/webhooks/signature.ts';
import { WebhookTargets } from '../../src/webhooks/webhook-target.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts } from '../helpers/newsroom.ts';
import { RECEIVER_HOSTS, startReceiver } from './receiver.ts';

const DRAFTS = corpusDrafts(4);
const EDITOR: Actor = { id: 20, role: 'editor' };
const SITE = 'https://alghad24.test';
const BASE_DELAY = 1000;

describe('webhook signatures', () => {
  it('verify only the exact body, with the right secret, within the tolerance', () => {
    const at = new Date('2026-11-29T10:00:00Z');
    const body = '{"event":"article.published","title":"الحكومة تصادق على مشروع قانون المالية"}';
    const header = signatureHeader('whsec_secret', body, at);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.ok(verifySignature('whsec_secret', header, body, { now: at }));
    assert.ok(!verifySignature('whsec_other', header, body, { now: at }));
    assert.ok(!verifySignature('whsec_secret', header, body.replace('الحكومة', 'البرلمان'), { now: at }));
    assert.ok(!verifySignature('whsec_secret', header, body, { now: new Date(at.getTime() + 301_000) }), 'too old');
    assert.ok(!verifySignature('whsec_secret', undefined, body, { now: at }));
    assert.ok(!verifySignature('whsec_secret', 't=abc,v1=zz', body, { now: at }));
  });
});

for (const dialect of DIALECTS) {
  describe(`webhooks (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let now = new Date();
    const clock = () => now;
    let loop: JobLoop;
    let sender: WebhookSender;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore({ ...fresh.options, webhookAllowHosts: RECEIVER_HOSTS });
      loop = new JobLoop({ store, timeZone: 'Africa/Casablanca', siteUrl: SITE, clock });
      // Jitter fixed at its middle: each retry waits exactly BASE_DELAY × 2^(attempt − 1).
      sender = new WebhookSender({ store, clock, timeoutMs: 400, baseDelayMs: BASE_DELAY, random: () => 0.5 });
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    /**
     * Runs the job loop and the sender at `now`, then moves the clock by `advanceMs`. The test
     * clock runs ahead of the real one (outbox messages are stamped with the real time).
     */
    async function tick(advanceMs = 0): Promise<void> {
      if (now.getTime() < Date.now()) now = new Date();
      await loop.runDue();
      await sender.sendDue();
      now = new Date(now.getTime() + advanceMs);
    }

    it('refuses subscriptions without a usable URL or topic', async () => {
      for (const [url, topics] of [
        ['ftp://example.com/x', ['article.published']],
        ['not a url', ['article.published']],
        ['https://user:pass@example.com/', ['article.published']],
        ['https://example.com/', []],
        ['https://example.com/', ['article.deleted']],
      ] as const) {
        await assert.rejects(store.webhooks.subscribe({ url, topics: [...topics] }), WebhookError);
      }
    });

    it('delivers signed events; retries a failing and a hanging receiver until they answer; never twice', async () => {
      const good = await startReceiver(() => 204);
      const flaky = await startReceiver((n) => (n <= 2 ? 503 : 200));
      const hanging = await startReceiver((n) => (n === 1 ? 'hang' : 200));
      const onlyCorrections = await startReceiver(() => 200);
      const stopped = await startReceiver(() => 200);
      try {
        const all = ['article.published', 'article.updated', 'article.unpublished', 'article.corrected'];
        const subscriptions = {
          good: await store.webhooks.subscribe({ url: good.url, topics: all, description: 'تطبيق الهاتف' }),
          flaky: await store.webhooks.subscribe({ url: flaky.url, topics: ['article.published'] }),
          hanging: await store.webhooks.subscribe({ url: hanging.url, topics: ['article.published'] }),
          onlyCorrections: await store.webhooks.subscribe({ url: onlyCorrections.url, topics: ['article.corrected'] }),
          stopped: await store.webhooks.subscribe({ url: stopped.url, topics: all }),
        };
        await store.webhooks.setDisabled(subscriptions.stopped.subscription.id, true);

        const { id } = await store.newsroomArticles.create(EDITOR, DRAFTS[0]!);
        await tick();
        assert.equal(good.received.length, 0, 'a draft is not an event');
        const published = await store.newsroomArticles.transition(EDITOR, id, { action: 'publish' });

        await tick(BASE_DELAY);
        // The good receiver has it, signed, with what a partner needs.
        assert.equal(good.received.length, 1);
        const [delivery] = good.received;
        assert.equal(delivery!.headers['ghad-event'], 'article.published');
        assert.match(delivery!.headers['content-type'] as string, /^application\/json/);
        assert.ok(
          verifySignature(subscriptions.good.secret, delivery!.headers['ghad-signature'] as string, delivery!.body, {
            now,
          }),
          'the signature verifies with the subscription’s secret',
        );
        assert.ok(
          !verifySignature(subscriptions.flaky.secret, delivery!.headers['ghad-signature'] as string, delivery!.body, {
            now,
          }),
        );
        const event = JSON.parse(delivery!.body) as {
          id: string;
          event: string;
          data: { article: { id: number; title: string; url: string; publishedAt: string } };
        };
        assert.equal(event.event, 'article.published');
        assert.equal(event.id, delivery!.headers['ghad-event-id']);
        assert.equal(event.data.article.id, id);
        assert.equal(event.data.article.title, DRAFTS[0]!.headline);
        assert.match(event.data.article.url, new RegExp(`^${SITE}/article/${id}/`));
        assert.equal(event.data.article.publishedAt, published.publishedAt?.toISOString());
        // The flaky one failed, the hanging one was cut off: both wait for a retry.
        assert.equal(flaky.received.length, 1);
        assert.equal(hanging.received.length, 1);
        assert.equal(onlyCorrections.received.length + stopped.received.length, 0, 'not subscribed, or disabled');
        const hangLog = await store.webhooks.attempts(subscriptions.hanging.subscription.id);
        assert.equal(hangLog.length, 1);
        assert.equal(hangLog[0]!.ok, false);
        assert.match(hangLog[0]!.error ?? '', /No answer within 400 ms/);
        assert.ok(hangLog[0]!.durationMs >= 350, `cut off at the timeout (${hangLog[0]!.durationMs} ms)`);
        assert.equal(hangLog[0]!.deliveryStatus, 'pending');

        // One base delay later: the hanging receiver answers, the flaky one fails again.
        await tick(2 * BASE_DELAY);
        assert.equal(hanging.received.length, 2);
        assert.equal(flaky.received.length, 2);
        // Its second retry waits twice as long, then it succeeds.
        await tick(4 * BASE_DELAY);
        assert.equal(flaky.received.length, 3);
        // Long after: nothing is sent again to anyone.
        now = new Date(now.getTime() + 24 * 3600_000);
        await tick();
        assert.deepEqual(
          [good, flaky, hanging].map((r) => r.received.length),
          [1, 3, 2],
        );
        const bodies = new Set([...flaky.received, ...hanging.received].map((r) => JSON.parse(r.body).id as string));
        assert.deepEqual([...bodies], [event.id], 'every attempt carries the same event');
        const flakyLog = await store.webhooks.attempts(subscriptions.flaky.subscription.id);
        assert.deepEqual(
          flakyLog.map((a) => [a.attempt, a.ok, a.statusCode]),
          [
            [3, true, 200],
            [2, false, 503],
            [1, false, 503],
          ],
        );
        assert.ok(flakyLog.every((a) => a.deliveryStatus === 'delivered'));

        // Updated, corrected and unpublished reach who asked for them.
        await store.newsroomArticles.save(EDITOR, id, 1, { ...DRAFTS[0]!, headline: 'عنوان معدل بعد النشر' });
        await store.newsroomArticles.transition(EDITOR, id, { action: 'correct', note: 'صُحّح تاريخ الجلسة.' });
        await store.newsroomArticles.transition(EDITOR, id, { action: 'unpublish' });
        await tick();
        assert.deepEqual(
          good.received.map((r) => r.headers['ghad-event']),
          ['article.published', 'article.updated', 'article.corrected', 'article.unpublished'],
        );
        const updated = JSON.parse(good.received[1]!.body);
        assert.equal(updated.data.article.title, 'عنوان معدل بعد النشر');
        assert.equal(updated.data.article.revision, 2);
        assert.equal(onlyCorrections.received.length, 1);
        assert.equal(JSON.parse(onlyCorrections.received[0]!.body).data.correction, 'صُحّح تاريخ الجلسة.');
        assert.equal(stopped.received.length, 0);
        assert.equal(flaky.received.length, 3, 'flaky only wanted publications');
      } finally {
        for (const receiver of [good, flaky, hanging, onlyCorrections, stopped]) await receiver.close();
      }
    });

    it('gives a delivery up after its attempts, each one logged, and keeps the others going', async () => {
      const broken = await startReceiver(() => 500);
      try {
        await tick();
        const { subscription } = await store.webhooks.subscribe({ url: broken.url, topics: ['article.published'] });
        const { id } = await store.newsroomArticles.create(EDITOR, DRAFTS[1]!);
        await store.newsroomArticles.transition(EDITOR, id, { action: 'publish' });
        for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 3; i++) await tick(7 * 3600_000);
        assert.equal(broken.received.length, MAX_DELIVERY_ATTEMPTS);
        const [delivery] = await store.webhooks.deliveries(subscription.id);
        assert.equal(delivery?.status, 'failed');
        assert.equal(delivery?.attempts, MAX_DELIVERY_ATTEMPTS);
        assert.equal(delivery?.lastStatusCode, 500);
        assert.equal((await store.webhooks.attempts(subscription.id)).length, MAX_DELIVERY_ATTEMPTS);
        const [entry] = (await store.webhooks.list()).filter((s) => s.id === subscription.id);
        assert.equal(entry?.failed, 1);
        assert.equal(entry?.lastAttempt?.ok, false);
        // A month on, finished deliveries leave the log; pending ones stay.
        assert.equal(await store.webhooks.prune(30 * 24 * 3600_000, now), 0, 'not yet');
        assert.ok((await store.webhooks.prune(30 * 24 * 3600_000, new Date(now.getTime() + 31 * 24 * 3600_000))) >= 1);
        assert.deepEqual(await store.webhooks.deliveries(subscription.id), []);
        assert.deepEqual(await store.webhooks.attempts(subscription.id), []);
      } finally {
        await broken.close();
      }
    });

    it('waits longer after each failure, with jitter, up to a ceiling', () => {
      const spread = new WebhookSender({ store, baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0 });
      assert.deepEqual(
        [1, 2, 3, 4, 10].map((attempt) => spread.retryDelayMs(attempt)),
        [800, 1600, 3200, 6400, 48_000],
      );
      const high = new WebhookSender({ store, baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0.999 });
      assert.ok(high.retryDelayMs(1) > 1190 && high.retryDelayMs(1) <= 1200);
    });

    /** A sender whose DNS answers `answers(name, n)` for the n-th lookup (1 for the first), and the names asked. */
    function senderWithDns(answers: (name: string, n: number) => string[]) {
      const asked: string[] = [];
      const targets = new WebhookTargets({
        allowHosts: RECEIVER_HOSTS,
        lookup: async (name) => {
          asked.push(name);
          return answers(name, asked.length).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        },
      });
      return { asked, sender: new WebhookSender({ store, clock, timeoutMs: 2000, targets }) };
    }

    async function pendingDelivery(subscriptionId: number, eventId: string) {
      return store.webhooks.enqueue(
        subscriptionId,
        { event: 'webhook.test', eventId, body: '{"event":"webhook.test"}', maxAttempts: MAX_DELIVERY_ATTEMPTS },
        now,
      );
    }

    it('refuses at delivery a name that resolves inside: given up at once, the reason logged', async () => {
      const { asked, sender: checking } = senderWithDns((name) =>
        name === 'hooks.partner.test' ? ['10.0.0.7'] : ['93.184.215.14', '169.254.169.254'],
      );
      const { subscription } = await store.webhooks.subscribe({
        url: 'http://Hooks.Partner.test./ghad',
        topics: ['article.published'],
      });
      const refused = await checking.sendNow((await pendingDelivery(subscription.id, 'evt_private')).id);
      assert.equal(refused?.status, 'failed', 'no retry: the answer would be the same');
      assert.equal(refused?.attempts, 1);
      assert.equal(refused?.lastStatusCode, null);
      assert.match(
        refused?.lastError ?? '',
        /hooks\.partner\.test: it resolves to 10\.0\.0\.7, a private network address/,
      );
      const [logged] = await store.webhooks.attempts(subscription.id);
      assert.equal(logged?.ok, false);
      assert.match(logged?.error ?? '', /GHAD_WEBHOOK_ALLOW_HOSTS/);
      assert.deepEqual(asked, ['hooks.partner.test'], 'resolved once, without the final dot');

      // One inside address among public ones is enough: which one a connection takes is not ours to know.
      const mixed = await store.webhooks.subscribe({
        url: 'https://mixed.partner.test/ghad',
        topics: ['article.published'],
      });
      const metadata = await checking.sendNow((await pendingDelivery(mixed.subscription.id, 'evt_mixed')).id);
      assert.equal(metadata?.status, 'failed');
      assert.match(metadata?.lastError ?? '', /169\.254\.169\.254, a cloud metadata service/);

      // A subscription written before targets were checked is refused too, without asking DNS.
      await store.db
        .updateTable('webhook_subscriptions')
        .set({ url: 'http://[::ffff:127.0.0.2]:9/ghad' })
        .where('id', '=', subscription.id)
        .execute();
      const loopback = await checking.sendNow((await pendingDelivery(subscription.id, 'evt_loopback')).id);
      assert.equal(loopback?.status, 'failed');
      assert.match(loopback?.lastError ?? '', /::ffff:7f00:2: it is this server itself/);
      assert.equal(asked.length, 2);
    });

    it('connects to the address it checked, never resolving the name again', async () => {
      const receiver = await startReceiver(() => 200);
      try {
        const { port } = new URL(receiver.url);
        // A rebinding name: the allowed receiver at first, the cloud's metadata at every later lookup.
        const { asked, sender: checking } = senderWithDns((_name, n) =>
          n === 1 ? ['127.0.0.1'] : ['169.254.169.254'],
        );
        const { subscription } = await store.webhooks.subscribe({
          url: `http://rebind.partner.test:${port}/hooks/ghad`,
          topics: ['article.published'],
        });
        const first = await checking.sendNow((await pendingDelivery(subscription.id, 'evt_first')).id);
        assert.equal(first?.status, 'delivered', first?.lastError ?? '');
        assert.equal(receiver.received.length, 1);
        assert.equal(receiver.received[0]!.headers.host, `rebind.partner.test:${port}`);
        assert.equal(asked.length, 1, 'the connection used the checked address, not a second lookup');

        const second = await checking.sendNow((await pendingDelivery(subscription.id, 'evt_second')).id);
        assert.equal(second?.status, 'failed');
        assert.match(second?.lastError ?? '', /rebind\.partner\.test: it resolves to 169\.254\.169\.254/);
        assert.equal(receiver.received.length, 1, 'nothing reached the new address');
      } finally {
        await receiver.close();
      }
    });

    it('sends a test at once to one subscription, not again', async () => {
      const receiver = await startReceiver(() => 200);
      try {
        const { subscription, secret } = await store.webhooks.subscribe({
          url: receiver.url,
          topics: ['article.published'],
        });
        const delivery = await store.webhooks.enqueue(
          subscription.id,
          { event: 'webhook.test', eventId: 'test_1', body: '{"event":"webhook.test"}', maxAttempts: 1 },
          now,
        );
        const sent = await sender.sendNow(delivery.id);
        assert.equal(sent?.status, 'delivered');
        assert.equal(receiver.received.length, 1);
        assert.ok(
          verifySignature(
            secret,
            receiver.received[0]!.headers['ghad-signature'] as string,
            receiver.received[0]!.body,
            {
              now,
            },
          ),
        );
        assert.equal(await sender.sendNow(delivery.id), undefined, 'a delivered test is not sent again');
        await tick(3600_000);
        assert.equal(receiver.received.length, 1);
      } finally {
        await receiver.close();
      }
    });
  });
}
