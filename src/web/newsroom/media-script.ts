import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { StaticFile } from '../static-file.ts';

/**
 * The media library's one script (media-library.js: drag and drop, uploads one by one with
 * their progress), under a content-hashed name inside the newsroom's prefix, cached for a year.
 */
export function registerMediaLibraryScript(app: FastifyInstance): string {
  const js = fs.readFileSync(new URL('./media-library.js', import.meta.url));
  const name = `/assets/media-library.${createHash('sha256').update(js).digest('hex').slice(0, 10)}.js`;
  const file = new StaticFile('text/javascript; charset=utf-8', js);
  app.get(name, async (request, reply) => file.send(request, reply));
  return `${app.prefix}${name}`;
}
