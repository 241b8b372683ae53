import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import type { FastifyInstance } from 'fastify';

/**
 * The article editor's browser app (editor/main.tsx: Preact and ProseMirror), bundled by
 * esbuild the first time an editor page asks for it, then kept in memory for the life of the
 * process. Nothing to build by hand: `npm start` and the tests get the bundle from the
 * source they run. Its URL carries the bundle's hash, so browsers keep it for a year.
 */
interface EditorBundle {
  url: string;
  code: Buffer;
  gzip: Buffer;
  br: Buffer;
  hash: string;
}

let bundling: Promise<EditorBundle> | undefined;

const ENTRY = fileURLToPath(new URL('./editor/main.tsx', import.meta.url));
const BROWSER_ZONES = fileURLToPath(new URL('../../arabic/iana-zones.browser.ts', import.meta.url));

/**
 * The browser gets no time-zone database: dates.ts's rules come from the zone the server puts
 * in the editor's boot data, so iana-zones.ts (and moment-timezone) stay out of the bundle.
 */
const zoneRulesFromServer: Plugin = {
  name: 'zone-rules-from-server',
  setup(build) {
    build.onResolve({ filter: /\/iana-zones\.ts$/ }, () => ({ path: BROWSER_ZONES }));
  },
};

async function bundle(prefix: string): Promise<EditorBundle> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    target: ['chrome109', 'firefox115', 'safari15.6'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
    plugins: [zoneRulesFromServer],
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
  return {
    url: `${prefix}/assets/editor.js?v=${hash}`,
    code,
    hash,
    gzip: zlib.gzipSync(code, { level: 9 }),
    br: zlib.brotliCompressSync(code),
  };
}

/** Registers the script's route; the returned function gives its URL (bundling on first use). */
export function registerEditorScript(app: FastifyInstance): () => Promise<string> {
  const prefix = app.prefix;
  const get = () => {
    bundling ??= bundle(prefix).catch((error: unknown) => {
      bundling = undefined;
      throw error;
    });
    return bundling;
  };
  app.get('/assets/editor.js', async (request, reply) => {
    const script = await get();
    const fresh = (request.query as Record<string, unknown>).v === script.hash;
    reply.header('content-type', 'text/javascript; charset=utf-8');
    reply.header('cache-control', fresh ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('vary', 'Accept-Encoding');
    const accept = request.headers['accept-encoding'] ?? '';
    if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(script.br);
    if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(script.gzip);
    return reply.send(script.code);
  });
  return async () => (await get()).url;
}
