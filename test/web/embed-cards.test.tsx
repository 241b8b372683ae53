/**
 * Embeds on reader pages are click-to-load cards: the server's HTML asks nothing of YouTube,
 * X or Facebook, carries the frame's address it computed, and names the card script only on
 * pages that have a card. Feeds and the API keep the embed as a link and as data.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { BodyBlocks } from '../../src/web/site/views/body-blocks.tsx';
import { PASSWORD } from '../helpers/api-fixtures.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { EMBED_BODY, EMBED_FRAMES, embedArticle } from '../helpers/embed-article.ts';
import { NewsroomClient } from './newsroom-client.ts';

/** The card script; on the newsroom preview it carries the response's nonce (test/web/security-headers.test.ts). */
const SCRIPT = /<script type="module" src="(\/assets\/embed-facade\.[0-9a-f]{10}\.js)"(?: nonce="[^"]+")?><\/script>/;
const THIRD_PARTY = /youtube-nocookie|platform\.twitter|facebook\.com\/plugins/;

/** The <figure> cards of a page, in order. */
const cards = (html: string) => [...html.matchAll(/<figure class="embed[^"]*"[\s\S]*?<\/figure>/g)].map((m) => m[0]);

describe('embed blocks rendered as cards', () => {
  it('renders a card per framable embed, with its provider, title, button, note and link', () => {
    const html = renderToString(<BodyBlocks blocks={EMBED_BODY} embeds="cards" />);
    const [youtube, x, facebook, ...rest] = cards(html);
    assert.equal(rest.length, 0, 'the link and the unreadable YouTube address are no cards');

    assert.match(
      youtube ?? '',
      /^<figure class="embed embed--youtube embed--video" aria-label="فيديو على يوتيوب: حملة التلقيح/,
    );
    assert.ok(youtube?.includes(`data-embed-src="${EMBED_FRAMES.youtube.replace(/&/g, '&amp;')}"`), youtube);
    assert.match(youtube ?? '', /data-embed-allow="autoplay; encrypted-media; picture-in-picture; fullscreen"/);
    assert.match(
      youtube ?? '',
      /<p class="embed__title" dir="auto">حملة التلقيح في المدارس: ما يجب أن يعرفه الآباء<\/p>/,
    );
    assert.match(
      youtube ?? '',
      /<div class="embed__consent" hidden><button type="button" class="embed__load">تشغيل الفيديو<\/button><p class="embed__note">يُحمَّل من يوتيوب عند الضغط<\/p><\/div>/,
    );
    assert.match(
      youtube ?? '',
      /<figcaption><a href="https:\/\/www.youtube.com\/watch\?v=dQw4w9WgXcQ" rel="noopener nofollow">شاهد الفيديو على يوتيوب<\/a><\/figcaption>/,
    );

    assert.match(x ?? '', /class="embed embed--x embed--post" aria-label="تدوينة على إكس"/);
    assert.ok(x?.includes(`data-embed-src="${EMBED_FRAMES.x.replace(/&/g, '&amp;')}"`), x);
    assert.match(x ?? '', />عرض التدوينة<\/button><p class="embed__note">يُحمَّل من إكس عند الضغط</);

    assert.match(facebook ?? '', /class="embed embed--facebook embed--post" aria-label="منشور على فيسبوك"/);
    assert.ok(facebook?.includes(`data-embed-src="${EMBED_FRAMES.facebook}"`), facebook);
    assert.match(facebook ?? '', />عرض المنشور<\/button><p class="embed__note">يُحمَّل من فيسبوك عند الضغط</);

    assert.match(
      html,
      /<div class="embed"><a href="https:\/\/www.sante.gov.ma\/campagne" rel="noopener nofollow">بلاغ الوزارة<\/a><\/div>/,
    );
    assert.match(
      html,
      /<div class="embed"><a href="https:\/\/www.youtube.com\/watch\?v=not&quot;an-id" rel="noopener nofollow">/,
    );
    assert.doesNotMatch(html, /<iframe/);
  });

  it('renders embeds as plain links unless asked for cards (feeds)', () => {
    const html = renderToString(<BodyBlocks blocks={EMBED_BODY} />);
    assert.doesNotMatch(html, /<figure|<button|data-embed-src/);
    assert.match(
      html,
      /<a href="https:\/\/www.youtube.com\/watch\?v=dQw4w9WgXcQ" rel="noopener nofollow">حملة التلقيح/,
    );
  });
});

describe('an article with embeds on the reader site, the newsroom preview, the feeds and the API', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let withEmbeds: number;
  let withLinkOnly: number;
  let plain: number;

  before(async () => {
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    await newsroomAccounts(store.db).accounts.create({
      email: 'editor@alghad24.ma',
      displayName: 'سلمى بناني',
      role: 'editor',
      password: PASSWORD,
    });
    const section = (await store.taxonomy.sections())[0]?.slug ?? '';
    [withEmbeds, withLinkOnly, plain] = (
      await store.articles.upsertManyByExternalId([
        embedArticle(section),
        {
          ...embedArticle(section),
          externalId: 'embeds-2',
          headline: 'رابط فقط',
          body: EMBED_BODY.filter((b) => b.type !== 'embed' || b.provider === 'link'),
        },
        {
          ...embedArticle(section),
          externalId: 'embeds-3',
          headline: 'بلا تضمين',
          body: [{ type: 'paragraph', text: 'نص بلا تضمين.' }],
        },
      ])
    ).map((r) => r.id) as [number, number, number];
    // Full-text feeds: the body's HTML (BodyBlocks) is in them.
    app = await buildApp({ config: testConfig({ dataDir, feedContent: 'full' }), store, invalidationPollMs: 0 });
    await app.ready();
  });

  after(async () => {
    await app.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const articleHtml = async (id: number) => {
    const redirect = await app.inject(`/article/${id}`);
    const response = await app.inject(String(redirect.headers.location));
    assert.equal(response.statusCode, 200);
    return response.body;
  };

  it('serves the article page with three cards, no iframe, no third-party address outside data-embed-src, and the card script', async () => {
    const html = await articleHtml(withEmbeds);
    assert.equal(cards(html).length, 3);
    assert.doesNotMatch(html, /<iframe/);
    const outsideData = html.replace(/data-embed-src="[^"]*"/g, '');
    assert.doesNotMatch(outsideData, THIRD_PARTY);
    const script = SCRIPT.exec(html)?.[1];
    assert.ok(script, 'the page names the card script');
    const asset = await app.inject(script);
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['content-type']), /^text\/javascript/);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    assert.match(asset.body, /data-embed-src|embedSrc/);
  });

  it('names no card script on an article without cards (none, or only plain links), nor on the home page', async () => {
    assert.doesNotMatch(await articleHtml(withLinkOnly), /embed-facade/);
    assert.doesNotMatch(await articleHtml(plain), /embed-facade/);
    assert.doesNotMatch((await app.inject('/')).body, /embed-facade/);
  });

  it('shows the same cards and script on the newsroom preview', async () => {
    const client = await NewsroomClient.signedIn(app, 'editor@alghad24.ma', PASSWORD);
    const preview = await client.get(`/newsroom/articles/${withEmbeds}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.equal(cards(preview.body).length, 3);
    assert.match(preview.body, SCRIPT);
    assert.doesNotMatch(preview.body, /<iframe/);
  });

  it('keeps embeds as links in the feeds: no card, no button, no frame address', async () => {
    for (const feed of ['/feed.xml', '/feed.atom', '/feed.json']) {
      const body = (await app.inject(feed)).body;
      assert.ok(body.includes('https://www.youtube.com/watch?v=dQw4w9WgXcQ'), feed);
      assert.doesNotMatch(body, /embed__load|data-embed-src|youtube-nocookie/, feed);
    }
  });

  it('keeps embeds as data in the API', async () => {
    const article = (await app.inject(`/api/v1/articles/${withEmbeds}`)).json() as { body: unknown[] };
    assert.deepEqual(
      article.body.filter((b) => (b as { type: string }).type === 'embed'),
      EMBED_BODY.filter((b) => b.type === 'embed'),
    );
  });
});
