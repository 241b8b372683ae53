/**
 * Kept «اقرأ أيضا» lists, on both databases, over 260 Jawhara FM articles and a desk's rewrite
 * of one: every published article's write queues it; the lists made from the queue are the
 * lists worked out at render (so the migration's lists are what pages showed before);
 * articles published later are offered to the lists they belong in, and those pages purged;
 * a list never holds a near-copy of its article or two copies of one dispatch; an article
 * taken off the site leaves every list and loses its own; an entity decision (a name rejected,
 * then the rejection undone) makes again the lists of the articles naming it; a list made from
 * older text never takes a newer write off the queue.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { relatedListsSchema } from '../../src/store/migrations/019-related-lists.ts';
import { RelatedListRepository } from '../../src/store/related-lists.ts';
import { parseTerms } from '../../src/store/related-terms.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { termKeys } from '../../src/stories/rare-terms.ts';
import { referencedDates } from '../../src/stories/referenced-dates.ts';
import { RELATED_WEIGHTS, reasonParts } from '../../src/stories/related-scoring.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { jawharaArticle as article, deskRewrite, jawharaRecords } from '../helpers/dispatch-rewrite.ts';
import { until } from '../helpers/until.ts';

// The records the importer takes (a few have no text).
const RECORDS = jawharaRecords(260).filter((r) => mapCorpusRecord(r, { timeZone: 'Africa/Tunis' }).ok);
const FIRST = RECORDS.slice(0, 200);
const LATER = RECORDS.slice(200);
const ORIGINAL = RECORDS.find((r) => r.id === 'JA-culture-55-20160628')!;

for (const dialect of DIALECTS) {
  describe(`kept related lists (${dialect})`, () => {
    let store: Store;
    let lists: RelatedListRepository;
    let cleanup: () => Promise<void>;
    const ids = new Map<string, number>();
    const placeOf = async (id: number) => {
      const row = await store.db
        .selectFrom('articles')
        .select(['section_id', 'published_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { id, sectionId: row.section_id, publishedAt: row.published_at ? new Date(row.published_at) : null };
    };
    /** The article's list as a render works it out when none is kept. */
    const workedOut = async (id: number) => {
      const kept = await store.db.selectFrom('related_lists').selectAll().where('article_id', '=', id).execute();
      await store.db.deleteFrom('related_lists').where('article_id', '=', id).execute();
      const list = await store.related.of(await placeOf(id), { limit: 8 });
      if (kept[0]) await store.db.insertInto('related_lists').values(kept[0]).execute();
      return list.map((r) => r.article.id);
    };
    const keptIds = async (id: number) => (await lists.read(id))?.related.map((entry) => entry.id);
    const drain = async () => {
      let taken = 0;
      for (let n = await store.related.refreshDue(); n > 0; n = await store.related.refreshDue()) taken += n;
      return taken;
    };
    const pending = async () =>
      (await store.db.selectFrom('related_pending').select('article_id').execute()).map((r) => r.article_id);

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      lists = new RelatedListRepository(store.db, store.dialect);
      assert.ok(ORIGINAL && FIRST.includes(ORIGINAL), 'JA-culture-55-20160628 among the first 200 Jawhara records');
      const results = await store.articles.upsertManyByExternalId(FIRST.map(article));
      for (const [i, result] of results.entries()) ids.set(String(FIRST[i]!.id), result.id);
    });

    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('queues every published article its write made, and a page works its list out until one is kept', async () => {
      assert.deepEqual(
        (await pending()).sort((a, b) => a - b),
        [...ids.values()].sort((a, b) => a - b),
      );
      const id = ids.get(String(ORIGINAL.id))!;
      assert.equal(await lists.read(id), undefined);
      const shown = await store.related.of(await placeOf(id));
      assert.ok(shown.length > 0, 'the original has related articles among the 200');
    });

    it('makes the lists the migration queues exactly as renders work them out, and empties the queue', async () => {
      const before = new Map<number, number[]>();
      for (const id of ids.values()) before.set(id, await workedOut(id));
      // The migration queues the archive as it finds it: the tables made anew from the articles.
      await sql`drop table related_pending`.execute(store.db);
      await sql`drop table related_lists`.execute(store.db);
      await relatedListsSchema().up(store.db as unknown as Kysely<unknown>);
      assert.equal((await pending()).length, ids.size);
      assert.equal(await drain(), ids.size);
      assert.deepEqual(await pending(), []);
      let nonEmpty = 0;
      for (const [id, list] of before) {
        assert.deepEqual(await keptIds(id), list, `article ${id}`);
        if (list.length > 0) nonEmpty++;
      }
      assert.ok(nonEmpty >= 50, `${nonEmpty} of 200 articles have related articles`);
      // What a page shows is the kept list's first five, with the reason kept.
      const id = ids.get(String(ORIGINAL.id))!;
      const shown = await store.related.of(await placeOf(id));
      assert.deepEqual(
        shown.map((r) => r.article.id),
        before.get(id)!.slice(0, 5),
      );
      assert.ok(shown.every((r) => r.reason.startsWith('يذكر: ') && r.score >= RELATED_WEIGHTS.minimum));
    });

    it('relates articles through the rare words they share, names or none, and keeps them as renders work them out', async () => {
      const textOf = async (id: number) => {
        const row = await store.db
          .selectFrom('articles')
          .select(['headline', 'kicker', 'dek', 'body_text'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return { headline: row.headline, kicker: row.kicker, dek: row.dek, bodyText: row.body_text };
      };
      let withWords = 0;
      let wordsAlone = 0;
      for (const id of ids.values()) {
        const kept = (await lists.read(id))!.related;
        const worded = kept.filter((entry) => reasonParts(entry.reason).terms.length > 0);
        if (worded.length === 0) continue;
        withWords++;
        const text = await textOf(id);
        const written = [text.headline, text.kicker, text.dek, text.bodyText].join('\n');
        for (const entry of worded) {
          const { names, terms } = reasonParts(entry.reason);
          if (names.length === 0) wordsAlone++;
          assert.ok(entry.score >= RELATED_WEIGHTS.minimum, entry.reason);
          const theirs = new Set(termKeys(await textOf(entry.id)));
          for (const term of terms) {
            assert.ok(written.includes(term), `article ${id} writes «${term}»`);
            const keys = termKeys({ headline: term, kicker: null, dek: null, bodyText: '' });
            assert.ok(
              keys.some((key) => theirs.has(key)),
              `article ${entry.id} uses «${term}»`,
            );
          }
        }
        // What the job kept is what a render works out.
        assert.deepEqual(
          kept.map((entry) => entry.id),
          await workedOut(id),
          `article ${id}`,
        );
      }
      assert.ok(withWords >= 10, `${withWords} of 200 lists relate through shared words`);
      assert.ok(wordsAlone >= 1, `${wordsAlone} entries related through words alone`);
    });

    it('keeps the dates each text refers to, leading to the story’s article of that day or to a day of the archive', async () => {
      let withDates = 0;
      let leading = 0;
      for (const id of ids.values()) {
        const kept = (await lists.read(id))!;
        const row = await store.db
          .selectFrom('articles')
          .select(['body_text', 'published_at'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const expected = referencedDates(row.body_text, new Date(row.published_at!), 'Africa/Casablanca');
        assert.deepEqual(
          kept.dates.map(({ articleId: _a, archived: _b, ...date }) => date),
          expected,
          `article ${id}`,
        );
        if (kept.dates.length > 0) withDates++;
        for (const date of kept.dates) {
          if (date.articleId !== undefined) {
            assert.ok(kept.related.some((entry) => entry.id === date.articleId));
            leading++;
          }
          if (date.archived) {
            assert.ok(date.day !== undefined);
            const from = new Date(Date.UTC(date.year, date.month - 1, date.day!) - 3_600_000 * 2);
            const to = new Date(from.getTime() + 86_400_000 + 3_600_000 * 4);
            assert.ok((await store.articles.listPublishedIds({ from, to, limit: 1 })).length > 0);
            leading++;
          }
        }
      }
      assert.ok(withDates >= 20, `${withDates} of 200 articles refer to a date`);
      assert.ok(leading >= 5, `${leading} dates lead somewhere`);
    });

    it('offers articles published later to the lists they belong in, and purges those pages', async () => {
      const outboxBefore = await store.db.selectFrom('outbox').select('id').orderBy('id', 'desc').executeTakeFirst();
      const results = await store.articles.upsertManyByExternalId(LATER.map(article));
      const later = new Set(results.map((r) => r.id));
      for (const [i, result] of results.entries()) ids.set(String(LATER[i]!.id), result.id);
      await drain();
      assert.deepEqual(await pending(), []);
      // Every older list now holding a later article is a list it would be in if worked out again.
      let offered = 0;
      let agree = 0;
      const changed: number[] = [];
      for (const id of FIRST.map((r) => ids.get(String(r.id))!)) {
        const kept = (await keptIds(id)) ?? [];
        const taken = kept.filter((k) => later.has(k));
        if (taken.length === 0) continue;
        changed.push(id);
        const fresh = await workedOut(id);
        for (const k of taken) {
          offered++;
          if (fresh.includes(k)) agree++;
        }
        assert.ok(kept.length <= 8, `article ${id} keeps ${kept.length}`);
      }
      assert.ok(offered >= 5, `${offered} later articles placed in older lists`);
      assert.ok(agree / offered >= 0.9, `${agree} of ${offered} placements agree with a list worked out again`);
      // Their pages are purged through the outbox.
      const purges = await store.db
        .selectFrom('outbox')
        .select('payload')
        .where('topic', '=', 'pages.purge')
        .where('id', '>', outboxBefore?.id ?? 0)
        .execute();
      const tags = new Set(purges.flatMap((p) => (JSON.parse(p.payload) as { tags: string[] }).tags));
      for (const id of changed) assert.ok(tags.has(`article:${id}`), `article ${id} purged`);
    });

    it('never lists a near-copy of the article, nor two copies of one dispatch', async () => {
      const original = ids.get(String(ORIGINAL.id))!;
      const [copy] = await store.articles.upsertManyByExternalId([
        deskRewrite(ORIGINAL, 'desk-rewrite', 'برقية معاد تحريرها بعنوان جديد'),
      ]);
      await drain();
      assert.ok(!(await keptIds(original))?.includes(copy!.id));
      assert.ok(!(await keptIds(copy!.id))?.includes(original));
      const all = await store.db.selectFrom('related_lists').select(['article_id', 'entries']).execute();
      for (const row of all) {
        const listed = (JSON.parse(row.entries) as { id: number }[]).map((e) => e.id);
        assert.ok(!(listed.includes(original) && listed.includes(copy!.id)), `article ${row.article_id}`);
      }
    });

    it('drops an article taken off the site from every list, and its own list', async () => {
      const listing = await store.db.selectFrom('related_lists').select(['article_id', 'entries']).execute();
      const holder = listing.find((row) => (JSON.parse(row.entries) as unknown[]).length > 0)!;
      const gone = (JSON.parse(holder.entries) as { id: number }[])[0]!.id;
      const record = RECORDS.find((r) => ids.get(String(r.id)) === gone)!;
      await store.articles.upsertManyByExternalId([{ ...article(record), status: 'draft' }]);
      assert.equal(await lists.read(gone), undefined);
      assert.ok(!(await pending()).includes(gone));
      const shown = await store.related.of(await placeOf(holder.article_id), { limit: 8 });
      assert.ok(!shown.some((r) => r.article.id === gone));
      // Published again, it is queued again and offered again.
      await store.articles.upsertManyByExternalId([article(record)]);
      assert.ok((await pending()).includes(gone));
      await drain();
      assert.ok(await lists.read(gone));
    });

    it('makes again the lists an entity decision touches: a rejected name relates nothing, and is back after an undo', async () => {
      await drain();
      // A name some kept list gives as its reason.
      const listing = await store.db.selectFrom('related_lists').select(['article_id', 'entries']).execute();
      const reasons = listing.flatMap((row) => (JSON.parse(row.entries) as { reason: string }[]).map((e) => e.reason));
      const named = reasons.flatMap((reason) => reason.replace(/^يذكر: /, '').split('، '));
      const counts = new Map<string, number>();
      for (const name of named) counts.set(name, (counts.get(name) ?? 0) + 1);
      const [name] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      const entity = await store.db
        .selectFrom('entities')
        .select('id')
        .where('name', '=', name)
        .where('status', '<>', 'rejected')
        .where('merged_into', 'is', null)
        .executeTakeFirstOrThrow();
      const naming = (
        await store.db
          .selectFrom('article_entities as ae')
          .innerJoin('articles as a', 'a.id', 'ae.article_id')
          .select('ae.article_id')
          .where('ae.entity_id', '=', entity.id)
          .where('a.status', '=', 'published')
          .execute()
      )
        .map((row) => row.article_id)
        .sort((a, b) => a - b);
      const mentions = () =>
        store.db
          .selectFrom('related_lists')
          .select('entries')
          .execute()
          .then(
            (rows) =>
              rows.filter((row) =>
                (JSON.parse(row.entries) as { reason: string }[]).some((e) =>
                  e.reason
                    .replace(/^يذكر: /, '')
                    .split('، ')
                    .includes(name),
                ),
              ).length,
          );
      assert.ok((await mentions()) > 0);

      const { decisionId } = await store.entities.reject(entity.id, null);
      assert.deepEqual(
        (await pending()).sort((a, b) => a - b),
        naming,
        'every published article naming it is queued',
      );
      await drain();
      assert.equal(await mentions(), 0, `no list is related through «${name}» any more`);
      for (const id of naming.slice(0, 10)) assert.deepEqual(await keptIds(id), await workedOut(id), `article ${id}`);

      await store.entities.undo(decisionId, null);
      assert.deepEqual(
        (await pending()).sort((a, b) => a - b),
        naming,
      );
      await drain();
      assert.ok((await mentions()) > 0, `«${name}» relates articles again`);
    });

    it('keeps an article queued when it was written again while its list was being made', async () => {
      const id = ids.get(String(ORIGINAL.id))!;
      await lists.queueWithin(store.db, [{ id, published: true }]);
      const [taken] = await lists.due(1);
      assert.equal(taken!.articleId, id);
      await lists.queueWithin(store.db, [{ id, published: true }]);
      await lists.doneWithin(store.db, [taken!]);
      assert.deepEqual(await pending(), [id]);
      await drain();
      assert.deepEqual(await pending(), []);
    });

    it('is made by the running job loop, which then purges the page', async () => {
      const id = ids.get(String(ORIGINAL.id))!;
      await store.articles.upsertManyByExternalId([{ ...article(ORIGINAL), dek: 'مقدمة جديدة' }]);
      assert.deepEqual(await pending(), [id]);
      // Purges enqueued by the tests before (never done, as no loop ran) are not this one.
      const last = await store.db.selectFrom('outbox').select('id').orderBy('id', 'desc').executeTakeFirst();
      const purgedSince = async () =>
        (
          await store.db
            .selectFrom('outbox')
            .select('payload')
            .where('topic', '=', 'pages.purge')
            .where('id', '>', last?.id ?? 0)
            .where('processed_at', 'is not', null)
            .execute()
        ).some((row) => (JSON.parse(row.payload) as { tags: string[] }).tags.includes(`article:${id}`));
      const loop = new JobLoop({ store, timeZone: 'Africa/Tunis', pollMs: 20 });
      loop.start();
      try {
        await until('the loop made the list and purged its page', purgedSince);
      } finally {
        await loop.stop();
      }
      assert.deepEqual(await pending(), []);
      assert.ok(await lists.read(id));
    });

    it('keeps the word counts exact through every write before: rewrites, unpublishing, publishing again', async () => {
      const published = new Set(
        (await store.db.selectFrom('articles').select('id').where('status', '=', 'published').execute()).map(
          (row) => row.id,
        ),
      );
      const sets = await store.db.selectFrom('related_term_sets').select(['article_id', 'terms']).execute();
      assert.deepEqual(
        sets.map((row) => row.article_id).sort((a, b) => a - b),
        [...published].sort((a, b) => a - b),
        'a set for each published article, and none for the others',
      );
      const recounted = new Map<number, number>();
      const setOf = new Map<number, Set<number>>();
      for (const row of sets) {
        const keys = parseTerms(row.terms);
        setOf.set(row.article_id, new Set(keys));
        for (const key of keys) recounted.set(key, (recounted.get(key) ?? 0) + 1);
      }
      const counts = await store.db
        .selectFrom('related_term_counts')
        .select(['term', 'article_count'])
        .where('article_count', '<>', 0)
        .execute();
      assert.deepEqual(
        new Map(counts.map((row) => [row.term, row.article_count])),
        recounted,
        'each term counted in exactly the published articles using it',
      );
      const postings = await store.db.selectFrom('related_term_postings').select(['article_id', 'term']).execute();
      assert.ok(postings.length > 0);
      for (const { article_id, term } of postings) {
        assert.ok(setOf.get(article_id)?.has(term), `posting ${term} of article ${article_id}`);
      }
    });
  });
}
