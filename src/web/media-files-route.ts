import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { MediaFiles } from '../media/media-files.ts';

/**
 * Every image file Ghad keeps, at one route: the library's variants at
 * /media/<hash>/<width>.webp|.jpg and the WordPress import's copies at /media/ab/<hash>.<ext>.
 * A file's URL names its content (a SHA-256), so it never changes: cached for a year,
 * immutable. Anything else under /media/ is the site's 404.
 */
export function registerMediaFiles(app: FastifyInstance, files: MediaFiles): void {
  app.get<{ Params: { '*': string } }>('/media/*', async (request, reply) => {
    const found = files.fileFor(request.params['*']);
    const stat = found && (await fs.promises.stat(found.file).catch(() => undefined));
    if (!found || !stat?.isFile()) return reply.callNotFound();
    const etag = `"${request.params['*'].replace('/', '-')}"`;
    reply
      .header('content-type', found.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('content-length', stat.size).send(fs.createReadStream(found.file));
  });
}
