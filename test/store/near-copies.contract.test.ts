/**
 * Near-copies in the store, on both databases: an agency dispatch republished with a new
 * headline, a paragraph dropped and another moved is found from either side; unrelated
 * articles, drafts, short and repeated texts are not; a rewritten body or a deleted article
 * leaves no stale fingerprint or pair; the migrations fingerprint the articles already there
 * and find their pairs.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nearCopiesSchema } from '../../src/store/migrations/017-near-copies.ts';
import { nearCopyPairsSchema } from '../../src/store/migrations/018-near-copy-pairs.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { bandKeys } from '../../src/stories/near-copy.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { jawharaArticle as article, deskRewrite, jawharaRecords, paragraphsOf } from '../helpers/dispatch-rewrite.ts';

const RECORDS = jawharaRecords(60);
// A dispatch long enough to rewrite: four paragraphs or more.
const DISPATCH = RECORDS.find((r) => paragraphsOf(r).length >= 4 && String(r.text).length > 1000)!;
const OTHERS = RECORDS.filter((r) => r !== DISPATCH && String(r.text).length > 600).slice(0, 8);
const rewrite = (externalId: string) => deskRewrite(DISPATCH, externalId, 'عنوان جديد لنفس البرقية');

for (const dialect of DIALECTS) {
  describe(`near-copies (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const ids = new Map<string, number>();

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      assert.ok(DISPATCH, 'a Jawhara record of four paragraphs among the first 60 (JA-culture-1-20170120)');
      for (const input of [article(DISPATCH), ...OTHERS.map(article)]) {
        ids.set(input.externalId, (await store.articles.upsertByExternalId(input)).id);
      }
    });

    after(async () => {
      await store.close();
      await cleanup();
    });

    it('finds the dispatch from its rewrite, and the rewrite from the dispatch, with their similarity', async () => {
      const copy = rewrite('desk-copy');
      ids.set(copy.externalId, (await store.articles.upsertByExternalId(copy)).id);
      const fromCopy = await store.nearCopies.ofArticle(ids.get('desk-copy')!);
      assert.deepEqual(
        fromCopy.map((c) => c.externalId),
        [DISPATCH.id],
      );
      assert.ok(fromCopy[0]!.similarity >= 0.7 && fromCopy[0]!.similarity <= 1, String(fromCopy[0]!.similarity));
      assert.equal(fromCopy[0]!.headline, article(DISPATCH).headline);
      assert.ok(fromCopy[0]!.publishedAt instanceof Date);
      const fromDispatch = await store.nearCopies.ofArticle(ids.get(String(DISPATCH.id))!);
      assert.deepEqual(
        fromDispatch.map((c) => c.externalId),
        ['desk-copy'],
      );
      // A text not yet saved (the editor's save, an import) is looked up the same way.
      const unsaved = await store.nearCopies.of(
        rewrite('unsaved')
          .body.map((b) => ('text' in b ? b.text : ''))
          .join('\n'),
      );
      assert.deepEqual(unsaved.map((c) => c.externalId).sort(), [String(DISPATCH.id), 'desk-copy'].sort());
    });

    it('finds nothing for unrelated articles, short texts and one sentence repeated', async () => {
      for (const other of OTHERS) {
        assert.deepEqual(await store.nearCopies.ofArticle(ids.get(String(other.id))!), [], String(other.id));
      }
      assert.deepEqual(await store.nearCopies.of(''), []);
      assert.deepEqual(await store.nearCopies.of('وزير الخارجية يستقبل نظيره.'), []);
      const repeated = Array.from({ length: 50 }, () => 'انطلقت اليوم عملية التصويت في الانتخابات.').join(' ');
      assert.deepEqual(await store.nearCopies.of(repeated), []);
      assert.deepEqual(await store.nearCopies.ofArticle(999_999), []);
    });

    it('leaves drafts out, and forgets a body rewritten or an article deleted', async () => {
      const draft = { ...rewrite('draft-copy'), status: 'draft' as const };
      const draftId = (await store.articles.upsertByExternalId(draft)).id;
      const found = await store.nearCopies.ofArticle(ids.get('desk-copy')!);
      assert.ok(!found.some((c) => c.id === draftId), 'a draft is no published article');

      // The desk's copy rewritten into another story: no longer a near-copy.
      await store.articles.upsertByExternalId({ ...article(OTHERS[0]!), externalId: 'desk-copy' });
      assert.deepEqual(
        (await store.nearCopies.ofArticle(ids.get(String(DISPATCH.id))!)).map((c) => c.externalId),
        [],
      );
      await store.db.deleteFrom('articles').where('id', '=', draftId).execute();
      const rows = await store.db
        .selectFrom('near_copy_bands')
        .select('article_id')
        .where('article_id', '=', draftId)
        .execute();
      assert.deepEqual(rows, []);
    });

    it('fingerprints the articles already there, and finds their pairs, when the migrations run', async () => {
      const bands = () => store.db.selectFrom('near_copy_bands').select(['key', 'band', 'article_id']).execute();
      const pairs = () => store.db.selectFrom('near_copies').select(['article_id', 'copy_id', 'similarity']).execute();
      const before = { bands: await bands(), pairs: await pairs() };
      assert.ok(before.bands.length >= 10 * OTHERS.length, String(before.bands.length));
      // The desk's copy, now the text of OTHERS[0], is a near-copy of it, both ways.
      assert.equal(before.pairs.length, 2, JSON.stringify(before.pairs));
      await store.db.schema.dropTable('near_copies').execute();
      await store.db.schema.dropTable('near_copy_bands').execute();
      await nearCopiesSchema(dialect).up(store.db as never);
      await nearCopyPairsSchema(dialect).up(store.db as never);
      const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
      assert.deepEqual(sorted(await bands()), sorted(before.bands));
      assert.deepEqual(sorted(await pairs()), sorted(before.pairs));
    });

    it('checks the candidates sharing the most bands first: the dispatch is found among 40 newer articles sharing one of its keys', async () => {
      const text = rewrite('late-copy')
        .body.map((b) => ('text' in b ? b.text : ''))
        .join('\n');
      const keys = bandKeys(text);
      const dispatchId = ids.get(String(DISPATCH.id))!;
      const dispatchKeys = await store.db
        .selectFrom('near_copy_bands')
        .select(['band', 'key'])
        .where('article_id', '=', dispatchId)
        .execute();
      const shared = dispatchKeys.filter((row) => keys[row.band] === row.key).length;
      assert.ok(shared >= 2, `the rewrite shares ${shared} bands with the dispatch`);
      const newer: number[] = [];
      for (const record of RECORDS.filter((r) => r !== DISPATCH && !OTHERS.includes(r)).slice(0, 40)) {
        newer.push(
          (await store.articles.upsertByExternalId({ ...article(record), externalId: `noise-${record.id}` })).id,
        );
      }
      assert.equal(newer.length, 40);
      // Each of them now holds the rewrite's key of one band (a shared paragraph, boilerplate).
      const band = keys.findIndex((key, i) => !dispatchKeys.some((row) => row.band === i && row.key === key));
      await store.db
        .updateTable('near_copy_bands')
        .set({ key: keys[Math.max(band, 0)]! })
        .where('band', '=', Math.max(band, 0))
        .where('article_id', 'in', newer)
        .execute();
      const found = await store.nearCopies.of(text);
      assert.ok(
        found.some((c) => c.id === dispatchId),
        JSON.stringify(found.map((c) => c.externalId)),
      );
    });
  });
}
