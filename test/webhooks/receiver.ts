import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AllowedHost } from '../../src/webhooks/webhook-target.ts';

/**
 * The receivers' host, which webhooks refuse (it is this machine) unless an administrator
 * allows it: what a test's store is opened with when its webhooks go to a receiver.
 */
export const RECEIVER_HOSTS: AllowedHost[] = [{ host: '127.0.0.1', port: undefined }];

/** What a test receiver saw of one request. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1 and a random port. `answer` decides each request's fate
 * by its number (1 for the first): a status to answer with, or 'hang' to never answer.
 */
export async function startReceiver(answer: (n: number, request: Received) => number | 'hang') {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const outcome = answer(received.length, entry);
      if (outcome === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(outcome, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/ghad`,
    received,
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
