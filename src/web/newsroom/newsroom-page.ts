import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { scriptNonce } from '../security-headers.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { type NewsroomPage, renderNewsroomDocument } from './views/layout.tsx';

/** Sends a newsroom page; every one carries a fresh form token and is never stored by a cache. */
export function sendNewsroomPage(
  reply: FastifyReply,
  context: NewsroomContext,
  page: Omit<NewsroomPage, 'csrfToken'> & { csrfToken?: string },
  body: ComponentChildren | ((csrfToken: string) => ComponentChildren),
  status = 200,
): FastifyReply {
  const csrfToken = page.csrfToken ?? reply.generateCsrf();
  const html = renderNewsroomDocument(
    context,
    { ...page, csrfToken, scriptNonce: scriptNonce(reply) },
    typeof body === 'function' ? body(csrfToken) : body,
  );
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}
