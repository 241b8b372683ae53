/**
 * The content API on SQLite and PostgreSQL, through inject(): lists walked page by page with
 * the cursor (every article exactly once, in order, with each filter), ETags and 304s with the
 * page cache on and off, keys in every state (none, valid, unknown, revoked, of a disabled
 * user, over its limit), and bad parameters refused with a stable code, never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { dayOf } from '../../src/audience/search-counter.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { ALSO_IN_NATIONAL, newsroomPeople, publishCorpus } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

const ARTICLES = 60;

interface Summary {
  id: number;
  url: string;
  title: string;
  publishedAt: string | null;
  updatedAt: string;
  section: { slug: string };
  secondarySections: { slug: string; name: string }[];
  authors: { slug: string; name: string }[];
  tags: { slug: string; name: string }[];
}

for (const dialect of DIALECTS) {
  describe(`content API (${dialect})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let uncached: FastifyInstance;
    let cleanup: () => Promise<void>;
    let people: Awaited<ReturnType<typeof newsroomPeople>>;
    let ids: number[];

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      store = await openStore(fresh.options);
      ids = await publishCorpus(store, ARTICLES);
      people = await newsroomPeople(store);
      const config = testConfig({ dataDir: fresh.options.dataDir });
      app = await buildApp({ config, store, invalidationPollMs: 0, apiLimits: { anonymousPerMinute: 10_000 } });
      uncached = await buildApp({
        config: { ...config, pageCache: false },
        store,
        invalidationPollMs: 0,
        apiLimits: { anonymousPerMinute: 5 },
      });
    });
    after(async () => {
      await app?.close();
      await uncached?.close();
      await store?.close();
      await cleanup?.();
    });

    /** Every page of a list, following nextCursor; fails on a page that repeats an id. */
    async function walk(query: string, limit: number, server = app): Promise<Summary[]> {
      const seen: Summary[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 200; pages++) {
        const url: string = `/api/v1/articles?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await server.inject(url);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        const body = response.json() as { data: Summary[]; nextCursor: string | null };
        assert.ok(body.data.length <= limit);
        seen.push(...body.data);
        cursor = body.nextCursor;
        if (!cursor) return seen;
        assert.equal(body.data.length, limit, 'only the last page is short');
      }
      assert.fail('the walk did not end');
    }

    /** The published articles the database holds for a filter, in the API's order. */
    async function expected(
      filter: (row: { id: number; published_at: unknown; section_id: number }) => Promise<boolean> | boolean,
    ) {
      const rows = await store.db
        .selectFrom('articles')
        .select(['id', 'published_at', 'section_id'])
        .where('status', '=', 'published')
        .execute();
      const kept = [];
      for (const row of rows) if (await filter(row)) kept.push(row);
      const time = (v: unknown) => (v === null ? null : new Date(v as string).getTime());
      return kept
        .sort((a, b) => {
          const [ta, tb] = [time(a.published_at), time(b.published_at)];
          if (ta === null && tb === null) return b.id - a.id;
          if (ta === null) return 1;
          if (tb === null) return -1;
          return tb - ta || b.id - a.id;
        })
        .map((r) => r.id);
    }

    it('walks every published article exactly once, newest first, undated last, at any page size', async () => {
      const order = await expected(() => true);
      assert.equal(order.length, ids.length);
      for (const limit of [1, 7, 20, 100]) {
        const seen = await walk('', limit);
        assert.deepEqual(
          seen.map((a) => a.id),
          order,
          `limit ${limit}`,
        );
      }
      const [first] = await walk('', 100);
      assert.ok(first?.url.startsWith('https://alghad24.test/article/'));
      assert.match(first?.title ?? '', /[\u0600-\u06ff]/);
    });

    it('walks a section, a tag, an author and a date range with the same cursor', async () => {
      const sections = await store.taxonomy.sections();
      const counts = new Map<number, number>();
      for (const id of ids) {
        const row = await store.db
          .selectFrom('articles')
          .select('section_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        counts.set(row.section_id, (counts.get(row.section_id) ?? 0) + 1);
      }
      const national = sections.find((s) => s.slug === 'وطنية')!;
      const alsoNational = new Set(ids.filter((_, n) => ALSO_IN_NATIONAL(n)));
      const busiest = sections.find((s) => s.id === [...counts].sort((a, b) => b[1] - a[1])[0]?.[0])!;
      const bySection = await walk(`section=${encodeURIComponent(busiest.slug)}`, 4);
      assert.deepEqual(
        bySection.map((a) => a.id),
        await expected(
          (row) => row.section_id === busiest.id || (busiest.slug === 'وطنية' && alsoNational.has(row.id)),
        ),
      );

      // وطنية lists its own articles and those that add it as a secondary section, in one order.
      const byNational = await walk(`section=${encodeURIComponent(national.slug)}`, 3);
      assert.deepEqual(
        byNational.map((a) => a.id),
        await expected((row) => row.section_id === national.id || alsoNational.has(row.id)),
      );
      const secondary = byNational.filter((a) => a.section.slug !== national.slug);
      assert.ok(secondary.length > 0, 'some are listed there as a secondary section');
      for (const article of secondary) {
        assert.ok(alsoNational.has(article.id));
        assert.deepEqual(article.secondarySections, [{ slug: 'وطنية', name: 'وطنية' }]);
      }
      const one = (await app.inject(`/api/v1/articles/${secondary[0]!.id}`)).json() as {
        secondarySections: { slug: string }[];
      };
      assert.deepEqual(
        one.secondarySections.map((s) => s.slug),
        ['وطنية'],
      );

      const tag = await store.db
        .selectFrom('tags')
        .selectAll()
        .where('name', '=', 'الانتخابات')
        .executeTakeFirstOrThrow();
      const tagged = new Set(
        (await store.db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tag.id).execute()).map(
          (r) => r.article_id,
        ),
      );
      const byTag = await walk(`tag=${encodeURIComponent(tag.slug)}`, 3);
      assert.equal(byTag.length, Math.ceil(ARTICLES / 4));
      assert.deepEqual(
        byTag.map((a) => a.id),
        await expected((row) => tagged.has(row.id)),
      );
      assert.ok(byTag.every((a) => a.tags.some((t) => t.name === 'الانتخابات')));

      const author = await store.db
        .selectFrom('authors')
        .selectAll()
        .where('name', '=', 'مراسل الرباط')
        .executeTakeFirstOrThrow();
      const byAuthor = await walk(`author=${encodeURIComponent(author.slug)}`, 5);
      assert.equal(byAuthor.length, Math.ceil(ARTICLES / 3));
      assert.ok(byAuthor.every((a) => a.authors.some((x) => x.slug === author.slug)));
      const both = await walk(`author=${encodeURIComponent(author.slug)}&tag=${encodeURIComponent(tag.slug)}`, 2);
      assert.deepEqual(
        both.map((a) => a.id),
        byAuthor.filter((a) => tagged.has(a.id)).map((a) => a.id),
      );

      const dated = (await walk('', 100)).filter((a) => a.publishedAt);
      const middle = dated[Math.floor(dated.length / 2)]!.publishedAt!;
      const since = await walk(`from=${encodeURIComponent(middle)}`, 6);
      assert.ok(since.length > 0 && since.every((a) => a.publishedAt !== null && a.publishedAt >= middle));
      assert.equal(since.length, dated.filter((a) => a.publishedAt! >= middle).length);
      const until = await walk(`to=${encodeURIComponent(middle)}`, 6);
      assert.equal(since.length + until.length, dated.length, 'from and to split the dated articles');
      // A day is the newsroom's calendar day (Africa/Casablanca), "to" included.
      const day = dayOf(new Date(middle), 'Africa/Casablanca');
      const oneDay = await walk(`from=${day}&to=${day}`, 50);
      assert.ok(oneDay.some((a) => a.publishedAt === middle));
      assert.ok(oneDay.every((a) => dayOf(new Date(a.publishedAt!), 'Africa/Casablanca') === day));
    });

    it('lists what changed since a time, oldest change first, and picks up after an edit', async () => {
      const all = await walk(`updatedSince=${encodeURIComponent('2000-01-01T00:00:00Z')}`, 8);
      assert.equal(all.length, ids.length);
      const times = all.map((a) => `${a.updatedAt}#${String(a.id).padStart(8, '0')}`);
      assert.deepEqual(times, [...times].sort());
      const after = all.at(-1)!.updatedAt;
      const before = await walk(`updatedSince=${encodeURIComponent(after)}`, 8);
      assert.ok(before.length >= 1 && before.every((a) => a.updatedAt >= after));
    });

    it('answers with an ETag, 304 when nothing changed, and a new ETag once an article is published', async () => {
      for (const server of [app, uncached]) {
        const first = await server.inject({ url: '/api/v1/articles?limit=5', remoteAddress: '10.1.1.1' });
        assert.equal(first.statusCode, 200);
        const etag = first.headers.etag as string;
        assert.match(etag, /^W\/"[\w-]+"$/);
        assert.match(first.headers['cache-control'] as string, /public, max-age=\d+/);
        assert.match(first.headers['content-type'] as string, /^application\/json/);
        assert.equal(first.headers['access-control-allow-origin'], '*');
        const again = await server.inject({
          url: '/api/v1/articles?limit=5',
          headers: { 'if-none-match': etag },
          remoteAddress: '10.1.1.2',
        });
        assert.equal(again.statusCode, 304);
        assert.equal(again.body, '');
        const other = await server.inject({ url: '/api/v1/articles?limit=6', headers: { 'if-none-match': etag } });
        assert.equal(other.statusCode, 200, 'another list has another ETag');
      }
      const cachedAgain = await app.inject('/api/v1/articles?limit=5');
      assert.equal(cachedAgain.headers['x-ghad-cache'], 'hit');
      const etag = cachedAgain.headers.etag as string;

      // A newsroom publication: the purge (as the job loop records it) refreshes the list.
      const draft = await store.newsroomArticles.create(
        { id: people.editor.id, role: 'editor' },
        {
          headline: 'المجلس الجماعي يصادق على ميزانية النقل الحضري',
          body: [{ type: 'paragraph', text: 'صادق المجلس الجماعي بالأغلبية على ميزانية جديدة للنقل الحضري.' }],
          sectionSlug: 'وطنية',
          bylines: [{ name: 'سلمى بناني', kind: 'person' }],
        },
      );
      const published = await store.newsroomArticles.transition({ id: people.editor.id, role: 'editor' }, draft.id, {
        action: 'publish',
      });
      assert.ok(published.change);
      app.pageCache.purge(['home', `article:${draft.id}`]);
      const fresh = await app.inject({ url: '/api/v1/articles?limit=5', headers: { 'if-none-match': etag } });
      assert.equal(fresh.statusCode, 200);
      assert.notEqual(fresh.headers.etag, etag);
      assert.equal((fresh.json() as { data: Summary[] }).data[0]?.id, draft.id, 'the new article leads the list');

      const one = await app.inject(`/api/v1/articles/${draft.id}`);
      assert.equal(one.statusCode, 200);
      const article = one.json() as {
        title: string;
        body: unknown[];
        bylines: { name: string }[];
        corrections: unknown[];
      };
      assert.equal(article.title, 'المجلس الجماعي يصادق على ميزانية النقل الحضري');
      assert.equal(article.body.length, 1);
      assert.deepEqual(
        article.bylines.map((b) => b.name),
        ['سلمى بناني'],
      );
      const revalidated = await app.inject({
        url: `/api/v1/articles/${draft.id}`,
        headers: { 'if-none-match': one.headers.etag as string },
      });
      assert.equal(revalidated.statusCode, 304);
    });

    it("gives a featured image's address as readers get it: a kept file on the site, an imported URL as it is", async () => {
      const [kept, linked] = ids as [number, number];
      const keptHash = 'd'.repeat(64);
      const keptMedia = await store.media.save({
        hash: keptHash,
        path: `dd/${keptHash}.jpg`,
        mimeType: 'image/jpeg',
        width: 800,
        height: 533,
        bytes: 64_000,
        alt: 'واجهة البرلمان في الرباط',
        caption: null,
        credit: null,
      });
      const linkedMedia = await store.media.save({
        hash: 'e'.repeat(64),
        path: 'https://www.jawharafm.net/images/photo.jpg',
        mimeType: 'image/jpeg',
        width: null,
        height: null,
        bytes: 0,
        alt: 'ميناء سوسة',
        caption: null,
        credit: null,
      });
      await store.db.updateTable('articles').set({ featured_media_id: keptMedia }).where('id', '=', kept).execute();
      await store.db.updateTable('articles').set({ featured_media_id: linkedMedia }).where('id', '=', linked).execute();
      const featured = async (id: number) =>
        ((await app.inject(`/api/v1/articles/${id}`)).json() as { featuredImage: { url: string } }).featuredImage;
      assert.equal((await featured(kept)).url, `https://alghad24.test/media/dd/${keptHash}.jpg`);
      assert.equal((await featured(linked)).url, 'https://www.jawharafm.net/images/photo.jpg');
    });

    it('serves sections, and tags and authors in keyset pages', async () => {
      const sections = (await app.inject('/api/v1/sections')).json() as { data: { slug: string; name: string }[] };
      assert.deepEqual(
        sections.data.map((s) => s.slug),
        (await store.taxonomy.sections()).map((s) => s.slug),
      );
      for (const kind of ['tags', 'authors'] as const) {
        const slugs: string[] = [];
        let cursor: string | null = null;
        do {
          const response: LightMyRequestResponse = await app.inject(
            `/api/v1/${kind}?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          );
          assert.equal(response.statusCode, 200);
          const body = response.json() as { data: { slug: string }[]; nextCursor: string | null };
          slugs.push(...body.data.map((d) => d.slug));
          cursor = body.nextCursor;
        } while (cursor);
        const rows = await store.db.selectFrom(kind).select('slug').orderBy('id').execute();
        assert.deepEqual(
          slugs,
          rows.map((r) => r.slug),
          kind,
        );
      }
    });

    it('keys the page cache by what a route reads: ignored parameters and other spellings share one entry', async () => {
      const listed = (await app.inject('/api/v1/articles?limit=1')).json() as { data: Summary[] };
      const id = listed.data[0]?.id as number;
      assert.ok(id);
      for (const url of [`/api/v1/articles/${id}`, '/api/v1/sections', '/api/v1/tags?limit=3']) {
        assert.equal((await app.inject(url)).statusCode, 200, url);
      }
      const entries = app.pageCache.stats.entries;
      for (let i = 0; i < 25; i++) {
        for (const url of [
          `/api/v1/articles/${id}?x=${i}`,
          `/api/v1/sections?x=${i}&utm_source=${i}`,
          `/api/v1/articles/${'0'.repeat(i + 1)}${id}`,
          `/api/v1/tags?limit=${'0'.repeat(i + 1)}3`,
        ]) {
          const answer = await app.inject(url);
          assert.equal(answer.statusCode, 200, url);
          assert.equal(answer.headers['x-ghad-cache'], 'hit', `${url} is served from the entry of what it reads`);
        }
      }
      assert.equal(app.pageCache.stats.entries, entries, 'no new cache entry for a made-up query string');
      const other = await app.inject('/api/v1/tags?limit=4');
      assert.equal(other.headers['x-ghad-cache'], 'miss', 'a parameter the route reads still makes its own entry');
    });

    it('takes content keys: valid ones are identified and get their own limit, bad ones are refused', async () => {
      const { apiTokens, accounts } = newsroomAccounts(store.db);
      const partner = await apiTokens.create({
        kind: 'content',
        name: 'تطبيق شريك',
        userId: people.administrator.id,
        rateLimit: 3,
      });
      const generous = await apiTokens.create({ kind: 'content', name: 'هسبريس', userId: people.administrator.id });
      const revoked = await apiTokens.create({ kind: 'content', name: 'شريك سابق', userId: people.administrator.id });
      await apiTokens.revoke(revoked.token.id);
      const ofDisabled = await apiTokens.create({
        kind: 'content',
        name: 'مفتاح مساهم',
        userId: people.contributor.id,
      });
      await accounts.disable(people.contributor.id);

      const as = (secret: string | undefined, server = uncached, address = '10.2.2.2') =>
        server.inject({
          url: '/api/v1/sections',
          remoteAddress: address,
          headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` },
        });

      const anonymous = await as(undefined, uncached, '10.3.3.3');
      assert.equal(anonymous.statusCode, 200);
      assert.equal(anonymous.headers['x-ratelimit-limit'], '5');

      const ok = await as(partner.secret);
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers['x-ratelimit-limit'], '3');
      const row = await store.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('id', '=', partner.token.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.last_used_at, 'the key’s last use is recorded');
      assert.equal((await as(generous.secret)).headers['x-ratelimit-limit'], '1200');
      const viaHeader = await uncached.inject({ url: '/api/v1/sections', headers: { 'x-api-key': generous.secret } });
      assert.equal(viaHeader.statusCode, 200);
      // An admin token goes in Authorization only: as X-Api-Key it is refused, not read as a key.
      const admin = await apiTokens.create({ kind: 'admin', name: 'نشر آلي', userId: people.administrator.id });
      for (const server of [app, uncached]) {
        const inKeyHeader = await server.inject({
          url: '/api/v1/sections',
          headers: { 'x-api-key': admin.secret },
          remoteAddress: '10.4.4.4',
        });
        assert.equal(inKeyHeader.statusCode, 401);
        assert.equal(inKeyHeader.json().error.code, 'admin_token_in_api_key');
        assert.match(inKeyHeader.json().error.messageAr, /[\u0600-\u06ff]/);
        assert.match(inKeyHeader.headers['www-authenticate'] as string, /^Bearer/);
        const write = await server.inject({
          method: 'POST',
          url: '/api/v1/admin/articles',
          headers: { 'x-api-key': admin.secret },
          payload: {},
          remoteAddress: '10.4.4.4',
        });
        assert.equal(write.statusCode, 401, 'nor may it write through X-Api-Key');
      }
      assert.equal((await as(admin.secret)).statusCode, 200, 'the same token as Bearer works');

      for (const [secret, code] of [
        ['ghad_c_notarealkeynotarealkeynotarealkeynotareal', 'invalid_token'],
        ['something else', 'invalid_token'],
        [revoked.secret, 'token_revoked'],
        [ofDisabled.secret, 'account_disabled'],
      ] as const) {
        const refused = await as(secret, app);
        assert.equal(refused.statusCode, 401, code);
        assert.equal(refused.json().error.code, code);
        assert.match(refused.json().error.messageAr, /[\u0600-\u06ff]/);
        assert.match(refused.headers['www-authenticate'] as string, /^Bearer/);
      }

      // Over its own limit, a key is refused while others (and anonymous readers) go on.
      await as(partner.secret);
      await as(partner.secret);
      const limited = await as(partner.secret);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await as(generous.secret)).statusCode, 200);
      assert.equal((await as(undefined, uncached, '10.4.4.4')).statusCode, 200);
      // Anonymous readers are limited per address.
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await as(undefined, uncached, '10.5.5.5')).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    });

    it('refuses bad parameters with a stable code and both messages, and never answers 500', async () => {
      const cases: [string, number, string, string?][] = [
        ['/api/v1/articles?foo=1', 400, 'unknown_parameter', 'foo'],
        ['/api/v1/articles?limit=0', 400, 'bad_parameter', 'limit'],
        ['/api/v1/articles?limit=101', 400, 'bad_parameter', 'limit'],
        ['/api/v1/articles?limit=abc', 400, 'bad_parameter', 'limit'],
        ['/api/v1/articles?limit=2&limit=3', 400, 'bad_parameter', 'limit'],
        ['/api/v1/articles?section=sport', 400, 'unknown_section', 'section'],
        ['/api/v1/articles?tag=nothing-here', 400, 'unknown_tag', 'tag'],
        ['/api/v1/articles?author=nobody', 400, 'unknown_author', 'author'],
        ['/api/v1/articles?from=2021-02-30', 400, 'bad_date', 'from'],
        ['/api/v1/articles?from=yesterday', 400, 'bad_parameter', 'from'],
        ['/api/v1/articles?from=2021-03-01&to=2021-02-01', 400, 'bad_date_range', 'to'],
        ['/api/v1/articles?updatedSince=2021-01-01', 400, 'bad_parameter', 'updatedSince'],
        ['/api/v1/articles?cursor=garbage', 400, 'invalid_cursor', 'cursor'],
        [
          `/api/v1/articles?cursor=${Buffer.from('["p",null,"x"]').toString('base64url')}`,
          400,
          'invalid_cursor',
          'cursor',
        ],
        [
          `/api/v1/articles?updatedSince=2021-01-01T00:00:00Z&cursor=${Buffer.from('["p",null,5]').toString('base64url')}`,
          400,
          'invalid_cursor',
          'cursor',
        ],
        ['/api/v1/articles/0', 400, 'bad_parameter', 'id'],
        ['/api/v1/articles/abc', 400, 'bad_parameter', 'id'],
        ['/api/v1/articles/99999999', 404, 'article_not_found'],
        ['/api/v1/tags?cursor=eyJ4Ijox', 400, 'invalid_cursor', 'cursor'],
        ['/api/v1/nothing', 404, 'not_found'],
      ];
      for (const [url, status, code, field] of cases) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, status, url);
        const { error } = response.json() as {
          error: { code: string; message: string; messageAr: string; field?: string };
        };
        assert.equal(error.code, code, url);
        assert.equal(error.field, field, url);
        assert.ok(error.message.length > 0 && /[\u0600-\u06ff]/.test(error.messageAr), url);
        assert.equal(response.headers['cache-control'], 'no-store', url);
      }
      // Junk of every kind: refused or answered, never a 500.
      const junk = ['%', '%00', '\u0000', 'ا'.repeat(5000), '[]', '{}', '-1', '1e9', 'null', '🙂', "' or 1=1 --"];
      for (const value of junk) {
        for (const name of ['section', 'tag', 'author', 'from', 'to', 'updatedSince', 'cursor', 'limit']) {
          const response = await app.inject(`/api/v1/articles?${name}=${encodeURIComponent(value)}`);
          assert.ok(response.statusCode < 500, `${name}=${value.slice(0, 20)}: ${response.statusCode}`);
        }
      }
    });

    it('reads a page in a bounded number of index steps (keyset, not offset)', async () => {
      // The walk's query plan reads the listing index: no full sort of the articles.
      if (dialect !== 'sqlite') return;
      const plan = await sql<{ detail: string }>`explain query plan
        select id from articles where status = 'published' and published_at is not null
          and (published_at, id) < ('2100-01-01T00:00:00.000Z', 999999999)
          order by published_at desc, id desc limit 21`.execute(store.db);
      const details = plan.rows.map((r) => r.detail).join(' | ');
      assert.match(details, /articles_published/);
      assert.doesNotMatch(details, /TEMP B-TREE/);
    });
  });
}
