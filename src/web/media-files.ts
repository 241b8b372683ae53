import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** What the file names of kept media look like: `ab/<sha-256 hex>.<extension>`. */
const MEDIA_NAME = /^[0-9a-f]{2}\/[0-9a-f]{64}\.(jpg|jpeg|png|gif|webp|avif|svg)$/;

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/**
 * Serves the media files kept under `<data dir>/media/` (imported featured images): names are
 * content hashes, so a file never changes and is cached for a year. Anything else is a 404.
 */
export function registerMediaFiles(app: FastifyInstance, dataDir: string, notFound: (reply: never) => unknown): void {
  const root = path.join(dataDir, 'media');
  app.get<{ Params: { dir: string; file: string } }>('/media/:dir/:file', async (request, reply) => {
    const name = `${request.params.dir}/${request.params.file}`;
    const match = MEDIA_NAME.exec(name);
    if (!match) return notFound(reply as never);
    const file = path.join(root, name);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return notFound(reply as never);
    }
    reply
      .header('content-type', TYPES[match[1] as string] ?? 'application/octet-stream')
      .header('content-length', stat.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff');
    // SVG can carry scripts: shown as an image only, never as a document.
    if (match[1] === 'svg') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return reply.send(fs.createReadStream(file));
  });
}
