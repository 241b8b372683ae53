import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { StaticFile } from '../static-file.ts';

/**
 * The article editor's browser app (editor-bundle.ts), read or bundled the first time an
 * editor page asks for it, then kept in memory for the life of the process. Its URL carries
 * the bundle's hash, so browsers keep it for a year.
 */
interface EditorBundle {
  url: string;
  file: StaticFile;
  hash: string;
}

let bundling: Promise<EditorBundle> | undefined;

/** Where `npm run build` puts the bundle, beside this module in dist/. */
export const PREBUILT_EDITOR = new URL('./editor.bundle.js', import.meta.url);

/** The compiled server's prebuilt bundle; from the sources, esbuild's (loaded only then). */
async function editorCode(): Promise<Buffer> {
  try {
    return await fs.promises.readFile(PREBUILT_EDITOR);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { bundleEditor } = await import('./editor-bundle.ts');
  return bundleEditor();
}

async function bundle(prefix: string): Promise<EditorBundle> {
  const code = await editorCode();
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
  return {
    url: `${prefix}/assets/editor.js?v=${hash}`,
    file: new StaticFile('text/javascript; charset=utf-8', code),
    hash,
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
    return script.file.send(request, reply, fresh ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  return async () => (await get()).url;
}
