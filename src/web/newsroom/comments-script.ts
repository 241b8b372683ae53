import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { StaticFile } from '../static-file.ts';

/** The moderation queue's keyboard script (comments-queue.js), content-hashed, cached for a year. */
export function registerCommentsQueueScript(app: FastifyInstance): string {
  const js = fs.readFileSync(new URL('./comments-queue.js', import.meta.url));
  const name = `/assets/comments-queue.${createHash('sha256').update(js).digest('hex').slice(0, 10)}.js`;
  const file = new StaticFile('text/javascript; charset=utf-8', js);
  app.get(name, async (request, reply) => file.send(request, reply));
  return `${app.prefix}${name}`;
}
