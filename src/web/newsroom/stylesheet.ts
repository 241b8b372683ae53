import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { withFonts } from '../assets.ts';

/**
 * The newsroom's own small stylesheet, under a content-hashed name inside the newsroom's
 * prefix, cached for a year, with the reader site's fonts (web/fonts.css) in front.
 */
export function registerNewsroomStylesheet(app: FastifyInstance): string {
  const css = withFonts(fs.readFileSync(new URL('./newsroom.css', import.meta.url)));
  const name = `/assets/newsroom.${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
  const gzip = zlib.gzipSync(css, { level: 9 });
  const br = zlib.brotliCompressSync(css);
  app.get(name, async (request, reply) => {
    reply.header('content-type', 'text/css; charset=utf-8');
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('vary', 'Accept-Encoding');
    const accept = request.headers['accept-encoding'] ?? '';
    if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(br);
    if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(gzip);
    return reply.send(css);
  });
  return `${app.prefix}${name}`;
}
