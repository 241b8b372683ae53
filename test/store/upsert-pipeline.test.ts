/**
 * Bulk writes with the analysis in worker threads (store/upsert-pipeline.ts): the same rows,
 * search entries and names as upsertManyByExternalId writes on the writing thread, batches in
 * order, a failed batch heard and the ones before it kept, and names found again when the
 * newsroom's decisions changed between the analysis and the write.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { ArticleInput } from '../../src/content/article.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import { AnalysisWorkers } from '../../src/store/analysis-workers.ts';
import { type AnalyzedBatch, analyzeArticle } from '../../src/store/article-analysis.ts';
import { analyzableText, type UpsertResult } from '../../src/store/articles.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { UpsertPipeline } from '../../src/store/upsert-pipeline.ts';
import { firstCorpusLines } from '../helpers/corpus.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

type Input = ArticleInput & { externalId: string };

/** The first `count` Jawhara FM stories as the JSONL importer maps them. */
function corpusInputs(count: number): Input[] {
  return firstCorpusLines('jawhara.jsonl.gz', count).flatMap((line) => {
    const mapped = mapCorpusRecord(JSON.parse(line), { timeZone: 'Africa/Tunis' });
    return mapped.ok ? [mapped.article] : [];
  });
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A digest of what a write leaves: articles, search entries, the names each article holds, its fingerprint and its counted words. */
async function written(store: Store): Promise<Record<string, string>> {
  const digest = async (query: string) => {
    const { rows } = await sql.raw(query).execute(store.db);
    return createHash('sha1').update(JSON.stringify(rows)).digest('hex');
  };
  return {
    articles: await digest(
      'select id, external_id, slug, headline, body_text, section_id, published_at from articles order by id',
    ),
    search: await digest(
      store.dialect === 'sqlite'
        ? 'select d.article_id, d.headline_hashes, d.lead_hashes, f.headline, f.lead, f.body, f.body_stems, f.names from search_documents d join search_fts f on f.rowid = d.search_key order by d.article_id'
        : 'select article_id, headline_hashes, lead_hashes, document::text, headline::text from search_documents order by article_id',
    ),
    names: await digest(
      'select ae.article_id, e.name, e.type, ae.mentions, ae.prominent from article_entities ae join entities e on e.id = ae.entity_id order by ae.article_id, e.name',
    ),
    nearCopies: await digest('select article_id, band, key from near_copy_bands order by article_id, band'),
    words: await digest(
      'select s.article_id, s.terms, s.spellings, (select count(*) from related_term_postings p where p.article_id = s.article_id) as posted from related_term_sets s order by s.article_id',
    ),
    wordCounts: await digest('select term, article_count from related_term_counts order by term'),
  };
}

/** Every (article, name) pair the store holds, by external id, with the name's status. */
async function writtenNames(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('article_entities as ae')
    .innerJoin('entities as e', 'e.id', 'ae.entity_id')
    .innerJoin('articles as a', 'a.id', 'ae.article_id')
    .select(['a.external_id', 'e.name', 'e.status'])
    .execute();
  return rows.map((row) => `${row.external_id} ${row.name} ${row.status}`).sort();
}

describe('analysis worker threads', () => {
  const workers = new AnalysisWorkers(2);
  after(() => workers.close());

  it('analyze as the writing thread does, in order, under the decisions they are sent', async () => {
    const texts = corpusInputs(12).map((input) => ({
      headline: input.headline,
      kicker: input.kicker ?? null,
      dek: input.dek ?? null,
      bodyText: input.body.map((block) => ('text' in block ? block.text : '')).join('\n'),
    }));
    const none = { rejected: new Set<string>(), known: new Map() };
    assert.deepEqual(
      await workers.analyze(texts, none),
      texts.map((text) => analyzeArticle(text, none)),
    );
    // Rejecting a name the first story holds: the threads take the new decisions.
    const [first] = analyzeArticle(texts[0]!, none).entities;
    assert.ok(first, 'the first story names someone');
    const rejecting = { rejected: new Set([first.key]), known: new Map() };
    const again = await workers.analyze(texts, rejecting);
    assert.deepEqual(
      again,
      texts.map((text) => analyzeArticle(text, rejecting)),
    );
    assert.ok(!again[0]!.entities.some((entity) => entity.key === first.key));
  });
});

for (const dialect of DIALECTS) {
  describe(`bulk writes through the pipeline (${dialect})`, () => {
    const opened: { store: Store; cleanup: () => Promise<void> }[] = [];
    const open = async () => {
      const fresh = await freshDatabase(dialect);
      const store = await openStore(fresh.options);
      opened.push({ store, cleanup: fresh.cleanup });
      return store;
    };
    after(async () => {
      for (const { store, cleanup } of opened) {
        await store.close();
        await cleanup();
      }
    });

    it('writes what upsertManyByExternalId writes, batch after batch, and a second run changes nothing', async () => {
      const inputs = corpusInputs(60);
      const direct = await open();
      for (const batch of batches(inputs, 25)) await direct.articles.upsertManyByExternalId(batch);

      const piped = await open();
      const results: UpsertResult[][] = [];
      const pipeline = new UpsertPipeline(piped, (batch) => results.push(batch), 2);
      for (const batch of batches(inputs, 25)) await pipeline.add(batch);
      await pipeline.finish();
      assert.deepEqual(
        results.map((batch) => batch.length),
        [25, 25, inputs.length - 50],
      );
      assert.ok(results.flat().every((result) => result.outcome === 'imported'));
      assert.deepEqual(await written(piped), await written(direct));

      const again: UpsertResult[] = [];
      const second = new UpsertPipeline(piped, (batch) => again.push(...batch), 1);
      for (const batch of batches(inputs, 25)) await second.add(batch);
      await second.finish();
      assert.equal(again.length, inputs.length);
      assert.ok(again.every((result) => result.outcome === 'unchanged'));
    });

    it('fails on the batch that fails, keeping the batches before it', async () => {
      const inputs = corpusInputs(30);
      const store = await open();
      // The third write fails, as a database that goes away does.
      let writes = 0;
      const articles = Object.create(store.articles) as Store['articles'];
      articles.writeUpserts = (prepared, analyzed) => {
        if (++writes === 3) return Promise.reject(new Error('the database went away'));
        return store.articles.writeUpserts(prepared, analyzed);
      };
      const results: UpsertResult[] = [];
      const pipeline = new UpsertPipeline({ db: store.db, indexing: store.indexing, articles }, (batch) =>
        results.push(...batch),
      );
      await pipeline.add(inputs.slice(0, 10));
      // A section that does not exist is refused before anything of its batch is written.
      await assert.rejects(pipeline.add([{ ...inputs[10]!, sectionSlug: 'لا-يوجد' }]), /Unknown section/);
      await pipeline.add(inputs.slice(11, 20));
      await pipeline.add(inputs.slice(20, 25));
      // The failed write is heard at the next add, and again at finish.
      await assert.rejects(pipeline.add(inputs.slice(25)), /the database went away/);
      await assert.rejects(pipeline.finish(), /the database went away/);
      assert.equal(results.length, 19);
      assert.equal(await store.articles.countAll(), 19);
    });

    it('takes the names found beforehand only while the decisions they were found under hold', async () => {
      const inputs = corpusInputs(20);
      const store = await open();
      const workers = new AnalysisWorkers(1);
      try {
        // A name no story holds, added to what the threads found: it is written only if the
        // analysis is taken as it is.
        const planted = (batch: AnalyzedBatch, name: string): AnalyzedBatch => ({
          ...batch,
          analyses: batch.analyses.map((analysis) => ({
            ...analysis,
            entities: [
              ...analysis.entities,
              {
                type: 'PER',
                name,
                names: [name],
                key: `test-${name}`,
                surnameKey: undefined,
                mentions: 1,
                prominent: false,
                firstSeen: 0,
              },
            ],
          })),
        });
        const write = async (slice: Input[], name: string, decisionsChanged: boolean) => {
          const prepared = await store.articles.prepareUpserts(slice);
          const batch = await store.indexing.analyze(store.db, workers, prepared.map(analyzableText));
          // An editor's decision between the analysis and the write: the write reads them afresh.
          if (decisionsChanged) store.indexing.forgetRules();
          await store.articles.writeUpserts(prepared, Promise.resolve(planted(batch, name)));
        };
        await write(inputs.slice(0, 10), 'اسم أول', false);
        await write(inputs.slice(10), 'اسم ثان', true);
        const names = await writtenNames(store);
        assert.equal(names.filter((row) => row.includes(' اسم أول ')).length, 10, 'the analysis was taken');
        assert.deepEqual(
          names.filter((row) => row.includes(' اسم ثان ')),
          [],
          'found again under the new decisions',
        );
        // What the second half holds is what the writing thread finds in it.
        const inline = await open();
        await inline.articles.upsertManyByExternalId(inputs.slice(10));
        const later = new Set(inputs.slice(10).map((input) => input.externalId));
        assert.deepEqual(
          names.filter((row) => later.has(row.split(' ')[0]!)).map((row) => row.replace(/ \S+$/, '')),
          (await writtenNames(inline)).map((row) => row.replace(/ \S+$/, '')),
        );
      } finally {
        await workers.close();
      }
    });
  });
}
