import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A file served from memory (a stylesheet, a script, a font, an image), its compressed forms
 * made the first time a browser asks for them rather than when the server starts: brotli at
 * its best quality takes a restart ~0.1 s for the stylesheets and scripts together.
 */
export class StaticFile {
  #gzip: Buffer | undefined;
  #br: Buffer | undefined;

  constructor(
    readonly type: string,
    readonly identity: Buffer,
    /** Text compresses; fonts and images are compressed already. */
    readonly compressible = type.startsWith('text/') || type.includes('svg') || type.includes('javascript'),
  ) {}

  get gzip(): Buffer {
    this.#gzip ??= zlib.gzipSync(this.identity, { level: 9 });
    return this.#gzip;
  }

  get br(): Buffer {
    this.#br ??= zlib.brotliCompressSync(this.identity);
    return this.#br;
  }

  /** Sends it in the best encoding the request accepts; `cacheControl` as the route wants. */
  send(request: FastifyRequest, reply: FastifyReply, cacheControl = 'public, max-age=31536000, immutable') {
    reply.header('content-type', this.type);
    reply.header('cache-control', cacheControl);
    reply.header('vary', 'Accept-Encoding');
    const accept = request.headers['accept-encoding'] ?? '';
    if (this.compressible && /\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(this.br);
    if (this.compressible && /\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(this.gzip);
    return reply.send(this.identity);
  }
}
