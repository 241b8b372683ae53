/**
 * `npm run build`: the server compiled to dist/, what `npm start` and production run (no tsx
 * in the serving process). esbuild bundles src/cli/main.ts and the packages it uses into
 * dist/ghad.js and its chunks (with source maps): a few files load in half the time of the 260
 * modules and their packages' thousand, which is most of what a restart costs before the first
 * answer; what is imported only when used waits in its own chunk.
 * Types are checked by `npm test`, not here. The files the code reads beside itself
 * (stylesheets, scripts, images) are copied to their places under dist/, and each module's
 * `import.meta.url` names its own place there, so they are found as from the sources. The
 * article editor's browser bundle is made now rather than on the first editor page. The build
 * is written to a fresh folder and swapped in: a build that fails leaves the last good one.
 *
 *   npm run build [-- --out <dir>]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { bundleEditor } from '../src/web/newsroom/editor-bundle.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = path.join(ROOT, 'src');
/** The compiled server, at the root of dist/. */
export const SERVER_FILE = 'ghad.js';
/** Written last: its time is the build's (bin/ghad.js compares the sources' with it). */
export const BUILD_STAMP = '.build-stamp';

/**
 * Left as imports of node_modules: native addons, and what loads only for one rare path (the
 * S3 client, esbuild for the editor from the sources).
 */
const EXTERNAL = ['better-sqlite3', 'sharp', '@node-rs/argon2', 'pg-native', 'esbuild', '@aws-sdk/*'];

/**
 * The files the build starts from, each written at the root of dist/: the server, and the
 * analysis worker thread (store/analysis-workers.ts starts it from its own file).
 */
const ENTRY_POINTS = {
  ghad: path.join(SOURCES, 'cli/main.ts'),
  'analysis-worker': path.join(SOURCES, 'store/analysis-worker.ts'),
};

/** Each source module's `import.meta.url` as its place under dist/, where its files are copied. */
const ownPlaceInDist: Plugin = {
  name: 'own-place-in-dist',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.tsx?$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const place = `./${path
        .relative(SOURCES, args.path)
        .split(path.sep)
        .join('/')
        .replace(/\.tsx?$/, '.js')}`;
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(place)}, import.meta.url).href`),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

/** Files under src/ that the server reads at run time (not modules). */
function filesBesideTheCode(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !/\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export async function buildServer(outDir: string): Promise<{ bytes: number; chunks: number; files: number }> {
  const staging = `${outDir.replace(/\/+$/, '')}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const others = filesBesideTheCode(SOURCES);
  try {
    await build({
      // The analysis worker thread (store/analysis-workers.ts) is a file of its own.
      entryPoints: ENTRY_POINTS,
      outdir: staging,
      bundle: true,
      // What the code imports only when needed (the S3 client, the importers, sharp's variants,
      // the rebuilds) becomes its own chunk beside ghad.js, read on first use, not at start.
      // Chunks sit at the root of dist/ with ghad.js, so that the places written for
      // import.meta.url below hold in every one of them.
      splitting: true,
      chunkNames: '[name]-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      // Less to read and parse at each start; identifiers kept as written, for stack traces.
      minifyWhitespace: true,
      minifySyntax: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      external: EXTERNAL,
      // The packages bundled in that are CommonJS call require(), which ESM lacks.
      banner: {
        js: "import { createRequire as __ghadRequire } from 'node:module';\nconst require = __ghadRequire(import.meta.url);",
      },
      logLevel: 'warning',
      plugins: [ownPlaceInDist],
    });
    for (const file of others) {
      const target = path.join(staging, path.relative(SOURCES, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(file, target);
    }
    fs.writeFileSync(path.join(staging, 'web/newsroom/editor.bundle.js'), await bundleEditor());
    fs.writeFileSync(path.join(staging, BUILD_STAMP), `${new Date().toISOString()}\n`);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = `${staging}.previous`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, previous);
  fs.renameSync(staging, outDir);
  fs.rmSync(previous, { recursive: true, force: true });
  const code = fs.readdirSync(outDir).filter((name) => name.endsWith('.js'));
  const bytes = code.reduce((sum, name) => sum + fs.statSync(path.join(outDir, name)).size, 0);
  return { bytes, chunks: code.length - Object.keys(ENTRY_POINTS).length, files: others.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? path.join(ROOT, 'dist'));
  const started = performance.now();
  const { bytes, chunks, files } = await buildServer(outDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const where = path.relative(process.cwd(), path.join(outDir, SERVER_FILE));
  const size = `${(bytes / 1024 / 1024).toFixed(1)} MB with its ${chunks} chunks`;
  console.log(`Built ${where} (${size}) and ${files} files beside it in ${seconds} s.`);
}
