/**
 * The OpenAPI document at /api/v1/openapi.json: valid OpenAPI 3.1 (checked against the
 * official schema), generated from the very routes the server registers (every /api/v1 route
 * is in it, with its parameters), and the reference page at /api/v1/docs lists them all.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

describe('OpenAPI document and reference page', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  const routes: { method: string; url: string }[] = [];

  before(async () => {
    dataDir = temporaryDataDir();
    store = await openStore({ dataDir });
    app = await buildApp({ config: testConfig({ dataDir }), store, invalidationPollMs: 0 });
    await app.ready();
    // The routes as Fastify registered them (its printed tree, four characters a level).
    const stack: string[] = [];
    for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^([\s│├└─]*)(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!match) continue;
      const depth = match[1]!.length / 4;
      stack.length = depth;
      stack.push(match[2]!);
      const url = stack.join('').replace(/^\/+/, '/');
      if (match[3] && url.startsWith('/api/v1/')) {
        for (const method of match[3].split(', ')) routes.push({ method, url });
      }
    }
  });
  after(async () => {
    await app?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function document() {
    const response = await app.inject('/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^application\/json/);
    return response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; security?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    };
  }

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await document();
    assert.equal(doc.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    for (const name of ['ApiError', 'Article', 'ArticleSummary', 'ArticleDraft', 'Block', 'Entity', 'ArticleEntity']) {
      assert.ok(doc.components.schemas[name], `components.schemas.${name}`);
    }
  });

  it('describes every route the server has under /api/v1, and nothing it has not', async () => {
    const doc = await document();
    const registered = routes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    assert.ok(registered.length >= 12, `found the routes (${registered.join(', ')})`);
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documented, [...new Set(registered)]);
    // Parameters and security come from the route schemas.
    const list = doc.paths['/api/v1/articles']!.get!;
    assert.deepEqual(list.parameters?.map((p) => p.name).sort(), [
      'author',
      'cursor',
      'externalId',
      'from',
      'limit',
      'section',
      'tag',
      'to',
      'updatedSince',
    ]);
    // Names and entities: an article's, one entity (a merged one answers 301), any spelling.
    for (const path of ['/api/v1/articles/{id}/entities', '/api/v1/entities/{id}', '/api/v1/entities']) {
      assert.ok(doc.paths[path]?.get, path);
    }
    assert.deepEqual(doc.paths['/api/v1/entities']!.get!.parameters?.map((p) => p.name).sort(), ['limit', 'q']);
    const entityAnswers = (doc.paths['/api/v1/entities/{id}']!.get as { responses: Record<string, unknown> }).responses;
    assert.deepEqual(Object.keys(entityAnswers).sort(), ['200', '301', '400', '401', '404', '429']);
    assert.ok(doc.paths['/api/v1/admin/articles']!.post!.security, 'admin routes declare the bearer token');
    assert.equal(doc.paths['/api/v1/articles']!.get!.security, undefined);
  });

  it('renders a readable reference page from it, Arabic first, with nothing from elsewhere', async () => {
    const doc = await document();
    const response = await app.inject('/api/v1/docs');
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    const html = response.body;
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /مرجع واجهة البرمجة/);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        assert.ok(html.includes(`id="${method}-${path}"`), `${method} ${path} is on the page`);
      }
    }
    assert.doesNotMatch(html, /<script|https?:\/\/(?!alghad24\.test)[\w.-]+\/[\w/.-]*\.(js|css)/, 'no script, no CDN');
  });
});
