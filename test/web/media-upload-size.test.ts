/**
 * A 2 GB upload over a real connection is refused early, without the server reading it: with
 * its size declared (Content-Length) before any of it is read, and sent chunked (size unknown)
 * as soon as the file passes the limit. The client counts what it managed to send.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/store.ts';
import { NewsroomClient, openNewsroomApp } from './newsroom-client.ts';

const TWO_GB = 2 * 1024 * 1024 * 1024;
const MAX_BYTES = 5 * 1024 * 1024;
const PASSWORD = 'كلمة سر غرفة الأخبار';

describe('a 2 GB upload', () => {
  let store: Store;
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;
  let port: number;
  let headers: Record<string, string>;

  before(async () => {
    ({ store, app, close } = await openNewsroomApp('sqlite', {
      people: { editor: { email: 'editor@alghad24.ma', displayName: 'سلمى بناني', role: 'editor' } },
      password: PASSWORD,
      config: { mediaMaxBytes: MAX_BYTES },
    }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    const client = new NewsroomClient(app);
    await client.signIn('editor@alghad24.ma', PASSWORD);
    await client.get('/newsroom/media');
    headers = {
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': client.lastToken,
      accept: 'application/json',
    };
  });
  after(async () => {
    await close?.();
  });

  /** Streams a multipart body of a 2 GB "JPEG" until the server answers; returns the answer and the bytes sent. */
  async function send(declareLength: boolean): Promise<{ status: number; body: string; sent: number }> {
    const boundary = 'ghad2gb';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`,
      'latin1',
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/newsroom/media',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declareLength ? { 'content-length': String(head.length + TWO_GB) } : {}),
      },
    });
    let answer: http.IncomingMessage | undefined;
    let failure: Error | undefined;
    const answered = once(request, 'response').then(
      ([response]) => {
        answer = response as http.IncomingMessage;
      },
      (error: Error) => {
        failure = error;
      },
    );
    request.on('error', () => {}); // reported through `failure`
    request.setMaxListeners(0);
    let sent = 0;
    request.write(head);
    sent += head.length;
    while (!answer && !failure && !request.destroyed && sent < TWO_GB) {
      const drained = request.write(chunk);
      sent += chunk.length;
      if (!drained) {
        await Promise.race([
          once(request, 'drain').catch(() => {}),
          answered,
          new Promise((resolve) => setTimeout(resolve, 2000)),
        ]);
      }
    }
    // A deadline for a server that never answers; a busy machine's answer is waited for.
    await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
    assert.ok(answer, `the server answered (after ${sent} bytes sent${failure ? `, then ${failure.message}` : ''})`);
    let body = '';
    for await (const piece of answer) body += piece;
    request.destroy();
    return { status: answer.statusCode ?? 0, body, sent };
  }

  it('is refused from its Content-Length before the body is read', async (t) => {
    const { status, body, sent } = await send(true);
    t.diagnostic(`bytes sent before the answer: ${sent}`);
    assert.equal(status, 413);
    assert.equal(JSON.parse(body).error.code, 'file_too_large');
    assert.match(JSON.parse(body).error.messageAr, /5 ميغابايت/);
    assert.ok(sent < 64 * 1024 * 1024, `refused after ${sent} bytes`);
  });

  it('is cut off about two seconds after the answer when the client keeps sending', async (t) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/newsroom/media',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(TWO_GB) },
    });
    let answeredAt = 0;
    request.once('response', (response) => {
      answeredAt = performance.now();
      response.resume();
    });
    let closed = false;
    request.on('error', () => {});
    request.once('close', () => {
      closed = true;
    });
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    let sent = 0;
    // A steady 25 MB/s that ignores the answer, for at most 10 seconds.
    const started = performance.now();
    while (!closed && !request.destroyed && performance.now() - started < 10_000) {
      request.write(chunk);
      sent += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const cutAfter = performance.now() - answeredAt;
    t.diagnostic(`bytes sent: ${sent}; connection cut ${Math.round(cutAfter)} ms after the answer`);
    request.destroy();
    assert.ok(answeredAt > 0, 'answered');
    assert.ok(closed, 'the server cut the connection');
    assert.ok(cutAfter < 2000 + 3000, `cut ${Math.round(cutAfter)} ms after the answer`);
  });

  it('sent chunked, is refused once past the limit, without buffering the rest', async (t) => {
    const rssBefore = process.memoryUsage().rss;
    const { status, body, sent } = await send(false);
    t.diagnostic(`bytes sent before the answer: ${sent}`);
    assert.equal(status, 413);
    assert.equal(JSON.parse(body).error.code, 'file_too_large');
    assert.ok(sent < 256 * 1024 * 1024, `refused after ${sent} bytes`);
    assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, 'memory did not grow with the upload');
    assert.equal((await store.media.list({})).total, 0);
  });
});
