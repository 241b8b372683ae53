/**
 * A reader page that fails (the database gone, a bug) is the site's Arabic error page, never
 * Fastify's JSON with the error's own message in it: the site's, the feeds' and the sitemaps'
 * routes all go through the handler in app.ts. The API keeps its own JSON error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';

/** What a failing database says: a path and an engine's words a reader must never see. */
const INTERNAL = 'SQLITE_IOERR: disk I/O error in /var/lib/ghad/ghad.sqlite';

describe('a reader page that fails', () => {
  let store: Store;
  let app: FastifyInstance;
  let articleId: number;
  let articlePath: string;
  let sectionPath: string;

  before(async () => {
    const dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    const [id] = await importSampleNewspaper(store, { dated: 5, undated: 0, recent: 0 });
    articleId = id!;
    app = await buildApp({ config: testConfig({ dataDir, pageCache: false }), store, logger: false });
    await app.ready();
    articlePath = String((await app.inject(`/article/${id}`)).headers.location);
    const article = await store.articles.findById(id!, { publishedOnly: true });
    sectionPath = `/section/${encodeURIComponent(article!.section.slug)}`;
    for (const path of [articlePath, sectionPath])
      assert.equal((await app.inject(path)).statusCode, 200, `${path} works before the database fails`);
    // From here on, every read of articles fails as a broken database does.
    const fail = async () => {
      throw new Error(INTERNAL);
    };
    for (const method of ['findById', 'pinnedOnHome', 'listPublishedPage', 'countPublished'] as const) {
      Object.assign(store.articles, { [method]: fail });
    }
  });
  after(async () => {
    await app?.close();
    await store?.close();
  });

  for (const [what, path] of [
    ['the home page', () => '/'],
    ['an article', () => articlePath],
    ['a section', () => sectionPath],
    ['the RSS feed', () => '/feed.xml'],
    ['a section’s Atom feed', () => `${sectionPath}/feed.atom`],
  ] as const) {
    it(`answers 500 with the Arabic error page, not the error's message: ${what}`, async () => {
      const response = await app.inject(path());
      assert.equal(response.statusCode, 500);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(response.body, /<html lang="ar" dir="rtl">/);
      assert.match(response.body, /حدث خطأ/);
      assert.doesNotMatch(response.body, /SQLITE|disk I\/O|\/var\/lib/);
      assert.equal(response.headers['cache-control'], 'no-store');
    });
  }

  it('keeps the API’s own JSON error, without the message either', async () => {
    const response = await app.inject(`/api/v1/articles/${articleId}`);
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().error.code, 'internal_error');
    assert.doesNotMatch(response.body, /SQLITE|disk I\/O|\/var\/lib/);
  });
});
