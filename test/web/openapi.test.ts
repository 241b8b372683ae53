/**
 * The OpenAPI document at /api/v1/openapi.json: valid OpenAPI 3.1 (checked against the
 * official schema), generated from the very routes the server registers (every /api/v1 route
 * is in it, with its parameters), and the reference page at /api/v1/docs lists them all.
 * Tools read it as they would: Redocly's recommended rules find no error, and a client typed by
 * openapi-typescript from it type-checks right calls and refuses wrong ones.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
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
      paths: Record<
        string,
        Record<
          string,
          {
            operationId?: string;
            parameters?: { name: string; in: string }[];
            security?: Record<string, string[]>[];
          }
        >
      >;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> };
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
  });

  it('declares who may call each operation, with the schemes the server reads', async () => {
    const doc = await document();
    const schemes = doc.components.securitySchemes;
    assert.deepEqual(Object.keys(schemes).sort(), ['bearer', 'contentKey']);
    assert.equal(schemes.bearer!.scheme, 'bearer');
    assert.deepEqual(
      [schemes.contentKey!.type, schemes.contentKey!.in, schemes.contentKey!.name],
      ['apiKey', 'header', 'X-Api-Key'],
    );
    // Reading: anyone, or with a key (`{}` makes it optional); writing: an admin token only.
    assert.deepEqual(doc.paths['/api/v1/articles']!.get!.security, [{}, { bearer: [] }, { contentKey: [] }]);
    assert.deepEqual(doc.paths['/api/v1/search']!.get!.security, [{}, { bearer: [] }, { contentKey: [] }]);
    assert.deepEqual(doc.paths['/api/v1/admin/articles']!.post!.security, [{ bearer: [] }]);
    for (const [url, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        assert.ok(operation.security, `${method} ${url} says who may call it`);
        for (const requirement of operation.security) {
          for (const name of Object.keys(requirement))
            assert.ok(schemes[name], `${method} ${url}: ${name} is declared`);
        }
      }
    }
  });

  it('names every operation once, in camelCase, for generated clients', async () => {
    const doc = await document();
    const ids = new Map<string, string>();
    for (const [url, item] of Object.entries(doc.paths)) {
      for (const [method, { operationId }] of Object.entries(item)) {
        assert.match(operationId ?? '', /^[a-z][a-zA-Z]+$/, `${method} ${url} has an operationId`);
        assert.equal(ids.get(operationId!), undefined, `${operationId} names ${ids.get(operationId!)} already`);
        ids.set(operationId!, `${method.toUpperCase()} ${url}`);
      }
    }
    // Clients call these by name: renaming one breaks them.
    assert.equal(ids.get('listArticles'), 'GET /api/v1/articles');
    assert.equal(ids.get('getArticle'), 'GET /api/v1/articles/{id}');
    assert.equal(ids.get('searchArticles'), 'GET /api/v1/search');
    assert.equal(ids.get('createArticle'), 'POST /api/v1/admin/articles');
    assert.equal(ids.get('transitionArticle'), 'POST /api/v1/admin/articles/{id}/transitions');
  });

  it('passes Redocly’s recommended rules with no error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      fs.writeFileSync(file, JSON.stringify(await document()));
      const redocly = path.resolve('node_modules/.bin/redocly');
      const args = ['lint', '--extends=recommended', '--format=json', file];
      // Telemetry and the update check off: the test reaches nothing outside.
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      // It exits 1 when it finds an error: the report on stdout says which.
      const stdout = await promisify(execFile)(redocly, args, { env })
        .then((run) => run.stdout)
        .catch((failed: { stdout?: string }) => failed.stdout ?? '');
      const report = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; location: { pointer: string }[] }[];
      };
      const listed = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
      assert.equal(report.totals.errors, 0, listed.join('\n'));
      // The one warning left: no licence in `info` (the API serves a newspaper's articles, whose
      // terms are the newspaper's own, not the software's).
      assert.deepEqual(
        report.problems.map((p) => p.ruleId),
        ['info-license'],
        listed.join('\n'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('types a client with openapi-typescript that accepts right calls and refuses wrong ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-openapi-client-'));
    try {
      const doc = await document();
      fs.writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(doc as unknown as OpenAPI3)));
      fs.writeFileSync(path.join(dir, 'client.ts'), TYPED_CLIENT);
      // The same calls with the expected errors unmarked: each must then be an error.
      const unmarked = TYPED_CLIENT.split('\n').filter((line) => !line.includes('@ts-expect-error'));
      fs.writeFileSync(path.join(dir, 'unmarked.ts'), unmarked.join('\n'));
      const program = ts.createProgram([path.join(dir, 'client.ts'), path.join(dir, 'unmarked.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        lib: ['lib.es2022.d.ts'],
        types: [],
        skipLibCheck: true,
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ({
        file: path.basename(d.file?.fileName ?? ''),
        line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1,
        text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      }));
      const show = (list: typeof problems) => list.map((p) => `${p.file}:${p.line + 1} ${p.text}`).join('\n');
      const inClient = problems.filter((p) => p.file === 'client.ts');
      assert.deepEqual(inClient, [], show(inClient));
      // Each wrong call is refused where it is, and nothing else is.
      const wrongLines = unmarked.flatMap((line, i) => (/wrong:/.test(line) ? [i] : []));
      assert.equal(wrongLines.length, 4);
      const inUnmarked = problems.filter((p) => p.file === 'unmarked.ts');
      assert.deepEqual(
        inUnmarked.map((p) => p.line),
        wrongLines,
        show(inUnmarked),
      );
      assert.equal(problems.length, inClient.length + inUnmarked.length, show(problems));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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

/**
 * A partner's code against the generated types (api.ts beside it): a typed GET, right calls,
 * and wrong ones each marked `@ts-expect-error` (on the line before a `wrong:` comment).
 */
