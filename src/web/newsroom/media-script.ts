import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/**
 * The media library's one script (media-library.js: drag and drop, uploads one by one with
 * their progress), under a content-hashed name inside the newsroom's prefix, cached for a year.
 */
export function registerMediaLibraryScript(app: FastifyInstance): string {
  const js = fs.readFileSync(new URL('./media-library.js', import.meta.url));
  const name = `/assets/media-library.${createHash('sha256').update(js).digest('hex').slice(0, 10)}.js`;
  const gzip = zlib.gzipSync(js, { level: 9 });
  app.get(name, async (request, reply) => {
    reply.header('content-type', 'text/javascript; charset=utf-8');
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      return reply.header('content-encoding', 'gzip').send(gzip);
    }
    return reply.send(js);
  });
  return `${app.prefix}${name}`;
}
