/**
 * entity.merged and entity.split on SQLite and PostgreSQL: an editor's merge or split (and the
 * undo of either, the opposite event) writes its event in the decision's own transaction, the
 * job loop turns it into one delivery per subscription to the topic, and the sender delivers it
 * signed to a real receiver on 127.0.0.1, like the article events. Entities no reader saw (named
 * only in drafts) raise none, and a refused decision writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importSeedArticle } from '../../src/import/demo.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { WebhookSender } from '../../src/jobs/webhook-sender.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { entityPath } from '../../src/web/site/urls.ts';
import { verifySignature } from '../../src/webhooks/signature.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { entitySpelt, writeBouritaDraft } from '../helpers/entities.ts';
import { RECEIVER_HOSTS, startReceiver } from './receiver.ts';

const SITE = 'https://alghad24.test';

interface BodyEntity {
  id: number;
  type: string;
  name: string;
  names?: string[];
  url: string;
}

interface EntityEventBody {
  id: string;
  event: string;
  createdAt: string;
  data: {
    entity: BodyEntity;
    into?: BodyEntity;
    from?: BodyEntity;
    decisionId: number;
    undoes?: number;
    articleCount: number;
    articleIds: number[];
  };
}

for (const dialect of DIALECTS) {
  describe(`entity webhooks (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let loop: JobLoop;
    let sender: WebhookSender;
    let seedId: number;
    let draftId: number;
    let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

    /** The entity events waiting in the outbox. */
    async function entityMessages(): Promise<{ topic: string }[]> {
      return store.db
        .selectFrom('outbox')
        .select('topic')
        .where('topic', 'like', 'entity.%')
        .where('processed_at', 'is', null)
        .execute();
    }

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore({ ...fresh.options, webhookAllowHosts: RECEIVER_HOSTS });
      await importSeedArticle(store);
      seedId = (await store.articles.findIdByExternalId('alghad24-seed-al-ghad-24')) as number;
      draftId = await writeBouritaDraft(store);
      loop = new JobLoop({ store, timeZone: 'Africa/Casablanca', siteUrl: SITE });
      sender = new WebhookSender({ store, timeoutMs: 2000 });
    });
    after(async () => {
      for (const receiver of receivers) await receiver.close();
      await store?.close();
      await cleanup?.();
    });

    async function deliver(): Promise<void> {
      await loop.runDue();
      await sender.sendDue();
    }

    it('deliver a merge, a split and their undos, signed, to the subscriptions that chose them', async () => {
      const both = await startReceiver(() => 204);
      const splitsOnly = await startReceiver(() => 200);
      const articlesOnly = await startReceiver(() => 200);
      receivers = [both, splitsOnly, articlesOnly];
      const subscriptions = {
        both: await store.webhooks.subscribe({ url: both.url, topics: ['entity.merged', 'entity.split'] }),
        splitsOnly: await store.webhooks.subscribe({ url: splitsOnly.url, topics: ['entity.split'] }),
        articlesOnly: await store.webhooks.subscribe({
          url: articlesOnly.url,
          topics: ['article.published', 'article.updated', 'article.unpublished', 'article.corrected'],
        }),
      };
      await deliver();
      assert.equal(both.received.length, 0, 'importing is not an event');

      // A merge: محمد الخامس into محمد السادس, both named by the seed article.
      const fifth = await entitySpelt(store, 'محمد الخامس');
      const sixth = await entitySpelt(store, 'محمد السادس');
      const merge = await store.entities.merge(fifth.id, sixth.id, null);
      assert.deepEqual(await entityMessages(), [{ topic: 'entity.merged' }], 'written with the decision');
      await deliver();
      assert.equal(both.received.length, 1);
      assert.equal(splitsOnly.received.length + articlesOnly.received.length, 0, 'not subscribed to merges');
      const [delivery] = both.received;
      assert.equal(delivery!.headers['ghad-event'], 'entity.merged');
      assert.ok(
        verifySignature(subscriptions.both.secret, delivery!.headers['ghad-signature'] as string, delivery!.body),
      );
      const merged = JSON.parse(delivery!.body) as EntityEventBody;
      assert.equal(merged.event, 'entity.merged');
      assert.equal(merged.id, delivery!.headers['ghad-event-id']);
      assert.deepEqual(merged.data.entity, {
        id: fifth.id,
        type: 'PER',
        name: 'محمد الخامس',
        url: `${SITE}${entityPath(fifth)}`,
      });
      assert.equal(merged.data.into?.id, sixth.id);
      assert.equal(merged.data.into?.name, 'محمد السادس');
      assert.equal(merged.data.into?.url, `${SITE}${entityPath(sixth)}`);
      assert.deepEqual(merged.data.into?.names, ['محمد السادس', 'محمد الخامس'], 'its spellings now');
      assert.equal(merged.data.decisionId, merge.decisionId);
      assert.equal(merged.data.undoes, undefined);
      assert.deepEqual(merged.data.articleIds, [seedId]);
      assert.equal(merged.data.articleCount, 1);
      assert.ok(!Number.isNaN(Date.parse(merged.createdAt)));

      // A split: «جانتس» off بيني گانتز, with the article that writes it.
      const gantz = await entitySpelt(store, 'بيني گانتز');
      const split = await store.entities.split(gantz.id, { names: ['جانتس'] }, 'جانتس', null);
      await deliver();
      assert.equal(both.received.length, 2);
      assert.equal(splitsOnly.received.length, 1);
      const splitBody = JSON.parse(both.received[1]!.body) as EntityEventBody;
      assert.equal(splitBody.event, 'entity.split');
      assert.equal(splitsOnly.received[0]!.body, both.received[1]!.body, 'the same event to each subscription');
      assert.notEqual(splitBody.data.entity.id, gantz.id, 'a new entity');
      assert.equal(splitBody.data.entity.name, 'جانتس');
      assert.deepEqual(splitBody.data.entity.names, ['جانتس']);
      assert.equal(splitBody.data.from?.id, gantz.id);
      assert.ok(!splitBody.data.from?.names?.includes('جانتس'), 'the spelling left with it');
      assert.deepEqual(splitBody.data.articleIds, [seedId]);
      assert.equal(splitBody.data.decisionId, split.decisionId);

      // Undoing the split merges the new entity back; undoing the merge splits the first off again.
      const undoSplit = await store.entities.undo(split.decisionId, null);
      const undoMerge = await store.entities.undo(merge.decisionId, null);
      await deliver();
      assert.equal(both.received.length, 4);
      const [back, apart] = both.received.slice(2).map((r) => JSON.parse(r.body) as EntityEventBody);
      assert.equal(back!.event, 'entity.merged');
      assert.equal(back!.data.entity.id, splitBody.data.entity.id);
      assert.equal(back!.data.into?.id, gantz.id);
      assert.ok(back!.data.into?.names?.includes('جانتس'));
      assert.deepEqual([back!.data.decisionId, back!.data.undoes], [undoSplit.decisionId, split.decisionId]);
      assert.equal(apart!.event, 'entity.split');
      assert.equal(apart!.data.entity.id, fifth.id);
      assert.deepEqual(apart!.data.entity.names, ['محمد الخامس']);
      assert.equal(apart!.data.from?.id, sixth.id);
      assert.deepEqual([apart!.data.decisionId, apart!.data.undoes], [undoMerge.decisionId, merge.decisionId]);
      assert.deepEqual(apart!.data.articleIds, [seedId]);
      assert.equal(splitsOnly.received.length, 2, 'the undone merge is a split');
      assert.equal(articlesOnly.received.length, 0);

      // Nothing is sent twice.
      await deliver();
      assert.equal(both.received.length, 4);
      const log = await store.webhooks.deliveries(subscriptions.both.subscription.id);
      assert.deepEqual(log.map((d) => [d.event, d.status]).sort(), [
        ['entity.merged', 'delivered'],
        ['entity.merged', 'delivered'],
        ['entity.split', 'delivered'],
        ['entity.split', 'delivered'],
      ]);
    });

    it('raise nothing for a decision refused, nor for entities named only in drafts', async () => {
      const sixth = await entitySpelt(store, 'محمد السادس');
      const place = await entitySpelt(store, 'الرباط');
      await assert.rejects(store.entities.merge(sixth.id, place.id, null), 'a person into a place');
      assert.deepEqual(await entityMessages(), [], 'rolled back with the decision');

      const bourita = await entitySpelt(store, 'ناصر بوريطة');
      assert.equal(bourita.articleCount, 0);
      await store.entities.split(bourita.id, { articleIds: [draftId] }, 'بوريطة', null);
      assert.deepEqual(await entityMessages(), [], 'no reader saw either');
    });
  });
}