const TYPED_CLIENT = `import type { paths } from './api.ts';

type Get<P extends keyof paths> = paths[P] extends { get: infer Operation } ? Operation : never;
type Query<P extends keyof paths> = Get<P> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Answer<P extends keyof paths> =
  Get<P> extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;
declare function get<P extends keyof paths>(path: P, query: Query<P>): Promise<Answer<P>>;

type Article = paths['/api/v1/articles/{id}']['get']['responses'][200]['content']['application/json'];
type Refused = paths['/api/v1/search']['get']['responses'][429];
type Draft = paths['/api/v1/admin/articles']['post']['requestBody'];

export async function latestTitles(): Promise<string[]> {
  const page = await get('/api/v1/articles', { section: 'politique', limit: 5 });
  const next: string | null = page.nextCursor;
  return page.data.map((summary) => summary.title + (next ?? ''));
}

export async function firstFound(): Promise<string | undefined> {
  const found = await get('/api/v1/search', { q: 'تونس', limit: 3 });
  const total: number = found.total;
  return total > 0 ? found.results[0]?.title : undefined;
}

export const headline = (article: Article): string => article.title;
export const waitSeconds = (refused: Refused): number | undefined => refused.headers['retry-after'];
export const messageAr = (refused: Refused): string => refused.content['application/json'].error.messageAr;
export const draft: NonNullable<Draft>['content']['application/json'] = {
  headline: 'عنوان',
  sectionSlug: 'politique',
  body: [{ type: 'paragraph', text: 'نص' }],
  bylines: [{ name: 'سلمى بناني', kind: 'person' }],
};

export async function wrongCalls(): Promise<void> {
  // @ts-expect-error
  await get('/api/v1/search', { query: 'تونس' }); // wrong: the search's parameter is q
  // @ts-expect-error
  await get('/api/v1/articles', { limit: 'five' }); // wrong: limit is a number
  const page = await get('/api/v1/articles', {});
  // @ts-expect-error
  page.data[0]?.body; // wrong: a summary has no body (one article has)
  // @ts-expect-error
  await get('/api/v1/nowhere', {}); // wrong: no such path
}
`;
