import { createHash } from 'node:crypto';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';

/** A response body's encoding: what the client takes, best first (see preferredEncoding). */
export type Encoding = 'br' | 'gzip' | 'identity';

/** What the page cache keeps is compressed once and served many times: the best settings that stay quick. */
export const KEPT_GZIP: zlib.ZlibOptions = { level: 9 };
export function keptBrotli(sizeHint?: number): zlib.BrotliOptions {
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      ...(sizeHint === undefined ? {} : { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: sizeHint }),
    },
  };
}
/** A response nothing keeps (cache off, an error page) is compressed for that one client: fast settings. */
export const ONE_OFF_GZIP: zlib.ZlibOptions = { level: 6 };
export const ONE_OFF_BROTLI: zlib.BrotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * A streamed page as the page cache keeps it: compressed only, since a sitemap file's text is
 * 20 to 100 times its compressed forms (the rare client that takes neither is sent the gzip
 * form decompressed), and the SHA-1 of its text, for the ETag.
 */
export interface KeptForms {
  gzip: Buffer;
  br: Buffer;
  sha1: Buffer;
}

export interface PageStream {
  /**
   * The body in the client's encoding, as it is written. When writing fails midway it is
   * destroyed with the error, so that the response is cut off (no last chunk) rather than
   * ended: a truncated document never looks complete.
   */
  response: Readable;
  /**
   * With `keepUpTo`: the body in the forms the cache keeps, once all of it was written.
   * Undefined when writing failed, the client left, or the forms together outgrew `keepUpTo`
   * bytes (then the collecting stops at once, and the response goes on alone). Never rejects.
   */
  kept: Promise<KeptForms | undefined>;
}

/**
 * Writes a page whose text arrives in pieces (a sitemap file, batch by batch) to the
 * response, never holding the whole text, and, with `keepUpTo`, collects its gzip and brotli
 * forms in the same pass, compressed with the cache's settings (the client's form is one of
 * them), and hashes the text. Each piece waits until the client and the compressors have
 * taken the one before: a slow client slows the writing instead of filling memory.
 */
export function streamPage(body: AsyncIterable<string>, encoding: Encoding, keepUpTo?: number): PageStream {
  const response = new PassThrough();
  // Fastify listens once it sends the stream; an error before that must not go unheard.
  response.on('error', () => {});
  const keeping = keepUpTo !== undefined;
  const encoders: Partial<Record<'gzip' | 'br', zlib.Gzip | zlib.BrotliCompress>> = {};
  if (keeping || encoding === 'gzip') encoders.gzip = zlib.createGzip(keeping ? KEPT_GZIP : ONE_OFF_GZIP);
  if (keeping || encoding === 'br') encoders.br = zlib.createBrotliCompress(keeping ? keptBrotli() : ONE_OFF_BROTLI);
  const forms = keeping ? { gzip: [] as Buffer[], br: [] as Buffer[] } : undefined;
  const sha1 = createHash('sha1');
  let collecting = keeping;
  let collected = 0;
  let failure: unknown;

  const stopCollecting = () => {
    collecting = false;
    for (const form of Object.values(forms ?? {})) form.length = 0;
    for (const [name, encoder] of Object.entries(encoders)) {
      if (name === encoding) continue;
      encoder.destroy();
      delete encoders[name as 'gzip' | 'br'];
    }
  };
  const collect = (form: 'gzip' | 'br', chunk: Buffer) => {
    if (!collecting) return;
    forms![form].push(chunk);
    collected += chunk.length;
    if (collected > keepUpTo!) stopCollecting();
  };
  for (const [name, encoder] of Object.entries(encoders) as ['gzip' | 'br', zlib.Gzip][]) {
    encoder.on('data', (chunk: Buffer) => {
      collect(name, chunk);
      if (name === encoding && !response.destroyed) response.write(chunk);
    });
    // The client's compressor failing fails the response; another only stops the collecting.
    encoder.on('error', (error) => {
      if (name === encoding) failure ??= error;
      else stopCollecting();
    });
  }
  const own = encoding === 'identity' ? undefined : encoders[encoding];
  const active = () => Object.values(encoders);
  const stop = (error?: unknown) => {
    for (const encoder of active()) encoder.destroy();
    if (error !== undefined) response.destroy(error instanceof Error ? error : new Error(String(error)));
    return undefined;
  };

  const write = async (): Promise<KeptForms | undefined> => {
    try {
      for await (const text of body) {
        if (failure) throw failure;
        // The client left: stop reading (leaving the loop closes the body's generator).
        if (response.destroyed) return stop();
        if (text === '') continue;
        const chunk = Buffer.from(text, 'utf8');
        if (collecting) sha1.update(chunk);
        const full: Writable[] = [];
        if (encoding === 'identity' && !response.write(chunk)) full.push(response);
        for (const encoder of active()) if (!encoder.write(chunk)) full.push(encoder);
        await Promise.all(full.map((stream) => drained(stream, response)));
        // What the compressor just gave the response is in its buffer now: wait for the client to take it.
        if (response.writableNeedDrain) await drained(response, response);
        if (response.destroyed) return stop();
      }
      if (failure) throw failure;
      if (response.destroyed) return stop();
      // A compressor that only collected may be dropped meanwhile (the forms outgrew keepUpTo).
      const ends = active().map((encoder) =>
        finished(encoder).catch((error) => {
          if (encoder === own) throw error;
        }),
      );
      for (const encoder of active()) encoder.end();
      await Promise.all(ends);
      if (failure) throw failure;
      response.end();
      if (!collecting || !forms) return undefined;
      return { gzip: Buffer.concat(forms.gzip), br: Buffer.concat(forms.br), sha1: sha1.digest() };
    } catch (error) {
      return stop(error);
    }
  };
  return { response, kept: write() };
}

/** Resolves when `stream` wants more, or when it or the response is gone (the caller looks again). */
function drained(stream: Writable, response: Readable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      response.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    response.on('close', done);
  });
}
