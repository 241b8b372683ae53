import type { FastifyInstance } from 'fastify';
import type { MediaStorage } from '../media/media-storage.ts';

/**
 * Every image file Ghad keeps, at one route: the library's variants at
 * /media/<hash>/<width>.webp|.jpg and the WordPress import's copies at /media/ab/<hash>.<ext>,
 * read from the disk or streamed from the bucket (media-storage.ts). A file's URL names its
 * content (a SHA-256), so it never changes: cached for a year, immutable. Anything else under
 * /media/ is the site's 404.
 */
export function registerMediaFiles(app: FastifyInstance, storage: MediaStorage): void {
  app.get<{ Params: { '*': string } }>('/media/*', async (request, reply) => {
    const found = await storage.read(request.params['*']);
    if (!found) return reply.callNotFound();
    const etag = `"${request.params['*'].replace('/', '-')}"`;
    reply
      .header('content-type', found.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag);
    if (request.headers['if-none-match'] === etag) {
      found.body.destroy();
      return reply.code(304).send();
    }
    return reply.header('content-length', found.bytes).send(found.body);
  });
}
