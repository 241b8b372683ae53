/**
 * A correction on a published article, on SQLite and PostgreSQL: the job loop purges its page,
 * which then shows "تصحيح" with the Moroccan date and the note under the article; the
 * NewsArticle JSON-LD carries it as a schema.org CorrectionComment; a full-content feed
 * carries it after the body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { formatMoroccanDate } from '../../src/arabic/dates.ts';
import { JobLoop } from '../../src/jobs/job-loop.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';

const NOTE = 'ورد في نسخة سابقة أن المهرجان ينطلق يوم 5 ماي، والصحيح أنه ينطلق يوم 12 ماي.';
const SECOND_NOTE = 'صُحّح اسم رئيس البلدية.';

function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1] as string),
  );
}

for (const dialect of DIALECTS) {
  describe(`public corrections under an article (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let cleanup: () => Promise<void>;
    let loop: JobLoop;
    let id: number;
    let path: string;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      app = await buildApp({
        config: { ...testConfig({ dataDir: fresh.options.dataDir }), feedContent: 'full' },
        store,
        invalidationPollMs: 0,
      });
      loop = new JobLoop({ store, timeZone: 'Africa/Casablanca', onPurge: (tags) => app.pageCache.purge(tags) });
      const draft = corpusDrafts(3)[2]!;
      id = (await store.newsroomArticles.create(PEOPLE.author, draft)).id;
      await store.newsroomArticles.transition(PEOPLE.author, id, { action: 'publish' });
      await loop.runDue();
      const article = await store.articles.findById(id, { publishedOnly: true });
      path = `/article/${id}/${encodeURIComponent(article!.slug)}`;
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await cleanup?.();
    });

    it('shows no correction before there is one', async () => {
      const page = await app.inject(path);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /class="corrections"/);
      const article = jsonLd(page.body).find((o) => o['@type'] === 'NewsArticle');
      assert.ok(article);
      assert.equal(article.correction, undefined);
      assert.equal((await app.inject(path)).headers['x-ghad-cache'], 'hit');
    });

    it('shows the dated correction under the article once the editor corrects it, and again for a second one', async () => {
      await store.newsroomArticles.transition(PEOPLE.editor, id, { action: 'correct', note: NOTE });
      await loop.runDue();
      const page = await app.inject(path);
      assert.equal(page.headers['x-ghad-cache'], 'miss', 'the correction purged the page');
      const [correction] = await store.newsroomArticles.corrections(id);
      assert.ok(correction);
      const day = formatMoroccanDate(correction.createdAt, 'Africa/Casablanca');
      const notes = /<aside class="corrections"[\s\S]*?<\/aside>/.exec(page.body)?.[0] ?? '';
      assert.match(notes, /<strong>تصحيح<\/strong>/);
      assert.ok(notes.includes(day), `the day in Moroccan Arabic: ${day}`);
      assert.ok(notes.includes(`datetime="${correction.createdAt.toISOString()}"`));
      assert.ok(notes.includes(NOTE));
      // Under the body, not above it.
      assert.ok(page.body.indexOf('class="article__body"') < page.body.indexOf('class="corrections"'));

      await store.newsroomArticles.transition(PEOPLE.editor, id, { action: 'correct', note: SECOND_NOTE });
      await loop.runDue();
      const again = await app.inject(path);
      const both = /<aside class="corrections"[\s\S]*?<\/aside>/.exec(again.body)?.[0] ?? '';
      assert.ok(both.indexOf(NOTE) < both.indexOf(SECOND_NOTE), 'oldest first');
    });

    it('describes each correction as a schema.org CorrectionComment of the NewsArticle', async () => {
      const page = await app.inject(path);
      const article = jsonLd(page.body).find((o) => o['@type'] === 'NewsArticle');
      const corrections = await store.newsroomArticles.corrections(id);
      assert.deepEqual(
        article?.correction,
        corrections.map((c) => ({
          '@type': 'CorrectionComment',
          text: c.note,
          datePublished: c.createdAt.toISOString(),
        })),
      );
    });

    it('carries the corrections in full-content feeds, after the body', async () => {
      const feed = await app.inject('/feed.json');
      assert.equal(feed.statusCode, 200);
      const item = (JSON.parse(feed.body) as { items: { id: string; content_html?: string }[] }).items.find((i) =>
        i.id.endsWith(`/article/${id}`),
      );
      assert.ok(item?.content_html, 'the article is in the feed with its content');
      assert.match(item.content_html, /<strong>تصحيح<\/strong>/);
      assert.ok(item.content_html.includes(NOTE));
      const rss = await app.inject('/feed.xml');
      assert.ok(rss.body.includes(NOTE));
    });
  });
}
