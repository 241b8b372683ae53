import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long the rest of a refused upload is read and dropped before the connection is cut. */
export const LINGER_MS = 2000;

/**
 * After refusing an upload still arriving: answer, read and drop what keeps coming for at most
 * LINGER_MS (nothing is kept), then cut the connection. Closing at once ("Connection: close")
 * makes the client's next write fail with EPIPE before it has read the answer, so it would see a
 * network error instead of the Arabic refusal; reading to the end would take all of a 2 GB upload.
 * This is nginx's "lingering close".
 */
export function closeAfterAnswer(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket;
  // inject()'s requests have no real socket: nothing to close.
  if (typeof socket?.destroy !== 'function' || request.raw.readableEnded) return;
  reply.raw.once('finish', () => {
    request.raw.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
