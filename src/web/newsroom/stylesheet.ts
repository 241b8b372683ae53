import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { withFonts } from '../assets.ts';
import { StaticFile } from '../static-file.ts';

/**
 * The newsroom's own small stylesheet, under a content-hashed name inside the newsroom's
 * prefix, cached for a year, with the reader site's fonts (web/fonts.css) in front.
 */
export function registerNewsroomStylesheet(app: FastifyInstance): string {
  const css = withFonts(fs.readFileSync(new URL('./newsroom.css', import.meta.url)));
  const name = `/assets/newsroom.${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
  const file = new StaticFile('text/css; charset=utf-8', css);
  app.get(name, async (request, reply) => file.send(request, reply));
  return `${app.prefix}${name}`;
}
