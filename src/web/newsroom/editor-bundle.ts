import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/**
 * The article editor's browser app (editor/main.tsx: Preact and ProseMirror) as one minified
 * script, by esbuild: `npm run build` writes it beside the compiled server, and a server run
 * from the sources (tests, `npm run dev`) makes it the first time an editor page asks.
 */
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

export async function bundleEditor(): Promise<Buffer> {
  // esbuild loads only here: a server run from dist/ has the bundle made already.
  const { build } = await import('esbuild');
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
  return Buffer.from(result.outputFiles[0]!.contents);
}
