import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The newsroom answers pages and plain forms with Arabic pages, and its JSON endpoints (a path
 * ending in .json, or a fetch() asking for application/json) with JSON, refusals included:
 * `{ error: { code, message, messageAr } }`, the API's one error format.
 */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.split('?')[0]?.endsWith('.json')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** A refusal: its status, stable code, and the reason in English and Arabic. */
export interface Refusal {
  status: number;
  code: string;
  en: string;
  ar: string;
  /** The page's title when it is not the status's. */
  title?: string;
}

export function sendJsonRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply
    .code(refusal.status)
    .header('cache-control', 'no-store')
    .send({ error: { code: refusal.code, message: refusal.en, messageAr: refusal.ar } });
}
